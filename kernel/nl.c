// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: the generic netlink family, its per-op strict policies, and
 * what every request handler shares (device lookup, error reporting, the
 * validate-then-commit tail and notifications).
 */
#include <linux/bitmap.h>
#include <linux/sched.h>
#include <linux/task_work.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "vdsa.h"

enum vdsa_nlgrp {
	VDSA_NLGRP_EVENTS,
};

/* Policies: each op accepts its own attributes only; ranges live here. */

static const struct nla_policy vdsa_dev_get_policy[VDSA_A_DEV_ID + 1] = {
	[VDSA_A_DEV_ID] = { .type = NLA_U32 },
};

static const struct nla_policy vdsa_dev_reset_policy[VDSA_A_DEV_VALIDATE_ONLY + 1] = {
	[VDSA_A_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_DEV_GENERATION] = { .type = NLA_U32 },
	[VDSA_A_DEV_VALIDATE_ONLY] = { .type = NLA_FLAG },
};

static const struct nla_policy vdsa_engine_id_policy[VDSA_A_ENGINE_ID + 1] = {
	[VDSA_A_ENGINE_ID] = { .type = NLA_U32 },
};

const struct nla_policy vdsa_group_nest_policy[VDSA_A_GROUP_READ_BUFFERS_ALLOWED + 1] = {
	[VDSA_A_GROUP_ID] = { .type = NLA_U32 },
	[VDSA_A_GROUP_ENGINES] = NLA_POLICY_NESTED(vdsa_engine_id_policy),
	[VDSA_A_GROUP_READ_BUFFERS_RESERVED] = { .type = NLA_U32 },
	[VDSA_A_GROUP_READ_BUFFERS_ALLOWED] = { .type = NLA_U32 },
};

/* What a WQ settings request and an instance's WQ profile share. */
#define VDSA_WQ_SHARED_POLICY						\
	[VDSA_A_WQ_GROUP_ID] = NLA_POLICY_MIN(NLA_S32, VDSA_GROUP_NONE), \
	[VDSA_A_WQ_MODE] = NLA_POLICY_RANGE(NLA_U32, 1, VDSA_WQ_MODE_MAX), \
	[VDSA_A_WQ_THRESHOLD] = { .type = NLA_U32 },			\
	[VDSA_A_WQ_PRIORITY] = NLA_POLICY_RANGE(NLA_U32,		\
						VDSA_WQ_PRIORITY_MIN,	\
						VDSA_WQ_PRIORITY_MAX),	\
	[VDSA_A_WQ_PRIVILEGED] = NLA_POLICY_MAX(NLA_U32, 1),		\
	[VDSA_A_WQ_BLOCK_ON_FAULT] = NLA_POLICY_MAX(NLA_U32, 1),	\
	[VDSA_A_WQ_NAME] = { .type = NLA_NUL_STRING,			\
			     .len = VDSA_WQ_NAME_MAX_LEN },		\
	[VDSA_A_WQ_MAX_TRANSFER_SIZE] = NLA_POLICY_MIN(NLA_U64, 1),	\
	[VDSA_A_WQ_MAX_BATCH_SIZE] = NLA_POLICY_MIN(NLA_U32, 1),	\
	[VDSA_A_WQ_ATS_DISABLE] = NLA_POLICY_MAX(NLA_U32, 1)

/* Size 0 is a WQ without entries (unconfigured); type and state settable. */
#define VDSA_WQ_SETTINGS_POLICY						\
	[VDSA_A_WQ_ID] = { .type = NLA_U32 },				\
	VDSA_WQ_SHARED_POLICY,						\
	[VDSA_A_WQ_SIZE] = { .type = NLA_U32 },				\
	[VDSA_A_WQ_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1, VDSA_WQ_TYPE_MAX), \
	[VDSA_A_WQ_STATE] = NLA_POLICY_RANGE(NLA_U32, 1, VDSA_WQ_STATE_MAX)

const struct nla_policy vdsa_wq_nest_policy[VDSA_A_WQ_STATE + 1] = {
	VDSA_WQ_SETTINGS_POLICY,
};

static const struct nla_policy vdsa_wq_set_policy[VDSA_A_WQ_VALIDATE_ONLY + 1] = {
	[VDSA_A_WQ_DEV_ID] = { .type = NLA_U32 },
	VDSA_WQ_SETTINGS_POLICY,
	[VDSA_A_WQ_GENERATION] = { .type = NLA_U32 },
	[VDSA_A_WQ_VALIDATE_ONLY] = { .type = NLA_FLAG },
};

static const struct nla_policy vdsa_dev_config_set_policy[VDSA_A_DEV_ALLOW_RESTART + 1] = {
	[VDSA_A_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_DEV_GENERATION] = { .type = NLA_U32 },
	[VDSA_A_DEV_GROUP] = NLA_POLICY_NESTED(vdsa_group_nest_policy),
	[VDSA_A_DEV_WQ] = NLA_POLICY_NESTED(vdsa_wq_nest_policy),
	[VDSA_A_DEV_VALIDATE_ONLY] = { .type = NLA_FLAG },
	[VDSA_A_DEV_ALLOW_RESTART] = { .type = NLA_FLAG },
};

static const struct nla_policy vdsa_group_get_policy[VDSA_A_GROUP_ID + 1] = {
	[VDSA_A_GROUP_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_GROUP_ID] = { .type = NLA_U32 },
};

static const struct nla_policy vdsa_group_set_policy[VDSA_A_GROUP_GENERATION + 1] = {
	[VDSA_A_GROUP_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_GROUP_ID] = { .type = NLA_U32 },
	[VDSA_A_GROUP_ENGINES] = NLA_POLICY_NESTED(vdsa_engine_id_policy),
	[VDSA_A_GROUP_READ_BUFFERS_RESERVED] = { .type = NLA_U32 },
	[VDSA_A_GROUP_READ_BUFFERS_ALLOWED] = { .type = NLA_U32 },
	[VDSA_A_GROUP_VALIDATE_ONLY] = { .type = NLA_FLAG },
	[VDSA_A_GROUP_GENERATION] = { .type = NLA_U32 },
};

static const struct nla_policy vdsa_engine_get_policy[VDSA_A_ENGINE_ID + 1] = {
	[VDSA_A_ENGINE_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_ENGINE_ID] = { .type = NLA_U32 },
};

static const struct nla_policy vdsa_wq_get_policy[VDSA_A_WQ_ID + 1] = {
	[VDSA_A_WQ_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_WQ_ID] = { .type = NLA_U32 },
};

/* The WQ fields an instance's profile may set (not id, type or state). */
const struct nla_policy vdsa_wq_profile_policy[VDSA_A_WQ_ATS_DISABLE + 1] = {
	VDSA_WQ_SHARED_POLICY,
	[VDSA_A_WQ_SIZE] = NLA_POLICY_MIN(NLA_U32, 1),
};

#define VDSA_INST_UUID_POLICY \
	[VDSA_A_INST_UUID] = NLA_POLICY_EXACT_LEN(VDSA_UUID_LEN)

/* What every mutating instance request takes besides its own attributes. */
#define VDSA_INST_MUTATION_POLICY				\
	[VDSA_A_INST_GENERATION] = { .type = NLA_U32 },		\
	[VDSA_A_INST_VALIDATE_ONLY] = { .type = NLA_FLAG }

static const struct nla_policy vdsa_inst_get_policy[VDSA_A_INST_DEV_ID + 1] = {
	VDSA_INST_UUID_POLICY,
	[VDSA_A_INST_DEV_ID] = { .type = NLA_U32 },
};

static const struct nla_policy vdsa_inst_create_policy[VDSA_A_INST_VALIDATE_ONLY + 1] = {
	VDSA_INST_UUID_POLICY,
	[VDSA_A_INST_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_INST_NAME] = { .type = NLA_NUL_STRING,
			       .len = VDSA_INST_NAME_MAX_LEN },
	[VDSA_A_INST_WQ_ID] = { .type = NLA_U32 },
	[VDSA_A_INST_WQ_COUNT] = NLA_POLICY_MIN(NLA_U32, 1),
	[VDSA_A_INST_WQ_PROFILE] = NLA_POLICY_NESTED(vdsa_wq_profile_policy),
	[VDSA_A_INST_BINDING] = NLA_POLICY_RANGE(NLA_U32, 1,
						 VDSA_INST_BINDING_MAX),
	VDSA_INST_MUTATION_POLICY,
};

static const struct nla_policy vdsa_inst_uuid_policy[VDSA_A_INST_VALIDATE_ONLY + 1] = {
	VDSA_INST_UUID_POLICY,
	VDSA_INST_MUTATION_POLICY,
};

static const struct nla_policy vdsa_inst_bind_policy[VDSA_A_INST_VALIDATE_ONLY + 1] = {
	VDSA_INST_UUID_POLICY,
	[VDSA_A_INST_BINDING] = NLA_POLICY_RANGE(NLA_U32, 1,
						 VDSA_INST_BINDING_MAX),
	VDSA_INST_MUTATION_POLICY,
};

static const struct nla_policy vdsa_inst_wq_policy[VDSA_A_INST_VALIDATE_ONLY + 1] = {
	VDSA_INST_UUID_POLICY,
	[VDSA_A_INST_WQ_ID] = { .type = NLA_U32 },
	VDSA_INST_MUTATION_POLICY,
};

static const struct genl_ops vdsa_nl_ops[] = {
	{
		.cmd = VDSA_CMD_DEV_GET,
		.doit = vdsa_nl_dev_get_doit,
		.dumpit = vdsa_nl_dev_get_dumpit,
		.policy = vdsa_dev_get_policy,
		.maxattr = ARRAY_SIZE(vdsa_dev_get_policy) - 1,
	},
	{
		.cmd = VDSA_CMD_DEV_RESET,
		.doit = vdsa_nl_dev_reset_doit,
		.policy = vdsa_dev_reset_policy,
		.maxattr = ARRAY_SIZE(vdsa_dev_reset_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_DEV_CONFIG_SET,
		.doit = vdsa_nl_dev_config_set_doit,
		.policy = vdsa_dev_config_set_policy,
		.maxattr = ARRAY_SIZE(vdsa_dev_config_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_GROUP_GET,
		.doit = vdsa_nl_group_get_doit,
		.dumpit = vdsa_nl_group_get_dumpit,
		.policy = vdsa_group_get_policy,
		.maxattr = ARRAY_SIZE(vdsa_group_get_policy) - 1,
	},
	{
		.cmd = VDSA_CMD_GROUP_SET,
		.doit = vdsa_nl_group_set_doit,
		.policy = vdsa_group_set_policy,
		.maxattr = ARRAY_SIZE(vdsa_group_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_ENGINE_GET,
		.doit = vdsa_nl_engine_get_doit,
		.dumpit = vdsa_nl_engine_get_dumpit,
		.policy = vdsa_engine_get_policy,
		.maxattr = ARRAY_SIZE(vdsa_engine_get_policy) - 1,
	},
	{
		.cmd = VDSA_CMD_WQ_GET,
		.doit = vdsa_nl_wq_get_doit,
		.dumpit = vdsa_nl_wq_get_dumpit,
		.policy = vdsa_wq_get_policy,
		.maxattr = ARRAY_SIZE(vdsa_wq_get_policy) - 1,
	},
	{
		.cmd = VDSA_CMD_WQ_SET,
		.doit = vdsa_nl_wq_set_doit,
		.policy = vdsa_wq_set_policy,
		.maxattr = ARRAY_SIZE(vdsa_wq_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_INST_GET,
		.doit = vdsa_nl_inst_get_doit,
		.dumpit = vdsa_nl_inst_get_dumpit,
		.policy = vdsa_inst_get_policy,
		.maxattr = ARRAY_SIZE(vdsa_inst_get_policy) - 1,
	},
	{
		.cmd = VDSA_CMD_INST_CREATE,
		.doit = vdsa_nl_inst_create_doit,
		.policy = vdsa_inst_create_policy,
		.maxattr = ARRAY_SIZE(vdsa_inst_create_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_INST_DESTROY,
		.doit = vdsa_nl_inst_destroy_doit,
		.policy = vdsa_inst_uuid_policy,
		.maxattr = ARRAY_SIZE(vdsa_inst_uuid_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_INST_BIND,
		.doit = vdsa_nl_inst_bind_doit,
		.policy = vdsa_inst_bind_policy,
		.maxattr = ARRAY_SIZE(vdsa_inst_bind_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_INST_UNBIND,
		.doit = vdsa_nl_inst_unbind_doit,
		.policy = vdsa_inst_uuid_policy,
		.maxattr = ARRAY_SIZE(vdsa_inst_uuid_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_INST_WQ_ASSIGN,
		.doit = vdsa_nl_inst_wq_assign_doit,
		.policy = vdsa_inst_wq_policy,
		.maxattr = ARRAY_SIZE(vdsa_inst_wq_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = VDSA_CMD_INST_WQ_UNASSIGN,
		.doit = vdsa_nl_inst_wq_unassign_doit,
		.policy = vdsa_inst_wq_policy,
		.maxattr = ARRAY_SIZE(vdsa_inst_wq_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group vdsa_nl_mcgrps[] = {
	[VDSA_NLGRP_EVENTS] = { .name = VDSA_MCGRP_EVENTS },
};

struct genl_family vdsa_nl_family __ro_after_init = {
	.name = VDSA_FAMILY_NAME,
	.version = VDSA_FAMILY_VERSION,
	/* Devices are global, like vdpa's: only the initial netns sees them. */
	.netnsok = false,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = vdsa_nl_ops,
	.n_ops = ARRAY_SIZE(vdsa_nl_ops),
	.mcgrps = vdsa_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(vdsa_nl_mcgrps),
};

int vdsa_nl_init(void)
{
	return genl_register_family(&vdsa_nl_family);
}

void vdsa_nl_exit(void)
{
	genl_unregister_family(&vdsa_nl_family);
}

/*
 * NL_SET_ERR_MSG*() in 6.1 take string literals only; the validation
 * verdicts carry their (literal) texts as pointers, so the message pointer
 * is set here. Message texts must outlive the request.
 */
void vdsa_nl_set_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
		     const char *msg)
{
	NL_SET_BAD_ATTR(extack, attr);
	if (extack)
		extack->_msg = msg;
}

/*
 * Formatted messages. 6.1 has no NL_SET_ERR_MSG_FMT(): netlink copies the
 * text into the ack after the handler returns, in the same system call.
 * So the text is allocated here and freed by task work, which runs when
 * the requesting task returns to user space, after the ack was built.
 */
struct vdsa_nl_errbuf {
	struct callback_head work;
	char text[256];
};

static void vdsa_nl_errbuf_free(struct callback_head *work)
{
	kfree(container_of(work, struct vdsa_nl_errbuf, work));
}

void vdsa_nl_set_err_fmt(struct netlink_ext_ack *extack,
			 const struct nlattr *attr, const char *fmt, ...)
{
	struct vdsa_nl_errbuf *b;
	va_list ap;

	if (!extack)
		return;
	/* A kernel thread never returns to user space to run the work. */
	b = current->flags & PF_KTHREAD ? NULL : kmalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		vdsa_nl_set_err(extack, attr,
				"the request failed (no memory for its message)");
		return;
	}
	init_task_work(&b->work, vdsa_nl_errbuf_free);
	if (task_work_add(current, &b->work, TWA_RESUME)) {
		kfree(b);
		vdsa_nl_set_err(extack, attr, "the request failed");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->text, sizeof(b->text), fmt, ap);
	va_end(ap);
	vdsa_nl_set_err(extack, attr, b->text);
}

bool vdsa_nl_has_listeners(void)
{
	return genl_has_listeners(&vdsa_nl_family, &init_net,
				  VDSA_NLGRP_EVENTS);
}

/*
 * A notification that could not be built is not dropped silently: every
 * listener gets ENOBUFS, as on a socket overrun, and knows to resync.
 */
void vdsa_nl_events_lost(void)
{
	genl_set_err(&vdsa_nl_family, &init_net, 0, VDSA_NLGRP_EVENTS,
		     -ENOBUFS);
}

void vdsa_nl_multicast(struct sk_buff *msg)
{
	genlmsg_multicast_netns(&vdsa_nl_family, &init_net, msg, 0,
				VDSA_NLGRP_EVENTS, GFP_KERNEL);
}

struct vdsa_device *vdsa_nl_lock_device(struct genl_info *info, int attr)
{
	struct vdsa_device *vdev;

	if (GENL_REQ_ATTR_CHECK(info, attr))
		return ERR_PTR(-EINVAL);
	vdev = vdsa_device_get_by_id(nla_get_u32(info->attrs[attr]));
	if (!vdev)
		goto nodev;
	mutex_lock(&vdev->lock);
	if (!vdev->dead)
		return vdev;
	mutex_unlock(&vdev->lock);
	vdsa_device_put(vdev);
nodev:
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr], "no such device");
	return ERR_PTR(-ENODEV);
}

/*
 * Optimistic concurrency: a request built from a read names the generation
 * it read, and fails if the device changed since.
 */
int vdsa_nl_check_generation(struct genl_info *info,
			     const struct vdsa_device *vdev, int attr)
{
	const struct nlattr *gen = info->attrs[attr];

	if (!gen || nla_get_u32(gen) == vdev->generation)
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, gen,
			    "device changed since this generation; read it again");
	return -EAGAIN;
}

void vdsa_nl_unlock_device(struct vdsa_device *vdev)
{
	mutex_unlock(&vdev->lock);
	vdsa_device_put(vdev);
}

/*
 * Sized from the device's limits, not the object's current contents: a
 * reply allocated before a change still fits the object after it.
 */
struct sk_buff *vdsa_nl_obj_msg_new(const struct vdsa_nl_obj *type,
				    const struct vdsa_device *vdev)
{
	size_t size = type->msg_size ? type->msg_size(vdev) : NLMSG_DEFAULT_SIZE;

	return genlmsg_new(size, GFP_KERNEL);
}

/* Puts one object as one message; with @cb, as part of a dump. */
/*
 * Starts a message with the vdsa header; with @cb, as part of a dump. NULL
 * when @msg is full.
 */
void *vdsa_nl_msg_start(struct sk_buff *msg, u32 portid, u32 seq, int flags,
			u8 cmd, struct netlink_callback *cb)
{
	void *hdr = genlmsg_put(msg, portid, seq, &vdsa_nl_family, flags, cmd);

	if (hdr && cb)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

/* Ends the message @hdr started, or takes it back out of @msg on @err. */
int vdsa_nl_msg_finish(struct sk_buff *msg, void *hdr, int err)
{
	if (err) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

int vdsa_nl_put_obj(struct sk_buff *msg, const struct vdsa_nl_obj *type,
		    const struct vdsa_device *vdev,
		    const struct vdsa_config *cfg, u32 index, u32 portid,
		    u32 seq, int flags, u8 cmd, struct netlink_callback *cb)
{
	void *hdr = vdsa_nl_msg_start(msg, portid, seq, flags, cmd, cb);

	if (!hdr)
		return -EMSGSIZE;
	return vdsa_nl_msg_finish(msg, hdr, type->fill(msg, vdev, cfg, index));
}

/* Replies to a do request with one object, using the request's command. */
int vdsa_nl_reply_obj(struct genl_info *info, const struct vdsa_nl_obj *type,
		      const struct vdsa_device *vdev,
		      const struct vdsa_config *cfg, u32 index)
{
	struct sk_buff *msg;
	int err;

	msg = vdsa_nl_obj_msg_new(type, vdev);
	if (!msg)
		return -ENOMEM;
	err = vdsa_nl_put_obj(msg, type, vdev, cfg, index, info->snd_portid,
			      info->snd_seq, 0, info->genlhdr->cmd, NULL);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Sends one object to the events group. Called with the device locked. */
void vdsa_nl_notify_obj(const struct vdsa_nl_obj *type,
			const struct vdsa_device *vdev, u32 index, u8 cmd)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&vdsa_nl_family, &init_net, VDSA_NLGRP_EVENTS))
		return;
	msg = vdsa_nl_obj_msg_new(type, vdev);
	if (!msg) {
		vdsa_nl_events_lost();
		return;
	}
	if (vdsa_nl_put_obj(msg, type, vdev, vdev->cfg, index, 0, 0, 0, cmd,
			    NULL)) {
		nlmsg_free(msg);
		vdsa_nl_events_lost();
		return;
	}
	genlmsg_multicast_netns(&vdsa_nl_family, &init_net, msg, 0,
				VDSA_NLGRP_EVENTS, GFP_KERNEL);
}

/* Reads the required object id @attr and checks it against @count. */
int vdsa_nl_object_id(struct genl_info *info, int attr, u32 count, u32 *ret)
{
	u32 id;

	if (GENL_REQ_ATTR_CHECK(info, attr))
		return -EINVAL;
	id = nla_get_u32(info->attrs[attr]);
	if (id >= count) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr],
				    "no such object on this device");
		return -ENOENT;
	}
	*ret = id;
	return 0;
}

/* Looks up the object named by the request; the device stays locked. */
static struct vdsa_device *vdsa_nl_lock_obj(struct genl_info *info,
					    const struct vdsa_nl_obj *type,
					    u32 *index)
{
	struct vdsa_device *vdev;
	int err;

	vdev = vdsa_nl_lock_device(info, type->dev_attr);
	*index = 0;
	if (IS_ERR(vdev) || !type->id_attr)
		return vdev;
	err = vdsa_nl_object_id(info, type->id_attr, type->count(vdev->cfg),
				index);
	if (err) {
		vdsa_nl_unlock_device(vdev);
		return ERR_PTR(err);
	}
	return vdev;
}

int vdsa_nl_get_doit(struct genl_info *info, const struct vdsa_nl_obj *type)
{
	struct vdsa_device *vdev;
	u32 index;
	int err;

	vdev = vdsa_nl_lock_obj(info, type, &index);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	err = vdsa_nl_reply_obj(info, type, vdev, vdev->cfg, index);
	vdsa_nl_unlock_device(vdev);
	return err;
}

/*
 * Dumps accept the device filter only. On 6.1 a dump error can carry a
 * message but not the offending attribute, so the messages name it.
 */
static int vdsa_nl_dump_check(struct netlink_callback *cb,
			      const struct vdsa_nl_obj *type)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct nlattr *filter = NULL;
	struct vdsa_device *vdev;
	u32 i;

	for (i = 1; i <= info->op.maxattr; i++) {
		if (!info->attrs[i])
			continue;
		if (i != type->filter_attr) {
			vdsa_nl_set_err(cb->extack, info->attrs[i],
					type->filter_attr ?
					"only dev-id can filter this dump" :
					"this dump takes no attributes");
			return -EINVAL;
		}
		filter = info->attrs[i];
	}
	if (!filter)
		return 0;
	vdev = vdsa_device_get_by_id(nla_get_u32(filter));
	if (!vdev) {
		NL_SET_ERR_MSG_ATTR(cb->extack, filter,
				    "dump filter dev-id: no such device");
		return -ENODEV;
	}
	vdsa_device_put(vdev);
	return 0;
}

static int vdsa_nl_dump_device(struct sk_buff *skb, struct netlink_callback *cb,
			       const struct vdsa_nl_obj *type,
			       struct vdsa_device *vdev, struct vdsa_dump_ctx *ctx)
{
	u32 count;
	int err;

	if (type->dump_device)
		return type->dump_device(skb, cb, vdev, ctx);
	count = type->count(vdev->cfg);
	for (; ctx->obj < count; ctx->obj++) {
		err = vdsa_nl_put_obj(skb, type, vdev, vdev->cfg, ctx->obj,
				      NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI,
				      type->get_cmd, cb);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Resumable dump of one object type over all devices (or the filtered
 * one). The position is kept in cb->ctx; the registry generation in
 * cb->seq flags a dump that raced with a change (NLM_F_DUMP_INTR).
 */
int vdsa_nl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb,
		       const struct vdsa_nl_obj *type)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct vdsa_dump_ctx *ctx = (void *)cb->ctx;
	struct vdsa_device *vdev;
	int err = 0;
	u32 dev_id;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	if (!ctx->checked) {
		err = vdsa_nl_dump_check(cb, type);
		if (err)
			return err;
		ctx->checked = true;
	}
	dev_id = type->filter_attr && attrs[type->filter_attr] ?
		 nla_get_u32(attrs[type->filter_attr]) : U32_MAX;
	if (dev_id != U32_MAX && ctx->dev < dev_id)
		ctx->dev = dev_id;
	cb->seq = vdsa_registry_generation();

	for (;;) {
		unsigned long resume = ctx->dev;

		vdev = vdsa_device_get_next(&ctx->dev);
		if (!vdev)
			break;
		/* The device the last pass stopped in is gone: start afresh. */
		if (ctx->dev != resume)
			ctx->obj = 0;
		if (dev_id != U32_MAX && vdev->id != dev_id) {
			vdsa_device_put(vdev);
			break;
		}
		mutex_lock(&vdev->lock);
		if (!vdev->dead)
			err = vdsa_nl_dump_device(skb, cb, type, vdev, ctx);
		mutex_unlock(&vdev->lock);
		vdsa_device_put(vdev);
		if (err)
			break;
		ctx->dev++;
		ctx->obj = 0;
	}
	/* A full skb with objects in it is a partial dump, not an error. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* Anything a WQ reply shows; a restart clears a halt (commit.c). */
static bool vdsa_nl_wq_changed(const struct vdsa_config *old,
			       const struct vdsa_config *new, u32 i)
{
	const struct vdsa_wq *was = &old->wqs[i], *now = &new->wqs[i];

	return was->enabled != now->enabled || was->owner != now->owner ||
	       !vdsa_wq_cfg_equal(&was->cfg, &now->cfg) ||
	       (was->halted && vdsa_wq_bounces(old, new, i));
}

/*
 * Records what committing @new over @old changes, for notifications. It
 * allocates here, before the commit, so that announcing a committed change
 * cannot fail for want of memory.
 */
int vdsa_nl_changes_get(struct vdsa_nl_changes *ch,
			const struct vdsa_config *old,
			const struct vdsa_config *new)
{
	u32 i;

	ch->dev = vdsa_config_wq_size_used(old) != vdsa_config_wq_size_used(new);
	ch->groups = bitmap_zalloc(new->n_groups, GFP_KERNEL);
	ch->wqs = bitmap_zalloc(new->n_wqs, GFP_KERNEL);
	if (!ch->groups || !ch->wqs) {
		vdsa_nl_changes_free(ch);
		return -ENOMEM;
	}
	for (i = 0; i < new->n_groups; i++)
		if (vdsa_group_changed(old, new, i))
			__set_bit(i, ch->groups);
	for (i = 0; i < new->n_wqs; i++)
		if (vdsa_nl_wq_changed(old, new, i))
			__set_bit(i, ch->wqs);
	return 0;
}

bool vdsa_nl_changes_empty(const struct vdsa_nl_changes *ch,
			   const struct vdsa_config *cfg)
{
	return !ch->dev && bitmap_empty(ch->groups, cfg->n_groups) &&
	       bitmap_empty(ch->wqs, cfg->n_wqs);
}

/*
 * One notification per object that changed, each with the device's new
 * generation: groups, then WQs, then the device's own attributes.
 */
void vdsa_nl_changes_notify(struct vdsa_device *vdev,
			    struct vdsa_nl_changes *ch)
{
	u32 i;

	for_each_set_bit(i, ch->groups, vdev->cfg->n_groups)
		vdsa_nl_notify_obj(&vdsa_nl_group_obj, vdev, i,
				   VDSA_CMD_GROUP_CHANGE_NTF);
	for_each_set_bit(i, ch->wqs, vdev->cfg->n_wqs)
		vdsa_nl_notify_obj(&vdsa_nl_wq_obj, vdev, i,
				   VDSA_CMD_WQ_CHANGE_NTF);
	if (ch->dev)
		vdsa_nl_notify_obj(&vdsa_nl_dev_obj, vdev, 0,
				   VDSA_CMD_DEV_CHANGE_NTF);
}

void vdsa_nl_changes_free(struct vdsa_nl_changes *ch)
{
	bitmap_free(ch->groups);
	bitmap_free(ch->wqs);
	ch->groups = NULL;
	ch->wqs = NULL;
}

/*
 * Validates @shadow against the committed configuration, then commits it
 * unless it is validate-only or changes nothing. Returns 1 if the device
 * took @shadow, 0 if the caller keeps it, or a negative errno with @v
 * describing the failure.
 */
static int vdsa_nl_apply(struct vdsa_device *vdev, struct vdsa_config *shadow,
			 const struct vdsa_nl_mutation *m, struct vdsa_verdict *v)
{
	const struct vdsa_config *old = vdev->cfg;
	struct vdsa_nl_changes ch;
	int restart, err;

	err = vdsa_config_check(vdev, shadow, v, &restart);
	if (err)
		return err;
	if (restart >= 0 && !m->allow_restart) {
		return vdsa_fail(v, -EBUSY, VDSA_OBJ_WQ, restart,
				 VDSA_A_WQ_STATE,
				 "WQ is enabled and its configuration or group would change; disable it first");
	}
	if (m->validate_only)
		return 0;
	err = vdsa_nl_changes_get(&ch, old, shadow);
	if (err)
		return err;
	if (vdsa_nl_changes_empty(&ch, shadow)) {
		vdsa_nl_changes_free(&ch);
		return 0;
	}

	err = vdsa_config_commit(vdev, shadow);
	if (err) {
		if (err != -ENOMEM)
			vdsa_fail(v, err, VDSA_OBJ_DEV, vdev->id, 0,
				  vdsa_commit_failed_msg(vdev));
	} else {
		vdsa_nl_changes_notify(vdev, &ch);
	}
	vdsa_nl_changes_free(&ch);
	return err ?: 1;
}

/*
 * The tail every mutating request shares: apply @shadow (which it takes
 * over) and reply with the object as it now is, or would be for a
 * validate-only request. The reply is allocated first, so a request never
 * fails after its change was committed.
 */
int vdsa_nl_mutate(struct genl_info *info, struct vdsa_device *vdev,
		   struct vdsa_config *shadow, const struct vdsa_nl_mutation *m)
{
	struct vdsa_verdict v = {};
	struct sk_buff *msg;
	int err;

	msg = vdsa_nl_obj_msg_new(m->type, vdev);
	if (!msg) {
		vdsa_config_free(shadow);
		return -ENOMEM;
	}
	err = vdsa_nl_apply(vdev, shadow, m, &v);
	if (err < 0) {
		if (v.owner)
			vdsa_nl_set_err_fmt(info->extack,
					    m->blame(info, &v, m->index),
					    "wq %u belongs to vDSA instance %pUb; destroy the instance or unassign the WQ first",
					    v.index, &v.owner->uuid);
		else if (v.msg)
			vdsa_nl_set_err(info->extack, m->blame(info, &v, m->index),
					v.msg);
		goto free;
	}
	if (err == 1)
		shadow = NULL;	/* the device owns it now */
	err = vdsa_nl_put_obj(msg, m->type, vdev, shadow ?: vdev->cfg, m->index,
			      info->snd_portid, info->snd_seq, 0,
			      info->genlhdr->cmd, NULL);
	if (!err) {
		err = genlmsg_reply(msg, info);
		msg = NULL;
	}
free:
	nlmsg_free(msg);
	vdsa_config_free(shadow);
	return err;
}
