// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: the device registry. Providers register devices here; netlink
 * requests look them up by id and hold a reference while they work.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "vdsa.h"

static DEFINE_XARRAY_ALLOC(vdsa_devices);
/*
 * Set on a device once it is announced (dev-add-ntf). Until then lookups
 * and dumps do not see it, though its name and id are taken.
 */
#define VDSA_XA_LIVE		XA_MARK_1
/* Ids are not reused soon, so a stale id does not name a new device. */
static u32 vdsa_next_id;
/* Guards insertion, removal and name uniqueness; taken before a device lock. */
static DEFINE_MUTEX(vdsa_registry_lock);
/* Bumped on every add, remove and commit; dumps use it to detect changes. */
static atomic_t vdsa_generation = ATOMIC_INIT(1);

u32 vdsa_registry_generation(void)
{
	return atomic_read(&vdsa_generation);
}

u32 vdsa_registry_bump(void)
{
	return atomic_inc_return(&vdsa_generation);
}

static void vdsa_device_release(struct kref *ref)
{
	struct vdsa_device *vdev = container_of(ref, struct vdsa_device, ref);

	vdsa_device_events_free(vdev);
	vdsa_config_free(vdev->cfg);
	kfree(vdev->parent_dev);
	kfree(vdev->parent_bus);
	kfree(vdev->name);
	mutex_destroy(&vdev->lock);
	kfree(vdev);
}

void vdsa_device_put(struct vdsa_device *vdev)
{
	kref_put(&vdev->ref, vdsa_device_release);
}

struct vdsa_device *vdsa_device_get_by_id(u32 id)
{
	struct vdsa_device *vdev;

	mutex_lock(&vdsa_registry_lock);
	vdev = xa_get_mark(&vdsa_devices, id, VDSA_XA_LIVE) ?
	       xa_load(&vdsa_devices, id) : NULL;
	if (vdev)
		kref_get(&vdev->ref);
	mutex_unlock(&vdsa_registry_lock);
	return vdev;
}

struct vdsa_device *vdsa_device_get_next(unsigned long *id)
{
	struct vdsa_device *vdev;

	mutex_lock(&vdsa_registry_lock);
	vdev = xa_find(&vdsa_devices, id, ULONG_MAX, VDSA_XA_LIVE);
	if (vdev)
		kref_get(&vdev->ref);
	mutex_unlock(&vdsa_registry_lock);
	return vdev;
}

static bool vdsa_name_taken(const char *name)
{
	struct vdsa_device *vdev;
	unsigned long id;

	xa_for_each(&vdsa_devices, id, vdev)
		if (!strcmp(vdev->name, name))
			return true;
	return false;
}

/* Group ids travel as s32; keep every count far from overflowing. */
#define VDSA_MAX_OBJECTS	4096

static int vdsa_provider_check(const struct vdsa_device_info *info)
{
	const struct vdsa_device_caps *caps = info->caps;
	const struct vdsa_provider_ops *ops = info->ops;
	int n_inst_ops;

	if (!ops->engine_set_group || !ops->group_configure ||
	    !ops->wq_configure || !ops->wq_enable || !ops->wq_disable)
		return -EINVAL;
	/* Instances need all four ops, or none (no instance support). */
	n_inst_ops = !!ops->inst_create + !!ops->inst_destroy +
		     !!ops->inst_bind + !!ops->inst_unbind;
	if (n_inst_ops != 0 && n_inst_ops != 4)
		return -EINVAL;
	if (!caps->max_groups || caps->max_groups > VDSA_MAX_OBJECTS ||
	    !caps->max_engines || caps->max_engines > VDSA_MAX_OBJECTS ||
	    !caps->max_wqs || caps->max_wqs > VDSA_MAX_OBJECTS ||
	    !caps->max_wq_size)
		return -EINVAL;
	/* WQs default to the device maxima, which must themselves be valid. */
	if (!is_power_of_2(caps->max_transfer_size) ||
	    !is_power_of_2(caps->max_batch_size))
		return -EINVAL;
	return 0;
}

struct vdsa_device *vdsa_device_register(const struct vdsa_device_info *info)
{
	struct vdsa_device *vdev;
	int err;

	if (!info->name || !info->parent || !info->caps || !info->ops)
		return ERR_PTR(-EINVAL);
	err = vdsa_provider_check(info);
	if (err)
		return ERR_PTR(err);

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return ERR_PTR(-ENOMEM);
	kref_init(&vdev->ref);
	mutex_init(&vdev->lock);
	/* Not live until announced: mdev callbacks refuse it meanwhile. */
	vdev->dead = true;
	INIT_LIST_HEAD(&vdev->insts);
	vdev->parent = info->parent;
	vdev->caps = *info->caps;
	vdev->ops = info->ops;
	vdev->priv = info->priv;
	vdev->name = kstrdup(info->name, GFP_KERNEL);
	vdev->parent_bus = kstrdup(info->parent->bus ? info->parent->bus->name :
				   "none", GFP_KERNEL);
	vdev->parent_dev = kstrdup(dev_name(info->parent), GFP_KERNEL);
	vdev->cfg = vdsa_config_new(&vdev->caps);
	if (vdsa_device_events_init(vdev) || !vdev->name ||
	    !vdev->parent_bus || !vdev->parent_dev || !vdev->cfg) {
		err = -ENOMEM;
		goto err_put;
	}
	/* A device the driver configured already starts from what it holds. */
	if (vdev->ops->read_config) {
		struct vdsa_config *held = vdsa_device_read_config(vdev, vdev->cfg);

		if (IS_ERR(held)) {
			err = PTR_ERR(held);
			goto err_put;
		}
		vdsa_config_free(vdev->cfg);
		vdev->cfg = held;
	}

	mutex_lock(&vdsa_registry_lock);
	if (vdsa_name_taken(vdev->name)) {
		err = -EEXIST;
		goto err_unlock;
	}
	err = xa_alloc_cyclic(&vdsa_devices, &vdev->id, vdev, xa_limit_31b,
			      &vdsa_next_id, GFP_KERNEL);
	if (err < 0)
		goto err_unlock;
	mutex_unlock(&vdsa_registry_lock);

	/*
	 * Every step that can fail comes before the announcement, so a
	 * failed registration is never announced nor seen.
	 */
	err = vdsa_mdev_parent_add(vdev);
	if (err) {
		dev_err(info->parent, "vdsa: cannot register the mdev parent (%d)\n",
			err);
		mutex_lock(&vdsa_registry_lock);
		xa_erase(&vdsa_devices, vdev->id);
		mutex_unlock(&vdsa_registry_lock);
		goto err_put;
	}

	/* Under the device lock so no request can see it before the event. */
	mutex_lock(&vdsa_registry_lock);
	xa_set_mark(&vdsa_devices, vdev->id, VDSA_XA_LIVE);
	/*
	 * Generations are unique across devices, so a request pinned to an
	 * old device's generation cannot match a new device; the bump also
	 * tells a dump in progress that the device set changed.
	 */
	vdev->generation = vdsa_registry_bump();
	mutex_lock(&vdev->lock);
	mutex_unlock(&vdsa_registry_lock);
	vdev->dead = false;
	vdsa_nl_notify_obj(&vdsa_nl_dev_obj, vdev, 0, VDSA_CMD_DEV_ADD_NTF);
	mutex_unlock(&vdev->lock);
	return vdev;

err_unlock:
	mutex_unlock(&vdsa_registry_lock);
err_put:
	vdsa_device_put(vdev);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(vdsa_device_register);

/* Leave every WQ disabled, as the reset configuration has them. */
static void vdsa_device_quiesce(struct vdsa_device *vdev)
{
	u32 i;

	for (i = 0; i < vdev->cfg->n_wqs; i++) {
		if (!vdev->cfg->wqs[i].enabled)
			continue;
		if (vdev->ops->wq_disable(vdev, i))
			pr_err("%s: wq%u did not disable\n", vdev->name, i);
		vdev->cfg->wqs[i].enabled = false;
	}
}

void vdsa_device_unregister(struct vdsa_device *vdev)
{
	mutex_lock(&vdsa_registry_lock);
	xa_erase(&vdsa_devices, vdev->id);
	vdsa_registry_bump();
	mutex_unlock(&vdsa_registry_lock);

	/* No new request, mdev or instance from here on. */
	mutex_lock(&vdev->lock);
	vdev->dead = true;
	mutex_unlock(&vdev->lock);
	vdsa_device_events_stop(vdev);
	/* Mdevs first (pull instances go with them), then the rest. */
	vdsa_mdev_parent_del(vdev);
	vdsa_inst_teardown(vdev);

	mutex_lock(&vdev->lock);
	vdsa_device_quiesce(vdev);
	vdsa_nl_notify_obj(&vdsa_nl_dev_obj, vdev, 0, VDSA_CMD_DEV_DEL_NTF);
	mutex_unlock(&vdev->lock);

	vdsa_device_put(vdev);
}
EXPORT_SYMBOL_GPL(vdsa_device_unregister);

void *vdsa_device_priv(const struct vdsa_device *vdev)
{
	return vdev->priv;
}
EXPORT_SYMBOL_GPL(vdsa_device_priv);

static int __init vdsa_init(void)
{
	int err;

	err = vdsa_bus_init();
	if (err)
		return err;
	err = vdsa_vfio_init();
	if (err)
		goto err_bus;
	err = vdsa_mdev_init();
	if (err)
		goto err_vfio;
	err = vdsa_nl_init();
	if (err)
		goto err_mdev;
	return 0;

err_mdev:
	vdsa_mdev_exit();
err_vfio:
	vdsa_vfio_exit();
err_bus:
	vdsa_bus_exit();
	return err;
}

static void __exit vdsa_exit(void)
{
	/* Providers hold a module reference, so no device is left here. */
	vdsa_nl_exit();
	vdsa_mdev_exit();
	vdsa_vfio_exit();
	vdsa_bus_exit();
	xa_destroy(&vdsa_devices);
}

module_init(vdsa_init);
module_exit(vdsa_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vdsa: generic netlink provisioning of DSA work queues");
MODULE_ALIAS_GENL_FAMILY(VDSA_FAMILY_NAME);
