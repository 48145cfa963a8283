// SPDX-License-Identifier: GPL-2.0-only
/*
 * The libnl-genl session of vdsa-bench: one socket, one callback set, an
 * error callback that keeps the kernel's raw errno and extack message, and
 * a receive loop that waits for the ACK (or the end of a dump) of every
 * request so that no failure goes unnoticed.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/vdsa.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "bench.h"

#define BNL_RCVBUF	(1 << 20)

/* The extack text of an NLMSG_ERROR, if the kernel sent one. */
static void bnl_ext_msg(const struct nlmsgerr *e, char *buf, size_t size)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*nlh) + sizeof(*e);

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(*nlh);
	if (off >= nlh->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + NLMSG_ALIGN(off)),
		      nlh->nlmsg_len - NLMSG_ALIGN(off), NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(buf, size, "%s", nla_get_string(tb[NLMSGERR_ATTR_MSG]));
}

static int bnl_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			void *arg)
{
	struct bnl_reply *r = arg;

	(void)nla;
	r->err = -e->error;
	r->done = true;
	bnl_ext_msg(e, r->ext_msg, sizeof(r->ext_msg));
	return NL_STOP;
}

static int bnl_on_done(struct nl_msg *msg, void *arg)
{
	struct bnl_reply *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static int bnl_on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BNL_MAXATTR + 1];
	struct bnl_reply *r = arg;
	int err;

	r->messages++;
	if (!r->parse || r->parse_err)
		return NL_OK;
	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, r->maxattr,
			    (struct nla_policy *)r->policy);
	if (err < 0) {
		fprintf(stderr, "vdsa-bench: malformed reply: %s\n",
			nl_geterror(err));
		r->parse_err = -EBADMSG;
		return NL_OK;
	}
	r->parse_err = r->parse(tb, r->arg);
	/* Keep reading to the ACK so the socket stays in step. */
	return NL_OK;
}

int bnl_open(struct bnl *nl)
{
	int one = 1, fd, err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	nl->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nl->sk || !nl->cb) {
		fprintf(stderr, "vdsa-bench: out of memory\n");
		goto fail;
	}
	err = genl_connect(nl->sk);
	if (err < 0) {
		fprintf(stderr, "vdsa-bench: genl_connect: %s\n", nl_geterror(err));
		goto fail;
	}
	fd = nl_socket_get_fd(nl->sk);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		perror("vdsa-bench: setsockopt (extack)");
	err = nl_socket_set_buffer_size(nl->sk, BNL_RCVBUF, 0);
	if (err < 0)
		fprintf(stderr, "vdsa-bench: socket buffer: %s\n", nl_geterror(err));
	nl->family = genl_ctrl_resolve(nl->sk, VDSA_FAMILY_NAME);
	if (nl->family < 0) {
		fprintf(stderr, "vdsa-bench: generic netlink family \"%s\": %s%s\n",
			VDSA_FAMILY_NAME, nl_geterror(nl->family),
			nl->family == -NLE_OBJ_NOTFOUND ?
			" (is vdsa.ko loaded?)" : "");
		goto fail;
	}
	return 0;
fail:
	bnl_close(nl);
	return -EIO;
}

void bnl_close(struct bnl *nl)
{
	nl_cb_put(nl->cb);
	nl_socket_free(nl->sk);
	nl->cb = NULL;
	nl->sk = NULL;
}

struct nl_msg *bnl_msg(struct bnl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, VDSA_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void bnl_reply_reset(struct bnl_reply *r)
{
	r->messages = 0;
	r->err = 0;
	r->parse_err = 0;
	r->ext_msg[0] = '\0';
	r->done = false;
}

int bnl_exec(struct bnl *nl, struct nl_msg *msg, struct bnl_reply *r)
{
	int rc;

	bnl_reply_reset(r);
	if (!msg) {
		fprintf(stderr, "vdsa-bench: cannot build the request\n");
		return -EIO;
	}
	rc = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (rc < 0) {
		fprintf(stderr, "vdsa-bench: send: %s\n", nl_geterror(rc));
		return -EIO;
	}
	nl_cb_set(nl->cb, NL_CB_VALID, NL_CB_CUSTOM, bnl_on_valid, r);
	nl_cb_set(nl->cb, NL_CB_ACK, NL_CB_CUSTOM, bnl_on_done, r);
	nl_cb_set(nl->cb, NL_CB_FINISH, NL_CB_CUSTOM, bnl_on_done, r);
	nl_cb_err(nl->cb, NL_CB_CUSTOM, bnl_on_error, r);
	while (!r->done) {
		rc = nl_recvmsgs(nl->sk, nl->cb);
		/* libnl maps the errno lossily: return the one we kept. */
		if (r->err)
			return -r->err;
		if (rc < 0) {
			fprintf(stderr, "vdsa-bench: receive: %s\n",
				nl_geterror(rc));
			return -EIO;
		}
	}
	return r->parse_err;
}

void bnl_report(const struct bnl_reply *r, int err, const char *what)
{
	fprintf(stderr, "vdsa-bench: %s failed: %s%s%s%s\n", what,
		strerror(-err), r->ext_msg[0] ? " (" : "", r->ext_msg,
		r->ext_msg[0] ? ")" : "");
}
