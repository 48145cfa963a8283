// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsactl: provision Intel DSA work queues through the vdsa netlink family.
 *
 *   vdsactl [-j|--json] [-p|--pretty] [-q|--quiet] [--dry-run] OBJECT VERB [ARGS]
 *
 * main() parses the global options, finds the command in one const table
 * (keywords match exactly, never by prefix) and runs it. The same table
 * drives --help, "help COMMAND" and --list-cmds.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "uapi.h"
#include "vdsactl.h"

static int cmd_version(struct vdsactl *vc, int argc, char **argv);
static int cmd_help(struct vdsactl *vc, int argc, char **argv);

static const struct vdsactl_cmd commands[] = {
	{ "dev", "list", cmd_dev_list, "list devices", "", NULL,
	  "Lists every vdsa device with its operational state (ok or degraded),\n"
	  "capabilities and WQ usage." },
	{ "dev", "show", cmd_dev_show, "show one device", "DEV", NULL,
	  "Shows every attribute of DEV (a name such as dsa0, or a kernel id),\n"
	  "and why it is degraded if it is." },
	{ "dev", "reset", cmd_dev_reset, "disable every WQ and clear the configuration", "DEV",
	  NULL,
	  "Disables every WQ of DEV and returns its groups, engines and WQs to their\n"
	  "defaults, in one request. A degraded device (one that refuses to be\n"
	  "configured, EIO) is reset in hardware and is ok again; destroy its vDSA\n"
	  "instances first." },
	{ "group", "list", cmd_group_list, "list groups", "[DEV]", NULL,
	  "Lists the groups of every device, or of DEV." },
	{ "group", "set", cmd_group_set, "set a group's engines and read buffers",
	  "GROUP [options]", group_set_options,
	  "Sets the engines (the complete membership) and read buffers of GROUP\n"
	  "(group0.1 or DEV:ID) in one request. An engine named here leaves its\n"
	  "previous group. A group with enabled WQs refuses changes (EBUSY)." },
	{ "wq", "list", cmd_wq_list, "list WQs", "[DEV]", NULL,
	  "Lists the WQs of every device, or of DEV, free ones included." },
	{ "wq", "show", cmd_wq_show, "show one WQ", "WQ", NULL,
	  "Shows every attribute of WQ (wq0.3 or DEV:ID)." },
	{ "wq", "create", cmd_wq_create, "configure and enable a free WQ", "DEV [options]",
	  wq_create_options,
	  "Picks a free WQ of DEV (or the one --wq names), configures it and enables\n"
	  "it in one atomic request, and prints its name. Defaults: --mode dedicated,\n"
	  "--size 16 (or what is left of the device's WQ size, if less),\n"
	  "--priority 10, --type user, --group 0, --threshold equal to the size for\n"
	  "shared WQs, no name. If the group has no engine, the first engine in no\n"
	  "group joins it in the same request, so \"vdsactl wq create dsa0\" works on\n"
	  "a fresh device. If another process changes the device meanwhile, the\n"
	  "request is refused as a whole and retried on a fresh view." },
	{ "wq", "set", cmd_wq_set, "change a WQ's attributes", "WQ [options]", wq_set_options,
	  "Changes the given attributes of WQ in one request. An enabled WQ refuses\n"
	  "changes (EBUSY) unless --disable is given too." },
	{ "wq", "enable", cmd_wq_enable, "enable a WQ", "WQ", NULL,
	  "Enables WQ. Enabling an enabled WQ succeeds." },
	{ "wq", "disable", cmd_wq_disable, "disable a WQ", "WQ", NULL,
	  "Disables WQ. Disabling a disabled WQ succeeds." },
	{ "wq", "destroy", cmd_wq_destroy, "disable a WQ and return it to the free pool", "WQ",
	  NULL,
	  "Disables WQ and returns every attribute to its default, in one request:\n"
	  "the WQ is free again. Destroying a free WQ succeeds." },
	{ "wq", "assign", cmd_wq_assign, "move a configured WQ into a vDSA instance", "WQ UUID",
	  NULL,
	  "Moves WQ, configured and owned by no instance, into the unbound vDSA\n"
	  "instance UUID of the same device; it becomes type vdsa and is enabled.\n"
	  "Assigning a WQ to the instance that has it succeeds." },
	{ "wq", "unassign", cmd_wq_unassign, "move a WQ out of its vDSA instance", "WQ", NULL,
	  "Moves WQ out of its (unbound) vDSA instance; it keeps its configuration\n"
	  "and state. The last WQ of an instance cannot leave it. A WQ in no\n"
	  "instance is left alone (success)." },
	{ "vdsa", "list", cmd_vdsa_list, "list vDSA instances", "[DEV]", NULL,
	  "Lists the vDSA instances of every device, or of DEV." },
	{ "vdsa", "show", cmd_vdsa_show, "show one vDSA instance", "UUID", NULL,
	  "Shows the instance UUID: its state, its binding (the mdev's sysfs path, the\n"
	  "vfio group /dev/vfio/N and the vfio device path, which a VM configuration\n"
	  "needs) and every WQ with its profile." },
	{ "vdsa", "create", cmd_vdsa_create, "create a vDSA instance", "DEV [options]",
	  vdsa_create_options,
	  "Creates a vDSA instance on DEV in one atomic request: from --wqs N free WQs\n"
	  "(default 1) configured with the profile options, or from the configured WQs\n"
	  "--wq names; the WQs become type vdsa and are enabled. Profile fields left\n"
	  "out take the kernel's default profile: dedicated, size 16, priority 10, the\n"
	  "lowest group with an engine. --bind vfio binds in the same request; --bind\n"
	  "mdev creates the mdev afterwards and destroys the instance again if that\n"
	  "fails. Prints the instance's UUID. Any failure leaves nothing behind." },
	{ "vdsa", "destroy", cmd_vdsa_destroy, "destroy a vDSA instance", "UUID", NULL,
	  "Destroys the instance UUID; its WQs return to the free pool, disabled and\n"
	  "reset. An instance bound to mdev loses its mdev first; a vfio binding is\n"
	  "undone in the same request. Refused (EBUSY) while a VM holds the device." },
	{ "vdsa", "bind", cmd_vdsa_bind, "bind a vDSA instance to mdev or vfio", "UUID mdev|vfio",
	  NULL,
	  "Binds the created instance UUID: vfio registers a vfio device (a group\n"
	  "/dev/vfio/N appears); mdev writes UUID to the create file of the device's\n"
	  "vdsa-inst mdev type (/sys/bus/mdev/devices/UUID appears). Binding an\n"
	  "instance bound that way already succeeds." },
	{ "vdsa", "unbind", cmd_vdsa_unbind, "undo a vDSA instance's binding", "UUID", NULL,
	  "Undoes the binding of UUID: the vfio device goes, or the mdev is removed.\n"
	  "Refused (EBUSY) while a VM holds the device. Unbinding an unbound instance\n"
	  "succeeds." },
	{ "monitor", NULL, cmd_monitor, "print events as they happen", "[DEV] [--count N]",
	  monitor_options,
	  "Prints one line per event of every device, or of DEV (a name or kernel\n"
	  "id; the device need not exist yet): devices added, removed and changed,\n"
	  "WQs enabled and disabled, vDSA instances created, destroyed and changed.\n"
	  "With -j, one JSON object per line." },
	{ "version", NULL, cmd_version, "print the version", "", NULL,
	  "Prints the version of vdsactl and of the netlink family it speaks." },
	{ "help", NULL, cmd_help, "show help for a command", "[OBJECT [VERB]]", NULL,
	  "Shows the help of a command, as \"vdsactl OBJECT VERB --help\" does." },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *cmd_name(const struct vdsactl_cmd *cmd)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%s%s%s", cmd->object, cmd->verb ? " " : "",
		 cmd->verb ? cmd->verb : "");
	return buf;
}

void cmd_print_help(const struct vdsactl_cmd *cmd, FILE *out)
{
	fprintf(out, "usage: vdsactl [global options] %s%s%s\n\n%s\n", cmd_name(cmd),
		*cmd->usage ? " " : "", cmd->usage, cmd->description);
	cmd_print_options(cmd, out);
	fprintf(out, "\nSee vdsactl(8).\n");
}

static bool object_exists(const char *object)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].object, object))
			return true;
	return false;
}

static const struct vdsactl_cmd *find_cmd(const char *object, const char *verb)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++) {
		const struct vdsactl_cmd *c = &commands[i];

		if (strcmp(c->object, object))
			continue;
		if (!c->verb || (verb && !strcmp(c->verb, verb)))
			return c;
	}
	return NULL;
}

static void print_command_list(FILE *out, const char *object)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++) {
		const struct vdsactl_cmd *c = &commands[i];
		const char *usage = c->usage;
		int width;

		if (object && strcmp(c->object, object))
			continue;
		if (strlen(cmd_name(c)) + 1 + strlen(usage) > 30)
			usage = "...";
		width = fprintf(out, "  %s%s%s", cmd_name(c), *usage ? " " : "", usage);
		fprintf(out, "%*s %s\n", width < 32 ? 32 - width : 0, "", c->summary);
	}
}

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: vdsactl [-j|--json] [-p|--pretty] [-q|--quiet] [--dry-run] OBJECT VERB [ARGS]\n"
		"       vdsactl help [OBJECT [VERB]]\n"
		"\n"
		"Provisions Intel DSA work queues through the vdsa netlink family.\n"
		"\n"
		"Commands:\n");
	print_command_list(out, NULL);
	fprintf(out,
		"\n"
		"Global options (also accepted after the command):\n"
		"  -j, --json       print JSON: one document per command (see vdsactl(8))\n"
		"  -p, --pretty     indent the JSON (implies --json)\n"
		"  -q, --quiet      print nothing but errors\n"
		"      --dry-run    validate only, change nothing, print the result\n"
		"  -h, --help       show this help; \"vdsactl OBJECT [VERB] --help\" for a command\n"
		"  -V, --version    print the version\n"
		"      --list-cmds  list the commands, one per line\n"
		"\n"
		"Names: devices as dsaN or a kernel id; WQs as wqN.M or DEV:ID; groups as\n"
		"groupN.M or DEV:ID; vDSA instances by UUID.\n"
		"Exit status: 0 success, 1 the operation failed, 2 usage error.\n"
		"See vdsactl(8).\n");
}

static void print_object_help(const char *object, FILE *out)
{
	fprintf(out, "usage: vdsactl [global options] %s VERB [ARGS]\n\nCommands:\n", object);
	print_command_list(out, object);
	fprintf(out, "\n\"vdsactl %s VERB --help\" shows the options of a command.\n", object);
}

static int cmd_version(struct vdsactl *vc, int argc, char **argv)
{
	struct json_object *doc;
	int first, r;

	r = cmd_parse(vc, argc, argv, NULL, NULL, &first);
	if (r >= 0)
		return r;
	r = cmd_check_args(vc, argc - first, argv + first, 0, 0, "");
	if (r >= 0)
		return r;
	if (!vc->json) {
		if (!vc->quiet)
			printf("vdsactl %s (vdsa netlink family version %u)\n", PACKAGE_VERSION,
			       uapi_family_version);
		return EXIT_OK;
	}
	doc = json_doc_new();
	json_object_object_add(doc, "vdsactl", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(doc, "family", json_object_new_string("vdsa"));
	json_object_object_add(doc, "family_version", json_object_new_int64(uapi_family_version));
	return json_doc_print(vc, doc);
}

/* "help", "help wq", "help wq create": the same as --help at that level. */
static int help_for(int argc, char **argv, FILE *out)
{
	const struct vdsactl_cmd *cmd;
	int words;

	if (argc < 1) {
		print_usage(out);
		return EXIT_OK;
	}
	if (!object_exists(argv[0]))
		return usage_error("unknown object \"%s\" (see vdsactl --help)", argv[0]);
	cmd = find_cmd(argv[0], argc > 1 ? argv[1] : NULL);
	if (!cmd && argc == 1) {
		print_object_help(argv[0], out);
		return EXIT_OK;
	}
	if (!cmd)
		return usage_error("%s: unknown command \"%s\" (see vdsactl %s --help)", argv[0],
				   argv[1], argv[0]);
	words = cmd->verb ? 2 : 1;
	if (argc > words)
		return usage_error("help: unexpected argument \"%s\"", argv[words]);
	cmd_print_help(cmd, out);
	return EXIT_OK;
}

static int cmd_help(struct vdsactl *vc, int argc, char **argv)
{
	int first, r;

	r = cmd_parse(vc, argc, argv, NULL, NULL, &first);
	if (r >= 0)
		return r;
	return help_for(argc - first, argv + first, stdout);
}

static void list_cmds(void)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		puts(cmd_name(&commands[i]));
}

/* --list-opts [OBJECT [VERB]]: options for shell completion. */
static int list_opts(int argc, char **argv)
{
	const struct vdsactl_cmd *cmd = NULL;

	if (argc > 0) {
		cmd = find_cmd(argv[0], argc > 1 ? argv[1] : NULL);
		if (!cmd || (cmd->verb && argc < 2))
			return EXIT_USAGE;
	}
	cmd_list_options(cmd, stdout);
	return EXIT_OK;
}

enum {
	GLOBAL_DRY_RUN = 0x100,
	GLOBAL_LIST_CMDS,
	GLOBAL_LIST_OPTS,
};

static const struct option global_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'p' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, 'V' },
	{ "dry-run", no_argument, NULL, GLOBAL_DRY_RUN },
	{ "list-cmds", no_argument, NULL, GLOBAL_LIST_CMDS },
	{ "list-opts", no_argument, NULL, GLOBAL_LIST_OPTS },
	{},
};

/* Long options spelt in full only, as for the commands (options.c). */
static int check_global_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const struct option *o;
		bool known = false;

		if (!strcmp(argv[i], "--"))
			break;
		if (strncmp(argv[i], "--", 2))
			continue;
		for (o = global_options; o->name; o++)
			known |= !strcmp(argv[i] + 2, o->name);
		if (!known)
			return usage_error("unknown option \"%s\" (see vdsactl --help)", argv[i]);
	}
	return -1;
}

static int run(struct vdsactl *vc, int argc, char **argv)
{
	const struct vdsactl_cmd *cmd;
	bool list_options = false;
	int c, r;

	r = check_global_options(argc, argv);
	if (r >= 0)
		return r;
	opterr = 0;
	/* "+": stop at OBJECT; what follows belongs to the command. */
	while ((c = getopt_long(argc, argv, "+:hjpqV", global_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_usage(stdout);
			return EXIT_OK;
		case 'j':
			vc->json = true;
			break;
		case 'p':
			vc->json = vc->pretty = true;
			break;
		case 'q':
			vc->quiet = true;
			break;
		case 'V':
			vc->cmd = find_cmd("version", NULL);
			return cmd_version(vc, 1, (char *[]){ "version", NULL });
		case GLOBAL_DRY_RUN:
			vc->dry_run = true;
			break;
		case GLOBAL_LIST_CMDS:
			list_cmds();
			return EXIT_OK;
		case GLOBAL_LIST_OPTS:
			list_options = true;
			break;
		default:
			if (optopt)
				return usage_error("unknown option \"-%c\" (see vdsactl --help)",
						   optopt);
			return usage_error("unknown option \"%s\" (see vdsactl --help)",
					   argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (list_options)
		return list_opts(argc, argv);

	if (argc < 1) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!object_exists(argv[0]))
		return usage_error("unknown object \"%s\" (see vdsactl --help)", argv[0]);
	cmd = find_cmd(argv[0], NULL);
	if (cmd && !cmd->verb) {
		vc->cmd = cmd;
		return cmd->fn(vc, argc, argv);
	}
	if (argc < 2) {
		fprintf(stderr, "vdsactl: %s: missing command\n", argv[0]);
		print_object_help(argv[0], stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		print_object_help(argv[0], stdout);
		return EXIT_OK;
	}
	cmd = find_cmd(argv[0], argv[1]);
	if (!cmd)
		return usage_error("%s: unknown command \"%s\" (see vdsactl %s --help)", argv[0],
				   argv[1], argv[0]);
	vc->cmd = cmd;
	return cmd->fn(vc, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	struct vdsactl vc = { 0 };
	int r;

	r = run(&vc, argc, argv);
	vdsa_ctx_unref(vc.ctx);
	/* A full disk or a closed pipe must not look like success. */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (r == EXIT_OK)
			r = fail("writing the output: %s", strerror(errno ? errno : EIO));
	}
	return r;
}
