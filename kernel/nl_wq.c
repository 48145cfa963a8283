// SPDX-License-Identifier: GPL-2.0
/* vdsa core: work queues. */
#include <linux/slab.h>

#include "vdsa.h"

static int vdsa_nl_wq_fill(struct sk_buff *msg, const struct vdsa_device *vdev,
			   const struct vdsa_config *cfg, u32 index)
{
	const struct vdsa_wq *wq = &cfg->wqs[index];
	const struct vdsa_wq_cfg *c = &wq->cfg;

	if (nla_put_u32(msg, VDSA_A_WQ_DEV_ID, vdev->id) ||
	    nla_put_u32(msg, VDSA_A_WQ_ID, index))
		return -EMSGSIZE;
	if (c->group_id != VDSA_GROUP_NONE &&
	    nla_put_s32(msg, VDSA_A_WQ_GROUP_ID, c->group_id))
		return -EMSGSIZE;
	if (nla_put_u32(msg, VDSA_A_WQ_MODE, c->mode) ||
	    nla_put_u32(msg, VDSA_A_WQ_SIZE, c->size))
		return -EMSGSIZE;
	if (c->mode == VDSA_WQ_MODE_SHARED &&
	    nla_put_u32(msg, VDSA_A_WQ_THRESHOLD, c->threshold))
		return -EMSGSIZE;
	if (nla_put_u32(msg, VDSA_A_WQ_PRIORITY, c->priority) ||
	    nla_put_u32(msg, VDSA_A_WQ_PRIVILEGED, c->privileged) ||
	    nla_put_u32(msg, VDSA_A_WQ_BLOCK_ON_FAULT, c->block_on_fault) ||
	    nla_put_u32(msg, VDSA_A_WQ_TYPE, c->type))
		return -EMSGSIZE;
	if (c->name[0] && nla_put_string(msg, VDSA_A_WQ_NAME, c->name))
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, VDSA_A_WQ_MAX_TRANSFER_SIZE,
			      c->max_transfer_size, VDSA_A_WQ_PAD) ||
	    nla_put_u32(msg, VDSA_A_WQ_MAX_BATCH_SIZE, c->max_batch_size) ||
	    nla_put_u32(msg, VDSA_A_WQ_ATS_DISABLE, c->ats_disable) ||
	    nla_put_u32(msg, VDSA_A_WQ_STATE, wq->enabled ?
			VDSA_WQ_STATE_ENABLED : VDSA_WQ_STATE_DISABLED) ||
	    nla_put_u32(msg, VDSA_A_WQ_GENERATION, vdev->generation) ||
	    nla_put_u32(msg, VDSA_A_WQ_OPER_STATE,
			!wq->enabled ? VDSA_WQ_OPER_STATE_DISABLED :
			wq->halted ? VDSA_WQ_OPER_STATE_HALTED :
			VDSA_WQ_OPER_STATE_ENABLED))
		return -EMSGSIZE;
	if (wq->owner && nla_put(msg, VDSA_A_WQ_INST_UUID, VDSA_UUID_LEN,
				 &wq->owner->uuid))
		return -EMSGSIZE;
	return 0;
}

static u32 vdsa_nl_wq_count(const struct vdsa_config *cfg)
{
	return cfg->n_wqs;
}

const struct vdsa_nl_obj vdsa_nl_wq_obj = {
	.fill = vdsa_nl_wq_fill,
	.count = vdsa_nl_wq_count,
	.get_cmd = VDSA_CMD_WQ_GET,
	.dev_attr = VDSA_A_WQ_DEV_ID,
	.id_attr = VDSA_A_WQ_ID,
	.filter_attr = VDSA_A_WQ_DEV_ID,
};

int vdsa_nl_wq_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return vdsa_nl_get_doit(info, &vdsa_nl_wq_obj);
}

int vdsa_nl_wq_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vdsa_nl_get_dumpit(skb, cb, &vdsa_nl_wq_obj);
}

/* Applies the WQ attributes present in @attrs; validation comes later. */
void vdsa_nl_wq_parse(struct vdsa_wq *wq, struct nlattr **attrs)
{
	struct vdsa_wq_cfg *c = &wq->cfg;

	if (attrs[VDSA_A_WQ_GROUP_ID])
		c->group_id = nla_get_s32(attrs[VDSA_A_WQ_GROUP_ID]);
	if (attrs[VDSA_A_WQ_MODE]) {
		c->mode = nla_get_u32(attrs[VDSA_A_WQ_MODE]);
		/* As in idxd: a dedicated WQ has no threshold. */
		if (c->mode == VDSA_WQ_MODE_DEDICATED &&
		    !attrs[VDSA_A_WQ_THRESHOLD])
			c->threshold = 0;
	}
	if (attrs[VDSA_A_WQ_SIZE])
		c->size = nla_get_u32(attrs[VDSA_A_WQ_SIZE]);
	if (attrs[VDSA_A_WQ_THRESHOLD])
		c->threshold = nla_get_u32(attrs[VDSA_A_WQ_THRESHOLD]);
	if (attrs[VDSA_A_WQ_PRIORITY])
		c->priority = nla_get_u32(attrs[VDSA_A_WQ_PRIORITY]);
	if (attrs[VDSA_A_WQ_PRIVILEGED])
		c->privileged = nla_get_u32(attrs[VDSA_A_WQ_PRIVILEGED]);
	if (attrs[VDSA_A_WQ_BLOCK_ON_FAULT])
		c->block_on_fault = nla_get_u32(attrs[VDSA_A_WQ_BLOCK_ON_FAULT]);
	if (attrs[VDSA_A_WQ_TYPE])
		c->type = nla_get_u32(attrs[VDSA_A_WQ_TYPE]);
	if (attrs[VDSA_A_WQ_NAME])
		nla_strscpy(c->name, attrs[VDSA_A_WQ_NAME], sizeof(c->name));
	if (attrs[VDSA_A_WQ_MAX_TRANSFER_SIZE])
		c->max_transfer_size =
			nla_get_u64(attrs[VDSA_A_WQ_MAX_TRANSFER_SIZE]);
	if (attrs[VDSA_A_WQ_MAX_BATCH_SIZE])
		c->max_batch_size = nla_get_u32(attrs[VDSA_A_WQ_MAX_BATCH_SIZE]);
	if (attrs[VDSA_A_WQ_ATS_DISABLE])
		c->ats_disable = nla_get_u32(attrs[VDSA_A_WQ_ATS_DISABLE]);
	if (attrs[VDSA_A_WQ_STATE])
		wq->enabled = nla_get_u32(attrs[VDSA_A_WQ_STATE]) ==
			      VDSA_WQ_STATE_ENABLED;
}

/* The first WQ setting present in the request, for error reports. */
static const struct nlattr *vdsa_nl_wq_first_setting(struct nlattr **attrs)
{
	int i;

	for (i = VDSA_A_WQ_GROUP_ID; i <= VDSA_A_WQ_ATS_DISABLE; i++)
		if (attrs[i])
			return attrs[i];
	return NULL;
}

static const struct nlattr *vdsa_nl_wq_blame(struct genl_info *info,
					     const struct vdsa_verdict *v,
					     u32 index)
{
	if (v->obj != VDSA_OBJ_WQ || v->index != index)
		return NULL;
	/* An enabled or owned WQ refused a change: point at what changes. */
	if (v->err == -EBUSY)
		return vdsa_nl_wq_first_setting(info->attrs) ?:
		       info->attrs[VDSA_A_WQ_STATE];
	return info->attrs[v->attr];
}

static int vdsa_nl_wq_set(struct genl_info *info, struct vdsa_device *vdev,
			  u32 index)
{
	struct vdsa_nl_mutation m = {
		.type = &vdsa_nl_wq_obj,
		.index = index,
		.validate_only = info->attrs[VDSA_A_WQ_VALIDATE_ONLY],
		.blame = vdsa_nl_wq_blame,
	};
	struct vdsa_config *shadow;

	shadow = vdsa_config_dup(vdev->cfg);
	if (!shadow)
		return -ENOMEM;
	vdsa_nl_wq_parse(&shadow->wqs[index], info->attrs);
	return vdsa_nl_mutate(info, vdev, shadow, &m);
}

int vdsa_nl_wq_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vdsa_device *vdev;
	u32 index;
	int err;

	vdev = vdsa_nl_lock_device(info, VDSA_A_WQ_DEV_ID);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	err = vdsa_nl_object_id(info, VDSA_A_WQ_ID, vdev->cfg->n_wqs, &index) ?:
	      vdsa_nl_check_generation(info, vdev, VDSA_A_WQ_GENERATION);
	if (!err)
		err = vdsa_nl_wq_set(info, vdev, index);
	vdsa_nl_unlock_device(vdev);
	return err;
}
