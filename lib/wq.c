// SPDX-License-Identifier: LGPL-2.1-or-later
/* libvdsa: work queues in the snapshot, and finding them by name. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include "libvdsa-private.h"

static const struct nla_policy wq_policy[VDSA_A_WQ_MAX + 1] = {
	[VDSA_A_WQ_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_WQ_ID] = { .type = NLA_U32 },
	[VDSA_A_WQ_GROUP_ID] = { .type = NLA_S32 },
	[VDSA_A_WQ_MODE] = { .type = NLA_U32 },
	[VDSA_A_WQ_SIZE] = { .type = NLA_U32 },
	[VDSA_A_WQ_THRESHOLD] = { .type = NLA_U32 },
	[VDSA_A_WQ_PRIORITY] = { .type = NLA_U32 },
	[VDSA_A_WQ_PRIVILEGED] = { .type = NLA_U32 },
	[VDSA_A_WQ_BLOCK_ON_FAULT] = { .type = NLA_U32 },
	[VDSA_A_WQ_TYPE] = { .type = NLA_U32 },
	[VDSA_A_WQ_NAME] = { .type = NLA_STRING },
	[VDSA_A_WQ_MAX_TRANSFER_SIZE] = { .type = NLA_U64 },
	[VDSA_A_WQ_MAX_BATCH_SIZE] = { .type = NLA_U32 },
	[VDSA_A_WQ_ATS_DISABLE] = { .type = NLA_U32 },
	[VDSA_A_WQ_STATE] = { .type = NLA_U32 },
	[VDSA_A_WQ_GENERATION] = { .type = NLA_U32 },
	[VDSA_A_WQ_INST_UUID] = { .type = NLA_UNSPEC, .minlen = VDSA_UUID_LEN },
	[VDSA_A_WQ_OPER_STATE] = { .type = NLA_U32 },
};

static uint32_t get_u32(struct nlattr *nla)
{
	return nla ? nla_get_u32(nla) : 0;
}

int vdsa_wq_parse(struct nlmsghdr *nlh, uint32_t *ret_dev_id, struct vdsa_wq *wq)
{
	struct nlattr *tb[VDSA_A_WQ_MAX + 1];
	struct vdsa_wq_values *v = &wq->v;
	int r;

	r = vdsa_nl_parse(nlh, tb, VDSA_A_WQ_MAX, wq_policy);
	if (r < 0)
		return r;
	if (!tb[VDSA_A_WQ_DEV_ID] || !tb[VDSA_A_WQ_ID] || !tb[VDSA_A_WQ_MODE] ||
	    !tb[VDSA_A_WQ_SIZE] || !tb[VDSA_A_WQ_PRIORITY] || !tb[VDSA_A_WQ_TYPE] ||
	    !tb[VDSA_A_WQ_STATE])
		return -EPROTO;
	*ret_dev_id = nla_get_u32(tb[VDSA_A_WQ_DEV_ID]);
	wq->id = nla_get_u32(tb[VDSA_A_WQ_ID]);
	memset(v, 0, sizeof(*v));
	/* Optional attributes are absent, never sentinels (-1, 0, ""). */
	v->has_group = tb[VDSA_A_WQ_GROUP_ID] &&
		       (int32_t)nla_get_u32(tb[VDSA_A_WQ_GROUP_ID]) != VDSA_GROUP_NONE;
	v->group_id = v->has_group ? (int32_t)nla_get_u32(tb[VDSA_A_WQ_GROUP_ID]) : VDSA_GROUP_NONE;
	v->mode = nla_get_u32(tb[VDSA_A_WQ_MODE]);
	v->size = nla_get_u32(tb[VDSA_A_WQ_SIZE]);
	v->has_threshold = tb[VDSA_A_WQ_THRESHOLD] != NULL;
	v->threshold = get_u32(tb[VDSA_A_WQ_THRESHOLD]);
	v->priority = nla_get_u32(tb[VDSA_A_WQ_PRIORITY]);
	v->privileged = get_u32(tb[VDSA_A_WQ_PRIVILEGED]);
	v->block_on_fault = get_u32(tb[VDSA_A_WQ_BLOCK_ON_FAULT]);
	v->type = nla_get_u32(tb[VDSA_A_WQ_TYPE]);
	if (tb[VDSA_A_WQ_NAME] && *nla_get_string(tb[VDSA_A_WQ_NAME])) {
		const char *name = nla_get_string(tb[VDSA_A_WQ_NAME]);
		/* The kernel's limit is the uAPI's: a longer name is cut. */
		size_t len = strnlen(name, sizeof(v->name) - 1);

		v->has_name = true;
		memcpy(v->name, name, len);
		v->name[len] = '\0';
	}
	v->max_transfer_size =
		tb[VDSA_A_WQ_MAX_TRANSFER_SIZE] ? nla_get_u64(tb[VDSA_A_WQ_MAX_TRANSFER_SIZE]) : 0;
	v->max_batch_size = get_u32(tb[VDSA_A_WQ_MAX_BATCH_SIZE]);
	v->ats_disable = get_u32(tb[VDSA_A_WQ_ATS_DISABLE]);
	v->state = nla_get_u32(tb[VDSA_A_WQ_STATE]);
	/* A kernel without oper-state: the WQ does what it was asked to. */
	v->oper_state = tb[VDSA_A_WQ_OPER_STATE]       ? nla_get_u32(tb[VDSA_A_WQ_OPER_STATE]) :
			v->state == VDSA_STATE_ENABLED ? VDSA_WQ_OPER_ENABLED :
							 VDSA_WQ_OPER_DISABLED;
	wq->generation = get_u32(tb[VDSA_A_WQ_GENERATION]);
	wq->has_owner = tb[VDSA_A_WQ_INST_UUID] != NULL;
	memset(wq->owner, 0, sizeof(wq->owner));
	if (wq->has_owner)
		memcpy(wq->owner, nla_data(tb[VDSA_A_WQ_INST_UUID]), VDSA_UUID_LEN);
	return 0;
}

struct vdsa_wq *vdsa_dev_wq_by_id(struct vdsa_dev *dev, uint32_t id)
{
	size_t i;

	for (i = 0; i < dev->n_wqs; i++)
		if (dev->wqs[i].id == id)
			return &dev->wqs[i];
	return NULL;
}

/**
 * vdsa_wq_get_first - the first WQ of a device
 * @dev: the device
 *
 * Returns: the WQ, borrowed from the snapshot, or NULL.
 */
VDSA_EXPORT struct vdsa_wq *vdsa_wq_get_first(struct vdsa_dev *dev)
{
	return dev && dev->n_wqs ? &dev->wqs[0] : NULL;
}

/**
 * vdsa_wq_get_next - the WQ after @wq, in id order
 * @wq: a WQ
 *
 * Returns: the next WQ of the same device, or NULL after the last.
 */
VDSA_EXPORT struct vdsa_wq *vdsa_wq_get_next(struct vdsa_wq *wq)
{
	struct vdsa_dev *dev;

	if (!wq)
		return NULL;
	dev = wq->dev;
	return wq + 1 < dev->wqs + dev->n_wqs ? wq + 1 : NULL;
}

/**
 * vdsa_wq_find - a WQ of @dev by id
 * @dev: the device
 * @id: the WQ id
 * @ret: the WQ, borrowed from the snapshot
 *
 * Returns: 0, -ENODEV if the device has no such WQ, or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_find(struct vdsa_dev *dev, uint32_t id, struct vdsa_wq **ret)
{
	struct vdsa_wq *wq;

	if (!dev || !ret)
		return -EINVAL;
	wq = vdsa_dev_wq_by_id(dev, id);
	if (!wq)
		return -ENODEV;
	*ret = wq;
	return 0;
}

/**
 * vdsa_wq_find_free - a WQ nobody configured
 * @dev: the device
 * @ret: the WQ, borrowed from the snapshot
 *
 * Free means disabled, size 0 and in no group: the state
 * vdsa_wq_req_set_defaults() returns a WQ to. The lowest id wins.
 *
 * Returns: 0, -ENOSPC if every WQ is in use, or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_find_free(struct vdsa_dev *dev, struct vdsa_wq **ret)
{
	size_t i;

	if (!dev || !ret)
		return -EINVAL;
	for (i = 0; i < dev->n_wqs; i++) {
		struct vdsa_wq *wq = &dev->wqs[i];

		if (wq->v.state == VDSA_STATE_DISABLED && !wq->v.size && !wq->v.has_group) {
			*ret = wq;
			return 0;
		}
	}
	return -ENOSPC;
}

/**
 * vdsa_wq_find_by_name - a WQ by name, across all devices
 * @ctx: the context
 * @name: "wqN.M" (idxd style: WQ M of device dsaN, or of the device with
 *        kernel id N if its name ends in no number) or "DEV:M" (DEV a
 *        device name or decimal kernel id, as for vdsa_dev_find())
 * @ret: the WQ, borrowed from the snapshot
 *
 * Returns: 0, -EINVAL if @name has neither form, -ENODEV if no WQ matches.
 */
VDSA_EXPORT int vdsa_wq_find_by_name(struct vdsa_ctx *ctx, const char *name, struct vdsa_wq **ret)
{
	struct vdsa_wq_name parsed;
	struct vdsa_dev *dev;
	struct vdsa_wq *wq;
	size_t i;
	int r;

	if (!ctx || !name || !ret)
		return -EINVAL;
	r = vdsa_wq_name_parse(name, &parsed);
	if (r < 0)
		return r;
	if (parsed.idxd) {
		for (i = 0; i < ctx->n_devs; i++) {
			dev = ctx->devs[i];
			if (dev->number != parsed.dev_number)
				continue;
			wq = vdsa_dev_wq_by_id(dev, parsed.wq);
			if (wq) {
				*ret = wq;
				return 0;
			}
		}
		return -ENODEV;
	} else {
		char *dev_name = strndup(parsed.dev, parsed.dev_len);

		if (!dev_name)
			return -ENOMEM;
		r = vdsa_dev_find(ctx, dev_name, &dev);
		free(dev_name);
		if (r < 0)
			return r;
		wq = vdsa_dev_wq_by_id(dev, parsed.wq);
		if (!wq)
			return -ENODEV;
		*ret = wq;
		return 0;
	}
}

/**
 * vdsa_wq_get_dev - the device of a WQ
 * @wq: the WQ
 *
 * Returns: the device, or NULL.
 */
VDSA_EXPORT struct vdsa_dev *vdsa_wq_get_dev(struct vdsa_wq *wq)
{
	return wq ? wq->dev : NULL;
}

/**
 * vdsa_wq_get_id - the WQ's id on its device
 * @wq: the WQ
 *
 * Returns: the id.
 */
VDSA_EXPORT uint32_t vdsa_wq_get_id(struct vdsa_wq *wq)
{
	return wq ? wq->id : 0;
}

/**
 * vdsa_wq_get_devname - the idxd name of the WQ ("wq0.3")
 * @wq: the WQ
 *
 * Returns: the name, owned by the WQ, or NULL.
 */
VDSA_EXPORT const char *vdsa_wq_get_devname(struct vdsa_wq *wq)
{
	return wq ? wq->devname : NULL;
}

/**
 * vdsa_wq_get_mode - dedicated or shared
 * @wq: the WQ
 *
 * Returns: the mode.
 */
VDSA_EXPORT enum vdsa_wq_mode vdsa_wq_get_mode(struct vdsa_wq *wq)
{
	return wq ? (enum vdsa_wq_mode)wq->v.mode : 0;
}

/**
 * vdsa_wq_get_type - none, kernel, user or vdsa
 * @wq: the WQ
 *
 * Returns: the type.
 */
VDSA_EXPORT enum vdsa_wq_type vdsa_wq_get_type(struct vdsa_wq *wq)
{
	return wq ? (enum vdsa_wq_type)wq->v.type : 0;
}

/**
 * vdsa_wq_get_state - disabled or enabled
 * @wq: the WQ
 *
 * Returns: the state.
 */
VDSA_EXPORT enum vdsa_wq_state vdsa_wq_get_state(struct vdsa_wq *wq)
{
	return wq ? (enum vdsa_wq_state)wq->v.state : 0;
}

/**
 * vdsa_wq_get_oper_state - what the WQ is doing
 * @wq: the WQ
 *
 * Since: 1.2
 *
 * Returns: VDSA_WQ_OPER_DISABLED, _ENABLED or _HALTED (the hardware stopped
 * the enabled WQ), or 0 for NULL.
 */
VDSA_EXPORT enum vdsa_wq_oper vdsa_wq_get_oper_state(struct vdsa_wq *wq)
{
	return wq ? (enum vdsa_wq_oper)wq->v.oper_state : 0;
}

/**
 * vdsa_wq_get_size - WQ entries
 * @wq: the WQ
 *
 * Returns: the size.
 */
VDSA_EXPORT uint32_t vdsa_wq_get_size(struct vdsa_wq *wq)
{
	return wq ? wq->v.size : 0;
}

/**
 * vdsa_wq_get_priority - 1 (lowest) .. 15
 * @wq: the WQ
 *
 * Returns: the priority.
 */
VDSA_EXPORT uint32_t vdsa_wq_get_priority(struct vdsa_wq *wq)
{
	return wq ? wq->v.priority : 0;
}

/**
 * vdsa_wq_get_privileged - whether the WQ accepts privileged descriptors
 * @wq: the WQ
 *
 * Returns: the flag.
 */
VDSA_EXPORT bool vdsa_wq_get_privileged(struct vdsa_wq *wq)
{
	return wq && wq->v.privileged;
}

/**
 * vdsa_wq_get_block_on_fault - whether the WQ blocks on page faults
 * @wq: the WQ
 *
 * Returns: the flag.
 */
VDSA_EXPORT bool vdsa_wq_get_block_on_fault(struct vdsa_wq *wq)
{
	return wq && wq->v.block_on_fault;
}

/**
 * vdsa_wq_get_ats_disable - whether ATS is disabled for the WQ
 * @wq: the WQ
 *
 * Returns: the flag.
 */
VDSA_EXPORT bool vdsa_wq_get_ats_disable(struct vdsa_wq *wq)
{
	return wq && wq->v.ats_disable;
}

/**
 * vdsa_wq_get_max_transfer_size - the WQ's transfer size limit
 * @wq: the WQ
 *
 * Returns: bytes.
 */
VDSA_EXPORT uint64_t vdsa_wq_get_max_transfer_size(struct vdsa_wq *wq)
{
	return wq ? wq->v.max_transfer_size : 0;
}

/**
 * vdsa_wq_get_max_batch_size - the WQ's batch size limit
 * @wq: the WQ
 *
 * Returns: descriptors.
 */
VDSA_EXPORT uint32_t vdsa_wq_get_max_batch_size(struct vdsa_wq *wq)
{
	return wq ? wq->v.max_batch_size : 0;
}

/**
 * vdsa_wq_get_group_id - the group the WQ belongs to
 * @wq: the WQ
 * @ret: the group id
 *
 * Returns: 0, -ENODATA if the WQ is in no group, or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_get_group_id(struct vdsa_wq *wq, uint32_t *ret)
{
	if (!wq || !ret)
		return -EINVAL;
	if (!wq->v.has_group)
		return -ENODATA;
	*ret = (uint32_t)wq->v.group_id;
	return 0;
}

/**
 * vdsa_wq_get_threshold - the shared WQ's submission threshold
 * @wq: the WQ
 * @ret: the threshold
 *
 * Returns: 0, -ENODATA for a dedicated WQ (the kernel reports none), or
 * -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_get_threshold(struct vdsa_wq *wq, uint32_t *ret)
{
	if (!wq || !ret)
		return -EINVAL;
	if (!wq->v.has_threshold)
		return -ENODATA;
	*ret = wq->v.threshold;
	return 0;
}

/**
 * vdsa_wq_get_name - the WQ's name
 * @wq: the WQ
 *
 * Returns: the name, owned by the WQ, or NULL if it has none.
 */
VDSA_EXPORT const char *vdsa_wq_get_name(struct vdsa_wq *wq)
{
	return wq && wq->v.has_name ? wq->v.name : NULL;
}

/**
 * vdsa_wq_get_inst_uuid - the vDSA instance that owns the WQ
 * @wq: the WQ
 * @ret: the instance's UUID
 *
 * Since: 1.1
 *
 * Returns: 0, -ENODATA if no instance owns the WQ, or -EINVAL.
 */
VDSA_EXPORT int vdsa_wq_get_inst_uuid(struct vdsa_wq *wq, uuid_t ret)
{
	if (!wq || !ret)
		return -EINVAL;
	if (!wq->has_owner)
		return -ENODATA;
	memcpy(ret, wq->owner, VDSA_UUID_LEN);
	return 0;
}
