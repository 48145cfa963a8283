// SPDX-License-Identifier: GPL-2.0-or-later
/* vdsactl dev list | show DEV | reset DEV */
#include <stdio.h>
#include <stdlib.h>

#include "vdsactl.h"

/* The reason a device is degraded is too long for a table: dev show has it. */
static const struct column dev_columns[] = {
	{ "NAME", "name", COL_PLAIN },		 { "ID", "id", COL_PLAIN },
	{ "BUS", "parent_bus", COL_PLAIN },	 { "PARENT", "parent_dev", COL_PLAIN },
	{ "GEN", "generation", COL_PLAIN },	 { "STATE", "oper_state", COL_PLAIN },
	{ "GROUPS", "max_groups", COL_PLAIN },	 { "ENGINES", "max_engines", COL_PLAIN },
	{ "WQS", "max_wqs", COL_PLAIN },	 { "ENABLED", "wqs_enabled", COL_PLAIN },
	{ "WQ-SIZE", "max_wq_size", COL_PLAIN }, { "USED", "wq_size_used", COL_PLAIN },
	{ "CAPS", "caps", COL_PLAIN },
};

static const struct column dev_formats[] = {
	{ NULL, "hw_version", COL_HEX },
};

void dev_print_table(struct vdsactl *vc, struct json_object *doc)
{
	(void)vc;
	table_print(stdout, dev_columns, sizeof(dev_columns) / sizeof(dev_columns[0]),
		    json_object_object_get(doc, "devices"));
}

static void dev_print_records(struct vdsactl *vc, struct json_object *doc)
{
	struct json_object *devs = json_object_object_get(doc, "devices");
	size_t i;

	(void)vc;
	for (i = 0; i < json_object_array_length(devs); i++) {
		if (i)
			putchar('\n');
		record_print(stdout, json_object_array_get_idx(devs, i), dev_formats,
			     sizeof(dev_formats) / sizeof(dev_formats[0]));
	}
}

int cmd_dev_list(struct vdsactl *vc, int argc, char **argv)
{
	struct json_object *doc, *devs;
	struct vdsa_dev *dev;
	char **args;
	int r;

	r = cmd_begin(vc, argc, argv, 0, 0, "", &args);
	if (r >= 0)
		return r;
	doc = json_doc_new();
	devs = json_doc_add_array(doc, "devices");
	vdsa_dev_foreach(vc->ctx, dev)
		json_object_array_add(devs, json_dev(dev));
	return output(vc, doc, dev_print_table);
}

int cmd_dev_show(struct vdsactl *vc, int argc, char **argv)
{
	struct json_object *doc;
	struct vdsa_dev *dev;
	char what[128];
	char **args;
	int r;

	r = cmd_begin(vc, argc, argv, 1, 1, "DEV", &args);
	if (r >= 0)
		return r;
	snprintf(what, sizeof(what), "dev show %s", args[0]);
	r = lookup_dev(vc, what, args[0], &dev);
	if (r)
		return r;
	doc = json_doc_new();
	json_object_array_add(json_doc_add_array(doc, "devices"), json_dev(dev));
	return output(vc, doc, dev_print_records);
}

/*
 * What a reset leaves: no size used, nothing enabled, every engine free,
 * and a degraded device recovered.
 */
static void reset_overlay(struct json_object *dev)
{
	struct json_object *engines = json_object_object_get(dev, "engines");
	size_t i;

	json_object_object_add(dev, "oper_state", json_object_new_string("ok"));
	json_object_object_del(dev, "degraded_reason");
	json_object_object_add(dev, "wq_size_used", json_object_new_int64(0));
	json_object_object_add(dev, "wqs_enabled", json_object_new_int64(0));
	for (i = 0; i < json_object_array_length(engines); i++)
		json_object_object_del(json_object_array_get_idx(engines, i), "group");
}

int cmd_dev_reset(struct vdsactl *vc, int argc, char **argv)
{
	struct json_object *doc, *obj;
	struct vdsa_dev *dev;
	char id[16], what[128];
	char **args;
	int r;

	r = cmd_begin(vc, argc, argv, 1, 1, "DEV", &args);
	if (r >= 0)
		return r;
	snprintf(what, sizeof(what), "dev reset %s", args[0]);
	r = lookup_dev(vc, what, args[0], &dev);
	if (r)
		return r;
	r = vdsa_dev_reset(dev, vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0);
	if (r < 0)
		return report_error(vc, r, "%s", what);

	if (vc->dry_run) {
		obj = json_dev(dev);
		reset_overlay(obj);
	} else {
		/* The reply is the device alone; its WQs and engines changed too. */
		snprintf(id, sizeof(id), "%u", vdsa_dev_get_id(dev));
		r = vdsa_ctx_refresh(vc->ctx);
		if (r < 0)
			return report_error(vc, r, "%s: reading the device back", what);
		r = lookup_dev(vc, what, id, &dev);
		if (r)
			return r;
		if (!vc->json)
			return EXIT_OK;
		obj = json_dev(dev);
	}
	doc = json_doc_new();
	json_object_array_add(json_doc_add_array(doc, "devices"), obj);
	return output(vc, doc, dev_print_records);
}
