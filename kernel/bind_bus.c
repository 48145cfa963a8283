// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: the "vdsa" bus. Every vDSA instance is a device on it, named
 * by its UUID (/sys/bus/vdsa/devices/<uuid>). The bus never matches a
 * driver by itself: only the core attaches the vdsa_vfio driver
 * (bind_vfio.c), so userspace cannot bind or unbind.
 *
 * The devices hang off one root device, /sys/devices/vdsa, and not off the
 * provider's device: an mdev of the instance is a child of the provider's
 * device named by the same UUID, and the two would collide in sysfs.
 *
 * Memory contract for struct vdsa_inst (inst.c allocates it):
 *  - Until vdsa_inst_device_add() is called the creator owns the instance
 *    and frees it itself.
 *  - vdsa_inst_device_add() initialises @inst->dev whatever happens. From
 *    then on the instance is freed only by the device's release function,
 *    on the last put_device(&inst->dev). It frees inst->wq_ids and
 *    inst->regs, drops the instance's reference on inst->vdev
 *    (vdsa_device_put) and frees the instance. So the creator must have
 *    taken that vdev reference and set wq_ids before the call.
 *  - On failure vdsa_inst_device_add() has not added the device; the
 *    creator drops it with put_device(&inst->dev) (never kfree).
 *  - vdsa_inst_device_del() removes the device and drops the reference the
 *    creation held; the instance goes away once nobody else holds one
 *    (a vfio device registered on it holds one until it is released).
 */
#include <linux/slab.h>

#include "vdsa.h"

static int vdsa_bus_match(struct device *dev, struct device_driver *drv)
{
	return 0;
}

struct bus_type vdsa_bus_type = {
	.name = "vdsa",
	.match = vdsa_bus_match,
};

static struct device *vdsa_root;

int vdsa_bus_init(void)
{
	int err;

	vdsa_root = root_device_register("vdsa");
	if (IS_ERR(vdsa_root))
		return PTR_ERR(vdsa_root);
	err = bus_register(&vdsa_bus_type);
	if (err)
		root_device_unregister(vdsa_root);
	return err;
}

void vdsa_bus_exit(void)
{
	bus_unregister(&vdsa_bus_type);
	root_device_unregister(vdsa_root);
}

static void vdsa_inst_release(struct device *dev)
{
	struct vdsa_inst *inst = container_of(dev, struct vdsa_inst, dev);

	kfree(inst->wq_ids);
	kfree(inst->wq_cfgs);
	kfree(inst->regs);
	if (inst->vdev)
		vdsa_device_put(inst->vdev);
	kfree(inst);
}

int vdsa_inst_device_add(struct vdsa_inst *inst)
{
	int err;

	device_initialize(&inst->dev);
	inst->dev.bus = &vdsa_bus_type;
	inst->dev.parent = vdsa_root;
	inst->dev.release = vdsa_inst_release;
	err = dev_set_name(&inst->dev, "%pUb", &inst->uuid);
	if (err)
		return err;
	err = device_add(&inst->dev);
	if (err)
		return err;
	inst->registered = true;
	return 0;
}

void vdsa_inst_device_del(struct vdsa_inst *inst)
{
	if (inst->registered) {
		inst->registered = false;
		device_del(&inst->dev);
	}
	put_device(&inst->dev);
}
