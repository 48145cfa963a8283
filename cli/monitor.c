// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsactl monitor [DEV] [--count N]: one line per event, as it happens.
 *
 *   dsa1 added gen 1 state ok
 *   dsa0 group0.0 changed gen 5
 *   dsa0 wq0.3 changed gen 5 state enabled
 *   dsa0 vdsa 6f1c...e2 created gen 6
 *   dsa0 changed gen 7 state degraded (undo of wq configure 3 failed (-5))
 *   dsa1 removed gen 9 state ok
 *
 * With -j one JSON object per line (schemas/output/event.json). Every line
 * is flushed at once: the reader may be a script waiting for it.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vdsactl.h"

const struct cmd_option monitor_options[] = {
	{ "count", "N", OPT_COUNT, "exit after N events" },
	/* Tests start a monitor in the background and must know it listens. */
	{ "ready-file", "PATH", OPT_READY_FILE, NULL }, /* create PATH once subscribed */
	{ NULL },
};

struct monitor_args {
	uint32_t count; /* 0: until killed */
	const char *ready_file;
};

static int monitor_option(struct vdsactl *vc, int key, const char *arg, void *data)
{
	struct monitor_args *ma = data;

	(void)vc;
	switch (key) {
	case OPT_COUNT:
		return parse_u32("--count", arg, 1, UINT32_MAX, &ma->count);
	case OPT_READY_FILE:
		ma->ready_file = arg;
		return 0;
	}
	return EXIT_USAGE;
}

/* Event names in JSON and their verbs in text. */
static const struct {
	enum vdsa_event_type type;
	const char *json;
	const char *text;
} event_names[] = {
	{ VDSA_EVENT_DEV_ADD, "dev_add", "added" },
	{ VDSA_EVENT_DEV_DEL, "dev_del", "removed" },
	{ VDSA_EVENT_DEV_CHANGE, "dev_change", "changed" },
	{ VDSA_EVENT_WQ_CHANGE, "wq_change", "changed" },
	{ VDSA_EVENT_GROUP_CHANGE, "group_change", "changed" },
	{ VDSA_EVENT_INST_ADD, "inst_add", "created" },
	{ VDSA_EVENT_INST_DEL, "inst_del", "destroyed" },
	{ VDSA_EVENT_INST_CHANGE, "inst_change", "changed" },
};

/*
 * WQ and group events carry only the device's id. Names come from the
 * snapshot, read again once if the device is newer than it. *ret_obj is
 * the WQ or group the event is about, or NULL.
 */
static int names_of(struct vdsactl *vc, struct vdsa_event *ev, char **ret_dev, char **ret_obj)
{
	const char *name = vdsa_event_get_dev_name(ev);
	struct vdsa_dev *dev = NULL;
	struct vdsa_group *group;
	struct vdsa_wq *wq;
	uint32_t wq_id, group_id;
	char id[16];
	int attempt;

	snprintf(id, sizeof(id), "%u", vdsa_event_get_dev_id(ev));
	for (attempt = 0; !name && attempt < 2; attempt++) {
		if (attempt && vdsa_ctx_refresh(vc->ctx) < 0)
			break;
		if (vdsa_dev_find(vc->ctx, id, &dev) == 0)
			name = vdsa_dev_get_name(dev);
	}
	*ret_dev = strdup(name ? name : id);
	*ret_obj = NULL;
	if (vdsa_event_get_group_id(ev, &group_id) == 0) {
		if (dev && vdsa_group_find(dev, group_id, &group) == 0)
			*ret_obj = strdup(vdsa_group_get_devname(group));
		else if (asprintf(ret_obj, "%s:group%u", *ret_dev, group_id) < 0)
			*ret_obj = NULL;
		return 0;
	}
	if (vdsa_event_get_wq_id(ev, &wq_id) < 0)
		return 0;
	if (dev && vdsa_wq_find(dev, wq_id, &wq) == 0) {
		*ret_obj = strdup(vdsa_wq_get_devname(wq));
	} else if (asprintf(ret_obj, "%s:%u", *ret_dev, wq_id) < 0) {
		*ret_obj = NULL;
	}
	return 0;
}

static int print_event(struct vdsactl *vc, struct vdsa_event *ev, const char *dev_name,
		       const char *obj_name)
{
	enum vdsa_event_type type = vdsa_event_get_type(ev);
	uint32_t gen = vdsa_event_get_generation(ev);
	enum vdsa_wq_state state = VDSA_STATE_DISABLED;
	bool has_state = vdsa_event_get_wq_state(ev, &state) == 0;
	const char *json_name = "unknown", *verb = "event";
	enum vdsa_oper_state oper = 0;
	const char *reason = vdsa_event_get_dev_degraded_reason(ev);
	bool has_oper = vdsa_event_get_dev_oper_state(ev, &oper) == 0;
	const char *oper_name = vdsa_oper_state_name(oper);
	struct json_object *obj;
	char inst[37] = "";
	uuid_t uuid;
	size_t i;

	for (i = 0; i < sizeof(event_names) / sizeof(event_names[0]); i++) {
		if (event_names[i].type == type) {
			json_name = event_names[i].json;
			verb = event_names[i].text;
		}
	}
	if (vdsa_event_get_inst_uuid(ev, uuid) == 0)
		uuid_unparse_lower(uuid, inst);
	if (!vc->json) {
		if (!vc->quiet) {
			printf("%s%s%s%s%s %s gen %u", dev_name, obj_name ? " " : "",
			       obj_name ? obj_name : "", *inst ? " vdsa " : "", inst, verb, gen);
			if (has_state)
				printf(" state %s", vdsa_wq_state_name(state));
			if (has_oper)
				printf(" state %s", oper_name ? oper_name : "unknown");
			if (has_oper && oper != VDSA_OPER_OK && reason && *reason)
				printf(" (%s)", reason);
			putchar('\n');
		}
		if (fflush(stdout) == EOF)
			return fail("writing the output: %s", strerror(errno));
		return EXIT_OK;
	}
	obj = json_doc_new();
	json_object_object_add(obj, "event", json_object_new_string(json_name));
	json_object_object_add(obj, "device", json_object_new_string(dev_name));
	json_object_object_add(obj, "generation", json_object_new_int64(gen));
	if (obj_name)
		json_object_object_add(obj, has_state ? "wq" : "group",
				       json_object_new_string(obj_name));
	if (has_state)
		json_object_object_add(obj, "state",
				       json_object_new_string(vdsa_wq_state_name(state)));
	if (*inst)
		json_object_object_add(obj, "instance", json_object_new_string(inst));
	if (has_oper)
		json_add_oper_state(obj, oper, reason);
	return json_doc_print(vc, obj);
}

static bool wanted(const char *filter, struct vdsa_event *ev, const char *dev_name)
{
	char id[16];

	if (!filter)
		return true;
	snprintf(id, sizeof(id), "%u", vdsa_event_get_dev_id(ev));
	return !strcmp(filter, dev_name) || !strcmp(filter, id);
}

static int mark_ready(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return fail("--ready-file: %s: %s", path, strerror(errno));
	close(fd);
	return EXIT_OK;
}

/* Handles every queued event; *seen counts those printed. */
static int drain(struct vdsactl *vc, struct vdsa_monitor *mon, const char *filter,
		 const struct monitor_args *ma, uint32_t *seen)
{
	struct vdsa_event *ev;
	int r;

	while ((r = vdsa_monitor_receive(mon, &ev)) == 0) {
		char *dev_name = NULL, *obj_name = NULL;
		int status = EXIT_OK;

		names_of(vc, ev, &dev_name, &obj_name);
		if (dev_name && wanted(filter, ev, dev_name)) {
			status = print_event(vc, ev, dev_name, obj_name);
			(*seen)++;
		}
		free(dev_name);
		free(obj_name);
		vdsa_event_unref(ev);
		if (status)
			return status;
		if (ma->count && *seen >= ma->count)
			return EXIT_OK;
	}
	if (r == -EAGAIN)
		return -1;
	return report_error(vc, r, "monitor: receiving events");
}

int cmd_monitor(struct vdsactl *vc, int argc, char **argv)
{
	struct monitor_args ma = { 0 };
	struct vdsa_monitor *mon = NULL;
	const char *filter;
	uint32_t seen = 0;
	int first, r;

	r = cmd_parse(vc, argc, argv, monitor_option, &ma, &first);
	if (r >= 0)
		return r;
	r = cmd_check_args(vc, argc - first, argv + first, 0, 1, "");
	if (r >= 0)
		return r;
	/* A name or id; the device need not exist yet (wait for "dsa3 added"). */
	filter = argv[first];
	r = vdsactl_open(vc);
	if (r)
		return r;
	r = vdsa_monitor_new(vc->ctx, &mon);
	if (r < 0)
		return report_error(vc, r, "monitor: subscribing to the events");
	if (ma.ready_file) {
		r = mark_ready(ma.ready_file);
		if (r)
			goto out;
	}
	for (;;) {
		struct pollfd pfd = { .fd = vdsa_monitor_get_fd(mon), .events = POLLIN };

		r = drain(vc, mon, filter, &ma, &seen);
		if (r >= 0)
			break;
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
			r = fail("monitor: poll: %s", strerror(errno));
			break;
		}
	}
out:
	vdsa_monitor_unref(mon);
	return r;
}
