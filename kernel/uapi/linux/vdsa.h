/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * vdsa: generic netlink family for provisioning Intel DSA work queues and
 * virtual DSA instances. Documentation/netlink/specs/vdsa.yaml (in this
 * repository schemas/netlink/vdsa.yaml) describes the same family; a test
 * keeps the two in step.
 *
 * The uAPI is append-only: new attributes and commands are added at the end
 * of their enum, nothing is renumbered or removed.
 */
#ifndef _UAPI_LINUX_VDSA_H
#define _UAPI_LINUX_VDSA_H

#define VDSA_FAMILY_NAME	"vdsa"
#define VDSA_FAMILY_VERSION	1

#define VDSA_MCGRP_EVENTS	"events"

/* Limits shared by the kernel policies and user space. */
#define VDSA_WQ_PRIORITY_MIN	1
#define VDSA_WQ_PRIORITY_MAX	15
#define VDSA_WQ_NAME_MAX_LEN	127
#define VDSA_OP_CAP_LEN		32
/* A group-id of -1 means "no group" (the idxd sysfs convention). */
#define VDSA_GROUP_NONE		(-1)
#define VDSA_UUID_LEN		16
#define VDSA_INST_NAME_MAX_LEN	63

enum vdsa_wq_mode {
	VDSA_WQ_MODE_DEDICATED = 1,
	VDSA_WQ_MODE_SHARED,

	/* private: */
	__VDSA_WQ_MODE_MAX,
	VDSA_WQ_MODE_MAX = (__VDSA_WQ_MODE_MAX - 1)
};

enum vdsa_wq_type {
	VDSA_WQ_TYPE_NONE = 1,
	VDSA_WQ_TYPE_KERNEL,
	VDSA_WQ_TYPE_USER,
	VDSA_WQ_TYPE_VDSA,

	/* private: */
	__VDSA_WQ_TYPE_MAX,
	VDSA_WQ_TYPE_MAX = (__VDSA_WQ_TYPE_MAX - 1)
};

enum vdsa_wq_state {
	VDSA_WQ_STATE_DISABLED = 1,
	VDSA_WQ_STATE_ENABLED,

	/* private: */
	__VDSA_WQ_STATE_MAX,
	VDSA_WQ_STATE_MAX = (__VDSA_WQ_STATE_MAX - 1)
};

/*
 * What a WQ is doing (VDSA_A_WQ_OPER_STATE), as opposed to what it was asked
 * to be (VDSA_A_WQ_STATE, the admin state). Halted: the hardware stopped an
 * enabled WQ by itself (a WQ error); reserved for providers that report it.
 */
enum vdsa_wq_oper_state {
	VDSA_WQ_OPER_STATE_DISABLED = 1,
	VDSA_WQ_OPER_STATE_ENABLED,
	VDSA_WQ_OPER_STATE_HALTED,

	/* private: */
	__VDSA_WQ_OPER_STATE_MAX,
	VDSA_WQ_OPER_STATE_MAX = (__VDSA_WQ_OPER_STATE_MAX - 1)
};

enum vdsa_inst_state {
	VDSA_INST_STATE_CREATED = 1,
	VDSA_INST_STATE_BOUND_MDEV,
	VDSA_INST_STATE_BOUND_VFIO,

	/* private: */
	__VDSA_INST_STATE_MAX,
	VDSA_INST_STATE_MAX = (__VDSA_INST_STATE_MAX - 1)
};

enum vdsa_inst_binding {
	VDSA_INST_BINDING_MDEV = 1,
	VDSA_INST_BINDING_VFIO,

	/* private: */
	__VDSA_INST_BINDING_MAX,
	VDSA_INST_BINDING_MAX = (__VDSA_INST_BINDING_MAX - 1)
};

/*
 * A device's operational state (VDSA_A_DEV_OPER_STATE). Degraded: a failed
 * commit could not be undone, so the hardware may differ from the
 * configuration the device reports. A degraded device refuses every request
 * that configures it (EIO); dev-reset or removing the device recovers it.
 */
enum vdsa_dev_oper_state {
	VDSA_DEV_OPER_STATE_OK = 1,
	VDSA_DEV_OPER_STATE_DEGRADED,

	/* private: */
	__VDSA_DEV_OPER_STATE_MAX,
	VDSA_DEV_OPER_STATE_MAX = (__VDSA_DEV_OPER_STATE_MAX - 1)
};

/* Device capability flags (VDSA_A_DEV_CAPS). */
enum vdsa_dev_caps {
	VDSA_DEV_CAPS_SHARED_WQ = 1,
	VDSA_DEV_CAPS_BLOCK_ON_FAULT = 2,
	VDSA_DEV_CAPS_ATS = 4,
};

enum {
	VDSA_A_DEV_ID = 1,
	VDSA_A_DEV_NAME,
	VDSA_A_DEV_PARENT_BUS,
	VDSA_A_DEV_PARENT_DEV,
	VDSA_A_DEV_GENERATION,
	VDSA_A_DEV_VERSION,
	VDSA_A_DEV_CAPS,
	VDSA_A_DEV_MAX_GROUPS,
	VDSA_A_DEV_MAX_ENGINES,
	VDSA_A_DEV_MAX_WQS,
	VDSA_A_DEV_MAX_WQ_SIZE,
	VDSA_A_DEV_MAX_TRANSFER_SIZE,
	VDSA_A_DEV_MAX_BATCH_SIZE,
	VDSA_A_DEV_MAX_READ_BUFFERS,
	VDSA_A_DEV_OP_CAP,
	VDSA_A_DEV_WQ_SIZE_USED,
	VDSA_A_DEV_PAD,
	VDSA_A_DEV_GROUP,
	VDSA_A_DEV_WQ,
	VDSA_A_DEV_VALIDATE_ONLY,
	VDSA_A_DEV_ALLOW_RESTART,
	VDSA_A_DEV_OPER_STATE,
	VDSA_A_DEV_DEGRADED_REASON,

	__VDSA_A_DEV_MAX,
	VDSA_A_DEV_MAX = (__VDSA_A_DEV_MAX - 1)
};

enum {
	VDSA_A_GROUP_DEV_ID = 1,
	VDSA_A_GROUP_ID,
	VDSA_A_GROUP_ENGINES,
	VDSA_A_GROUP_READ_BUFFERS_RESERVED,
	VDSA_A_GROUP_READ_BUFFERS_ALLOWED,
	VDSA_A_GROUP_VALIDATE_ONLY,
	VDSA_A_GROUP_GENERATION,

	__VDSA_A_GROUP_MAX,
	VDSA_A_GROUP_MAX = (__VDSA_A_GROUP_MAX - 1)
};

enum {
	VDSA_A_ENGINE_DEV_ID = 1,
	VDSA_A_ENGINE_ID,
	VDSA_A_ENGINE_GROUP_ID,

	__VDSA_A_ENGINE_MAX,
	VDSA_A_ENGINE_MAX = (__VDSA_A_ENGINE_MAX - 1)
};

enum {
	VDSA_A_WQ_DEV_ID = 1,
	VDSA_A_WQ_ID,
	VDSA_A_WQ_GROUP_ID,
	VDSA_A_WQ_MODE,
	VDSA_A_WQ_SIZE,
	VDSA_A_WQ_THRESHOLD,
	VDSA_A_WQ_PRIORITY,
	VDSA_A_WQ_PRIVILEGED,
	VDSA_A_WQ_BLOCK_ON_FAULT,
	VDSA_A_WQ_TYPE,
	VDSA_A_WQ_NAME,
	VDSA_A_WQ_MAX_TRANSFER_SIZE,
	VDSA_A_WQ_MAX_BATCH_SIZE,
	VDSA_A_WQ_ATS_DISABLE,
	VDSA_A_WQ_STATE,
	VDSA_A_WQ_PAD,
	VDSA_A_WQ_GENERATION,
	VDSA_A_WQ_VALIDATE_ONLY,
	VDSA_A_WQ_INST_UUID,
	VDSA_A_WQ_OPER_STATE,

	__VDSA_A_WQ_MAX,
	VDSA_A_WQ_MAX = (__VDSA_A_WQ_MAX - 1)
};

enum {
	VDSA_A_INST_UUID = 1,
	VDSA_A_INST_DEV_ID,
	VDSA_A_INST_NAME,
	VDSA_A_INST_STATE,
	VDSA_A_INST_IN_USE,
	VDSA_A_INST_WQ_ID,
	VDSA_A_INST_WQ_COUNT,
	VDSA_A_INST_WQ_PROFILE,
	VDSA_A_INST_BINDING,
	VDSA_A_INST_PULL,
	VDSA_A_INST_SYSFS_PATH,		/* reserved: not sent */
	VDSA_A_INST_MDEV_PARENT,
	VDSA_A_INST_MDEV_TYPE,
	VDSA_A_INST_VFIO_GROUP,
	VDSA_A_INST_DEVICE_PATH,	/* reserved: not sent */
	VDSA_A_INST_GENERATION,
	VDSA_A_INST_VALIDATE_ONLY,

	__VDSA_A_INST_MAX,
	VDSA_A_INST_MAX = (__VDSA_A_INST_MAX - 1)
};

enum {
	VDSA_CMD_DEV_GET = 1,
	VDSA_CMD_DEV_ADD_NTF,
	VDSA_CMD_DEV_DEL_NTF,
	VDSA_CMD_DEV_CHANGE_NTF,
	VDSA_CMD_DEV_RESET,
	VDSA_CMD_DEV_CONFIG_SET,
	VDSA_CMD_GROUP_GET,
	VDSA_CMD_GROUP_SET,
	VDSA_CMD_ENGINE_GET,
	VDSA_CMD_WQ_GET,
	VDSA_CMD_WQ_SET,
	VDSA_CMD_WQ_CHANGE_NTF,
	VDSA_CMD_INST_GET,
	VDSA_CMD_INST_CREATE,
	VDSA_CMD_INST_DESTROY,
	VDSA_CMD_INST_BIND,
	VDSA_CMD_INST_UNBIND,
	VDSA_CMD_INST_WQ_ASSIGN,
	VDSA_CMD_INST_WQ_UNASSIGN,
	VDSA_CMD_INST_ADD_NTF,
	VDSA_CMD_INST_DEL_NTF,
	VDSA_CMD_INST_CHANGE_NTF,
	VDSA_CMD_GROUP_CHANGE_NTF,

	__VDSA_CMD_MAX,
	VDSA_CMD_MAX = (__VDSA_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_VDSA_H */
