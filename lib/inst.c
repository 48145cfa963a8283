// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: vDSA instances in the snapshot. A refresh reads them with one
 * inst-get dump after the devices' objects. Requests that change an
 * instance update it in place from the kernel's reply; a destroyed
 * instance stays in memory, marked gone and skipped by the iterators and
 * lookups, so that pointers a caller holds never dangle before the next
 * refresh.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "libvdsa-private.h"

static const struct nla_policy inst_policy[VDSA_A_INST_MAX + 1] = {
	[VDSA_A_INST_UUID] = { .type = NLA_UNSPEC, .minlen = VDSA_UUID_LEN },
	[VDSA_A_INST_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_INST_NAME] = { .type = NLA_STRING },
	[VDSA_A_INST_STATE] = { .type = NLA_U32 },
	[VDSA_A_INST_IN_USE] = { .type = NLA_U32 },
	[VDSA_A_INST_WQ_ID] = { .type = NLA_U32 },
	[VDSA_A_INST_PULL] = { .type = NLA_U32 },
	[VDSA_A_INST_MDEV_PARENT] = { .type = NLA_STRING },
	[VDSA_A_INST_MDEV_TYPE] = { .type = NLA_STRING },
	[VDSA_A_INST_VFIO_GROUP] = { .type = NLA_U32 },
	[VDSA_A_INST_GENERATION] = { .type = NLA_U32 },
};

void vdsa_inst_release(struct vdsa_inst *inst)
{
	free(inst->name);
	free(inst->wqs);
	free(inst->sysfs_path);
	free(inst->mdev_parent);
	free(inst->mdev_type);
	free(inst->device_path);
	inst->name = inst->sysfs_path = inst->mdev_parent = NULL;
	inst->mdev_type = inst->device_path = NULL;
	inst->wqs = NULL;
	inst->n_wqs = 0;
}

void vdsa_inst_free(struct vdsa_inst *inst)
{
	if (!inst)
		return;
	vdsa_inst_release(inst);
	free(inst);
}

/* An optional string: NULL when absent or empty. */
static int dup_string(struct nlattr *nla, char **ret)
{
	const char *s;

	*ret = NULL;
	if (!nla)
		return 0;
	s = nla_get_string(nla);
	if (!*s)
		return 0;
	*ret = strndup(s, (size_t)nla_len(nla));
	return *ret ? 0 : -ENOMEM;
}

static void format_uuid(const uint8_t *uuid, char *buf)
{
	uuid_unparse_lower(uuid, buf);
}

/*
 * The kernel names devices by UUID and leaves paths to tools: the instance
 * is a device on the vdsa bus, and a bound one is reached through its mdev
 * (mdev binding) or that bus device (vfio binding).
 */
static int inst_build_paths(struct vdsa_inst *inst)
{
	const char *bus = inst->state == VDSA_INST_BOUND_MDEV ? "mdev" : "vdsa";

	if (asprintf(&inst->sysfs_path, "/sys/bus/vdsa/devices/%s", inst->uuid_str) < 0) {
		inst->sysfs_path = NULL;
		return -ENOMEM;
	}
	if (inst->state != VDSA_INST_BOUND_MDEV && inst->state != VDSA_INST_BOUND_VFIO)
		return 0;
	if (asprintf(&inst->device_path, "/sys/bus/%s/devices/%s", bus, inst->uuid_str) < 0) {
		inst->device_path = NULL;
		return -ENOMEM;
	}
	return 0;
}

int vdsa_inst_parse(struct nlmsghdr *nlh, struct vdsa_inst *inst)
{
	struct nlattr *tb[VDSA_A_INST_MAX + 1];
	struct genlmsghdr *ghdr;
	struct nlattr *nla;
	size_t n = 0;
	int r, rem;

	memset(inst, 0, sizeof(*inst));
	r = vdsa_nl_parse(nlh, tb, VDSA_A_INST_MAX, inst_policy);
	if (r < 0)
		return r;
	if (!tb[VDSA_A_INST_UUID] || nla_len(tb[VDSA_A_INST_UUID]) != VDSA_UUID_LEN ||
	    !tb[VDSA_A_INST_DEV_ID] || !tb[VDSA_A_INST_STATE])
		return -EPROTO;
	memcpy(inst->uuid, nla_data(tb[VDSA_A_INST_UUID]), VDSA_UUID_LEN);
	format_uuid(inst->uuid, inst->uuid_str);
	inst->dev_id = nla_get_u32(tb[VDSA_A_INST_DEV_ID]);
	inst->state = nla_get_u32(tb[VDSA_A_INST_STATE]);
	inst->in_use = tb[VDSA_A_INST_IN_USE] && nla_get_u32(tb[VDSA_A_INST_IN_USE]);
	inst->pull = tb[VDSA_A_INST_PULL] && nla_get_u32(tb[VDSA_A_INST_PULL]);
	inst->has_vfio_group = tb[VDSA_A_INST_VFIO_GROUP] != NULL;
	inst->vfio_group = inst->has_vfio_group ? nla_get_u32(tb[VDSA_A_INST_VFIO_GROUP]) : 0;
	inst->generation = tb[VDSA_A_INST_GENERATION] ? nla_get_u32(tb[VDSA_A_INST_GENERATION]) : 0;
	r = dup_string(tb[VDSA_A_INST_NAME], &inst->name);
	if (!r)
		r = dup_string(tb[VDSA_A_INST_MDEV_PARENT], &inst->mdev_parent);
	if (!r)
		r = dup_string(tb[VDSA_A_INST_MDEV_TYPE], &inst->mdev_type);
	if (!r)
		r = inst_build_paths(inst);
	if (r < 0)
		goto fail;

	/* wq-id is multi-attr: genlmsg_parse() kept only the last one. */
	ghdr = nlmsg_data(nlh);
	nla_for_each_attr(nla, genlmsg_attrdata(ghdr, 0), genlmsg_attrlen(ghdr, 0), rem)
		if (nla_type(nla) == VDSA_A_INST_WQ_ID)
			n++;
	if (n) {
		inst->wqs = calloc(n, sizeof(*inst->wqs));
		if (!inst->wqs) {
			r = -ENOMEM;
			goto fail;
		}
		nla_for_each_attr(nla, genlmsg_attrdata(ghdr, 0), genlmsg_attrlen(ghdr, 0), rem) {
			if (nla_type(nla) != VDSA_A_INST_WQ_ID)
				continue;
			if (nla_len(nla) != sizeof(uint32_t)) {
				r = -EPROTO;
				goto fail;
			}
			inst->wqs[inst->n_wqs++] = nla_get_u32(nla);
		}
	}
	return 0;
fail:
	vdsa_inst_release(inst);
	return r;
}

void vdsa_inst_take(struct vdsa_inst *dst, struct vdsa_inst *src)
{
	struct vdsa_ctx *ctx = dst->ctx;

	vdsa_inst_release(dst);
	*dst = *src;
	dst->ctx = ctx;
	dst->gone = false;
	memset(src, 0, sizeof(*src));
}

static int cmp_inst(const void *a, const void *b)
{
	const struct vdsa_inst *x = *(struct vdsa_inst *const *)a;
	const struct vdsa_inst *y = *(struct vdsa_inst *const *)b;

	if (x->dev_id != y->dev_id)
		return x->dev_id < y->dev_id ? -1 : 1;
	return memcmp(x->uuid, y->uuid, VDSA_UUID_LEN);
}

void vdsa_insts_sort(struct vdsa_inst **insts, size_t n)
{
	if (n)
		qsort(insts, n, sizeof(*insts), cmp_inst);
}

static int collect_inst(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct vdsa_snapshot *snap = arg;
	struct vdsa_inst *inst;
	int r;

	r = vdsa_grow((void **)&snap->insts, &snap->cap_insts, snap->n_insts, sizeof(*snap->insts));
	if (r < 0)
		return r;
	inst = calloc(1, sizeof(*inst));
	if (!inst)
		return -ENOMEM;
	r = vdsa_inst_parse(nlh, inst);
	if (r < 0) {
		free(inst);
		return r;
	}
	inst->ctx = ctx;
	snap->insts[snap->n_insts++] = inst;
	return 0;
}

int vdsa_insts_read(struct vdsa_ctx *ctx, int family, const uint32_t *filter,
		    struct vdsa_snapshot *snap)
{
	struct vdsa_msg *m;
	size_t i;
	int r;

	r = vdsa_msg_new(family, VDSA_CMD_INST_GET, NLM_F_DUMP, &vdsa_attrs_inst, 64, &m);
	if (r < 0)
		return r;
	if (filter)
		vdsa_msg_put_u32(m, VDSA_A_INST_DEV_ID, *filter);
	r = vdsa_nl_transact(ctx, m, collect_inst, snap);
	vdsa_msg_free(m);
	if (r == -EOPNOTSUPP) {
		/* A module older than instances: it has none. */
		vdsa_dbg(ctx, "the kernel has no inst-get: no instances");
		vdsa_ctx_clear_error(ctx);
		r = 0;
	}
	if (r < 0) {
		for (i = 0; i < snap->n_insts; i++)
			vdsa_inst_free(snap->insts[i]);
		snap->n_insts = 0;
	}
	return r;
}

static struct vdsa_inst *ctx_inst_by_uuid(struct vdsa_ctx *ctx, const uint8_t *uuid)
{
	size_t i;

	for (i = 0; i < ctx->n_insts; i++)
		if (!memcmp(ctx->insts[i]->uuid, uuid, VDSA_UUID_LEN))
			return ctx->insts[i];
	return NULL;
}

int vdsa_ctx_add_inst(struct vdsa_ctx *ctx, struct vdsa_inst *inst, struct vdsa_inst **ret)
{
	struct vdsa_inst *old = ctx_inst_by_uuid(ctx, inst->uuid), *n;
	int r;

	if (old) {
		vdsa_inst_take(old, inst);
		*ret = old;
		return 0;
	}
	r = vdsa_grow((void **)&ctx->insts, &ctx->cap_insts, ctx->n_insts, sizeof(*ctx->insts));
	if (r < 0)
		return r;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->ctx = ctx;
	vdsa_inst_take(n, inst);
	ctx->insts[ctx->n_insts++] = n;
	vdsa_insts_sort(ctx->insts, ctx->n_insts);
	*ret = n;
	return 0;
}

/* ---- iteration and lookup ------------------------------------------------ */

static size_t inst_index(struct vdsa_inst *inst)
{
	struct vdsa_ctx *ctx = inst->ctx;
	size_t i;

	for (i = 0; i < ctx->n_insts; i++)
		if (ctx->insts[i] == inst)
			return i;
	return ctx->n_insts;
}

static struct vdsa_inst *live_from(struct vdsa_ctx *ctx, size_t i, const uint32_t *dev_id)
{
	for (; i < ctx->n_insts; i++) {
		struct vdsa_inst *inst = ctx->insts[i];

		if (inst->gone || (dev_id && inst->dev_id != *dev_id))
			continue;
		return inst;
	}
	return NULL;
}

/**
 * vdsa_inst_get_first - the first vDSA instance of the snapshot
 * @ctx: the context
 *
 * Instances come in device id order, then UUID order. Instances destroyed
 * through this context are skipped.
 *
 * Since: 1.1
 *
 * Returns: the instance, borrowed from the snapshot, or NULL.
 */
VDSA_EXPORT struct vdsa_inst *vdsa_inst_get_first(struct vdsa_ctx *ctx)
{
	return ctx ? live_from(ctx, 0, NULL) : NULL;
}

/**
 * vdsa_inst_get_next - the instance after @inst
 * @inst: an instance of the snapshot
 *
 * Since: 1.1
 *
 * Returns: the next instance, or NULL after the last.
 */
VDSA_EXPORT struct vdsa_inst *vdsa_inst_get_next(struct vdsa_inst *inst)
{
	return inst ? live_from(inst->ctx, inst_index(inst) + 1, NULL) : NULL;
}

/**
 * vdsa_inst_get_first_by_dev - the first instance of a device
 * @dev: the device
 *
 * Since: 1.1
 *
 * Returns: the instance, or NULL if the device has none.
 */
VDSA_EXPORT struct vdsa_inst *vdsa_inst_get_first_by_dev(struct vdsa_dev *dev)
{
	return dev ? live_from(dev->ctx, 0, &dev->id) : NULL;
}

/**
 * vdsa_inst_get_next_by_dev - the next instance of the same device
 * @inst: an instance
 *
 * Since: 1.1
 *
 * Returns: the instance, or NULL after the last.
 */
VDSA_EXPORT struct vdsa_inst *vdsa_inst_get_next_by_dev(struct vdsa_inst *inst)
{
	return inst ? live_from(inst->ctx, inst_index(inst) + 1, &inst->dev_id) : NULL;
}

/**
 * vdsa_inst_find - an instance by UUID
 * @ctx: the context
 * @uuid: the UUID
 * @ret: the instance, borrowed from the snapshot
 *
 * Since: 1.1
 *
 * Returns: 0, -ENODEV if the snapshot has no such instance, or -EINVAL.
 */
VDSA_EXPORT int vdsa_inst_find(struct vdsa_ctx *ctx, const uuid_t uuid, struct vdsa_inst **ret)
{
	struct vdsa_inst *inst;

	if (!ctx || !uuid || !ret)
		return -EINVAL;
	inst = ctx_inst_by_uuid(ctx, uuid);
	if (!inst || inst->gone)
		return -ENODEV;
	*ret = inst;
	return 0;
}

/* ---- getters ---------------------------------------------------------------- */

/**
 * vdsa_inst_get_ctx - the context of an instance
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: the context, or NULL.
 */
VDSA_EXPORT struct vdsa_ctx *vdsa_inst_get_ctx(struct vdsa_inst *inst)
{
	return inst ? inst->ctx : NULL;
}

/**
 * vdsa_inst_get_uuid - the instance's UUID
 * @inst: the instance
 * @ret: the UUID
 *
 * Since: 1.1
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_inst_get_uuid(struct vdsa_inst *inst, uuid_t ret)
{
	if (!inst || !ret)
		return -EINVAL;
	memcpy(ret, inst->uuid, VDSA_UUID_LEN);
	return 0;
}

/**
 * vdsa_inst_get_uuid_str - the instance's UUID as text
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: 36 lower-case characters, owned by the instance, or NULL.
 */
VDSA_EXPORT const char *vdsa_inst_get_uuid_str(struct vdsa_inst *inst)
{
	return inst ? inst->uuid_str : NULL;
}

/**
 * vdsa_inst_get_name - the instance's free-form name
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: the name, owned by the instance, or NULL if it has none.
 */
VDSA_EXPORT const char *vdsa_inst_get_name(struct vdsa_inst *inst)
{
	return inst ? inst->name : NULL;
}

/**
 * vdsa_inst_get_dev_id - the kernel id of the instance's device
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: the id.
 */
VDSA_EXPORT uint32_t vdsa_inst_get_dev_id(struct vdsa_inst *inst)
{
	return inst ? inst->dev_id : 0;
}

/**
 * vdsa_inst_get_dev - the instance's device
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: the device in the snapshot, or NULL if the snapshot lacks it.
 */
VDSA_EXPORT struct vdsa_dev *vdsa_inst_get_dev(struct vdsa_inst *inst)
{
	return inst ? vdsa_ctx_dev_by_id(inst->ctx, inst->dev_id) : NULL;
}

/**
 * vdsa_inst_get_state - created, bound to mdev or bound to vfio
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: the state.
 */
VDSA_EXPORT enum vdsa_inst_state vdsa_inst_get_state(struct vdsa_inst *inst)
{
	return inst ? (enum vdsa_inst_state)inst->state : 0;
}

/**
 * vdsa_inst_get_in_use - whether the instance's vfio device is open
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: the flag.
 */
VDSA_EXPORT bool vdsa_inst_get_in_use(struct vdsa_inst *inst)
{
	return inst && inst->in_use;
}

/**
 * vdsa_inst_get_pull - whether an mdev of the pull type created the instance
 * @inst: the instance
 *
 * Such an instance is destroyed with its mdev.
 *
 * Since: 1.1
 *
 * Returns: the flag.
 */
VDSA_EXPORT bool vdsa_inst_get_pull(struct vdsa_inst *inst)
{
	return inst && inst->pull;
}

/**
 * vdsa_inst_get_wqs - the WQs of the instance
 * @inst: the instance
 * @ret: their ids on the instance's device (owned by the instance)
 *
 * Since: 1.1
 *
 * Returns: the number of WQs.
 */
VDSA_EXPORT size_t vdsa_inst_get_wqs(struct vdsa_inst *inst, const uint32_t **ret)
{
	if (!inst || !ret)
		return 0;
	*ret = inst->wqs;
	return inst->n_wqs;
}

/**
 * vdsa_inst_get_sysfs_path - the instance's device on the vdsa bus
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: /sys/bus/vdsa/devices/UUID, or NULL.
 */
VDSA_EXPORT const char *vdsa_inst_get_sysfs_path(struct vdsa_inst *inst)
{
	return inst ? inst->sysfs_path : NULL;
}

/**
 * vdsa_inst_get_mdev_parent - the mdev parent of the instance's device
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: its name under /sys/class/mdev_bus, or NULL.
 */
VDSA_EXPORT const char *vdsa_inst_get_mdev_parent(struct vdsa_inst *inst)
{
	return inst ? inst->mdev_parent : NULL;
}

/**
 * vdsa_inst_get_mdev_type - the mdev type that binds pre-profiled instances
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: the type's directory name, or NULL.
 */
VDSA_EXPORT const char *vdsa_inst_get_mdev_type(struct vdsa_inst *inst)
{
	return inst ? inst->mdev_type : NULL;
}

/**
 * vdsa_inst_get_device_path - the sysfs path of the bound vfio device
 * @inst: the instance
 *
 * What QEMU's vfio-pci sysfsdev= takes.
 *
 * Since: 1.1
 *
 * Returns: the mdev (/sys/bus/mdev/devices/UUID) or the vdsa bus device,
 * or NULL while the instance is not bound.
 */
VDSA_EXPORT const char *vdsa_inst_get_device_path(struct vdsa_inst *inst)
{
	return inst ? inst->device_path : NULL;
}

/**
 * vdsa_inst_get_vfio_group - the vfio group of a bound instance
 * @inst: the instance
 * @ret: N of /dev/vfio/N
 *
 * Since: 1.1
 *
 * Returns: 0, -ENODATA while the instance is not bound, or -EINVAL.
 */
VDSA_EXPORT int vdsa_inst_get_vfio_group(struct vdsa_inst *inst, uint32_t *ret)
{
	if (!inst || !ret)
		return -EINVAL;
	if (!inst->has_vfio_group)
		return -ENODATA;
	*ret = inst->vfio_group;
	return 0;
}

/**
 * vdsa_inst_get_generation - the device's generation when last read
 * @inst: the instance
 *
 * Since: 1.1
 *
 * Returns: the generation.
 */
VDSA_EXPORT uint32_t vdsa_inst_get_generation(struct vdsa_inst *inst)
{
	return inst ? inst->generation : 0;
}
