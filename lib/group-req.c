// SPDX-License-Identifier: LGPL-2.1-or-later
/* libvdsa: group requests (engine membership and read buffers). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvdsa-private.h"

struct vdsa_group_req {
	struct vdsa_ctx *ctx;
	uint32_t dev_id;
	uint32_t group_id;
	bool has_engines;
	uint32_t *engines;
	size_t n_engines;
	bool has_reserved;
	uint32_t reserved;
	bool has_allowed;
	uint32_t allowed;
};

/**
 * vdsa_group_req_new - start a request that changes one group
 * @group: the group (only its device and id are kept)
 * @ret: the request
 *
 * Returns: 0, -EINVAL or -ENOMEM.
 */
VDSA_EXPORT int vdsa_group_req_new(struct vdsa_group *group, struct vdsa_group_req **ret)
{
	struct vdsa_group_req *req;

	if (!group || !ret)
		return -EINVAL;
	req = calloc(1, sizeof(*req));
	if (!req)
		return -ENOMEM;
	req->ctx = vdsa_ctx_ref(group->dev->ctx);
	req->dev_id = group->dev->id;
	req->group_id = group->id;
	*ret = req;
	return 0;
}

/**
 * vdsa_group_req_unref - free a request
 * @req: the request, or NULL
 *
 * Returns: NULL.
 */
VDSA_EXPORT struct vdsa_group_req *vdsa_group_req_unref(struct vdsa_group_req *req)
{
	if (!req)
		return NULL;
	vdsa_ctx_unref(req->ctx);
	free(req->engines);
	free(req);
	return NULL;
}

/**
 * vdsa_group_req_set_engines - the group's complete engine membership
 * @req: the request
 * @engines: engine ids (copied)
 * @count: how many; 0 empties the group
 *
 * Engines named here leave the group they were in; engines of this group
 * not named leave it.
 *
 * Returns: 0, -EINVAL or -ENOMEM.
 */
VDSA_EXPORT int vdsa_group_req_set_engines(struct vdsa_group_req *req, const uint32_t *engines,
					   size_t count)
{
	uint32_t *copy = NULL;

	if (!req || (count && !engines))
		return -EINVAL;
	if (count) {
		copy = malloc(count * sizeof(*copy));
		if (!copy)
			return -ENOMEM;
		memcpy(copy, engines, count * sizeof(*copy));
	}
	free(req->engines);
	req->engines = copy;
	req->n_engines = count;
	req->has_engines = true;
	return 0;
}

/**
 * vdsa_group_req_set_read_buffers_reserved - read buffers reserved for the group
 * @req: the request
 * @count: the count
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_group_req_set_read_buffers_reserved(struct vdsa_group_req *req, uint32_t count)
{
	if (!req)
		return -EINVAL;
	req->reserved = count;
	req->has_reserved = true;
	return 0;
}

/**
 * vdsa_group_req_set_read_buffers_allowed - read buffers the group may use
 * @req: the request
 * @count: the count (at least 4 per engine in the group)
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_group_req_set_read_buffers_allowed(struct vdsa_group_req *req, uint32_t count)
{
	if (!req)
		return -EINVAL;
	req->allowed = count;
	req->has_allowed = true;
	return 0;
}

struct group_reply {
	struct vdsa_group group;
	uint32_t dev_id;
	bool received;
};

static int group_reply(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct group_reply *reply = arg;

	(void)ctx;
	if (reply->received)
		return -EPROTO;
	reply->received = true;
	return vdsa_group_parse(nlh, &reply->dev_id, &reply->group);
}

/**
 * vdsa_group_req_submit - send the request as one atomic group-set
 * @req: the request
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY (nothing applied, snapshot untouched)
 *
 * On success the group in the snapshot takes the kernel's reply, and the
 * engines (and the other groups they left) follow. As after a WQ request,
 * the device's pinned configuration generation does not: refresh before
 * building a configuration request.
 *
 * Returns: 0 or a negative errno: the kernel's own (-EBUSY while the
 * group has enabled WQs, -ENOENT for an engine the device lacks, -EINVAL,
 * -EPERM, ...) with vdsa_ctx_get_last_error() explaining it.
 */
VDSA_EXPORT int vdsa_group_req_submit(struct vdsa_group_req *req, unsigned int flags)
{
	struct group_reply reply = { 0 };
	struct vdsa_msg *m;
	struct vdsa_dev *dev;
	int family, r;
	size_t i;

	if (!req || (flags & ~(unsigned int)VDSA_SUBMIT_VALIDATE_ONLY))
		return -EINVAL;
	vdsa_ctx_clear_error(req->ctx);
	family = vdsa_nl_family(req->ctx);
	if (family < 0)
		return family;
	r = vdsa_msg_new(family, VDSA_CMD_GROUP_SET, 0, &vdsa_attrs_group, 128 + 8 * req->n_engines,
			 &m);
	if (r < 0)
		return r;
	vdsa_msg_put_u32(m, VDSA_A_GROUP_DEV_ID, req->dev_id);
	vdsa_msg_put_u32(m, VDSA_A_GROUP_ID, req->group_id);
	if (req->has_engines) {
		vdsa_msg_nest_start(m, VDSA_A_GROUP_ENGINES);
		for (i = 0; i < req->n_engines; i++)
			vdsa_msg_put_u32(m, VDSA_A_ENGINE_ID, req->engines[i]);
		vdsa_msg_nest_end(m);
	}
	if (req->has_reserved)
		vdsa_msg_put_u32(m, VDSA_A_GROUP_READ_BUFFERS_RESERVED, req->reserved);
	if (req->has_allowed)
		vdsa_msg_put_u32(m, VDSA_A_GROUP_READ_BUFFERS_ALLOWED, req->allowed);
	if (flags & VDSA_SUBMIT_VALIDATE_ONLY)
		vdsa_msg_put_flag(m, VDSA_A_GROUP_VALIDATE_ONLY);
	r = vdsa_nl_transact(req->ctx, m, group_reply, &reply);
	vdsa_msg_free(m);
	if (!reply.received) {
		r = r < 0 ? r : -EPROTO;
		goto out;
	}
	if (r < 0)
		goto out;
	if (reply.dev_id != req->dev_id || reply.group.id != req->group_id) {
		r = -EPROTO;
		goto out;
	}
	if (!(flags & VDSA_SUBMIT_VALIDATE_ONLY)) {
		dev = vdsa_ctx_dev_by_id(req->ctx, req->dev_id);
		if (dev && vdsa_dev_group_by_id(dev, req->group_id))
			r = vdsa_group_apply_reply(dev, &reply.group);
	}
out:
	vdsa_group_release(&reply.group);
	return r;
}
