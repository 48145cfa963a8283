// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: devices. The getters read the snapshot; vdsa_dev_reset() is the
 * one request that targets a whole device without a request object.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include "libvdsa-private.h"

static const struct nla_policy dev_policy[VDSA_A_DEV_MAX + 1] = {
	[VDSA_A_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_DEV_NAME] = { .type = NLA_STRING },
	[VDSA_A_DEV_PARENT_BUS] = { .type = NLA_STRING },
	[VDSA_A_DEV_PARENT_DEV] = { .type = NLA_STRING },
	[VDSA_A_DEV_GENERATION] = { .type = NLA_U32 },
	[VDSA_A_DEV_VERSION] = { .type = NLA_U32 },
	[VDSA_A_DEV_CAPS] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_GROUPS] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_ENGINES] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_WQS] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_WQ_SIZE] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_TRANSFER_SIZE] = { .type = NLA_U64 },
	[VDSA_A_DEV_MAX_BATCH_SIZE] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_READ_BUFFERS] = { .type = NLA_U32 },
	[VDSA_A_DEV_OP_CAP] = { .type = NLA_UNSPEC, .minlen = VDSA_OP_CAP_LEN },
	[VDSA_A_DEV_WQ_SIZE_USED] = { .type = NLA_U32 },
	[VDSA_A_DEV_OPER_STATE] = { .type = NLA_U32 },
	[VDSA_A_DEV_DEGRADED_REASON] = { .type = NLA_STRING },
};

static uint32_t get_u32(struct nlattr *nla)
{
	return nla ? nla_get_u32(nla) : 0;
}

static int dup_string(struct nlattr *nla, char **ret)
{
	*ret = strdup(nla ? nla_get_string(nla) : "");
	return *ret ? 0 : -ENOMEM;
}

int vdsa_dev_parse(struct nlmsghdr *nlh, struct vdsa_dev *dev)
{
	struct nlattr *tb[VDSA_A_DEV_MAX + 1];
	uint32_t number;
	int r;

	r = vdsa_nl_parse(nlh, tb, VDSA_A_DEV_MAX, dev_policy);
	if (r < 0)
		return r;
	if (!tb[VDSA_A_DEV_ID] || !tb[VDSA_A_DEV_NAME] || !tb[VDSA_A_DEV_GENERATION])
		return -EPROTO;
	dev->id = nla_get_u32(tb[VDSA_A_DEV_ID]);
	if (dup_string(tb[VDSA_A_DEV_NAME], &dev->name) ||
	    dup_string(tb[VDSA_A_DEV_PARENT_BUS], &dev->parent_bus) ||
	    dup_string(tb[VDSA_A_DEV_PARENT_DEV], &dev->parent_dev))
		return -ENOMEM;
	/* wqN.M uses the N of dsaN; a name without a number uses the id. */
	dev->number = vdsa_devname_number(dev->name, &number) ? dev->id : number;
	dev->generation = nla_get_u32(tb[VDSA_A_DEV_GENERATION]);
	dev->config_generation = dev->generation;
	dev->version = get_u32(tb[VDSA_A_DEV_VERSION]);
	dev->caps = get_u32(tb[VDSA_A_DEV_CAPS]);
	dev->max_groups = get_u32(tb[VDSA_A_DEV_MAX_GROUPS]);
	dev->max_engines = get_u32(tb[VDSA_A_DEV_MAX_ENGINES]);
	dev->max_wqs = get_u32(tb[VDSA_A_DEV_MAX_WQS]);
	dev->max_wq_size = get_u32(tb[VDSA_A_DEV_MAX_WQ_SIZE]);
	dev->max_transfer_size = tb[VDSA_A_DEV_MAX_TRANSFER_SIZE] ?
					 nla_get_u64(tb[VDSA_A_DEV_MAX_TRANSFER_SIZE]) :
					 0;
	dev->max_batch_size = get_u32(tb[VDSA_A_DEV_MAX_BATCH_SIZE]);
	dev->max_read_buffers = get_u32(tb[VDSA_A_DEV_MAX_READ_BUFFERS]);
	dev->wq_size_used = get_u32(tb[VDSA_A_DEV_WQ_SIZE_USED]);
	if (tb[VDSA_A_DEV_OP_CAP])
		memcpy(dev->op_cap, nla_data(tb[VDSA_A_DEV_OP_CAP]), VDSA_OP_CAP_LEN);
	/* A kernel from before the operational state never reports one: ok. */
	dev->oper_state =
		tb[VDSA_A_DEV_OPER_STATE] ? nla_get_u32(tb[VDSA_A_DEV_OPER_STATE]) : VDSA_OPER_OK;
	if (tb[VDSA_A_DEV_DEGRADED_REASON]) {
		dev->degraded_reason = strdup(nla_get_string(tb[VDSA_A_DEV_DEGRADED_REASON]));
		if (!dev->degraded_reason)
			return -ENOMEM;
	}
	return 0;
}

static void take_string(char **dst, char **src)
{
	/* Keep the old pointer when nothing changed: callers may hold it. */
	if (*dst && *src && !strcmp(*dst, *src))
		return;
	free(*dst);
	*dst = *src;
	*src = NULL;
}

void vdsa_dev_take_fields(struct vdsa_dev *dev, struct vdsa_dev *src)
{
	take_string(&dev->name, &src->name);
	take_string(&dev->parent_bus, &src->parent_bus);
	take_string(&dev->parent_dev, &src->parent_dev);
	take_string(&dev->degraded_reason, &src->degraded_reason);
	dev->oper_state = src->oper_state;
	dev->number = src->number;
	dev->generation = src->generation;
	dev->version = src->version;
	dev->caps = src->caps;
	dev->max_groups = src->max_groups;
	dev->max_engines = src->max_engines;
	dev->max_wqs = src->max_wqs;
	dev->max_wq_size = src->max_wq_size;
	dev->max_transfer_size = src->max_transfer_size;
	dev->max_batch_size = src->max_batch_size;
	dev->max_read_buffers = src->max_read_buffers;
	dev->wq_size_used = src->wq_size_used;
	memcpy(dev->op_cap, src->op_cap, sizeof(dev->op_cap));
}

void vdsa_dev_sum_wq_sizes(struct vdsa_dev *dev)
{
	uint32_t used = 0;
	size_t i;

	for (i = 0; i < dev->n_wqs; i++)
		used += dev->wqs[i].v.size;
	dev->wq_size_used = used;
}

void vdsa_dev_free(struct vdsa_dev *dev)
{
	size_t i;

	if (!dev)
		return;
	for (i = 0; i < dev->n_groups; i++)
		vdsa_group_release(&dev->groups[i]);
	free(dev->groups);
	free(dev->engines);
	free(dev->wqs);
	free(dev->name);
	free(dev->parent_bus);
	free(dev->parent_dev);
	free(dev->degraded_reason);
	free(dev);
}

/**
 * vdsa_dev_find - look a device up in the snapshot
 * @ctx: the context
 * @name: a device name ("dsa0") or a decimal kernel id ("3")
 * @ret: the device, borrowed from the snapshot
 *
 * A name wins over an id, should a device be named like a number.
 *
 * Returns: 0, -ENODEV if no device matches, or -EINVAL.
 */
VDSA_EXPORT int vdsa_dev_find(struct vdsa_ctx *ctx, const char *name, struct vdsa_dev **ret)
{
	uint32_t id;
	size_t i;

	if (!ctx || !name || !ret)
		return -EINVAL;
	for (i = 0; i < ctx->n_devs; i++) {
		if (!strcmp(ctx->devs[i]->name, name)) {
			*ret = ctx->devs[i];
			return 0;
		}
	}
	if (vdsa_parse_u32(name, strlen(name), &id))
		return -ENODEV;
	for (i = 0; i < ctx->n_devs; i++) {
		if (ctx->devs[i]->id == id) {
			*ret = ctx->devs[i];
			return 0;
		}
	}
	return -ENODEV;
}

/**
 * vdsa_dev_get_ctx - the context a device belongs to
 * @dev: the device
 *
 * Returns: the context (no reference is taken), or NULL.
 */
VDSA_EXPORT struct vdsa_ctx *vdsa_dev_get_ctx(struct vdsa_dev *dev)
{
	return dev ? dev->ctx : NULL;
}

/**
 * vdsa_dev_get_id - the kernel's id of the device
 * @dev: the device
 *
 * Returns: the id (0 for NULL).
 */
VDSA_EXPORT uint32_t vdsa_dev_get_id(struct vdsa_dev *dev)
{
	return dev ? dev->id : 0;
}

/**
 * vdsa_dev_get_name - the device name ("dsa0")
 * @dev: the device
 *
 * Returns: the name, owned by the device, or NULL.
 */
VDSA_EXPORT const char *vdsa_dev_get_name(struct vdsa_dev *dev)
{
	return dev ? dev->name : NULL;
}

/**
 * vdsa_dev_get_parent_bus - the bus of the provider device ("vdsa_sim", "pci")
 * @dev: the device
 *
 * Returns: the bus name, owned by the device, or NULL.
 */
VDSA_EXPORT const char *vdsa_dev_get_parent_bus(struct vdsa_dev *dev)
{
	return dev ? dev->parent_bus : NULL;
}

/**
 * vdsa_dev_get_parent_dev - the provider device's name on its bus
 * @dev: the device
 *
 * Returns: the name, owned by the device, or NULL.
 */
VDSA_EXPORT const char *vdsa_dev_get_parent_dev(struct vdsa_dev *dev)
{
	return dev ? dev->parent_dev : NULL;
}

/**
 * vdsa_dev_get_generation - the device's change counter
 * @dev: the device
 *
 * The newest value the library has seen: a refresh, or the reply to a
 * request of this context. Configuration requests are pinned to the value
 * of the last complete read instead (see vdsa_config_req_new()).
 *
 * Returns: the generation.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_generation(struct vdsa_dev *dev)
{
	return dev ? dev->generation : 0;
}

/**
 * vdsa_dev_get_version - the hardware version (0x100 for DSA 1.0)
 * @dev: the device
 *
 * Returns: the version.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_version(struct vdsa_dev *dev)
{
	return dev ? dev->version : 0;
}

/**
 * vdsa_dev_get_caps - capability flags
 * @dev: the device
 *
 * Returns: a mask of enum vdsa_dev_cap.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_caps(struct vdsa_dev *dev)
{
	return dev ? dev->caps : 0;
}

/**
 * vdsa_dev_get_max_groups - number of groups
 * @dev: the device
 *
 * Returns: the count.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_max_groups(struct vdsa_dev *dev)
{
	return dev ? dev->max_groups : 0;
}

/**
 * vdsa_dev_get_max_engines - number of engines
 * @dev: the device
 *
 * Returns: the count.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_max_engines(struct vdsa_dev *dev)
{
	return dev ? dev->max_engines : 0;
}

/**
 * vdsa_dev_get_max_wqs - number of WQs
 * @dev: the device
 *
 * Returns: the count.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_max_wqs(struct vdsa_dev *dev)
{
	return dev ? dev->max_wqs : 0;
}

/**
 * vdsa_dev_get_max_wq_size - total WQ entries shared by all WQs
 * @dev: the device
 *
 * Returns: the size.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_max_wq_size(struct vdsa_dev *dev)
{
	return dev ? dev->max_wq_size : 0;
}

/**
 * vdsa_dev_get_max_transfer_size - the largest transfer size a WQ may allow
 * @dev: the device
 *
 * Returns: bytes.
 */
VDSA_EXPORT uint64_t vdsa_dev_get_max_transfer_size(struct vdsa_dev *dev)
{
	return dev ? dev->max_transfer_size : 0;
}

/**
 * vdsa_dev_get_max_batch_size - the largest batch size a WQ may allow
 * @dev: the device
 *
 * Returns: descriptors.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_max_batch_size(struct vdsa_dev *dev)
{
	return dev ? dev->max_batch_size : 0;
}

/**
 * vdsa_dev_get_max_read_buffers - read buffers the groups share
 * @dev: the device
 *
 * Returns: the count (0 when the device has no read-buffer control).
 */
VDSA_EXPORT uint32_t vdsa_dev_get_max_read_buffers(struct vdsa_dev *dev)
{
	return dev ? dev->max_read_buffers : 0;
}

/**
 * vdsa_dev_get_wq_size_used - the sum of the sizes of all WQs
 * @dev: the device
 *
 * Returns: the size.
 */
VDSA_EXPORT uint32_t vdsa_dev_get_wq_size_used(struct vdsa_dev *dev)
{
	return dev ? dev->wq_size_used : 0;
}

/**
 * vdsa_dev_get_op_cap - the supported-operation bitmap
 * @dev: the device
 *
 * Returns: 32 bytes (256 bits, little-endian) owned by the device, or NULL.
 */
VDSA_EXPORT const uint8_t *vdsa_dev_get_op_cap(struct vdsa_dev *dev)
{
	return dev ? dev->op_cap : NULL;
}

/**
 * vdsa_dev_get_oper_state - whether the hardware holds the reported configuration
 * @dev: the device
 *
 * Degraded: a change the kernel could not undo left the hardware possibly
 * different from the configuration the device reports. The kernel then
 * refuses every request that configures the device with -EIO (its message
 * in vdsa_ctx_get_last_error()); vDSA instances can still be unbound and
 * destroyed, and vdsa_dev_reset() (once the device has no instances) or
 * removing the device recovers it. A kernel that does not report the state
 * reads as ok.
 *
 * Since: 1.2
 *
 * Returns: VDSA_OPER_OK, VDSA_OPER_DEGRADED, another value from a newer
 * kernel, or 0 for NULL.
 */
VDSA_EXPORT enum vdsa_oper_state vdsa_dev_get_oper_state(struct vdsa_dev *dev)
{
	return dev ? (enum vdsa_oper_state)dev->oper_state : 0;
}

/**
 * vdsa_dev_get_degraded_reason - why the device is degraded
 * @dev: the device
 *
 * The kernel's account of the step that could not be undone ("undo of wq
 * configure 3 failed (-5)").
 *
 * Since: 1.2
 *
 * Returns: the reason, owned by the device, or NULL when the device is ok
 * (or the kernel gave none).
 */
VDSA_EXPORT const char *vdsa_dev_get_degraded_reason(struct vdsa_dev *dev)
{
	return dev ? dev->degraded_reason : NULL;
}

struct dev_reply {
	struct vdsa_dev dev;
	bool received;
};

static int dev_reply(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct dev_reply *reply = arg;

	(void)ctx;
	if (reply->received)
		return -EPROTO;
	reply->received = true;
	return vdsa_dev_parse(nlh, &reply->dev);
}

static void dev_reply_release(struct dev_reply *reply)
{
	free(reply->dev.name);
	free(reply->dev.parent_bus);
	free(reply->dev.parent_dev);
	free(reply->dev.degraded_reason);
}

/*
 * What config-set and reset share: send @m, and unless validate-only,
 * take the device from the reply and re-read its groups, engines and WQs.
 */
int vdsa_dev_submit(struct vdsa_dev *dev, struct vdsa_msg *m, bool validate_only)
{
	struct dev_reply reply = { 0 };
	int r, r2;

	r = vdsa_nl_transact(dev->ctx, m, dev_reply, &reply);
	if (!reply.received) {
		/* Refused (nothing applied), or an ACK without the device. */
		dev_reply_release(&reply);
		return r < 0 ? r : -EPROTO;
	}
	if (!validate_only) {
		if (!r && reply.dev.id == dev->id)
			vdsa_dev_take_fields(dev, &reply.dev);
		/*
		 * The reply carries the device, not its objects: read them
		 * again (in place). Applied is applied: a failed re-read only
		 * leaves the device stale, so it does not turn into an error.
		 */
		r2 = vdsa_dev_reread(dev);
		if (r2 < 0)
			vdsa_dbg(dev->ctx, "re-reading %s after a change failed: %d", dev->name,
				 r2);
	}
	dev_reply_release(&reply);
	return r;
}

/**
 * vdsa_dev_reset - disable every WQ and return the device to its defaults
 * @dev: the device
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY
 *
 * One dev-reset request. On success (and not validate-only) the device, its
 * groups, engines and WQs are read again and updated in place: pointers
 * stay valid. A degraded device is recovered: the kernel resets its
 * hardware and it is ok again (since 1.2 the state shows it).
 *
 * Returns: 0 or a negative errno (-EPERM without CAP_NET_ADMIN, -ENODEV if
 * the device is gone, -EBUSY if it is degraded and has vDSA instances,
 * -EIO if the hardware refused the reset, -EINVAL for unknown @flags).
 */
VDSA_EXPORT int vdsa_dev_reset(struct vdsa_dev *dev, unsigned int flags)
{
	bool validate_only = flags & VDSA_SUBMIT_VALIDATE_ONLY;
	struct vdsa_msg *m = NULL;
	int family, r;

	if (!dev || (flags & ~(unsigned int)VDSA_SUBMIT_VALIDATE_ONLY))
		return -EINVAL;
	vdsa_ctx_clear_error(dev->ctx);
	family = vdsa_nl_family(dev->ctx);
	if (family < 0)
		return family;
	r = vdsa_msg_new(family, VDSA_CMD_DEV_RESET, 0, &vdsa_attrs_dev, 64, &m);
	if (r < 0)
		return r;
	vdsa_msg_put_u32(m, VDSA_A_DEV_ID, dev->id);
	if (validate_only)
		vdsa_msg_put_flag(m, VDSA_A_DEV_VALIDATE_ONLY);
	r = vdsa_dev_submit(dev, m, validate_only);
	vdsa_msg_free(m);
	return r;
}
