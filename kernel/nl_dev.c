// SPDX-License-Identifier: GPL-2.0
/* vdsa core: device get/dump, reset and the whole-device config-set. */
#include <linux/bitmap.h>
#include <linux/slab.h>

#include "vdsa.h"

static int vdsa_nl_dev_fill(struct sk_buff *msg, const struct vdsa_device *vdev,
			    const struct vdsa_config *cfg, u32 index)
{
	const struct vdsa_device_caps *caps = &vdev->caps;

	if (nla_put_u32(msg, VDSA_A_DEV_ID, vdev->id) ||
	    nla_put_string(msg, VDSA_A_DEV_NAME, vdev->name) ||
	    nla_put_string(msg, VDSA_A_DEV_PARENT_BUS, vdev->parent_bus) ||
	    nla_put_string(msg, VDSA_A_DEV_PARENT_DEV, vdev->parent_dev) ||
	    nla_put_u32(msg, VDSA_A_DEV_GENERATION, vdev->generation) ||
	    nla_put_u32(msg, VDSA_A_DEV_VERSION, caps->version) ||
	    nla_put_u32(msg, VDSA_A_DEV_CAPS, caps->flags) ||
	    nla_put_u32(msg, VDSA_A_DEV_MAX_GROUPS, caps->max_groups) ||
	    nla_put_u32(msg, VDSA_A_DEV_MAX_ENGINES, caps->max_engines) ||
	    nla_put_u32(msg, VDSA_A_DEV_MAX_WQS, caps->max_wqs) ||
	    nla_put_u32(msg, VDSA_A_DEV_MAX_WQ_SIZE, caps->max_wq_size) ||
	    nla_put_u64_64bit(msg, VDSA_A_DEV_MAX_TRANSFER_SIZE,
			      caps->max_transfer_size, VDSA_A_DEV_PAD) ||
	    nla_put_u32(msg, VDSA_A_DEV_MAX_BATCH_SIZE, caps->max_batch_size) ||
	    nla_put_u32(msg, VDSA_A_DEV_MAX_READ_BUFFERS, caps->max_read_buffers) ||
	    nla_put(msg, VDSA_A_DEV_OP_CAP, sizeof(caps->op_cap), caps->op_cap) ||
	    nla_put_u32(msg, VDSA_A_DEV_WQ_SIZE_USED,
			vdsa_config_wq_size_used(cfg)) ||
	    nla_put_u32(msg, VDSA_A_DEV_OPER_STATE,
			vdev->degraded ? VDSA_DEV_OPER_STATE_DEGRADED :
			VDSA_DEV_OPER_STATE_OK))
		return -EMSGSIZE;
	if (vdev->degraded &&
	    nla_put_string(msg, VDSA_A_DEV_DEGRADED_REASON, vdev->degraded_why))
		return -EMSGSIZE;
	return 0;
}

static u32 vdsa_nl_dev_count(const struct vdsa_config *cfg)
{
	return 1;
}

const struct vdsa_nl_obj vdsa_nl_dev_obj = {
	.fill = vdsa_nl_dev_fill,
	.count = vdsa_nl_dev_count,
	.get_cmd = VDSA_CMD_DEV_GET,
	.dev_attr = VDSA_A_DEV_ID,
};

int vdsa_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vdsa_nl_get_doit(info, &vdsa_nl_dev_obj);
}

int vdsa_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vdsa_nl_get_dumpit(skb, cb, &vdsa_nl_dev_obj);
}

/* The id inside a config-set nest, or U32_MAX if it has none. */
static u32 vdsa_nl_nest_id(const struct nlattr *nest, int id_attr)
{
	const struct nlattr *id = nla_find_nested(nest, id_attr);

	return id ? nla_get_u32(id) : U32_MAX;
}

/* Finds the request attribute a config-set validation failure is about. */
static const struct nlattr *vdsa_nl_config_blame(struct genl_info *info,
						 const struct vdsa_verdict *v,
						 u32 index)
{
	const struct nlattr *a, *found;
	int rem;

	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (v->obj == VDSA_OBJ_WQ && nla_type(a) == VDSA_A_DEV_WQ &&
		    vdsa_nl_nest_id(a, VDSA_A_WQ_ID) == v->index) {
			found = nla_find_nested(a, v->attr);
			return found ?: a;
		}
		if (v->obj == VDSA_OBJ_GROUP && nla_type(a) == VDSA_A_DEV_GROUP &&
		    vdsa_nl_nest_id(a, VDSA_A_GROUP_ID) == v->index) {
			found = nla_find_nested(a, v->attr);
			return found ?: a;
		}
	}
	return NULL;
}

/* Parses one group or WQ nest of a config-set into the shadow. */
static int vdsa_nl_config_nest(struct vdsa_config *shadow,
			       const struct nlattr *nest,
			       unsigned long *seen_groups,
			       unsigned long *seen_wqs, unsigned long *claimed,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VDSA_A_WQ_STATE + 1];
	bool is_wq = nla_type(nest) == VDSA_A_DEV_WQ;
	int id_attr = is_wq ? VDSA_A_WQ_ID : VDSA_A_GROUP_ID;
	u32 count = is_wq ? shadow->n_wqs : shadow->n_groups;
	unsigned long *seen = is_wq ? seen_wqs : seen_groups;
	u32 id;
	int err;

	BUILD_BUG_ON((int)VDSA_A_WQ_STATE <
		     (int)VDSA_A_GROUP_READ_BUFFERS_ALLOWED);
	if (is_wq)
		err = nla_parse_nested(tb, VDSA_A_WQ_STATE, nest,
				       vdsa_wq_nest_policy, extack);
	else
		err = nla_parse_nested(tb, VDSA_A_GROUP_READ_BUFFERS_ALLOWED,
				       nest, vdsa_group_nest_policy, extack);
	if (err)
		return err;
	if (!tb[id_attr]) {
		NL_SET_ERR_ATTR_MISS(extack, nest, id_attr);
		NL_SET_ERR_MSG(extack, "a config-set nest needs an id");
		return -EINVAL;
	}
	id = nla_get_u32(tb[id_attr]);
	if (id >= count) {
		NL_SET_ERR_MSG_ATTR(extack, tb[id_attr],
				    "no such object on this device");
		return -ENOENT;
	}
	if (test_and_set_bit(id, seen)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[id_attr],
				    "object listed twice in one config-set");
		return -EINVAL;
	}
	if (is_wq) {
		vdsa_nl_wq_parse(&shadow->wqs[id], tb);
		return 0;
	}
	return vdsa_nl_group_parse(shadow, id, tb, claimed, extack);
}

static int vdsa_nl_config_parse(struct genl_info *info,
				struct vdsa_config *shadow)
{
	unsigned long *seen_groups, *seen_wqs, *claimed;
	const struct nlattr *a;
	int rem, err = -ENOMEM;

	seen_groups = bitmap_zalloc(shadow->n_groups, GFP_KERNEL);
	seen_wqs = bitmap_zalloc(shadow->n_wqs, GFP_KERNEL);
	claimed = bitmap_zalloc(shadow->n_engines, GFP_KERNEL);
	if (!seen_groups || !seen_wqs || !claimed)
		goto out;
	err = 0;
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != VDSA_A_DEV_WQ &&
		    nla_type(a) != VDSA_A_DEV_GROUP)
			continue;
		err = vdsa_nl_config_nest(shadow, a, seen_groups, seen_wqs,
					  claimed, info->extack);
		if (err)
			break;
	}
out:
	bitmap_free(claimed);
	bitmap_free(seen_wqs);
	bitmap_free(seen_groups);
	return err;
}

static const struct nlattr *vdsa_nl_reset_blame(struct genl_info *info,
						const struct vdsa_verdict *v,
						u32 index)
{
	return NULL;
}

/*
 * dev-reset of a degraded device: the configuration cannot be trusted, so
 * the provider resets the hardware as a whole instead of undoing a diff.
 * Instances would lose their WQs underneath them: they go first.
 */
static int vdsa_nl_dev_recover(struct genl_info *info, struct vdsa_device *vdev)
{
	struct vdsa_nl_changes ch;
	struct vdsa_config *fresh;
	struct sk_buff *msg;
	int err;

	if (!list_empty(&vdev->insts)) {
		NL_SET_ERR_MSG(info->extack,
			       "the device is degraded and has vDSA instances; destroy them before the reset");
		return -EBUSY;
	}
	if (!vdev->ops->dev_reset) {
		NL_SET_ERR_MSG(info->extack,
			       "the device is degraded and its provider cannot reset it; remove the device");
		return -EOPNOTSUPP;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	fresh = vdsa_config_new(&vdev->caps);
	if (!msg || !fresh) {
		err = -ENOMEM;
		goto free;
	}
	if (info->attrs[VDSA_A_DEV_VALIDATE_ONLY]) {
		err = vdsa_nl_put_obj(msg, &vdsa_nl_dev_obj, vdev, fresh, 0,
				      info->snd_portid, info->snd_seq, 0,
				      info->genlhdr->cmd, NULL);
		goto reply;
	}
	err = vdsa_nl_changes_get(&ch, vdev->cfg, fresh);
	if (err)
		goto free;
	err = vdev->ops->dev_reset(vdev);
	if (err) {
		vdsa_nl_changes_free(&ch);
		NL_SET_ERR_MSG(info->extack,
			       "the device refused the reset; it stays degraded");
		goto free;
	}
	vdsa_config_free(vdev->cfg);
	vdev->cfg = fresh;
	fresh = NULL;
	vdev->degraded = false;
	vdev->degraded_why[0] = '\0';
	vdev->generation = vdsa_registry_bump();
	pr_info("%s: reset; no longer degraded\n", vdev->name);
	/* The device changed state even if its settings look the same. */
	ch.dev = true;
	vdsa_nl_changes_notify(vdev, &ch);
	vdsa_nl_changes_free(&ch);
	err = vdsa_nl_put_obj(msg, &vdsa_nl_dev_obj, vdev, vdev->cfg, 0,
			      info->snd_portid, info->snd_seq, 0,
			      info->genlhdr->cmd, NULL);
reply:
	if (!err) {
		err = genlmsg_reply(msg, info);
		msg = NULL;
	}
free:
	nlmsg_free(msg);
	vdsa_config_free(fresh);
	return err;
}

/*
 * Shared by config-set and reset: the shadow starts from the empty
 * configuration, so whatever the request does not name takes its default.
 */
static int vdsa_nl_dev_replace(struct genl_info *info, bool parse)
{
	struct vdsa_nl_mutation m = {
		.type = &vdsa_nl_dev_obj,
		.validate_only = info->attrs[VDSA_A_DEV_VALIDATE_ONLY],
		/* A reset disables everything; nothing is restarted. */
		.allow_restart = !parse || info->attrs[VDSA_A_DEV_ALLOW_RESTART],
		.blame = parse ? vdsa_nl_config_blame : vdsa_nl_reset_blame,
	};
	struct vdsa_config *shadow;
	struct vdsa_device *vdev;
	int err;
	u32 i;

	vdev = vdsa_nl_lock_device(info, VDSA_A_DEV_ID);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	err = vdsa_nl_check_generation(info, vdev, VDSA_A_DEV_GENERATION);
	if (err)
		goto unlock;
	if (!parse && vdev->degraded) {
		err = vdsa_nl_dev_recover(info, vdev);
		goto unlock;
	}
	shadow = vdsa_config_new(&vdev->caps);
	if (!shadow) {
		err = -ENOMEM;
		goto unlock;
	}
	/* Instances keep their WQs: the owner rule refuses to change them. */
	for (i = 0; i < shadow->n_wqs; i++)
		shadow->wqs[i].owner = vdev->cfg->wqs[i].owner;
	if (parse) {
		err = vdsa_nl_config_parse(info, shadow);
		if (err) {
			vdsa_config_free(shadow);
			goto unlock;
		}
	}
	err = vdsa_nl_mutate(info, vdev, shadow, &m);
unlock:
	vdsa_nl_unlock_device(vdev);
	return err;
}

int vdsa_nl_dev_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vdsa_nl_dev_replace(info, false);
}

int vdsa_nl_dev_config_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vdsa_nl_dev_replace(info, true);
}
