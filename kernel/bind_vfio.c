// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa core: the vfio side of an instance. The vdsa_vfio driver binds an
 * instance's device on the vdsa bus to vfio; both it and the mdev binding
 * (bind_mdev.c) expose the instance through the same emulated-IOMMU vfio
 * device, whose PCI config space and BAR0 are the register file the
 * provider filled in (struct vdsa_vdev_regs, doc/vdsa-vdev-regs.md).
 * No DMA, no interrupts: both regions are read-only.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vdsa.h"

/* Region N starts at N << 40 in the device file, like vfio-pci. */
#define VDSA_VFIO_OFFSET_SHIFT	40
#define VDSA_VFIO_INDEX(off)	((off) >> VDSA_VFIO_OFFSET_SHIFT)
#define VDSA_VFIO_OFFSET_MASK	((1ULL << VDSA_VFIO_OFFSET_SHIFT) - 1)
#define VDSA_VFIO_OFFSET(index)	((u64)(index) << VDSA_VFIO_OFFSET_SHIFT)
/* The largest region: no read can be longer. */
#define VDSA_VFIO_MAX_READ	VDSA_VDEV_BAR0_SIZE

struct vdsa_vfio_dev {
	struct vfio_device vdev;
	struct vdsa_inst *inst;
};

static struct vdsa_inst *vdsa_vfio_inst(struct vfio_device *vdev)
{
	return container_of(vdev, struct vdsa_vfio_dev, vdev)->inst;
}

static bool vdsa_inst_bound(const struct vdsa_inst *inst)
{
	return inst->state == VDSA_INST_STATE_BOUND_VFIO ||
	       inst->state == VDSA_INST_STATE_BOUND_MDEV;
}

static int vdsa_vfio_open_device(struct vfio_device *vdev)
{
	struct vdsa_inst *inst = vdsa_vfio_inst(vdev);
	struct vdsa_device *dev = inst->vdev;
	int err = 0;

	mutex_lock(&dev->lock);
	if (inst->busy || !vdsa_inst_bound(inst) || !inst->regs)
		err = -EBUSY;
	else if (inst->open_count++ == 0)
		vdsa_inst_notify(inst, VDSA_CMD_INST_CHANGE_NTF);
	mutex_unlock(&dev->lock);
	return err;
}

static void vdsa_vfio_close_device(struct vfio_device *vdev)
{
	struct vdsa_inst *inst = vdsa_vfio_inst(vdev);
	struct vdsa_device *dev = inst->vdev;

	mutex_lock(&dev->lock);
	if (!WARN_ON(!inst->open_count) && --inst->open_count == 0)
		vdsa_inst_notify(inst, VDSA_CMD_INST_CHANGE_NTF);
	mutex_unlock(&dev->lock);
}

static ssize_t vdsa_vfio_read(struct vfio_device *vdev, char __user *buf,
			      size_t count, loff_t *ppos)
{
	struct vdsa_inst *inst = vdsa_vfio_inst(vdev);
	struct vdsa_device *dev = inst->vdev;
	u64 pos = *ppos, off = pos & VDSA_VFIO_OFFSET_MASK;
	const u8 *base;
	size_t size;
	ssize_t ret;
	u8 *bounce;

	/*
	 * Copied out through a bounce buffer: a user buffer that faults
	 * slowly must not hold the device lock.
	 */
	bounce = kmalloc(min_t(size_t, count, VDSA_VFIO_MAX_READ), GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	mutex_lock(&dev->lock);
	if (!inst->regs) {
		ret = -ENODEV;
		goto out;
	}
	switch (VDSA_VFIO_INDEX(pos)) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		base = inst->regs->config;
		size = sizeof(inst->regs->config);
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		base = inst->regs->bar0;
		size = sizeof(inst->regs->bar0);
		break;
	default:
		ret = -EINVAL;
		goto out;
	}
	if (off >= size || count > size - off) {
		ret = -EINVAL;
		goto out;
	}
	memcpy(bounce, base + off, count);
	mutex_unlock(&dev->lock);
	ret = copy_to_user(buf, bounce, count) ? -EFAULT : count;
	if (ret > 0)
		*ppos += count;
	kfree(bounce);
	return ret;
out:
	mutex_unlock(&dev->lock);
	kfree(bounce);
	return ret;
}

/* Both regions are read-only; config space writes (BAR sizing) are ignored. */
static ssize_t vdsa_vfio_write(struct vfio_device *vdev,
			       const char __user *buf, size_t count,
			       loff_t *ppos)
{
	u64 pos = *ppos, off = pos & VDSA_VFIO_OFFSET_MASK;

	if (VDSA_VFIO_INDEX(pos) == VFIO_PCI_CONFIG_REGION_INDEX &&
	    off < VDSA_VDEV_CONFIG_SIZE && count <= VDSA_VDEV_CONFIG_SIZE - off) {
		*ppos += count;
		return count;
	}
	return -EINVAL;
}

static long vdsa_vfio_get_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = VFIO_PCI_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static long vdsa_vfio_get_region_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	if (info.index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	info.offset = VDSA_VFIO_OFFSET(info.index);
	info.flags = 0;
	info.cap_offset = 0;
	switch (info.index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		info.size = VDSA_VDEV_CONFIG_SIZE;
		info.flags = VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_WRITE;
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		info.size = VDSA_VDEV_BAR0_SIZE;
		info.flags = VFIO_REGION_INFO_FLAG_READ;
		break;
	default:
		info.size = 0;
		break;
	}
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static long vdsa_vfio_get_irq_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_IRQS)
		return -EINVAL;
	info.flags = 0;
	info.count = 0;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static long vdsa_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
			    unsigned long arg)
{
	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return vdsa_vfio_get_info(arg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return vdsa_vfio_get_region_info(arg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return vdsa_vfio_get_irq_info(arg);
	case VFIO_DEVICE_RESET:
		return 0;
	}
	return -ENOTTY;
}

static void vdsa_vfio_release(struct vfio_device *vdev)
{
	vfio_free_device(vdev);
}

static const struct vfio_device_ops vdsa_vfio_ops = {
	.name = "vfio-vdsa",
	.release = vdsa_vfio_release,
	.open_device = vdsa_vfio_open_device,
	.close_device = vdsa_vfio_close_device,
	.read = vdsa_vfio_read,
	.write = vdsa_vfio_write,
	.ioctl = vdsa_vfio_ioctl,
};

/* Without vdev->lock; @dev must have a driver bound (vfio pins it). */
static struct vfio_device *vdsa_vfio_register(struct vdsa_inst *inst,
					      struct device *dev)
{
	struct vdsa_vfio_dev *vv;
	int err;

	vv = vfio_alloc_device(vdsa_vfio_dev, vdev, dev, &vdsa_vfio_ops);
	if (IS_ERR(vv))
		return ERR_CAST(vv);
	vv->inst = inst;
	err = vfio_register_emulated_iommu_dev(&vv->vdev);
	if (err) {
		vfio_put_device(&vv->vdev);
		return ERR_PTR(err);
	}
	return &vv->vdev;
}

/**
 * vdsa_inst_expose() - give a busy, created instance a vfio device on @dev
 * @inst: the instance; vdev->lock held and @inst->busy set by the caller
 * @dev: the device the vfio device hangs off (instance or mdev device)
 * @state: the instance's state once exposed
 * @why: set to the reason on failure
 *
 * The provider fills the register file under the lock; the vfio device is
 * registered without it, because vfio's open takes vfio's group lock and
 * then ours (vdsa_vfio_open_device()). Returns with the lock held.
 */
int vdsa_inst_expose(struct vdsa_inst *inst, struct device *dev,
		     enum vdsa_inst_state state, const char **why)
{
	struct vdsa_device *vdev = inst->vdev;
	struct vfio_device *vfio;
	int err;

	err = vdsa_inst_regs_bind(inst);
	if (err) {
		*why = err == -ENOMEM ? "out of memory" :
		       "the provider failed to bind the instance";
		return err;
	}
	mutex_unlock(&vdev->lock);
	vfio = vdsa_vfio_register(inst, dev);
	mutex_lock(&vdev->lock);
	if (IS_ERR(vfio)) {
		*why = "cannot register the vfio device";
		vdsa_inst_regs_unbind(inst);
		return PTR_ERR(vfio);
	}
	inst->vfio = vfio;
	inst->state = state;
	return 0;
}

/*
 * Without vdev->lock: waits until the device is closed (the close takes
 * the lock). Takes the vfio device off the instance first, so replies
 * built meanwhile no longer report it.
 */
static void vdsa_vfio_unregister(struct vdsa_inst *inst)
{
	struct vdsa_device *vdev = inst->vdev;
	struct vfio_device *vfio;

	mutex_lock(&vdev->lock);
	vfio = inst->vfio;
	inst->vfio = NULL;
	mutex_unlock(&vdev->lock);
	if (!vfio)
		return;
	vfio_unregister_group_dev(vfio);
	vfio_put_device(vfio);
}

/*
 * The provider's inst_bind/inst_unbind for @inst (vdev->lock held). The
 * WQ configurations come from the committed configuration.
 */
static int vdsa_inst_call(struct vdsa_inst *inst, bool bind)
{
	struct vdsa_device *vdev = inst->vdev;
	struct vdsa_inst_desc desc;
	int err;

	vdsa_inst_desc(inst, vdev->cfg, &desc);
	if (bind)
		err = vdev->ops->inst_bind(vdev, &desc, inst->regs);
	else
		err = vdev->ops->inst_unbind(vdev, &desc);
	if (!err)
		inst->hw_bound = bind;
	return err;
}

/* vdev->lock held: the provider fills the register file. */
int vdsa_inst_regs_bind(struct vdsa_inst *inst)
{
	int err;

	inst->regs = kzalloc(sizeof(*inst->regs), GFP_KERNEL);
	if (!inst->regs)
		return -ENOMEM;
	err = vdsa_inst_call(inst, true);
	if (err) {
		kfree(inst->regs);
		inst->regs = NULL;
	}
	return err;
}

int vdsa_inst_hw_unbind(struct vdsa_inst *inst)
{
	return inst->hw_bound ? vdsa_inst_call(inst, false) : 0;
}

/*
 * vdev->lock held: undoes vdsa_inst_regs_bind(). Its callers cannot fail
 * (a driver's remove), so a provider that cannot unbind degrades the device.
 */
void vdsa_inst_regs_unbind(struct vdsa_inst *inst)
{
	struct vdsa_device *vdev = inst->vdev;
	int err;

	if (!inst->regs)
		return;
	err = vdsa_inst_hw_unbind(inst);
	if (err)
		vdsa_device_degrade(vdev, "the provider cannot unbind instance %pUb (%d)",
				    &inst->uuid, err);
	inst->hw_bound = false;
	kfree(inst->regs);
	inst->regs = NULL;
}

static int vdsa_vfio_probe(struct device *dev)
{
	struct vdsa_inst *inst = container_of(dev, struct vdsa_inst, dev);
	struct vdsa_device *vdev = inst->vdev;
	int err;

	mutex_lock(&vdev->lock);
	/* Only vdsa_inst_vfio_set() attaches us, with the instance busy. */
	if (!inst->busy || inst->state != VDSA_INST_STATE_CREATED) {
		inst->bind_err = "instance is not ready to bind";
		err = -EBUSY;
		goto out;
	}
	err = vdsa_inst_expose(inst, dev, VDSA_INST_STATE_BOUND_VFIO,
			       &inst->bind_err);
	if (err)
		goto out;
	inst->bind_err = NULL;
out:
	mutex_unlock(&vdev->lock);
	return err;
}

/*
 * Undoes vdsa_inst_expose() for a driver's remove: called without
 * vdev->lock (the vfio device is unregistered first, which waits for its
 * user to close it); returns with the lock held and the instance created.
 */
void vdsa_inst_unexpose(struct vdsa_inst *inst)
{
	vdsa_vfio_unregister(inst);
	mutex_lock(&inst->vdev->lock);
	vdsa_inst_regs_unbind(inst);
	inst->state = VDSA_INST_STATE_CREATED;
}

static int vdsa_vfio_remove(struct device *dev)
{
	struct vdsa_inst *inst = container_of(dev, struct vdsa_inst, dev);

	vdsa_inst_unexpose(inst);
	mutex_unlock(&inst->vdev->lock);
	return 0;
}

static struct device_driver vdsa_vfio_driver = {
	.name = "vdsa_vfio",
	.bus = &vdsa_bus_type,
	.owner = THIS_MODULE,
	.probe = vdsa_vfio_probe,
	.remove = vdsa_vfio_remove,
	.suppress_bind_attrs = true,
};

int vdsa_vfio_init(void)
{
	return driver_register(&vdsa_vfio_driver);
}

void vdsa_vfio_exit(void)
{
	driver_unregister(&vdsa_vfio_driver);
}

/*
 * Attaches (@bind) or releases the vdsa_vfio driver of @inst. Called and
 * returns with vdev->lock held, but drops it meanwhile: drivers are never
 * attached or released under it (see struct vdsa_inst). The instance is
 * marked busy and referenced while the lock is dropped. Returns the
 * attach's error (inst->bind_err says why), or -ENODEV if the device went
 * away meanwhile, after which @inst must not be used.
 */
int vdsa_inst_vfio_set(struct vdsa_inst *inst, bool bind)
{
	struct vdsa_device *vdev = inst->vdev;
	int err = 0;

	/*
	 * The provider unbinds first, so that its failure leaves the binding
	 * as it was; a device going away is unbound whatever it says.
	 */
	if (!bind) {
		err = vdsa_inst_hw_unbind(inst);
		if (err && !vdev->dead) {
			inst->bind_err = "the provider failed to unbind the instance";
			return err;
		}
		err = 0;
	}
	inst->busy = true;
	get_device(&inst->dev);
	mutex_unlock(&vdev->lock);
	if (bind) {
		inst->bind_err = NULL;
		err = device_driver_attach(&vdsa_vfio_driver, &inst->dev);
		if (err && !inst->bind_err)
			inst->bind_err = "cannot attach the vdsa_vfio driver";
	} else {
		device_release_driver(&inst->dev);
	}
	mutex_lock(&vdev->lock);
	inst->busy = false;
	put_device(&inst->dev);
	return vdev->dead ? -ENODEV : err;
}
