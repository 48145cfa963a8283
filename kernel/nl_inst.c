// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: the instance commands. Instances are named by UUID; the
 * lifecycle itself is in inst.c, the bindings in bind_*.c. Binding and
 * unbinding vfio attach and release a driver, which takes the device lock
 * itself: the request marks the instance busy and works without the lock.
 */
#include <linux/slab.h>

#include "vdsa.h"

/* Reports @e on the request attribute it names. */
static void vdsa_nl_inst_err(struct genl_info *info,
			     const struct vdsa_inst_err *e)
{
	const struct nlattr *attr = NULL, *a;
	int rem;

	if (!e->msg)
		return;
	if (e->attr == VDSA_A_INST_WQ_ID && e->wq != U32_MAX) {
		nla_for_each_attr(a, genlmsg_data(info->genlhdr),
				  genlmsg_len(info->genlhdr), rem) {
			if (nla_type(a) == VDSA_A_INST_WQ_ID &&
			    nla_len(a) == sizeof(u32) && nla_get_u32(a) == e->wq) {
				attr = a;
				break;
			}
		}
	} else if (e->attr == VDSA_A_INST_WQ_PROFILE && e->sub_attr &&
		   info->attrs[e->attr]) {
		attr = nla_find_nested(info->attrs[e->attr], e->sub_attr);
	}
	if (!attr && e->attr && e->attr <= VDSA_A_INST_MAX)
		attr = info->attrs[e->attr];
	/* A formatted text lives in @e, on the handler's stack: copy it. */
	if (e->msg == e->buf)
		vdsa_nl_set_err_fmt(info->extack, attr, "%s", e->msg);
	else
		vdsa_nl_set_err(info->extack, attr, e->msg);
}

static int vdsa_nl_inst_uuid(struct genl_info *info, uuid_t *uuid)
{
	if (GENL_REQ_ATTR_CHECK(info, VDSA_A_INST_UUID))
		return -EINVAL;
	import_uuid(uuid, nla_data(info->attrs[VDSA_A_INST_UUID]));
	return 0;
}

/* Finds and locks the instance the request names. */
static struct vdsa_device *vdsa_nl_inst_lock(struct genl_info *info,
					     struct vdsa_inst **inst)
{
	struct vdsa_device *vdev;
	uuid_t uuid;
	int err;

	err = vdsa_nl_inst_uuid(info, &uuid);
	if (err)
		return ERR_PTR(err);
	vdev = vdsa_inst_lock(&uuid, inst);
	if (!vdev) {
		/* Gets land here too: no allocation for their messages. */
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VDSA_A_INST_UUID],
				    "no such vDSA instance");
		return ERR_PTR(-ENOENT);
	}
	return vdev;
}

/* Replies with @inst (and @wq_ids); @msg was allocated before any change. */
static int vdsa_nl_inst_reply(struct genl_info *info, struct sk_buff *msg,
			      const struct vdsa_inst *inst, const u32 *wq_ids,
			      u32 n_wqs)
{
	if (vdsa_inst_put(msg, inst, wq_ids, n_wqs, info->snd_portid,
			  info->snd_seq, 0, info->genlhdr->cmd, NULL)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return genlmsg_reply(msg, info);
}

int vdsa_nl_inst_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vdsa_device *vdev;
	struct vdsa_inst *inst;
	struct sk_buff *msg;
	int err;

	if (info->attrs[VDSA_A_INST_DEV_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VDSA_A_INST_DEV_ID],
				    "an instance is named by its uuid alone");
		return -EINVAL;
	}
	vdev = vdsa_nl_inst_lock(info, &inst);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	msg = genlmsg_new(vdsa_inst_msg_size(vdev), GFP_KERNEL);
	err = msg ? vdsa_nl_inst_reply(info, msg, inst, inst->wq_ids,
				       inst->n_wqs) : -ENOMEM;
	vdsa_nl_unlock_device(vdev);
	return err;
}

static int vdsa_nl_inst_dump_device(struct sk_buff *skb,
				    struct netlink_callback *cb,
				    struct vdsa_device *vdev,
				    struct vdsa_dump_ctx *ctx)
{
	struct vdsa_inst *inst;
	u32 i = 0;
	int err;

	list_for_each_entry(inst, &vdev->insts, node) {
		if (inst->hidden)
			continue;
		if (i++ < ctx->obj)
			continue;
		err = vdsa_inst_put(skb, inst, inst->wq_ids, inst->n_wqs,
				    NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI,
				    VDSA_CMD_INST_GET, cb);
		if (err)
			return err;
		ctx->obj++;
	}
	return 0;
}

const struct vdsa_nl_obj vdsa_nl_inst_obj = {
	.msg_size = vdsa_inst_msg_size,
	.get_cmd = VDSA_CMD_INST_GET,
	.dev_attr = VDSA_A_INST_DEV_ID,
	.filter_attr = VDSA_A_INST_DEV_ID,
	.dump_device = vdsa_nl_inst_dump_device,
};

int vdsa_nl_inst_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vdsa_nl_get_dumpit(skb, cb, &vdsa_nl_inst_obj);
}

/* The wq-id attributes of the request, in order. */
static int vdsa_nl_inst_wq_ids(struct genl_info *info, u32 **ids, u32 *n)
{
	const struct nlattr *a;
	int rem;
	u32 count = 0;

	*ids = NULL;
	*n = 0;
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		if (nla_type(a) == VDSA_A_INST_WQ_ID)
			count++;
	if (!count)
		return 0;
	*ids = kcalloc(count, sizeof(**ids), GFP_KERNEL);
	if (!*ids)
		return -ENOMEM;
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		if (nla_type(a) == VDSA_A_INST_WQ_ID)
			(*ids)[(*n)++] = nla_get_u32(a);
	return 0;
}

static int vdsa_nl_inst_profile(struct genl_info *info,
				struct vdsa_device *vdev,
				struct vdsa_inst_spec *spec)
{
	struct nlattr *tb[VDSA_A_WQ_STATE + 1] = {};
	struct nlattr *nest = info->attrs[VDSA_A_INST_WQ_PROFILE];
	struct vdsa_wq wq = {};
	int err;

	vdsa_inst_profile_default(&wq.cfg, &vdev->caps);
	if (nest) {
		err = nla_parse_nested(tb, VDSA_A_WQ_ATS_DISABLE, nest,
				       vdsa_wq_profile_policy, info->extack);
		if (err)
			return err;
		vdsa_nl_wq_parse(&wq, tb);
		spec->profile_group = tb[VDSA_A_WQ_GROUP_ID];
	}
	spec->profile = wq.cfg;
	return 0;
}

/*
 * With binding vfio: binds the new (hidden, busy) instance without the
 * lock, then announces it, or takes the create back as if it never was.
 */
static int vdsa_nl_inst_create_bind(struct genl_info *info,
				    struct vdsa_device *vdev,
				    struct vdsa_inst_created *out)
{
	struct vdsa_inst *inst = out->inst;
	int err;

	err = vdsa_inst_vfio_set(inst, true);
	if (vdev->dead) {
		/* Teardown destroys the hidden instance; nobody saw it. */
		vdsa_inst_created_done(out);
		NL_SET_ERR_MSG(info->extack, "the device went away");
		return -ENODEV;
	}
	if (err) {
		vdsa_nl_set_err_fmt(info->extack,
				    info->attrs[VDSA_A_INST_BINDING],
				    "binding vfio failed: %s; nothing was created",
				    inst->bind_err ?: "unknown reason");
		vdsa_inst_create_undo(out);
		return err;
	}
	return 0;
}

/* Sends or frees @msg, the reply, whatever happens. */
static int vdsa_nl_inst_create(struct genl_info *info, struct vdsa_device *vdev,
			       struct vdsa_inst_spec *spec, struct sk_buff *msg)
{
	struct nlattr **attrs = info->attrs;
	bool vfio = attrs[VDSA_A_INST_BINDING] &&
		    nla_get_u32(attrs[VDSA_A_INST_BINDING]) ==
		    VDSA_INST_BINDING_VFIO;
	struct vdsa_inst_created out = {
		.validate_only = attrs[VDSA_A_INST_VALIDATE_ONLY],
		.keep_old = vfio,
	};
	struct vdsa_inst_err e = { .wq = U32_MAX };
	int err;

	if (attrs[VDSA_A_INST_BINDING] && !vfio) {
		err = vdsa_inst_mdev_hint(vdev, &e);
		goto fail;
	}
	err = vdsa_inst_create(vdev, spec, vfio, &out, &e);
	if (err)
		goto fail;
	if (out.validate_only) {
		err = vdsa_nl_inst_reply(info, msg, out.inst, out.inst->wq_ids,
					 out.inst->n_wqs);
		vdsa_inst_discard(out.inst, out.shadow);
		return err;
	}
	if (vfio) {
		err = vdsa_nl_inst_create_bind(info, vdev, &out);
		if (err) {
			nlmsg_free(msg);
			return err;
		}
	}
	vdsa_inst_created_notify(&out);
	return vdsa_nl_inst_reply(info, msg, out.inst, out.inst->wq_ids,
				  out.inst->n_wqs);

fail:
	vdsa_nl_inst_err(info, &e);
	nlmsg_free(msg);
	return err;
}

int vdsa_nl_inst_create_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct vdsa_inst_spec spec = {};
	struct vdsa_device *vdev;
	struct sk_buff *msg;
	u32 *ids = NULL;
	uuid_t uuid;
	int err;

	if (attrs[VDSA_A_INST_UUID]) {
		import_uuid(&uuid, nla_data(attrs[VDSA_A_INST_UUID]));
		spec.uuid = &uuid;
	}
	if (attrs[VDSA_A_INST_NAME])
		spec.name = nla_data(attrs[VDSA_A_INST_NAME]);
	err = vdsa_nl_inst_wq_ids(info, &ids, &spec.n_wq_ids);
	if (err)
		return err;
	spec.wq_ids = ids;
	if (spec.n_wq_ids && attrs[VDSA_A_INST_WQ_COUNT]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[VDSA_A_INST_WQ_COUNT],
				    "wq-count allocates WQs, wq-id takes existing ones: give one of them");
		err = -EINVAL;
		goto out;
	}
	if (spec.n_wq_ids && attrs[VDSA_A_INST_WQ_PROFILE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[VDSA_A_INST_WQ_PROFILE],
				    "wq-profile configures allocated WQs; existing ones (wq-id) keep their configuration");
		err = -EINVAL;
		goto out;
	}
	spec.wq_count = attrs[VDSA_A_INST_WQ_COUNT] ?
			nla_get_u32(attrs[VDSA_A_INST_WQ_COUNT]) : 1;

	vdev = vdsa_nl_lock_device(info, VDSA_A_INST_DEV_ID);
	if (IS_ERR(vdev)) {
		err = PTR_ERR(vdev);
		goto out;
	}
	err = vdsa_nl_check_generation(info, vdev, VDSA_A_INST_GENERATION) ?:
	      vdsa_nl_inst_profile(info, vdev, &spec);
	if (!err) {
		msg = genlmsg_new(vdsa_inst_msg_size(vdev), GFP_KERNEL);
		err = msg ? vdsa_nl_inst_create(info, vdev, &spec, msg) :
		      -ENOMEM;
	}
	vdsa_nl_unlock_device(vdev);
out:
	kfree(ids);
	return err;
}

/*
 * A mutating request: finds and locks the instance it names, on a device
 * still at the generation the request gives (if it gives one).
 */
static struct vdsa_device *vdsa_nl_inst_lock_mutable(struct genl_info *info,
						     struct vdsa_inst **inst)
{
	struct vdsa_device *vdev;
	int err;

	vdev = vdsa_nl_inst_lock(info, inst);
	if (IS_ERR(vdev))
		return vdev;
	err = vdsa_nl_check_generation(info, vdev, VDSA_A_INST_GENERATION);
	if (err) {
		vdsa_nl_unlock_device(vdev);
		return ERR_PTR(err);
	}
	return vdev;
}

/*
 * Allocates the reply first (nothing may fail once the change is made),
 * then finds and locks the instance the request names.
 */
static struct vdsa_device *vdsa_nl_inst_begin(struct genl_info *info,
					      struct vdsa_inst **inst,
					      struct sk_buff **msg)
{
	struct vdsa_device *vdev;

	vdev = vdsa_nl_inst_lock_mutable(info, inst);
	if (IS_ERR(vdev))
		return vdev;
	*msg = genlmsg_new(vdsa_inst_msg_size(vdev), GFP_KERNEL);
	if (!*msg) {
		vdsa_nl_unlock_device(vdev);
		return ERR_PTR(-ENOMEM);
	}
	return vdev;
}

/* Binds (@bind) or unbinds @inst's vfio driver for a request; announces it. */
static int vdsa_nl_inst_vfio(struct genl_info *info, struct vdsa_device *vdev,
			     struct vdsa_inst *inst, bool bind)
{
	int err;

	err = vdsa_inst_vfio_set(inst, bind);
	if (vdev->dead) {
		NL_SET_ERR_MSG(info->extack, "the device went away");
		return -ENODEV;
	}
	if (err)
		vdsa_nl_set_err_fmt(info->extack,
				    info->attrs[VDSA_A_INST_BINDING],
				    "%s vfio failed: %s",
				    bind ? "binding" : "unbinding",
				    inst->bind_err ?: "unknown reason");
	else
		vdsa_inst_notify(inst, VDSA_CMD_INST_CHANGE_NTF);
	return err;
}

/* Ends a request that failed: the error (if any) goes to the extack. */
static int vdsa_nl_inst_fail(struct genl_info *info, struct vdsa_device *vdev,
			     struct sk_buff *msg, struct vdsa_inst_err *e,
			     int err)
{
	if (e)
		vdsa_nl_inst_err(info, e);
	nlmsg_free(msg);
	vdsa_nl_unlock_device(vdev);
	return err;
}

int vdsa_nl_inst_destroy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vdsa_inst_err e = { .wq = U32_MAX };
	struct vdsa_device *vdev;
	struct vdsa_inst *inst;
	struct sk_buff *msg;
	int err;

	vdev = vdsa_nl_inst_begin(info, &inst, &msg);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	err = vdsa_inst_destroy_check(inst, &e);
	if (err)
		return vdsa_nl_inst_fail(info, vdev, msg, &e, err);
	if (vdsa_inst_put(msg, inst, inst->wq_ids, inst->n_wqs,
			  info->snd_portid, info->snd_seq, 0,
			  info->genlhdr->cmd, NULL))
		return vdsa_nl_inst_fail(info, vdev, msg, NULL, -EMSGSIZE);
	if (!info->attrs[VDSA_A_INST_VALIDATE_ONLY]) {
		bool vfio = inst->state == VDSA_INST_STATE_BOUND_VFIO;

		if (vfio) {
			err = vdsa_nl_inst_vfio(info, vdev, inst, false);
			if (err)
				return vdsa_nl_inst_fail(info, vdev, msg, NULL,
							 err);
		}
		err = vdsa_inst_destroy(inst, true, &e);
		/* Undo the unbind: a failed destroy leaves it as it was. */
		if (err && vfio && vdsa_nl_inst_vfio(info, vdev, inst, true))
			e.msg = "destroy failed, and binding vfio again failed too";
		if (err)
			return vdsa_nl_inst_fail(info, vdev, msg, &e, err);
	}
	vdsa_nl_unlock_device(vdev);
	return genlmsg_reply(msg, info);
}

int vdsa_nl_inst_bind_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vdsa_inst_err e = { .wq = U32_MAX };
	struct vdsa_device *vdev;
	struct vdsa_inst *inst;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VDSA_A_INST_BINDING))
		return -EINVAL;
	vdev = vdsa_nl_inst_begin(info, &inst, &msg);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	if (nla_get_u32(info->attrs[VDSA_A_INST_BINDING]) !=
	    VDSA_INST_BINDING_VFIO) {
		err = vdsa_inst_mdev_hint(vdev, &e);
		return vdsa_nl_inst_fail(info, vdev, msg, &e, err);
	}
	err = vdsa_inst_bind_check(inst, &e);
	if (err)
		return vdsa_nl_inst_fail(info, vdev, msg, &e, err);
	if (!info->attrs[VDSA_A_INST_VALIDATE_ONLY]) {
		err = vdsa_nl_inst_vfio(info, vdev, inst, true);
		if (err)
			return vdsa_nl_inst_fail(info, vdev, msg, NULL, err);
	}
	err = vdsa_nl_inst_reply(info, msg, inst, inst->wq_ids, inst->n_wqs);
	vdsa_nl_unlock_device(vdev);
	return err;
}

/*
 * Unbinding an instance that is not bound succeeds and changes nothing,
 * so an operator can always "make sure it is unbound".
 */
int vdsa_nl_inst_unbind_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vdsa_inst_err e = { .wq = U32_MAX };
	struct vdsa_device *vdev;
	struct vdsa_inst *inst;
	struct sk_buff *msg;
	int err;

	vdev = vdsa_nl_inst_begin(info, &inst, &msg);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	err = vdsa_inst_unbind_check(inst, &e);
	if (err)
		return vdsa_nl_inst_fail(info, vdev, msg, &e, err);
	if (inst->state == VDSA_INST_STATE_BOUND_VFIO &&
	    !info->attrs[VDSA_A_INST_VALIDATE_ONLY]) {
		err = vdsa_nl_inst_vfio(info, vdev, inst, false);
		if (err)
			return vdsa_nl_inst_fail(info, vdev, msg, NULL, err);
	}
	err = vdsa_nl_inst_reply(info, msg, inst, inst->wq_ids, inst->n_wqs);
	vdsa_nl_unlock_device(vdev);
	return err;
}

static int vdsa_nl_inst_move(struct genl_info *info, bool assign)
{
	struct vdsa_inst_err e = { .wq = U32_MAX };
	struct vdsa_inst_spec spec = {};
	struct vdsa_nl_changes ch = {};
	bool validate_only = info->attrs[VDSA_A_INST_VALIDATE_ONLY];
	struct vdsa_device *vdev;
	struct vdsa_inst *inst;
	struct sk_buff *msg = NULL;
	u32 *ids, *new_ids = NULL, n = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VDSA_A_INST_WQ_ID))
		return -EINVAL;
	err = vdsa_nl_inst_wq_ids(info, &ids, &spec.n_wq_ids);
	if (err)
		return err;
	spec.wq_ids = ids;
	vdev = vdsa_nl_inst_lock_mutable(info, &inst);
	if (IS_ERR(vdev)) {
		err = PTR_ERR(vdev);
		goto out;
	}
	msg = genlmsg_new(vdsa_inst_msg_size(vdev), GFP_KERNEL);
	if (!msg) {
		vdsa_nl_unlock_device(vdev);
		err = -ENOMEM;
		goto out;
	}
	err = vdsa_inst_move_wqs(inst, &spec, assign, validate_only, &new_ids,
				 &n, &ch, &e);
	if (err) {
		vdsa_nl_inst_err(info, &e);
	} else if (validate_only) {
		err = vdsa_nl_inst_reply(info, msg, inst, new_ids, n);
		msg = NULL;
	} else {
		vdsa_nl_changes_notify(vdev, &ch);
		vdsa_nl_changes_free(&ch);
		vdsa_inst_notify(inst, VDSA_CMD_INST_CHANGE_NTF);
		err = vdsa_nl_inst_reply(info, msg, inst, inst->wq_ids,
					 inst->n_wqs);
		msg = NULL;
	}
	vdsa_nl_unlock_device(vdev);
out:
	nlmsg_free(msg);
	kfree(new_ids);
	kfree(ids);
	return err;
}

int vdsa_nl_inst_wq_assign_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vdsa_nl_inst_move(info, true);
}

int vdsa_nl_inst_wq_unassign_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vdsa_nl_inst_move(info, false);
}
