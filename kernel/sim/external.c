// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa_sim: changes made outside vdsa, as idxd's own sysfs files and
 * driver binds make them on real hardware. They change the simulated
 * hardware directly and tell the core, which reads the configuration back.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vdsa_sim.h"

/* What a device configured before vdsa loaded holds: one running WQ. */
void vdsa_sim_hw_preset(struct vdsa_sim_dev *sdev)
{
	struct vdsa_sim_hw *hw = &sdev->hw;
	struct vdsa_wq_cfg *wq = &hw->wqs[0];

	hw->engine_group[0] = 0;
	wq->group_id = 0;
	wq->size = min(8U, sdev->caps.max_wq_size);
	wq->priority = 10;
	wq->type = VDSA_WQ_TYPE_USER;
	strscpy(wq->name, "preset", sizeof(wq->name));
	hw->wq_enabled[0] = true;
}

static int vdsa_sim_external_wq(struct vdsa_sim_dev *sdev, u32 id,
				const char *field, s64 val)
{
	struct vdsa_wq_cfg *wq;
	bool *enabled;

	if (id >= sdev->caps.max_wqs)
		return -EINVAL;
	wq = &sdev->hw.wqs[id];
	enabled = &sdev->hw.wq_enabled[id];
	if (!strcmp(field, "enabled")) {
		*enabled = val;
		return 0;
	}
	/* As idxd's sysfs: settings of an enabled WQ stay as they are. */
	if (*enabled)
		return -EBUSY;
	if (!strcmp(field, "priority") && val >= VDSA_WQ_PRIORITY_MIN &&
	    val <= VDSA_WQ_PRIORITY_MAX)
		wq->priority = val;
	else if (!strcmp(field, "size") && val >= 0 &&
		 val <= sdev->caps.max_wq_size)
		wq->size = val;
	else if (!strcmp(field, "group") && val >= VDSA_GROUP_NONE &&
		 val < (s64)sdev->caps.max_groups)
		wq->group_id = val;
	else
		return -EINVAL;
	return 0;
}

static int vdsa_sim_external_apply(struct vdsa_sim_dev *sdev, const char *kind,
				   u32 id, const char *field, s64 val)
{
	struct vdsa_sim_hw *hw = &sdev->hw;

	if (!strcmp(kind, "wq"))
		return vdsa_sim_external_wq(sdev, id, field, val);
	if (!strcmp(kind, "engine") && !strcmp(field, "group") &&
	    id < sdev->caps.max_engines && val >= VDSA_GROUP_NONE &&
	    val < (s64)sdev->caps.max_groups) {
		hw->engine_group[id] = val;
		return 0;
	}
	if (!strcmp(kind, "group") && id < sdev->caps.max_groups &&
	    !strcmp(field, "read_buffers_allowed") && val >= 0 &&
	    val <= sdev->caps.max_read_buffers) {
		hw->groups[id].read_buffers_allowed = val;
		return 0;
	}
	return -EINVAL;
}

/*
 * debugfs "external": "wq ID enabled|priority|size|group VALUE",
 * "engine ID group GROUP" or "group ID read_buffers_allowed N".
 */
static ssize_t vdsa_sim_external_write(struct file *file,
				       const char __user *ubuf, size_t len,
				       loff_t *ppos)
{
	struct vdsa_sim_dev *sdev = file->private_data;
	char buf[80], kind[8], field[24];
	long long val;
	u32 id;
	int err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%7s %u %23s %lld", kind, &id, field, &val) != 4)
		return -EINVAL;
	mutex_lock(&sdev->hw_lock);
	err = vdsa_sim_external_apply(sdev, kind, id, field, val);
	mutex_unlock(&sdev->hw_lock);
	if (err)
		return err;
	vdsa_device_config_changed(sdev->vdev);
	return len;
}

const struct file_operations vdsa_sim_external_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vdsa_sim_external_write,
	.llseek = no_llseek,
};
