// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa_sim: the simulated hardware behind the provider ops, with fault
 * injection (fail the Nth step) and a debugfs view of the registers so
 * tests can check that a failed commit left the hardware untouched.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "vdsa_sim.h"

int vdsa_sim_hw_alloc(struct vdsa_sim_dev *sdev)
{
	const struct vdsa_device_caps *caps = &sdev->caps;
	struct vdsa_sim_hw *hw = &sdev->hw;
	u32 i;

	hw->groups = kcalloc(caps->max_groups, sizeof(*hw->groups), GFP_KERNEL);
	hw->engine_group = kcalloc(caps->max_engines, sizeof(*hw->engine_group),
				   GFP_KERNEL);
	hw->wqs = kcalloc(caps->max_wqs, sizeof(*hw->wqs), GFP_KERNEL);
	hw->wq_enabled = kcalloc(caps->max_wqs, sizeof(*hw->wq_enabled),
				 GFP_KERNEL);
	/* On failure the device's release function frees what was allocated. */
	if (!hw->groups || !hw->engine_group || !hw->wqs || !hw->wq_enabled)
		return -ENOMEM;
	/* Reset values, the same the core assumes for a new device. */
	for (i = 0; i < caps->max_groups; i++)
		hw->groups[i].read_buffers_allowed = caps->max_read_buffers;
	for (i = 0; i < caps->max_engines; i++)
		hw->engine_group[i] = VDSA_GROUP_NONE;
	for (i = 0; i < caps->max_wqs; i++) {
		hw->wqs[i].group_id = VDSA_GROUP_NONE;
		hw->wqs[i].mode = VDSA_WQ_MODE_DEDICATED;
		hw->wqs[i].priority = VDSA_WQ_PRIORITY_MIN;
		hw->wqs[i].type = VDSA_WQ_TYPE_NONE;
		hw->wqs[i].max_transfer_size = caps->max_transfer_size;
		hw->wqs[i].max_batch_size = caps->max_batch_size;
	}
	return 0;
}

void vdsa_sim_hw_free(struct vdsa_sim_dev *sdev)
{
	kfree(sdev->hw.wq_enabled);
	kfree(sdev->hw.wqs);
	kfree(sdev->hw.engine_group);
	kfree(sdev->hw.groups);
}

static struct vdsa_sim_dev *vdsa_sim_from(struct vdsa_device *vdev)
{
	return vdsa_device_priv(vdev);
}

/* Every op starts here: count the step and fail it if a test asked to. */
static int vdsa_sim_step(struct vdsa_sim_dev *sdev)
{
	sdev->steps++;
	if (atomic_read(&sdev->fail_countdown) > 0 &&
	    atomic_dec_return(&sdev->fail_countdown) == 0)
		return -EIO;
	return 0;
}

static int vdsa_sim_engine_set_group(struct vdsa_device *vdev, u32 engine,
				     s32 group)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	int err;

	mutex_lock(&sdev->hw_lock);
	err = vdsa_sim_step(sdev);
	if (!err)
		sdev->hw.engine_group[engine] = group;
	mutex_unlock(&sdev->hw_lock);
	return err;
}

static int vdsa_sim_group_configure(struct vdsa_device *vdev, u32 group,
				    const struct vdsa_group_cfg *cfg)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	int err;

	mutex_lock(&sdev->hw_lock);
	err = vdsa_sim_step(sdev);
	if (!err)
		sdev->hw.groups[group] = *cfg;
	mutex_unlock(&sdev->hw_lock);
	return err;
}

static int vdsa_sim_wq_configure(struct vdsa_device *vdev, u32 wq,
				 const struct vdsa_wq_cfg *cfg)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	int err;

	mutex_lock(&sdev->hw_lock);
	/* Like the hardware, refuse to rewrite the WQCFG of an enabled WQ. */
	err = sdev->hw.wq_enabled[wq] ? -EBUSY : vdsa_sim_step(sdev);
	if (!err)
		sdev->hw.wqs[wq] = *cfg;
	mutex_unlock(&sdev->hw_lock);
	return err;
}

static int vdsa_sim_wq_set_enabled(struct vdsa_device *vdev, u32 wq,
				   bool enable)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	int err;

	mutex_lock(&sdev->hw_lock);
	err = sdev->hw.wq_enabled[wq] == enable ? -EINVAL : vdsa_sim_step(sdev);
	if (!err)
		sdev->hw.wq_enabled[wq] = enable;
	mutex_unlock(&sdev->hw_lock);
	return err;
}

static int vdsa_sim_wq_enable(struct vdsa_device *vdev, u32 wq)
{
	return vdsa_sim_wq_set_enabled(vdev, wq, true);
}

static int vdsa_sim_wq_disable(struct vdsa_device *vdev, u32 wq)
{
	return vdsa_sim_wq_set_enabled(vdev, wq, false);
}

const struct vdsa_provider_ops vdsa_sim_ops = {
	.engine_set_group = vdsa_sim_engine_set_group,
	.group_configure = vdsa_sim_group_configure,
	.wq_configure = vdsa_sim_wq_configure,
	.wq_enable = vdsa_sim_wq_enable,
	.wq_disable = vdsa_sim_wq_disable,
};

/* debugfs "hw": one line per object, stable for byte-wise comparison. */
static int vdsa_sim_hw_show(struct seq_file *s, void *unused)
{
	struct vdsa_sim_dev *sdev = s->private;
	const struct vdsa_sim_hw *hw = &sdev->hw;
	u32 i;

	mutex_lock(&sdev->hw_lock);
	for (i = 0; i < sdev->caps.max_groups; i++)
		seq_printf(s, "group %u read_buffers_reserved %u read_buffers_allowed %u\n",
			   i, hw->groups[i].read_buffers_reserved,
			   hw->groups[i].read_buffers_allowed);
	for (i = 0; i < sdev->caps.max_engines; i++)
		seq_printf(s, "engine %u group %d\n", i, hw->engine_group[i]);
	for (i = 0; i < sdev->caps.max_wqs; i++) {
		const struct vdsa_wq_cfg *c = &hw->wqs[i];

		seq_printf(s, "wq %u enabled %d group %d mode %u size %u threshold %u priority %u privileged %d block_on_fault %d type %u max_transfer_size %llu max_batch_size %u ats_disable %d name '%s'\n",
			   i, hw->wq_enabled[i], c->group_id, c->mode, c->size,
			   c->threshold, c->priority, c->privileged,
			   c->block_on_fault, c->type, c->max_transfer_size,
			   c->max_batch_size, c->ats_disable, c->name);
	}
	mutex_unlock(&sdev->hw_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vdsa_sim_hw);

static int vdsa_sim_steps_get(void *data, u64 *val)
{
	struct vdsa_sim_dev *sdev = data;

	mutex_lock(&sdev->hw_lock);
	*val = sdev->steps;
	mutex_unlock(&sdev->hw_lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(vdsa_sim_steps_fops, vdsa_sim_steps_get, NULL,
			 "%llu\n");

static int vdsa_sim_fail_step_get(void *data, u64 *val)
{
	struct vdsa_sim_dev *sdev = data;

	*val = atomic_read(&sdev->fail_countdown);
	return 0;
}

/* Writing N makes the Nth provider step from now fail with -EIO; 0 disarms. */
static int vdsa_sim_fail_step_set(void *data, u64 val)
{
	struct vdsa_sim_dev *sdev = data;

	if (val > INT_MAX)
		return -EINVAL;
	atomic_set(&sdev->fail_countdown, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(vdsa_sim_fail_step_fops, vdsa_sim_fail_step_get,
			 vdsa_sim_fail_step_set, "%llu\n");

void vdsa_sim_debugfs_add(struct vdsa_sim_dev *sdev, struct dentry *root)
{
	sdev->ddir = debugfs_create_dir(dev_name(&sdev->dev), root);
	debugfs_create_file("hw", 0400, sdev->ddir, sdev, &vdsa_sim_hw_fops);
	debugfs_create_file_unsafe("steps", 0400, sdev->ddir, sdev,
				   &vdsa_sim_steps_fops);
	debugfs_create_file_unsafe("fail_step", 0600, sdev->ddir, sdev,
				   &vdsa_sim_fail_step_fops);
}
