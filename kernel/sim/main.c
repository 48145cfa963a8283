// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa_sim: creates simulated DSA devices at run time, netdevsim-style.
 *
 *   echo "ID [key=value ...]" > /sys/bus/vdsa_sim/new_device
 *   echo ID > /sys/bus/vdsa_sim/del_device
 *
 * Keys (defaults are Sapphire Rapids-like): groups=4 engines=4 wqs=8
 * wq_size=128 shared=1 block_on_fault=1 ats=1 read_buffers=96
 * max_transfer=2147483648 max_batch=1024 version=0x100.
 * Device ID N appears as vdsa_simN on the bus and as dsaN in vdsa.
 */
#include <linux/debugfs.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vdsa_sim.h"

#define VDSA_SIM_MAX_OBJECTS	256
#define VDSA_SIM_MAX_WQ_SIZE	65535
/* GRPCFG's read-buffer fields are 8 bits wide. */
#define VDSA_SIM_MAX_READ_BUFFERS	255

static LIST_HEAD(vdsa_sim_devices);
/* Serialises device creation and removal, and guards the flag below. */
static DEFINE_MUTEX(vdsa_sim_lock);
/* Cleared when the module goes away: no device may be created after. */
static bool vdsa_sim_enabled;
static struct dentry *vdsa_sim_ddir;

static const u8 vdsa_sim_op_cap[VDSA_OP_CAP_LEN] = {
	/* nop..dualcast, crcgen..dif_updt, cache flush (DSA 1.0 set) */
	0xff, 0x03, 0x3f, 0x00, 0x01,
};

static void vdsa_sim_caps_default(struct vdsa_device_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->version = 0x100;
	caps->flags = VDSA_DEV_CAPS_SHARED_WQ | VDSA_DEV_CAPS_BLOCK_ON_FAULT |
		      VDSA_DEV_CAPS_ATS;
	caps->max_groups = 4;
	caps->max_engines = 4;
	caps->max_wqs = 8;
	caps->max_wq_size = 128;
	caps->max_transfer_size = 1ULL << 31;
	caps->max_batch_size = 1024;
	caps->max_read_buffers = 96;
	memcpy(caps->op_cap, vdsa_sim_op_cap, sizeof(caps->op_cap));
}

static int vdsa_sim_set_flag(struct vdsa_device_caps *caps, u32 flag,
			     const char *val)
{
	bool on;
	int err = kstrtobool(val, &on);

	if (err)
		return err;
	if (on)
		caps->flags |= flag;
	else
		caps->flags &= ~flag;
	return 0;
}

static int vdsa_sim_parse_u32(const char *val, u32 min, u32 max, u32 *ret)
{
	int err = kstrtou32(val, 0, ret);

	if (err)
		return err;
	return *ret < min || *ret > max ? -ERANGE : 0;
}

static int vdsa_sim_parse_key(struct vdsa_device_caps *caps, const char *key,
			      const char *val)
{
	int err;

	if (!strcmp(key, "groups"))
		return vdsa_sim_parse_u32(val, 1, VDSA_SIM_MAX_OBJECTS,
					  &caps->max_groups);
	if (!strcmp(key, "engines"))
		return vdsa_sim_parse_u32(val, 1, VDSA_SIM_MAX_OBJECTS,
					  &caps->max_engines);
	if (!strcmp(key, "wqs"))
		return vdsa_sim_parse_u32(val, 1, VDSA_SIM_MAX_OBJECTS,
					  &caps->max_wqs);
	if (!strcmp(key, "wq_size"))
		return vdsa_sim_parse_u32(val, 1, VDSA_SIM_MAX_WQ_SIZE,
					  &caps->max_wq_size);
	if (!strcmp(key, "read_buffers"))
		return vdsa_sim_parse_u32(val, 0, VDSA_SIM_MAX_READ_BUFFERS,
					  &caps->max_read_buffers);
	if (!strcmp(key, "version"))
		return vdsa_sim_parse_u32(val, 1, U32_MAX, &caps->version);
	if (!strcmp(key, "max_batch")) {
		err = vdsa_sim_parse_u32(val, 1, 1U << 30, &caps->max_batch_size);
		return err ?: is_power_of_2(caps->max_batch_size) ? 0 : -EINVAL;
	}
	if (!strcmp(key, "max_transfer")) {
		err = kstrtou64(val, 0, &caps->max_transfer_size);
		if (err)
			return err;
		return is_power_of_2(caps->max_transfer_size) ? 0 : -EINVAL;
	}
	if (!strcmp(key, "shared"))
		return vdsa_sim_set_flag(caps, VDSA_DEV_CAPS_SHARED_WQ, val);
	if (!strcmp(key, "block_on_fault"))
		return vdsa_sim_set_flag(caps, VDSA_DEV_CAPS_BLOCK_ON_FAULT, val);
	if (!strcmp(key, "ats"))
		return vdsa_sim_set_flag(caps, VDSA_DEV_CAPS_ATS, val);
	return -EINVAL;
}

/*
 * Parses "ID [key=value ...]"; @buf is modified. preset=1 asks for
 * hardware configured before vdsa saw it (vdsa_sim_hw_preset).
 */
static int vdsa_sim_parse(char *buf, u32 *id, struct vdsa_device_caps *caps,
			  bool *preset)
{
	char *word, *val;
	int err;

	vdsa_sim_caps_default(caps);
	*preset = false;
	word = strsep(&buf, " \t\n");
	if (!word || !*word)
		return -EINVAL;
	err = kstrtou32(word, 10, id);
	if (err)
		return err;
	while ((word = strsep(&buf, " \t\n"))) {
		if (!*word)
			continue;
		val = strchr(word, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(word, "preset"))
			err = kstrtobool(val, preset);
		else
			err = vdsa_sim_parse_key(caps, word, val);
		if (err) {
			pr_info("vdsa_sim: bad new_device key %s\n", word);
			return err;
		}
	}
	return 0;
}

static struct vdsa_sim_dev *vdsa_sim_find(u32 id)
{
	struct vdsa_sim_dev *sdev;

	list_for_each_entry(sdev, &vdsa_sim_devices, list)
		if (sdev->id == id)
			return sdev;
	return NULL;
}

static void vdsa_sim_dev_release(struct device *dev)
{
	struct vdsa_sim_dev *sdev = container_of(dev, struct vdsa_sim_dev, dev);

	vdsa_sim_hw_free(sdev);
	mutex_destroy(&sdev->hw_lock);
	kfree(sdev);
}

static struct bus_type vdsa_sim_bus;

static int vdsa_sim_dev_add(u32 id, const struct vdsa_device_caps *caps,
			    bool preset)
{
	struct vdsa_device_info info = {};
	struct vdsa_sim_dev *sdev;
	char name[16];
	int err;

	if (vdsa_sim_find(id))
		return -EEXIST;
	sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);
	if (!sdev)
		return -ENOMEM;
	sdev->id = id;
	sdev->caps = *caps;
	atomic_set(&sdev->refuse_wq, -1);
	mutex_init(&sdev->hw_lock);
	device_initialize(&sdev->dev);
	sdev->dev.bus = &vdsa_sim_bus;
	sdev->dev.release = vdsa_sim_dev_release;
	err = vdsa_sim_hw_alloc(sdev);
	if (err)
		goto err_put;
	if (preset)
		vdsa_sim_hw_preset(sdev);
	err = dev_set_name(&sdev->dev, "vdsa_sim%u", id);
	if (err)
		goto err_put;
	err = device_add(&sdev->dev);
	if (err)
		goto err_put;

	snprintf(name, sizeof(name), "dsa%u", id);
	info.parent = &sdev->dev;
	info.name = name;
	info.caps = &sdev->caps;
	info.ops = &vdsa_sim_ops;
	info.priv = sdev;
	sdev->vdev = vdsa_device_register(&info);
	if (IS_ERR(sdev->vdev)) {
		err = PTR_ERR(sdev->vdev);
		goto err_del;
	}
	vdsa_sim_debugfs_add(sdev, vdsa_sim_ddir);
	list_add_tail(&sdev->list, &vdsa_sim_devices);
	return 0;

err_del:
	device_del(&sdev->dev);
err_put:
	put_device(&sdev->dev);
	return err;
}

static void vdsa_sim_dev_del(struct vdsa_sim_dev *sdev)
{
	list_del(&sdev->list);
	debugfs_remove_recursive(sdev->ddir);
	/* An armed fault must not hit the teardown; debugfs can re-arm no more. */
	atomic_set(&sdev->fail_countdown, 0);
	vdsa_device_unregister(sdev->vdev);
	device_unregister(&sdev->dev);
}

static ssize_t new_device_store(struct bus_type *bus, const char *buf,
				size_t count)
{
	struct vdsa_device_caps caps;
	bool preset;
	char *copy;
	u32 id;
	int err;

	copy = kstrndup(buf, count, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	err = vdsa_sim_parse(copy, &id, &caps, &preset);
	kfree(copy);
	if (err)
		return err;
	mutex_lock(&vdsa_sim_lock);
	err = vdsa_sim_enabled ? vdsa_sim_dev_add(id, &caps, preset) : -ENODEV;
	mutex_unlock(&vdsa_sim_lock);
	return err ?: count;
}
static BUS_ATTR_WO(new_device);

static ssize_t del_device_store(struct bus_type *bus, const char *buf,
				size_t count)
{
	struct vdsa_sim_dev *sdev;
	u32 id;
	int err;

	err = kstrtou32(buf, 10, &id);
	if (err)
		return err;
	mutex_lock(&vdsa_sim_lock);
	sdev = vdsa_sim_find(id);
	if (sdev)
		vdsa_sim_dev_del(sdev);
	mutex_unlock(&vdsa_sim_lock);
	return sdev ? count : -ENOENT;
}
static BUS_ATTR_WO(del_device);

static struct attribute *vdsa_sim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(vdsa_sim_bus);

static struct bus_type vdsa_sim_bus = {
	.name = "vdsa_sim",
	.bus_groups = vdsa_sim_bus_groups,
};

static int __init vdsa_sim_init(void)
{
	int err;

	vdsa_sim_ddir = debugfs_create_dir("vdsa_sim", NULL);
	err = bus_register(&vdsa_sim_bus);
	if (err) {
		debugfs_remove_recursive(vdsa_sim_ddir);
		return err;
	}
	mutex_lock(&vdsa_sim_lock);
	vdsa_sim_enabled = true;
	mutex_unlock(&vdsa_sim_lock);
	return 0;
}

static void __exit vdsa_sim_exit(void)
{
	struct vdsa_sim_dev *sdev, *tmp;

	mutex_lock(&vdsa_sim_lock);
	vdsa_sim_enabled = false;
	list_for_each_entry_safe_reverse(sdev, tmp, &vdsa_sim_devices, list)
		vdsa_sim_dev_del(sdev);
	mutex_unlock(&vdsa_sim_lock);
	bus_unregister(&vdsa_sim_bus);
	debugfs_remove_recursive(vdsa_sim_ddir);
}

module_init(vdsa_sim_init);
module_exit(vdsa_sim_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vdsa_sim: simulated DSA devices for vdsa");
