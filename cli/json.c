// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsactl: the JSON documents. This is the only place JSON is built; the
 * text output is rendered from the same objects (table.c), so the two
 * cannot drift.
 *
 * The shape is fixed (schemas/output/): a document is an object with
 * "version" and one named array, even for one result or none; numbers are
 * numbers and flags are booleans. Keys are always present, except optional
 * kernel attributes, which are omitted when the kernel reports none (never
 * null): a WQ's "threshold" (dedicated WQs), "group" (in no group) and
 * "wq_name" (no name), an engine's "group", a device's "degraded_reason"
 * (the device is ok).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vdsactl.h"

static void add_string(struct json_object *obj, const char *key, const char *value)
{
	json_object_object_add(obj, key, json_object_new_string(value ? value : ""));
}

static void add_int(struct json_object *obj, const char *key, int64_t value)
{
	json_object_object_add(obj, key, json_object_new_int64(value));
}

static void add_bool(struct json_object *obj, const char *key, bool value)
{
	json_object_object_add(obj, key, json_object_new_boolean(value));
}

struct json_object *json_doc_new(void)
{
	struct json_object *doc = json_object_new_object();

	add_int(doc, "version", VDSACTL_JSON_VERSION);
	return doc;
}

struct json_object *json_doc_add_array(struct json_object *doc, const char *key)
{
	struct json_object *array = json_object_new_array();

	json_object_object_add(doc, key, array);
	return array;
}

int json_doc_print(struct vdsactl *vc, struct json_object *doc)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

	flags |= vc->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			      JSON_C_TO_STRING_PLAIN;
	if (!vc->quiet)
		puts(json_object_to_json_string_ext(doc, flags));
	json_object_put(doc);
	/* Streams (monitor) are read line by line as they come. */
	if (fflush(stdout) == EOF)
		return fail("writing the output: %s", strerror(errno));
	return EXIT_OK;
}

int output(struct vdsactl *vc, struct json_object *doc,
	   void (*text)(struct vdsactl *vc, struct json_object *doc))
{
	if (vc->json || vc->quiet)
		return json_doc_print(vc, doc);
	text(vc, doc);
	json_object_put(doc);
	return EXIT_OK;
}

const char *json_get_string(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v))
		return "";
	return json_object_get_string(v);
}

int64_t json_get_int(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v))
		return -1;
	return json_object_get_int64(v);
}

void json_add_oper_state(struct json_object *obj, enum vdsa_oper_state state, const char *reason)
{
	const char *name = vdsa_oper_state_name(state);

	/* A state from a newer kernel: not ok, and not ours to name. */
	add_string(obj, "oper_state", name ? name : "unknown");
	if (state != VDSA_OPER_OK && reason && *reason)
		add_string(obj, "degraded_reason", reason);
}

/* The 256-bit operation bitmap as 64 hex digits, most significant first. */
static void add_op_cap(struct json_object *obj, const uint8_t *op_cap)
{
	char hex[2 * 32 + 1] = "";
	int i;

	for (i = 0; op_cap && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", op_cap[31 - i]);
	if (!op_cap)
		memset(hex, '0', 64);
	add_string(obj, "op_cap", hex);
}

struct json_object *json_dev(struct vdsa_dev *dev)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *caps = json_object_new_object();
	struct json_object *engines = json_object_new_array();
	uint32_t cap_bits = vdsa_dev_get_caps(dev);
	struct vdsa_engine *engine;
	struct vdsa_wq *wq;
	int enabled = 0;

	add_string(obj, "name", vdsa_dev_get_name(dev));
	add_int(obj, "id", vdsa_dev_get_id(dev));
	add_string(obj, "parent_bus", vdsa_dev_get_parent_bus(dev));
	add_string(obj, "parent_dev", vdsa_dev_get_parent_dev(dev));
	add_int(obj, "generation", vdsa_dev_get_generation(dev));
	json_add_oper_state(obj, vdsa_dev_get_oper_state(dev), vdsa_dev_get_degraded_reason(dev));
	add_int(obj, "hw_version", vdsa_dev_get_version(dev));
	add_bool(caps, "shared_wq", cap_bits & VDSA_CAP_SHARED_WQ);
	add_bool(caps, "block_on_fault", cap_bits & VDSA_CAP_BLOCK_ON_FAULT);
	add_bool(caps, "ats", cap_bits & VDSA_CAP_ATS);
	json_object_object_add(obj, "caps", caps);
	add_int(obj, "max_groups", vdsa_dev_get_max_groups(dev));
	add_int(obj, "max_engines", vdsa_dev_get_max_engines(dev));
	add_int(obj, "max_wqs", vdsa_dev_get_max_wqs(dev));
	add_int(obj, "max_wq_size", vdsa_dev_get_max_wq_size(dev));
	add_int(obj, "wq_size_used", vdsa_dev_get_wq_size_used(dev));
	vdsa_wq_foreach(dev, wq)
		enabled += vdsa_wq_get_state(wq) == VDSA_STATE_ENABLED;
	add_int(obj, "wqs_enabled", enabled);
	add_int(obj, "max_transfer_size", (int64_t)vdsa_dev_get_max_transfer_size(dev));
	add_int(obj, "max_batch_size", vdsa_dev_get_max_batch_size(dev));
	add_int(obj, "max_read_buffers", vdsa_dev_get_max_read_buffers(dev));
	add_op_cap(obj, vdsa_dev_get_op_cap(dev));
	vdsa_engine_foreach(dev, engine) {
		struct json_object *e = json_object_new_object();
		uint32_t group;

		add_int(e, "id", vdsa_engine_get_id(engine));
		if (!vdsa_engine_get_group_id(engine, &group))
			add_int(e, "group", group);
		json_object_array_add(engines, e);
	}
	json_object_object_add(obj, "engines", engines);
	return obj;
}

struct json_object *json_group(struct vdsa_group *group)
{
	struct vdsa_dev *dev = vdsa_group_get_dev(group);
	struct json_object *obj = json_object_new_object();
	struct json_object *engines = json_object_new_array();
	struct json_object *wqs = json_object_new_array();
	const uint32_t *ids;
	struct vdsa_wq *wq;
	size_t i, n;

	add_string(obj, "name", vdsa_group_get_devname(group));
	add_string(obj, "device", vdsa_dev_get_name(dev));
	add_int(obj, "id", vdsa_group_get_id(group));
	n = vdsa_group_get_engines(group, &ids);
	for (i = 0; i < n; i++)
		json_object_array_add(engines, json_object_new_int64(ids[i]));
	json_object_object_add(obj, "engines", engines);
	add_int(obj, "read_buffers_reserved", vdsa_group_get_read_buffers_reserved(group));
	add_int(obj, "read_buffers_allowed", vdsa_group_get_read_buffers_allowed(group));
	/* Membership is the WQ's attribute; listed here as accel-config does. */
	vdsa_wq_foreach(dev, wq) {
		uint32_t id;

		if (!vdsa_wq_get_group_id(wq, &id) && id == vdsa_group_get_id(group))
			json_object_array_add(wqs, json_object_new_string(vdsa_wq_get_devname(wq)));
	}
	json_object_object_add(obj, "wqs", wqs);
	return obj;
}

/* The order json_wq() writes; json_wq_reorder() restores it after edits. */
static const char *const wq_keys[] = {
	"name",		  "device",	    "id",	   "state",
	"oper_state",	  "mode",	    "size",	   "threshold",
	"group",	  "priority",	    "type",	   "wq_name",
	"privileged",	  "block_on_fault", "ats_disable", "max_transfer_size",
	"max_batch_size", "instance",
};

struct json_object *json_wq(struct vdsa_wq *wq)
{
	struct json_object *obj = json_object_new_object();
	const char *name = vdsa_wq_get_name(wq);
	uuid_t uuid;
	uint32_t v;

	add_string(obj, "name", vdsa_wq_get_devname(wq));
	add_string(obj, "device", vdsa_dev_get_name(vdsa_wq_get_dev(wq)));
	add_int(obj, "id", vdsa_wq_get_id(wq));
	add_string(obj, "state", vdsa_wq_state_name(vdsa_wq_get_state(wq)));
	add_string(obj, "oper_state",
		   vdsa_wq_oper_state_name(vdsa_wq_get_oper_state(wq)) ?: "unknown");
	add_string(obj, "mode", vdsa_wq_mode_name(vdsa_wq_get_mode(wq)));
	add_int(obj, "size", vdsa_wq_get_size(wq));
	if (!vdsa_wq_get_threshold(wq, &v))
		add_int(obj, "threshold", v);
	if (!vdsa_wq_get_group_id(wq, &v))
		add_int(obj, "group", v);
	add_int(obj, "priority", vdsa_wq_get_priority(wq));
	add_string(obj, "type", vdsa_wq_type_name(vdsa_wq_get_type(wq)));
	if (name && *name)
		add_string(obj, "wq_name", name);
	add_bool(obj, "privileged", vdsa_wq_get_privileged(wq));
	add_bool(obj, "block_on_fault", vdsa_wq_get_block_on_fault(wq));
	add_bool(obj, "ats_disable", vdsa_wq_get_ats_disable(wq));
	add_int(obj, "max_transfer_size", (int64_t)vdsa_wq_get_max_transfer_size(wq));
	add_int(obj, "max_batch_size", vdsa_wq_get_max_batch_size(wq));
	if (!vdsa_wq_get_inst_uuid(wq, uuid)) {
		char text[37];

		uuid_unparse_lower(uuid, text);
		add_string(obj, "instance", text);
	}
	return obj;
}

/* "bound-mdev" -> "bound_mdev": JSON values are snake_case like the keys. */
static void add_snake(struct json_object *obj, const char *key, const char *value)
{
	char buf[32];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", value ? value : "");
	for (i = 0; buf[i]; i++)
		if (buf[i] == '-')
			buf[i] = '_';
	add_string(obj, key, buf);
}

static void add_opt_string(struct json_object *obj, const char *key, const char *value)
{
	if (value && *value)
		add_string(obj, key, value);
}

struct json_object *json_inst(struct vdsa_inst *inst)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *wqs = json_object_new_array();
	enum vdsa_inst_state state = vdsa_inst_get_state(inst);
	struct vdsa_dev *dev = vdsa_inst_get_dev(inst);
	const uint32_t *ids;
	char path[128];
	size_t i, n;
	uint32_t group;

	add_string(obj, "uuid", vdsa_inst_get_uuid_str(inst));
	add_opt_string(obj, "name", vdsa_inst_get_name(inst));
	if (dev)
		add_string(obj, "device", vdsa_dev_get_name(dev));
	else
		add_string(obj, "device", "?");
	add_snake(obj, "state", vdsa_inst_state_name(state));
	if (state == VDSA_INST_BOUND_MDEV)
		add_string(obj, "binding", "mdev");
	else if (state == VDSA_INST_BOUND_VFIO)
		add_string(obj, "binding", "vfio");
	add_bool(obj, "in_use", vdsa_inst_get_in_use(inst));
	add_bool(obj, "pull", vdsa_inst_get_pull(inst));
	add_opt_string(obj, "sysfs_path", vdsa_inst_get_sysfs_path(inst));
	add_opt_string(obj, "mdev_parent", vdsa_inst_get_mdev_parent(inst));
	add_opt_string(obj, "mdev_type", vdsa_inst_get_mdev_type(inst));
	/* What a VM configuration needs: the mdev's path, or the vfio group and device. */
	if (state == VDSA_INST_BOUND_MDEV) {
		snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s",
			 vdsa_inst_get_uuid_str(inst));
		add_string(obj, "mdev_path", path);
	}
	if (!vdsa_inst_get_vfio_group(inst, &group)) {
		add_int(obj, "vfio_group", group);
		snprintf(path, sizeof(path), "/dev/vfio/%u", group);
		add_string(obj, "vfio_group_path", path);
	}
	add_opt_string(obj, "device_path", vdsa_inst_get_device_path(inst));
	add_int(obj, "generation", vdsa_inst_get_generation(inst));
	n = vdsa_inst_get_wqs(inst, &ids);
	for (i = 0; i < n; i++) {
		struct vdsa_wq *wq;

		/* The snapshot has every WQ of the device; a stale id is left out. */
		if (dev && !vdsa_wq_find(dev, ids[i], &wq))
			json_object_array_add(wqs, json_wq(wq));
	}
	json_object_object_add(obj, "wqs", wqs);
	return obj;
}

void json_wq_reorder(struct json_object *wq)
{
	size_t i;

	/* Re-adding a key moves it to the end: re-add them all, in order. */
	for (i = 0; i < sizeof(wq_keys) / sizeof(wq_keys[0]); i++) {
		struct json_object *v;

		if (!json_object_object_get_ex(wq, wq_keys[i], &v))
			continue;
		json_object_get(v);
		json_object_object_del(wq, wq_keys[i]);
		json_object_object_add(wq, wq_keys[i], v);
	}
}
