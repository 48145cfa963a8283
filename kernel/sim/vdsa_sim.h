/* SPDX-License-Identifier: GPL-2.0 */
/* vdsa_sim: simulated DSA devices, the first vdsa provider. */
#ifndef _VDSA_SIM_H
#define _VDSA_SIM_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci_ids.h>
#include <vdsa/provider.h>

/* The simulated hardware: what the provider ops write. */
struct vdsa_sim_hw {
	struct vdsa_group_cfg *groups;
	s32 *engine_group;
	struct vdsa_wq_cfg *wqs;
	bool *wq_enabled;
	struct list_head insts;	/* struct vdsa_sim_inst, sorted by UUID */
};

/* An instance the core set up over some WQs (inst_create). */
struct vdsa_sim_inst {
	struct list_head node;
	uuid_t uuid;
	u32 n_wqs;
	u32 *wq_ids;
	bool bound;		/* inst_bind filled a register file */
};

struct vdsa_sim_dev {
	struct device dev;
	struct list_head list;
	u32 id;
	struct vdsa_device_caps caps;
	struct vdsa_device *vdev;
	struct dentry *ddir;

	struct mutex hw_lock;	/* guards hw against debugfs readers */
	struct vdsa_sim_hw hw;
	u64 steps;		/* provider steps run, for tests */
	atomic_t fail_countdown;	/* the step that reaches 0 fails */
	u32 fail_count;		/* ... and this many steps in a row */
	u32 failing;		/* steps still to fail in that run */
	atomic_t refuse_wq;	/* the WQ whose enabling wq_check refuses, or -1 */
};

#define VDSA_SIM_MAX_FAIL_COUNT		1000

/*
 * The register file a guest sees (doc/vdsa-vdev-regs.md). Not DSA's
 * 8086:0b25: a guest's idxd driver would bind to this read-only emulation
 * and fail or hang. 1af4:10f0..10ff are free for experimental devices.
 */
#define VDSA_SIM_PCI_VENDOR		PCI_VENDOR_ID_REDHAT_QUMRANET
#define VDSA_SIM_PCI_DEVICE		0x10f0
#define VDSA_SIM_PCI_REVISION		0x01
#define VDSA_SIM_PCI_SUBSYSTEM		0x0001
#define VDSA_SIM_REG_VERSION		0x000
#define VDSA_SIM_REG_GENCAP		0x010
#define VDSA_SIM_REG_WQCAP		0x020
#define VDSA_SIM_REG_OPCAP		0x040
#define VDSA_SIM_REG_TABLE_OFFSET	0x060
#define VDSA_SIM_REG_WQCFG_SIZE		0x064
#define VDSA_SIM_WQCFG_BASE		0x100
#define VDSA_SIM_WQCFG_SIZE		0x20
#define VDSA_SIM_WQCFG_MAX \
	((VDSA_VDEV_BAR0_SIZE - VDSA_SIM_WQCFG_BASE) / VDSA_SIM_WQCFG_SIZE)

extern const struct vdsa_provider_ops vdsa_sim_ops;
extern const struct file_operations vdsa_sim_external_fops;

int vdsa_sim_hw_alloc(struct vdsa_sim_dev *sdev);
void vdsa_sim_hw_free(struct vdsa_sim_dev *sdev);
void vdsa_sim_hw_preset(struct vdsa_sim_dev *sdev);
void vdsa_sim_debugfs_add(struct vdsa_sim_dev *sdev, struct dentry *root);

#endif /* _VDSA_SIM_H */
