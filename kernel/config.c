// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: the configuration model of a device, its defaults, and the
 * validation of a whole configuration against the capabilities and every
 * cross-field rule.
 */
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vdsa.h"

static size_t vdsa_config_size(u32 n_groups, u32 n_engines, u32 n_wqs)
{
	/* In the order of vdsa_config_layout(). */
	return size_add(size_add(sizeof(struct vdsa_config),
				 array_size(n_groups, sizeof(struct vdsa_group_cfg))),
			size_add(array_size(n_wqs, sizeof(struct vdsa_wq)),
				 array_size(n_engines, sizeof(s32))));
}

/* The arrays live in the same allocation, right after the header. */
static void vdsa_config_layout(struct vdsa_config *cfg)
{
	cfg->groups = (struct vdsa_group_cfg *)(cfg + 1);
	cfg->wqs = (struct vdsa_wq *)(cfg->groups + cfg->n_groups);
	cfg->engine_group = (s32 *)(cfg->wqs + cfg->n_wqs);
}

void vdsa_wq_cfg_init(struct vdsa_wq_cfg *cfg, const struct vdsa_device_caps *caps)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->group_id = VDSA_GROUP_NONE;
	cfg->mode = VDSA_WQ_MODE_DEDICATED;
	cfg->priority = VDSA_WQ_PRIORITY_MIN;
	cfg->type = VDSA_WQ_TYPE_NONE;
	cfg->max_transfer_size = caps->max_transfer_size;
	cfg->max_batch_size = caps->max_batch_size;
}

void vdsa_group_cfg_init(struct vdsa_group_cfg *cfg,
			 const struct vdsa_device_caps *caps)
{
	cfg->read_buffers_reserved = 0;
	cfg->read_buffers_allowed = caps->max_read_buffers;
}

void vdsa_config_reset(struct vdsa_config *cfg, const struct vdsa_device_caps *caps)
{
	u32 i;

	for (i = 0; i < cfg->n_groups; i++)
		vdsa_group_cfg_init(&cfg->groups[i], caps);
	for (i = 0; i < cfg->n_engines; i++)
		cfg->engine_group[i] = VDSA_GROUP_NONE;
	for (i = 0; i < cfg->n_wqs; i++) {
		vdsa_wq_cfg_init(&cfg->wqs[i].cfg, caps);
		cfg->wqs[i].enabled = false;
	}
}

struct vdsa_config *vdsa_config_new(const struct vdsa_device_caps *caps)
{
	struct vdsa_config *cfg;

	cfg = kzalloc(vdsa_config_size(caps->max_groups, caps->max_engines,
				       caps->max_wqs), GFP_KERNEL);
	if (!cfg)
		return NULL;
	cfg->n_groups = caps->max_groups;
	cfg->n_engines = caps->max_engines;
	cfg->n_wqs = caps->max_wqs;
	vdsa_config_layout(cfg);
	vdsa_config_reset(cfg, caps);
	return cfg;
}

struct vdsa_config *vdsa_config_dup(const struct vdsa_config *cfg)
{
	struct vdsa_config *dup;

	dup = kmemdup(cfg, vdsa_config_size(cfg->n_groups, cfg->n_engines,
					    cfg->n_wqs), GFP_KERNEL);
	if (dup)
		vdsa_config_layout(dup);
	return dup;
}

void vdsa_config_free(struct vdsa_config *cfg)
{
	kfree(cfg);
}

bool vdsa_wq_cfg_equal(const struct vdsa_wq_cfg *a, const struct vdsa_wq_cfg *b)
{
	return a->group_id == b->group_id && a->mode == b->mode &&
	       a->size == b->size && a->threshold == b->threshold &&
	       a->priority == b->priority && a->type == b->type &&
	       a->max_transfer_size == b->max_transfer_size &&
	       a->max_batch_size == b->max_batch_size &&
	       a->privileged == b->privileged &&
	       a->block_on_fault == b->block_on_fault &&
	       a->ats_disable == b->ats_disable && !strcmp(a->name, b->name);
}

static bool vdsa_group_cfg_equal(const struct vdsa_group_cfg *a,
				 const struct vdsa_group_cfg *b)
{
	return a->read_buffers_reserved == b->read_buffers_reserved &&
	       a->read_buffers_allowed == b->read_buffers_allowed;
}

/* True if the group's own configuration or its engine membership differs. */
bool vdsa_group_changed(const struct vdsa_config *old,
			const struct vdsa_config *new, u32 group)
{
	u32 i;

	if (!vdsa_group_cfg_equal(&old->groups[group], &new->groups[group]))
		return true;
	for (i = 0; i < old->n_engines; i++) {
		bool was_member = old->engine_group[i] == group;
		bool is_member = new->engine_group[i] == group;

		if (was_member != is_member)
			return true;
	}
	return false;
}

/* Equal in everything but the WQs' enabled states. */
bool vdsa_config_settings_equal(const struct vdsa_config *a,
				const struct vdsa_config *b)
{
	u32 i;

	for (i = 0; i < a->n_groups; i++)
		if (!vdsa_group_cfg_equal(&a->groups[i], &b->groups[i]))
			return false;
	for (i = 0; i < a->n_engines; i++)
		if (a->engine_group[i] != b->engine_group[i])
			return false;
	for (i = 0; i < a->n_wqs; i++)
		if (!vdsa_wq_cfg_equal(&a->wqs[i].cfg, &b->wqs[i].cfg))
			return false;
	return true;
}

u32 vdsa_config_wq_size_used(const struct vdsa_config *cfg)
{
	u32 i, used = 0;

	for (i = 0; i < cfg->n_wqs; i++)
		used += cfg->wqs[i].cfg.size;
	return used;
}

u32 vdsa_config_group_engines(const struct vdsa_config *cfg, u32 group)
{
	u32 i, n = 0;

	for (i = 0; i < cfg->n_engines; i++)
		if (cfg->engine_group[i] == group)
			n++;
	return n;
}

int vdsa_fail(struct vdsa_verdict *v, int err, enum vdsa_obj obj, u32 index,
	      int attr, const char *msg)
{
	v->err = err;
	v->obj = obj;
	v->index = index;
	v->attr = attr;
	v->msg = msg;
	return err;
}

static int vdsa_wq_fail(struct vdsa_verdict *v, int err, u32 wq, int attr,
			const char *msg)
{
	return vdsa_fail(v, err, VDSA_OBJ_WQ, wq, attr, msg);
}

/* Rules that concern one WQ's own fields. */
static int vdsa_validate_wq_fields(const struct vdsa_device_caps *caps,
				   const struct vdsa_wq_cfg *cfg, u32 wq,
				   struct vdsa_verdict *v)
{
	if (cfg->group_id >= (s32)caps->max_groups)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_GROUP_ID,
				    "group-id exceeds the device's max-groups");
	if (cfg->mode == VDSA_WQ_MODE_SHARED &&
	    !(caps->flags & VDSA_DEV_CAPS_SHARED_WQ))
		return vdsa_wq_fail(v, -EOPNOTSUPP, wq, VDSA_A_WQ_MODE,
				    "device does not support shared WQs");
	if (cfg->size > caps->max_wq_size)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_SIZE,
				    "size exceeds the device's max-wq-size");
	if (cfg->mode == VDSA_WQ_MODE_DEDICATED && cfg->threshold)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_THRESHOLD,
				    "threshold is only valid on shared WQs");
	if (cfg->priority < VDSA_WQ_PRIORITY_MIN ||
	    cfg->priority > VDSA_WQ_PRIORITY_MAX)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_PRIORITY,
				    "priority must be 1..15");
	if (cfg->block_on_fault && !(caps->flags & VDSA_DEV_CAPS_BLOCK_ON_FAULT))
		return vdsa_wq_fail(v, -EOPNOTSUPP, wq, VDSA_A_WQ_BLOCK_ON_FAULT,
				    "device does not support block-on-fault");
	if (cfg->ats_disable && !(caps->flags & VDSA_DEV_CAPS_ATS))
		return vdsa_wq_fail(v, -EOPNOTSUPP, wq, VDSA_A_WQ_ATS_DISABLE,
				    "device does not support ATS control");
	if (!cfg->max_transfer_size ||
	    cfg->max_transfer_size > caps->max_transfer_size)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_MAX_TRANSFER_SIZE,
				    "max-transfer-size must be 1..device max-transfer-size");
	if (!is_power_of_2(cfg->max_transfer_size))
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_MAX_TRANSFER_SIZE,
				    "max-transfer-size must be a power of 2");
	if (!cfg->max_batch_size || cfg->max_batch_size > caps->max_batch_size)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_MAX_BATCH_SIZE,
				    "max-batch-size must be 1..device max-batch-size");
	if (!is_power_of_2(cfg->max_batch_size))
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_MAX_BATCH_SIZE,
				    "max-batch-size must be a power of 2");
	return 0;
}

/* Rules that relate a WQ to other fields or objects. */
static int vdsa_validate_wq(const struct vdsa_device *vdev,
			    const struct vdsa_config *old,
			    const struct vdsa_config *new, u32 wq,
			    struct vdsa_verdict *v)
{
	const struct vdsa_wq_cfg *cfg = &new->wqs[wq].cfg;
	const struct vdsa_wq_cfg *was = &old->wqs[wq].cfg;
	bool enabling = new->wqs[wq].enabled && !old->wqs[wq].enabled;
	bool wq_changed = enabling || !vdsa_wq_cfg_equal(cfg, was);
	int err;

	err = vdsa_validate_wq_fields(&vdev->caps, cfg, wq, v);
	if (err)
		return err;
	if (cfg->threshold > cfg->size)
		return vdsa_wq_fail(v, -EINVAL, wq,
				    cfg->threshold != was->threshold ?
				    VDSA_A_WQ_THRESHOLD : VDSA_A_WQ_SIZE,
				    "threshold must not exceed size");
	if (!new->wqs[wq].enabled)
		return 0;

	if (!cfg->size)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_STATE,
				    "a WQ with size 0 cannot be enabled");
	if (cfg->mode == VDSA_WQ_MODE_SHARED && !cfg->threshold)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_STATE,
				    "a shared WQ needs a threshold to be enabled");
	if (cfg->group_id == VDSA_GROUP_NONE)
		return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_STATE,
				    "a WQ must be in a group to be enabled");
	if (!vdsa_config_group_engines(new, cfg->group_id)) {
		/* Blame whichever side this request changed. */
		if (wq_changed)
			return vdsa_wq_fail(v, -EINVAL, wq, VDSA_A_WQ_STATE,
					    "a WQ cannot be enabled in a group without engines");
		return vdsa_fail(v, -EINVAL, VDSA_OBJ_GROUP, cfg->group_id,
				 VDSA_A_GROUP_ENGINES,
				 "group has enabled WQs and needs at least one engine");
	}
	return 0;
}

static int vdsa_validate_groups(const struct vdsa_device *vdev,
				const struct vdsa_config *old,
				const struct vdsa_config *new,
				struct vdsa_verdict *v)
{
	u64 reserved = 0;	/* a sum of u32 values must not wrap */
	u32 g, blame = 0;

	for (g = 0; g < new->n_groups; g++) {
		const struct vdsa_group_cfg *cfg = &new->groups[g];

		if (cfg->read_buffers_reserved > vdev->caps.max_read_buffers)
			return vdsa_fail(v, -EINVAL, VDSA_OBJ_GROUP, g,
					 VDSA_A_GROUP_READ_BUFFERS_RESERVED,
					 "read-buffers-reserved exceeds the device's max-read-buffers");
		if (cfg->read_buffers_allowed > vdev->caps.max_read_buffers)
			return vdsa_fail(v, -EINVAL, VDSA_OBJ_GROUP, g,
					 VDSA_A_GROUP_READ_BUFFERS_ALLOWED,
					 "read-buffers-allowed exceeds the device's max-read-buffers");
		/* Devices without read-buffer control report zero buffers. */
		if (vdev->caps.max_read_buffers &&
		    cfg->read_buffers_allowed <
		    4 * vdsa_config_group_engines(new, g))
			return vdsa_fail(v, -EINVAL, VDSA_OBJ_GROUP, g,
					 VDSA_A_GROUP_READ_BUFFERS_ALLOWED,
					 "read-buffers-allowed must be at least 4 per engine in the group");
		reserved += cfg->read_buffers_reserved;
		if (cfg->read_buffers_reserved !=
		    old->groups[g].read_buffers_reserved)
			blame = g;
	}
	if (reserved > vdev->caps.max_read_buffers)
		return vdsa_fail(v, -EINVAL, VDSA_OBJ_GROUP, blame,
				 VDSA_A_GROUP_READ_BUFFERS_RESERVED,
				 "total read-buffers-reserved exceeds the device's max-read-buffers");
	return 0;
}

int vdsa_config_validate(const struct vdsa_device *vdev,
			 const struct vdsa_config *old,
			 const struct vdsa_config *new,
			 struct vdsa_verdict *v)
{
	u64 used = 0;
	u32 i, blame = 0;
	int err;

	for (i = 0; i < new->n_engines; i++)
		if (new->engine_group[i] >= (s32)new->n_groups)
			return vdsa_fail(v, -EINVAL, VDSA_OBJ_ENGINE, i,
					 VDSA_A_ENGINE_GROUP_ID,
					 "engine group-id exceeds the device's max-groups");

	err = vdsa_validate_groups(vdev, old, new, v);
	if (err)
		return err;

	for (i = 0; i < new->n_wqs; i++) {
		err = vdsa_validate_wq(vdev, old, new, i, v);
		if (err)
			return err;
		used += new->wqs[i].cfg.size;
		if (new->wqs[i].cfg.size > old->wqs[i].cfg.size)
			blame = i;
	}
	if (used > vdev->caps.max_wq_size)
		return vdsa_wq_fail(v, -ENOSPC, blame, VDSA_A_WQ_SIZE,
				    "total WQ size exceeds the device's max-wq-size");
	return 0;
}

int vdsa_config_check_owners(const struct vdsa_config *old,
			     const struct vdsa_config *new,
			     struct vdsa_verdict *v)
{
	const struct vdsa_wq *was, *is;
	u32 i;

	for (i = 0; i < new->n_wqs; i++) {
		was = &old->wqs[i];
		is = &new->wqs[i];
		if (!was->owner || was->owner != is->owner)
			continue;
		if (was->enabled != is->enabled ||
		    !vdsa_wq_cfg_equal(&was->cfg, &is->cfg) ||
		    (was->cfg.group_id != VDSA_GROUP_NONE &&
		     vdsa_group_changed(old, new, was->cfg.group_id))) {
			vdsa_wq_fail(v, -EBUSY, i, VDSA_A_WQ_STATE,
				     "wq belongs to a vDSA instance");
			v->owner = was->owner;
			return -EBUSY;
		}
	}
	return 0;
}
