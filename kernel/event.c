// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: asynchronous events a provider reports (upcalls). A provider
 * calls them from its own contexts (interrupt threads, work, driver-core
 * callbacks under device locks), so an upcall only records the event and
 * queues work; the work takes the device lock, updates the operational
 * state or reads the configuration back, and announces the change.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>

#include "vdsa.h"

/* A provider's report must not send the core out of its arrays. */
static bool vdsa_group_ok(const struct vdsa_config *cfg, s32 group)
{
	return group == VDSA_GROUP_NONE || (group >= 0 && group < cfg->n_groups);
}

/*
 * @cur with the configuration the provider reports in place of its own:
 * owners are kept, and so is a halt of a WQ that runs on unchanged.
 */
struct vdsa_config *vdsa_device_read_config(struct vdsa_device *vdev,
					    const struct vdsa_config *cur)
{
	struct vdsa_config *new = vdsa_config_dup(cur);
	struct vdsa_hw_config hw = {};
	int err = -ENOMEM;
	u32 i;

	if (!new)
		return ERR_PTR(-ENOMEM);
	hw.groups = new->groups;
	hw.engine_group = new->engine_group;
	hw.wqs = kcalloc(new->n_wqs, sizeof(*hw.wqs), GFP_KERNEL);
	hw.wq_enabled = kcalloc(new->n_wqs, sizeof(*hw.wq_enabled), GFP_KERNEL);
	if (!hw.wqs || !hw.wq_enabled)
		goto out;
	for (i = 0; i < new->n_wqs; i++) {
		hw.wqs[i] = new->wqs[i].cfg;
		hw.wq_enabled[i] = new->wqs[i].enabled;
	}
	err = vdev->ops->read_config(vdev, &hw);
	if (err)
		goto out;
	err = -EIO;
	for (i = 0; i < new->n_engines; i++)
		if (!vdsa_group_ok(new, new->engine_group[i]))
			goto out;
	for (i = 0; i < new->n_wqs; i++) {
		struct vdsa_wq *wq = &new->wqs[i];
		bool same = wq->enabled == hw.wq_enabled[i] &&
			    vdsa_wq_cfg_equal(&wq->cfg, &hw.wqs[i]);

		if (!vdsa_group_ok(new, hw.wqs[i].group_id))
			goto out;
		wq->cfg = hw.wqs[i];
		wq->cfg.name[VDSA_WQ_NAME_MAX_LEN] = '\0';
		wq->enabled = hw.wq_enabled[i];
		wq->halted = wq->halted && wq->enabled && same;
	}
	err = 0;
out:
	kfree(hw.wqs);
	kfree(hw.wq_enabled);
	if (err) {
		vdsa_config_free(new);
		return ERR_PTR(err);
	}
	return new;
}

/*
 * Takes what the provider now reports as the device's configuration and
 * announces what differs. The record then matches the hardware again; an
 * instance whose WQ changed under it does not, so the device is degraded.
 */
static void vdsa_device_resync(struct vdsa_device *vdev)
{
	struct vdsa_nl_changes ch;
	struct vdsa_config *new;
	int owned = -1, err;
	u32 i;

	new = vdsa_device_read_config(vdev, vdev->cfg);
	err = IS_ERR(new) ? PTR_ERR(new) : vdsa_nl_changes_get(&ch, vdev->cfg, new);
	if (err) {
		if (!IS_ERR(new))
			vdsa_config_free(new);
		vdsa_device_degrade(vdev, "reading the configuration back failed (%d)",
				    err);
		return;
	}
	if (vdsa_nl_changes_empty(&ch, new)) {
		vdsa_config_free(new);
		goto out;
	}
	/* Its own settings, or its group under it (engines, read buffers). */
	for (i = 0; i < new->n_wqs && owned < 0; i++)
		if (new->wqs[i].owner && (test_bit(i, ch.wqs) ||
					  vdsa_wq_bounces(vdev->cfg, new, i)))
			owned = i;
	pr_info("%s: configuration changed outside vdsa\n", vdev->name);
	vdsa_config_free(vdev->cfg);
	vdev->cfg = new;
	vdev->generation = vdsa_registry_bump();
	vdsa_nl_changes_notify(vdev, &ch);
	if (owned >= 0)
		vdsa_device_degrade(vdev, "wq%d of a vDSA instance changed outside vdsa",
				    owned);
out:
	vdsa_nl_changes_free(&ch);
}

static void vdsa_device_event_work(struct work_struct *work)
{
	struct vdsa_device *vdev = container_of(work, struct vdsa_device,
						event_work);
	u32 n = vdev->caps.max_wqs, i;
	unsigned long flags;
	bool changed = false, resync;

	mutex_lock(&vdev->lock);
	spin_lock_irqsave(&vdev->event_lock, flags);
	bitmap_copy(vdev->halt_work, vdev->halt_pending, n);
	bitmap_zero(vdev->halt_pending, n);
	resync = vdev->resync_pending;
	vdev->resync_pending = false;
	spin_unlock_irqrestore(&vdev->event_lock, flags);
	if (vdev->dead)
		goto out;
	/* First the new configuration, so that halts apply to it. */
	if (resync && vdev->ops->read_config)
		vdsa_device_resync(vdev);
	/* A WQ disabled meanwhile has nothing left to halt. */
	for_each_set_bit(i, vdev->halt_work, n) {
		struct vdsa_wq *wq = &vdev->cfg->wqs[i];

		if (!wq->enabled || wq->halted) {
			__clear_bit(i, vdev->halt_work);
			continue;
		}
		wq->halted = true;
		changed = true;
		pr_warn("%s: wq%u halted\n", vdev->name, i);
	}
	if (!changed)
		goto out;
	vdev->generation = vdsa_registry_bump();
	for_each_set_bit(i, vdev->halt_work, n)
		vdsa_nl_notify_obj(&vdsa_nl_wq_obj, vdev, i,
				   VDSA_CMD_WQ_CHANGE_NTF);
out:
	mutex_unlock(&vdev->lock);
}

void vdsa_device_wq_halted(struct vdsa_device *vdev, u32 wq)
{
	unsigned long flags;

	if (WARN_ON_ONCE(wq >= vdev->caps.max_wqs))
		return;
	spin_lock_irqsave(&vdev->event_lock, flags);
	__set_bit(wq, vdev->halt_pending);
	spin_unlock_irqrestore(&vdev->event_lock, flags);
	schedule_work(&vdev->event_work);
}
EXPORT_SYMBOL_GPL(vdsa_device_wq_halted);

void vdsa_device_config_changed(struct vdsa_device *vdev)
{
	unsigned long flags;

	spin_lock_irqsave(&vdev->event_lock, flags);
	vdev->resync_pending = true;
	spin_unlock_irqrestore(&vdev->event_lock, flags);
	schedule_work(&vdev->event_work);
}
EXPORT_SYMBOL_GPL(vdsa_device_config_changed);

int vdsa_device_events_init(struct vdsa_device *vdev)
{
	spin_lock_init(&vdev->event_lock);
	INIT_WORK(&vdev->event_work, vdsa_device_event_work);
	vdev->halt_pending = bitmap_zalloc(vdev->caps.max_wqs, GFP_KERNEL);
	vdev->halt_work = bitmap_zalloc(vdev->caps.max_wqs, GFP_KERNEL);
	return vdev->halt_pending && vdev->halt_work ? 0 : -ENOMEM;
}

void vdsa_device_events_stop(struct vdsa_device *vdev)
{
	cancel_work_sync(&vdev->event_work);
}

void vdsa_device_events_free(struct vdsa_device *vdev)
{
	bitmap_free(vdev->halt_pending);
	bitmap_free(vdev->halt_work);
}
