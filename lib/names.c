// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: names. Enum values as the CLI and JSON spell them, attribute
 * names as the spec spells them (used to name the attribute the kernel
 * blamed), and the parsing of idxd-style object names.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libvdsa-private.h"

/* The public enums promise the uAPI's values. */
_Static_assert((int)VDSA_MODE_DEDICATED == (int)VDSA_WQ_MODE_DEDICATED, "mode");
_Static_assert((int)VDSA_MODE_SHARED == (int)VDSA_WQ_MODE_SHARED, "mode");
_Static_assert((int)VDSA_TYPE_NONE == (int)VDSA_WQ_TYPE_NONE, "type");
_Static_assert((int)VDSA_TYPE_KERNEL == (int)VDSA_WQ_TYPE_KERNEL, "type");
_Static_assert((int)VDSA_TYPE_USER == (int)VDSA_WQ_TYPE_USER, "type");
_Static_assert((int)VDSA_TYPE_VDSA == (int)VDSA_WQ_TYPE_VDSA, "type");
_Static_assert((int)VDSA_STATE_DISABLED == (int)VDSA_WQ_STATE_DISABLED, "state");
_Static_assert((int)VDSA_STATE_ENABLED == (int)VDSA_WQ_STATE_ENABLED, "state");
_Static_assert((int)VDSA_CAP_SHARED_WQ == (int)VDSA_DEV_CAPS_SHARED_WQ, "caps");
_Static_assert((int)VDSA_CAP_BLOCK_ON_FAULT == (int)VDSA_DEV_CAPS_BLOCK_ON_FAULT, "caps");
_Static_assert((int)VDSA_CAP_ATS == (int)VDSA_DEV_CAPS_ATS, "caps");
_Static_assert((int)VDSA_INST_CREATED == (int)VDSA_INST_STATE_CREATED, "inst state");
_Static_assert((int)VDSA_INST_BOUND_MDEV == (int)VDSA_INST_STATE_BOUND_MDEV, "inst state");
_Static_assert((int)VDSA_INST_BOUND_VFIO == (int)VDSA_INST_STATE_BOUND_VFIO, "inst state");
_Static_assert((int)VDSA_BIND_MDEV == (int)VDSA_INST_BINDING_MDEV, "binding");
_Static_assert((int)VDSA_BIND_VFIO == (int)VDSA_INST_BINDING_VFIO, "binding");
_Static_assert((int)VDSA_OPER_OK == (int)VDSA_DEV_OPER_STATE_OK, "oper state");
_Static_assert((int)VDSA_WQ_OPER_HALTED == (int)VDSA_WQ_OPER_STATE_HALTED, "wq oper state");
_Static_assert((int)VDSA_WQ_OPER_ENABLED == (int)VDSA_WQ_OPER_STATE_ENABLED, "wq oper state");
_Static_assert((int)VDSA_OPER_DEGRADED == (int)VDSA_DEV_OPER_STATE_DEGRADED, "oper state");

static const char *const mode_names[] = {
	[VDSA_MODE_DEDICATED] = "dedicated",
	[VDSA_MODE_SHARED] = "shared",
};

static const char *const type_names[] = {
	[VDSA_TYPE_NONE] = "none",
	[VDSA_TYPE_KERNEL] = "kernel",
	[VDSA_TYPE_USER] = "user",
	[VDSA_TYPE_VDSA] = "vdsa",
};

static const char *const state_names[] = {
	[VDSA_STATE_DISABLED] = "disabled",
	[VDSA_STATE_ENABLED] = "enabled",
};

static const char *const wq_oper_state_names[] = {
	[VDSA_WQ_OPER_DISABLED] = "disabled",
	[VDSA_WQ_OPER_ENABLED] = "enabled",
	[VDSA_WQ_OPER_HALTED] = "halted",
};

static const char *const event_names[] = {
	[VDSA_EVENT_DEV_ADD] = "dev-add",	  [VDSA_EVENT_DEV_DEL] = "dev-del",
	[VDSA_EVENT_DEV_CHANGE] = "dev-change",	  [VDSA_EVENT_WQ_CHANGE] = "wq-change",
	[VDSA_EVENT_INST_ADD] = "inst-add",	  [VDSA_EVENT_INST_DEL] = "inst-del",
	[VDSA_EVENT_INST_CHANGE] = "inst-change", [VDSA_EVENT_GROUP_CHANGE] = "group-change",
};

static const char *const inst_state_names[] = {
	[VDSA_INST_CREATED] = "created",
	[VDSA_INST_BOUND_MDEV] = "bound-mdev",
	[VDSA_INST_BOUND_VFIO] = "bound-vfio",
};

static const char *const binding_names[] = {
	[VDSA_BIND_MDEV] = "mdev",
	[VDSA_BIND_VFIO] = "vfio",
};

static const char *const oper_state_names[] = {
	[VDSA_OPER_OK] = "ok",
	[VDSA_OPER_DEGRADED] = "degraded",
};
_Static_assert(VDSA_ARRAY_SIZE(oper_state_names) == VDSA_DEV_OPER_STATE_MAX + 1,
	       "a name for every operational state");

static const char *table_name(const char *const *table, size_t n, unsigned int value)
{
	return value < n ? table[value] : NULL;
}

/**
 * vdsa_wq_mode_name - "dedicated" or "shared"
 * @mode: a WQ mode
 *
 * Returns: a static string, or NULL for a value the library does not know.
 */
VDSA_EXPORT const char *vdsa_wq_mode_name(enum vdsa_wq_mode mode)
{
	return table_name(mode_names, VDSA_ARRAY_SIZE(mode_names), mode);
}

/**
 * vdsa_wq_type_name - "none", "kernel", "user" or "vdsa"
 * @type: a WQ type
 *
 * Returns: a static string, or NULL for a value the library does not know.
 */
VDSA_EXPORT const char *vdsa_wq_type_name(enum vdsa_wq_type type)
{
	return table_name(type_names, VDSA_ARRAY_SIZE(type_names), type);
}

/**
 * vdsa_wq_state_name - "disabled" or "enabled"
 * @state: a WQ state
 *
 * Returns: a static string, or NULL for a value the library does not know.
 */
VDSA_EXPORT const char *vdsa_wq_state_name(enum vdsa_wq_state state)
{
	return table_name(state_names, VDSA_ARRAY_SIZE(state_names), state);
}

/**
 * vdsa_wq_oper_state_name - "disabled", "enabled" or "halted"
 * @state: a WQ's operational state
 *
 * Since: 1.2
 *
 * Returns: a static string, or NULL for a value the library does not know.
 */
VDSA_EXPORT const char *vdsa_wq_oper_state_name(enum vdsa_wq_oper state)
{
	return table_name(wq_oper_state_names, VDSA_ARRAY_SIZE(wq_oper_state_names), state);
}

/**
 * vdsa_inst_state_name - "created", "bound-mdev" or "bound-vfio"
 * @state: an instance state
 *
 * Since: 1.1
 *
 * Returns: a static string, or NULL for a value the library does not know.
 */
VDSA_EXPORT const char *vdsa_inst_state_name(enum vdsa_inst_state state)
{
	return table_name(inst_state_names, VDSA_ARRAY_SIZE(inst_state_names), state);
}

/**
 * vdsa_inst_binding_name - "mdev" or "vfio"
 * @binding: a binding
 *
 * Since: 1.1
 *
 * Returns: a static string, or NULL for a value the library does not know.
 */
VDSA_EXPORT const char *vdsa_inst_binding_name(enum vdsa_inst_binding binding)
{
	return table_name(binding_names, VDSA_ARRAY_SIZE(binding_names), binding);
}

/**
 * vdsa_oper_state_name - "ok" or "degraded"
 * @state: a device's operational state
 *
 * Since: 1.2
 *
 * Returns: a static string, or NULL for a value the library does not know.
 */
VDSA_EXPORT const char *vdsa_oper_state_name(enum vdsa_oper_state state)
{
	return table_name(oper_state_names, VDSA_ARRAY_SIZE(oper_state_names), state);
}

/**
 * vdsa_event_type_name - "dev-add", "dev-del", "dev-change", "wq-state",
 * "inst-add", "inst-del" or "inst-change"
 * @type: an event type
 *
 * Returns: a static string, or NULL for a value the library does not know.
 */
VDSA_EXPORT const char *vdsa_event_type_name(enum vdsa_event_type type)
{
	return table_name(event_names, VDSA_ARRAY_SIZE(event_names), type);
}

/* ---- attribute sets (schemas/netlink/vdsa.yaml) --------------------------- */

static const struct vdsa_attr_desc engine_attrs[] = {
	[VDSA_A_ENGINE_DEV_ID] = { .name = "dev-id" },
	[VDSA_A_ENGINE_ID] = { .name = "id" },
	[VDSA_A_ENGINE_GROUP_ID] = { .name = "group-id" },
};
_Static_assert(VDSA_ARRAY_SIZE(engine_attrs) == VDSA_A_ENGINE_MAX + 1,
	       "a name for every attribute");

const struct vdsa_attr_set vdsa_attrs_engine = {
	.name = "engine",
	.max = VDSA_A_ENGINE_MAX,
	.attrs = engine_attrs,
};

/* The engines nest of a group: one "id" per member. */
static const struct vdsa_attr_desc engine_ids_attrs[] = {
	[VDSA_A_ENGINE_ID] = { .name = "id", .multi = true },
};

const struct vdsa_attr_set vdsa_attrs_engine_ids = {
	.name = "engine-ids",
	.max = VDSA_A_ENGINE_ID,
	.attrs = engine_ids_attrs,
};

static const struct vdsa_attr_desc group_attrs[] = {
	[VDSA_A_GROUP_DEV_ID] = { .name = "dev-id" },
	[VDSA_A_GROUP_ID] = { .name = "id" },
	[VDSA_A_GROUP_ENGINES] = { .name = "engines", .nested = &vdsa_attrs_engine_ids },
	[VDSA_A_GROUP_READ_BUFFERS_RESERVED] = { .name = "read-buffers-reserved" },
	[VDSA_A_GROUP_READ_BUFFERS_ALLOWED] = { .name = "read-buffers-allowed" },
	[VDSA_A_GROUP_VALIDATE_ONLY] = { .name = "validate-only" },
	[VDSA_A_GROUP_GENERATION] = { .name = "generation" },
};
_Static_assert(VDSA_ARRAY_SIZE(group_attrs) == VDSA_A_GROUP_MAX + 1, "a name for every attribute");

const struct vdsa_attr_set vdsa_attrs_group = {
	.name = "group",
	.max = VDSA_A_GROUP_MAX,
	.attrs = group_attrs,
};

static const struct vdsa_attr_desc wq_attrs[] = {
	[VDSA_A_WQ_DEV_ID] = { .name = "dev-id" },
	[VDSA_A_WQ_ID] = { .name = "id" },
	[VDSA_A_WQ_GROUP_ID] = { .name = "group-id" },
	[VDSA_A_WQ_MODE] = { .name = "mode" },
	[VDSA_A_WQ_SIZE] = { .name = "size" },
	[VDSA_A_WQ_THRESHOLD] = { .name = "threshold" },
	[VDSA_A_WQ_PRIORITY] = { .name = "priority" },
	[VDSA_A_WQ_PRIVILEGED] = { .name = "privileged" },
	[VDSA_A_WQ_BLOCK_ON_FAULT] = { .name = "block-on-fault" },
	[VDSA_A_WQ_TYPE] = { .name = "type" },
	[VDSA_A_WQ_NAME] = { .name = "name" },
	[VDSA_A_WQ_MAX_TRANSFER_SIZE] = { .name = "max-transfer-size" },
	[VDSA_A_WQ_MAX_BATCH_SIZE] = { .name = "max-batch-size" },
	[VDSA_A_WQ_ATS_DISABLE] = { .name = "ats-disable" },
	[VDSA_A_WQ_STATE] = { .name = "state" },
	[VDSA_A_WQ_PAD] = { .name = "pad" },
	[VDSA_A_WQ_GENERATION] = { .name = "generation" },
	[VDSA_A_WQ_VALIDATE_ONLY] = { .name = "validate-only" },
	[VDSA_A_WQ_INST_UUID] = { .name = "inst-uuid" },
	[VDSA_A_WQ_OPER_STATE] = { .name = "oper-state" },
};
_Static_assert(VDSA_ARRAY_SIZE(wq_attrs) == VDSA_A_WQ_MAX + 1, "a name for every attribute");

const struct vdsa_attr_set vdsa_attrs_wq = {
	.name = "wq",
	.max = VDSA_A_WQ_MAX,
	.attrs = wq_attrs,
};

static const struct vdsa_attr_desc dev_attrs[] = {
	[VDSA_A_DEV_ID] = { .name = "id" },
	[VDSA_A_DEV_NAME] = { .name = "name" },
	[VDSA_A_DEV_PARENT_BUS] = { .name = "parent-bus" },
	[VDSA_A_DEV_PARENT_DEV] = { .name = "parent-dev" },
	[VDSA_A_DEV_GENERATION] = { .name = "generation" },
	[VDSA_A_DEV_VERSION] = { .name = "version" },
	[VDSA_A_DEV_CAPS] = { .name = "caps" },
	[VDSA_A_DEV_MAX_GROUPS] = { .name = "max-groups" },
	[VDSA_A_DEV_MAX_ENGINES] = { .name = "max-engines" },
	[VDSA_A_DEV_MAX_WQS] = { .name = "max-wqs" },
	[VDSA_A_DEV_MAX_WQ_SIZE] = { .name = "max-wq-size" },
	[VDSA_A_DEV_MAX_TRANSFER_SIZE] = { .name = "max-transfer-size" },
	[VDSA_A_DEV_MAX_BATCH_SIZE] = { .name = "max-batch-size" },
	[VDSA_A_DEV_MAX_READ_BUFFERS] = { .name = "max-read-buffers" },
	[VDSA_A_DEV_OP_CAP] = { .name = "op-cap" },
	[VDSA_A_DEV_WQ_SIZE_USED] = { .name = "wq-size-used" },
	[VDSA_A_DEV_PAD] = { .name = "pad" },
	[VDSA_A_DEV_GROUP] = { .name = "group", .multi = true, .nested = &vdsa_attrs_group },
	[VDSA_A_DEV_WQ] = { .name = "wq", .multi = true, .nested = &vdsa_attrs_wq },
	[VDSA_A_DEV_VALIDATE_ONLY] = { .name = "validate-only" },
	[VDSA_A_DEV_ALLOW_RESTART] = { .name = "allow-restart" },
	[VDSA_A_DEV_OPER_STATE] = { .name = "oper-state" },
	[VDSA_A_DEV_DEGRADED_REASON] = { .name = "degraded-reason" },
};
_Static_assert(VDSA_ARRAY_SIZE(dev_attrs) == VDSA_A_DEV_MAX + 1, "a name for every attribute");

const struct vdsa_attr_set vdsa_attrs_dev = {
	.name = "dev",
	.max = VDSA_A_DEV_MAX,
	.attrs = dev_attrs,
};

static const struct vdsa_attr_desc inst_attrs[] = {
	[VDSA_A_INST_UUID] = { .name = "uuid" },
	[VDSA_A_INST_DEV_ID] = { .name = "dev-id" },
	[VDSA_A_INST_NAME] = { .name = "name" },
	[VDSA_A_INST_STATE] = { .name = "state" },
	[VDSA_A_INST_IN_USE] = { .name = "in-use" },
	[VDSA_A_INST_WQ_ID] = { .name = "wq-id", .multi = true },
	[VDSA_A_INST_WQ_COUNT] = { .name = "wq-count" },
	[VDSA_A_INST_WQ_PROFILE] = { .name = "wq-profile", .nested = &vdsa_attrs_wq },
	[VDSA_A_INST_BINDING] = { .name = "binding" },
	[VDSA_A_INST_PULL] = { .name = "pull" },
	[VDSA_A_INST_SYSFS_PATH] = { .name = "sysfs-path" },
	[VDSA_A_INST_MDEV_PARENT] = { .name = "mdev-parent" },
	[VDSA_A_INST_MDEV_TYPE] = { .name = "mdev-type" },
	[VDSA_A_INST_VFIO_GROUP] = { .name = "vfio-group" },
	[VDSA_A_INST_DEVICE_PATH] = { .name = "device-path" },
	[VDSA_A_INST_GENERATION] = { .name = "generation" },
	[VDSA_A_INST_VALIDATE_ONLY] = { .name = "validate-only" },
};
_Static_assert(VDSA_ARRAY_SIZE(inst_attrs) == VDSA_A_INST_MAX + 1, "a name for every attribute");

const struct vdsa_attr_set vdsa_attrs_inst = {
	.name = "inst",
	.max = VDSA_A_INST_MAX,
	.attrs = inst_attrs,
};

const char *vdsa_attr_name(const struct vdsa_attr_set *set, unsigned int type)
{
	if (!set || type == 0 || type > set->max)
		return NULL;
	return set->attrs[type].name;
}

/* ---- object names ---------------------------------------------------------- */

int vdsa_parse_u32(const char *s, size_t len, uint32_t *ret)
{
	uint64_t v = 0;
	size_t i;

	if (!s || len == 0 || len > 10)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -EINVAL;
	*ret = (uint32_t)v;
	return 0;
}

int vdsa_devname_number(const char *name, uint32_t *ret)
{
	size_t len = strlen(name), start = len;

	while (start > 0 && name[start - 1] >= '0' && name[start - 1] <= '9')
		start--;
	if (start == len)
		return -ENODATA;
	/* Too long a number is not an idxd name either: use the kernel id. */
	if (vdsa_parse_u32(name + start, len - start, ret))
		return -ENODATA;
	return 0;
}

void vdsa_devname_format(char *buf, size_t size, const char *prefix, uint32_t dev_number,
			 uint32_t id)
{
	snprintf(buf, size, "%s%u.%u", prefix, dev_number, id);
}

int vdsa_wq_name_parse(const char *name, struct vdsa_wq_name *ret)
{
	struct vdsa_wq_name n = { 0 };
	const char *colon, *dot;

	if (!name)
		return -EINVAL;
	colon = strrchr(name, ':');
	if (colon) {
		/* DEV:ID, DEV being a device name or a kernel id. */
		if (colon == name)
			return -EINVAL;
		if (vdsa_parse_u32(colon + 1, strlen(colon + 1), &n.wq))
			return -EINVAL;
		n.dev = name;
		n.dev_len = (size_t)(colon - name);
		*ret = n;
		return 0;
	}
	if (strncmp(name, "wq", 2))
		return -EINVAL;
	dot = strchr(name + 2, '.');
	if (!dot)
		return -EINVAL;
	if (vdsa_parse_u32(name + 2, (size_t)(dot - name - 2), &n.dev_number) ||
	    vdsa_parse_u32(dot + 1, strlen(dot + 1), &n.wq))
		return -EINVAL;
	n.idxd = true;
	*ret = n;
	return 0;
}
