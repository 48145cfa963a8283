// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: the mdev binding. Each vdsa device registers an mdev parent on
 * the provider's device with two types:
 *  - vdsa-inst: writing the UUID of a created, unbound instance of the
 *    device to its create file binds that instance; removing the mdev
 *    unbinds it (the instance stays).
 *  - vdsa-pull: a fresh UUID creates an instance of one dedicated WQ with
 *    the default profile and binds it; removing the mdev destroys it.
 * Either way the mdev carries the same emulated vfio device as the vfio
 * binding (bind_vfio.c). An mdev create can only return an errno, so a
 * refused create says why in the kernel log.
 */
#include <linux/iommu.h>
#include <linux/slab.h>
#include <linux/vfio.h>

#include "vdsa.h"

#define VDSA_MDEV_TYPE_INST	0
#define VDSA_MDEV_TYPE_PULL	1

static const char * const vdsa_mdev_type_names[] = {
	[VDSA_MDEV_TYPE_INST] = "vdsa-inst",
	[VDSA_MDEV_TYPE_PULL] = "vdsa-pull",
};

static const char * const vdsa_mdev_pretty_names[] = {
	[VDSA_MDEV_TYPE_INST] = "vDSA instance (created through vdsa)",
	[VDSA_MDEV_TYPE_PULL] = "vDSA instance (1 dedicated WQ, default profile)",
};

static struct vdsa_device *vdsa_mdev_vdev(struct mdev_type *mtype)
{
	return container_of(mtype->parent, struct vdsa_device, mdev_parent);
}

static int vdsa_mdev_type_index(struct mdev_type *mtype)
{
	struct vdsa_device *vdev = vdsa_mdev_vdev(mtype);

	return mtype == &vdev->mdev_types[VDSA_MDEV_TYPE_PULL] ?
	       VDSA_MDEV_TYPE_PULL : VDSA_MDEV_TYPE_INST;
}

/* vdev->lock held: the instance @uuid of this device, or NULL. */
static struct vdsa_inst *vdsa_mdev_find(struct vdsa_device *vdev,
					const uuid_t *uuid)
{
	struct vdsa_inst *inst;

	list_for_each_entry(inst, &vdev->insts, node)
		if (uuid_equal(&inst->uuid, uuid))
			return inst;
	return NULL;
}

/* vdev->lock held (dropped meanwhile): bind @inst to @mdev. */
static int vdsa_mdev_bind(struct vdsa_inst *inst, struct mdev_device *mdev)
{
	const char *why = NULL;
	int err;

	inst->busy = true;
	err = vdsa_inst_expose(inst, &mdev->dev, VDSA_INST_STATE_BOUND_MDEV,
			       &why);
	inst->busy = false;
	if (err) {
		dev_info(&mdev->dev, "vdsa: cannot bind: %s (%d)\n", why, err);
		return err;
	}
	dev_set_drvdata(&mdev->dev, inst);
	return 0;
}

static int vdsa_mdev_probe_inst(struct vdsa_device *vdev,
				struct mdev_device *mdev, const uuid_t *uuid)
{
	struct vdsa_inst *inst = vdsa_mdev_find(vdev, uuid);
	const char *why = NULL;
	int err = -EBUSY;

	if (!inst) {
		err = -ENODEV;
		why = vdsa_inst_uuid_taken(uuid) ?
		      "the instance belongs to another device" :
		      "no such instance (create it first)";
	} else if (inst->busy) {
		why = "the instance is being bound or unbound";
	} else if (inst->state != VDSA_INST_STATE_CREATED) {
		why = "the instance is already bound";
	} else {
		err = vdsa_device_check_configurable(vdev, &why);
	}
	if (why) {
		dev_info(&mdev->dev, "vdsa: cannot bind: %s\n", why);
		return err;
	}
	err = vdsa_mdev_bind(inst, mdev);
	if (!err)
		vdsa_inst_notify(inst, VDSA_CMD_INST_CHANGE_NTF);
	return err;
}

static int vdsa_mdev_probe_pull(struct vdsa_device *vdev,
				struct mdev_device *mdev, const uuid_t *uuid)
{
	struct vdsa_inst_created out = {};
	int err;

	err = vdsa_inst_create_pull(vdev, uuid, &out);
	if (err) {
		dev_info(&mdev->dev, "vdsa: cannot create an instance (%d)\n",
			 err);
		return err;
	}
	/* Hidden until bound: one announcement, or none if the bind fails. */
	err = vdsa_mdev_bind(out.inst, mdev);
	if (err) {
		vdsa_inst_create_undo(&out);
		return err;
	}
	vdsa_inst_created_notify(&out);
	return 0;
}

static int vdsa_mdev_probe(struct mdev_device *mdev)
{
	struct vdsa_device *vdev = vdsa_mdev_vdev(mdev->type);
	char str[UUID_STRING_LEN + 1];
	uuid_t uuid;
	int err;

	/*
	 * The mdev core keeps a guid_t (first fields little endian) and names
	 * the device with %pUl; instances keep the UUID in string order.
	 */
	snprintf(str, sizeof(str), "%pUl", &mdev->uuid);
	if (uuid_parse(str, &uuid))
		return -EINVAL;
	mutex_lock(&vdev->lock);
	if (vdev->dead) {
		err = -ENODEV;
		dev_info(&mdev->dev, "vdsa: the device is going away\n");
	} else if (vdsa_mdev_type_index(mdev->type) == VDSA_MDEV_TYPE_PULL) {
		err = vdsa_mdev_probe_pull(vdev, mdev, &uuid);
	} else {
		err = vdsa_mdev_probe_inst(vdev, mdev, &uuid);
	}
	mutex_unlock(&vdev->lock);
	return err;
}

static void vdsa_mdev_remove(struct mdev_device *mdev)
{
	struct vdsa_inst *inst = dev_get_drvdata(&mdev->dev);
	struct vdsa_device *vdev = inst->vdev;

	vdsa_inst_unexpose(inst);
	dev_set_drvdata(&mdev->dev, NULL);
	/*
	 * A pull instance goes with its mdev; if it cannot, it stays, unbound.
	 * A device going away announces its instances' deletion, not this.
	 */
	if ((!inst->pull || vdsa_inst_destroy_locked(inst)) && !vdev->dead)
		vdsa_inst_notify(inst, VDSA_CMD_INST_CHANGE_NTF);
	mutex_unlock(&vdev->lock);
}

static unsigned int vdsa_mdev_get_available(struct mdev_type *mtype)
{
	struct vdsa_device *vdev = vdsa_mdev_vdev(mtype);
	struct vdsa_inst *inst;
	unsigned int n = 0;

	mutex_lock(&vdev->lock);
	if (vdev->dead) {
		n = 0;
	} else if (vdsa_mdev_type_index(mtype) == VDSA_MDEV_TYPE_PULL) {
		n = vdsa_inst_pull_available(vdev);
	} else {
		list_for_each_entry(inst, &vdev->insts, node)
			if (inst->state == VDSA_INST_STATE_CREATED &&
			    !inst->busy)
				n++;
	}
	mutex_unlock(&vdev->lock);
	return n;
}

static ssize_t vdsa_mdev_show_description(struct mdev_type *mtype, char *buf)
{
	if (vdsa_mdev_type_index(mtype) == VDSA_MDEV_TYPE_PULL)
		return sysfs_emit(buf, "A fresh UUID creates a vDSA instance of one dedicated WQ with the default profile; removing the mdev destroys it.\n");
	return sysfs_emit(buf, "The UUID of a vDSA instance created through vdsa binds it; removing the mdev unbinds it.\n");
}

static struct mdev_driver vdsa_mdev_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = "vdsa_mdev",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = vdsa_mdev_probe,
	.remove = vdsa_mdev_remove,
	.get_available = vdsa_mdev_get_available,
	.show_description = vdsa_mdev_show_description,
};

int vdsa_mdev_init(void)
{
	return mdev_register_driver(&vdsa_mdev_driver);
}

void vdsa_mdev_exit(void)
{
	mdev_unregister_driver(&vdsa_mdev_driver);
}

/*
 * Without vdev->lock, before the device is announced: until then the mdev
 * callbacks find it dead and refuse it.
 */
int vdsa_mdev_parent_add(struct vdsa_device *vdev)
{
	int i, err;

	if (!vdev->parent)
		return 0;
	for (i = 0; i < ARRAY_SIZE(vdev->mdev_types); i++) {
		vdev->mdev_types[i].sysfs_name = vdsa_mdev_type_names[i];
		vdev->mdev_types[i].pretty_name = vdsa_mdev_pretty_names[i];
		vdev->mdev_type_ptrs[i] = &vdev->mdev_types[i];
	}
	err = mdev_register_parent(&vdev->mdev_parent, vdev->parent,
				   &vdsa_mdev_driver, vdev->mdev_type_ptrs,
				   ARRAY_SIZE(vdev->mdev_types));
	if (err)
		return err;
	mutex_lock(&vdev->lock);
	vdev->mdev_registered = true;
	mutex_unlock(&vdev->lock);
	return 0;
}

/*
 * Without vdev->lock: removes every mdev of the device (their remove
 * unbinds the instance, or destroys it for the pull type), then the
 * parent. Blocks while a vfio user holds one of them open.
 */
void vdsa_mdev_parent_del(struct vdsa_device *vdev)
{
	bool registered;

	mutex_lock(&vdev->lock);
	registered = vdev->mdev_registered;
	vdev->mdev_registered = false;
	mutex_unlock(&vdev->lock);
	if (registered)
		mdev_unregister_parent(&vdev->mdev_parent);
}

/*
 * vdev->lock held. Identifiers only: tools build sysfs and /dev paths from
 * the UUID, the mdev parent and the vfio group.
 */
int vdsa_bind_fill(struct sk_buff *msg, const struct vdsa_inst *inst)
{
	const struct vdsa_device *vdev = inst->vdev;
	struct iommu_group *group;
	char type[VDSA_MDEV_TYPE_LEN];
	int err = 0;

	if (vdev->mdev_registered) {
		snprintf(type, sizeof(type), "%s-%s",
			 dev_driver_string(vdev->parent),
			 vdsa_mdev_type_names[VDSA_MDEV_TYPE_INST]);
		if (nla_put_string(msg, VDSA_A_INST_MDEV_PARENT,
				   dev_name(vdev->parent)) ||
		    nla_put_string(msg, VDSA_A_INST_MDEV_TYPE, type))
			return -EMSGSIZE;
	}
	if (inst->vfio) {
		group = iommu_group_get(inst->vfio->dev);
		if (group) {
			err = nla_put_u32(msg, VDSA_A_INST_VFIO_GROUP,
					  iommu_group_id(group));
			iommu_group_put(group);
			if (err)
				return -EMSGSIZE;
		}
	}
	return 0;
}
