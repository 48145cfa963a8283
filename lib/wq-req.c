// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: WQ requests. The setters only record values; the kernel is the
 * one place that validates them (ranges, cross-field rules, capabilities),
 * so every refusal comes with its extack text and the attribute it blames.
 * A submit is one wq-set message carrying exactly the attributes set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvdsa-private.h"

int vdsa_wq_req_alloc(struct vdsa_ctx *ctx, uint32_t dev_id, uint32_t wq_id,
		      uint64_t dev_max_transfer_size, uint32_t dev_max_batch_size,
		      struct vdsa_wq_req **ret)
{
	struct vdsa_wq_req *req;

	req = calloc(1, sizeof(*req));
	if (!req)
		return -ENOMEM;
	req->ctx = vdsa_ctx_ref(ctx);
	req->dev_id = dev_id;
	req->wq_id = wq_id;
	req->dev_max_transfer_size = dev_max_transfer_size;
	req->dev_max_batch_size = dev_max_batch_size;
	*ret = req;
	return 0;
}

void vdsa_wq_req_free(struct vdsa_wq_req *req)
{
	if (!req)
		return;
	vdsa_ctx_unref(req->ctx);
	free(req);
}

/**
 * vdsa_wq_req_new - start a request that changes one WQ
 * @wq: the WQ (only its device and id are kept: the request outlives a
 *      refresh)
 * @ret: the request
 *
 * Returns: 0, -EINVAL or -ENOMEM.
 */
VDSA_EXPORT int vdsa_wq_req_new(struct vdsa_wq *wq, struct vdsa_wq_req **ret)
{
	if (!wq || !ret)
		return -EINVAL;
	return vdsa_wq_req_alloc(wq->dev->ctx, wq->dev->id, wq->id, wq->dev->max_transfer_size,
				 wq->dev->max_batch_size, ret);
}

/**
 * vdsa_wq_req_unref - free a request
 * @req: the request, or NULL
 *
 * A request that belongs to a configuration request (from
 * vdsa_config_req_get_wq()) is left alone: its owner frees it.
 *
 * Returns: NULL.
 */
VDSA_EXPORT struct vdsa_wq_req *vdsa_wq_req_unref(struct vdsa_wq_req *req)
{
	if (req && !req->owner && !req->inst_owner)
		vdsa_wq_req_free(req);
	return NULL;
}

#define WQ_REQ_SET(req, attr, field, value)      \
	do {                                     \
		if (!(req))                      \
			return -EINVAL;          \
		(req)->v.field = (value);        \
		(req)->set |= VDSA_WQ_SET(attr); \
		return 0;                        \
	} while (0)

/**
 * vdsa_wq_req_set_group_id - move the WQ to a group
 * @req: the request
 * @group: the group id, or -1 for no group
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_group_id(struct vdsa_wq_req *req, int32_t group)
{
	if (req)
		req->v.has_group = true;
	WQ_REQ_SET(req, VDSA_A_WQ_GROUP_ID, group_id, group);
}

/**
 * vdsa_wq_req_set_mode - dedicated or shared
 * @req: the request
 * @mode: the mode
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_mode(struct vdsa_wq_req *req, enum vdsa_wq_mode mode)
{
	WQ_REQ_SET(req, VDSA_A_WQ_MODE, mode, (uint32_t)mode);
}

/**
 * vdsa_wq_req_set_size - WQ entries
 * @req: the request
 * @size: the size; all WQs of a device share max-wq-size entries
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_size(struct vdsa_wq_req *req, uint32_t size)
{
	WQ_REQ_SET(req, VDSA_A_WQ_SIZE, size, size);
}

/**
 * vdsa_wq_req_set_threshold - submission threshold of a shared WQ
 * @req: the request
 * @threshold: 1..size; the kernel refuses it on a dedicated WQ
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_threshold(struct vdsa_wq_req *req, uint32_t threshold)
{
	if (req)
		req->v.has_threshold = true;
	WQ_REQ_SET(req, VDSA_A_WQ_THRESHOLD, threshold, threshold);
}

/**
 * vdsa_wq_req_set_priority - 1 (lowest) .. 15
 * @req: the request
 * @priority: the priority
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_priority(struct vdsa_wq_req *req, uint32_t priority)
{
	WQ_REQ_SET(req, VDSA_A_WQ_PRIORITY, priority, priority);
}

/**
 * vdsa_wq_req_set_privileged - accept privileged descriptors
 * @req: the request
 * @on: the flag
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_privileged(struct vdsa_wq_req *req, bool on)
{
	WQ_REQ_SET(req, VDSA_A_WQ_PRIVILEGED, privileged, on ? 1 : 0);
}

/**
 * vdsa_wq_req_set_block_on_fault - block on page faults
 * @req: the request
 * @on: the flag (needs the device's block-on-fault capability)
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_block_on_fault(struct vdsa_wq_req *req, bool on)
{
	WQ_REQ_SET(req, VDSA_A_WQ_BLOCK_ON_FAULT, block_on_fault, on ? 1 : 0);
}

/**
 * vdsa_wq_req_set_type - none, kernel, user or vdsa
 * @req: the request
 * @type: the type
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_type(struct vdsa_wq_req *req, enum vdsa_wq_type type)
{
	WQ_REQ_SET(req, VDSA_A_WQ_TYPE, type, (uint32_t)type);
}

/**
 * vdsa_wq_req_set_name - the WQ's name
 * @req: the request
 * @name: up to 127 bytes; "" removes the name
 *
 * Returns: 0, or -EINVAL if @name is NULL or longer than the kernel allows.
 */
VDSA_EXPORT int vdsa_wq_req_set_name(struct vdsa_wq_req *req, const char *name)
{
	size_t len;

	if (!req || !name)
		return -EINVAL;
	len = strlen(name);
	if (len > VDSA_WQ_NAME_MAX_LEN)
		return -EINVAL;
	memcpy(req->v.name, name, len + 1);
	req->v.has_name = len > 0;
	req->set |= VDSA_WQ_SET(VDSA_A_WQ_NAME);
	return 0;
}

/**
 * vdsa_wq_req_set_max_transfer_size - the WQ's transfer size limit
 * @req: the request
 * @size: a power of 2 up to the device's maximum
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_max_transfer_size(struct vdsa_wq_req *req, uint64_t size)
{
	WQ_REQ_SET(req, VDSA_A_WQ_MAX_TRANSFER_SIZE, max_transfer_size, size);
}

/**
 * vdsa_wq_req_set_max_batch_size - the WQ's batch size limit
 * @req: the request
 * @size: a power of 2 up to the device's maximum
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_max_batch_size(struct vdsa_wq_req *req, uint32_t size)
{
	WQ_REQ_SET(req, VDSA_A_WQ_MAX_BATCH_SIZE, max_batch_size, size);
}

/**
 * vdsa_wq_req_set_ats_disable - disable ATS for the WQ
 * @req: the request
 * @on: the flag (needs the device's ATS capability)
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_ats_disable(struct vdsa_wq_req *req, bool on)
{
	WQ_REQ_SET(req, VDSA_A_WQ_ATS_DISABLE, ats_disable, on ? 1 : 0);
}

/**
 * vdsa_wq_req_set_state - enable or disable the WQ
 * @req: the request
 * @state: the state
 *
 * The kernel applies configuration before an enable and after a disable,
 * so one request may configure and enable a WQ.
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_state(struct vdsa_wq_req *req, enum vdsa_wq_state state)
{
	WQ_REQ_SET(req, VDSA_A_WQ_STATE, state, (uint32_t)state);
}

/**
 * vdsa_wq_req_set_defaults - return the WQ to the pool
 * @req: the request
 *
 * Sets every attribute to the kernel's default: no group, dedicated, size
 * 0, priority 1, not privileged, no block-on-fault, type none, no name (an
 * empty name is sent), the device's maximum transfer and batch sizes, ATS
 * enabled, disabled. Afterwards vdsa_wq_find_free() finds the WQ.
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_req_set_defaults(struct vdsa_wq_req *req)
{
	if (!req)
		return -EINVAL;
	vdsa_wq_req_set_group_id(req, VDSA_GROUP_NONE);
	vdsa_wq_req_set_mode(req, VDSA_MODE_DEDICATED);
	vdsa_wq_req_set_size(req, 0);
	vdsa_wq_req_set_priority(req, VDSA_WQ_PRIORITY_MIN);
	vdsa_wq_req_set_privileged(req, false);
	vdsa_wq_req_set_block_on_fault(req, false);
	vdsa_wq_req_set_type(req, VDSA_TYPE_NONE);
	vdsa_wq_req_set_name(req, "");
	vdsa_wq_req_set_max_transfer_size(req, req->dev_max_transfer_size);
	vdsa_wq_req_set_max_batch_size(req, req->dev_max_batch_size);
	vdsa_wq_req_set_ats_disable(req, false);
	vdsa_wq_req_set_state(req, VDSA_STATE_DISABLED);
	/* A dedicated WQ has no threshold: the kernel clears it. */
	req->set &= ~VDSA_WQ_SET(VDSA_A_WQ_THRESHOLD);
	req->v.has_threshold = false;
	req->v.threshold = 0;
	return 0;
}

/* Puts the settings: those set (@all false), or all of them (@all true). */
static void put_settings(struct vdsa_wq_req *req, struct vdsa_msg *m, bool all)
{
	const struct vdsa_wq_values *v = &req->v;
	uint32_t set = all ? ~0u : req->set;
	bool threshold;

	if (set & VDSA_WQ_SET(VDSA_A_WQ_GROUP_ID))
		vdsa_msg_put_s32(m, VDSA_A_WQ_GROUP_ID,
				 v->has_group ? v->group_id : VDSA_GROUP_NONE);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_MODE))
		vdsa_msg_put_u32(m, VDSA_A_WQ_MODE, v->mode);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_SIZE))
		vdsa_msg_put_u32(m, VDSA_A_WQ_SIZE, v->size);
	/*
	 * A whole configuration repeats a shared WQ's threshold but never
	 * invents one for a dedicated WQ (the kernel refuses that); what the
	 * caller set explicitly always goes.
	 */
	threshold = (req->set & VDSA_WQ_SET(VDSA_A_WQ_THRESHOLD)) ||
		    (all && v->mode == VDSA_MODE_SHARED && v->has_threshold);
	if (threshold)
		vdsa_msg_put_u32(m, VDSA_A_WQ_THRESHOLD, v->threshold);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_PRIORITY))
		vdsa_msg_put_u32(m, VDSA_A_WQ_PRIORITY, v->priority);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_PRIVILEGED))
		vdsa_msg_put_u32(m, VDSA_A_WQ_PRIVILEGED, v->privileged);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_BLOCK_ON_FAULT))
		vdsa_msg_put_u32(m, VDSA_A_WQ_BLOCK_ON_FAULT, v->block_on_fault);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_TYPE))
		vdsa_msg_put_u32(m, VDSA_A_WQ_TYPE, v->type);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_NAME))
		vdsa_msg_put_string(m, VDSA_A_WQ_NAME, v->has_name ? v->name : "");
	if (set & VDSA_WQ_SET(VDSA_A_WQ_MAX_TRANSFER_SIZE))
		vdsa_msg_put_u64(m, VDSA_A_WQ_MAX_TRANSFER_SIZE, v->max_transfer_size);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_MAX_BATCH_SIZE))
		vdsa_msg_put_u32(m, VDSA_A_WQ_MAX_BATCH_SIZE, v->max_batch_size);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_ATS_DISABLE))
		vdsa_msg_put_u32(m, VDSA_A_WQ_ATS_DISABLE, v->ats_disable);
	if (set & VDSA_WQ_SET(VDSA_A_WQ_STATE))
		vdsa_msg_put_u32(m, VDSA_A_WQ_STATE, v->state);
}

void vdsa_wq_req_put_set(struct vdsa_wq_req *req, struct vdsa_msg *m)
{
	put_settings(req, m, false);
}

void vdsa_wq_req_put_config(struct vdsa_wq_req *req, struct vdsa_msg *m)
{
	vdsa_msg_put_u32(m, VDSA_A_WQ_ID, req->wq_id);
	put_settings(req, m, true);
}

int vdsa_wq_req_build(struct vdsa_wq_req *req, int family_id, unsigned int flags,
		      struct vdsa_msg **ret)
{
	struct vdsa_msg *m = NULL;
	int r;

	r = vdsa_msg_new(family_id, VDSA_CMD_WQ_SET, 0, &vdsa_attrs_wq, 256 + VDSA_WQ_NAME_MAX_LEN,
			 &m);
	if (r < 0)
		return r;
	vdsa_msg_put_u32(m, VDSA_A_WQ_DEV_ID, req->dev_id);
	vdsa_msg_put_u32(m, VDSA_A_WQ_ID, req->wq_id);
	put_settings(req, m, false);
	if (flags & VDSA_SUBMIT_VALIDATE_ONLY)
		vdsa_msg_put_flag(m, VDSA_A_WQ_VALIDATE_ONLY);
	if (m->err) {
		r = m->err;
		vdsa_msg_free(m);
		return r;
	}
	*ret = m;
	return 0;
}

struct wq_reply {
	struct vdsa_wq wq;
	uint32_t dev_id;
	bool received;
};

static int wq_reply(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct wq_reply *reply = arg;

	(void)ctx;
	if (reply->received)
		return -EPROTO;
	reply->received = true;
	return vdsa_wq_parse(nlh, &reply->dev_id, &reply->wq);
}

/**
 * vdsa_wq_req_submit - send the request as one atomic wq-set
 * @req: the request
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY (the kernel validates everything
 *         and applies nothing; the snapshot is not touched)
 *
 * On success the WQ in the snapshot (if it is still there) takes the
 * kernel's reply, and its device's wq-size-used and generation follow.
 * The device's pinned configuration generation does not: a configuration
 * request built afterwards without a refresh fails with -EAGAIN, because
 * the library cannot tell its own change from a concurrent one.
 *
 * Returns: 0 or a negative errno: the kernel's own (-EINVAL, -ENOSPC,
 * -EBUSY, -EOPNOTSUPP, -EPERM, ...) with vdsa_ctx_get_last_error()
 * explaining it; -EINVAL also for a request of a configuration or unknown
 * @flags.
 */
VDSA_EXPORT int vdsa_wq_req_submit(struct vdsa_wq_req *req, unsigned int flags)
{
	struct wq_reply reply = { 0 };
	struct vdsa_msg *m = NULL;
	struct vdsa_dev *dev;
	struct vdsa_wq *wq;
	int family, r;

	if (!req || req->owner || req->inst_owner ||
	    (flags & ~(unsigned int)VDSA_SUBMIT_VALIDATE_ONLY))
		return -EINVAL;
	vdsa_ctx_clear_error(req->ctx);
	family = vdsa_nl_family(req->ctx);
	if (family < 0)
		return family;
	r = vdsa_wq_req_build(req, family, flags, &m);
	if (r < 0)
		return r;
	r = vdsa_nl_transact(req->ctx, m, wq_reply, &reply);
	vdsa_msg_free(m);
	if (!reply.received)
		return r < 0 ? r : -EPROTO;
	if (r < 0)
		return r;
	if (reply.dev_id != req->dev_id || reply.wq.id != req->wq_id)
		return -EPROTO;
	if (flags & VDSA_SUBMIT_VALIDATE_ONLY)
		return 0;
	dev = vdsa_ctx_dev_by_id(req->ctx, req->dev_id);
	wq = dev ? vdsa_dev_wq_by_id(dev, req->wq_id) : NULL;
	if (wq) {
		wq->v = reply.wq.v;
		wq->generation = reply.wq.generation;
		wq->has_owner = reply.wq.has_owner;
		memcpy(wq->owner, reply.wq.owner, sizeof(wq->owner));
		dev->generation = reply.wq.generation;
		vdsa_dev_sum_wq_sizes(dev);
	}
	return 0;
}
