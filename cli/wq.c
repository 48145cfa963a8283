// SPDX-License-Identifier: GPL-2.0-or-later
/* vdsactl wq list | show | create | set | enable | disable | destroy */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "uapi.h"
#include "vdsactl.h"

/* The defaults of "wq create", documented in its help and in vdsactl(8). */
#define CREATE_SIZE 16
#define CREATE_PRIORITY 10
#define CREATE_TYPE VDSA_TYPE_USER
#define CREATE_GROUP 0
/* Attempts when other processes keep changing the device (EAGAIN). */
#define CREATE_ATTEMPTS 8

const struct cmd_option wq_create_options[] = {
	WQ_SETTING_OPTIONS,
	{ "wq", "ID", OPT_WQ, "use WQ ID of DEV (it must be free) instead of the first free WQ" },
	{ NULL },
};

const struct cmd_option wq_set_options[] = {
	WQ_SETTING_OPTIONS,
	{ "enable", NULL, OPT_ENABLE, "enable the WQ in the same request" },
	{ "disable", NULL, OPT_DISABLE,
	  "disable the WQ in the same request (needed to change an enabled WQ)" },
	{ NULL },
};

static const struct column wq_columns[] = {
	{ "NAME", "name", COL_PLAIN },	 { "DEVICE", "device", COL_PLAIN },
	{ "STATE", "state", COL_PLAIN }, { "MODE", "mode", COL_PLAIN },
	{ "SIZE", "size", COL_PLAIN },	 { "THRESHOLD", "threshold", COL_PLAIN },
	{ "GROUP", "group", COL_PLAIN }, { "PRIORITY", "priority", COL_PLAIN },
	{ "TYPE", "type", COL_PLAIN },	 { "WQ-NAME", "wq_name", COL_PLAIN },
};

void wq_print_table(struct vdsactl *vc, struct json_object *doc)
{
	(void)vc;
	table_print(stdout, wq_columns, sizeof(wq_columns) / sizeof(wq_columns[0]),
		    json_object_object_get(doc, "wqs"));
}

void wq_print_records(struct vdsactl *vc, struct json_object *doc)
{
	struct json_object *wqs = json_object_object_get(doc, "wqs");
	size_t i;

	(void)vc;
	for (i = 0; i < json_object_array_length(wqs); i++) {
		if (i)
			putchar('\n');
		record_print(stdout, json_object_array_get_idx(wqs, i), NULL, 0);
	}
}

int cmd_wq_list(struct vdsactl *vc, int argc, char **argv)
{
	struct vdsa_dev *dev, *only = NULL;
	struct json_object *doc, *wqs;
	struct vdsa_wq *wq;
	int r;

	r = begin_list(vc, argc, argv, &only);
	if (r >= 0)
		return r;
	doc = json_doc_new();
	wqs = json_doc_add_array(doc, "wqs");
	vdsa_dev_foreach(vc->ctx, dev) {
		if (only && dev != only)
			continue;
		vdsa_wq_foreach(dev, wq)
			json_object_array_add(wqs, json_wq(wq));
	}
	return output(vc, doc, wq_print_table);
}

int cmd_wq_show(struct vdsactl *vc, int argc, char **argv)
{
	struct json_object *doc;
	struct vdsa_wq *wq;
	char what[128];
	char **args;
	int r;

	r = cmd_begin(vc, argc, argv, 1, 1, "WQ", &args);
	if (r >= 0)
		return r;
	snprintf(what, sizeof(what), "wq show %s", args[0]);
	r = lookup_wq(vc, what, args[0], &wq);
	if (r)
		return r;
	doc = json_doc_new();
	json_object_array_add(json_doc_add_array(doc, "wqs"), json_wq(wq));
	return output(vc, doc, wq_print_records);
}

/* The result of a changed WQ: with -j and with --dry-run, the WQ as it is now. */
static int print_result(struct vdsactl *vc, struct json_object *obj)
{
	struct json_object *doc;

	if (!vc->json && !vc->dry_run) {
		json_object_put(obj);
		return EXIT_OK;
	}
	doc = json_doc_new();
	json_object_array_add(json_doc_add_array(doc, "wqs"), obj);
	return output(vc, doc, wq_print_records);
}

/* The WQ as "destroy" leaves it: the kernel's defaults (vdsa_wq_cfg_init). */
static struct json_object *wq_defaults_json(struct vdsa_wq *wq)
{
	struct vdsa_dev *dev = vdsa_wq_get_dev(wq);
	struct json_object *obj = json_wq(wq);
	const struct wq_settings defaults = {
		.set = ~0u,
		.mode = VDSA_MODE_DEDICATED,
		.size = 0,
		.priority = uapi_wq_priority_min,
		.group = uapi_group_none,
		.type = VDSA_TYPE_NONE,
		.name = "",
		.max_transfer_size = vdsa_dev_get_max_transfer_size(dev),
		.max_batch_size = vdsa_dev_get_max_batch_size(dev),
		.state = VDSA_STATE_DISABLED,
	};

	wq_settings_overlay(&defaults, obj);
	json_object_object_del(obj, "threshold");
	return obj;
}

/*
 * One wq-set request. "defaults" returns the WQ to the free pool; otherwise
 * ws says what changes. On success the library updates the WQ from the
 * kernel's reply, so there is nothing to read back.
 */
static int wq_submit(struct vdsactl *vc, const char *verb, const char *arg,
		     const struct wq_settings *ws, bool defaults)
{
	struct vdsa_wq_req *req;
	struct json_object *before = NULL;
	struct vdsa_wq *wq;
	char what[128];
	int r;

	snprintf(what, sizeof(what), "wq %s %s", verb, arg);
	r = lookup_wq(vc, what, arg, &wq);
	if (r)
		return r;
	if (vc->dry_run)
		before = json_wq(wq);
	r = vdsa_wq_req_new(wq, &req);
	if (r < 0) {
		json_object_put(before);
		return report_error(vc, r, "%s", what);
	}
	r = defaults ? vdsa_wq_req_set_defaults(req) : wq_settings_apply(ws, req);
	if (!r)
		r = vdsa_wq_req_submit(req, vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0);
	vdsa_wq_req_unref(req);
	if (r < 0) {
		json_object_put(before);
		return report_error(vc, r, "%s", what);
	}
	if (!vc->dry_run)
		return print_result(vc, json_wq(wq));
	/*
	 * A validate-only request leaves the snapshot as it was (the library
	 * applies no reply that did not happen): show the WQ with the change
	 * applied on top.
	 */
	if (defaults) {
		json_object_put(before);
		before = wq_defaults_json(wq);
	} else {
		wq_settings_overlay(ws, before);
	}
	return print_result(vc, before);
}

static int set_option(struct vdsactl *vc, int key, const char *arg, void *data)
{
	struct wq_settings *ws = data;
	int r;

	(void)vc;
	if (key == OPT_ENABLE || key == OPT_DISABLE) {
		enum vdsa_wq_state state =
			key == OPT_ENABLE ? VDSA_STATE_ENABLED : VDSA_STATE_DISABLED;

		/* One request has one target state: which one was meant? */
		if (ws->set & WQ_SET_STATE && ws->state != state)
			return usage_error("wq set: --enable and --disable exclude each other");
		ws->state = state;
		ws->set |= WQ_SET_STATE;
		return 0;
	}
	r = wq_settings_parse(ws, key, arg, false);
	return r < 0 ? EXIT_USAGE : r;
}

int cmd_wq_set(struct vdsactl *vc, int argc, char **argv)
{
	struct wq_settings ws = { 0 };
	int first, r;

	r = cmd_parse(vc, argc, argv, set_option, &ws, &first);
	if (r >= 0)
		return r;
	r = cmd_check_args(vc, argc - first, argv + first, 1, 1, "WQ");
	if (r >= 0)
		return r;
	if (!ws.set)
		return usage_error("wq set: nothing to change (see vdsactl wq set --help)");
	r = vdsactl_open(vc);
	if (r)
		return r;
	return wq_submit(vc, "set", argv[first], &ws, false);
}

static int wq_state_cmd(struct vdsactl *vc, int argc, char **argv, enum vdsa_wq_state state)
{
	struct wq_settings ws = { .set = WQ_SET_STATE, .state = state };
	char **args;
	int r;

	r = cmd_begin(vc, argc, argv, 1, 1, "WQ", &args);
	if (r >= 0)
		return r;
	return wq_submit(vc, vc->cmd->verb, args[0], &ws, false);
}

int cmd_wq_enable(struct vdsactl *vc, int argc, char **argv)
{
	return wq_state_cmd(vc, argc, argv, VDSA_STATE_ENABLED);
}

int cmd_wq_disable(struct vdsactl *vc, int argc, char **argv)
{
	return wq_state_cmd(vc, argc, argv, VDSA_STATE_DISABLED);
}

int cmd_wq_destroy(struct vdsactl *vc, int argc, char **argv)
{
	char **args;
	int r;

	r = cmd_begin(vc, argc, argv, 1, 1, "WQ", &args);
	if (r >= 0)
		return r;
	return wq_submit(vc, "destroy", args[0], NULL, true);
}

/* wq create */

struct create_args {
	struct wq_settings ws;
	bool have_wq_id;
	uint32_t wq_id;
};

static int create_option(struct vdsactl *vc, int key, const char *arg, void *data)
{
	struct create_args *ca = data;
	int r;

	(void)vc;
	if (key == OPT_WQ) {
		ca->have_wq_id = true;
		return parse_u32("--wq", arg, 0, UINT32_MAX, &ca->wq_id);
	}
	r = wq_settings_parse(&ca->ws, key, arg, true);
	return r < 0 ? EXIT_USAGE : r;
}

static bool wq_is_free(struct vdsa_wq *wq)
{
	uint32_t group;

	return vdsa_wq_get_state(wq) == VDSA_STATE_DISABLED && !vdsa_wq_get_size(wq) &&
	       vdsa_wq_get_group_id(wq, &group) == -ENODATA;
}

static int pick_wq(struct vdsactl *vc, const char *what, struct vdsa_dev *dev,
		   const struct create_args *ca, struct vdsa_wq **ret)
{
	const char *dev_name = vdsa_dev_get_name(dev);
	int r;

	if (!ca->have_wq_id) {
		r = vdsa_wq_find_free(dev, ret);
		if (r == -ENOSPC)
			return fail("%s: no free WQ on %s", what, dev_name);
		return r < 0 ? report_error(vc, r, "%s", what) : EXIT_OK;
	}
	r = vdsa_wq_find(dev, ca->wq_id, ret);
	if (r == -ENODEV)
		return fail("%s: --wq: %s has no WQ %u", what, dev_name, ca->wq_id);
	if (r < 0)
		return report_error(vc, r, "%s", what);
	if (!wq_is_free(*ret))
		return fail("%s: %s is not free (vdsactl wq destroy %s)", what,
			    vdsa_wq_get_devname(*ret), vdsa_wq_get_devname(*ret));
	return EXIT_OK;
}

/* Fills in what the user left out: the documented defaults. */
static int complete_settings(const char *what, struct vdsa_dev *dev, struct wq_settings *ws)
{
	uint32_t max = vdsa_dev_get_max_wq_size(dev), used = vdsa_dev_get_wq_size_used(dev);
	uint32_t left = used < max ? max - used : 0;

	if (!(ws->set & WQ_SET_MODE))
		ws->mode = VDSA_MODE_DEDICATED;
	if (!(ws->set & WQ_SET_SIZE)) {
		if (!left)
			return fail("%s: no free WQ size on %s", what, vdsa_dev_get_name(dev));
		ws->size = left < CREATE_SIZE ? left : CREATE_SIZE;
	}
	if (!(ws->set & WQ_SET_THRESHOLD) && ws->mode == VDSA_MODE_SHARED) {
		ws->threshold = ws->size;
		ws->set |= WQ_SET_THRESHOLD;
	}
	if (!(ws->set & WQ_SET_PRIORITY))
		ws->priority = CREATE_PRIORITY;
	if (!(ws->set & WQ_SET_TYPE))
		ws->type = CREATE_TYPE;
	if (!(ws->set & WQ_SET_GROUP))
		ws->group = CREATE_GROUP;
	ws->state = VDSA_STATE_ENABLED;
	ws->set |= WQ_SET_MODE | WQ_SET_SIZE | WQ_SET_PRIORITY | WQ_SET_TYPE | WQ_SET_GROUP |
		   WQ_SET_STATE;
	return EXIT_OK;
}

/*
 * A WQ cannot be enabled in a group without engines. On a fresh device no
 * group has one, so the first engine in no group joins the WQ's group in
 * the same request. A group the device does not have is left for the
 * kernel to refuse, with its own message.
 */
static int give_group_an_engine(struct vdsactl *vc, const char *what, struct vdsa_dev *dev,
				int32_t group_id, struct vdsa_config_req *req)
{
	struct vdsa_engine *engine;
	struct vdsa_group *group;
	const uint32_t *ids;
	uint32_t in;
	int r;

	if (group_id < 0 || vdsa_group_find(dev, (uint32_t)group_id, &group) < 0)
		return EXIT_OK;
	if (vdsa_group_get_engines(group, &ids) > 0)
		return EXIT_OK;
	vdsa_engine_foreach(dev, engine) {
		if (vdsa_engine_get_group_id(engine, &in) != -ENODATA)
			continue;
		r = vdsa_config_req_set_engine_group(req, vdsa_engine_get_id(engine), group_id);
		return r < 0 ? report_error(vc, r, "%s", what) : EXIT_OK;
	}
	return fail("%s: %s has no engine and every engine of %s is in another group "
		    "(vdsactl group set %s --engines LIST)",
		    what, vdsa_group_get_devname(group), vdsa_dev_get_name(dev),
		    vdsa_group_get_devname(group));
}

struct create_result {
	uint32_t dev_id;
	uint32_t wq_id;
	char name[64]; /* wq0.3 */
	struct json_object *planned; /* --dry-run: the WQ as it would be */
};

/*
 * One attempt on the current snapshot: one dev-config-set pinned to the
 * generation the snapshot was read at. *retry is set when another process
 * changed the device in between (EAGAIN): nothing was applied.
 */
static int create_attempt(struct vdsactl *vc, const char *what, const char *dev_arg,
			  const struct create_args *ca, struct create_result *res, bool *retry)
{
	struct wq_settings ws = ca->ws;
	struct vdsa_config_req *req = NULL;
	struct vdsa_wq_req *wreq;
	struct vdsa_dev *dev;
	struct vdsa_wq *wq;
	int r;

	*retry = false;
	r = lookup_dev(vc, what, dev_arg, &dev);
	if (!r)
		r = pick_wq(vc, what, dev, ca, &wq);
	if (!r)
		r = complete_settings(what, dev, &ws);
	if (r)
		return r;
	r = vdsa_config_req_new(dev, &req);
	if (r < 0)
		return report_error(vc, r, "%s", what);
	r = give_group_an_engine(vc, what, dev, ws.group, req);
	if (r)
		goto out;
	r = vdsa_config_req_get_wq(req, vdsa_wq_get_id(wq), &wreq);
	if (!r)
		r = wq_settings_apply(&ws, wreq);
	if (!r)
		r = vdsa_config_req_submit(req, vc->dry_run ? VDSA_SUBMIT_VALIDATE_ONLY : 0);
	if (r == -EAGAIN) {
		*retry = true;
		r = EXIT_FAILED;
		goto out;
	}
	if (r < 0) {
		r = report_error(vc, r, "%s", what);
		goto out;
	}
	res->dev_id = vdsa_dev_get_id(dev);
	res->wq_id = vdsa_wq_get_id(wq);
	snprintf(res->name, sizeof(res->name), "%s", vdsa_wq_get_devname(wq));
	if (vc->dry_run) {
		res->planned = json_wq(wq);
		wq_settings_overlay(&ws, res->planned);
	}
	r = EXIT_OK;
out:
	vdsa_config_req_unref(req);
	return r;
}

/* A short random pause, growing with each attempt, so that racing creates spread out. */
static void backoff(int attempt)
{
	struct timespec ts = { 0 };
	long max_us = 1000L << attempt;

	ts.tv_nsec = (random() % max_us) * 1000;
	nanosleep(&ts, NULL);
}

static int print_created(struct vdsactl *vc, const char *what, const struct create_result *res)
{
	struct json_object *doc;
	struct vdsa_dev *dev;
	struct vdsa_wq *wq;
	char dev_id[16];
	int r;

	/* The name is all text mode shows: no need to read anything back. */
	if (!vc->json) {
		if (!vc->quiet)
			puts(res->name);
		return EXIT_OK;
	}
	/* The reply to a config-set is the device: read the new WQ back. */
	r = vdsa_ctx_refresh(vc->ctx);
	if (r < 0)
		return report_error(vc, r, "%s: reading the new WQ back", what);
	snprintf(dev_id, sizeof(dev_id), "%u", res->dev_id);
	r = lookup_dev(vc, what, dev_id, &dev);
	if (r)
		return r;
	if (vdsa_wq_find(dev, res->wq_id, &wq) < 0)
		return fail("%s: the new WQ went away", what);
	doc = json_doc_new();
	json_object_array_add(json_doc_add_array(doc, "wqs"), json_wq(wq));
	return output(vc, doc, wq_print_records);
}

int cmd_wq_create(struct vdsactl *vc, int argc, char **argv)
{
	struct create_args ca = { 0 };
	struct create_result res = { 0 };
	struct json_object *doc;
	char what[128];
	bool retry = false;
	int attempt, first, r;

	r = cmd_parse(vc, argc, argv, create_option, &ca, &first);
	if (r >= 0)
		return r;
	r = cmd_check_args(vc, argc - first, argv + first, 1, 1, "DEV");
	if (r >= 0)
		return r;
	r = vdsactl_open(vc);
	if (r)
		return r;
	snprintf(what, sizeof(what), "wq create %s", argv[first]);
	srandom((unsigned int)getpid() ^ (unsigned int)time(NULL));
	for (attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
		if (attempt) {
			backoff(attempt);
			r = vdsa_ctx_refresh(vc->ctx);
			if (r < 0)
				return report_error(vc, r, "%s: reading the devices again", what);
		}
		r = create_attempt(vc, what, argv[first], &ca, &res, &retry);
		if (!retry)
			break;
	}
	if (retry)
		return report_error(vc, -EAGAIN,
				    "%s: the device kept changing, gave up after %d attempts", what,
				    CREATE_ATTEMPTS);
	if (r)
		return r;
	if (!vc->dry_run)
		return print_created(vc, what, &res);
	doc = json_doc_new();
	json_object_array_add(json_doc_add_array(doc, "wqs"), res.planned);
	return output(vc, doc, wq_print_records);
}
