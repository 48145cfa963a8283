// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: changing vDSA instances. Everything is one netlink request,
 * except the mdev binding: Linux 6.1 lets no driver create an mdev from
 * the kernel, so the library writes the instance's UUID to the mdev type's
 * create file (bind) and 1 to the mdev's remove file (unbind), and turns
 * the write's errno into a sentence kept as the context's last error.
 *
 * A create that binds to mdev is two steps: inst-create, then the mdev
 * create. If the second fails, the instance is destroyed again, so that
 * nothing is left of a failed create.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libvdsa-private.h"

#define SUBMIT_FLAGS ((unsigned int)VDSA_SUBMIT_VALIDATE_ONLY)

struct vdsa_inst_req {
	struct vdsa_ctx *ctx;
	uint32_t dev_id;
	bool has_uuid;
	uint8_t uuid[VDSA_UUID_LEN];
	char *name;
	uint32_t *wqs;
	size_t n_wqs;
	uint32_t wq_count;
	uint32_t binding;
	struct vdsa_wq_req *profile;
};

/* ---- messages ---------------------------------------------------------------- */

struct inst_reply {
	struct vdsa_inst inst;
	bool received;
	bool answered; /* a reply came, parsed or not: the kernel did it */
};

static int inst_reply(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct inst_reply *reply = arg;

	(void)ctx;
	reply->answered = true;
	if (reply->received)
		return -EPROTO;
	reply->received = true;
	return vdsa_inst_parse(nlh, &reply->inst);
}

/*
 * Sends @m (freed here) and parses the one instance the kernel answers
 * with into @reply (when it sends one).
 */
static int inst_transact(struct vdsa_ctx *ctx, struct vdsa_msg *m, struct inst_reply *reply)
{
	int r;

	if (m->err) {
		r = m->err;
		vdsa_msg_free(m);
		return r;
	}
	r = vdsa_nl_transact(ctx, m, inst_reply, reply);
	vdsa_msg_free(m);
	if (r < 0 && reply->received) {
		vdsa_inst_release(&reply->inst);
		reply->received = false;
	}
	return r;
}

/* A request about one existing instance: its UUID, and the flag. */
static int inst_msg(struct vdsa_inst *inst, uint8_t cmd, unsigned int flags, struct vdsa_msg **ret)
{
	struct vdsa_msg *m;
	int family, r;

	family = vdsa_nl_family(inst->ctx);
	if (family < 0)
		return family;
	r = vdsa_msg_new(family, cmd, 0, &vdsa_attrs_inst, 512, &m);
	if (r < 0)
		return r;
	vdsa_msg_put_binary(m, VDSA_A_INST_UUID, inst->uuid, VDSA_UUID_LEN);
	if (flags & VDSA_SUBMIT_VALIDATE_ONLY)
		vdsa_msg_put_flag(m, VDSA_A_INST_VALIDATE_ONLY);
	*ret = m;
	return 0;
}

/* Sends @m about @inst; unless @validate_only, @inst takes the reply. */
static int inst_change(struct vdsa_inst *inst, struct vdsa_msg *m, bool validate_only)
{
	struct inst_reply reply = { 0 };
	const char *attr;
	int r;

	r = inst_transact(inst->ctx, m, &reply);
	/* The kernel's "no such instance" blames the uuid (not, say, a wq-id). */
	attr = inst->ctx->last_error_attr;
	if (r == -ENOENT && attr && !strcmp(attr, "uuid")) {
		inst->gone = true;
		return -ENODEV;
	}
	if (r < 0)
		return r;
	if (reply.received) {
		if (!validate_only)
			vdsa_inst_take(inst, &reply.inst);
		vdsa_inst_release(&reply.inst);
	}
	return 0;
}

/**
 * vdsa_inst_reread - read one instance from the kernel again
 * @inst: the instance
 *
 * Updates the instance in place. An instance the kernel no longer has is
 * marked gone (the iterators and vdsa_inst_find() skip it from then on).
 *
 * Since: 1.1
 *
 * Returns: 0, -ENODEV if the instance is gone, or another negative errno.
 */
VDSA_EXPORT int vdsa_inst_reread(struct vdsa_inst *inst)
{
	struct vdsa_msg *m;
	int r;

	if (!inst)
		return -EINVAL;
	vdsa_ctx_clear_error(inst->ctx);
	r = inst_msg(inst, VDSA_CMD_INST_GET, 0, &m);
	if (r < 0)
		return r;
	/* inst_change() marks an instance the kernel does not know gone. */
	return inst_change(inst, m, false);
}

/* ---- sysfs: the mdev half of a binding ------------------------------------------- */

/* Sets the context's last error to a formatted sentence. */
static void set_error(struct vdsa_ctx *ctx, const char *fmt, ...) VDSA_PRINTF(2, 3);
static void set_error(struct vdsa_ctx *ctx, const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	vdsa_ctx_set_error(ctx, msg, NULL);
}

enum mdev_op {
	MDEV_CREATE,
	MDEV_REMOVE,
};

/* Writes @value to @path; the errno comes back negative, explained. */
static int sysfs_write(struct vdsa_inst *inst, enum mdev_op op, const char *path, const char *value)
{
	struct vdsa_ctx *ctx = inst->ctx;
	ssize_t n = -1;
	int fd, err;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = write(fd, value, strlen(value));
		err = n < 0 ? errno : 0;
		if (close(fd) < 0 && !err)
			err = errno;
	} else {
		err = errno;
	}
	if (!err)
		return 0;
	vdsa_dbg(ctx, "writing %s to %s: %s", value, path, strerror(err));
	switch (err) {
	case ENOENT:
		if (op == MDEV_CREATE)
			set_error(ctx,
				  "%s does not exist: the device has no mdev type %s "
				  "(is the mdev module loaded?)",
				  path, inst->mdev_type);
		else
			set_error(ctx, "%s does not exist: instance %s has no mdev", path,
				  inst->uuid_str);
		break;
	case EACCES:
	case EPERM:
		set_error(ctx, "writing to %s is not permitted", path);
		break;
	case EEXIST:
		set_error(ctx, "an mdev with UUID %s already exists", inst->uuid_str);
		break;
	case ENOSPC:
	case EUSERS:
	case EDQUOT:
		set_error(ctx,
			  "mdev type %s has no instance available for %s "
			  "(only created, unbound instances can be bound)",
			  inst->mdev_type, inst->uuid_str);
		break;
	case EBUSY:
		set_error(ctx, "instance %s is busy (bound elsewhere, or open)", inst->uuid_str);
		break;
	case ENODEV:
		if (op == MDEV_CREATE)
			set_error(ctx,
				  "mdev parent %s has no instance %s (destroyed meanwhile?), "
				  "or is going away",
				  inst->mdev_parent, inst->uuid_str);
		else
			set_error(ctx, "mdev %s is already gone, or its parent is going away",
				  inst->uuid_str);
		break;
	case EAGAIN:
		set_error(ctx, "a removal of mdev %s is already running", inst->uuid_str);
		break;
	case EISDIR:
		set_error(ctx, "%s is a directory, not an mdev %s file", path,
			  op == MDEV_CREATE ? "create" : "remove");
		break;
	default:
		set_error(ctx, "writing %s to %s failed: %s", op == MDEV_CREATE ? "the UUID" : "1",
			  path, strerror(err));
		break;
	}
	return -err;
}

static int create_path(struct vdsa_inst *inst, char **ret)
{
	if (!inst->mdev_parent || !inst->mdev_type) {
		set_error(inst->ctx, "the device of instance %s has no mdev parent",
			  inst->uuid_str);
		return -EOPNOTSUPP;
	}
	if (asprintf(ret, "%s/class/mdev_bus/%s/mdev_supported_types/%s/create",
		     inst->ctx->sysfs_root, inst->mdev_parent, inst->mdev_type) < 0)
		return -ENOMEM;
	return 0;
}

static int remove_path(struct vdsa_inst *inst, char **ret)
{
	if (asprintf(ret, "%s/bus/mdev/devices/%s/remove", inst->ctx->sysfs_root, inst->uuid_str) <
	    0)
		return -ENOMEM;
	return 0;
}

/* Binds @inst to mdev: its UUID into the type's create file. */
static int mdev_create(struct vdsa_inst *inst, bool validate_only)
{
	char *path = NULL;
	int r;

	vdsa_ctx_clear_error(inst->ctx);
	r = create_path(inst, &path);
	if (r < 0)
		return r;
	if (validate_only) {
		/* Checks what can be checked without creating anything. */
		if (access(path, F_OK) < 0) {
			r = -errno;
			set_error(inst->ctx, "%s does not exist: the device has no mdev type %s",
				  path, inst->mdev_type);
		} else if (inst->state != VDSA_INST_CREATED) {
			r = -EBUSY;
			set_error(inst->ctx, "instance %s is already %s", inst->uuid_str,
				  vdsa_inst_state_name(inst->state) ?: "bound");
		}
	} else {
		r = sysfs_write(inst, MDEV_CREATE, path, inst->uuid_str);
	}
	free(path);
	return r;
}

/* Whether an mdev of @inst's UUID exists. */
static bool mdev_exists(struct vdsa_inst *inst)
{
	char *path = NULL;
	bool exists;

	if (asprintf(&path, "%s/bus/mdev/devices/%s", inst->ctx->sysfs_root, inst->uuid_str) < 0)
		return false;
	exists = access(path, F_OK) == 0;
	free(path);
	return exists;
}

/* ---- creating ---------------------------------------------------------------------- */

/**
 * vdsa_inst_req_new - start a request that creates a vDSA instance
 * @dev: the device (only its id is kept)
 * @ret: the request
 *
 * Without vdsa_inst_req_add_wq() or vdsa_inst_req_set_wq_count(), the
 * kernel is asked for one WQ of the default profile.
 *
 * Since: 1.1
 *
 * Returns: 0, -EINVAL or -ENOMEM.
 */
VDSA_EXPORT int vdsa_inst_req_new(struct vdsa_dev *dev, struct vdsa_inst_req **ret)
{
	struct vdsa_inst_req *req;

	if (!dev || !ret)
		return -EINVAL;
	req = calloc(1, sizeof(*req));
	if (!req)
		return -ENOMEM;
	req->ctx = vdsa_ctx_ref(dev->ctx);
	req->dev_id = dev->id;
	if (vdsa_wq_req_alloc(NULL, dev->id, 0, dev->max_transfer_size, dev->max_batch_size,
			      &req->profile) < 0) {
		vdsa_ctx_unref(req->ctx);
		free(req);
		return -ENOMEM;
	}
	req->profile->ctx = req->ctx; /* borrowed: the owner holds the reference */
	req->profile->inst_owner = req;
	*ret = req;
	return 0;
}

/**
 * vdsa_inst_req_unref - free an instance request and its profile
 * @req: the request, or NULL
 *
 * Since: 1.1
 *
 * Returns: NULL.
 */
VDSA_EXPORT struct vdsa_inst_req *vdsa_inst_req_unref(struct vdsa_inst_req *req)
{
	if (!req)
		return NULL;
	req->profile->ctx = NULL;
	vdsa_wq_req_free(req->profile);
	free(req->name);
	free(req->wqs);
	vdsa_ctx_unref(req->ctx);
	free(req);
	return NULL;
}

/**
 * vdsa_inst_req_set_uuid - the new instance's UUID
 * @req: the request
 * @uuid: the UUID; without one the kernel generates it
 *
 * Since: 1.1
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_inst_req_set_uuid(struct vdsa_inst_req *req, const uuid_t uuid)
{
	if (!req || !uuid)
		return -EINVAL;
	memcpy(req->uuid, uuid, VDSA_UUID_LEN);
	req->has_uuid = true;
	return 0;
}

/**
 * vdsa_inst_req_set_name - the new instance's free-form name
 * @req: the request
 * @name: up to 63 bytes
 *
 * Since: 1.1
 *
 * Returns: 0, -EINVAL (NULL or too long) or -ENOMEM.
 */
VDSA_EXPORT int vdsa_inst_req_set_name(struct vdsa_inst_req *req, const char *name)
{
	char *copy;

	if (!req || !name || strlen(name) > VDSA_INST_NAME_MAX_LEN)
		return -EINVAL;
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	free(req->name);
	req->name = copy;
	return 0;
}

/**
 * vdsa_inst_req_add_wq - take over an existing configured WQ
 * @req: the request
 * @wq_id: the WQ's id on the request's device
 *
 * Since: 1.1
 *
 * Returns: 0, -EINVAL or -ENOMEM.
 */
VDSA_EXPORT int vdsa_inst_req_add_wq(struct vdsa_inst_req *req, uint32_t wq_id)
{
	uint32_t *p;

	if (!req)
		return -EINVAL;
	p = realloc(req->wqs, (req->n_wqs + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	req->wqs = p;
	req->wqs[req->n_wqs++] = wq_id;
	return 0;
}

/**
 * vdsa_inst_req_set_wq_count - allocate this many free WQs with the profile
 * @req: the request
 * @count: at least 1
 *
 * Since: 1.1
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_inst_req_set_wq_count(struct vdsa_inst_req *req, uint32_t count)
{
	if (!req || !count)
		return -EINVAL;
	req->wq_count = count;
	return 0;
}

/**
 * vdsa_inst_req_get_profile - the profile of the WQs to allocate
 * @req: the request
 * @ret: a WQ request owned by @req; its setters describe the profile
 *
 * Fields left unset take the kernel's default profile: dedicated, size 16,
 * priority 10, the lowest group with an engine. Type and state are the
 * kernel's to choose (vdsa, enabled): setting them makes the kernel
 * refuse the request.
 *
 * Since: 1.1
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_inst_req_get_profile(struct vdsa_inst_req *req, struct vdsa_wq_req **ret)
{
	if (!req || !ret)
		return -EINVAL;
	*ret = req->profile;
	return 0;
}

/**
 * vdsa_inst_req_set_binding - bind the new instance at once
 * @req: the request
 * @binding: VDSA_BIND_VFIO (in the same kernel commit) or VDSA_BIND_MDEV
 *           (the library creates the mdev after the instance, and destroys
 *           the instance again if that fails)
 *
 * Since: 1.1
 *
 * Returns: 0 or -EINVAL.
 */
VDSA_EXPORT int vdsa_inst_req_set_binding(struct vdsa_inst_req *req, enum vdsa_inst_binding binding)
{
	if (!req || (binding != VDSA_BIND_MDEV && binding != VDSA_BIND_VFIO))
		return -EINVAL;
	req->binding = binding;
	return 0;
}

static int create_build(struct vdsa_inst_req *req, int family, unsigned int flags,
			struct vdsa_msg **ret)
{
	struct vdsa_msg *m;
	size_t i;
	int r;

	r = vdsa_msg_new(family, VDSA_CMD_INST_CREATE, 0, &vdsa_attrs_inst,
			 512 + 8 * req->n_wqs + VDSA_WQ_NAME_MAX_LEN + VDSA_INST_NAME_MAX_LEN, &m);
	if (r < 0)
		return r;
	vdsa_msg_put_u32(m, VDSA_A_INST_DEV_ID, req->dev_id);
	if (req->has_uuid)
		vdsa_msg_put_binary(m, VDSA_A_INST_UUID, req->uuid, VDSA_UUID_LEN);
	if (req->name)
		vdsa_msg_put_string(m, VDSA_A_INST_NAME, req->name);
	for (i = 0; i < req->n_wqs; i++)
		vdsa_msg_put_u32(m, VDSA_A_INST_WQ_ID, req->wqs[i]);
	if (req->wq_count)
		vdsa_msg_put_u32(m, VDSA_A_INST_WQ_COUNT, req->wq_count);
	else if (!req->n_wqs && req->profile->set)
		vdsa_msg_put_u32(m, VDSA_A_INST_WQ_COUNT, 1);
	if (req->profile->set) {
		vdsa_msg_nest_start(m, VDSA_A_INST_WQ_PROFILE);
		vdsa_wq_req_put_set(req->profile, m);
		vdsa_msg_nest_end(m);
	}
	/* mdev is bound by the library, after the kernel's commit. */
	if (req->binding == VDSA_BIND_VFIO)
		vdsa_msg_put_u32(m, VDSA_A_INST_BINDING, VDSA_INST_BINDING_VFIO);
	if (flags & VDSA_SUBMIT_VALIDATE_ONLY)
		vdsa_msg_put_flag(m, VDSA_A_INST_VALIDATE_ONLY);
	*ret = m;
	return 0;
}

/* Destroys @inst after a failed mdev step; the mdev step's error stays. */
static void undo_create(struct vdsa_inst *inst)
{
	struct vdsa_ctx *ctx = inst->ctx;
	struct vdsa_msg *m;
	char *msg, *attr;
	int r;

	vdsa_ctx_take_error(ctx, &msg, &attr);
	r = inst_msg(inst, VDSA_CMD_INST_DESTROY, 0, &m);
	if (!r)
		r = inst_change(inst, m, true);
	if (!r) {
		inst->gone = true;
		vdsa_ctx_set_error(ctx, msg, attr);
		return;
	}
	free(attr);
	vdsa_err(ctx, "destroying instance %s after a failed mdev create: %d", inst->uuid_str, r);
	set_error(ctx, "%s; destroying the instance again failed too (%s): destroy %s by hand",
		  msg ? msg : "the mdev create failed", strerror(-r), inst->uuid_str);
	free(msg);
}

/*
 * The kernel created the instance but the library cannot take it (a reply
 * it could not read, no memory): destroy it by its UUID (the reply's, else
 * the request's), so a failed create leaves nothing behind.
 */
static int undo_untaken_create(struct vdsa_inst_req *req, const struct inst_reply *reply, int err)
{
	struct vdsa_inst tmp = { .ctx = req->ctx };

	if (reply->received)
		memcpy(tmp.uuid, reply->inst.uuid, VDSA_UUID_LEN);
	else if (req->has_uuid)
		memcpy(tmp.uuid, req->uuid, VDSA_UUID_LEN);
	else {
		set_error(req->ctx,
			  "the kernel created the instance, but reading its reply failed (%s); "
			  "find it with vdsa_inst_foreach() after a refresh",
			  strerror(-err));
		return err;
	}
	uuid_unparse_lower(tmp.uuid, tmp.uuid_str);
	set_error(req->ctx, "%s the kernel's reply to the create failed (%s)",
		  reply->received ? "keeping" : "reading", strerror(-err));
	undo_create(&tmp);
	return err;
}

/**
 * vdsa_inst_req_submit - create the instance
 * @req: the request
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY (the kernel validates everything,
 *         and for an mdev binding the library checks the mdev type's create
 *         file; nothing is created)
 * @ret: the new instance (added to the snapshot), or NULL if not wanted;
 *       untouched with VDSA_SUBMIT_VALIDATE_ONLY
 *
 * One inst-create: the WQs are reserved, configured and enabled, the
 * instance created and, with VDSA_BIND_VFIO, bound, in one commit. With
 * VDSA_BIND_MDEV the library then writes the UUID to the mdev type's
 * create file; if that fails, the instance is destroyed again and the
 * mdev's error is returned, explained by vdsa_ctx_get_last_error(). The
 * device's WQs in the snapshot are not updated: refresh to see them.
 *
 * Since: 1.1
 *
 * Returns: 0 or a negative errno: the kernel's (-EEXIST for a UUID in use,
 * -ENOSPC, -EINVAL, -EBUSY, ...) or the mdev create's.
 */
VDSA_EXPORT int vdsa_inst_req_submit(struct vdsa_inst_req *req, unsigned int flags,
				     struct vdsa_inst **ret)
{
	bool validate_only = flags & VDSA_SUBMIT_VALIDATE_ONLY;
	struct inst_reply reply = { 0 };
	struct vdsa_inst *inst = NULL;
	struct vdsa_msg *m = NULL;
	int family, r;

	if (!req || (flags & ~SUBMIT_FLAGS))
		return -EINVAL;
	vdsa_ctx_clear_error(req->ctx);
	family = vdsa_nl_family(req->ctx);
	if (family < 0)
		return family;
	r = create_build(req, family, flags, &m);
	if (r < 0)
		return r;
	r = inst_transact(req->ctx, m, &reply);
	if (r < 0)
		return reply.answered && !validate_only ? undo_untaken_create(req, &reply, r) : r;
	if (validate_only) {
		if (req->binding == VDSA_BIND_MDEV && reply.received) {
			reply.inst.ctx = req->ctx;
			r = mdev_create(&reply.inst, true);
		}
		vdsa_inst_release(&reply.inst);
		return r;
	}
	if (!reply.received)
		return undo_untaken_create(req, &reply, -EPROTO);
	reply.inst.ctx = req->ctx;
	r = vdsa_ctx_add_inst(req->ctx, &reply.inst, &inst);
	if (r < 0)
		r = undo_untaken_create(req, &reply, r);
	vdsa_inst_release(&reply.inst);
	if (r < 0)
		return r;
	if (req->binding == VDSA_BIND_MDEV) {
		r = mdev_create(inst, false);
		if (r < 0) {
			undo_create(inst);
			return r;
		}
		/* The binding's details (vfio group, device path) come from the kernel. */
		if (vdsa_inst_reread(inst) < 0)
			vdsa_dbg(req->ctx, "reading instance %s back failed", inst->uuid_str);
		vdsa_ctx_clear_error(req->ctx);
	}
	if (ret)
		*ret = inst;
	return 0;
}

/* ---- changing ---------------------------------------------------------------------- */

static int check_args(struct vdsa_inst *inst, unsigned int flags)
{
	if (!inst || (flags & ~SUBMIT_FLAGS))
		return -EINVAL;
	if (inst->gone)
		return -ENODEV;
	vdsa_ctx_clear_error(inst->ctx);
	return 0;
}

/**
 * vdsa_inst_unbind - undo the instance's binding
 * @inst: the instance
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY
 *
 * A vfio binding is undone by inst-unbind. For an mdev binding the kernel
 * only checks (EBUSY while open) and the library then writes 1 to the
 * mdev's remove file; an instance an mdev of the pull type created goes
 * with its mdev (it is marked gone).
 *
 * Since: 1.1
 *
 * Returns: 0 or a negative errno: -EBUSY while a VM holds the device.
 */
VDSA_EXPORT int vdsa_inst_unbind(struct vdsa_inst *inst, unsigned int flags)
{
	bool validate_only = flags & VDSA_SUBMIT_VALIDATE_ONLY;
	struct vdsa_msg *m;
	char *path = NULL;
	int r;

	r = check_args(inst, flags);
	if (r < 0)
		return r;
	r = inst_msg(inst, VDSA_CMD_INST_UNBIND, flags, &m);
	if (r < 0)
		return r;
	r = inst_change(inst, m, validate_only);
	if (r != -EOPNOTSUPP || !mdev_exists(inst))
		return r;
	/* The kernel found it bound to mdev and not open: remove the mdev. */
	vdsa_ctx_clear_error(inst->ctx);
	if (validate_only)
		return 0;
	r = remove_path(inst, &path);
	if (r < 0)
		return r;
	r = sysfs_write(inst, MDEV_REMOVE, path, "1");
	free(path);
	if (r < 0)
		return r;
	/* A pull instance is gone now: that is success too. */
	r = vdsa_inst_reread(inst);
	if (r < 0 && r != -ENODEV)
		vdsa_dbg(inst->ctx, "reading instance %s back failed: %d", inst->uuid_str, r);
	vdsa_ctx_clear_error(inst->ctx);
	return 0;
}

/**
 * vdsa_inst_bind - bind a created instance to vfio or mdev
 * @inst: the instance
 * @binding: VDSA_BIND_VFIO (inst-bind) or VDSA_BIND_MDEV (the library
 *           writes the UUID to the mdev type's create file)
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY
 *
 * Since: 1.1
 *
 * Returns: 0 or a negative errno, explained by vdsa_ctx_get_last_error().
 */
VDSA_EXPORT int vdsa_inst_bind(struct vdsa_inst *inst, enum vdsa_inst_binding binding,
			       unsigned int flags)
{
	bool validate_only = flags & VDSA_SUBMIT_VALIDATE_ONLY;
	struct vdsa_msg *m;
	int r;

	r = check_args(inst, flags);
	if (r < 0)
		return r;
	if (binding == VDSA_BIND_VFIO) {
		r = inst_msg(inst, VDSA_CMD_INST_BIND, flags, &m);
		if (r < 0)
			return r;
		vdsa_msg_put_u32(m, VDSA_A_INST_BINDING, VDSA_INST_BINDING_VFIO);
		return inst_change(inst, m, validate_only);
	}
	if (binding != VDSA_BIND_MDEV)
		return -EINVAL;
	if (validate_only) {
		/* The state the check looks at must be the kernel's. */
		r = vdsa_inst_reread(inst);
		return r < 0 ? r : mdev_create(inst, true);
	}
	r = mdev_create(inst, false);
	if (r < 0)
		return r;
	if (vdsa_inst_reread(inst) < 0)
		vdsa_dbg(inst->ctx, "reading instance %s back failed", inst->uuid_str);
	vdsa_ctx_clear_error(inst->ctx);
	return 0;
}

/* A destroy failed after the mdev was removed: bind it again, as it was. */
static void destroy_rebind(struct vdsa_inst *inst)
{
	struct vdsa_ctx *ctx = inst->ctx;
	char *msg, *attr;
	int r;

	vdsa_ctx_take_error(ctx, &msg, &attr);
	r = mdev_create(inst, false);
	if (r < 0) {
		free(attr);
		vdsa_err(ctx, "binding instance %s to mdev again after a failed destroy: %d",
			 inst->uuid_str, r);
		set_error(ctx,
			  "%s; the mdev was removed for the destroy and creating it again "
			  "failed (%s): bind %s to mdev by hand",
			  msg ? msg : "the destroy failed", strerror(-r), inst->uuid_str);
		free(msg);
		return;
	}
	if (vdsa_inst_reread(inst) < 0)
		vdsa_dbg(ctx, "reading instance %s back failed", inst->uuid_str);
	vdsa_ctx_set_error(ctx, msg, attr);
}

static int destroy_once(struct vdsa_inst *inst, unsigned int flags)
{
	bool validate_only = flags & VDSA_SUBMIT_VALIDATE_ONLY;
	bool was_mdev = inst->state == VDSA_INST_BOUND_MDEV;
	struct vdsa_msg *m;
	int r;

	if (was_mdev) {
		r = vdsa_inst_unbind(inst, flags);
		if (r < 0 || validate_only || inst->gone)
			return r;
	}
	r = inst_msg(inst, VDSA_CMD_INST_DESTROY, flags, &m);
	if (r < 0)
		return r;
	r = inst_change(inst, m, true);
	if (!r && !validate_only)
		inst->gone = true;
	else if (r < 0 && was_mdev && !inst->gone)
		destroy_rebind(inst);
	return r;
}

/**
 * vdsa_inst_destroy - destroy an instance
 * @inst: the instance
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY
 *
 * An instance bound to mdev is unbound first (vdsa_inst_unbind()) and,
 * if the kernel then refuses the destroy, bound to mdev again; a vfio
 * binding is undone by the kernel in the same request. Its WQs return to
 * the free pool, disabled and reset. On success the instance is marked
 * gone: the pointer stays valid until the next refresh.
 *
 * Since: 1.1
 *
 * Returns: 0 or a negative errno: -EBUSY while a VM holds the device,
 * -ENODEV if the instance no longer exists.
 */
VDSA_EXPORT int vdsa_inst_destroy(struct vdsa_inst *inst, unsigned int flags)
{
	int r;

	r = check_args(inst, flags);
	if (r < 0)
		return r;
	r = destroy_once(inst, flags);
	/* Bound to mdev since the snapshot was read: look again, once. */
	if (r == -EBUSY && !(flags & VDSA_SUBMIT_VALIDATE_ONLY) &&
	    inst->state != VDSA_INST_BOUND_MDEV) {
		char *msg, *attr;

		vdsa_ctx_take_error(inst->ctx, &msg, &attr);
		if (!vdsa_inst_reread(inst) && inst->state == VDSA_INST_BOUND_MDEV &&
		    !inst->in_use) {
			free(msg);
			free(attr);
			return destroy_once(inst, flags);
		}
		vdsa_ctx_set_error(inst->ctx, msg, attr);
	}
	return r;
}

static int move_wqs(struct vdsa_inst *inst, uint8_t cmd, const uint32_t *wq_ids, size_t count,
		    unsigned int flags)
{
	struct vdsa_msg *m;
	size_t i;
	int r;

	r = check_args(inst, flags);
	if (r < 0)
		return r;
	if (!wq_ids || !count)
		return -EINVAL;
	r = inst_msg(inst, cmd, flags, &m);
	if (r < 0)
		return r;
	for (i = 0; i < count; i++)
		vdsa_msg_put_u32(m, VDSA_A_INST_WQ_ID, wq_ids[i]);
	return inst_change(inst, m, flags & VDSA_SUBMIT_VALIDATE_ONLY);
}

/**
 * vdsa_inst_assign_wqs - move configured, unowned WQs into an instance
 * @inst: an unbound instance
 * @wq_ids: WQ ids on the instance's device
 * @count: how many
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY
 *
 * The WQs become type vdsa and are enabled, in one request.
 *
 * Since: 1.1
 *
 * Returns: 0 or a negative errno.
 */
VDSA_EXPORT int vdsa_inst_assign_wqs(struct vdsa_inst *inst, const uint32_t *wq_ids, size_t count,
				     unsigned int flags)
{
	return move_wqs(inst, VDSA_CMD_INST_WQ_ASSIGN, wq_ids, count, flags);
}

/**
 * vdsa_inst_unassign_wqs - move WQs out of an unbound instance
 * @inst: the instance
 * @wq_ids: WQ ids of the instance
 * @count: how many
 * @flags: 0 or VDSA_SUBMIT_VALIDATE_ONLY
 *
 * The WQs keep their configuration and state; the last WQ of an instance
 * cannot leave it.
 *
 * Since: 1.1
 *
 * Returns: 0 or a negative errno.
 */
VDSA_EXPORT int vdsa_inst_unassign_wqs(struct vdsa_inst *inst, const uint32_t *wq_ids, size_t count,
				       unsigned int flags)
{
	return move_wqs(inst, VDSA_CMD_INST_WQ_UNASSIGN, wq_ids, count, flags);
}
