// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: whole-device configuration requests. The request starts as a
 * copy of the device's configuration in the snapshot and is sent complete
 * (every group with its engines, every WQ with every attribute) in one
 * dev-config-set, pinned to the generation the snapshot was read at: if
 * the device changed since, the kernel applies nothing and says EAGAIN.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvdsa-private.h"

struct config_group {
	uint32_t id;
	uint32_t read_buffers_reserved;
	uint32_t read_buffers_allowed;
};

struct config_engine {
	uint32_t id;
	int32_t group; /* VDSA_GROUP_NONE: in no group */
};

struct vdsa_config_req {
	struct vdsa_ctx *ctx;
	uint32_t dev_id;
	uint32_t generation;
	struct config_group *groups;
	size_t n_groups;
	struct config_engine *engines;
	size_t n_engines;
	struct vdsa_wq_req **wqs;
	size_t n_wqs;
};

/**
 * vdsa_config_req_new - start a configuration request from the snapshot
 * @dev: the device
 * @ret: the request, a copy of the device's groups, engines and WQs
 *
 * The request is pinned to the generation at which the snapshot read the
 * device's objects (the last refresh, or the re-read after a previous
 * configuration request or reset of this context).
 *
 * Returns: 0, -EINVAL or -ENOMEM.
 */
VDSA_EXPORT int vdsa_config_req_new(struct vdsa_dev *dev, struct vdsa_config_req **ret)
{
	struct vdsa_config_req *req;
	size_t i;
	int r;

	if (!dev || !ret)
		return -EINVAL;
	req = calloc(1, sizeof(*req));
	if (!req)
		return -ENOMEM;
	req->ctx = vdsa_ctx_ref(dev->ctx);
	req->dev_id = dev->id;
	req->generation = dev->config_generation;
	req->groups = calloc(dev->n_groups ? dev->n_groups : 1, sizeof(*req->groups));
	req->engines = calloc(dev->n_engines ? dev->n_engines : 1, sizeof(*req->engines));
	req->wqs = calloc(dev->n_wqs ? dev->n_wqs : 1, sizeof(*req->wqs));
	if (!req->groups || !req->engines || !req->wqs) {
		r = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < dev->n_groups; i++) {
		struct config_group *g = &req->groups[req->n_groups++];

		g->id = dev->groups[i].id;
		g->read_buffers_reserved = dev->groups[i].read_buffers_reserved;
		g->read_buffers_allowed = dev->groups[i].read_buffers_allowed;
	}
	for (i = 0; i < dev->n_engines; i++) {
		struct config_engine *e = &req->engines[req->n_engines++];

		e->id = dev->engines[i].id;
		e->group = dev->engines[i].has_group ? dev->engines[i].group_id : VDSA_GROUP_NONE;
	}
	for (i = 0; i < dev->n_wqs; i++) {
		struct vdsa_wq_req *wq;

		r = vdsa_wq_req_alloc(NULL, dev->id, dev->wqs[i].id, dev->max_transfer_size,
				      dev->max_batch_size, &wq);
		if (r < 0)
			goto fail;
		wq->ctx = req->ctx; /* borrowed: the owner holds the reference */
		wq->owner = req;
		wq->v = dev->wqs[i].v;
		req->wqs[req->n_wqs++] = wq;
	}
	*ret = req;
	return 0;
fail:
	vdsa_config_req_unref(req);
	return r;
}

/**
 * vdsa_config_req_unref - free a configuration request and its WQ requests
 * @req: the request, or NULL
 *
 * Returns: NULL.
 */
VDSA_EXPORT struct vdsa_config_req *vdsa_config_req_unref(struct vdsa_config_req *req)
{
	size_t i;

	if (!req)
		return NULL;
	for (i = 0; i < req->n_wqs; i++) {
		req->wqs[i]->ctx = NULL;
		vdsa_wq_req_free(req->wqs[i]);
	}
	free(req->wqs);
	free(req->engines);
	free(req->groups);
	vdsa_ctx_unref(req->ctx);
	free(req);
	return NULL;
}

/**
 * vdsa_config_req_set_engine_group - move an engine
 * @req: the request
 * @engine: the engine id
 * @group: the group id, or -1 for no group
 *
 * Returns: 0, -ENODEV if the device has no such engine or group, or
 * -EINVAL.
 */
VDSA_EXPORT int vdsa_config_req_set_engine_group(struct vdsa_config_req *req, uint32_t engine,
						 int32_t group)
{
	size_t i, j;

	if (!req || group < VDSA_GROUP_NONE)
		return -EINVAL;
	for (i = 0; i < req->n_engines; i++) {
		if (req->engines[i].id != engine)
			continue;
		/* Membership travels in the group nests: the group must exist. */
		for (j = 0; group != VDSA_GROUP_NONE && j < req->n_groups; j++)
			if (req->groups[j].id == (uint32_t)group)
				break;
		if (group != VDSA_GROUP_NONE && j == req->n_groups)
			return -ENODEV;
		req->engines[i].group = group;
		return 0;
	}
	return -ENODEV;
}

/**
 * vdsa_config_req_set_group_read_buffers - a group's read buffers
 * @req: the request
 * @group: the group id
 * @reserved: read buffers reserved for the group
 * @allowed: read buffers the group may use
 *
 * Returns: 0, -ENODEV if the device has no such group, or -EINVAL.
 */
VDSA_EXPORT int vdsa_config_req_set_group_read_buffers(struct vdsa_config_req *req, uint32_t group,
						       uint32_t reserved, uint32_t allowed)
{
	size_t i;

	if (!req)
		return -EINVAL;
	for (i = 0; i < req->n_groups; i++) {
		if (req->groups[i].id == group) {
			req->groups[i].read_buffers_reserved = reserved;
			req->groups[i].read_buffers_allowed = allowed;
			return 0;
		}
	}
	return -ENODEV;
}

/**
 * vdsa_config_req_get_wq - the WQ request editing one WQ of the configuration
 * @req: the configuration request
 * @wq: the WQ id
 * @ret: the WQ request, owned by @req (vdsa_wq_req_unref() on it does
 *       nothing; vdsa_wq_req_submit() on it is -EINVAL)
 *
 * It starts from the WQ's values in the snapshot; its setters change them.
 *
 * Returns: 0, -ENODEV if the device has no such WQ, or -EINVAL.
 */
VDSA_EXPORT int vdsa_config_req_get_wq(struct vdsa_config_req *req, uint32_t wq,
				       struct vdsa_wq_req **ret)
{
	size_t i;

	if (!req || !ret)
		return -EINVAL;
	for (i = 0; i < req->n_wqs; i++) {
		if (req->wqs[i]->wq_id == wq) {
			*ret = req->wqs[i];
			return 0;
		}
	}
	return -ENODEV;
}

static int config_build(struct vdsa_config_req *req, int family, unsigned int flags,
			struct vdsa_msg **ret)
{
	struct vdsa_msg *m = NULL;
	size_t i, j, size;
	int r;

	size = 128 + req->n_groups * (64 + 8 * req->n_engines) +
	       req->n_wqs * (256 + VDSA_WQ_NAME_MAX_LEN);
	r = vdsa_msg_new(family, VDSA_CMD_DEV_CONFIG_SET, 0, &vdsa_attrs_dev, size, &m);
	if (r < 0)
		return r;
	vdsa_msg_put_u32(m, VDSA_A_DEV_ID, req->dev_id);
	vdsa_msg_put_u32(m, VDSA_A_DEV_GENERATION, req->generation);
	for (i = 0; i < req->n_groups; i++) {
		const struct config_group *g = &req->groups[i];

		vdsa_msg_nest_start(m, VDSA_A_DEV_GROUP);
		vdsa_msg_put_u32(m, VDSA_A_GROUP_ID, g->id);
		vdsa_msg_nest_start(m, VDSA_A_GROUP_ENGINES);
		for (j = 0; j < req->n_engines; j++)
			if (req->engines[j].group == (int32_t)g->id)
				vdsa_msg_put_u32(m, VDSA_A_ENGINE_ID, req->engines[j].id);
		vdsa_msg_nest_end(m);
		vdsa_msg_put_u32(m, VDSA_A_GROUP_READ_BUFFERS_RESERVED, g->read_buffers_reserved);
		vdsa_msg_put_u32(m, VDSA_A_GROUP_READ_BUFFERS_ALLOWED, g->read_buffers_allowed);
		vdsa_msg_nest_end(m);
	}
	for (i = 0; i < req->n_wqs; i++) {
		vdsa_msg_nest_start(m, VDSA_A_DEV_WQ);
		vdsa_wq_req_put_config(req->wqs[i], m);
		vdsa_msg_nest_end(m);
	}
	if (flags & VDSA_SUBMIT_VALIDATE_ONLY)
		vdsa_msg_put_flag(m, VDSA_A_DEV_VALIDATE_ONLY);
	if (m->err) {
		r = m->err;
		vdsa_msg_free(m);
		return r;
	}
	*ret = m;
	return 0;
}

/**
 * vdsa_config_req_submit - send the whole configuration as one dev-config-set
 * @req: the request
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY (nothing applied, snapshot untouched)
 *
 * On success the device is read again (its groups, engines and WQs are
 * updated in place; pointers stay valid) and the device is pinned to the
 * new generation, so a further configuration request can follow without
 * a refresh. Should that re-read fail, the call still returns 0 (the
 * kernel applied the change) and configuration requests fail with -EAGAIN
 * until the next refresh.
 *
 * Returns: 0 or a negative errno: -EAGAIN if the device changed since the
 * snapshot (nothing applied; refresh and build the request again), -ENODEV
 * if a refresh since dropped the device, the kernel's own otherwise, with vdsa_ctx_get_last_error() and
 * vdsa_ctx_get_last_error_attr() ("wq[2].threshold") explaining it.
 */
VDSA_EXPORT int vdsa_config_req_submit(struct vdsa_config_req *req, unsigned int flags)
{
	struct vdsa_msg *m = NULL;
	struct vdsa_dev *dev;
	int family, r;

	if (!req || (flags & ~(unsigned int)VDSA_SUBMIT_VALIDATE_ONLY))
		return -EINVAL;
	vdsa_ctx_clear_error(req->ctx);
	dev = vdsa_ctx_dev_by_id(req->ctx, req->dev_id);
	/* Refreshed away: its successor (if any) has another generation. */
	if (!dev)
		return -ENODEV;
	family = vdsa_nl_family(req->ctx);
	if (family < 0)
		return family;
	r = config_build(req, family, flags, &m);
	if (r < 0)
		return r;
	r = vdsa_dev_submit(dev, m, flags & VDSA_SUBMIT_VALIDATE_ONLY);
	vdsa_msg_free(m);
	return r;
}
