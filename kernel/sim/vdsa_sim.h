/* SPDX-License-Identifier: GPL-2.0 */
/* vdsa_sim: simulated DSA devices, the first vdsa provider. */
#ifndef _VDSA_SIM_H
#define _VDSA_SIM_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <vdsa/provider.h>

/* The simulated hardware: what the provider ops write. */
struct vdsa_sim_hw {
	struct vdsa_group_cfg *groups;
	s32 *engine_group;
	struct vdsa_wq_cfg *wqs;
	bool *wq_enabled;
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
};

extern const struct vdsa_provider_ops vdsa_sim_ops;

int vdsa_sim_hw_alloc(struct vdsa_sim_dev *sdev);
void vdsa_sim_hw_free(struct vdsa_sim_dev *sdev);
void vdsa_sim_debugfs_add(struct vdsa_sim_dev *sdev, struct dentry *root);

#endif /* _VDSA_SIM_H */
