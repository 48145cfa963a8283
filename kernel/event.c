// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: asynchronous events a provider reports (upcalls). A provider
 * calls them from its own contexts (interrupt threads, work, driver-core
 * callbacks under device locks), so an upcall only records the event and
 * queues work; the work takes the device lock, updates the operational
 * state and announces it.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>

#include "vdsa.h"

static void vdsa_device_event_work(struct work_struct *work)
{
	struct vdsa_device *vdev = container_of(work, struct vdsa_device,
						event_work);
	u32 n = vdev->caps.max_wqs, i;
	unsigned long flags;
	bool changed = false;

	mutex_lock(&vdev->lock);
	spin_lock_irqsave(&vdev->event_lock, flags);
	bitmap_copy(vdev->halt_work, vdev->halt_pending, n);
	bitmap_zero(vdev->halt_pending, n);
	spin_unlock_irqrestore(&vdev->event_lock, flags);
	if (vdev->dead)
		goto out;
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
