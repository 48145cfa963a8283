// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: commit a validated configuration through the provider, one
 * hardware step at a time, and undo the steps already done if one fails.
 *
 * Order: destroy the provider's old instance (if any), disable the WQs that
 * must change, move engines, configure groups, configure WQs, enable WQs,
 * create the provider's new instance (if any). Undo runs the inverse steps
 * in reverse order, so every object is back to its old configuration
 * before a WQ that was disabled is enabled again, and an instance is
 * created again only over enabled WQs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>

#include "vdsa.h"

enum vdsa_step_kind {
	VDSA_STEP_WQ_DISABLE,
	VDSA_STEP_ENGINE,
	VDSA_STEP_GROUP,
	VDSA_STEP_WQ_CONFIGURE,
	VDSA_STEP_WQ_ENABLE,
	VDSA_STEP_INST_DESTROY_OLD,
	VDSA_STEP_INST_CREATE_OLD,
	VDSA_STEP_INST_CREATE_NEW,
	VDSA_STEP_INST_DESTROY_NEW,
};

struct vdsa_step {
	enum vdsa_step_kind kind;
	u32 index;
};

struct vdsa_commit {
	struct vdsa_device *vdev;
	const struct vdsa_config *old;
	const struct vdsa_config *new;
	const struct vdsa_inst_desc *inst_old;	/* destroyed first */
	const struct vdsa_inst_desc *inst_new;	/* created last */
	struct vdsa_step *done;
	u32 n_done;
};

static int vdsa_step_apply(struct vdsa_commit *c, enum vdsa_step_kind kind,
			   u32 i, const struct vdsa_config *to)
{
	const struct vdsa_provider_ops *ops = c->vdev->ops;

	switch (kind) {
	case VDSA_STEP_WQ_DISABLE:
		return ops->wq_disable(c->vdev, i);
	case VDSA_STEP_ENGINE:
		return ops->engine_set_group(c->vdev, i, to->engine_group[i]);
	case VDSA_STEP_GROUP:
		return ops->group_configure(c->vdev, i, &to->groups[i]);
	case VDSA_STEP_WQ_CONFIGURE:
		return ops->wq_configure(c->vdev, i, &to->wqs[i].cfg);
	case VDSA_STEP_WQ_ENABLE:
		return ops->wq_enable(c->vdev, i);
	case VDSA_STEP_INST_DESTROY_OLD:
		return ops->inst_destroy(c->vdev, c->inst_old);
	case VDSA_STEP_INST_CREATE_OLD:
		return ops->inst_create(c->vdev, c->inst_old);
	case VDSA_STEP_INST_CREATE_NEW:
		return ops->inst_create(c->vdev, c->inst_new);
	case VDSA_STEP_INST_DESTROY_NEW:
		return ops->inst_destroy(c->vdev, c->inst_new);
	}
	return -EINVAL;
}

static int vdsa_step(struct vdsa_commit *c, enum vdsa_step_kind kind, u32 i)
{
	int err = vdsa_step_apply(c, kind, i, c->new);

	if (err)
		return err;
	c->done[c->n_done].kind = kind;
	c->done[c->n_done].index = i;
	c->n_done++;
	return 0;
}

static void vdsa_undo(struct vdsa_commit *c)
{
	static const enum vdsa_step_kind inverse[] = {
		[VDSA_STEP_WQ_DISABLE] = VDSA_STEP_WQ_ENABLE,
		[VDSA_STEP_ENGINE] = VDSA_STEP_ENGINE,
		[VDSA_STEP_GROUP] = VDSA_STEP_GROUP,
		[VDSA_STEP_WQ_CONFIGURE] = VDSA_STEP_WQ_CONFIGURE,
		[VDSA_STEP_WQ_ENABLE] = VDSA_STEP_WQ_DISABLE,
		[VDSA_STEP_INST_DESTROY_OLD] = VDSA_STEP_INST_CREATE_OLD,
		[VDSA_STEP_INST_CREATE_OLD] = VDSA_STEP_INST_DESTROY_OLD,
		[VDSA_STEP_INST_CREATE_NEW] = VDSA_STEP_INST_DESTROY_NEW,
		[VDSA_STEP_INST_DESTROY_NEW] = VDSA_STEP_INST_CREATE_NEW,
	};

	static const char * const names[] = {
		[VDSA_STEP_WQ_DISABLE] = "wq enable",
		[VDSA_STEP_ENGINE] = "engine group",
		[VDSA_STEP_GROUP] = "group configure",
		[VDSA_STEP_WQ_CONFIGURE] = "wq configure",
		[VDSA_STEP_WQ_ENABLE] = "wq disable",
		[VDSA_STEP_INST_DESTROY_OLD] = "instance create",
		[VDSA_STEP_INST_CREATE_OLD] = "instance destroy",
		[VDSA_STEP_INST_CREATE_NEW] = "instance destroy",
		[VDSA_STEP_INST_DESTROY_NEW] = "instance create",
	};
	int err;

	/* Every step is tried: the fewer objects differ, the better. */
	while (c->n_done) {
		const struct vdsa_step *s = &c->done[--c->n_done];

		err = vdsa_step_apply(c, inverse[s->kind], s->index, c->old);
		if (err)
			vdsa_device_degrade(c->vdev, "undo of %s %u failed (%d)",
					    names[s->kind], s->index, err);
	}
}

const char *vdsa_commit_failed_msg(const struct vdsa_device *vdev)
{
	return vdev->degraded ?
	       "device refused the configuration and undoing it failed: the device is degraded; dev-reset or removing the device recovers it" :
	       "device refused the configuration; nothing was changed";
}

void vdsa_device_degrade(struct vdsa_device *vdev, const char *fmt, ...)
{
	va_list args;

	/* The first failure is the one to report; later ones follow from it. */
	if (vdev->degraded)
		return;
	va_start(args, fmt);
	vsnprintf(vdev->degraded_why, sizeof(vdev->degraded_why), fmt, args);
	va_end(args);
	pr_err("%s: %s; the hardware may differ from the configuration, the device is degraded\n",
	       vdev->name, vdev->degraded_why);
	vdev->degraded = true;
	vdev->generation = vdsa_registry_bump();
	vdsa_nl_notify_obj(&vdsa_nl_dev_obj, vdev, 0, VDSA_CMD_DEV_CHANGE_NTF);
}

int vdsa_device_check_configurable(const struct vdsa_device *vdev,
				   const char **msg)
{
	if (!vdev->degraded)
		return 0;
	*msg = "the device is degraded (a failed change could not be undone): dev-reset or removing the device recovers it";
	return -EIO;
}

/* The provider's check phase, over the WQs @new changes. */
static int vdsa_provider_check(struct vdsa_device *vdev,
			       const struct vdsa_config *new,
			       struct vdsa_verdict *v)
{
	const struct vdsa_config *old = vdev->cfg;
	struct vdsa_check_refusal why;
	u32 i;
	int err;

	if (!vdev->ops->wq_check)
		return 0;
	for (i = 0; i < new->n_wqs; i++) {
		if (old->wqs[i].enabled == new->wqs[i].enabled &&
		    vdsa_wq_cfg_equal(&old->wqs[i].cfg, &new->wqs[i].cfg))
			continue;
		why = (struct vdsa_check_refusal){};
		err = vdev->ops->wq_check(vdev, i, &new->wqs[i].cfg,
					  new->wqs[i].enabled, &why);
		if (err)
			return vdsa_fail(v, err, VDSA_OBJ_WQ, i, why.attr,
					 why.msg ?: "the provider refuses this WQ configuration");
	}
	return 0;
}

int vdsa_config_check(struct vdsa_device *vdev,
		      const struct vdsa_config *new, struct vdsa_verdict *v,
		      int *restart)
{
	const char *why;
	int err;

	err = vdsa_device_check_configurable(vdev, &why);
	if (err)
		return vdsa_fail(v, err, VDSA_OBJ_DEV, vdev->id, 0, why);
	/* A request that is wrong in itself says so before it says EBUSY. */
	err = vdsa_config_validate(vdev, vdev->cfg, new, v) ?:
	      vdsa_provider_check(vdev, new, v) ?:
	      vdsa_config_check_owners(vdev->cfg, new, v);
	if (err)
		return err;
	*restart = vdsa_config_find_restart(vdev->cfg, new);
	return 0;
}

/* An enabled WQ is disabled for the commit if it or its group changes. */
bool vdsa_wq_bounces(const struct vdsa_config *old,
		     const struct vdsa_config *new, u32 i)
{
	const struct vdsa_wq *was = &old->wqs[i];

	if (!was->enabled)
		return false;
	if (!new->wqs[i].enabled || !vdsa_wq_cfg_equal(&was->cfg, &new->wqs[i].cfg))
		return true;
	return was->cfg.group_id != VDSA_GROUP_NONE &&
	       vdsa_group_changed(old, new, was->cfg.group_id);
}

/*
 * The first WQ that is enabled before and after but would be disabled and
 * enabled again by the commit (its configuration or its group changes), or
 * -1. Requests must opt in to such restarts.
 */
int vdsa_config_find_restart(const struct vdsa_config *old,
			     const struct vdsa_config *new)
{
	u32 i;

	for (i = 0; i < new->n_wqs; i++)
		if (new->wqs[i].enabled && vdsa_wq_bounces(old, new, i))
			return i;
	return -1;
}

static int vdsa_commit_steps(struct vdsa_commit *c, const bool *bounce)
{
	const struct vdsa_config *old = c->old, *new = c->new;
	u32 i;
	int err;

	if (c->inst_old) {
		err = vdsa_step(c, VDSA_STEP_INST_DESTROY_OLD, 0);
		if (err)
			return err;
	}
	for (i = 0; i < new->n_wqs; i++) {
		if (bounce[i]) {
			err = vdsa_step(c, VDSA_STEP_WQ_DISABLE, i);
			if (err)
				return err;
		}
	}
	for (i = 0; i < new->n_engines; i++) {
		if (old->engine_group[i] != new->engine_group[i]) {
			err = vdsa_step(c, VDSA_STEP_ENGINE, i);
			if (err)
				return err;
		}
	}
	for (i = 0; i < new->n_groups; i++) {
		if (memcmp(&old->groups[i], &new->groups[i],
			   sizeof(new->groups[i]))) {
			err = vdsa_step(c, VDSA_STEP_GROUP, i);
			if (err)
				return err;
		}
	}
	for (i = 0; i < new->n_wqs; i++) {
		if (!vdsa_wq_cfg_equal(&old->wqs[i].cfg, &new->wqs[i].cfg)) {
			err = vdsa_step(c, VDSA_STEP_WQ_CONFIGURE, i);
			if (err)
				return err;
		}
	}
	for (i = 0; i < new->n_wqs; i++) {
		if (new->wqs[i].enabled && (bounce[i] || !old->wqs[i].enabled)) {
			err = vdsa_step(c, VDSA_STEP_WQ_ENABLE, i);
			if (err)
				return err;
		}
	}
	if (c->inst_new)
		return vdsa_step(c, VDSA_STEP_INST_CREATE_NEW, 0);
	return 0;
}

/*
 * Applies @new, which the caller validated, to the hardware. On success the
 * device takes ownership of @new; on failure the hardware is back in the old
 * configuration and the caller still owns @new.
 */
int vdsa_config_commit_inst(struct vdsa_device *vdev, struct vdsa_config *new,
			    const struct vdsa_inst_desc *destroy,
			    const struct vdsa_inst_desc *create)
{
	struct vdsa_commit c = {
		.vdev = vdev,
		.old = vdev->cfg,
		.new = new,
		.inst_old = destroy,
		.inst_new = create,
	};
	u32 max_steps = 2 * new->n_wqs + new->n_wqs + new->n_engines +
			new->n_groups + 2;
	bool *bounce;
	u32 i;
	int err;

	c.done = kcalloc(max_steps, sizeof(*c.done), GFP_KERNEL);
	bounce = kcalloc(new->n_wqs, sizeof(*bounce), GFP_KERNEL);
	if (!c.done || !bounce) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < new->n_wqs; i++)
		bounce[i] = vdsa_wq_bounces(c.old, new, i);

	err = vdsa_commit_steps(&c, bounce);
	if (err) {
		vdsa_undo(&c);
		goto out;
	}
	/* A halt lasts while the WQ runs on: a disable or restart clears it. */
	for (i = 0; i < new->n_wqs; i++)
		new->wqs[i].halted = c.old->wqs[i].halted &&
				     new->wqs[i].enabled && !bounce[i];
	vdsa_config_free(vdev->cfg);
	vdev->cfg = new;
	vdev->generation = vdsa_registry_bump();
out:
	kfree(bounce);
	kfree(c.done);
	return err;
}

int vdsa_config_commit(struct vdsa_device *vdev, struct vdsa_config *new)
{
	return vdsa_config_commit_inst(vdev, new, NULL, NULL);
}
