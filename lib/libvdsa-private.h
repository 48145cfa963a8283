/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvdsa internals: shared by the library's files and by the unit tests,
 * which link lib/libvdsa-internal.la (the same code, nothing hidden).
 * Never installed. libnl types may appear here and only here.
 */
#ifndef _LIBVDSA_PRIVATE_H
#define _LIBVDSA_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/netlink.h>

/*
 * linux/vdsa.h and vdsa/libvdsa.h both declare enum vdsa_wq_mode,
 * vdsa_wq_type and vdsa_wq_state (with differently named values). The
 * library needs both, so the uAPI tags are renamed while it is read.
 * Newer public enums take tags the uAPI does not use (enum vdsa_oper_state
 * mirrors enum vdsa_dev_oper_state) and need no renaming.
 */
#define vdsa_wq_mode vdsa_uapi_wq_mode
#define vdsa_wq_type vdsa_uapi_wq_type
#define vdsa_wq_state vdsa_uapi_wq_state
#define vdsa_inst_state vdsa_uapi_inst_state
#define vdsa_inst_binding vdsa_uapi_inst_binding
#include <linux/vdsa.h>
#undef vdsa_wq_mode
#undef vdsa_wq_type
#undef vdsa_wq_state
#undef vdsa_inst_state
#undef vdsa_inst_binding

#include "vdsa/libvdsa.h"

#define VDSA_EXPORT __attribute__((visibility("default")))
#define VDSA_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define VDSA_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Whole refreshes (or device re-reads) retried after a racing change. */
#define VDSA_READ_ATTEMPTS 4

/* ---- context (ctx.c) ----------------------------------------------------- */

struct vdsa_ctx {
	int refcount;
	vdsa_log_fn log_fn;
	void *log_data;
	int log_priority;

	/* Request socket (nl.c), opened on first use. */
	struct nl_sock *sk;
	/* > 0 resolved id; 0 not asked yet; < 0 cached errno (-EOPNOTSUPP). */
	int family_id;
	/* Tests inject a socket and a family id that refresh must keep. */
	bool family_pinned;

	/* The kernel's report on the last failed request. */
	char *last_error;
	char *last_error_attr;

	/* The snapshot (snapshot.c): devices in kernel id order. */
	struct vdsa_dev **devs;
	size_t n_devs;
	/* Instances in (device id, UUID) order; destroyed ones stay, marked gone. */
	struct vdsa_inst **insts;
	size_t n_insts;
	size_t cap_insts;

	/* Where sysfs is: /sys, or VDSA_SYSFS_ROOT (read once, in vdsa_ctx_new). */
	char *sysfs_root;
};

void vdsa_log(struct vdsa_ctx *ctx, int priority, const char *file, int line, const char *fn,
	      const char *format, ...) VDSA_PRINTF(6, 7);

#define vdsa_log_cond(ctx, prio, ...)                                                    \
	do {                                                                             \
		struct vdsa_ctx *_c = (ctx);                                             \
		if (_c->log_fn && _c->log_priority >= (prio))                            \
			vdsa_log(_c, (prio), __FILE__, __LINE__, __func__, __VA_ARGS__); \
	} while (0)

#define vdsa_dbg(ctx, ...) vdsa_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define vdsa_info(ctx, ...) vdsa_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define vdsa_err(ctx, ...) vdsa_log_cond(ctx, LOG_ERR, __VA_ARGS__)

/* Parses a VDSA_LOG value: a number, "err", "info" or "debug"; -1 if bad. */
int vdsa_log_priority_parse(const char *value);

void vdsa_ctx_clear_error(struct vdsa_ctx *ctx);
/* Takes ownership of @msg and @attr (either may be NULL). */
void vdsa_ctx_set_error(struct vdsa_ctx *ctx, char *msg, char *attr);
/*
 * Moves the last error (message and blamed attribute) out of @ctx, so a
 * follow-up request cannot overwrite it; vdsa_ctx_set_error() puts it back.
 */
void vdsa_ctx_take_error(struct vdsa_ctx *ctx, char **msg, char **attr);
/* Grows an array of @size-byte elements so that element @n fits. */
int vdsa_grow(void **array, size_t *cap, size_t n, size_t size);

/* ---- attribute sets and names (names.c) ---------------------------------- */

struct vdsa_attr_set;

struct vdsa_attr_desc {
	const char *name; /* the spec's dashed name */
	bool multi; /* multi-attr: paths get [n] */
	const struct vdsa_attr_set *nested; /* set of a nest's children */
};

struct vdsa_attr_set {
	const char *name;
	unsigned int max;
	const struct vdsa_attr_desc *attrs; /* indexed by type, 0 unused */
};

extern const struct vdsa_attr_set vdsa_attrs_dev;
extern const struct vdsa_attr_set vdsa_attrs_group;
extern const struct vdsa_attr_set vdsa_attrs_engine;
extern const struct vdsa_attr_set vdsa_attrs_engine_ids;
extern const struct vdsa_attr_set vdsa_attrs_wq;
extern const struct vdsa_attr_set vdsa_attrs_inst;

/* The attribute's name in @set, or NULL. */
const char *vdsa_attr_name(const struct vdsa_attr_set *set, unsigned int type);

/* Strict decimal: digits only, no sign, no blanks, fits in 32 bits. */
int vdsa_parse_u32(const char *s, size_t len, uint32_t *ret);

/* The N of a device name "dsaN" (its trailing number); -ENODATA if none. */
int vdsa_devname_number(const char *name, uint32_t *ret);

/* A parsed WQ name: "wqN.M" (idxd) or "DEV:ID". */
struct vdsa_wq_name {
	bool idxd; /* "wqN.M": dev_number is N */
	uint32_t dev_number;
	const char *dev; /* "DEV:ID": DEV, dev_len bytes, not terminated */
	size_t dev_len;
	uint32_t wq;
};

/* -EINVAL unless @name is "wqN.M" or "DEV:ID". */
int vdsa_wq_name_parse(const char *name, struct vdsa_wq_name *ret);

/* ---- requests being built (nl.c) ----------------------------------------- */

#define VDSA_MSG_MAX_DEPTH 4

/*
 * Every attribute the library puts into a request is recorded with its
 * byte range (offsets from the start of the nlmsghdr, as the kernel counts
 * NLMSGERR_ATTR_OFFS), its nest and the set it belongs to, so that the
 * kernel's offset can be turned back into "wq[2].threshold".
 */
struct vdsa_msg_attr {
	uint32_t offset;
	uint32_t end;
	int parent; /* index of the nest, -1 at top */
	uint16_t type;
	const struct vdsa_attr_set *set; /* the set @type belongs to */
};

struct vdsa_msg {
	struct nl_msg *msg;
	uint8_t cmd;
	const struct vdsa_attr_set *set;
	struct vdsa_msg_attr *attrs;
	size_t n_attrs;
	size_t cap_attrs;
	int open[VDSA_MSG_MAX_DEPTH]; /* indexes of open nests */
	struct nlattr *open_nla[VDSA_MSG_MAX_DEPTH];
	int depth;
	int err; /* first failure, sticky */
};

/* Allocates a request for @family_id; @size is the payload room needed. */
int vdsa_msg_new(int family_id, uint8_t cmd, int nlm_flags, const struct vdsa_attr_set *set,
		 size_t size, struct vdsa_msg **ret);
void vdsa_msg_free(struct vdsa_msg *m);
void vdsa_msg_put_u32(struct vdsa_msg *m, uint16_t type, uint32_t value);
void vdsa_msg_put_s32(struct vdsa_msg *m, uint16_t type, int32_t value);
void vdsa_msg_put_u64(struct vdsa_msg *m, uint16_t type, uint64_t value);
void vdsa_msg_put_string(struct vdsa_msg *m, uint16_t type, const char *value);
void vdsa_msg_put_flag(struct vdsa_msg *m, uint16_t type);
void vdsa_msg_put_binary(struct vdsa_msg *m, uint16_t type, const void *data, size_t len);
void vdsa_msg_nest_start(struct vdsa_msg *m, uint16_t type);
void vdsa_msg_nest_end(struct vdsa_msg *m);

/* "wq[1].threshold" for the attribute recorded at @idx; caller frees. */
char *vdsa_msg_attr_path(const struct vdsa_msg *m, int idx);
/* The recorded attribute starting at (else containing) @offset, or -1. */
int vdsa_msg_attr_at(const struct vdsa_msg *m, uint32_t offset);

/* ---- netlink transport (nl.c) -------------------------------------------- */

/* Called for each message of the family in a reply or dump. */
typedef int (*vdsa_nl_reply_fn)(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg);

/* The request socket, opened (with extended ACKs) on first use. */
int vdsa_nl_socket(struct vdsa_ctx *ctx, struct nl_sock **ret);
/* Closes the request socket: used after a receive lost track of replies. */
void vdsa_nl_socket_drop(struct vdsa_ctx *ctx);
/* The family id (resolved once; a missing family is -EOPNOTSUPP, cached). */
int vdsa_nl_family(struct vdsa_ctx *ctx);
/* Forgets the family id so the next request resolves it again. */
void vdsa_nl_family_forget(struct vdsa_ctx *ctx);
/* Tests: use @sk (taken over) and @family_id instead of the kernel's. */
void vdsa_nl_use_socket(struct vdsa_ctx *ctx, struct nl_sock *sk, int family_id);

/*
 * Sends @req and reads the answer to the end (ACK, error or DONE), calling
 * @fn for every message of the family. Clears the last error first.
 * Returns 0, the kernel's raw negative errno (with its extack kept in the
 * context), -EINTR if a dump was interrupted by a concurrent change, or
 * the first error @fn returned.
 */
int vdsa_nl_transact(struct vdsa_ctx *ctx, struct vdsa_msg *req, vdsa_nl_reply_fn fn, void *arg);

/*
 * Reads the kernel's report in an NLMSG_ERROR or NLMSG_DONE message:
 * returns its negative errno (0 for an ACK or a successful DONE) and, on
 * an error, records the extack message and the blamed attribute (named
 * through @req, which may be NULL) in the context.
 */
int vdsa_nl_parse_report(struct vdsa_ctx *ctx, const struct nlmsghdr *nlh,
			 const struct vdsa_msg *req);

/* libnl's NLE_* code (negative) to a negative errno. */
int vdsa_nl_errno(int nle);

/* genlmsg_parse() with the library's reply policies; -EPROTO if malformed. */
int vdsa_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb, int max,
		  const struct nla_policy *policy);

/* ---- the snapshot: objects (dev.c, group.c, engine.c, wq.c) -------------- */

struct vdsa_group {
	struct vdsa_dev *dev;
	uint32_t id;
	char devname[32];
	uint32_t read_buffers_reserved;
	uint32_t read_buffers_allowed;
	uint32_t *engines;
	size_t n_engines;
	size_t cap_engines;
};

struct vdsa_engine {
	struct vdsa_dev *dev;
	uint32_t id;
	bool has_group;
	int32_t group_id;
};

/* A WQ's settings: what the kernel reports and what a request may set. */
struct vdsa_wq_values {
	bool has_group;
	int32_t group_id;
	uint32_t mode;
	uint32_t size;
	bool has_threshold;
	uint32_t threshold;
	uint32_t oper_state; /* enum vdsa_wq_oper */
	uint32_t priority;
	uint32_t privileged;
	uint32_t block_on_fault;
	uint32_t type;
	bool has_name;
	char name[VDSA_WQ_NAME_MAX_LEN + 1];
	uint64_t max_transfer_size;
	uint32_t max_batch_size;
	uint32_t ats_disable;
	uint32_t state;
};

struct vdsa_wq {
	struct vdsa_dev *dev;
	uint32_t id;
	char devname[32];
	struct vdsa_wq_values v;
	uint32_t generation;
	bool has_owner; /* an instance owns it */
	uint8_t owner[VDSA_UUID_LEN];
};

struct vdsa_dev {
	struct vdsa_ctx *ctx;
	size_t index; /* in ctx->devs */
	uint32_t id;
	uint32_t number; /* N of dsaN, else the id */
	char *name;
	char *parent_bus;
	char *parent_dev;
	/* The newest generation the library saw (replies included). */
	uint32_t generation;
	/*
	 * The generation the groups, engines and WQs were read at: what a
	 * configuration request is pinned to. Only whole reads set it.
	 */
	uint32_t config_generation;
	uint32_t version;
	uint32_t caps;
	uint32_t max_groups;
	uint32_t max_engines;
	uint32_t max_wqs;
	uint32_t max_wq_size;
	uint64_t max_transfer_size;
	uint32_t max_batch_size;
	uint32_t max_read_buffers;
	uint32_t wq_size_used;
	uint8_t op_cap[VDSA_OP_CAP_LEN];
	uint32_t oper_state; /* VDSA_OPER_OK when the kernel does not say */
	char *degraded_reason; /* NULL unless the kernel gave one */

	struct vdsa_group *groups;
	size_t n_groups, cap_groups;
	struct vdsa_engine *engines;
	size_t n_engines, cap_engines;
	struct vdsa_wq *wqs;
	size_t n_wqs, cap_wqs;
};

/* Fills @dev (device fields only) from a dev message. */
int vdsa_dev_parse(struct nlmsghdr *nlh, struct vdsa_dev *dev);
/* Takes the device-level fields of @src (strings are moved). */
void vdsa_dev_take_fields(struct vdsa_dev *dev, struct vdsa_dev *src);
void vdsa_dev_free(struct vdsa_dev *dev);
/* wq_size_used as the kernel computes it: the sum of the WQ sizes. */
void vdsa_dev_sum_wq_sizes(struct vdsa_dev *dev);
/*
 * Sends a whole-device request (config-set, reset) whose reply is the
 * device; unless @validate_only, updates the device and re-reads its
 * objects. Returns what the kernel said.
 */
int vdsa_dev_submit(struct vdsa_dev *dev, struct vdsa_msg *m, bool validate_only);

int vdsa_group_parse(struct nlmsghdr *nlh, uint32_t *ret_dev_id, struct vdsa_group *group);
/* Copies @src's settings and engines into @group (which keeps its array). */
int vdsa_group_assign(struct vdsa_group *group, const struct vdsa_group *src);
/* Applies a group-set reply: @src's engines leave other groups. */
int vdsa_group_apply_reply(struct vdsa_dev *dev, const struct vdsa_group *src);
void vdsa_group_release(struct vdsa_group *group);
struct vdsa_group *vdsa_dev_group_by_id(struct vdsa_dev *dev, uint32_t id);

int vdsa_engine_parse(struct nlmsghdr *nlh, uint32_t *ret_dev_id, struct vdsa_engine *engine);
struct vdsa_engine *vdsa_dev_engine_by_id(struct vdsa_dev *dev, uint32_t id);

int vdsa_wq_parse(struct nlmsghdr *nlh, uint32_t *ret_dev_id, struct vdsa_wq *wq);
struct vdsa_wq *vdsa_dev_wq_by_id(struct vdsa_dev *dev, uint32_t id);

/* "wq0.3", "group0.1": the idxd names, from the device's number. */
void vdsa_devname_format(char *buf, size_t size, const char *prefix, uint32_t dev_number,
			 uint32_t id);

/* ---- events (monitor.c) -------------------------------------------------- */

/*
 * Parses one message of the family into an event: 0 with *ret NULL for a
 * command the library does not know (a newer kernel's), -EPROTO if malformed.
 */
int vdsa_event_parse(struct nlmsghdr *nlh, struct vdsa_event **ret);

/* ---- the snapshot: reading it (snapshot.c) ------------------------------- */

struct vdsa_snapshot {
	struct vdsa_dev **devs;
	size_t n_devs;
	size_t cap_devs;
	struct vdsa_inst **insts;
	size_t n_insts;
	size_t cap_insts;
};

void vdsa_snapshot_release(struct vdsa_snapshot *snap);
/* The device with kernel id @id in the context's snapshot, or NULL. */
struct vdsa_dev *vdsa_ctx_dev_by_id(struct vdsa_ctx *ctx, uint32_t id);

/*
 * Re-reads one device and its objects after a whole-device change and
 * updates the snapshot in place (pointers stay valid). On failure the
 * device keeps its old config_generation, so configuration requests built
 * from it fail with -EAGAIN until the next refresh.
 */
int vdsa_dev_reread(struct vdsa_dev *dev);

/* ---- requests (wq-req.c, config-req.c) ----------------------------------- */

#define VDSA_WQ_SET(attr) (1u << (attr))

struct vdsa_wq_req {
	struct vdsa_ctx *ctx;
	struct vdsa_config_req *owner; /* set when part of a configuration */
	struct vdsa_inst_req *inst_owner; /* set when an instance's profile */
	uint32_t dev_id;
	uint32_t wq_id;
	uint64_t dev_max_transfer_size;
	uint32_t dev_max_batch_size;
	uint32_t set; /* VDSA_WQ_SET() of what the caller set */
	struct vdsa_wq_values v;
};

/* A request for WQ @wq_id of device @dev_id (no snapshot object needed). */
int vdsa_wq_req_alloc(struct vdsa_ctx *ctx, uint32_t dev_id, uint32_t wq_id,
		      uint64_t dev_max_transfer_size, uint32_t dev_max_batch_size,
		      struct vdsa_wq_req **ret);
void vdsa_wq_req_free(struct vdsa_wq_req *req);
/* Builds the wq-set message of @req. */
int vdsa_wq_req_build(struct vdsa_wq_req *req, int family_id, unsigned int flags,
		      struct vdsa_msg **ret);
/* Puts the WQ attributes of a configuration's WQ nest. */
void vdsa_wq_req_put_config(struct vdsa_wq_req *req, struct vdsa_msg *m);
/* Puts the attributes set in @req (an instance profile's nest). */
void vdsa_wq_req_put_set(struct vdsa_wq_req *req, struct vdsa_msg *m);

/* ---- instances (inst.c, inst-req.c) -------------------------------------- */

struct vdsa_inst {
	struct vdsa_ctx *ctx;
	bool gone; /* destroyed through this context: skipped until refresh */
	uint8_t uuid[VDSA_UUID_LEN];
	char uuid_str[37];
	uint32_t dev_id;
	char *name;
	uint32_t state;
	bool in_use;
	bool pull;
	uint32_t *wqs;
	size_t n_wqs;
	char *sysfs_path;
	char *mdev_parent;
	char *mdev_type;
	char *device_path;
	bool has_vfio_group;
	uint32_t vfio_group;
	uint32_t generation;
};

/* Fills @inst (freshly zeroed, or released) from an inst message. */
int vdsa_inst_parse(struct nlmsghdr *nlh, struct vdsa_inst *inst);
void vdsa_inst_release(struct vdsa_inst *inst);
void vdsa_inst_free(struct vdsa_inst *inst);
/* Moves @src's fields into @dst (which keeps its address); frees the old ones. */
void vdsa_inst_take(struct vdsa_inst *dst, struct vdsa_inst *src);
/* Sorts the instances and drops none; used by refresh. */
void vdsa_insts_sort(struct vdsa_inst **insts, size_t n);
/* Adds @inst (taken over) to the context's snapshot, or updates the live one. */
int vdsa_ctx_add_inst(struct vdsa_ctx *ctx, struct vdsa_inst *inst, struct vdsa_inst **ret);
/* Reads the instances (all, or of device @filter) into @snap; no family: none. */
int vdsa_insts_read(struct vdsa_ctx *ctx, int family, const uint32_t *filter,
		    struct vdsa_snapshot *snap);

#endif /* _LIBVDSA_PRIVATE_H */
