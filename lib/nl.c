// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: the netlink transport, the only file that talks to the socket.
 *
 * libnl maps a kernel error into its own NLE_* space, lossily, and knows
 * nothing of extended ACKs; so errors are taken from the raw nlmsgerr in
 * our own callbacks, and the extack TLVs are parsed here. Requests record
 * where each attribute went, so the kernel's NLMSGERR_ATTR_OFFS can be
 * named ("wq[2].threshold") instead of reported as a number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "libvdsa-private.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Dumps arrive in datagrams of up to 32 KiB; several may queue up. */
#define VDSA_NL_RCVBUF (256 * 1024)
/* A whole-device configuration of a large device is one big datagram. */
#define VDSA_NL_SNDBUF (256 * 1024)

int vdsa_nl_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case NLE_SUCCESS:
		return 0;
	case NLE_INTR:
	case NLE_DUMP_INTR:
		return -EINTR;
	case NLE_BAD_SOCK:
		return -EBADF;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_RANGE:
		return -ERANGE;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_NOADDR:
		return -EADDRNOTAVAIL;
	case NLE_BUSY:
		return -EBUSY;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_PERM:
		return -EPERM;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_NOATTR:
	case NLE_MISSING_ATTR:
	case NLE_AF_MISMATCH:
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_OVERFLOW:
	case NLE_MSG_TRUNC:
	case NLE_MSG_TOOSHORT:
	case NLE_MSGTYPE_NOSUPPORT:
	case NLE_OBJ_MISMATCH:
	case NLE_PARSE_ERR:
	case NLE_PROTO_MISMATCH:
	case NLE_ATTRSIZE:
		return -EPROTO;
	default:
		return -EIO;
	}
}

/* ---- socket and family ------------------------------------------------------ */

int vdsa_nl_socket(struct vdsa_ctx *ctx, struct nl_sock **ret)
{
	struct nl_sock *sk;
	int one = 1, fd, r;

	if (ctx->sk) {
		*ret = ctx->sk;
		return 0;
	}
	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	/* libnl opens it with SOCK_CLOEXEC. */
	r = genl_connect(sk);
	if (r < 0) {
		nl_socket_free(sk);
		return vdsa_nl_errno(r);
	}
	r = nl_socket_set_buffer_size(sk, VDSA_NL_RCVBUF, VDSA_NL_SNDBUF);
	if (r < 0)
		vdsa_dbg(ctx, "cannot size the socket buffer: %s", nl_geterror(r));
	/* Peek at each datagram's size so no dump part is ever cut. */
	nl_socket_enable_msg_peek(sk);
	/* Extended ACKs explain errors; capping keeps the request out of them. */
	fd = nl_socket_get_fd(sk);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0)
		vdsa_dbg(ctx, "no extended ACKs: %m");
	if (setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) < 0)
		vdsa_dbg(ctx, "no capped ACKs: %m");
	ctx->sk = sk;
	*ret = sk;
	return 0;
}

void vdsa_nl_socket_drop(struct vdsa_ctx *ctx)
{
	if (ctx->sk)
		nl_socket_free(ctx->sk);
	ctx->sk = NULL;
	/* An injected socket is gone: resolve for real from now on. */
	if (ctx->family_pinned) {
		ctx->family_pinned = false;
		ctx->family_id = 0;
	}
}

int vdsa_nl_family(struct vdsa_ctx *ctx)
{
	struct nl_sock *sk;
	int r;

	/* Positive ids and the negative result are both cached. */
	if (ctx->family_id)
		return ctx->family_id;
	r = vdsa_nl_socket(ctx, &sk);
	if (r < 0)
		return r;
	r = genl_ctrl_resolve(sk, VDSA_FAMILY_NAME);
	if (r == -NLE_OBJ_NOTFOUND) {
		vdsa_dbg(ctx, "generic netlink family %s not found", VDSA_FAMILY_NAME);
		ctx->family_id = -EOPNOTSUPP;
		return ctx->family_id;
	}
	if (r < 0) {
		/* A transport problem, not an answer: ask again next time. */
		r = vdsa_nl_errno(r);
		vdsa_nl_socket_drop(ctx);
		return r;
	}
	ctx->family_id = r;
	return r;
}

void vdsa_nl_family_forget(struct vdsa_ctx *ctx)
{
	if (!ctx->family_pinned)
		ctx->family_id = 0;
}

void vdsa_nl_use_socket(struct vdsa_ctx *ctx, struct nl_sock *sk, int family_id)
{
	vdsa_nl_socket_drop(ctx);
	ctx->sk = sk;
	ctx->family_id = family_id;
	ctx->family_pinned = true;
}

/* ---- building requests ------------------------------------------------------- */

int vdsa_msg_new(int family_id, uint8_t cmd, int nlm_flags, const struct vdsa_attr_set *set,
		 size_t size, struct vdsa_msg **ret)
{
	struct vdsa_msg *m;

	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->msg = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + size);
	if (!m->msg) {
		free(m);
		return -ENOMEM;
	}
	if (!genlmsg_put(m->msg, NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0, nlm_flags, cmd,
			 VDSA_FAMILY_VERSION)) {
		vdsa_msg_free(m);
		return -ENOMEM;
	}
	m->cmd = cmd;
	m->set = set;
	*ret = m;
	return 0;
}

void vdsa_msg_free(struct vdsa_msg *m)
{
	if (!m)
		return;
	nlmsg_free(m->msg);
	free(m->attrs);
	free(m);
}

/* The set the next attribute belongs to: the open nest's, or the top's. */
static const struct vdsa_attr_set *msg_current_set(const struct vdsa_msg *m)
{
	const struct vdsa_msg_attr *nest;

	if (!m->depth)
		return m->set;
	nest = &m->attrs[m->open[m->depth - 1]];
	if (!nest->set || nest->type > nest->set->max)
		return NULL;
	return nest->set->attrs[nest->type].nested;
}

static int msg_record(struct vdsa_msg *m, uint16_t type)
{
	struct vdsa_msg_attr *a;

	if (m->n_attrs == m->cap_attrs) {
		size_t cap = m->cap_attrs ? 2 * m->cap_attrs : 16;

		a = realloc(m->attrs, cap * sizeof(*a));
		if (!a)
			return -ENOMEM;
		m->attrs = a;
		m->cap_attrs = cap;
	}
	a = &m->attrs[m->n_attrs];
	/* libnl puts the next attribute at the aligned end of the message. */
	a->offset = NLMSG_ALIGN(nlmsg_hdr(m->msg)->nlmsg_len);
	a->end = a->offset;
	a->parent = m->depth ? m->open[m->depth - 1] : -1;
	a->type = type;
	a->set = msg_current_set(m);
	return (int)m->n_attrs++;
}

static void msg_put(struct vdsa_msg *m, uint16_t type, int len, const void *data)
{
	int idx;

	if (m->err)
		return;
	idx = msg_record(m, type);
	if (idx < 0) {
		m->err = idx;
		return;
	}
	if (nla_put(m->msg, type, len, data) < 0) {
		/* Only a full buffer makes nla_put() fail. */
		m->n_attrs--;
		m->err = -EMSGSIZE;
		return;
	}
	m->attrs[idx].end = nlmsg_hdr(m->msg)->nlmsg_len;
}

void vdsa_msg_put_u32(struct vdsa_msg *m, uint16_t type, uint32_t value)
{
	msg_put(m, type, sizeof(value), &value);
}

void vdsa_msg_put_s32(struct vdsa_msg *m, uint16_t type, int32_t value)
{
	msg_put(m, type, sizeof(value), &value);
}

/* No pad attribute: the kernel reads unaligned u64s (nla_get_u64). */
void vdsa_msg_put_u64(struct vdsa_msg *m, uint16_t type, uint64_t value)
{
	msg_put(m, type, sizeof(value), &value);
}

void vdsa_msg_put_string(struct vdsa_msg *m, uint16_t type, const char *value)
{
	msg_put(m, type, (int)strlen(value) + 1, value);
}

void vdsa_msg_put_binary(struct vdsa_msg *m, uint16_t type, const void *data, size_t len)
{
	msg_put(m, type, (int)len, data);
}

void vdsa_msg_put_flag(struct vdsa_msg *m, uint16_t type)
{
	msg_put(m, type, 0, NULL);
}

void vdsa_msg_nest_start(struct vdsa_msg *m, uint16_t type)
{
	struct nlattr *nla;
	int idx;

	if (m->err)
		return;
	if (m->depth == VDSA_MSG_MAX_DEPTH) {
		m->err = -EINVAL;
		return;
	}
	idx = msg_record(m, type);
	if (idx < 0) {
		m->err = idx;
		return;
	}
	nla = nla_nest_start(m->msg, type);
	if (!nla) {
		m->n_attrs--;
		m->err = -EMSGSIZE;
		return;
	}
	m->open[m->depth] = idx;
	m->open_nla[m->depth] = nla;
	m->depth++;
}

void vdsa_msg_nest_end(struct vdsa_msg *m)
{
	if (m->err || !m->depth)
		return;
	m->depth--;
	/* An empty engines nest means "no engines": it must stay. */
	nla_nest_end_keep_empty(m->msg, m->open_nla[m->depth]);
	m->attrs[m->open[m->depth]].end = nlmsg_hdr(m->msg)->nlmsg_len;
}

static bool msg_attr_multi(const struct vdsa_msg_attr *a)
{
	return a->set && a->type <= a->set->max && a->set->attrs[a->type].multi;
}

char *vdsa_msg_attr_path(const struct vdsa_msg *m, int idx)
{
	const struct vdsa_msg_attr *a = &m->attrs[idx];
	char *parent = NULL, *path = NULL, num[16];
	const char *name;
	int ordinal = 0, r, i;

	if (a->parent >= 0) {
		parent = vdsa_msg_attr_path(m, a->parent);
		if (!parent)
			return NULL;
	}
	name = vdsa_attr_name(a->set, a->type);
	if (!name) {
		snprintf(num, sizeof(num), "@%u", a->type);
		name = num;
	}
	if (msg_attr_multi(a)) {
		/* "wq[2]": the position among its repeats, as it was written. */
		for (i = 0; i < idx; i++)
			if (m->attrs[i].parent == a->parent && m->attrs[i].type == a->type)
				ordinal++;
		r = asprintf(&path, "%s%s%s[%d]", parent ? parent : "", parent ? "." : "", name,
			     ordinal);
	} else {
		r = asprintf(&path, "%s%s%s", parent ? parent : "", parent ? "." : "", name);
	}
	free(parent);
	return r < 0 ? NULL : path;
}

int vdsa_msg_attr_at(const struct vdsa_msg *m, uint32_t offset)
{
	int best = -1;
	size_t i;

	for (i = 0; i < m->n_attrs; i++)
		if (m->attrs[i].offset == offset)
			return (int)i;
	/* Not an attribute start: the innermost attribute around it. */
	for (i = 0; i < m->n_attrs; i++) {
		const struct vdsa_msg_attr *a = &m->attrs[i];

		if (offset < a->offset || offset >= a->end)
			continue;
		if (best < 0 || a->offset >= m->attrs[best].offset)
			best = (int)i;
	}
	return best;
}

/* ---- the kernel's reports ------------------------------------------------------ */

/* "wq[1].id" for a missing attribute of type @type (in the nest at @nest). */
static char *missing_name(const struct vdsa_msg *req, bool in_nest, uint32_t nest, uint32_t type)
{
	const struct vdsa_attr_set *set = req ? req->set : NULL;
	char *prefix = NULL, *name = NULL, num[16];
	const char *base;
	int r;

	if (in_nest) {
		int idx = req ? vdsa_msg_attr_at(req, nest) : -1;

		set = NULL;
		if (idx >= 0) {
			const struct vdsa_msg_attr *a = &req->attrs[idx];

			prefix = vdsa_msg_attr_path(req, idx);
			if (a->set && a->type <= a->set->max)
				set = a->set->attrs[a->type].nested;
		}
	}
	base = vdsa_attr_name(set, type);
	if (!base) {
		snprintf(num, sizeof(num), "@%u", type);
		base = num;
	}
	r = asprintf(&name, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", base);
	free(prefix);
	return r < 0 ? NULL : name;
}

static bool tlv_u32(struct nlattr *nla, uint32_t *ret)
{
	if (!nla || nla_len(nla) != sizeof(uint32_t))
		return false;
	*ret = nla_get_u32(nla);
	return true;
}

int vdsa_nl_parse_report(struct vdsa_ctx *ctx, const struct nlmsghdr *nlh,
			 const struct vdsa_msg *req)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { 0 };
	char *msg = NULL, *attr = NULL, *missing = NULL;
	uint32_t offs, miss_type, miss_nest;
	size_t tlv_start;
	int error;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
			return -EPROTO;
		error = e->error;
		/* The TLVs follow the echoed request: its header only if capped. */
		tlv_start = NLMSG_HDRLEN + sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len > NLMSG_HDRLEN)
			tlv_start += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		/* Old kernels may end a dump with a bare DONE: success. */
		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
			return 0;
		memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
		tlv_start = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	} else {
		return -EPROTO;
	}
	if (error > 0)
		error = -error;

	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && tlv_start < nlh->nlmsg_len &&
	    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + tlv_start),
		      (int)(nlh->nlmsg_len - tlv_start), NULL) < 0)
		vdsa_dbg(ctx, "ignoring malformed extended ACK attributes");

	if (tb[NLMSGERR_ATTR_MSG] && nla_len(tb[NLMSGERR_ATTR_MSG]) > 0) {
		msg = strndup(nla_data(tb[NLMSGERR_ATTR_MSG]),
			      (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]));
		if (!msg)
			return error ? error : -ENOMEM;
	}
	if (!error) {
		/* An ACK with a message is a warning, not a failure. */
		if (msg)
			vdsa_info(ctx, "kernel warning: %s", msg);
		free(msg);
		return 0;
	}

	if (req && tlv_u32(tb[NLMSGERR_ATTR_OFFS], &offs)) {
		int idx = vdsa_msg_attr_at(req, offs);

		if (idx >= 0)
			attr = vdsa_msg_attr_path(req, idx);
		else
			vdsa_dbg(ctx, "kernel blamed offset %u, not an attribute we wrote", offs);
	}
	if (tlv_u32(tb[NLMSGERR_ATTR_MISS_TYPE], &miss_type)) {
		bool in_nest = tlv_u32(tb[NLMSGERR_ATTR_MISS_NEST], &miss_nest);

		missing = missing_name(req, in_nest, in_nest ? miss_nest : 0, miss_type);
		if (missing && !msg && asprintf(&msg, "missing attribute %s", missing) < 0)
			msg = NULL;
		if (!attr) {
			attr = missing;
			missing = NULL;
		}
	}
	free(missing);
	vdsa_dbg(ctx, "kernel error %d: %s (attribute %s)", error, msg ? msg : "-",
		 attr ? attr : "-");
	vdsa_ctx_set_error(ctx, msg, attr);
	return error;
}

int vdsa_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb, int max,
		  const struct nla_policy *policy)
{
	if (genlmsg_parse(nlh, 0, tb, max, policy) < 0)
		return -EPROTO;
	return 0;
}

/* ---- send and receive ---------------------------------------------------------- */

struct vdsa_rx {
	struct vdsa_ctx *ctx;
	const struct vdsa_msg *req;
	vdsa_nl_reply_fn fn;
	void *arg;
	int family_id;
	bool done;
	bool interrupted;
	int err; /* the kernel's verdict */
	int fn_err; /* the first failure of @fn */
};

static int rx_valid(struct nl_msg *msg, void *arg)
{
	struct vdsa_rx *rx = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int r;

	if (nlh->nlmsg_type != rx->family_id || !rx->fn || rx->fn_err)
		return NL_OK;
	r = rx->fn(rx->ctx, nlh, rx->arg);
	/* Keep reading to the end, or the next request reads this one's rest. */
	if (r < 0)
		rx->fn_err = r;
	return NL_OK;
}

static int rx_ack(struct nl_msg *msg, void *arg)
{
	struct vdsa_rx *rx = arg;

	rx->err = vdsa_nl_parse_report(rx->ctx, nlmsg_hdr(msg), rx->req);
	rx->done = true;
	return NL_STOP;
}

static int rx_finish(struct nl_msg *msg, void *arg)
{
	struct vdsa_rx *rx = arg;

	/* A dump's DONE carries its errno, and an extack on failure. */
	rx->err = vdsa_nl_parse_report(rx->ctx, nlmsg_hdr(msg), rx->req);
	rx->done = true;
	return NL_STOP;
}

/* Our own error callback: the raw errno, never libnl's NLE_* mapping. */
static int rx_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct vdsa_rx *rx = arg;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;

	(void)nla;
	rx->err = vdsa_nl_parse_report(rx->ctx, nlh, rx->req);
	if (!rx->err)
		rx->err = -EPROTO;
	rx->done = true;
	return NL_STOP;
}

static int rx_dump_intr(struct nl_msg *msg, void *arg)
{
	struct vdsa_rx *rx = arg;

	(void)msg;
	/* Read on to DONE (libnl would stop here), then the caller retries. */
	rx->interrupted = true;
	return NL_OK;
}

int vdsa_nl_transact(struct vdsa_ctx *ctx, struct vdsa_msg *req, vdsa_nl_reply_fn fn, void *arg)
{
	struct vdsa_rx rx = {
		.ctx = ctx,
		.req = req,
		.fn = fn,
		.arg = arg,
		.family_id = nlmsg_hdr(req->msg)->nlmsg_type,
	};
	struct nl_sock *sk;
	struct nl_cb *cb;
	int r;

	vdsa_ctx_clear_error(ctx);
	if (req->err)
		return req->err;
	r = vdsa_nl_socket(ctx, &sk);
	if (r < 0)
		return r;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, rx_valid, &rx);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, rx_ack, &rx);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, rx_finish, &rx);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, rx_dump_intr, &rx);
	nl_cb_err(cb, NL_CB_CUSTOM, rx_error, &rx);

	/* Adds NLM_F_REQUEST | NLM_F_ACK, our port and the next sequence number. */
	r = nl_send_auto(sk, req->msg);
	if (r < 0) {
		r = vdsa_nl_errno(r);
		vdsa_dbg(ctx, "sending cmd %u failed: %d", req->cmd, r);
		vdsa_nl_socket_drop(ctx);
		goto out;
	}
	/* One nl_recvmsgs_report() may return after any datagram: loop. */
	while (!rx.done) {
		r = nl_recvmsgs_report(sk, cb);
		if (rx.done)
			break;
		if (r <= 0) {
			r = r < 0 ? vdsa_nl_errno(r) : -ECONNRESET;
			vdsa_dbg(ctx, "receiving the answer to cmd %u failed: %d", req->cmd, r);
			/* The rest of the answer may still be queued: start afresh. */
			vdsa_nl_socket_drop(ctx);
			goto out;
		}
	}
	if (rx.err < 0)
		r = rx.err;
	else if (rx.fn_err < 0)
		r = rx.fn_err;
	else if (rx.interrupted)
		r = -EINTR;
	else
		r = 0;
out:
	nl_cb_put(cb);
	return r;
}
