// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa_sim: the simulated hardware behind the provider ops, with fault
 * injection (fail the Nth step) and a debugfs view of the registers so
 * tests can check that a failed commit left the hardware untouched.
 */
#include <linux/debugfs.h>
#include <linux/log2.h>
#include <linux/pci_regs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <asm/unaligned.h>

#include "vdsa_sim.h"

/* Reset values, the same the core assumes for a new device. */
static void vdsa_sim_hw_reset(struct vdsa_sim_dev *sdev)
{
	const struct vdsa_device_caps *caps = &sdev->caps;
	struct vdsa_sim_hw *hw = &sdev->hw;
	u32 i;

	memset(hw->groups, 0, caps->max_groups * sizeof(*hw->groups));
	memset(hw->wqs, 0, caps->max_wqs * sizeof(*hw->wqs));
	memset(hw->wq_enabled, 0, caps->max_wqs * sizeof(*hw->wq_enabled));
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
}

int vdsa_sim_hw_alloc(struct vdsa_sim_dev *sdev)
{
	const struct vdsa_device_caps *caps = &sdev->caps;
	struct vdsa_sim_hw *hw = &sdev->hw;

	INIT_LIST_HEAD(&hw->insts);
	hw->groups = kcalloc(caps->max_groups, sizeof(*hw->groups), GFP_KERNEL);
	hw->engine_group = kcalloc(caps->max_engines, sizeof(*hw->engine_group),
				   GFP_KERNEL);
	hw->wqs = kcalloc(caps->max_wqs, sizeof(*hw->wqs), GFP_KERNEL);
	hw->wq_enabled = kcalloc(caps->max_wqs, sizeof(*hw->wq_enabled),
				 GFP_KERNEL);
	/* On failure the device's release function frees what was allocated. */
	if (!hw->groups || !hw->engine_group || !hw->wqs || !hw->wq_enabled)
		return -ENOMEM;
	vdsa_sim_hw_reset(sdev);
	return 0;
}

static void vdsa_sim_inst_free(struct vdsa_sim_inst *si)
{
	list_del(&si->node);
	kfree(si->wq_ids);
	kfree(si);
}

void vdsa_sim_hw_free(struct vdsa_sim_dev *sdev)
{
	struct vdsa_sim_inst *si, *tmp;

	list_for_each_entry_safe(si, tmp, &sdev->hw.insts, node)
		vdsa_sim_inst_free(si);
	kfree(sdev->hw.wq_enabled);
	kfree(sdev->hw.wqs);
	kfree(sdev->hw.engine_group);
	kfree(sdev->hw.groups);
}

static struct vdsa_sim_dev *vdsa_sim_from(struct vdsa_device *vdev)
{
	return vdsa_device_priv(vdev);
}

/*
 * Every op starts here: count the step and fail it if a test asked to.
 * Once the countdown reaches the failing step, fail_count steps in a row
 * fail, so a test can fail a step and the undo steps after it.
 */
static int vdsa_sim_step(struct vdsa_sim_dev *sdev)
{
	sdev->steps++;
	if (sdev->failing) {
		sdev->failing--;
		return -EIO;
	}
	if (atomic_read(&sdev->fail_countdown) > 0 &&
	    atomic_dec_return(&sdev->fail_countdown) == 0) {
		sdev->failing = max(sdev->fail_count, 1U) - 1;
		return -EIO;
	}
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

/* Instances: every op is a step that can be made to fail, as the rest. */
static struct vdsa_sim_inst *vdsa_sim_inst_find(struct vdsa_sim_dev *sdev,
						const uuid_t *uuid)
{
	struct vdsa_sim_inst *si;

	list_for_each_entry(si, &sdev->hw.insts, node)
		if (uuid_equal(&si->uuid, uuid))
			return si;
	return NULL;
}

/* The hardware check: every WQ exists, is enabled and is nobody else's. */
static int vdsa_sim_inst_check(struct vdsa_sim_dev *sdev,
			       const struct vdsa_inst_desc *inst)
{
	struct vdsa_sim_inst *si;
	u32 i, j;

	if (!inst->n_wqs)
		return -EINVAL;
	for (i = 0; i < inst->n_wqs; i++) {
		if (inst->wq_ids[i] >= sdev->caps.max_wqs ||
		    !sdev->hw.wq_enabled[inst->wq_ids[i]])
			return -EINVAL;
		list_for_each_entry(si, &sdev->hw.insts, node)
			for (j = 0; j < si->n_wqs; j++)
				if (si->wq_ids[j] == inst->wq_ids[i])
					return -EBUSY;
	}
	return 0;
}

static int vdsa_sim_inst_create(struct vdsa_device *vdev,
				const struct vdsa_inst_desc *inst)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	struct vdsa_sim_inst *si, *pos;
	int err;

	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (!si)
		return -ENOMEM;
	si->wq_ids = kmemdup(inst->wq_ids, inst->n_wqs * sizeof(*si->wq_ids),
			     GFP_KERNEL);
	if (!si->wq_ids) {
		kfree(si);
		return -ENOMEM;
	}
	uuid_copy(&si->uuid, inst->uuid);
	si->n_wqs = inst->n_wqs;

	mutex_lock(&sdev->hw_lock);
	if (vdsa_sim_inst_find(sdev, inst->uuid))
		err = -EEXIST;
	else
		err = vdsa_sim_inst_check(sdev, inst) ?: vdsa_sim_step(sdev);
	if (!err) {
		/* Sorted by UUID, so the debugfs dump is stable. */
		list_for_each_entry(pos, &sdev->hw.insts, node)
			if (memcmp(&pos->uuid, &si->uuid, sizeof(si->uuid)) > 0)
				break;
		list_add_tail(&si->node, &pos->node);
	}
	mutex_unlock(&sdev->hw_lock);
	if (err) {
		kfree(si->wq_ids);
		kfree(si);
	}
	return err;
}

static int vdsa_sim_inst_destroy(struct vdsa_device *vdev,
				 const struct vdsa_inst_desc *inst)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	struct vdsa_sim_inst *si;
	int err;

	mutex_lock(&sdev->hw_lock);
	si = vdsa_sim_inst_find(sdev, inst->uuid);
	err = si ? vdsa_sim_step(sdev) : -ENOENT;
	if (!err)
		vdsa_sim_inst_free(si);
	mutex_unlock(&sdev->hw_lock);
	return err;
}

static void vdsa_sim_put_le32(struct vdsa_vdev_regs *regs, u32 off, u32 val)
{
	put_unaligned_le32(val, regs->bar0 + off);
}

static u32 vdsa_sim_shift(u64 val)
{
	return val ? ilog2(val) : 0;
}

/* The register file of doc/vdsa-vdev-regs.md. */
static void vdsa_sim_fill_regs(struct vdsa_sim_dev *sdev,
			       const struct vdsa_inst_desc *inst,
			       struct vdsa_vdev_regs *regs)
{
	const struct vdsa_device_caps *caps = &sdev->caps;
	u8 *cfg = regs->config;
	u32 i, total = 0, v;
	u64 cap;

	put_unaligned_le16(VDSA_SIM_PCI_VENDOR, cfg + PCI_VENDOR_ID);
	put_unaligned_le16(VDSA_SIM_PCI_DEVICE, cfg + PCI_DEVICE_ID);
	cfg[PCI_REVISION_ID] = VDSA_SIM_PCI_REVISION;
	cfg[PCI_CLASS_PROG] = 0x00;
	/* As DSA: system peripheral, other (base class 0x08, subclass 0x80). */
	put_unaligned_le16(PCI_CLASS_SYSTEM_OTHER, cfg + PCI_CLASS_DEVICE);
	cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;
	/* BAR0: 32-bit memory, unassigned. */
	put_unaligned_le32(PCI_BASE_ADDRESS_SPACE_MEMORY |
			   PCI_BASE_ADDRESS_MEM_TYPE_32, cfg + PCI_BASE_ADDRESS_0);
	put_unaligned_le16(VDSA_SIM_PCI_VENDOR, cfg + PCI_SUBSYSTEM_VENDOR_ID);
	put_unaligned_le16(VDSA_SIM_PCI_SUBSYSTEM, cfg + PCI_SUBSYSTEM_ID);
	cfg[PCI_CAPABILITY_LIST] = 0;

	vdsa_sim_put_le32(regs, VDSA_SIM_REG_VERSION, caps->version);
	cap = vdsa_sim_shift(caps->max_transfer_size) << 8 |
	      vdsa_sim_shift(caps->max_batch_size) << 16;
	if (caps->flags & VDSA_DEV_CAPS_BLOCK_ON_FAULT)
		cap |= BIT(0);
	if (caps->flags & VDSA_DEV_CAPS_ATS)
		cap |= BIT(1);
	if (caps->flags & VDSA_DEV_CAPS_SHARED_WQ)
		cap |= BIT(2);
	put_unaligned_le64(cap, regs->bar0 + VDSA_SIM_REG_GENCAP);
	for (i = 0; i < inst->n_wqs; i++)
		total += inst->wq_cfgs[i].size;
	cap = (total & 0xffff) | (u64)inst->n_wqs << 16 | BIT_ULL(49);
	if (caps->flags & VDSA_DEV_CAPS_SHARED_WQ)
		cap |= BIT_ULL(48);
	put_unaligned_le64(cap, regs->bar0 + VDSA_SIM_REG_WQCAP);
	memcpy(regs->bar0 + VDSA_SIM_REG_OPCAP, caps->op_cap,
	       sizeof(caps->op_cap));
	vdsa_sim_put_le32(regs, VDSA_SIM_REG_TABLE_OFFSET, VDSA_SIM_WQCFG_BASE);
	vdsa_sim_put_le32(regs, VDSA_SIM_REG_WQCFG_SIZE, VDSA_SIM_WQCFG_SIZE);

	for (i = 0; i < inst->n_wqs; i++) {
		const struct vdsa_wq_cfg *c = &inst->wq_cfgs[i];
		u32 base = VDSA_SIM_WQCFG_BASE + i * VDSA_SIM_WQCFG_SIZE;

		vdsa_sim_put_le32(regs, base + 0x00, c->size & 0xffff);
		vdsa_sim_put_le32(regs, base + 0x04, c->threshold & 0xffff);
		v = (c->priority & 0xf) << 4;
		if (c->mode == VDSA_WQ_MODE_DEDICATED)
			v |= BIT(0);
		if (c->block_on_fault)
			v |= BIT(1);
		if (c->ats_disable)
			v |= BIT(2);
		if (c->privileged)
			v |= BIT(29);
		vdsa_sim_put_le32(regs, base + 0x08, v);
		vdsa_sim_put_le32(regs, base + 0x0c,
				  vdsa_sim_shift(c->max_transfer_size) |
				  vdsa_sim_shift(c->max_batch_size) << 8);
		vdsa_sim_put_le32(regs, base + 0x14, 1);	/* enabled */
	}
}

static int vdsa_sim_inst_bind(struct vdsa_device *vdev,
			      const struct vdsa_inst_desc *inst,
			      struct vdsa_vdev_regs *regs)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	struct vdsa_sim_inst *si;
	int err;

	mutex_lock(&sdev->hw_lock);
	si = vdsa_sim_inst_find(sdev, inst->uuid);
	if (!si || si->bound)
		err = -EINVAL;
	else if (inst->n_wqs > VDSA_SIM_WQCFG_MAX)
		err = -E2BIG;
	else
		err = vdsa_sim_step(sdev);
	if (!err) {
		vdsa_sim_fill_regs(sdev, inst, regs);
		si->bound = true;
	}
	mutex_unlock(&sdev->hw_lock);
	return err;
}

static int vdsa_sim_inst_unbind(struct vdsa_device *vdev,
				const struct vdsa_inst_desc *inst)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	struct vdsa_sim_inst *si;
	int err;

	mutex_lock(&sdev->hw_lock);
	si = vdsa_sim_inst_find(sdev, inst->uuid);
	err = si && si->bound ? vdsa_sim_step(sdev) : -EINVAL;
	if (!err)
		si->bound = false;
	mutex_unlock(&sdev->hw_lock);
	return err;
}

/* A device reset: the hardware as vdsa_sim_hw_alloc() left it. */
static int vdsa_sim_dev_reset(struct vdsa_device *vdev)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	struct vdsa_sim_inst *si, *tmp;
	int err;

	mutex_lock(&sdev->hw_lock);
	err = vdsa_sim_step(sdev);
	if (!err) {
		list_for_each_entry_safe(si, tmp, &sdev->hw.insts, node)
			vdsa_sim_inst_free(si);
		vdsa_sim_hw_reset(sdev);
	}
	mutex_unlock(&sdev->hw_lock);
	return err;
}

/*
 * The check phase: the simulator refuses to enable the WQ named in debugfs
 * refuse_wq, as a real device refuses what its rules forbid.
 */
static int vdsa_sim_wq_check(struct vdsa_device *vdev, u32 wq,
			     const struct vdsa_wq_cfg *cfg, bool enabled,
			     struct vdsa_check_refusal *why)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);

	if (!enabled || atomic_read(&sdev->refuse_wq) != (int)wq)
		return 0;
	why->msg = "the simulated device refuses to enable this WQ (debugfs refuse_wq)";
	why->attr = VDSA_A_WQ_STATE;
	return -EOPNOTSUPP;
}

static int vdsa_sim_read_config(struct vdsa_device *vdev,
				struct vdsa_hw_config *out)
{
	struct vdsa_sim_dev *sdev = vdsa_sim_from(vdev);
	const struct vdsa_device_caps *caps = &sdev->caps;
	const struct vdsa_sim_hw *hw = &sdev->hw;
	int err;

	mutex_lock(&sdev->hw_lock);
	err = vdsa_sim_step(sdev);
	if (!err) {
		memcpy(out->groups, hw->groups,
		       caps->max_groups * sizeof(*out->groups));
		memcpy(out->engine_group, hw->engine_group,
		       caps->max_engines * sizeof(*out->engine_group));
		memcpy(out->wqs, hw->wqs, caps->max_wqs * sizeof(*out->wqs));
		memcpy(out->wq_enabled, hw->wq_enabled,
		       caps->max_wqs * sizeof(*out->wq_enabled));
	}
	mutex_unlock(&sdev->hw_lock);
	return err;
}

const struct vdsa_provider_ops vdsa_sim_ops = {
	.engine_set_group = vdsa_sim_engine_set_group,
	.group_configure = vdsa_sim_group_configure,
	.wq_configure = vdsa_sim_wq_configure,
	.wq_enable = vdsa_sim_wq_enable,
	.wq_disable = vdsa_sim_wq_disable,
	.inst_create = vdsa_sim_inst_create,
	.inst_destroy = vdsa_sim_inst_destroy,
	.inst_bind = vdsa_sim_inst_bind,
	.inst_unbind = vdsa_sim_inst_unbind,
	.dev_reset = vdsa_sim_dev_reset,
	.wq_check = vdsa_sim_wq_check,
	.read_config = vdsa_sim_read_config,
};

/* debugfs "hw": one line per object, stable for byte-wise comparison. */
static int vdsa_sim_hw_show(struct seq_file *s, void *unused)
{
	struct vdsa_sim_dev *sdev = s->private;
	const struct vdsa_sim_hw *hw = &sdev->hw;
	const struct vdsa_sim_inst *si;
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
	list_for_each_entry(si, &hw->insts, node) {
		seq_printf(s, "inst %pUb bound %d wqs", &si->uuid, si->bound);
		for (i = 0; i < si->n_wqs; i++)
			seq_printf(s, "%c%u", i ? ',' : ' ', si->wq_ids[i]);
		seq_putc(s, '\n');
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

/* How many steps in a row fail once fail_step is reached (0 acts as 1). */
static int vdsa_sim_fail_count_get(void *data, u64 *val)
{
	struct vdsa_sim_dev *sdev = data;

	mutex_lock(&sdev->hw_lock);
	*val = sdev->fail_count;
	mutex_unlock(&sdev->hw_lock);
	return 0;
}

static int vdsa_sim_fail_count_set(void *data, u64 val)
{
	struct vdsa_sim_dev *sdev = data;

	if (val > VDSA_SIM_MAX_FAIL_COUNT)
		return -EINVAL;
	mutex_lock(&sdev->hw_lock);
	sdev->fail_count = val;
	sdev->failing = 0;
	mutex_unlock(&sdev->hw_lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(vdsa_sim_fail_count_fops, vdsa_sim_fail_count_get,
			 vdsa_sim_fail_count_set, "%llu\n");

static int vdsa_sim_refuse_wq_get(void *data, u64 *val)
{
	struct vdsa_sim_dev *sdev = data;

	*val = (s64)atomic_read(&sdev->refuse_wq);
	return 0;
}

/* Writing N makes wq_check refuse to enable WQ N; -1 disarms. */
static int vdsa_sim_refuse_wq_set(void *data, u64 val)
{
	struct vdsa_sim_dev *sdev = data;
	s64 wq = (s64)val;

	if (wq < -1 || wq >= sdev->caps.max_wqs)
		return -EINVAL;
	atomic_set(&sdev->refuse_wq, wq);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(vdsa_sim_refuse_wq_fops, vdsa_sim_refuse_wq_get,
			 vdsa_sim_refuse_wq_set, "%lld\n");

/*
 * Writing N halts the enabled WQ N, as a WQ error does on hardware: the
 * simulator reports it through the core's upcall.
 */
static int vdsa_sim_halt_wq_set(void *data, u64 val)
{
	struct vdsa_sim_dev *sdev = data;
	bool enabled;

	if (val >= sdev->caps.max_wqs)
		return -EINVAL;
	mutex_lock(&sdev->hw_lock);
	enabled = sdev->hw.wq_enabled[val];
	mutex_unlock(&sdev->hw_lock);
	if (!enabled)
		return -EINVAL;
	vdsa_device_wq_halted(sdev->vdev, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(vdsa_sim_halt_wq_fops, NULL, vdsa_sim_halt_wq_set,
			 "%llu\n");

void vdsa_sim_debugfs_add(struct vdsa_sim_dev *sdev, struct dentry *root)
{
	sdev->ddir = debugfs_create_dir(dev_name(&sdev->dev), root);
	debugfs_create_file("hw", 0400, sdev->ddir, sdev, &vdsa_sim_hw_fops);
	debugfs_create_file_unsafe("steps", 0400, sdev->ddir, sdev,
				   &vdsa_sim_steps_fops);
	debugfs_create_file_unsafe("fail_step", 0600, sdev->ddir, sdev,
				   &vdsa_sim_fail_step_fops);
	debugfs_create_file_unsafe("fail_count", 0600, sdev->ddir, sdev,
				   &vdsa_sim_fail_count_fops);
	debugfs_create_file_unsafe("refuse_wq", 0600, sdev->ddir, sdev,
				   &vdsa_sim_refuse_wq_fops);
	debugfs_create_file_unsafe("halt_wq", 0200, sdev->ddir, sdev,
				   &vdsa_sim_halt_wq_fops);
	debugfs_create_file("external", 0200, sdev->ddir, sdev,
			    &vdsa_sim_external_fops);
}
