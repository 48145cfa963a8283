// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsactl: command-line options and their values.
 *
 * Every bad value is a usage error that names the option and the reason,
 * e.g. vdsactl: --priority: "16" is not in 1..15, so that a script's author
 * sees at once which of ten options was wrong.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uapi.h"
#include "vdsactl.h"

static const struct cmd_option common_options[] = {
	{ "help", NULL, 'h', "show this help and exit" },
	{ "json", NULL, 'j', "print JSON (one document, see vdsactl(8))" },
	{ "pretty", NULL, 'p', "indent the JSON (implies --json)" },
	{ "quiet", NULL, 'q', "print nothing but errors" },
	{ "dry-run", NULL, OPT_DRY_RUN, "validate only, change nothing, print the result" },
	{ NULL },
};

static size_t options_count(const struct cmd_option *opts)
{
	size_t n = 0;

	while (opts && opts[n].name)
		n++;
	return n;
}

static const struct cmd_option *option_by_name(const struct vdsactl_cmd *cmd, const char *name,
					       size_t len)
{
	const struct cmd_option *tables[] = { common_options, cmd->options };
	size_t t, i;

	for (t = 0; t < 2; t++) {
		for (i = 0; i < options_count(tables[t]); i++) {
			const struct cmd_option *o = &tables[t][i];

			if (strlen(o->name) == len && !strncmp(o->name, name, len))
				return o;
		}
	}
	return NULL;
}

/*
 * getopt_long accepts any unique abbreviation ("--pri" for --priority), so a
 * later option could silently change what an old script means. Long options
 * must be spelt in full: checked here before getopt sees them.
 */
static int check_long_options(const struct vdsactl_cmd *cmd, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct cmd_option *o;
		size_t len;

		if (!strcmp(a, "--"))
			break;
		if (strncmp(a, "--", 2))
			continue;
		len = strcspn(a + 2, "=");
		o = option_by_name(cmd, a + 2, len);
		if (!o)
			return usage_error("%s: unknown option \"%.*s\" (see vdsactl %s --help)",
					   cmd_name(cmd), (int)len + 2, a, cmd_name(cmd));
		if (o->arg && !a[2 + len])
			i++; /* its value, whatever it looks like */
	}
	return -1;
}

int cmd_parse(struct vdsactl *vc, int argc, char **argv, option_handler handler, void *data,
	      int *ret_first)
{
	const struct vdsactl_cmd *cmd = vc->cmd;
	size_t n_common = options_count(common_options);
	size_t n_cmd = options_count(cmd->options);
	struct option *longopts;
	size_t i;
	int r, c;

	r = check_long_options(cmd, argc, argv);
	if (r >= 0)
		return r;

	longopts = calloc(n_common + n_cmd + 1, sizeof(*longopts));
	if (!longopts)
		return fail("out of memory");
	for (i = 0; i < n_common + n_cmd; i++) {
		const struct cmd_option *o =
			i < n_common ? &common_options[i] : &cmd->options[i - n_common];

		longopts[i].name = o->name;
		longopts[i].has_arg = o->arg ? required_argument : no_argument;
		longopts[i].val = o->key;
	}

	r = -1;
	optind = 0; /* glibc: start afresh, main() has used getopt already */
	opterr = 0;
	while (r < 0 && (c = getopt_long(argc, argv, ":hjpq", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_print_help(cmd, stdout);
			r = EXIT_OK;
			break;
		case 'j':
			vc->json = true;
			break;
		case 'p':
			vc->json = vc->pretty = true;
			break;
		case 'q':
			vc->quiet = true;
			break;
		case OPT_DRY_RUN:
			vc->dry_run = true;
			break;
		case ':':
			r = usage_error("%s: %s needs a value", cmd_name(cmd), argv[optind - 1]);
			break;
		case '?':
			if (optopt)
				r = usage_error(
					"%s: unknown option \"-%c\" (see vdsactl %s --help)",
					cmd_name(cmd), optopt, cmd_name(cmd));
			else
				r = usage_error("%s: unknown option \"%s\" (see vdsactl %s --help)",
						cmd_name(cmd), argv[optind - 1], cmd_name(cmd));
			break;
		default:
			r = handler ? handler(vc, c, optarg, data) : EXIT_USAGE;
			if (r == 0)
				r = -1;
			break;
		}
	}
	free(longopts);
	*ret_first = optind;
	return r;
}

int cmd_check_args(struct vdsactl *vc, int count, char **args, int min, int max,
		   const char *missing)
{
	if (count < min)
		return usage_error("%s: missing %s (usage: vdsactl %s %s)", cmd_name(vc->cmd),
				   missing, cmd_name(vc->cmd), vc->cmd->usage);
	if (count > max)
		return usage_error("%s: unexpected argument \"%s\"", cmd_name(vc->cmd), args[max]);
	return -1;
}

int cmd_begin(struct vdsactl *vc, int argc, char **argv, int min, int max, const char *missing,
	      char ***ret_args)
{
	int first, r;

	r = cmd_parse(vc, argc, argv, NULL, NULL, &first);
	if (r >= 0)
		return r;
	r = cmd_check_args(vc, argc - first, argv + first, min, max, missing);
	if (r >= 0)
		return r;
	*ret_args = argv + first;
	r = vdsactl_open(vc);
	return r ? r : -1;
}

static void print_option_list(const struct cmd_option *opts, FILE *out)
{
	size_t i;

	for (i = 0; i < options_count(opts); i++) {
		const struct cmd_option *o = &opts[i];
		char left[64];
		char shortopt[5] = "    ";

		if (!o->help)
			continue;
		if (o->key < 0x100)
			snprintf(shortopt, sizeof(shortopt), "-%c, ", o->key);
		snprintf(left, sizeof(left), "%s--%s%s%s", shortopt, o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
		fprintf(out, "  %-34s %s\n", left, o->help);
	}
}

void cmd_print_options(const struct vdsactl_cmd *cmd, FILE *out)
{
	if (options_count(cmd->options)) {
		fprintf(out, "\nOptions:\n");
		print_option_list(cmd->options, out);
	}
	fprintf(out, "\nCommon options:\n");
	print_option_list(common_options, out);
}

/* --list-opts: every option a command takes, and its value, for shell completion. */
void cmd_list_options(const struct vdsactl_cmd *cmd, FILE *out)
{
	const struct cmd_option *tables[] = { common_options, cmd ? cmd->options : NULL };
	size_t t, i;

	/* "--mode dedicated|shared": completion offers the choices. */
	for (t = 0; t < 2; t++) {
		for (i = 0; i < options_count(tables[t]); i++) {
			const struct cmd_option *o = &tables[t][i];

			if (o->help)
				fprintf(out, "--%s%s%s\n", o->name, o->arg ? " " : "",
					o->arg ? o->arg : "");
		}
	}
}

/* Values */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int parse_u64(const char *opt, const char *arg, uint64_t min, uint64_t max, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	/* strtoull takes "-1", " 7" and "0x10" too; a number here is decimal digits. */
	if (!all_digits(arg))
		return usage_error("%s: \"%s\" is not a number", opt, arg);
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno == ERANGE || v < min || v > max)
		return usage_error("%s: \"%s\" is not in %" PRIu64 "..%" PRIu64, opt, arg, min,
				   max);
	*ret = v;
	return 0;
}

int parse_u32(const char *opt, const char *arg, uint32_t min, uint32_t max, uint32_t *ret)
{
	uint64_t v;
	int r;

	r = parse_u64(opt, arg, min, max, &v);
	if (r)
		return r;
	*ret = (uint32_t)v;
	return 0;
}

int parse_engine_list(const char *opt, const char *arg, uint32_t **ret, size_t *ret_count)
{
	uint32_t *ids = NULL;
	size_t count = 0;
	const char *p = arg;

	/* "" is a valid list: the group keeps no engine. */
	while (*arg && p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char item[24] = "";
		uint32_t *grown;
		uint64_t v;

		if (len < sizeof(item))
			memcpy(item, p, len);
		if (len >= sizeof(item) || !all_digits(item)) {
			free(ids);
			return usage_error("%s: \"%.*s\" in \"%s\" is not an engine id (a number)",
					   opt, (int)len, p, arg);
		}
		v = strtoull(item, NULL, 10);
		if (v > UINT32_MAX) {
			free(ids);
			return usage_error("%s: \"%s\" in \"%s\" is not in 0..%u", opt, item, arg,
					   UINT32_MAX);
		}
		grown = realloc(ids, (count + 1) * sizeof(*ids));
		if (!grown) {
			free(ids);
			return fail("out of memory");
		}
		ids = grown;
		ids[count++] = (uint32_t)v;
		p = comma ? comma + 1 : NULL;
	}
	*ret = ids;
	*ret_count = count;
	return 0;
}

/* Enum names come from the library, so the CLI and JSON spell them as it does. */
static int parse_enum(const char *opt, const char *arg, const char *(*name_of)(int), int first,
		      int last, int *ret)
{
	char choices[128] = "";
	int v;

	for (v = first; v <= last; v++) {
		const char *name = name_of(v);

		if (name && !strcmp(name, arg)) {
			*ret = v;
			return 0;
		}
		if (name)
			snprintf(choices + strlen(choices), sizeof(choices) - strlen(choices),
				 "%s%s", v == first ? "" : ", ", name);
	}
	return usage_error("%s: \"%s\" is not one of %s", opt, arg, choices);
}

static const char *mode_name(int v)
{
	return vdsa_wq_mode_name(v);
}

static const char *type_name(int v)
{
	return vdsa_wq_type_name(v);
}

int wq_settings_parse(struct wq_settings *ws, int key, const char *arg, bool creating)
{
	uint32_t group = 0;
	int v, r = 0;

	switch (key) {
	case OPT_MODE:
		r = parse_enum("--mode", arg, mode_name, VDSA_MODE_DEDICATED, VDSA_MODE_SHARED, &v);
		ws->mode = v;
		ws->set |= WQ_SET_MODE;
		break;
	case OPT_SIZE:
		r = parse_u32("--size", arg, creating ? 1 : 0, UINT32_MAX, &ws->size);
		ws->set |= WQ_SET_SIZE;
		break;
	case OPT_THRESHOLD:
		r = parse_u32("--threshold", arg, 1, UINT32_MAX, &ws->threshold);
		ws->set |= WQ_SET_THRESHOLD;
		break;
	case OPT_PRIORITY:
		r = parse_u32("--priority", arg, uapi_wq_priority_min, uapi_wq_priority_max,
			      &ws->priority);
		ws->set |= WQ_SET_PRIORITY;
		break;
	case OPT_PRIVILEGED:
	case OPT_NO_PRIVILEGED:
		ws->privileged = key == OPT_PRIVILEGED;
		ws->set |= WQ_SET_PRIVILEGED;
		break;
	case OPT_BLOCK_ON_FAULT:
	case OPT_NO_BLOCK_ON_FAULT:
		ws->block_on_fault = key == OPT_BLOCK_ON_FAULT;
		ws->set |= WQ_SET_BLOCK_ON_FAULT;
		break;
	case OPT_ATS_DISABLE:
	case OPT_NO_ATS_DISABLE:
		ws->ats_disable = key == OPT_ATS_DISABLE;
		ws->set |= WQ_SET_ATS_DISABLE;
		break;
	case OPT_GROUP:
		if (!strcmp(arg, "none") && !creating) {
			ws->group = uapi_group_none;
		} else {
			r = parse_u32("--group", arg, 0, INT32_MAX, &group);
			ws->group = (int32_t)group;
		}
		ws->set |= WQ_SET_GROUP;
		break;
	case OPT_TYPE:
		r = parse_enum("--type", arg, type_name, VDSA_TYPE_NONE, VDSA_TYPE_VDSA, &v);
		ws->type = v;
		ws->set |= WQ_SET_TYPE;
		break;
	case OPT_NAME:
		if (strlen(arg) > uapi_wq_name_max_len)
			return usage_error("--name: \"%.20s...\" is longer than %u characters", arg,
					   uapi_wq_name_max_len);
		ws->name = arg;
		ws->set |= WQ_SET_NAME;
		break;
	case OPT_MAX_TRANSFER_SIZE:
		r = parse_u64("--max-transfer-size", arg, 1, UINT64_MAX, &ws->max_transfer_size);
		ws->set |= WQ_SET_MAX_TRANSFER_SIZE;
		break;
	case OPT_MAX_BATCH_SIZE:
		r = parse_u32("--max-batch-size", arg, 1, UINT32_MAX, &ws->max_batch_size);
		ws->set |= WQ_SET_MAX_BATCH_SIZE;
		break;
	default:
		return -1;
	}
	return r;
}

int wq_settings_apply(const struct wq_settings *ws, struct vdsa_wq_req *req)
{
	int r = 0;

	/* Order does not matter: the kernel validates the request as a whole. */
	if (!r && ws->set & WQ_SET_GROUP)
		r = vdsa_wq_req_set_group_id(req, ws->group);
	if (!r && ws->set & WQ_SET_MODE)
		r = vdsa_wq_req_set_mode(req, ws->mode);
	if (!r && ws->set & WQ_SET_SIZE)
		r = vdsa_wq_req_set_size(req, ws->size);
	if (!r && ws->set & WQ_SET_THRESHOLD)
		r = vdsa_wq_req_set_threshold(req, ws->threshold);
	if (!r && ws->set & WQ_SET_PRIORITY)
		r = vdsa_wq_req_set_priority(req, ws->priority);
	if (!r && ws->set & WQ_SET_PRIVILEGED)
		r = vdsa_wq_req_set_privileged(req, ws->privileged);
	if (!r && ws->set & WQ_SET_BLOCK_ON_FAULT)
		r = vdsa_wq_req_set_block_on_fault(req, ws->block_on_fault);
	if (!r && ws->set & WQ_SET_ATS_DISABLE)
		r = vdsa_wq_req_set_ats_disable(req, ws->ats_disable);
	if (!r && ws->set & WQ_SET_TYPE)
		r = vdsa_wq_req_set_type(req, ws->type);
	if (!r && ws->set & WQ_SET_NAME)
		r = vdsa_wq_req_set_name(req, ws->name);
	if (!r && ws->set & WQ_SET_MAX_TRANSFER_SIZE)
		r = vdsa_wq_req_set_max_transfer_size(req, ws->max_transfer_size);
	if (!r && ws->set & WQ_SET_MAX_BATCH_SIZE)
		r = vdsa_wq_req_set_max_batch_size(req, ws->max_batch_size);
	if (!r && ws->set & WQ_SET_STATE)
		r = vdsa_wq_req_set_state(req, ws->state);
	return r;
}

static void set_int(struct json_object *obj, const char *key, int64_t v)
{
	json_object_object_add(obj, key, json_object_new_int64(v));
}

static void set_bool(struct json_object *obj, const char *key, bool v)
{
	json_object_object_add(obj, key, json_object_new_boolean(v));
}

void wq_settings_overlay(const struct wq_settings *ws, struct json_object *wq)
{
	if (ws->set & WQ_SET_MODE)
		json_object_object_add(wq, "mode",
				       json_object_new_string(vdsa_wq_mode_name(ws->mode)));
	if (ws->set & WQ_SET_SIZE)
		set_int(wq, "size", ws->size);
	if (ws->set & WQ_SET_THRESHOLD)
		set_int(wq, "threshold", ws->threshold);
	/* As in idxd, a dedicated WQ has no threshold. */
	if (strcmp(json_get_string(wq, "mode"), "shared"))
		json_object_object_del(wq, "threshold");
	if (ws->set & WQ_SET_PRIORITY)
		set_int(wq, "priority", ws->priority);
	if (ws->set & WQ_SET_PRIVILEGED)
		set_bool(wq, "privileged", ws->privileged);
	if (ws->set & WQ_SET_BLOCK_ON_FAULT)
		set_bool(wq, "block_on_fault", ws->block_on_fault);
	if (ws->set & WQ_SET_ATS_DISABLE)
		set_bool(wq, "ats_disable", ws->ats_disable);
	if (ws->set & WQ_SET_GROUP) {
		if (ws->group < 0)
			json_object_object_del(wq, "group");
		else
			set_int(wq, "group", ws->group);
	}
	if (ws->set & WQ_SET_TYPE)
		json_object_object_add(wq, "type",
				       json_object_new_string(vdsa_wq_type_name(ws->type)));
	if (ws->set & WQ_SET_NAME) {
		if (*ws->name)
			json_object_object_add(wq, "wq_name", json_object_new_string(ws->name));
		else
			json_object_object_del(wq, "wq_name");
	}
	if (ws->set & WQ_SET_MAX_TRANSFER_SIZE)
		set_int(wq, "max_transfer_size", (int64_t)ws->max_transfer_size);
	if (ws->set & WQ_SET_MAX_BATCH_SIZE)
		set_int(wq, "max_batch_size", ws->max_batch_size);
	if (ws->set & WQ_SET_STATE) {
		/* A WQ that starts or stops runs or not; one left enabled keeps its halt. */
		if (ws->state == VDSA_STATE_DISABLED || strcmp(json_get_string(wq, "state"), "enabled"))
			json_object_object_add(wq, "oper_state",
					       json_object_new_string(vdsa_wq_state_name(ws->state)));
		json_object_object_add(wq, "state",
				       json_object_new_string(vdsa_wq_state_name(ws->state)));
	}
	json_wq_reorder(wq);
}
