// SPDX-License-Identifier: GPL-2.0-or-later
/* vdsactl group list [DEV] | set GROUP --engines LIST [--read-buffers N] ... */
#include <stdio.h>
#include <stdlib.h>

#include "vdsactl.h"

const struct cmd_option group_set_options[] = {
	{ "engines", "LIST", OPT_ENGINES, "engine ids, comma-separated (\"\": none)" },
	{ "read-buffers", "N", OPT_READ_BUFFERS, "read buffers allowed" },
	{ "read-buffers-reserved", "N", OPT_READ_BUFFERS_RESERVED, "read buffers reserved" },
	{ NULL },
};

static const struct column group_columns[] = {
	{ "NAME", "name", COL_PLAIN },
	{ "DEVICE", "device", COL_PLAIN },
	{ "ID", "id", COL_PLAIN },
	{ "ENGINES", "engines", COL_PLAIN },
	{ "RB-RESERVED", "read_buffers_reserved", COL_PLAIN },
	{ "RB-ALLOWED", "read_buffers_allowed", COL_PLAIN },
	{ "WQS", "wqs", COL_PLAIN },
};

void group_print_table(struct vdsactl *vc, struct json_object *doc)
{
	(void)vc;
	table_print(stdout, group_columns, sizeof(group_columns) / sizeof(group_columns[0]),
		    json_object_object_get(doc, "groups"));
}

int cmd_group_list(struct vdsactl *vc, int argc, char **argv)
{
	struct vdsa_dev *dev, *only = NULL;
	struct json_object *doc, *groups;
	struct vdsa_group *group;
	int r;

	r = begin_list(vc, argc, argv, &only);
	if (r >= 0)
		return r;
	doc = json_doc_new();
	groups = json_doc_add_array(doc, "groups");
	vdsa_dev_foreach(vc->ctx, dev) {
		if (only && dev != only)
			continue;
		vdsa_group_foreach(dev, group)
			json_object_array_add(groups, json_group(group));
	}
	return output(vc, doc, group_print_table);
}

struct group_settings {
	bool set_engines;
	uint32_t *engines;
	size_t n_engines;
	bool set_allowed;
	uint32_t allowed;
	bool set_reserved;
	uint32_t reserved;
};

static int group_option(struct vdsactl *vc, int key, const char *arg, void *data)
{
	struct group_settings *gs = data;

	(void)vc;
	switch (key) {
	case OPT_ENGINES:
		free(gs->engines);
		gs->engines = NULL;
		gs->set_engines = true;
		return parse_engine_list("--engines", arg, &gs->engines, &gs->n_engines);
	case OPT_READ_BUFFERS:
		gs->set_allowed = true;
		return parse_u32("--read-buffers", arg, 0, UINT32_MAX, &gs->allowed);
	case OPT_READ_BUFFERS_RESERVED:
		gs->set_reserved = true;
		return parse_u32("--read-buffers-reserved", arg, 0, UINT32_MAX, &gs->reserved);
	}
	return EXIT_USAGE;
}

/* What --dry-run prints: the group as the request would leave it. */
static void group_overlay(const struct group_settings *gs, struct json_object *group)
{
	size_t i;

	if (gs->set_engines) {
		struct json_object *engines = json_object_new_array();

		for (i = 0; i < gs->n_engines; i++)
			json_object_array_add(engines, json_object_new_int64(gs->engines[i]));
		json_object_object_add(group, "engines", engines);
	}
	if (gs->set_reserved)
		json_object_object_add(group, "read_buffers_reserved",
				       json_object_new_int64(gs->reserved));
	if (gs->set_allowed)
		json_object_object_add(group, "read_buffers_allowed",
				       json_object_new_int64(gs->allowed));
}

static int group_submit(struct vdsactl *vc, const char *what, struct vdsa_group *group,
			const struct group_settings *gs)
{
	struct vdsa_group_req *req;
	int r;

	r = vdsa_group_req_new(group, &req);
	if (r < 0)
		return report_error(vc, r, "%s", what);
	if (gs->set_engines)
		r = vdsa_group_req_set_engines(req, gs->engines, gs->n_engines);
	if (!r && gs->set_reserved)
		r = vdsa_group_req_set_read_buffers_reserved(req, gs->reserved);
	if (!r && gs->set_allowed)
		r = vdsa_group_req_set_read_buffers_allowed(req, gs->allowed);
	if (!r)
		r = vdsa_group_req_submit(req, vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0);
	vdsa_group_req_unref(req);
	if (r < 0)
		return report_error(vc, r, "%s", what);
	return EXIT_OK;
}

int cmd_group_set(struct vdsactl *vc, int argc, char **argv)
{
	struct group_settings gs = { 0 };
	struct vdsa_group *group;
	struct json_object *doc, *obj;
	uint32_t dev_id, group_id;
	char what[128], dev_name[16];
	struct vdsa_dev *dev;
	int first, r;

	r = cmd_parse(vc, argc, argv, group_option, &gs, &first);
	if (r >= 0)
		goto out;
	r = cmd_check_args(vc, argc - first, argv + first, 1, 1, "GROUP");
	if (r >= 0)
		goto out;
	if (!gs.set_engines && !gs.set_allowed && !gs.set_reserved) {
		r = usage_error("group set: nothing to change (give --engines, --read-buffers or "
				"--read-buffers-reserved)");
		goto out;
	}
	r = vdsactl_open(vc);
	if (r)
		goto out;
	snprintf(what, sizeof(what), "group set %s", argv[first]);
	r = lookup_group(vc, what, argv[first], &group);
	if (r)
		goto out;
	dev_id = vdsa_dev_get_id(vdsa_group_get_dev(group));
	group_id = vdsa_group_get_id(group);
	r = group_submit(vc, what, group, &gs);
	if (r)
		goto out;

	if (vc->dry_run) {
		obj = json_group(group);
		group_overlay(&gs, obj);
	} else {
		if (!vc->json)
			goto out;
		/* Engines may have left other groups: read the device back. */
		r = vdsa_ctx_refresh(vc->ctx);
		if (r < 0) {
			r = report_error(vc, r, "%s: reading the group back", what);
			goto out;
		}
		snprintf(dev_name, sizeof(dev_name), "%u", dev_id);
		r = lookup_dev(vc, what, dev_name, &dev);
		if (!r && vdsa_group_find(dev, group_id, &group) < 0)
			r = fail("%s: the group went away", what);
		if (r)
			goto out;
		obj = json_group(group);
	}
	doc = json_doc_new();
	json_object_array_add(json_doc_add_array(doc, "groups"), obj);
	r = output(vc, doc, group_print_table);
out:
	free(gs.engines);
	return r;
}
