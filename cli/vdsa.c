// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsactl vdsa create | destroy | list | show | bind | unbind, and
 * wq assign | unassign: vDSA instances, the WQ sets a VM gets through an
 * mdev or a vfio device.
 *
 * Every change is one library call, which is one kernel request (plus the
 * mdev create or remove file for an mdev binding). With -j a changed
 * instance is printed as it is afterwards, read back from the kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uapi.h"
#include "vdsactl.h"

const struct cmd_option vdsa_create_options[] = {
	{ "uuid", "U", OPT_UUID, "the instance's UUID (default: a random one)" },
	{ "name", "N", OPT_NAME, "the instance's name (free-form, up to 63 characters)" },
	{ "wqs", "N", OPT_WQS, "allocate N free WQs with the profile options (default 1)" },
	{ "wq", "WQ", OPT_WQ,
	  "take over a configured WQ of DEV (an id, wqN.M or DEV:ID); repeatable" },
	{ "bind", "mdev|vfio", OPT_BIND, "bind the instance at once" },
	{ "mode", "dedicated|shared", OPT_MODE, "profile: WQ mode" },
	{ "size", "N", OPT_SIZE, "profile: WQ size in entries" },
	{ "threshold", "N", OPT_THRESHOLD, "profile: threshold of shared WQs" },
	{ "priority", "N", OPT_PRIORITY, "profile: priority, 1..15" },
	{ "privileged", NULL, OPT_PRIVILEGED, "profile: privileged WQs" },
	{ "no-privileged", NULL, OPT_NO_PRIVILEGED, "profile: unprivileged WQs" },
	{ "block-on-fault", NULL, OPT_BLOCK_ON_FAULT, "profile: block on page faults" },
	{ "no-block-on-fault", NULL, OPT_NO_BLOCK_ON_FAULT, "profile: do not block on faults" },
	{ "ats-disable", NULL, OPT_ATS_DISABLE, "profile: disable ATS" },
	{ "no-ats-disable", NULL, OPT_NO_ATS_DISABLE, "profile: leave ATS enabled" },
	{ "group", "G", OPT_GROUP, "profile: group id" },
	{ "wq-name", "S", OPT_WQ_NAME, "profile: the WQs' name (idxd sysfs \"name\")" },
	{ "max-transfer-size", "N", OPT_MAX_TRANSFER_SIZE, "profile: bytes, a power of 2" },
	{ "max-batch-size", "N", OPT_MAX_BATCH_SIZE, "profile: descriptors, a power of 2" },
	{ NULL },
};

/* ---- text output ----------------------------------------------------------------- */

static const struct column inst_columns[] = {
	{ "UUID", "uuid", COL_PLAIN },	  { "DEVICE", "device", COL_PLAIN },
	{ "STATE", "state", COL_PLAIN },  { "IN-USE", "in_use", COL_PLAIN },
	{ "WQS", "wq_names", COL_PLAIN }, { "VFIO-GROUP", "vfio_group", COL_PLAIN },
	{ "NAME", "name", COL_PLAIN },
};

/* A row of the list: the instance with its WQs as names. */
static struct json_object *list_row(struct json_object *inst)
{
	struct json_object *row = json_object_new_object();
	struct json_object *names = json_object_new_array();
	struct json_object *wqs = json_object_object_get(inst, "wqs");
	size_t i;

	json_object_object_foreach(inst, key, val) {
		if (strcmp(key, "wqs"))
			json_object_object_add(row, key, json_object_get(val));
	}
	for (i = 0; i < json_object_array_length(wqs); i++)
		json_object_array_add(names, json_object_new_string(json_get_string(
						     json_object_array_get_idx(wqs, i), "name")));
	json_object_object_add(row, "wq_names", names);
	return row;
}

static void inst_print_table(struct vdsactl *vc, struct json_object *doc)
{
	struct json_object *insts = json_object_object_get(doc, "instances");
	struct json_object *rows = json_object_new_array();
	size_t i;

	(void)vc;
	for (i = 0; i < json_object_array_length(insts); i++)
		json_object_array_add(rows, list_row(json_object_array_get_idx(insts, i)));
	table_print(stdout, inst_columns, sizeof(inst_columns) / sizeof(inst_columns[0]), rows);
	json_object_put(rows);
}

/* "key  value" lines for the instance, then its WQs as a table. */
static void inst_print_records(struct vdsactl *vc, struct json_object *doc)
{
	struct json_object *insts = json_object_object_get(doc, "instances");
	size_t i;

	for (i = 0; i < json_object_array_length(insts); i++) {
		struct json_object *inst = json_object_array_get_idx(insts, i);
		struct json_object *row = list_row(inst);
		struct json_object *wdoc = json_doc_new();

		if (i)
			putchar('\n');
		record_print(stdout, row, NULL, 0);
		json_object_put(row);
		json_object_object_add(wdoc, "wqs",
				       json_object_get(json_object_object_get(inst, "wqs")));
		putchar('\n');
		wq_print_table(vc, wdoc);
		json_object_put(wdoc);
	}
}

/* One instance (or none) as a document: -j, or text with records. */
static int print_inst(struct vdsactl *vc, struct vdsa_inst *inst)
{
	struct json_object *doc = json_doc_new();
	struct json_object *insts = json_doc_add_array(doc, "instances");

	if (inst)
		json_object_array_add(insts, json_inst(inst));
	return output(vc, doc, inst_print_records);
}

/*
 * After a change: nothing in text mode, the instance as the kernel has it
 * now with -j (read back, WQs included). --dry-run shows it unchanged.
 */
static int print_changed(struct vdsactl *vc, const char *what, const char *uuid)
{
	struct vdsa_inst *inst = NULL;
	int r;

	uuid_t id;

	if (!vc->json && !vc->dry_run)
		return EXIT_OK;
	if (!vc->dry_run) {
		r = vdsa_ctx_refresh(vc->ctx);
		if (r < 0)
			return report_error(vc, r, "%s: reading the instance back", what);
	}
	/* A pull instance that went with its mdev: an empty list, no error. */
	if (uuid_parse(uuid, id) || vdsa_inst_find(vc->ctx, id, &inst) < 0)
		inst = NULL;
	return print_inst(vc, inst);
}

/* ---- list, show -------------------------------------------------------------------- */

int cmd_vdsa_list(struct vdsactl *vc, int argc, char **argv)
{
	struct json_object *doc, *insts;
	struct vdsa_dev *only = NULL;
	struct vdsa_inst *inst;
	int r;

	r = begin_list(vc, argc, argv, &only);
	if (r >= 0)
		return r;
	doc = json_doc_new();
	insts = json_doc_add_array(doc, "instances");
	vdsa_inst_foreach(vc->ctx, inst) {
		if (only && vdsa_inst_get_dev_id(inst) != vdsa_dev_get_id(only))
			continue;
		json_object_array_add(insts, json_inst(inst));
	}
	return output(vc, doc, inst_print_table);
}

#define WHAT_LEN 160

/*
 * Parses the options and exactly @nargs arguments, argument @uuid_at a
 * UUID, before the library is opened (usage errors never ask the kernel);
 * -1 to go on. @what (WHAT_LEN bytes) gets "COMMAND ARGS..." for messages.
 */
static int parse_uuid_args(struct vdsactl *vc, int argc, char **argv, int nargs,
			   const char *missing, int uuid_at, char *what, char ***args)
{
	int first, i, n, r;

	r = cmd_parse(vc, argc, argv, NULL, NULL, &first);
	if (r >= 0)
		return r;
	r = cmd_check_args(vc, argc - first, argv + first, nargs, nargs, missing);
	if (r >= 0)
		return r;
	*args = argv + first;
	n = snprintf(what, WHAT_LEN, "%s", cmd_name(vc->cmd));
	for (i = 0; i < nargs && n >= 0 && n < WHAT_LEN; i++)
		n += snprintf(what + n, WHAT_LEN - n, " %s", (*args)[i]);
	return check_uuid(what, (*args)[uuid_at]);
}

/* The start of "vdsa VERB UUID": parsed, library open, instance found; -1 to go on. */
static int begin_inst(struct vdsactl *vc, int argc, char **argv, char *what,
		      struct vdsa_inst **inst)
{
	char **args;
	int r;

	r = parse_uuid_args(vc, argc, argv, 1, "UUID", 0, what, &args);
	if (r >= 0)
		return r;
	r = vdsactl_open(vc);
	if (!r)
		r = lookup_inst(vc, what, args[0], inst);
	return r ? r : -1;
}

int cmd_vdsa_show(struct vdsactl *vc, int argc, char **argv)
{
	struct vdsa_inst *inst;
	char what[WHAT_LEN];
	int r;

	r = begin_inst(vc, argc, argv, what, &inst);
	if (r >= 0)
		return r;
	return print_inst(vc, inst);
}

/* ---- create -------------------------------------------------------------------------- */

struct create_args {
	struct wq_settings ws;
	bool has_uuid;
	uuid_t uuid;
	const char *name;
	uint32_t count;
	char **wqs;
	size_t n_wqs;
	enum vdsa_inst_binding binding;
};

static int parse_binding(const char *opt, const char *arg, enum vdsa_inst_binding *ret)
{
	if (!strcmp(arg, vdsa_inst_binding_name(VDSA_BIND_MDEV)))
		*ret = VDSA_BIND_MDEV;
	else if (!strcmp(arg, vdsa_inst_binding_name(VDSA_BIND_VFIO)))
		*ret = VDSA_BIND_VFIO;
	else
		return usage_error("%s: \"%s\" is not one of mdev, vfio", opt, arg);
	return 0;
}

static int create_option(struct vdsactl *vc, int key, const char *arg, void *data)
{
	struct create_args *ca = data;
	char **p;
	int r;

	(void)vc;
	switch (key) {
	case OPT_UUID:
		if (uuid_parse(arg, ca->uuid))
			return usage_error("--uuid: \"%s\" is not a UUID", arg);
		ca->has_uuid = true;
		return 0;
	case OPT_NAME:
		if (strlen(arg) > uapi_inst_name_max_len)
			return usage_error("--name: \"%.20s...\" is longer than %u characters", arg,
					   uapi_inst_name_max_len);
		ca->name = arg;
		return 0;
	case OPT_WQS:
		return parse_u32("--wqs", arg, 1, UINT32_MAX, &ca->count);
	case OPT_WQ:
		p = realloc(ca->wqs, (ca->n_wqs + 1) * sizeof(*p));
		if (!p)
			return fail("out of memory");
		ca->wqs = p;
		ca->wqs[ca->n_wqs++] = (char *)arg;
		return 0;
	case OPT_BIND:
		return parse_binding("--bind", arg, &ca->binding);
	case OPT_WQ_NAME:
		if (strlen(arg) > uapi_wq_name_max_len)
			return usage_error("--wq-name: \"%.20s...\" is longer than %u characters",
					   arg, uapi_wq_name_max_len);
		ca->ws.name = arg;
		ca->ws.set |= WQ_SET_NAME;
		return 0;
	}
	r = wq_settings_parse(&ca->ws, key, arg, true);
	return r < 0 ? EXIT_USAGE : r;
}

/* --wq ID | wqN.M | DEV:ID: a WQ of dev. */
static int create_wq_id(struct vdsactl *vc, const char *what, struct vdsa_dev *dev, const char *arg,
			uint32_t *ret)
{
	struct vdsa_wq *wq;
	uint32_t id;
	int r;

	if (arg[0] >= '0' && arg[0] <= '9' && !strchr(arg, ':')) {
		r = parse_u32("--wq", arg, 0, UINT32_MAX, &id);
		if (r)
			return r;
		if (vdsa_wq_find(dev, id, &wq) < 0)
			return fail("%s: --wq: %s has no WQ %u", what, vdsa_dev_get_name(dev), id);
	} else {
		r = lookup_wq(vc, what, arg, &wq);
		if (r)
			return r;
		if (vdsa_wq_get_dev(wq) != dev)
			return fail("%s: --wq: %s is not a WQ of %s", what, arg,
				    vdsa_dev_get_name(dev));
	}
	*ret = vdsa_wq_get_id(wq);
	return EXIT_OK;
}

static int create_fill(struct vdsactl *vc, const char *what, struct vdsa_dev *dev,
		       const struct create_args *ca, struct vdsa_inst_req *req)
{
	struct vdsa_wq_req *prof;
	uint32_t id = 0;
	size_t i;
	int r = 0;

	r = vdsa_inst_req_set_uuid(req, ca->uuid);
	if (!r && ca->name)
		r = vdsa_inst_req_set_name(req, ca->name);
	if (!r && ca->binding)
		r = vdsa_inst_req_set_binding(req, ca->binding);
	for (i = 0; !r && i < ca->n_wqs; i++) {
		r = create_wq_id(vc, what, dev, ca->wqs[i], &id);
		if (r)
			return r;
		r = vdsa_inst_req_add_wq(req, id);
	}
	if (!r && !ca->n_wqs)
		r = vdsa_inst_req_set_wq_count(req, ca->count ? ca->count : 1);
	if (!r && ca->ws.set) {
		r = vdsa_inst_req_get_profile(req, &prof);
		if (!r)
			r = wq_settings_apply(&ca->ws, prof);
	}
	return r < 0 ? report_error(vc, r, "%s", what) : EXIT_OK;
}

int cmd_vdsa_create(struct vdsactl *vc, int argc, char **argv)
{
	struct create_args ca = { 0 };
	struct vdsa_inst_req *req = NULL;
	struct vdsa_inst *inst = NULL;
	struct vdsa_dev *dev;
	char what[128], text[37];
	int first, r;

	r = cmd_parse(vc, argc, argv, create_option, &ca, &first);
	if (r >= 0)
		goto out;
	r = cmd_check_args(vc, argc - first, argv + first, 1, 1, "DEV");
	if (r >= 0)
		goto out;
	if (ca.n_wqs && (ca.count || ca.ws.set)) {
		r = usage_error("vdsa create: --wq takes over configured WQs; it excludes --wqs "
				"and the profile options");
		goto out;
	}
	r = vdsactl_open(vc);
	if (r)
		goto out;
	snprintf(what, sizeof(what), "vdsa create %s", argv[first]);
	r = lookup_dev(vc, what, argv[first], &dev);
	if (r)
		goto out;
	/* libuuid makes the UUID: known before the kernel sees the request. */
	if (!ca.has_uuid)
		uuid_generate_random(ca.uuid);
	uuid_unparse_lower(ca.uuid, text);
	r = vdsa_inst_req_new(dev, &req);
	if (r < 0) {
		r = report_error(vc, r, "%s", what);
		goto out;
	}
	r = create_fill(vc, what, dev, &ca, req);
	if (r)
		goto out;
	r = vdsa_inst_req_submit(req, vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0, &inst);
	if (r < 0) {
		r = report_error(vc, r, "%s", what);
		goto out;
	}
	if (!vc->json) {
		if (!vc->quiet)
			puts(text);
		r = EXIT_OK;
		goto out;
	}
	/* --dry-run created nothing: an empty list. */
	r = vc->dry_run ? print_inst(vc, NULL) : print_changed(vc, what, text);
out:
	vdsa_inst_req_unref(req);
	free(ca.wqs);
	return r;
}

/* ---- destroy, bind, unbind ------------------------------------------------------------ */

int cmd_vdsa_destroy(struct vdsactl *vc, int argc, char **argv)
{
	unsigned int flags;
	struct vdsa_inst *inst;
	char what[WHAT_LEN];
	int r;

	r = begin_inst(vc, argc, argv, what, &inst);
	if (r >= 0)
		return r;
	flags = vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0;
	r = vdsa_inst_destroy(inst, flags);
	if (r < 0)
		return report_error(vc, r, "%s", what);
	if (!vc->json && !vc->dry_run)
		return EXIT_OK;
	/* --dry-run: the instance the destroy would take; done: none left. */
	return vc->dry_run ? print_inst(vc, inst) : print_inst(vc, NULL);
}

int cmd_vdsa_bind(struct vdsactl *vc, int argc, char **argv)
{
	enum vdsa_inst_binding binding;
	enum vdsa_inst_state want;
	struct vdsa_inst *inst;
	char what[WHAT_LEN];
	char **args;
	int r;

	r = parse_uuid_args(vc, argc, argv, 2, "UUID and mdev|vfio", 0, what, &args);
	if (r >= 0)
		return r;
	r = parse_binding("vdsa bind", args[1], &binding);
	if (r)
		return r;
	r = vdsactl_open(vc);
	if (r)
		return r;
	r = lookup_inst(vc, what, args[0], &inst);
	if (r)
		return r;
	want = binding == VDSA_BIND_MDEV ? VDSA_INST_BOUND_MDEV : VDSA_INST_BOUND_VFIO;
	/* Already bound that way: the desired state, success. */
	if (vdsa_inst_get_state(inst) != want) {
		r = vdsa_inst_bind(inst, binding, vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0);
		if (r < 0)
			return report_error(vc, r, "%s", what);
	}
	return print_changed(vc, what, args[0]);
}

int cmd_vdsa_unbind(struct vdsactl *vc, int argc, char **argv)
{
	struct vdsa_inst *inst;
	char what[WHAT_LEN], text[UUID_STR_LEN];
	uuid_t uuid;
	int r;

	r = begin_inst(vc, argc, argv, what, &inst);
	if (r >= 0)
		return r;
	/* print_changed reads the instance back: keep its UUID, not the object. */
	vdsa_inst_get_uuid(inst, uuid);
	uuid_unparse_lower(uuid, text);
	/* Not bound: the desired state, success. */
	if (vdsa_inst_get_state(inst) != VDSA_INST_CREATED) {
		r = vdsa_inst_unbind(inst, vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0);
		if (r < 0)
			return report_error(vc, r, "%s", what);
	}
	return print_changed(vc, what, text);
}

/* ---- wq assign, wq unassign ------------------------------------------------------------- */

static int print_wq_after(struct vdsactl *vc, const char *what, const char *wq_name)
{
	struct json_object *doc;
	struct vdsa_wq *wq;
	int r;

	if (!vc->json && !vc->dry_run)
		return EXIT_OK;
	if (!vc->dry_run) {
		r = vdsa_ctx_refresh(vc->ctx);
		if (r < 0)
			return report_error(vc, r, "%s: reading the WQ back", what);
	}
	r = lookup_wq(vc, what, wq_name, &wq);
	if (r)
		return r;
	doc = json_doc_new();
	json_object_array_add(json_doc_add_array(doc, "wqs"), json_wq(wq));
	return output(vc, doc, wq_print_records);
}

int cmd_wq_assign(struct vdsactl *vc, int argc, char **argv)
{
	struct vdsa_inst *inst;
	struct vdsa_wq *wq;
	char what[WHAT_LEN];
	uint32_t id;
	uuid_t owner, uuid;
	char **args;
	int r;

	r = parse_uuid_args(vc, argc, argv, 2, "WQ and UUID", 1, what, &args);
	if (r >= 0)
		return r;
	r = vdsactl_open(vc);
	if (r)
		return r;
	r = lookup_wq(vc, what, args[0], &wq);
	if (r)
		return r;
	r = lookup_inst(vc, what, args[1], &inst);
	if (r)
		return r;
	vdsa_inst_get_uuid(inst, uuid);
	if (vdsa_wq_get_dev(wq) != vdsa_inst_get_dev(inst))
		return fail("%s: %s is on %s, the instance on %s", what, args[0],
			    vdsa_dev_get_name(vdsa_wq_get_dev(wq)),
			    vdsa_dev_get_name(vdsa_inst_get_dev(inst)));
	id = vdsa_wq_get_id(wq);
	/* Already the instance's: the desired state, success. */
	if (vdsa_wq_get_inst_uuid(wq, owner) || uuid_compare(owner, uuid)) {
		r = vdsa_inst_assign_wqs(inst, &id, 1, vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0);
		if (r < 0)
			return report_error(vc, r, "%s", what);
	}
	return print_wq_after(vc, what, args[0]);
}

int cmd_wq_unassign(struct vdsactl *vc, int argc, char **argv)
{
	struct vdsa_inst *inst;
	struct vdsa_wq *wq;
	char what[128];
	uint32_t id;
	uuid_t owner;
	char **args;
	int r;

	r = cmd_begin(vc, argc, argv, 1, 1, "WQ", &args);
	if (r >= 0)
		return r;
	snprintf(what, sizeof(what), "wq unassign %s", args[0]);
	r = lookup_wq(vc, what, args[0], &wq);
	if (r)
		return r;
	/* In no instance: the desired state. */
	if (vdsa_wq_get_inst_uuid(wq, owner) == 0) {
		r = vdsa_inst_find(vc->ctx, owner, &inst);
		if (r < 0) {
			char text[UUID_STR_LEN];

			uuid_unparse_lower(owner, text);
			return fail("%s: its instance %s was destroyed meanwhile; try again", what,
				    text);
		}
		id = vdsa_wq_get_id(wq);
		r = vdsa_inst_unassign_wqs(inst, &id, 1,
					   vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0);
		if (r < 0)
			return report_error(vc, r, "%s", what);
	}
	return print_wq_after(vc, what, args[0]);
}
