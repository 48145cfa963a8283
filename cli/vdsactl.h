/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vdsactl: shared declarations of the command-line tool.
 *
 * Layout: main.c parses the global options and dispatches through the
 * command table; dev.c, group.c, wq.c and monitor.c hold one object's
 * commands each; options.c parses option values (the WQ settings shared by
 * "wq create" and "wq set" among them); vdsa.c holds the vDSA instance
 * commands; lookup.c turns operator names (dsa0, wq0.3, group0.1, DEV:ID,
 * instance UUIDs) into library objects; json.c builds the
 * one JSON document every command prints, and table.c renders the same
 * document as text; report.c prints errors.
 */
#ifndef VDSACTL_H
#define VDSACTL_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>
#include <vdsa/libvdsa.h>

/* Exit status: the whole contract with scripts. */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
};

/* Version of every JSON document; a breaking change bumps it. */
#define VDSACTL_JSON_VERSION 1

struct vdsactl_cmd;

/* State of one invocation, handed to every command. */
struct vdsactl {
	struct vdsa_ctx *ctx; /* opened by vdsactl_open(): help needs no kernel */
	const struct vdsactl_cmd *cmd;
	bool json;
	bool pretty;
	bool quiet;
	bool dry_run;
};

/*
 * Options a command takes besides the common ones (-h, -j, -p, -q,
 * --dry-run). The same table drives getopt, --help and --list-opts, so the
 * three cannot disagree.
 */
struct cmd_option {
	const char *name;
	const char *arg; /* the value's name in help ("N"), NULL for a flag */
	int key; /* what the command's handler sees */
	const char *help; /* NULL: hidden, for tests (not in --help or completion) */
};

typedef int (*cmd_fn)(struct vdsactl *vc, int argc, char **argv);

struct vdsactl_cmd {
	const char *object;
	const char *verb; /* NULL: the object alone is the command (monitor) */
	cmd_fn fn;
	const char *summary;
	const char *usage; /* positional arguments, after "vdsactl OBJECT VERB" */
	const struct cmd_option *options; /* ends with a NULL name; may be NULL */
	const char *description;
};

/* main.c */
void cmd_print_help(const struct vdsactl_cmd *cmd, FILE *out);
/* "wq create", "monitor": the command as the user typed it. */
const char *cmd_name(const struct vdsactl_cmd *cmd);

/* Keys of command-specific options: above any character getopt returns. */
enum option_key {
	OPT_DRY_RUN = 0x100,
	OPT_MODE,
	OPT_SIZE,
	OPT_THRESHOLD,
	OPT_PRIORITY,
	OPT_PRIVILEGED,
	OPT_NO_PRIVILEGED,
	OPT_BLOCK_ON_FAULT,
	OPT_NO_BLOCK_ON_FAULT,
	OPT_ATS_DISABLE,
	OPT_NO_ATS_DISABLE,
	OPT_GROUP,
	OPT_TYPE,
	OPT_NAME,
	OPT_MAX_TRANSFER_SIZE,
	OPT_MAX_BATCH_SIZE,
	OPT_WQ,
	OPT_ENABLE,
	OPT_DISABLE,
	OPT_ENGINES,
	OPT_READ_BUFFERS,
	OPT_READ_BUFFERS_RESERVED,
	OPT_COUNT,
	OPT_READY_FILE,
	OPT_UUID,
	OPT_WQS,
	OPT_BIND,
	OPT_WQ_NAME,
};

/* options.c: parsing a command line */
typedef int (*option_handler)(struct vdsactl *vc, int key, const char *arg, void *data);
/*
 * Parses the options of vc->cmd from argv (argv[0] is the verb). Returns -1
 * to go on, with *ret_first set to the first positional argument, or an exit
 * status: EXIT_OK after --help, EXIT_USAGE after a bad option.
 */
int cmd_parse(struct vdsactl *vc, int argc, char **argv, option_handler handler, void *data,
	      int *ret_first);
/* Checks the count of positional arguments; names the first missing one. */
int cmd_check_args(struct vdsactl *vc, int count, char **args, int min, int max,
		   const char *missing);
/*
 * For commands without options of their own: parses, checks the argument
 * count, opens the library. Returns -1 to go on, else an exit status.
 */
int cmd_begin(struct vdsactl *vc, int argc, char **argv, int min, int max, const char *missing,
	      char ***ret_args);
void cmd_print_options(const struct vdsactl_cmd *cmd, FILE *out);
/* --list-opts: one option a line, for shell completion; cmd NULL: the common ones. */
void cmd_list_options(const struct vdsactl_cmd *cmd, FILE *out);

/* options.c: values; each prints "vdsactl: --OPT: ..." and returns EXIT_USAGE */
int parse_u32(const char *opt, const char *arg, uint32_t min, uint32_t max, uint32_t *ret);
int parse_u64(const char *opt, const char *arg, uint64_t min, uint64_t max, uint64_t *ret);
int parse_engine_list(const char *opt, const char *arg, uint32_t **ret, size_t *ret_count);

/* The WQ settings of "wq create" and "wq set". */
enum wq_setting {
	WQ_SET_MODE = 1 << 0,
	WQ_SET_SIZE = 1 << 1,
	WQ_SET_THRESHOLD = 1 << 2,
	WQ_SET_PRIORITY = 1 << 3,
	WQ_SET_PRIVILEGED = 1 << 4,
	WQ_SET_BLOCK_ON_FAULT = 1 << 5,
	WQ_SET_ATS_DISABLE = 1 << 6,
	WQ_SET_GROUP = 1 << 7,
	WQ_SET_TYPE = 1 << 8,
	WQ_SET_NAME = 1 << 9,
	WQ_SET_MAX_TRANSFER_SIZE = 1 << 10,
	WQ_SET_MAX_BATCH_SIZE = 1 << 11,
	WQ_SET_STATE = 1 << 12,
};

struct wq_settings {
	unsigned int set; /* enum wq_setting bits */
	enum vdsa_wq_mode mode;
	uint32_t size;
	uint32_t threshold;
	uint32_t priority;
	bool privileged;
	bool block_on_fault;
	bool ats_disable;
	int32_t group; /* VDSA_GROUP_NONE: out of any group */
	enum vdsa_wq_type type;
	const char *name;
	uint64_t max_transfer_size;
	uint32_t max_batch_size;
	enum vdsa_wq_state state;
};

/* The options every WQ-configuring command takes, for its option table. */
#define WQ_SETTING_OPTIONS                                                                  \
	{ "mode", "dedicated|shared", OPT_MODE, "WQ mode" },                                \
		{ "size", "N", OPT_SIZE, "WQ size in entries" },                            \
		{ "threshold", "N", OPT_THRESHOLD,                                          \
		  "shared WQs: entries open to unprivileged clients" },                     \
		{ "priority", "N", OPT_PRIORITY, "priority, 1..15" },                       \
		{ "privileged", NULL, OPT_PRIVILEGED, "privileged WQ" },                    \
		{ "no-privileged", NULL, OPT_NO_PRIVILEGED, "unprivileged WQ" },            \
		{ "block-on-fault", NULL, OPT_BLOCK_ON_FAULT, "block on page faults" },     \
		{ "no-block-on-fault", NULL, OPT_NO_BLOCK_ON_FAULT,                         \
		  "do not block on page faults" },                                          \
		{ "ats-disable", NULL, OPT_ATS_DISABLE, "disable ATS for this WQ" },        \
		{ "no-ats-disable", NULL, OPT_NO_ATS_DISABLE, "leave ATS enabled" },        \
		{ "group", "G", OPT_GROUP, "group id (\"none\": no group, wq set only)" },  \
		{ "type", "none|kernel|user|vdsa", OPT_TYPE, "WQ type" },                   \
		{ "name", "S", OPT_NAME, "WQ name (idxd sysfs \"name\")" },                 \
		{ "max-transfer-size", "N", OPT_MAX_TRANSFER_SIZE, "bytes, a power of 2" }, \
	{                                                                                   \
		"max-batch-size", "N", OPT_MAX_BATCH_SIZE, "descriptors, a power of 2"      \
	}

/* Parses one WQ setting option; -1 if key is not one. */
int wq_settings_parse(struct wq_settings *ws, int key, const char *arg, bool allow_no_group);
/* Copies the settings into a request; negative errno from the library. */
int wq_settings_apply(const struct wq_settings *ws, struct vdsa_wq_req *req);
/* What the WQ's JSON object becomes once the settings are applied. */
void wq_settings_overlay(const struct wq_settings *ws, struct json_object *wq);

/* lookup.c: print their own error and return an exit status */
int lookup_dev(struct vdsactl *vc, const char *what, const char *arg, struct vdsa_dev **ret);
/*
 * The start of "OBJECT list [DEV]": parses the options, opens the library
 * and finds DEV if given (*only, else NULL); -1 to go on.
 */
int begin_list(struct vdsactl *vc, int argc, char **argv, struct vdsa_dev **only);
int lookup_wq(struct vdsactl *vc, const char *what, const char *arg, struct vdsa_wq **ret);
int lookup_group(struct vdsactl *vc, const char *what, const char *arg, struct vdsa_group **ret);
/* Checks that arg is a UUID (a usage error if not), before the library is opened. */
int check_uuid(const char *what, const char *arg);
int lookup_inst(struct vdsactl *vc, const char *what, const char *arg, struct vdsa_inst **ret);

/* report.c */
/* Opens the library context and reads the snapshot; an exit status. */
int vdsactl_open(struct vdsactl *vc);
/* "vdsactl: WHAT: strerror: extack (attribute A)"; returns EXIT_FAILED. */
int report_error(struct vdsactl *vc, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "vdsactl: ..." for usage errors; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "vdsactl: ..." for failures without an errno; returns EXIT_FAILED. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* json.c */
struct json_object *json_doc_new(void);
/* Adds an empty named array to a document and returns it. */
struct json_object *json_doc_add_array(struct json_object *doc, const char *key);
/* Prints and frees the document (unless -q); an exit status. */
int json_doc_print(struct vdsactl *vc, struct json_object *doc);
struct json_object *json_dev(struct vdsa_dev *dev);
struct json_object *json_group(struct vdsa_group *group);
struct json_object *json_wq(struct vdsa_wq *wq);
struct json_object *json_inst(struct vdsa_inst *inst);
/* "oper_state", and "degraded_reason" when there is one: devices and their events. */
void json_add_oper_state(struct json_object *obj, enum vdsa_oper_state state, const char *reason);
/* Shorthand for reading back what the builders wrote. */
const char *json_get_string(struct json_object *obj, const char *key);
int64_t json_get_int(struct json_object *obj, const char *key);
/* The keys of a WQ object in the order json_wq() writes them. */
void json_wq_reorder(struct json_object *wq);

/* table.c: text rendered from the JSON objects */
enum column_format {
	COL_PLAIN,
	COL_HEX,
};

struct column {
	const char *header;
	const char *key;
	enum column_format format;
};

/* One row per element of array; "-" where a key is absent. */
void table_print(FILE *out, const struct column *columns, size_t n, struct json_object *array);
/* "key  value" lines, every key of obj in order. */
void record_print(FILE *out, struct json_object *obj, const struct column *formats, size_t n);

/*
 * Prints doc as JSON (-j) or through text() (-q: neither) and frees it. The
 * one place a command's output is decided.
 */
int output(struct vdsactl *vc, struct json_object *doc,
	   void (*text)(struct vdsactl *vc, struct json_object *doc));

/* The command functions, one file per object. */
int cmd_dev_list(struct vdsactl *vc, int argc, char **argv);
int cmd_dev_show(struct vdsactl *vc, int argc, char **argv);
int cmd_dev_reset(struct vdsactl *vc, int argc, char **argv);
int cmd_group_list(struct vdsactl *vc, int argc, char **argv);
int cmd_group_set(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_list(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_show(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_create(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_set(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_enable(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_disable(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_destroy(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_assign(struct vdsactl *vc, int argc, char **argv);
int cmd_wq_unassign(struct vdsactl *vc, int argc, char **argv);
int cmd_vdsa_create(struct vdsactl *vc, int argc, char **argv);
int cmd_vdsa_destroy(struct vdsactl *vc, int argc, char **argv);
int cmd_vdsa_list(struct vdsactl *vc, int argc, char **argv);
int cmd_vdsa_show(struct vdsactl *vc, int argc, char **argv);
int cmd_vdsa_bind(struct vdsactl *vc, int argc, char **argv);
int cmd_vdsa_unbind(struct vdsactl *vc, int argc, char **argv);
int cmd_monitor(struct vdsactl *vc, int argc, char **argv);

extern const struct cmd_option group_set_options[];
extern const struct cmd_option wq_create_options[];
extern const struct cmd_option wq_set_options[];
extern const struct cmd_option monitor_options[];
extern const struct cmd_option vdsa_create_options[];

/* Text views shared between objects. */
void dev_print_table(struct vdsactl *vc, struct json_object *doc);
void wq_print_table(struct vdsactl *vc, struct json_object *doc);
void wq_print_records(struct vdsactl *vc, struct json_object *doc);
void group_print_table(struct vdsactl *vc, struct json_object *doc);

#endif /* VDSACTL_H */
