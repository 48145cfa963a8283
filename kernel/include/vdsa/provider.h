/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vdsa provider API: how a DSA driver (the simulator today, idxd later)
 * registers devices with the vdsa core and applies configuration.
 *
 * The core owns the configuration model and all validation. A provider
 * only applies already-validated steps to its hardware, one object at a
 * time. Every step may fail; the core then undoes the steps already done
 * by issuing the inverse steps with the previous values, in reverse order.
 */
#ifndef _VDSA_PROVIDER_H
#define _VDSA_PROVIDER_H

#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/vdsa.h>

struct device;
struct vdsa_device;

struct vdsa_device_caps {
	u32 version;
	u32 flags;		/* enum vdsa_dev_caps */
	u32 max_groups;
	u32 max_engines;
	u32 max_wqs;
	u32 max_wq_size;	/* total entries shared by all WQs */
	u64 max_transfer_size;
	u32 max_batch_size;
	u32 max_read_buffers;
	u8 op_cap[VDSA_OP_CAP_LEN];
};

struct vdsa_group_cfg {
	u32 read_buffers_reserved;
	u32 read_buffers_allowed;
};

struct vdsa_wq_cfg {
	s32 group_id;		/* VDSA_GROUP_NONE when not in a group */
	u32 mode;		/* enum vdsa_wq_mode */
	u32 size;
	u32 threshold;
	u32 priority;
	u32 type;		/* enum vdsa_wq_type */
	u64 max_transfer_size;
	u32 max_batch_size;
	bool privileged;
	bool block_on_fault;
	bool ats_disable;
	char name[VDSA_WQ_NAME_MAX_LEN + 1];
};

/*
 * A vDSA instance as a provider sees it: the WQs it owns, in instance
 * order, with the configuration each has while the instance exists.
 */
struct vdsa_inst_desc {
	const uuid_t *uuid;
	u32 n_wqs;
	const u32 *wq_ids;
	const struct vdsa_wq_cfg *wq_cfgs;
};

#define VDSA_VDEV_CONFIG_SIZE	256
#define VDSA_VDEV_BAR0_SIZE	4096

/*
 * What a guest reads through the instance's vfio device: PCI config space
 * and BAR0, both read-only. The core zeroes it before inst_bind fills it.
 */
struct vdsa_vdev_regs {
	u8 config[VDSA_VDEV_CONFIG_SIZE];
	u8 bar0[VDSA_VDEV_BAR0_SIZE];
};

/*
 * Why a provider refuses a configuration in its check phase: a literal
 * message for the requester, and the WQ attribute (VDSA_A_WQ_*) it is
 * about, or 0 for the WQ as a whole.
 */
struct vdsa_check_refusal {
	const char *msg;
	int attr;
};

/*
 * The configuration a device holds, as read_config reports it: arrays of
 * the device's max_groups, max_engines and max_wqs entries, allocated by
 * the core. @engine_group holds VDSA_GROUP_NONE for an engine in no group.
 */
struct vdsa_hw_config {
	struct vdsa_group_cfg *groups;
	s32 *engine_group;
	struct vdsa_wq_cfg *wqs;
	bool *wq_enabled;
};

/**
 * struct vdsa_provider_ops - hardware steps of a configuration commit
 * @engine_set_group: move engine @engine to group @group (or VDSA_GROUP_NONE)
 * @group_configure: write the configuration of group @group
 * @wq_configure: write the configuration of the disabled WQ @wq
 * @wq_enable: enable WQ @wq, whose configuration was written before
 * @wq_disable: disable WQ @wq
 * @inst_create: set up an instance over its already enabled WQs
 * @inst_destroy: undo inst_create
 * @inst_bind: the instance is about to be exposed to a guest; fill @regs
 *	with the register file the guest sees
 * @inst_unbind: undo inst_bind
 * @dev_reset: optional; return the hardware to its reset configuration
 *	(every WQ disabled and reset, no engine in a group, group defaults,
 *	no instances). Lets dev-reset recover a degraded device.
 * @wq_check: optional; the check phase. Called for every WQ a request
 *	changes (@cfg and @enabled as they would be), after the core's own
 *	validation and before any step, validate-only requests included. A
 *	negative errno refuses the whole request with @why filled; nothing
 *	may be written to the hardware here.
 * @read_config: optional; report the configuration the hardware and the
 *	driver hold now. Called at registration (the device then starts
 *	from it instead of the reset configuration) and after the provider
 *	said the configuration changed outside vdsa. Must not write to the
 *	hardware.
 *
 * Called with the device's configuration lock held, in process context.
 * Each returns 0 or a negative errno and must leave the object unchanged on
 * failure. Any step may fail, undo steps included, as hardware can: when
 * an undo step fails the core marks the device degraded (the hardware may
 * differ from the configuration it reports) and refuses to configure it
 * until a dev_reset succeeds or the device is removed.
 */
struct vdsa_provider_ops {
	int (*engine_set_group)(struct vdsa_device *vdev, u32 engine, s32 group);
	int (*group_configure)(struct vdsa_device *vdev, u32 group,
			       const struct vdsa_group_cfg *cfg);
	int (*wq_configure)(struct vdsa_device *vdev, u32 wq,
			    const struct vdsa_wq_cfg *cfg);
	int (*wq_enable)(struct vdsa_device *vdev, u32 wq);
	int (*wq_disable)(struct vdsa_device *vdev, u32 wq);
	int (*inst_create)(struct vdsa_device *vdev,
			   const struct vdsa_inst_desc *inst);
	int (*inst_destroy)(struct vdsa_device *vdev,
			    const struct vdsa_inst_desc *inst);
	int (*inst_bind)(struct vdsa_device *vdev,
			 const struct vdsa_inst_desc *inst,
			 struct vdsa_vdev_regs *regs);
	int (*inst_unbind)(struct vdsa_device *vdev,
			   const struct vdsa_inst_desc *inst);
	int (*dev_reset)(struct vdsa_device *vdev);
	int (*wq_check)(struct vdsa_device *vdev, u32 wq,
			const struct vdsa_wq_cfg *cfg, bool enabled,
			struct vdsa_check_refusal *why);
	int (*read_config)(struct vdsa_device *vdev,
			   struct vdsa_hw_config *hw);
};

/**
 * struct vdsa_device_info - what a provider hands over at registration
 * @parent: the provider's device (its bus and name are reported to users)
 * @name: device name users know it by (e.g. "dsa0"), unique among vdsa devices
 * @caps: capabilities; the core copies them
 * @ops: hardware steps
 * @priv: provider data, returned by vdsa_device_priv()
 */
struct vdsa_device_info {
	struct device *parent;
	const char *name;
	const struct vdsa_device_caps *caps;
	const struct vdsa_provider_ops *ops;
	void *priv;
};

/*
 * Registers a device. Its configuration is what read_config reports, or,
 * without that op, the reset configuration (every WQ disabled, no group
 * members). Returns the device or an ERR_PTR.
 */
struct vdsa_device *vdsa_device_register(const struct vdsa_device_info *info);

/*
 * Removes the device: waits for requests in flight, disables its enabled
 * WQs through the provider ops, notifies listeners. No op is called after
 * this returns.
 */
void vdsa_device_unregister(struct vdsa_device *vdev);

void *vdsa_device_priv(const struct vdsa_device *vdev);

/*
 * Upcall: the hardware stopped the enabled WQ @wq by itself (a WQ error).
 * Callable from any context, device and provider locks held included: it
 * only queues work, which marks the WQ halted (its operational state; its
 * admin state stays enabled) and announces it. Disabling the WQ clears
 * it. Not to be called once vdsa_device_unregister() has returned.
 */
void vdsa_device_wq_halted(struct vdsa_device *vdev, u32 wq);

/*
 * Upcall: the configuration changed outside vdsa (a write through the
 * driver's own interface, a driver bound or unbound, a reset the hardware
 * did by itself). Callable from any context, as vdsa_device_wq_halted().
 * The core's work reads it again with read_config, takes it as the
 * device's configuration and announces what differs; a WQ of a vDSA
 * instance that changed, or a read that fails, leaves the device degraded.
 */
void vdsa_device_config_changed(struct vdsa_device *vdev);

#endif /* _VDSA_PROVIDER_H */
