/* SPDX-License-Identifier: GPL-2.0 */
/* vdsa core: internal types shared by the registry, validation and netlink. */
#ifndef _VDSA_CORE_H
#define _VDSA_CORE_H

#include <linux/device.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <vdsa/provider.h>

struct vdsa_inst;

struct vdsa_wq {
	struct vdsa_wq_cfg cfg;
	bool enabled;
	/*
	 * Operational: the hardware stopped the enabled WQ (the provider's
	 * upcall). Cleared when the WQ is disabled or restarted.
	 */
	bool halted;
	/*
	 * The instance that owns the WQ, or NULL. Part of the configuration so
	 * that ownership changes commit (and fail) with everything else. A
	 * request that keeps a WQ's owner must not change the WQ or its group.
	 */
	struct vdsa_inst *owner;
};

/*
 * One complete configuration of a device. The committed one hangs off the
 * device; requests work on a copy (the shadow) and swap it in on success.
 */
struct vdsa_config {
	u32 n_groups;
	u32 n_engines;
	u32 n_wqs;
	struct vdsa_group_cfg *groups;
	s32 *engine_group;
	struct vdsa_wq *wqs;
};

struct vdsa_device {
	struct kref ref;
	u32 id;
	char *name;
	char *parent_bus;
	char *parent_dev;
	struct vdsa_device_caps caps;
	const struct vdsa_provider_ops *ops;
	void *priv;

	/* Serialises requests on this device and guards everything below. */
	struct mutex lock;
	struct vdsa_config *cfg;
	u32 generation;
	bool dead;
	/* An undo step failed: the hardware may differ from @cfg. */
	bool degraded;
	char degraded_why[80];
	struct list_head insts;		/* struct vdsa_inst.node, live ones */

	/* Provider upcalls (event.c): WQs reported halted, not yet applied. */
	spinlock_t event_lock;
	unsigned long *halt_pending;
	unsigned long *halt_work;	/* the work's copy of halt_pending */
	bool resync_pending;		/* read the configuration back */
	struct work_struct event_work;

	/* Binding glue (bind_mdev.c); set up at registration. */
	struct device *parent;		/* the provider's device */
	struct mdev_parent mdev_parent;
	struct mdev_type mdev_types[2];	/* vdsa-inst, pull */
	struct mdev_type *mdev_type_ptrs[2];
	bool mdev_registered;
};

/*
 * A vDSA instance. Lives on its device's insts list while it exists; its
 * struct device on the vdsa bus (named by the UUID) holds the memory.
 *
 * Locking: vdev->lock guards everything but @dev. Driver-core callbacks
 * (vfio and mdev probe/remove, vfio open/close) take vdev->lock
 * themselves, so code holding vdev->lock never attaches or releases a
 * driver, removes an mdev or unregisters a vfio device; it marks the
 * instance @busy, drops the lock, does that, and takes the lock again.
 */
struct vdsa_inst {
	struct device dev;
	struct vdsa_device *vdev;	/* holds a reference */
	struct list_head node;
	uuid_t uuid;
	char name[VDSA_INST_NAME_MAX_LEN + 1];
	u32 n_wqs;
	u32 *wq_ids;			/* kmalloc'ed, instance order */
	/*
	 * Room for n_wqs WQ configurations, to describe the instance to the
	 * provider (vdsa_inst_desc()) without allocating: a teardown must
	 * not fail for want of memory.
	 */
	struct vdsa_wq_cfg *wq_cfgs;
	enum vdsa_inst_state state;
	bool pull;			/* created by an mdev of the pull type */
	bool busy;			/* a bind or unbind is in flight */
	bool registered;		/* @dev was added to the vdsa bus */
	bool hw_bound;			/* the provider's inst_bind succeeded */
	u32 open_count;			/* vfio device opens */

	/* Binding state, owned by bind_vfio.c / bind_mdev.c. */
	struct vdsa_vdev_regs *regs;	/* what the guest reads, while bound */
	struct vfio_device *vfio;	/* the registered vfio device, if bound */
	const char *bind_err;		/* why the last probe failed (extack text) */

	/* inst.c */
	struct list_head uuid_node;	/* the global UUID table */
	bool hidden;			/* being created: get/dump skip it */
};

/* Which object and attribute a validation failure is about. */
enum vdsa_obj {
	VDSA_OBJ_DEV,
	VDSA_OBJ_GROUP,
	VDSA_OBJ_ENGINE,
	VDSA_OBJ_WQ,
	VDSA_OBJ_INST,
};

struct vdsa_verdict {
	int err;
	const char *msg;
	enum vdsa_obj obj;
	u32 index;
	int attr;	/* attribute type in the object's uAPI attribute set */
	/* Set with EBUSY when the WQ @index belongs to this instance. */
	const struct vdsa_inst *owner;
};

/* Fills @v and returns @err: a validation failure in one call. */
int vdsa_fail(struct vdsa_verdict *v, int err, enum vdsa_obj obj, u32 index,
	      int attr, const char *msg);

/* registry.c */
struct vdsa_device *vdsa_device_get_by_id(u32 id);
void vdsa_device_put(struct vdsa_device *vdev);
u32 vdsa_registry_generation(void);
u32 vdsa_registry_bump(void);
/* Iteration for dumps: returns the device at or after *id with a reference. */
struct vdsa_device *vdsa_device_get_next(unsigned long *id);

/* event.c */
/* @cur with the configuration the provider reports (read_config). */
struct vdsa_config *vdsa_device_read_config(struct vdsa_device *vdev,
					    const struct vdsa_config *cur);
int vdsa_device_events_init(struct vdsa_device *vdev);
/* After vdev->dead is set: no queued event runs after this returns. */
void vdsa_device_events_stop(struct vdsa_device *vdev);
void vdsa_device_events_free(struct vdsa_device *vdev);

/* config.c */
struct vdsa_config *vdsa_config_new(const struct vdsa_device_caps *caps);
struct vdsa_config *vdsa_config_dup(const struct vdsa_config *cfg);
void vdsa_config_free(struct vdsa_config *cfg);
void vdsa_wq_cfg_init(struct vdsa_wq_cfg *cfg, const struct vdsa_device_caps *caps);
void vdsa_group_cfg_init(struct vdsa_group_cfg *cfg,
			 const struct vdsa_device_caps *caps);
void vdsa_config_reset(struct vdsa_config *cfg, const struct vdsa_device_caps *caps);
bool vdsa_wq_cfg_equal(const struct vdsa_wq_cfg *a, const struct vdsa_wq_cfg *b);
bool vdsa_group_changed(const struct vdsa_config *old,
			const struct vdsa_config *new, u32 group);
bool vdsa_config_settings_equal(const struct vdsa_config *a,
				const struct vdsa_config *b);
u32 vdsa_config_wq_size_used(const struct vdsa_config *cfg);
u32 vdsa_config_group_engines(const struct vdsa_config *cfg, u32 group);
int vdsa_config_validate(const struct vdsa_device *vdev,
			 const struct vdsa_config *old,
			 const struct vdsa_config *new,
			 struct vdsa_verdict *v);
/*
 * The owner rule: a WQ owned by the same instance before and after must not
 * change (configuration, state, its group). EBUSY with v->owner set.
 */
int vdsa_config_check_owners(const struct vdsa_config *old,
			     const struct vdsa_config *new,
			     struct vdsa_verdict *v);

/* commit.c */
/*
 * Applies @new through the provider ops, undoing the steps done if one
 * fails. On success the device takes @new and moves to a new generation.
 */
int vdsa_config_commit(struct vdsa_device *vdev, struct vdsa_config *new);
/*
 * As vdsa_config_commit(), with the provider's instance steps in the same
 * step list: @destroy (may be NULL) is destroyed before the configuration
 * steps, @create (may be NULL) created after them; undone in reverse order.
 */
int vdsa_config_commit_inst(struct vdsa_device *vdev, struct vdsa_config *new,
			    const struct vdsa_inst_desc *destroy,
			    const struct vdsa_inst_desc *create);
/* Would committing @new disable WQ @i of @old and enable it again? */
bool vdsa_wq_bounces(const struct vdsa_config *old,
		     const struct vdsa_config *new, u32 i);
int vdsa_config_find_restart(const struct vdsa_config *old,
			     const struct vdsa_config *new);
/* The message for a commit that failed: did its undo work? */
const char *vdsa_commit_failed_msg(const struct vdsa_device *vdev);
/*
 * vdev->lock held: the hardware may no longer match vdev->cfg. Marks the
 * device degraded with the reason and announces it; a device already
 * degraded keeps its first reason.
 */
__printf(2, 3)
void vdsa_device_degrade(struct vdsa_device *vdev, const char *fmt, ...);
/* vdev->lock held: -EIO with *msg set if the device refuses configuration. */
int vdsa_device_check_configurable(const struct vdsa_device *vdev,
				   const char **msg);
/*
 * vdev->lock held: everything a commit of @new needs first (the device
 * takes configuration, @new is valid, the owner rule holds), with @v
 * describing a failure. *restart: a WQ the commit would restart, or -1.
 */
int vdsa_config_check(struct vdsa_device *vdev,
		      const struct vdsa_config *new, struct vdsa_verdict *v,
		      int *restart);

/* nl.c */
struct vdsa_dump_ctx {
	unsigned long dev;	/* device id to resume at */
	u32 obj;		/* object index within that device */
	bool checked;		/* the request's attributes were checked */
};

/* How one object type is named in requests and put into messages. */
struct vdsa_nl_obj {
	int (*fill)(struct sk_buff *msg, const struct vdsa_device *vdev,
		    const struct vdsa_config *cfg, u32 index);
	u32 (*count)(const struct vdsa_config *cfg);
	u8 get_cmd;
	int dev_attr;		/* attribute naming the device */
	int id_attr;		/* attribute naming the object, 0 for devices */
	int filter_attr;	/* the one attribute a dump accepts, or 0 */
	/*
	 * The largest message of this type on @vdev, or NULL for objects
	 * that always fit in NLMSG_DEFAULT_SIZE.
	 */
	size_t (*msg_size)(const struct vdsa_device *vdev);
	/* Dumps one device's objects itself instead of fill/count. */
	int (*dump_device)(struct sk_buff *skb, struct netlink_callback *cb,
			   struct vdsa_device *vdev, struct vdsa_dump_ctx *ctx);
};

extern struct genl_family vdsa_nl_family;
int vdsa_nl_init(void);
void vdsa_nl_exit(void);
void vdsa_nl_set_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
		     const char *msg);
/* A formatted message; its text is freed when the task leaves the kernel. */
__printf(3, 4)
void vdsa_nl_set_err_fmt(struct netlink_ext_ack *extack,
			 const struct nlattr *attr, const char *fmt, ...);
/* Sends @msg (a complete notification) to the events group; takes it. */
void vdsa_nl_events_lost(void);
void vdsa_nl_multicast(struct sk_buff *msg);
bool vdsa_nl_has_listeners(void);
/* What a commit changed, for its notifications. */
struct vdsa_nl_changes {
	bool dev;		/* the device's own attributes (wq-size-used) */
	unsigned long *groups;	/* groups whose settings or engines change */
	unsigned long *wqs;	/* WQs whose settings, state or owner change */
};

int vdsa_nl_changes_get(struct vdsa_nl_changes *ch,
			const struct vdsa_config *old,
			const struct vdsa_config *new);
bool vdsa_nl_changes_empty(const struct vdsa_nl_changes *ch,
			   const struct vdsa_config *cfg);
void vdsa_nl_changes_notify(struct vdsa_device *vdev,
			    struct vdsa_nl_changes *ch);
void vdsa_nl_changes_free(struct vdsa_nl_changes *ch);
struct vdsa_device *vdsa_nl_lock_device(struct genl_info *info, int attr);
void vdsa_nl_unlock_device(struct vdsa_device *vdev);
/* EAGAIN if the request names a generation (@attr) the device has left. */
int vdsa_nl_check_generation(struct genl_info *info,
			     const struct vdsa_device *vdev, int attr);
int vdsa_nl_object_id(struct genl_info *info, int attr, u32 count, u32 *ret);
/* A message big enough for any object of @type on @vdev. */
struct sk_buff *vdsa_nl_obj_msg_new(const struct vdsa_nl_obj *type,
				    const struct vdsa_device *vdev);
void *vdsa_nl_msg_start(struct sk_buff *msg, u32 portid, u32 seq, int flags,
			u8 cmd, struct netlink_callback *cb);
int vdsa_nl_msg_finish(struct sk_buff *msg, void *hdr, int err);
int vdsa_nl_put_obj(struct sk_buff *msg, const struct vdsa_nl_obj *type,
		    const struct vdsa_device *vdev,
		    const struct vdsa_config *cfg, u32 index, u32 portid,
		    u32 seq, int flags, u8 cmd, struct netlink_callback *cb);
int vdsa_nl_reply_obj(struct genl_info *info, const struct vdsa_nl_obj *type,
		      const struct vdsa_device *vdev,
		      const struct vdsa_config *cfg, u32 index);
void vdsa_nl_notify_obj(const struct vdsa_nl_obj *type,
			const struct vdsa_device *vdev, u32 index, u8 cmd);
int vdsa_nl_get_doit(struct genl_info *info, const struct vdsa_nl_obj *type);
int vdsa_nl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb,
		       const struct vdsa_nl_obj *type);
/* How a mutating request is applied and answered. */
struct vdsa_nl_mutation {
	const struct vdsa_nl_obj *type;	/* what the reply carries */
	u32 index;			/* which one */
	bool validate_only;
	bool allow_restart;		/* may disable and re-enable WQs */
	/* The request attribute a failure is about, or NULL. */
	const struct nlattr *(*blame)(struct genl_info *info,
				      const struct vdsa_verdict *v, u32 index);
};

int vdsa_nl_mutate(struct genl_info *info, struct vdsa_device *vdev,
		   struct vdsa_config *shadow, const struct vdsa_nl_mutation *m);

/* nl_dev.c */
extern const struct vdsa_nl_obj vdsa_nl_dev_obj;
int vdsa_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vdsa_nl_dev_reset_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_dev_config_set_doit(struct sk_buff *skb, struct genl_info *info);

/* nl_group.c */
extern const struct vdsa_nl_obj vdsa_nl_group_obj;
int vdsa_nl_group_parse(struct vdsa_config *shadow, u32 group,
			struct nlattr **attrs, unsigned long *claimed,
			struct netlink_ext_ack *extack);
int vdsa_nl_group_get_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_group_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vdsa_nl_group_set_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_engine_get_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_engine_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_wq.c */
extern const struct vdsa_nl_obj vdsa_nl_wq_obj;
void vdsa_nl_wq_parse(struct vdsa_wq *wq, struct nlattr **attrs);
int vdsa_nl_wq_get_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_wq_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vdsa_nl_wq_set_doit(struct sk_buff *skb, struct genl_info *info);

/* Policies shared between the op table and the config-set nests. */
extern const struct nla_policy vdsa_group_nest_policy[VDSA_A_GROUP_READ_BUFFERS_ALLOWED + 1];
extern const struct nla_policy vdsa_wq_nest_policy[VDSA_A_WQ_STATE + 1];

/* inst.c: the instance registry and lifecycle (vdev->lock held unless noted) */
extern const struct vdsa_nl_obj vdsa_nl_inst_obj;	/* nl_inst.c */
bool vdsa_inst_uuid_taken(const uuid_t *uuid);
void vdsa_inst_desc(struct vdsa_inst *inst, const struct vdsa_config *cfg,
		    struct vdsa_inst_desc *desc);
/*
 * The pull mdev type: create an instance @uuid of one dedicated WQ with the
 * default profile, or say how many such instances would fit now.
 */
u32 vdsa_inst_pull_available(struct vdsa_device *vdev);
/* Destroys a created (unbound) instance: WQs disabled, reset, freed. */
int vdsa_inst_destroy_locked(struct vdsa_inst *inst);
void vdsa_inst_notify(struct vdsa_inst *inst, u8 cmd);
/* Registry teardown: called without vdev->lock after vdev->dead is set. */
void vdsa_inst_teardown(struct vdsa_device *vdev);

/* inst.c, for nl_inst.c */
/* What a create, assign or unassign request asks for. */
struct vdsa_inst_spec {
	const uuid_t *uuid;		/* NULL: generate one */
	const char *name;		/* NULL: none */
	u32 n_wq_ids;			/* wq-id form (or assign/unassign) */
	const u32 *wq_ids;
	u32 wq_count;			/* allocation form */
	struct vdsa_wq_cfg profile;	/* the WQs it allocates */
	bool profile_group;		/* profile names the group */
	bool pull;
};

/* Why an instance request failed: the attribute to blame and the text. */
struct vdsa_inst_err {
	const char *msg;
	int attr;		/* VDSA_A_INST_* or 0 */
	int sub_attr;		/* VDSA_A_WQ_* inside wq-profile, or 0 */
	u32 wq;			/* for attr wq-id: which WQ, else U32_MAX */
	char buf[200];		/* a formatted msg lives here */
};

/* A create in progress: set the two flags, zero the rest. */
struct vdsa_inst_created {
	bool validate_only;	/* in: stop before the commit */
	bool keep_old;		/* in: keep the old configuration for undo */
	struct vdsa_inst *inst;
	struct vdsa_config *shadow;	/* validate-only: the would-be config */
	struct vdsa_config *old;
	struct vdsa_nl_changes changes;
	s32 moved_engine;
};

/*
 * mdev pull type: creates a hidden instance of one default WQ, for the
 * caller to bind, then announce (vdsa_inst_created_notify()) or take back
 * (vdsa_inst_create_undo()).
 */
int vdsa_inst_create_pull(struct vdsa_device *vdev, const uuid_t *uuid,
			  struct vdsa_inst_created *out);
void vdsa_inst_profile_default(struct vdsa_wq_cfg *profile,
			       const struct vdsa_device_caps *caps);
/*
 * Creates an instance (hidden from get/dump/lookups if @hide). With
 * out->validate_only nothing is committed: out->inst is a detached
 * instance and out->shadow its configuration, freed by
 * vdsa_inst_discard(). Otherwise finish with vdsa_inst_created_notify(),
 * vdsa_inst_created_done() (no notifications) or vdsa_inst_create_undo().
 */
int vdsa_inst_create(struct vdsa_device *vdev,
		     const struct vdsa_inst_spec *spec, bool hide,
		     struct vdsa_inst_created *out, struct vdsa_inst_err *e);
void vdsa_inst_created_notify(struct vdsa_inst_created *out);
void vdsa_inst_created_done(struct vdsa_inst_created *out);
void vdsa_inst_create_undo(struct vdsa_inst_created *out);
void vdsa_inst_discard(struct vdsa_inst *inst, struct vdsa_config *shadow);
/* Returns the device locked with a reference, and the live instance. */
struct vdsa_device *vdsa_inst_lock(const uuid_t *uuid, struct vdsa_inst **ret);
/* EBUSY (or EOPNOTSUPP for unbind of an mdev) with the reason in @e. */
int vdsa_inst_destroy_check(struct vdsa_inst *inst, struct vdsa_inst_err *e);
int vdsa_inst_bind_check(struct vdsa_inst *inst, struct vdsa_inst_err *e);
int vdsa_inst_unbind_check(struct vdsa_inst *inst, struct vdsa_inst_err *e);
int vdsa_inst_destroy(struct vdsa_inst *inst, bool notify,
		      struct vdsa_inst_err *e);
int vdsa_inst_move_wqs(struct vdsa_inst *inst, const struct vdsa_inst_spec *spec,
		       bool assign, bool validate_only, u32 **ids_ret,
		       u32 *n_ret, struct vdsa_nl_changes *ch,
		       struct vdsa_inst_err *e);
size_t vdsa_inst_msg_size(const struct vdsa_device *vdev);
int vdsa_inst_put(struct sk_buff *msg, const struct vdsa_inst *inst,
		  const u32 *wq_ids, u32 n_wqs, u32 portid, u32 seq, int flags,
		  u8 cmd, struct netlink_callback *cb);
int vdsa_inst_mdev_hint(const struct vdsa_device *vdev,
			struct vdsa_inst_err *e);

/* nl_inst.c */
int vdsa_nl_inst_get_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_inst_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vdsa_nl_inst_create_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_inst_destroy_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_inst_bind_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_inst_unbind_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_inst_wq_assign_doit(struct sk_buff *skb, struct genl_info *info);
int vdsa_nl_inst_wq_unassign_doit(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy vdsa_wq_profile_policy[VDSA_A_WQ_ATS_DISABLE + 1];

/* bind_bus.c: the vdsa bus; instance devices */
int vdsa_bus_init(void);
void vdsa_bus_exit(void);
/* Adds the instance's device to the vdsa bus (no driver binds by itself). */
int vdsa_inst_device_add(struct vdsa_inst *inst);
void vdsa_inst_device_del(struct vdsa_inst *inst);

/* bind_vfio.c: the vdsa_vfio driver and the emulated vfio device */
int vdsa_vfio_init(void);
void vdsa_vfio_exit(void);
/* vdev->lock held (dropped meanwhile): attach or release the vfio driver. */
int vdsa_inst_vfio_set(struct vdsa_inst *inst, bool bind);
/* Shared by both bindings: expose @inst through a vfio device on @dev. */
int vdsa_inst_expose(struct vdsa_inst *inst, struct device *dev,
		     enum vdsa_inst_state state, const char **why);
/* Without vdev->lock: undoes vdsa_inst_expose(); returns with it held. */
void vdsa_inst_unexpose(struct vdsa_inst *inst);

/* bind_mdev.c: one mdev parent per device, types vdsa-inst and pull */
int vdsa_mdev_init(void);
void vdsa_mdev_exit(void);
int vdsa_mdev_parent_add(struct vdsa_device *vdev);
/* Without vdev->lock: removes every mdev of the device first. */
void vdsa_mdev_parent_del(struct vdsa_device *vdev);
/* The longest mdev type name the binding attributes carry, NUL included. */
#define VDSA_MDEV_TYPE_LEN	64
/* Binding attributes of an instance reply (mdev parent and type, vfio group). */
int vdsa_bind_fill(struct sk_buff *msg, const struct vdsa_inst *inst);

/* bind_bus.c, bind_vfio.c: helpers shared by the two bindings (K2) */
extern struct bus_type vdsa_bus_type;
/* vdev->lock held: allocate inst->regs and have the provider fill them. */
int vdsa_inst_regs_bind(struct vdsa_inst *inst);
/* vdev->lock held: the provider's inst_unbind, inst->regs freed. */
void vdsa_inst_regs_unbind(struct vdsa_inst *inst);
/* vdev->lock held: the provider's inst_unbind alone; inst->regs stay. */
int vdsa_inst_hw_unbind(struct vdsa_inst *inst);

#endif /* _VDSA_CORE_H */
