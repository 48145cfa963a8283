/* SPDX-License-Identifier: GPL-2.0 */
/* vdsa core: internal types shared by the registry, validation and netlink. */
#ifndef _VDSA_CORE_H
#define _VDSA_CORE_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include <vdsa/provider.h>

struct vdsa_wq {
	struct vdsa_wq_cfg cfg;
	bool enabled;
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
};

/* Which object and attribute a validation failure is about. */
enum vdsa_obj {
	VDSA_OBJ_DEV,
	VDSA_OBJ_GROUP,
	VDSA_OBJ_ENGINE,
	VDSA_OBJ_WQ,
};

struct vdsa_verdict {
	int err;
	const char *msg;
	enum vdsa_obj obj;
	u32 index;
	int attr;	/* attribute type in the object's uAPI attribute set */
};

/* registry.c */
struct vdsa_device *vdsa_device_get_by_id(u32 id);
void vdsa_device_put(struct vdsa_device *vdev);
u32 vdsa_registry_generation(void);
u32 vdsa_registry_bump(void);
/* Iteration for dumps: returns the device at or after *id with a reference. */
struct vdsa_device *vdsa_device_get_next(unsigned long *id);

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

/* commit.c */
int vdsa_config_commit(struct vdsa_device *vdev, struct vdsa_config *new);
int vdsa_config_find_restart(const struct vdsa_config *old,
			     const struct vdsa_config *new);

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
};

extern struct genl_family vdsa_nl_family;
int vdsa_nl_init(void);
void vdsa_nl_exit(void);
void vdsa_nl_set_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
		     const char *msg);
struct vdsa_device *vdsa_nl_lock_device(struct genl_info *info, int attr);
void vdsa_nl_unlock_device(struct vdsa_device *vdev);
int vdsa_nl_object_id(struct genl_info *info, int attr, u32 count, u32 *ret);
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

#endif /* _VDSA_CORE_H */
