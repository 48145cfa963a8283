// SPDX-License-Identifier: GPL-2.0
/* vdsa core: groups (engines, read buffers) and engines. */
#include <linux/bitmap.h>
#include <linux/slab.h>

#include "vdsa.h"

static int vdsa_nl_group_fill(struct sk_buff *msg,
			      const struct vdsa_device *vdev,
			      const struct vdsa_config *cfg, u32 group)
{
	struct nlattr *engines;
	u32 i;

	if (nla_put_u32(msg, VDSA_A_GROUP_DEV_ID, vdev->id) ||
	    nla_put_u32(msg, VDSA_A_GROUP_ID, group))
		return -EMSGSIZE;
	engines = nla_nest_start(msg, VDSA_A_GROUP_ENGINES);
	if (!engines)
		return -EMSGSIZE;
	for (i = 0; i < cfg->n_engines; i++)
		if (cfg->engine_group[i] == group &&
		    nla_put_u32(msg, VDSA_A_ENGINE_ID, i))
			return -EMSGSIZE;
	nla_nest_end(msg, engines);
	if (nla_put_u32(msg, VDSA_A_GROUP_READ_BUFFERS_RESERVED,
			cfg->groups[group].read_buffers_reserved) ||
	    nla_put_u32(msg, VDSA_A_GROUP_READ_BUFFERS_ALLOWED,
			cfg->groups[group].read_buffers_allowed) ||
	    nla_put_u32(msg, VDSA_A_GROUP_GENERATION, vdev->generation))
		return -EMSGSIZE;
	return 0;
}

/* Every engine of the device may be in one group. */
static size_t vdsa_nl_group_msg_size(const struct vdsa_device *vdev)
{
	return 5 * nla_total_size(sizeof(u32)) + nla_total_size(0) +
	       vdev->caps.max_engines * nla_total_size(sizeof(u32));
}

static u32 vdsa_nl_group_count(const struct vdsa_config *cfg)
{
	return cfg->n_groups;
}

const struct vdsa_nl_obj vdsa_nl_group_obj = {
	.fill = vdsa_nl_group_fill,
	.count = vdsa_nl_group_count,
	.msg_size = vdsa_nl_group_msg_size,
	.get_cmd = VDSA_CMD_GROUP_GET,
	.dev_attr = VDSA_A_GROUP_DEV_ID,
	.id_attr = VDSA_A_GROUP_ID,
	.filter_attr = VDSA_A_GROUP_DEV_ID,
};

static int vdsa_nl_engine_fill(struct sk_buff *msg,
			       const struct vdsa_device *vdev,
			       const struct vdsa_config *cfg, u32 engine)
{
	if (nla_put_u32(msg, VDSA_A_ENGINE_DEV_ID, vdev->id) ||
	    nla_put_u32(msg, VDSA_A_ENGINE_ID, engine))
		return -EMSGSIZE;
	if (cfg->engine_group[engine] != VDSA_GROUP_NONE &&
	    nla_put_s32(msg, VDSA_A_ENGINE_GROUP_ID, cfg->engine_group[engine]))
		return -EMSGSIZE;
	return 0;
}

static u32 vdsa_nl_engine_count(const struct vdsa_config *cfg)
{
	return cfg->n_engines;
}

static const struct vdsa_nl_obj vdsa_nl_engine_obj = {
	.fill = vdsa_nl_engine_fill,
	.count = vdsa_nl_engine_count,
	.get_cmd = VDSA_CMD_ENGINE_GET,
	.dev_attr = VDSA_A_ENGINE_DEV_ID,
	.id_attr = VDSA_A_ENGINE_ID,
	.filter_attr = VDSA_A_ENGINE_DEV_ID,
};

int vdsa_nl_group_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vdsa_nl_get_doit(info, &vdsa_nl_group_obj);
}

int vdsa_nl_group_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vdsa_nl_get_dumpit(skb, cb, &vdsa_nl_group_obj);
}

int vdsa_nl_engine_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vdsa_nl_get_doit(info, &vdsa_nl_engine_obj);
}

int vdsa_nl_engine_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vdsa_nl_get_dumpit(skb, cb, &vdsa_nl_engine_obj);
}

/*
 * Applies group attributes to the shadow. An engines nest is the group's
 * complete membership; @claimed catches an engine named twice in one
 * request.
 */
int vdsa_nl_group_parse(struct vdsa_config *shadow, u32 group,
			struct nlattr **attrs, unsigned long *claimed,
			struct netlink_ext_ack *extack)
{
	struct vdsa_group_cfg *cfg = &shadow->groups[group];
	const struct nlattr *a;
	int rem;
	u32 e;

	if (attrs[VDSA_A_GROUP_ENGINES]) {
		for (e = 0; e < shadow->n_engines; e++)
			if (shadow->engine_group[e] == group)
				shadow->engine_group[e] = VDSA_GROUP_NONE;
		nla_for_each_nested(a, attrs[VDSA_A_GROUP_ENGINES], rem) {
			e = nla_get_u32(a);
			if (e >= shadow->n_engines) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "no such engine on this device");
				return -ENOENT;
			}
			if (test_and_set_bit(e, claimed)) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "engine listed twice");
				return -EINVAL;
			}
			shadow->engine_group[e] = group;
		}
	}
	if (attrs[VDSA_A_GROUP_READ_BUFFERS_RESERVED])
		cfg->read_buffers_reserved =
			nla_get_u32(attrs[VDSA_A_GROUP_READ_BUFFERS_RESERVED]);
	if (attrs[VDSA_A_GROUP_READ_BUFFERS_ALLOWED])
		cfg->read_buffers_allowed =
			nla_get_u32(attrs[VDSA_A_GROUP_READ_BUFFERS_ALLOWED]);
	return 0;
}

/* The first group setting present in the request, for error reports. */
static const struct nlattr *vdsa_nl_group_first_setting(struct nlattr **attrs)
{
	return attrs[VDSA_A_GROUP_ENGINES] ?:
	       attrs[VDSA_A_GROUP_READ_BUFFERS_RESERVED] ?:
	       attrs[VDSA_A_GROUP_READ_BUFFERS_ALLOWED];
}

static const struct nlattr *vdsa_nl_group_blame(struct genl_info *info,
						const struct vdsa_verdict *v,
						u32 group)
{
	/* An enabled WQ refused the change: point at what the request changes. */
	if (v->err == -EBUSY)
		return vdsa_nl_group_first_setting(info->attrs);
	if (v->obj != VDSA_OBJ_GROUP || v->index != group)
		return NULL;
	return info->attrs[v->attr];
}

static int vdsa_nl_group_set(struct genl_info *info, struct vdsa_device *vdev,
			     u32 group)
{
	struct vdsa_nl_mutation m = {
		.type = &vdsa_nl_group_obj,
		.index = group,
		.validate_only = info->attrs[VDSA_A_GROUP_VALIDATE_ONLY],
		.blame = vdsa_nl_group_blame,
	};
	struct vdsa_config *shadow;
	unsigned long *claimed;
	int err;

	shadow = vdsa_config_dup(vdev->cfg);
	claimed = bitmap_zalloc(vdev->cfg->n_engines, GFP_KERNEL);
	if (!shadow || !claimed) {
		err = -ENOMEM;
		goto err;
	}
	err = vdsa_nl_group_parse(shadow, group, info->attrs, claimed,
				  info->extack);
	if (err)
		goto err;
	bitmap_free(claimed);
	return vdsa_nl_mutate(info, vdev, shadow, &m);
err:
	bitmap_free(claimed);
	vdsa_config_free(shadow);
	return err;
}

int vdsa_nl_group_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vdsa_device *vdev;
	u32 group;
	int err;

	vdev = vdsa_nl_lock_device(info, VDSA_A_GROUP_DEV_ID);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	err = vdsa_nl_object_id(info, VDSA_A_GROUP_ID, vdev->cfg->n_groups,
				&group) ?:
	      vdsa_nl_check_generation(info, vdev, VDSA_A_GROUP_GENERATION);
	if (!err)
		err = vdsa_nl_group_set(info, vdev, group);
	vdsa_nl_unlock_device(vdev);
	return err;
}
