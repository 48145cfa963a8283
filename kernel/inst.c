// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: vDSA instances. An instance owns some WQs of one device
 * (vdsa_wq.owner, part of the configuration); creating, destroying and
 * moving WQs in or out are configuration commits whose step list also
 * holds the provider's inst_create/inst_destroy, so a failure anywhere
 * undoes everything. UUIDs are unique on the host: a global table holds
 * every instance, live or being created.
 *
 * Lock order: vdev->lock, then vdsa_inst_table_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vdsa.h"

#define VDSA_INST_DEFAULT_SIZE		16
#define VDSA_INST_DEFAULT_PRIORITY	10

static LIST_HEAD(vdsa_inst_table);
static DEFINE_MUTEX(vdsa_inst_table_lock);

/* vdsa_inst_table_lock held. */
static struct vdsa_inst *vdsa_inst_lookup(const uuid_t *uuid)
{
	struct vdsa_inst *inst;

	list_for_each_entry(inst, &vdsa_inst_table, uuid_node)
		if (uuid_equal(&inst->uuid, uuid))
			return inst;
	return NULL;
}

bool vdsa_inst_uuid_taken(const uuid_t *uuid)
{
	bool taken;

	mutex_lock(&vdsa_inst_table_lock);
	taken = vdsa_inst_lookup(uuid);
	mutex_unlock(&vdsa_inst_table_lock);
	return taken;
}

static int vdsa_inst_table_add(struct vdsa_inst *inst)
{
	int err = 0;

	mutex_lock(&vdsa_inst_table_lock);
	if (vdsa_inst_lookup(&inst->uuid))
		err = -EEXIST;
	else
		list_add_tail(&inst->uuid_node, &vdsa_inst_table);
	mutex_unlock(&vdsa_inst_table_lock);
	return err;
}

static void vdsa_inst_table_del(struct vdsa_inst *inst)
{
	mutex_lock(&vdsa_inst_table_lock);
	list_del_init(&inst->uuid_node);
	mutex_unlock(&vdsa_inst_table_lock);
}

/* Both locks: get, dump and lookups see the instance from now on. */
static void vdsa_inst_set_hidden(struct vdsa_inst *inst, bool hidden)
{
	mutex_lock(&vdsa_inst_table_lock);
	inst->hidden = hidden;
	mutex_unlock(&vdsa_inst_table_lock);
}

struct vdsa_device *vdsa_inst_lock(const uuid_t *uuid, struct vdsa_inst **ret)
{
	struct vdsa_device *vdev = NULL;
	struct vdsa_inst *inst;

	mutex_lock(&vdsa_inst_table_lock);
	inst = vdsa_inst_lookup(uuid);
	if (inst && !inst->hidden) {
		vdev = inst->vdev;
		kref_get(&vdev->ref);
	}
	mutex_unlock(&vdsa_inst_table_lock);
	if (!vdev)
		return NULL;
	mutex_lock(&vdev->lock);
	if (!vdev->dead) {
		list_for_each_entry(inst, &vdev->insts, node) {
			if (!inst->hidden && uuid_equal(&inst->uuid, uuid)) {
				*ret = inst;
				return vdev;
			}
		}
	}
	mutex_unlock(&vdev->lock);
	vdsa_device_put(vdev);
	return NULL;
}

static void vdsa_inst_desc_of(const uuid_t *uuid, const u32 *wq_ids, u32 n_wqs,
			      const struct vdsa_config *cfg,
			      struct vdsa_inst_desc *desc,
			      struct vdsa_wq_cfg *cfg_buf)
{
	u32 i;

	for (i = 0; i < n_wqs; i++)
		cfg_buf[i] = cfg->wqs[wq_ids[i]].cfg;
	desc->uuid = uuid;
	desc->n_wqs = n_wqs;
	desc->wq_ids = wq_ids;
	desc->wq_cfgs = cfg_buf;
}

void vdsa_inst_desc(struct vdsa_inst *inst, const struct vdsa_config *cfg,
		    struct vdsa_inst_desc *desc)
{
	vdsa_inst_desc_of(&inst->uuid, inst->wq_ids, inst->n_wqs, cfg, desc,
			  inst->wq_cfgs);
}

void vdsa_inst_profile_default(struct vdsa_wq_cfg *profile,
			       const struct vdsa_device_caps *caps)
{
	vdsa_wq_cfg_init(profile, caps);
	profile->mode = VDSA_WQ_MODE_DEDICATED;
	profile->size = VDSA_INST_DEFAULT_SIZE;
	profile->priority = VDSA_INST_DEFAULT_PRIORITY;
	profile->type = VDSA_WQ_TYPE_VDSA;
}

static int vdsa_inst_fail(struct vdsa_inst_err *e, int err, int attr,
			  const char *msg)
{
	e->msg = msg;
	e->attr = attr;
	return err;
}

__printf(5, 6)
static int vdsa_inst_failf(struct vdsa_inst_err *e, int err, int attr, u32 wq,
			   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->buf, sizeof(e->buf), fmt, ap);
	va_end(ap);
	e->msg = e->buf;
	e->attr = attr;
	e->wq = wq;
	return err;
}

/*
 * A binding the kernel does not make itself: the mdev core creates an
 * mdev (the device's vdsa-inst type) on request from user space.
 */
int vdsa_inst_mdev_hint(const struct vdsa_device *vdev,
			struct vdsa_inst_err *e)
{
	return vdsa_inst_fail(e, -EOPNOTSUPP, VDSA_A_INST_BINDING,
			      vdev->mdev_registered ?
			      "an mdev binding is made by the mdev core (the device's vdsa-inst mdev type), not by this request" :
			      "an mdev binding is made by the mdev core, and this device has no mdev types");
}

static struct vdsa_inst *vdsa_inst_alloc(struct vdsa_device *vdev,
					 const struct vdsa_inst_spec *spec,
					 u32 n_wqs)
{
	struct vdsa_inst *inst;

	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return NULL;
	inst->wq_ids = kcalloc(n_wqs, sizeof(*inst->wq_ids), GFP_KERNEL);
	inst->wq_cfgs = kcalloc(n_wqs, sizeof(*inst->wq_cfgs), GFP_KERNEL);
	if (!inst->wq_ids || !inst->wq_cfgs) {
		kfree(inst->wq_ids);
		kfree(inst->wq_cfgs);
		kfree(inst);
		return NULL;
	}
	INIT_LIST_HEAD(&inst->node);
	INIT_LIST_HEAD(&inst->uuid_node);
	kref_get(&vdev->ref);
	inst->vdev = vdev;
	inst->n_wqs = n_wqs;
	inst->state = VDSA_INST_STATE_CREATED;
	inst->pull = spec->pull;
	if (spec->uuid)
		uuid_copy(&inst->uuid, spec->uuid);
	else
		uuid_gen(&inst->uuid);
	if (spec->name)
		strscpy(inst->name, spec->name, sizeof(inst->name));
	return inst;
}

/* Frees an instance whose device was never initialised. */
static void vdsa_inst_free(struct vdsa_inst *inst)
{
	kfree(inst->wq_ids);
	kfree(inst->wq_cfgs);
	vdsa_device_put(inst->vdev);
	kfree(inst);
}

void vdsa_inst_discard(struct vdsa_inst *inst, struct vdsa_config *shadow)
{
	vdsa_config_free(shadow);
	if (inst)
		vdsa_inst_free(inst);
}

/* Turns a WQ into one of @inst's: type vdsa, enabled. */
static void vdsa_inst_own(struct vdsa_wq *wq, struct vdsa_inst *inst)
{
	wq->cfg.type = VDSA_WQ_TYPE_VDSA;
	wq->enabled = true;
	wq->owner = inst;
}

/* Existing configured WQs the request names (create, assign). */
static int vdsa_inst_take_wqs(struct vdsa_config *shadow,
			      struct vdsa_inst *inst,
			      const struct vdsa_inst_spec *spec, u32 *ids,
			      struct vdsa_inst_err *e)
{
	struct vdsa_wq *wq;
	u32 i, id;

	for (i = 0; i < spec->n_wq_ids; i++) {
		id = spec->wq_ids[i];
		if (id >= shadow->n_wqs)
			return vdsa_inst_failf(e, -ENOENT, VDSA_A_INST_WQ_ID, id,
					       "wq-id %u: no such WQ on this device",
					       id);
		wq = &shadow->wqs[id];
		if (wq->owner == inst)
			return vdsa_inst_failf(e, -EINVAL, VDSA_A_INST_WQ_ID, id,
					       "wq %u is listed twice or already in the instance",
					       id);
		if (wq->owner)
			return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_WQ_ID, id,
					       "wq %u belongs to vDSA instance %pUb",
					       id, &wq->owner->uuid);
		if (wq->cfg.group_id == VDSA_GROUP_NONE)
			return vdsa_inst_failf(e, -EINVAL, VDSA_A_INST_WQ_ID, id,
					       "wq %u is in no group; configure it first",
					       id);
		if (!wq->cfg.size)
			return vdsa_inst_failf(e, -EINVAL, VDSA_A_INST_WQ_ID, id,
					       "wq %u has size 0; configure it first",
					       id);
		if (wq->enabled && wq->cfg.type != VDSA_WQ_TYPE_VDSA)
			return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_WQ_ID, id,
					       "wq %u is enabled with another type; disable it first",
					       id);
		vdsa_inst_own(wq, inst);
		ids[i] = id;
	}
	return 0;
}

static bool vdsa_wq_free(const struct vdsa_wq *wq)
{
	return !wq->enabled && !wq->owner &&
	       (!wq->cfg.size || wq->cfg.group_id == VDSA_GROUP_NONE);
}

/*
 * The default group: the lowest one with an engine, or group 0 with the
 * lowest free engine. Returns the engine it moved, or -1.
 */
static s32 vdsa_inst_default_group(struct vdsa_config *shadow, s32 *group)
{
	u32 g, i;

	for (g = 0; g < shadow->n_groups; g++) {
		if (vdsa_config_group_engines(shadow, g)) {
			*group = g;
			return -1;
		}
	}
	*group = 0;
	for (i = 0; i < shadow->n_engines; i++) {
		if (shadow->engine_group[i] == VDSA_GROUP_NONE) {
			shadow->engine_group[i] = 0;
			return i;
		}
	}
	return -1;
}

/*
 * WQ entries left for new instance WQs if the lowest @take free WQs of @cfg
 * were reused: the device's total minus what every other WQ holds. The
 * free WQs are counted in *n_free; the ones taken go to @ids (if given).
 */
static u32 vdsa_inst_free_space(const struct vdsa_device *vdev,
				const struct vdsa_config *cfg, u32 take,
				u32 *ids, u32 *n_free)
{
	u32 i, used = 0, freed = 0;

	*n_free = 0;
	for (i = 0; i < cfg->n_wqs; i++) {
		used += cfg->wqs[i].cfg.size;
		if (!vdsa_wq_free(&cfg->wqs[i]))
			continue;
		if (*n_free < take) {
			if (ids)
				ids[*n_free] = i;
			freed += cfg->wqs[i].cfg.size;
		}
		(*n_free)++;
	}
	return vdev->caps.max_wq_size - min(used - freed,
					    vdev->caps.max_wq_size);
}

/* wq-count free WQs (the lowest-numbered ones) configured with the profile. */
static int vdsa_inst_alloc_wqs(const struct vdsa_device *vdev,
			       struct vdsa_config *shadow,
			       struct vdsa_inst *inst,
			       const struct vdsa_inst_spec *spec, u32 *ids,
			       s32 *moved_engine, struct vdsa_inst_err *e)
{
	struct vdsa_wq_cfg profile = spec->profile;
	u32 i, n, n_free, avail;
	u64 need;

	avail = vdsa_inst_free_space(vdev, shadow, spec->wq_count, ids,
				     &n_free);
	n = min(n_free, spec->wq_count);
	if (n < spec->wq_count)
		return vdsa_inst_failf(e, -ENOSPC, VDSA_A_INST_WQ_COUNT, U32_MAX,
				       "wq-count %u: only %u WQs are free (disabled, in no instance, size 0 or in no group)",
				       spec->wq_count, n_free);
	need = (u64)profile.size * spec->wq_count;
	if (need > avail) {
		vdsa_inst_failf(e, -ENOSPC, VDSA_A_INST_WQ_PROFILE, U32_MAX,
				"wq-profile size %u x wq-count %u needs %llu WQ entries; %u of the device's max-wq-size %u are free",
				profile.size, spec->wq_count, need, avail,
				vdev->caps.max_wq_size);
		e->sub_attr = VDSA_A_WQ_SIZE;
		return -ENOSPC;
	}
	*moved_engine = -1;
	if (!spec->profile_group)
		*moved_engine = vdsa_inst_default_group(shadow,
							&profile.group_id);
	for (i = 0; i < n; i++) {
		shadow->wqs[ids[i]].cfg = profile;
		vdsa_inst_own(&shadow->wqs[ids[i]], inst);
	}
	return 0;
}

/* Maps a validation verdict to the request attribute it is about. */
static int vdsa_inst_verdict(const struct vdsa_inst_spec *spec,
			     const struct vdsa_verdict *v,
			     const struct vdsa_config *shadow,
			     const struct vdsa_inst *inst,
			     struct vdsa_inst_err *e)
{
	bool ours = v->obj == VDSA_OBJ_WQ && v->index < shadow->n_wqs &&
		    shadow->wqs[v->index].owner == inst;

	if (v->owner)
		return vdsa_inst_failf(e, v->err, 0, U32_MAX,
				       "wq %u belongs to vDSA instance %pUb",
				       v->index, &v->owner->uuid);
	if (v->obj == VDSA_OBJ_WQ) {
		vdsa_inst_failf(e, v->err, 0, U32_MAX, "wq %u: %s", v->index,
				v->msg);
		if (ours && spec->n_wq_ids) {
			e->attr = VDSA_A_INST_WQ_ID;
			e->wq = v->index;
		} else if (ours) {
			e->attr = VDSA_A_INST_WQ_PROFILE;
			e->sub_attr = v->attr;
		}
		return v->err;
	}
	if (v->obj == VDSA_OBJ_GROUP)
		return vdsa_inst_failf(e, v->err, 0, U32_MAX, "group %u: %s",
				       v->index, v->msg);
	return vdsa_inst_failf(e, v->err, 0, U32_MAX, "%s", v->msg);
}

/* Everything but the commit: validation, the owner rule, no restarts. */
static int vdsa_inst_check(struct vdsa_device *vdev,
			   const struct vdsa_config *shadow,
			   const struct vdsa_inst_spec *spec,
			   const struct vdsa_inst *inst,
			   struct vdsa_inst_err *e)
{
	struct vdsa_verdict v = {};
	int err, restart;

	err = vdsa_config_check(vdev, shadow, &v, &restart);
	if (err)
		return vdsa_inst_verdict(spec, &v, shadow, inst, e);
	if (restart >= 0)
		return vdsa_inst_failf(e, -EBUSY, 0, U32_MAX,
				       "wq %d is enabled and would have to restart; disable it first",
				       restart);
	return 0;
}

/*
 * Commits @shadow with the provider's instance steps: @old_ids (over the
 * committed configuration) destroyed first, @new_ids (over @shadow)
 * created last. Records the changes in @ch for notifications.
 */
static int vdsa_inst_commit(struct vdsa_device *vdev, const uuid_t *uuid,
			    struct vdsa_config *shadow, const u32 *old_ids,
			    u32 n_old, const u32 *new_ids, u32 n_new,
			    struct vdsa_nl_changes *ch, struct vdsa_inst_err *e)
{
	struct vdsa_inst_desc d_old, d_new;
	struct vdsa_wq_cfg *bufs;
	int err;

	bufs = kcalloc(n_old + n_new, sizeof(*bufs), GFP_KERNEL);
	if (!bufs)
		return -ENOMEM;
	err = vdsa_nl_changes_get(ch, vdev->cfg, shadow);
	if (err)
		goto out;
	if (n_old)
		vdsa_inst_desc_of(uuid, old_ids, n_old, vdev->cfg, &d_old, bufs);
	if (n_new)
		vdsa_inst_desc_of(uuid, new_ids, n_new, shadow, &d_new,
				  bufs + n_old);
	err = vdsa_config_commit_inst(vdev, shadow, n_old ? &d_old : NULL,
				      n_new ? &d_new : NULL);
	if (err) {
		vdsa_nl_changes_free(ch);
		if (err != -ENOMEM)
			vdsa_inst_fail(e, err, 0, vdsa_commit_failed_msg(vdev));
		goto out;
	}
out:
	kfree(bufs);
	return err;
}

int vdsa_inst_create(struct vdsa_device *vdev,
		     const struct vdsa_inst_spec *spec, bool hide,
		     struct vdsa_inst_created *out, struct vdsa_inst_err *e)
{
	const struct vdsa_provider_ops *ops = vdev->ops;
	u32 n = spec->n_wq_ids ?: spec->wq_count;
	struct vdsa_config *shadow;
	struct vdsa_inst *inst;
	s32 moved = -1;
	int err;

	if (!ops->inst_create || !ops->inst_destroy)
		return vdsa_inst_fail(e, -EOPNOTSUPP, VDSA_A_INST_DEV_ID,
				      "device does not support vDSA instances");
	/* Before the allocation sized by it: wq-count has no upper bound. */
	if (!spec->n_wq_ids && spec->wq_count > vdev->cfg->n_wqs)
		return vdsa_inst_failf(e, -ENOSPC, VDSA_A_INST_WQ_COUNT, U32_MAX,
				       "wq-count %u: the device has only %u WQs",
				       spec->wq_count, vdev->cfg->n_wqs);
	if (spec->uuid && vdsa_inst_uuid_taken(spec->uuid))
		return vdsa_inst_failf(e, -EEXIST, VDSA_A_INST_UUID, U32_MAX,
				       "uuid %pUb is already a vDSA instance",
				       spec->uuid);
	inst = vdsa_inst_alloc(vdev, spec, n);
	shadow = vdsa_config_dup(vdev->cfg);
	if (!inst || !shadow) {
		err = -ENOMEM;
		goto fail;
	}
	if (spec->n_wq_ids)
		err = vdsa_inst_take_wqs(shadow, inst, spec, inst->wq_ids, e);
	else
		err = vdsa_inst_alloc_wqs(vdev, shadow, inst, spec,
					  inst->wq_ids, &moved, e);
	if (!err)
		err = vdsa_inst_check(vdev, shadow, spec, inst, e);
	if (err)
		goto fail;
	if (out->validate_only) {
		out->inst = inst;
		out->shadow = shadow;
		return 0;
	}
	if (out->keep_old) {
		out->old = vdsa_config_dup(vdev->cfg);
		if (!out->old) {
			err = -ENOMEM;
			goto fail;
		}
	}
	out->moved_engine = moved;

	err = vdsa_inst_table_add(inst);
	if (err) {
		vdsa_inst_failf(e, err, VDSA_A_INST_UUID, U32_MAX,
				"uuid %pUb is already a vDSA instance",
				&inst->uuid);
		goto fail;
	}
	inst->hidden = hide;
	/* From here on the device's release function frees the instance. */
	err = vdsa_inst_device_add(inst);
	if (err) {
		vdsa_inst_table_del(inst);
		put_device(&inst->dev);
		vdsa_config_free(shadow);
		vdsa_config_free(out->old);
		out->old = NULL;
		return vdsa_inst_fail(e, err, 0,
				      "cannot add the instance's device to the vdsa bus");
	}
	err = vdsa_inst_commit(vdev, &inst->uuid, shadow, NULL, 0,
			       inst->wq_ids, n, &out->changes, e);
	if (err) {
		vdsa_inst_table_del(inst);
		vdsa_inst_device_del(inst);
		vdsa_config_free(shadow);
		vdsa_config_free(out->old);
		out->old = NULL;
		return err;
	}
	list_add_tail(&inst->node, &vdev->insts);
	out->inst = inst;
	return 0;

fail:
	vdsa_config_free(shadow);
	vdsa_config_free(out->old);
	out->old = NULL;
	if (inst)
		vdsa_inst_free(inst);
	return err;
}

/* Sends the notifications of a create and reveals the instance. */
void vdsa_inst_created_notify(struct vdsa_inst_created *out)
{
	struct vdsa_inst *inst = out->inst;

	if (inst->hidden)
		vdsa_inst_set_hidden(inst, false);
	vdsa_nl_changes_notify(inst->vdev, &out->changes);
	vdsa_inst_notify(inst, VDSA_CMD_INST_ADD_NTF);
	vdsa_inst_created_done(out);
}

void vdsa_inst_created_done(struct vdsa_inst_created *out)
{
	vdsa_nl_changes_free(&out->changes);
	vdsa_config_free(out->old);
	out->old = NULL;
}

/*
 * Removes an instance the provider no longer knows (or must forget):
 * its WQs lose their owner, it leaves the lists and the vdsa bus.
 */
static void vdsa_inst_remove(struct vdsa_inst *inst)
{
	struct vdsa_config *cfg = inst->vdev->cfg;
	u32 i;

	for (i = 0; i < cfg->n_wqs; i++)
		if (cfg->wqs[i].owner == inst)
			cfg->wqs[i].owner = NULL;
	list_del_init(&inst->node);
	vdsa_inst_table_del(inst);
	vdsa_inst_device_del(inst);
}

/* Tells the provider the instance is gone, whatever its WQs' state. */
static void vdsa_inst_provider_forget(struct vdsa_inst *inst)
{
	struct vdsa_device *vdev = inst->vdev;
	struct vdsa_inst_desc desc;
	int err;

	vdsa_inst_desc(inst, vdev->cfg, &desc);
	err = vdev->ops->inst_destroy(vdev, &desc);
	if (err)
		vdsa_device_degrade(vdev, "the provider cannot forget instance %pUb (%d)",
				    &inst->uuid, err);
}

/*
 * Undoes a create whose vfio bind failed, as if it never happened: the
 * instance's WQs (and an engine the default group took) return to their
 * configuration before the create. Other requests may have changed other
 * objects meanwhile; they keep their changes.
 */
void vdsa_inst_create_undo(struct vdsa_inst_created *out)
{
	struct vdsa_inst *inst = out->inst;
	struct vdsa_device *vdev = inst->vdev;
	const struct vdsa_config *old = out->old;
	struct vdsa_inst_err e = {};
	struct vdsa_nl_changes ch;
	struct vdsa_config *shadow;
	struct vdsa_verdict v = {};
	s32 moved = out->moved_engine;
	int pass, err = -ENOMEM;
	u32 i;

	for (pass = 0; pass < 2 && err; pass++) {
		shadow = vdsa_config_dup(vdev->cfg);
		if (!shadow)
			break;
		for (i = 0; i < inst->n_wqs; i++)
			shadow->wqs[inst->wq_ids[i]] = old->wqs[inst->wq_ids[i]];
		if (!pass && moved >= 0 && shadow->engine_group[moved] == 0)
			shadow->engine_group[moved] = old->engine_group[moved];
		err = vdsa_config_validate(vdev, vdev->cfg, shadow, &v);
		/*
		 * Requests made while the lock was dropped may have put WQs of
		 * their own in that group: the engine then stays (pass 1)
		 * rather than restarting or touching them.
		 */
		if (!err && !pass)
			err = vdsa_config_check_owners(vdev->cfg, shadow, &v);
		if (!err && !pass &&
		    vdsa_config_find_restart(vdev->cfg, shadow) >= 0)
			err = -EBUSY;
		if (!err)
			err = vdsa_inst_commit(vdev, &inst->uuid, shadow,
					       inst->wq_ids, inst->n_wqs, NULL, 0,
					       &ch, &e);
		if (err) {
			vdsa_config_free(shadow);
			continue;
		}
		/*
		 * Nothing announced the create, so nothing announces its undo;
		 * the generation moved on and stays there (it never goes back).
		 */
		vdsa_nl_changes_free(&ch);
	}
	if (err) {
		pr_err("%s: cannot undo the creation of instance %pUb (%d); its WQs stay configured\n",
		       vdev->name, &inst->uuid, err);
		vdsa_inst_provider_forget(inst);
	}
	vdsa_nl_changes_free(&out->changes);
	vdsa_config_free(out->old);
	out->old = NULL;
	vdsa_inst_remove(inst);
	out->inst = NULL;
}

int vdsa_inst_destroy_check(struct vdsa_inst *inst, struct vdsa_inst_err *e)
{
	if (inst->busy)
		return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_UUID, U32_MAX,
				       "instance %pUb is being bound or unbound; try again",
				       &inst->uuid);
	if (inst->open_count)
		return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_UUID, U32_MAX,
				       "vfio device of instance %pUb is open",
				       &inst->uuid);
	if (inst->state == VDSA_INST_STATE_BOUND_MDEV)
		return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_UUID, U32_MAX,
				       "instance %pUb is bound to an mdev; remove the mdev first (mdevctl stop, or its remove file)",
				       &inst->uuid);
	return 0;
}

int vdsa_inst_bind_check(struct vdsa_inst *inst, struct vdsa_inst_err *e)
{
	const char *why;
	int err;

	err = vdsa_device_check_configurable(inst->vdev, &why);
	if (err)
		return vdsa_inst_fail(e, err, 0, why);
	if (inst->busy)
		return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_UUID, U32_MAX,
				       "instance %pUb is being bound or unbound; try again",
				       &inst->uuid);
	if (inst->state != VDSA_INST_STATE_CREATED)
		return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_UUID, U32_MAX,
				       "instance %pUb is already bound to %s; unbind it first",
				       &inst->uuid,
				       inst->state == VDSA_INST_STATE_BOUND_MDEV ?
				       "an mdev" : "vfio");
	return 0;
}

int vdsa_inst_unbind_check(struct vdsa_inst *inst, struct vdsa_inst_err *e)
{
	if (inst->busy || inst->open_count)
		return vdsa_inst_destroy_check(inst, e);
	if (inst->state == VDSA_INST_STATE_BOUND_MDEV)
		return vdsa_inst_failf(e, -EOPNOTSUPP, VDSA_A_INST_UUID, U32_MAX,
				       "instance %pUb is bound to an mdev; remove the mdev first (mdevctl stop, or its remove file)",
				       &inst->uuid);
	return 0;
}

/*
 * Destroys an unbound instance: its WQs are disabled and reset, the
 * provider forgets it, it leaves the vdsa bus. The instance may be freed
 * when this returns 0.
 */
int vdsa_inst_destroy(struct vdsa_inst *inst, bool notify,
		      struct vdsa_inst_err *e)
{
	struct vdsa_device *vdev = inst->vdev;
	struct vdsa_nl_changes ch;
	struct vdsa_config *shadow;
	struct vdsa_wq *wq;
	u32 i;
	int err;

	shadow = vdsa_config_dup(vdev->cfg);
	if (!shadow)
		return -ENOMEM;
	for (i = 0; i < inst->n_wqs; i++) {
		wq = &shadow->wqs[inst->wq_ids[i]];
		vdsa_wq_cfg_init(&wq->cfg, &vdev->caps);
		wq->enabled = false;
		wq->owner = NULL;
	}
	err = vdsa_inst_commit(vdev, &inst->uuid, shadow, inst->wq_ids,
			       inst->n_wqs, NULL, 0, &ch, e);
	if (err) {
		vdsa_config_free(shadow);
		return err;
	}
	if (notify && !inst->hidden) {
		/* A device going away announces itself, not its WQs. */
		if (!vdev->dead)
			vdsa_nl_changes_notify(vdev, &ch);
		vdsa_inst_notify(inst, VDSA_CMD_INST_DEL_NTF);
	}
	vdsa_nl_changes_free(&ch);
	vdsa_inst_remove(inst);
	return 0;
}

int vdsa_inst_destroy_locked(struct vdsa_inst *inst)
{
	struct vdsa_inst_err e = {};
	int err;

	err = vdsa_inst_destroy(inst, true, &e);
	if (err)
		pr_err("%s: cannot destroy instance %pUb: %s (%d)\n",
		       inst->vdev->name, &inst->uuid, e.msg ?: "", err);
	return err;
}

/*
 * Moves WQs into (@assign) or out of an unbound instance. With
 * @validate_only the reply's WQ list is returned in @ids and nothing
 * changes; otherwise the instance takes the new list.
 */
int vdsa_inst_move_wqs(struct vdsa_inst *inst, const struct vdsa_inst_spec *spec,
		       bool assign, bool validate_only, u32 **ids_ret,
		       u32 *n_ret, struct vdsa_nl_changes *ch,
		       struct vdsa_inst_err *e)
{
	struct vdsa_device *vdev = inst->vdev;
	struct vdsa_config *shadow;
	struct vdsa_wq_cfg *cfgs;
	u32 i, j, n = 0, *ids;
	int err;

	if (inst->busy)
		return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_UUID, U32_MAX,
				       "instance %pUb is being bound or unbound; try again",
				       &inst->uuid);
	if (inst->state != VDSA_INST_STATE_CREATED)
		return vdsa_inst_failf(e, -EBUSY, VDSA_A_INST_UUID, U32_MAX,
				       "instance %pUb is bound; unbind it first",
				       &inst->uuid);
	ids = kcalloc(inst->n_wqs + spec->n_wq_ids, sizeof(*ids), GFP_KERNEL);
	cfgs = kcalloc(inst->n_wqs + spec->n_wq_ids, sizeof(*cfgs), GFP_KERNEL);
	shadow = vdsa_config_dup(vdev->cfg);
	if (!ids || !cfgs || !shadow) {
		err = -ENOMEM;
		goto fail;
	}
	if (assign) {
		memcpy(ids, inst->wq_ids, inst->n_wqs * sizeof(*ids));
		err = vdsa_inst_take_wqs(shadow, inst, spec, ids + inst->n_wqs,
					 e);
		n = inst->n_wqs + spec->n_wq_ids;
	} else {
		err = 0;
		for (i = 0; i < spec->n_wq_ids && !err; i++) {
			j = spec->wq_ids[i];
			if (j >= shadow->n_wqs || shadow->wqs[j].owner != inst)
				err = vdsa_inst_failf(e, -EINVAL,
						      VDSA_A_INST_WQ_ID, j,
						      "wq %u is not in instance %pUb",
						      j, &inst->uuid);
			else
				shadow->wqs[j].owner = NULL;
		}
		for (i = 0; i < inst->n_wqs; i++)
			if (shadow->wqs[inst->wq_ids[i]].owner == inst)
				ids[n++] = inst->wq_ids[i];
		if (!err && !n)
			err = vdsa_inst_fail(e, -EINVAL, VDSA_A_INST_WQ_ID,
					     "the last WQ of an instance cannot leave it; destroy the instance instead");
	}
	if (!err)
		err = vdsa_inst_check(vdev, shadow, spec, inst, e);
	if (err)
		goto fail;
	if (!validate_only) {
		err = vdsa_inst_commit(vdev, &inst->uuid, shadow, inst->wq_ids,
				       inst->n_wqs, ids, n, ch, e);
		if (err)
			goto fail;
		kfree(inst->wq_ids);
		kfree(inst->wq_cfgs);
		inst->wq_ids = ids;
		inst->wq_cfgs = cfgs;
		inst->n_wqs = n;
		*ids_ret = NULL;
	} else {
		vdsa_config_free(shadow);
		kfree(cfgs);
		*ids_ret = ids;
	}
	*n_ret = n;
	return 0;
fail:
	vdsa_config_free(shadow);
	kfree(cfgs);
	kfree(ids);
	return err;
}

/* The largest instance message on @vdev: one that owns every WQ. */
size_t vdsa_inst_msg_size(const struct vdsa_device *vdev)
{
	size_t parent = vdev->parent ? strlen(dev_name(vdev->parent)) + 1 : 0;

	return nla_total_size(VDSA_UUID_LEN) +
	       6 * nla_total_size(sizeof(u32)) +
	       nla_total_size(VDSA_INST_NAME_MAX_LEN + 1) +
	       vdev->caps.max_wqs * nla_total_size(sizeof(u32)) +
	       nla_total_size(parent) + nla_total_size(VDSA_MDEV_TYPE_LEN);
}

static int vdsa_inst_fill(struct sk_buff *msg, const struct vdsa_inst *inst,
			  const u32 *wq_ids, u32 n_wqs)
{
	u32 i;

	if (nla_put(msg, VDSA_A_INST_UUID, VDSA_UUID_LEN, &inst->uuid) ||
	    nla_put_u32(msg, VDSA_A_INST_DEV_ID, inst->vdev->id))
		return -EMSGSIZE;
	if (inst->name[0] && nla_put_string(msg, VDSA_A_INST_NAME, inst->name))
		return -EMSGSIZE;
	if (nla_put_u32(msg, VDSA_A_INST_STATE, inst->state) ||
	    nla_put_u32(msg, VDSA_A_INST_IN_USE, !!inst->open_count))
		return -EMSGSIZE;
	for (i = 0; i < n_wqs; i++)
		if (nla_put_u32(msg, VDSA_A_INST_WQ_ID, wq_ids[i]))
			return -EMSGSIZE;
	if (nla_put_u32(msg, VDSA_A_INST_PULL, inst->pull) ||
	    nla_put_u32(msg, VDSA_A_INST_GENERATION, inst->vdev->generation))
		return -EMSGSIZE;
	return vdsa_bind_fill(msg, inst);
}

/* One instance as one message; with @cb, as part of a dump. */
int vdsa_inst_put(struct sk_buff *msg, const struct vdsa_inst *inst,
		  const u32 *wq_ids, u32 n_wqs, u32 portid, u32 seq, int flags,
		  u8 cmd, struct netlink_callback *cb)
{
	void *hdr = vdsa_nl_msg_start(msg, portid, seq, flags, cmd, cb);

	if (!hdr)
		return -EMSGSIZE;
	return vdsa_nl_msg_finish(msg, hdr,
				  vdsa_inst_fill(msg, inst, wq_ids, n_wqs));
}



void vdsa_inst_notify(struct vdsa_inst *inst, u8 cmd)
{
	struct sk_buff *msg;

	if (inst->hidden || !vdsa_nl_has_listeners())
		return;
	msg = genlmsg_new(vdsa_inst_msg_size(inst->vdev), GFP_KERNEL);
	if (!msg || vdsa_inst_put(msg, inst, inst->wq_ids, inst->n_wqs, 0, 0,
				  0, cmd, NULL)) {
		nlmsg_free(msg);
		vdsa_nl_events_lost();
		return;
	}
	vdsa_nl_multicast(msg);
}

int vdsa_inst_create_pull(struct vdsa_device *vdev, const uuid_t *uuid,
			  struct vdsa_inst_created *out)
{
	struct vdsa_inst_spec spec = {
		.uuid = uuid,
		.wq_count = 1,
		.pull = true,
	};
	struct vdsa_inst_err e = {};
	int err;

	vdsa_inst_profile_default(&spec.profile, &vdev->caps);
	out->keep_old = true;
	err = vdsa_inst_create(vdev, &spec, true, out, &e);
	if (err)
		pr_info("%s: pull instance %pUb: %s (%d)\n", vdev->name, uuid,
			e.msg ?: "", err);
	return err;
}

u32 vdsa_inst_pull_available(struct vdsa_device *vdev)
{
	u32 n_free, avail;

	if (!vdev->ops->inst_create)
		return 0;
	avail = vdsa_inst_free_space(vdev, vdev->cfg, U32_MAX, NULL, &n_free);
	return min(n_free, avail / VDSA_INST_DEFAULT_SIZE);
}

/* The first instance teardown can work on; *busy if one is busy. */
static struct vdsa_inst *vdsa_inst_teardown_next(struct vdsa_device *vdev,
						 bool *busy)
{
	struct vdsa_inst *inst;

	*busy = false;
	list_for_each_entry(inst, &vdev->insts, node) {
		if (!inst->busy)
			return inst;
		*busy = true;
	}
	return NULL;
}

void vdsa_inst_teardown(struct vdsa_device *vdev)
{
	struct vdsa_inst *inst;
	bool busy;

	for (;;) {
		mutex_lock(&vdev->lock);
		inst = vdsa_inst_teardown_next(vdev, &busy);
		if (!inst) {
			mutex_unlock(&vdev->lock);
			if (!busy)
				break;
			/* A request is binding or unbinding; it finishes soon. */
			msleep(20);
			continue;
		}
		/* -ENODEV (the device is dead): teardown is what removes it. */
		if (inst->state == VDSA_INST_STATE_BOUND_VFIO)
			vdsa_inst_vfio_set(inst, false);
		if (inst->state != VDSA_INST_STATE_CREATED ||
		    vdsa_inst_destroy_locked(inst)) {
			pr_err("%s: instance %pUb removed without a clean destroy\n",
			       vdev->name, &inst->uuid);
			if (inst->state == VDSA_INST_STATE_CREATED)
				vdsa_inst_provider_forget(inst);
			vdsa_inst_notify(inst, VDSA_CMD_INST_DEL_NTF);
			vdsa_inst_remove(inst);
		}
		mutex_unlock(&vdev->lock);
	}
}
