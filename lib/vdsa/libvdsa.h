/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvdsa: provision Intel DSA work queues through the vdsa generic netlink
 * family.
 *
 * Conventions: functions returning int give 0 (or a count) on success and a
 * negative errno on failure; output parameters are named ret and are left
 * untouched on failure. Objects returned by iterators and lookups are owned
 * by the context's snapshot and stay valid until vdsa_ctx_refresh() or the
 * last vdsa_ctx_unref(). Strings returned by getters are owned by their
 * object. The library never prints and never exits. A context is not
 * thread-safe; use one per thread.
 *
 * Fixed errno meanings: -ENODEV no such device (or WQ, group, engine),
 * -EOPNOTSUPP the vdsa family is missing (module not loaded) or the kernel
 * lacks the operation, -EPERM CAP_NET_ADMIN is needed, -EBUSY the object is
 * in use or enabled, -EINVAL/-ERANGE/-ENOSPC the kernel refused a value (see
 * vdsa_ctx_get_last_error()), -EIO the device refused the change or is
 * degraded (see vdsa_dev_get_oper_state()), -ENODATA an optional attribute
 * is absent, -EPROTO a malformed reply.
 */
#ifndef _LIBVDSA_H
#define _LIBVDSA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uuid/uuid.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vdsa_ctx;
struct vdsa_dev;
struct vdsa_group;
struct vdsa_engine;
struct vdsa_wq;
struct vdsa_wq_req;
struct vdsa_group_req;
struct vdsa_monitor;
struct vdsa_event;
struct vdsa_inst;
struct vdsa_inst_req;

/* Values match the kernel uAPI (linux/vdsa.h). */
enum vdsa_wq_mode {
	VDSA_MODE_DEDICATED = 1,
	VDSA_MODE_SHARED = 2,
};

enum vdsa_wq_type {
	VDSA_TYPE_NONE = 1,
	VDSA_TYPE_KERNEL = 2,
	VDSA_TYPE_USER = 3,
	VDSA_TYPE_VDSA = 4,
};

enum vdsa_wq_state {
	VDSA_STATE_DISABLED = 1,
	VDSA_STATE_ENABLED = 2,
};

/*
 * Since 1.2: what a WQ is doing, beside what it was asked to be (its
 * state). Halted: the hardware stopped the enabled WQ by itself; disabling
 * it clears that. Values match the uAPI's enum vdsa_wq_oper_state.
 */
enum vdsa_wq_oper {
	VDSA_WQ_OPER_DISABLED = 1,
	VDSA_WQ_OPER_ENABLED = 2,
	VDSA_WQ_OPER_HALTED = 3,
};

enum vdsa_dev_cap {
	VDSA_CAP_SHARED_WQ = 1 << 0,
	VDSA_CAP_BLOCK_ON_FAULT = 1 << 1,
	VDSA_CAP_ATS = 1 << 2,
};

/* Flags for the submit functions. */
enum vdsa_submit_flags {
	VDSA_SUBMIT_VALIDATE_ONLY = 1 << 0,
};

enum vdsa_event_type {
	VDSA_EVENT_DEV_ADD = 1,
	VDSA_EVENT_DEV_DEL,
	VDSA_EVENT_DEV_CHANGE,
	/* A WQ's settings, state or owner changed (before 1.2: its state). */
	VDSA_EVENT_WQ_CHANGE,
	/* Since 1.1: vDSA instances. */
	VDSA_EVENT_INST_ADD,
	VDSA_EVENT_INST_DEL,
	VDSA_EVENT_INST_CHANGE,
	/* Since 1.2: a group's engines or read buffers changed. */
	VDSA_EVENT_GROUP_CHANGE,
};
/* The 1.0 name of VDSA_EVENT_WQ_CHANGE. */
#define VDSA_EVENT_WQ_STATE VDSA_EVENT_WQ_CHANGE

/* Since 1.1. Values match the kernel uAPI's enum vdsa_inst_state. */
enum vdsa_inst_state {
	VDSA_INST_CREATED = 1,
	VDSA_INST_BOUND_MDEV = 2,
	VDSA_INST_BOUND_VFIO = 3,
};

/* Since 1.1. Values match the kernel uAPI's enum vdsa_inst_binding. */
enum vdsa_inst_binding {
	VDSA_BIND_MDEV = 1,
	VDSA_BIND_VFIO = 2,
};

/*
 * Since 1.2. A device's operational state; the values match the kernel
 * uAPI's enum vdsa_dev_oper_state. Degraded: a change the kernel could not
 * undo left the hardware possibly different from the configuration the
 * device reports; the kernel refuses to configure it (-EIO) until
 * vdsa_dev_reset() or the device's removal.
 */
enum vdsa_oper_state {
	VDSA_OPER_OK = 1,
	VDSA_OPER_DEGRADED = 2,
};

/* Context */
typedef void (*vdsa_log_fn)(struct vdsa_ctx *ctx, int priority, const char *file, int line,
			    const char *fn, const char *format, va_list args);

int vdsa_ctx_new(struct vdsa_ctx **ret);
struct vdsa_ctx *vdsa_ctx_ref(struct vdsa_ctx *ctx);
struct vdsa_ctx *vdsa_ctx_unref(struct vdsa_ctx *ctx);
void vdsa_ctx_set_log_fn(struct vdsa_ctx *ctx, vdsa_log_fn fn, void *userdata);
void *vdsa_ctx_get_log_userdata(struct vdsa_ctx *ctx);
void vdsa_ctx_set_log_priority(struct vdsa_ctx *ctx, int priority);
/* Reloads the snapshot: every device with its groups, engines and WQs. */
int vdsa_ctx_refresh(struct vdsa_ctx *ctx);
/* The kernel's extended-ack message for the last failed request, or NULL. */
const char *vdsa_ctx_get_last_error(struct vdsa_ctx *ctx);
/* The attribute the kernel blamed ("threshold", "wq[0].size"), or NULL. */
const char *vdsa_ctx_get_last_error_attr(struct vdsa_ctx *ctx);

/* Devices */
struct vdsa_dev *vdsa_dev_get_first(struct vdsa_ctx *ctx);
struct vdsa_dev *vdsa_dev_get_next(struct vdsa_dev *dev);
#define vdsa_dev_foreach(ctx, dev) \
	for (dev = vdsa_dev_get_first(ctx); dev; dev = vdsa_dev_get_next(dev))
/* By name ("dsa0") or kernel id ("3"); -ENODEV if there is none. */
int vdsa_dev_find(struct vdsa_ctx *ctx, const char *name, struct vdsa_dev **ret);
struct vdsa_ctx *vdsa_dev_get_ctx(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_id(struct vdsa_dev *dev);
const char *vdsa_dev_get_name(struct vdsa_dev *dev);
const char *vdsa_dev_get_parent_bus(struct vdsa_dev *dev);
const char *vdsa_dev_get_parent_dev(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_generation(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_version(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_caps(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_max_groups(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_max_engines(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_max_wqs(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_max_wq_size(struct vdsa_dev *dev);
uint64_t vdsa_dev_get_max_transfer_size(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_max_batch_size(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_max_read_buffers(struct vdsa_dev *dev);
uint32_t vdsa_dev_get_wq_size_used(struct vdsa_dev *dev);
/* The 256-bit supported-operation bitmap, 32 bytes, little-endian. */
const uint8_t *vdsa_dev_get_op_cap(struct vdsa_dev *dev);
/*
 * Disables every WQ and returns the device to the empty configuration; on
 * a degraded device (with no vDSA instances) it resets the hardware.
 */
int vdsa_dev_reset(struct vdsa_dev *dev, unsigned int flags);
/* Since 1.2: VDSA_OPER_OK or VDSA_OPER_DEGRADED (OK from a kernel without it). */
enum vdsa_oper_state vdsa_dev_get_oper_state(struct vdsa_dev *dev);
/* Since 1.2: why the device is degraded, owned by the device; NULL when ok. */
const char *vdsa_dev_get_degraded_reason(struct vdsa_dev *dev);

/* Groups */
struct vdsa_group *vdsa_group_get_first(struct vdsa_dev *dev);
struct vdsa_group *vdsa_group_get_next(struct vdsa_group *group);
#define vdsa_group_foreach(dev, group) \
	for (group = vdsa_group_get_first(dev); group; group = vdsa_group_get_next(group))
int vdsa_group_find(struct vdsa_dev *dev, uint32_t id, struct vdsa_group **ret);
struct vdsa_dev *vdsa_group_get_dev(struct vdsa_group *group);
uint32_t vdsa_group_get_id(struct vdsa_group *group);
/* "group0.1": the idxd name of the group. */
const char *vdsa_group_get_devname(struct vdsa_group *group);
uint32_t vdsa_group_get_read_buffers_reserved(struct vdsa_group *group);
uint32_t vdsa_group_get_read_buffers_allowed(struct vdsa_group *group);
/* Number of engines in the group; *ret points at their ids. */
size_t vdsa_group_get_engines(struct vdsa_group *group, const uint32_t **ret);

/* Engines */
struct vdsa_engine *vdsa_engine_get_first(struct vdsa_dev *dev);
struct vdsa_engine *vdsa_engine_get_next(struct vdsa_engine *engine);
#define vdsa_engine_foreach(dev, engine) \
	for (engine = vdsa_engine_get_first(dev); engine; engine = vdsa_engine_get_next(engine))
struct vdsa_dev *vdsa_engine_get_dev(struct vdsa_engine *engine);
uint32_t vdsa_engine_get_id(struct vdsa_engine *engine);
/* -ENODATA when the engine is in no group. */
int vdsa_engine_get_group_id(struct vdsa_engine *engine, uint32_t *ret);

/* Work queues */
struct vdsa_wq *vdsa_wq_get_first(struct vdsa_dev *dev);
struct vdsa_wq *vdsa_wq_get_next(struct vdsa_wq *wq);
#define vdsa_wq_foreach(dev, wq) for (wq = vdsa_wq_get_first(dev); wq; wq = vdsa_wq_get_next(wq))
int vdsa_wq_find(struct vdsa_dev *dev, uint32_t id, struct vdsa_wq **ret);
/* The first WQ that is disabled with size 0 and no group; -ENOSPC if none. */
int vdsa_wq_find_free(struct vdsa_dev *dev, struct vdsa_wq **ret);
/*
 * By idxd name across all devices: "wqN.M" is WQ M of device dsaN (of the
 * device with kernel id N if its name ends in no number), "DEV:M" is WQ M
 * of device DEV, a name or a kernel id as for vdsa_dev_find() ("dsa0:3",
 * "5:3"). -EINVAL if the name has neither form, -ENODEV if there is none.
 */
int vdsa_wq_find_by_name(struct vdsa_ctx *ctx, const char *name, struct vdsa_wq **ret);
struct vdsa_dev *vdsa_wq_get_dev(struct vdsa_wq *wq);
uint32_t vdsa_wq_get_id(struct vdsa_wq *wq);
/* "wq0.3": the idxd name of the WQ. */
const char *vdsa_wq_get_devname(struct vdsa_wq *wq);
enum vdsa_wq_mode vdsa_wq_get_mode(struct vdsa_wq *wq);
enum vdsa_wq_type vdsa_wq_get_type(struct vdsa_wq *wq);
enum vdsa_wq_state vdsa_wq_get_state(struct vdsa_wq *wq);
/* Since 1.2; from a kernel that does not report it, the state's match. */
enum vdsa_wq_oper vdsa_wq_get_oper_state(struct vdsa_wq *wq);
uint32_t vdsa_wq_get_size(struct vdsa_wq *wq);
uint32_t vdsa_wq_get_priority(struct vdsa_wq *wq);
bool vdsa_wq_get_privileged(struct vdsa_wq *wq);
bool vdsa_wq_get_block_on_fault(struct vdsa_wq *wq);
bool vdsa_wq_get_ats_disable(struct vdsa_wq *wq);
uint64_t vdsa_wq_get_max_transfer_size(struct vdsa_wq *wq);
uint32_t vdsa_wq_get_max_batch_size(struct vdsa_wq *wq);
/* -ENODATA when absent: no group, a dedicated WQ, no name. */
int vdsa_wq_get_group_id(struct vdsa_wq *wq, uint32_t *ret);
int vdsa_wq_get_threshold(struct vdsa_wq *wq, uint32_t *ret);
const char *vdsa_wq_get_name(struct vdsa_wq *wq);

/*
 * WQ requests: set any subset of attributes, then submit them as one atomic
 * request. On success the WQ object is updated from the kernel's reply.
 */
int vdsa_wq_req_new(struct vdsa_wq *wq, struct vdsa_wq_req **ret);
struct vdsa_wq_req *vdsa_wq_req_unref(struct vdsa_wq_req *req);
int vdsa_wq_req_set_group_id(struct vdsa_wq_req *req, int32_t group);
int vdsa_wq_req_set_mode(struct vdsa_wq_req *req, enum vdsa_wq_mode mode);
int vdsa_wq_req_set_size(struct vdsa_wq_req *req, uint32_t size);
int vdsa_wq_req_set_threshold(struct vdsa_wq_req *req, uint32_t threshold);
int vdsa_wq_req_set_priority(struct vdsa_wq_req *req, uint32_t priority);
int vdsa_wq_req_set_privileged(struct vdsa_wq_req *req, bool on);
int vdsa_wq_req_set_block_on_fault(struct vdsa_wq_req *req, bool on);
int vdsa_wq_req_set_type(struct vdsa_wq_req *req, enum vdsa_wq_type type);
int vdsa_wq_req_set_name(struct vdsa_wq_req *req, const char *name);
int vdsa_wq_req_set_max_transfer_size(struct vdsa_wq_req *req, uint64_t size);
int vdsa_wq_req_set_max_batch_size(struct vdsa_wq_req *req, uint32_t size);
int vdsa_wq_req_set_ats_disable(struct vdsa_wq_req *req, bool on);
int vdsa_wq_req_set_state(struct vdsa_wq_req *req, enum vdsa_wq_state state);
/* Sets every attribute to its default, disabled: the WQ returns to the pool. */
int vdsa_wq_req_set_defaults(struct vdsa_wq_req *req);
int vdsa_wq_req_submit(struct vdsa_wq_req *req, unsigned int flags);

/* Group requests: engines (the complete membership) and read buffers. */
int vdsa_group_req_new(struct vdsa_group *group, struct vdsa_group_req **ret);
struct vdsa_group_req *vdsa_group_req_unref(struct vdsa_group_req *req);
int vdsa_group_req_set_engines(struct vdsa_group_req *req, const uint32_t *engines, size_t count);
int vdsa_group_req_set_read_buffers_reserved(struct vdsa_group_req *req, uint32_t count);
int vdsa_group_req_set_read_buffers_allowed(struct vdsa_group_req *req, uint32_t count);
int vdsa_group_req_submit(struct vdsa_group_req *req, unsigned int flags);

/*
 * Whole-device configuration requests: start from the device's configuration
 * in the snapshot, change groups, engines and WQs, then submit everything
 * as one atomic dev-config-set. The request is pinned to the snapshot's
 * generation: if anything changed the device since, submit fails with
 * -EAGAIN and nothing is applied (refresh and build it again).
 * vdsa_config_req_get_wq() returns a WQ request that edits the WQ inside
 * the configuration (its setters work as usual; submitting it alone is
 * -EINVAL); it is owned by the configuration request.
 */
struct vdsa_config_req;
int vdsa_config_req_new(struct vdsa_dev *dev, struct vdsa_config_req **ret);
struct vdsa_config_req *vdsa_config_req_unref(struct vdsa_config_req *req);
int vdsa_config_req_set_engine_group(struct vdsa_config_req *req, uint32_t engine, int32_t group);
int vdsa_config_req_set_group_read_buffers(struct vdsa_config_req *req, uint32_t group,
					   uint32_t reserved, uint32_t allowed);
int vdsa_config_req_get_wq(struct vdsa_config_req *req, uint32_t wq, struct vdsa_wq_req **ret);
int vdsa_config_req_submit(struct vdsa_config_req *req, unsigned int flags);

/*
 * Events from the kernel's events group. The fd is non-blocking and
 * close-on-exec; poll it for POLLIN, then call vdsa_monitor_receive() until
 * it returns -EAGAIN.
 */
int vdsa_monitor_new(struct vdsa_ctx *ctx, struct vdsa_monitor **ret);
struct vdsa_monitor *vdsa_monitor_unref(struct vdsa_monitor *mon);
int vdsa_monitor_get_fd(struct vdsa_monitor *mon);
int vdsa_monitor_receive(struct vdsa_monitor *mon, struct vdsa_event **ret);
struct vdsa_event *vdsa_event_unref(struct vdsa_event *ev);
enum vdsa_event_type vdsa_event_get_type(struct vdsa_event *ev);
uint32_t vdsa_event_get_dev_id(struct vdsa_event *ev);
/* The device's name; NULL for WQ state events, which carry only the id. */
const char *vdsa_event_get_dev_name(struct vdsa_event *ev);
uint32_t vdsa_event_get_generation(struct vdsa_event *ev);
/* WQ state events only; -ENODATA for the others. */
int vdsa_event_get_wq_id(struct vdsa_event *ev, uint32_t *ret);
int vdsa_event_get_wq_state(struct vdsa_event *ev, enum vdsa_wq_state *ret);
/* Since 1.2. */
int vdsa_event_get_group_id(struct vdsa_event *ev, uint32_t *ret);
/*
 * Since 1.2. Device events: the device's operational state and, while
 * degraded, the reason (owned by the event; NULL otherwise). -ENODATA for
 * the other events and from kernels that do not report the state.
 */
int vdsa_event_get_dev_oper_state(struct vdsa_event *ev, enum vdsa_oper_state *ret);
const char *vdsa_event_get_dev_degraded_reason(struct vdsa_event *ev);

/* Names of enum values as the CLI and JSON use them ("shared"). */
const char *vdsa_wq_mode_name(enum vdsa_wq_mode mode);
const char *vdsa_wq_type_name(enum vdsa_wq_type type);
const char *vdsa_wq_state_name(enum vdsa_wq_state state);
const char *vdsa_event_type_name(enum vdsa_event_type type);

/*
 * vDSA instances (since 1.1): a UUID-named set of WQs of one device that a
 * VM gets through an mdev or a vfio device. They are part of the snapshot
 * (read by vdsa_ctx_refresh(), in device id then UUID order) and are
 * changed by the functions below, each one atomic request.
 */
struct vdsa_inst *vdsa_inst_get_first(struct vdsa_ctx *ctx);
struct vdsa_inst *vdsa_inst_get_next(struct vdsa_inst *inst);
#define vdsa_inst_foreach(ctx, inst) \
	for (inst = vdsa_inst_get_first(ctx); inst; inst = vdsa_inst_get_next(inst))
/* The instances of one device only. */
struct vdsa_inst *vdsa_inst_get_first_by_dev(struct vdsa_dev *dev);
struct vdsa_inst *vdsa_inst_get_next_by_dev(struct vdsa_inst *inst);
#define vdsa_inst_foreach_by_dev(dev, inst) \
	for (inst = vdsa_inst_get_first_by_dev(dev); inst; inst = vdsa_inst_get_next_by_dev(inst))
/* -ENODEV if the snapshot has no instance with that UUID. */
int vdsa_inst_find(struct vdsa_ctx *ctx, const uuid_t uuid, struct vdsa_inst **ret);
struct vdsa_ctx *vdsa_inst_get_ctx(struct vdsa_inst *inst);
int vdsa_inst_get_uuid(struct vdsa_inst *inst, uuid_t ret);
/* The UUID in lower-case text, owned by the instance. */
const char *vdsa_inst_get_uuid_str(struct vdsa_inst *inst);
/* NULL when the instance has no name. */
const char *vdsa_inst_get_name(struct vdsa_inst *inst);
uint32_t vdsa_inst_get_dev_id(struct vdsa_inst *inst);
/* The device in the snapshot, or NULL. */
struct vdsa_dev *vdsa_inst_get_dev(struct vdsa_inst *inst);
enum vdsa_inst_state vdsa_inst_get_state(struct vdsa_inst *inst);
/* true while the instance's vfio device is open (a VM holds it). */
bool vdsa_inst_get_in_use(struct vdsa_inst *inst);
/* true when an mdev of the pull type created it: it goes with its mdev. */
bool vdsa_inst_get_pull(struct vdsa_inst *inst);
/* Number of WQs; *ret points at their ids on the instance's device. */
size_t vdsa_inst_get_wqs(struct vdsa_inst *inst, const uint32_t **ret);
/* Optional strings: NULL when the kernel reports none. */
const char *vdsa_inst_get_sysfs_path(struct vdsa_inst *inst);
const char *vdsa_inst_get_mdev_parent(struct vdsa_inst *inst);
const char *vdsa_inst_get_mdev_type(struct vdsa_inst *inst);
const char *vdsa_inst_get_device_path(struct vdsa_inst *inst);
/* N of /dev/vfio/N; -ENODATA while the instance is not bound. */
int vdsa_inst_get_vfio_group(struct vdsa_inst *inst, uint32_t *ret);
uint32_t vdsa_inst_get_generation(struct vdsa_inst *inst);
/* The instance that owns a WQ; -ENODATA when none does. */
int vdsa_wq_get_inst_uuid(struct vdsa_wq *wq, uuid_t ret);

/*
 * Creating an instance: on a device, from existing configured WQs
 * (vdsa_inst_req_add_wq()) or from free WQs the kernel configures
 * (vdsa_inst_req_set_wq_count() and the profile's WQ request), optionally
 * bound at once. vdsa_inst_req_get_profile() returns a WQ request owned by
 * the instance request whose setters describe the profile (group, mode,
 * size, threshold, priority, privileged, block-on-fault, name, transfer and
 * batch sizes, ats-disable); submitting it alone is -EINVAL.
 */
int vdsa_inst_req_new(struct vdsa_dev *dev, struct vdsa_inst_req **ret);
struct vdsa_inst_req *vdsa_inst_req_unref(struct vdsa_inst_req *req);
int vdsa_inst_req_set_uuid(struct vdsa_inst_req *req, const uuid_t uuid);
int vdsa_inst_req_set_name(struct vdsa_inst_req *req, const char *name);
int vdsa_inst_req_add_wq(struct vdsa_inst_req *req, uint32_t wq_id);
int vdsa_inst_req_set_wq_count(struct vdsa_inst_req *req, uint32_t count);
int vdsa_inst_req_get_profile(struct vdsa_inst_req *req, struct vdsa_wq_req **ret);
int vdsa_inst_req_set_binding(struct vdsa_inst_req *req, enum vdsa_inst_binding binding);
/* *ret (may be NULL): the new instance, in the snapshot. */
int vdsa_inst_req_submit(struct vdsa_inst_req *req, unsigned int flags, struct vdsa_inst **ret);

/* Changing an instance: each is one request (flags as for the submits). */
int vdsa_inst_destroy(struct vdsa_inst *inst, unsigned int flags);
int vdsa_inst_bind(struct vdsa_inst *inst, enum vdsa_inst_binding binding, unsigned int flags);
int vdsa_inst_unbind(struct vdsa_inst *inst, unsigned int flags);
int vdsa_inst_assign_wqs(struct vdsa_inst *inst, const uint32_t *wq_ids, size_t count,
			 unsigned int flags);
int vdsa_inst_unassign_wqs(struct vdsa_inst *inst, const uint32_t *wq_ids, size_t count,
			   unsigned int flags);
/* Re-reads one instance from the kernel; -ENODEV if it is gone. */
int vdsa_inst_reread(struct vdsa_inst *inst);

/* Events about instances: the instance's UUID; -ENODATA for the others. */
int vdsa_event_get_inst_uuid(struct vdsa_event *ev, uuid_t ret);

const char *vdsa_inst_state_name(enum vdsa_inst_state state);
const char *vdsa_inst_binding_name(enum vdsa_inst_binding binding);

/* Since 1.2: "ok" or "degraded". */
const char *vdsa_oper_state_name(enum vdsa_oper_state state);
/* Since 1.2: "disabled", "enabled" or "halted". */
const char *vdsa_wq_oper_state_name(enum vdsa_wq_oper state);

#ifdef __cplusplus
}
#endif

#endif /* _LIBVDSA_H */
