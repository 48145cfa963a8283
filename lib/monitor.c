// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: the event monitor. A socket of its own (never mixed with
 * requests), non-blocking and close-on-exec, subscribed to the family's
 * "events" group. The caller owns the loop: it polls the fd and drains
 * vdsa_monitor_receive() until -EAGAIN.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "libvdsa-private.h"

/* Events queue up in the kernel while nobody reads: give them room. */
#define VDSA_MONITOR_RCVBUF (1024 * 1024)

struct vdsa_event {
	enum vdsa_event_type type;
	uint32_t dev_id;
	char *dev_name;
	uint32_t generation;
	bool has_group;
	uint32_t group_id;
	bool has_wq;
	uint32_t wq_id;
	uint32_t wq_state;
	bool has_inst;
	uint8_t inst_uuid[VDSA_UUID_LEN];
	bool has_oper_state;
	uint32_t oper_state;
	char *degraded_reason;
};

struct vdsa_monitor {
	struct vdsa_ctx *ctx;
	struct nl_sock *sk;
	struct nl_cb *cb;
	int family_id;
	/* Parsed but not yet handed out: one datagram may hold several. */
	struct vdsa_event **queue;
	size_t head, n, cap;
	int err;
};

static const struct nla_policy ntf_dev_policy[VDSA_A_DEV_MAX + 1] = {
	[VDSA_A_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_DEV_NAME] = { .type = NLA_STRING },
	[VDSA_A_DEV_GENERATION] = { .type = NLA_U32 },
	[VDSA_A_DEV_OPER_STATE] = { .type = NLA_U32 },
	[VDSA_A_DEV_DEGRADED_REASON] = { .type = NLA_STRING },
};

static const struct nla_policy ntf_group_policy[VDSA_A_GROUP_MAX + 1] = {
	[VDSA_A_GROUP_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_GROUP_ID] = { .type = NLA_U32 },
	[VDSA_A_GROUP_GENERATION] = { .type = NLA_U32 },
};

static const struct nla_policy ntf_wq_policy[VDSA_A_WQ_MAX + 1] = {
	[VDSA_A_WQ_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_WQ_ID] = { .type = NLA_U32 },
	[VDSA_A_WQ_STATE] = { .type = NLA_U32 },
	[VDSA_A_WQ_GENERATION] = { .type = NLA_U32 },
};

static const struct nla_policy ntf_inst_policy[VDSA_A_INST_MAX + 1] = {
	[VDSA_A_INST_UUID] = { .type = NLA_UNSPEC, .minlen = VDSA_UUID_LEN },
	[VDSA_A_INST_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_INST_GENERATION] = { .type = NLA_U32 },
};

#define NTF_MAX2(a, b) ((int)(a) > (int)(b) ? (int)(a) : (int)(b))
#define NTF_MAX NTF_MAX2(NTF_MAX2(VDSA_A_WQ_MAX, VDSA_A_DEV_MAX), VDSA_A_INST_MAX)

int vdsa_event_parse(struct nlmsghdr *nlh, struct vdsa_event **ret)
{
	/* Room for any set: device, WQ and instance events. */
	struct nlattr *tb[NTF_MAX + 1];
	struct genlmsghdr *ghdr;
	struct vdsa_event *ev;
	int r;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	ghdr = genlmsg_hdr(nlh);
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	switch (ghdr->cmd) {
	case VDSA_CMD_DEV_ADD_NTF:
	case VDSA_CMD_DEV_DEL_NTF:
	case VDSA_CMD_DEV_CHANGE_NTF:
		ev->type = ghdr->cmd == VDSA_CMD_DEV_ADD_NTF ? VDSA_EVENT_DEV_ADD :
			   ghdr->cmd == VDSA_CMD_DEV_DEL_NTF ? VDSA_EVENT_DEV_DEL :
							       VDSA_EVENT_DEV_CHANGE;
		r = vdsa_nl_parse(nlh, tb, VDSA_A_DEV_MAX, ntf_dev_policy);
		if (r < 0)
			goto fail;
		r = -EPROTO;
		if (!tb[VDSA_A_DEV_ID] || !tb[VDSA_A_DEV_NAME])
			goto fail;
		ev->dev_id = nla_get_u32(tb[VDSA_A_DEV_ID]);
		ev->generation =
			tb[VDSA_A_DEV_GENERATION] ? nla_get_u32(tb[VDSA_A_DEV_GENERATION]) : 0;
		ev->dev_name = strdup(nla_get_string(tb[VDSA_A_DEV_NAME]));
		if (!ev->dev_name) {
			r = -ENOMEM;
			goto fail;
		}
		if (tb[VDSA_A_DEV_OPER_STATE]) {
			ev->has_oper_state = true;
			ev->oper_state = nla_get_u32(tb[VDSA_A_DEV_OPER_STATE]);
		}
		if (tb[VDSA_A_DEV_DEGRADED_REASON]) {
			ev->degraded_reason =
				strdup(nla_get_string(tb[VDSA_A_DEV_DEGRADED_REASON]));
			if (!ev->degraded_reason) {
				r = -ENOMEM;
				goto fail;
			}
		}
		break;
	case VDSA_CMD_GROUP_CHANGE_NTF:
		ev->type = VDSA_EVENT_GROUP_CHANGE;
		r = vdsa_nl_parse(nlh, tb, VDSA_A_GROUP_MAX, ntf_group_policy);
		if (r < 0)
			goto fail;
		r = -EPROTO;
		if (!tb[VDSA_A_GROUP_DEV_ID] || !tb[VDSA_A_GROUP_ID])
			goto fail;
		ev->dev_id = nla_get_u32(tb[VDSA_A_GROUP_DEV_ID]);
		ev->has_group = true;
		ev->group_id = nla_get_u32(tb[VDSA_A_GROUP_ID]);
		ev->generation =
			tb[VDSA_A_GROUP_GENERATION] ? nla_get_u32(tb[VDSA_A_GROUP_GENERATION]) : 0;
		break;
	case VDSA_CMD_WQ_CHANGE_NTF:
		ev->type = VDSA_EVENT_WQ_CHANGE;
		r = vdsa_nl_parse(nlh, tb, VDSA_A_WQ_MAX, ntf_wq_policy);
		if (r < 0)
			goto fail;
		r = -EPROTO;
		if (!tb[VDSA_A_WQ_DEV_ID] || !tb[VDSA_A_WQ_ID] || !tb[VDSA_A_WQ_STATE])
			goto fail;
		ev->dev_id = nla_get_u32(tb[VDSA_A_WQ_DEV_ID]);
		ev->has_wq = true;
		ev->wq_id = nla_get_u32(tb[VDSA_A_WQ_ID]);
		ev->wq_state = nla_get_u32(tb[VDSA_A_WQ_STATE]);
		ev->generation =
			tb[VDSA_A_WQ_GENERATION] ? nla_get_u32(tb[VDSA_A_WQ_GENERATION]) : 0;
		break;
	case VDSA_CMD_INST_ADD_NTF:
	case VDSA_CMD_INST_DEL_NTF:
	case VDSA_CMD_INST_CHANGE_NTF:
		ev->type = ghdr->cmd == VDSA_CMD_INST_ADD_NTF ? VDSA_EVENT_INST_ADD :
			   ghdr->cmd == VDSA_CMD_INST_DEL_NTF ? VDSA_EVENT_INST_DEL :
								VDSA_EVENT_INST_CHANGE;
		r = vdsa_nl_parse(nlh, tb, VDSA_A_INST_MAX, ntf_inst_policy);
		if (r < 0)
			goto fail;
		r = -EPROTO;
		if (!tb[VDSA_A_INST_UUID] || nla_len(tb[VDSA_A_INST_UUID]) != VDSA_UUID_LEN ||
		    !tb[VDSA_A_INST_DEV_ID])
			goto fail;
		ev->dev_id = nla_get_u32(tb[VDSA_A_INST_DEV_ID]);
		ev->has_inst = true;
		memcpy(ev->inst_uuid, nla_data(tb[VDSA_A_INST_UUID]), VDSA_UUID_LEN);
		ev->generation =
			tb[VDSA_A_INST_GENERATION] ? nla_get_u32(tb[VDSA_A_INST_GENERATION]) : 0;
		break;
	default:
		/* A newer kernel's event: not ours to interpret. */
		free(ev);
		*ret = NULL;
		return 0;
	}
	*ret = ev;
	return 0;
fail:
	vdsa_event_unref(ev);
	return r;
}

static int queue_push(struct vdsa_monitor *mon, struct vdsa_event *ev)
{
	if (mon->head + mon->n == mon->cap) {
		struct vdsa_event **q;
		size_t cap;

		/* Compact first; grow only when the live part is full. */
		if (mon->head) {
			memmove(mon->queue, mon->queue + mon->head, mon->n * sizeof(*q));
			mon->head = 0;
		}
		if (mon->n == mon->cap) {
			cap = mon->cap ? 2 * mon->cap : 8;
			q = realloc(mon->queue, cap * sizeof(*q));
			if (!q)
				return -ENOMEM;
			mon->queue = q;
			mon->cap = cap;
		}
	}
	mon->queue[mon->head + mon->n++] = ev;
	return 0;
}

static int monitor_valid(struct nl_msg *msg, void *arg)
{
	struct vdsa_monitor *mon = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct vdsa_event *ev = NULL;
	int r;

	if (nlh->nlmsg_type != mon->family_id)
		return NL_OK;
	r = vdsa_event_parse(nlh, &ev);
	if (!r && ev) {
		r = queue_push(mon, ev);
		if (r < 0)
			vdsa_event_unref(ev);
	}
	if (r < 0) {
		vdsa_dbg(mon->ctx, "dropping an event: %d", r);
		/* Reported once the events before it are taken. */
		if (!mon->err)
			mon->err = r;
	}
	return NL_OK;
}

/* Notifications carry sequence number 0: no checking. */
static int monitor_seq_ok(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/**
 * vdsa_monitor_new - subscribe to the kernel's vdsa events
 * @ctx: the context (the monitor keeps a reference)
 * @ret: the monitor
 *
 * No privileges are needed to listen.
 *
 * Returns: 0 or a negative errno: -EOPNOTSUPP if the vdsa family (or its
 * events group) is missing.
 */
VDSA_EXPORT int vdsa_monitor_new(struct vdsa_ctx *ctx, struct vdsa_monitor **ret)
{
	struct vdsa_monitor *mon;
	int family, group, r;

	if (!ctx || !ret)
		return -EINVAL;
	family = vdsa_nl_family(ctx);
	if (family < 0)
		return family;
	mon = calloc(1, sizeof(*mon));
	if (!mon)
		return -ENOMEM;
	mon->ctx = vdsa_ctx_ref(ctx);
	mon->family_id = family;
	mon->sk = nl_socket_alloc();
	if (!mon->sk) {
		r = -ENOMEM;
		goto fail;
	}
	/* Also for genl_ctrl_resolve_grp() below, which uses the socket's own. */
	nl_socket_disable_seq_check(mon->sk);
	r = genl_connect(mon->sk);
	if (r < 0) {
		r = vdsa_nl_errno(r);
		goto fail;
	}
	group = genl_ctrl_resolve_grp(mon->sk, VDSA_FAMILY_NAME, VDSA_MCGRP_EVENTS);
	if (group < 0) {
		r = group == -NLE_OBJ_NOTFOUND ? -EOPNOTSUPP : vdsa_nl_errno(group);
		goto fail;
	}
	r = nl_socket_set_buffer_size(mon->sk, VDSA_MONITOR_RCVBUF, 0);
	if (r < 0)
		vdsa_dbg(ctx, "cannot size the monitor's buffer: %s", nl_geterror(r));
	nl_socket_enable_msg_peek(mon->sk);
	r = nl_socket_add_membership(mon->sk, group);
	if (r < 0) {
		r = vdsa_nl_errno(r);
		goto fail;
	}
	r = nl_socket_set_nonblocking(mon->sk);
	if (r < 0) {
		r = vdsa_nl_errno(r);
		goto fail;
	}
	mon->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!mon->cb) {
		r = -ENOMEM;
		goto fail;
	}
	nl_cb_set(mon->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, monitor_seq_ok, NULL);
	nl_cb_set(mon->cb, NL_CB_VALID, NL_CB_CUSTOM, monitor_valid, mon);
	*ret = mon;
	return 0;
fail:
	vdsa_monitor_unref(mon);
	return r;
}

/**
 * vdsa_monitor_unref - close a monitor
 * @mon: the monitor, or NULL
 *
 * Events not yet received are dropped.
 *
 * Returns: NULL.
 */
VDSA_EXPORT struct vdsa_monitor *vdsa_monitor_unref(struct vdsa_monitor *mon)
{
	if (!mon)
		return NULL;
	while (mon->n) {
		vdsa_event_unref(mon->queue[mon->head++]);
		mon->n--;
	}
	free(mon->queue);
	if (mon->cb)
		nl_cb_put(mon->cb);
	if (mon->sk)
		nl_socket_free(mon->sk);
	vdsa_ctx_unref(mon->ctx);
	free(mon);
	return NULL;
}

/**
 * vdsa_monitor_get_fd - the fd to poll for POLLIN
 * @mon: the monitor
 *
 * Non-blocking and close-on-exec; owned by the monitor (do not close it).
 *
 * Returns: the fd, or -EINVAL.
 */
VDSA_EXPORT int vdsa_monitor_get_fd(struct vdsa_monitor *mon)
{
	return mon ? nl_socket_get_fd(mon->sk) : -EINVAL;
}

/**
 * vdsa_monitor_receive - take the next event
 * @mon: the monitor
 * @ret: the event; free it with vdsa_event_unref()
 *
 * Never blocks. Events are not applied to the snapshot: refresh when one
 * matters.
 *
 * Returns: 0, -EAGAIN when no event is pending, -ENOBUFS if the kernel
 * dropped events because they were not read in time (refresh to resync),
 * -EPROTO for a malformed event (the next call goes on), or another
 * negative errno.
 */
VDSA_EXPORT int vdsa_monitor_receive(struct vdsa_monitor *mon, struct vdsa_event **ret)
{
	int r;

	if (!mon || !ret)
		return -EINVAL;
	for (;;) {
		if (mon->n) {
			*ret = mon->queue[mon->head++];
			if (!--mon->n)
				mon->head = 0;
			return 0;
		}
		if (mon->err) {
			r = mon->err;
			mon->err = 0;
			return r;
		}
		r = nl_recvmsgs_report(mon->sk, mon->cb);
		/* libnl folds ENOBUFS (lost events) into NLE_NOMEM. */
		if (r == -NLE_NOMEM && errno == ENOBUFS)
			return -ENOBUFS;
		if (r == 0 || r == -NLE_AGAIN) {
			/* Drained (libnl says either, depending on its version). */
			if (!mon->n && !mon->err)
				return -EAGAIN;
			continue;
		}
		if (r < 0)
			return vdsa_nl_errno(r);
	}
}

/**
 * vdsa_event_unref - free an event
 * @ev: the event, or NULL
 *
 * Returns: NULL.
 */
VDSA_EXPORT struct vdsa_event *vdsa_event_unref(struct vdsa_event *ev)
{
	if (ev) {
		free(ev->dev_name);
		free(ev->degraded_reason);
		free(ev);
	}
	return NULL;
}

/**
 * vdsa_event_get_type - what happened
 * @ev: the event
 *
 * Returns: the event type (0 for NULL).
 */
VDSA_EXPORT enum vdsa_event_type vdsa_event_get_type(struct vdsa_event *ev)
{
	return ev ? ev->type : 0;
}

/**
 * vdsa_event_get_dev_id - the kernel id of the device concerned
 * @ev: the event
 *
 * Returns: the id.
 */
VDSA_EXPORT uint32_t vdsa_event_get_dev_id(struct vdsa_event *ev)
{
	return ev ? ev->dev_id : 0;
}

/**
 * vdsa_event_get_dev_name - the name of the device concerned
 * @ev: the event
 *
 * Returns: the name, owned by the event, or NULL for WQ state and
 * instance events (which carry only the device id).
 */
VDSA_EXPORT const char *vdsa_event_get_dev_name(struct vdsa_event *ev)
{
	return ev ? ev->dev_name : NULL;
}

/**
 * vdsa_event_get_generation - the device's generation after the change
 * @ev: the event
 *
 * Returns: the generation.
 */
VDSA_EXPORT uint32_t vdsa_event_get_generation(struct vdsa_event *ev)
{
	return ev ? ev->generation : 0;
}

/**
 * vdsa_event_get_wq_id - the WQ of a WQ change event
 * @ev: the event
 * @ret: the WQ id
 *
 * Returns: 0, -ENODATA for device events, or -EINVAL.
 */
VDSA_EXPORT int vdsa_event_get_wq_id(struct vdsa_event *ev, uint32_t *ret)
{
	if (!ev || !ret)
		return -EINVAL;
	if (!ev->has_wq)
		return -ENODATA;
	*ret = ev->wq_id;
	return 0;
}

/**
 * vdsa_event_get_group_id - the group of a group change event
 * @ev: the event
 * @ret: the group id
 *
 * Returns: 0, -ENODATA for other events, or -EINVAL.
 */
VDSA_EXPORT int vdsa_event_get_group_id(struct vdsa_event *ev, uint32_t *ret)
{
	if (!ev || !ret)
		return -EINVAL;
	if (!ev->has_group)
		return -ENODATA;
	*ret = ev->group_id;
	return 0;
}

/**
 * vdsa_event_get_wq_state - the WQ's (admin) state in a WQ change event
 * @ev: the event
 * @ret: the state, changed or not
 *
 * Returns: 0, -ENODATA for other events, or -EINVAL.
 */
VDSA_EXPORT int vdsa_event_get_wq_state(struct vdsa_event *ev, enum vdsa_wq_state *ret)
{
	if (!ev || !ret)
		return -EINVAL;
	if (!ev->has_wq)
		return -ENODATA;
	*ret = (enum vdsa_wq_state)ev->wq_state;
	return 0;
}

/**
 * vdsa_event_get_dev_oper_state - a device's operational state in a device event
 * @ev: the event
 * @ret: the state
 *
 * A device that becomes degraded, or is recovered, sends a dev-change
 * event; dev-add and dev-del events carry the state too.
 *
 * Since: 1.2
 *
 * Returns: 0, -ENODATA for WQ and instance events and from kernels that do
 * not report the state, or -EINVAL.
 */
VDSA_EXPORT int vdsa_event_get_dev_oper_state(struct vdsa_event *ev, enum vdsa_oper_state *ret)
{
	if (!ev || !ret)
		return -EINVAL;
	if (!ev->has_oper_state)
		return -ENODATA;
	*ret = (enum vdsa_oper_state)ev->oper_state;
	return 0;
}

/**
 * vdsa_event_get_dev_degraded_reason - why the device of a device event is degraded
 * @ev: the event
 *
 * Since: 1.2
 *
 * Returns: the reason, owned by the event, or NULL when the device is ok
 * and for the other events.
 */
VDSA_EXPORT const char *vdsa_event_get_dev_degraded_reason(struct vdsa_event *ev)
{
	return ev ? ev->degraded_reason : NULL;
}

/**
 * vdsa_event_get_inst_uuid - the instance of an instance event
 * @ev: the event
 * @ret: the instance's UUID
 *
 * Since: 1.1
 *
 * Returns: 0, -ENODATA for device and WQ events, or -EINVAL.
 */
VDSA_EXPORT int vdsa_event_get_inst_uuid(struct vdsa_event *ev, uuid_t ret)
{
	if (!ev || !ret)
		return -EINVAL;
	if (!ev->has_inst)
		return -ENODATA;
	memcpy(ret, ev->inst_uuid, VDSA_UUID_LEN);
	return 0;
}
