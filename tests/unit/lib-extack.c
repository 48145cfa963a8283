// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libvdsa unit test: the kernel's reports. Requests are built with the
 * library's own builders (so the attribute offsets are the ones it
 * records); the answers are canned NLMSG_ERROR and NLMSG_DONE messages laid
 * out byte for byte as netlink_ack() and netlink_dump_done() lay them out,
 * with NLMSGERR_ATTR_OFFS found by walking the request's bytes
 * independently. The caller must see the raw errno, the kernel's message
 * and the name of the attribute the library wrote there.
 */
#include <errno.h>
#include <stdlib.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "libvdsa-private.h"
#include "lib-tap.h"

#define FAMILY 0x1d

static uint8_t buf[8192];

/* Offset of the @nth attribute of @type in the stream at @head. */
static long long find_in(const struct nlmsghdr *nlh, const struct nlattr *head, int len, int type,
			 int nth, const struct nlattr **ret)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) == type && nth-- == 0) {
			if (ret)
				*ret = a;
			return (const uint8_t *)a - (const uint8_t *)nlh;
		}
	}
	return -1;
}

static long long find_top(const struct nlmsghdr *nlh, int type, int nth, const struct nlattr **ret)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);

	return find_in(nlh, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), type, nth, ret);
}

static long long find_nested(const struct nlmsghdr *nlh, const struct nlattr *nest, int type,
			     int nth, const struct nlattr **ret)
{
	return find_in(nlh, nla_data(nest), nla_len(nest), type, nth, ret);
}

static struct vdsa_msg *wq_set_request(struct vdsa_ctx *ctx)
{
	struct vdsa_wq_req *req;
	struct vdsa_msg *m = NULL;

	vdsa_wq_req_alloc(ctx, 3, 1, 1ULL << 31, 1024, &req);
	vdsa_wq_req_set_size(req, 16);
	vdsa_wq_req_set_threshold(req, 4);
	vdsa_wq_req_set_name(req, "app");
	vdsa_wq_req_build(req, FAMILY, 0, &m);
	vdsa_wq_req_free(req);
	/* What nl_send_auto() would add. */
	nlmsg_hdr(m->msg)->nlmsg_seq = 42;
	nlmsg_hdr(m->msg)->nlmsg_pid = 4711;
	nlmsg_hdr(m->msg)->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	return m;
}

/* A dev-config-set as config-req.c writes it: groups, then WQ nests. */
static struct vdsa_msg *config_request(void)
{
	struct vdsa_msg *m = NULL;
	int i;

	vdsa_msg_new(FAMILY, VDSA_CMD_DEV_CONFIG_SET, 0, &vdsa_attrs_dev, 1024, &m);
	vdsa_msg_put_u32(m, VDSA_A_DEV_ID, 3);
	vdsa_msg_put_u32(m, VDSA_A_DEV_GENERATION, 10);
	vdsa_msg_nest_start(m, VDSA_A_DEV_GROUP);
	vdsa_msg_put_u32(m, VDSA_A_GROUP_ID, 0);
	vdsa_msg_nest_start(m, VDSA_A_GROUP_ENGINES);
	vdsa_msg_put_u32(m, VDSA_A_ENGINE_ID, 0);
	vdsa_msg_put_u32(m, VDSA_A_ENGINE_ID, 1);
	vdsa_msg_nest_end(m);
	vdsa_msg_put_u32(m, VDSA_A_GROUP_READ_BUFFERS_ALLOWED, 8);
	vdsa_msg_nest_end(m);
	for (i = 0; i < 3; i++) {
		vdsa_msg_nest_start(m, VDSA_A_DEV_WQ);
		vdsa_msg_put_u32(m, VDSA_A_WQ_ID, (uint32_t)i);
		vdsa_msg_put_u32(m, VDSA_A_WQ_SIZE, 4);
		vdsa_msg_put_u32(m, VDSA_A_WQ_THRESHOLD, 2);
		vdsa_msg_nest_end(m);
	}
	nlmsg_hdr(m->msg)->nlmsg_seq = 43;
	return m;
}

static int report(struct vdsa_ctx *ctx, const struct vdsa_msg *req, int error, bool capped,
		  struct canned_ext ext)
{
	canned_error(buf, nlmsg_hdr(req->msg), error, capped, &ext);
	return vdsa_nl_parse_report(ctx, (const struct nlmsghdr *)buf, req);
}

static void expect(struct vdsa_ctx *ctx, int r, int want, const char *msg, const char *attr,
		   const char *what)
{
	char b[256];

	snprintf(b, sizeof(b), "%s: errno", what);
	tap_int(r, want, b);
	snprintf(b, sizeof(b), "%s: message", what);
	tap_str(vdsa_ctx_get_last_error(ctx), msg, b);
	snprintf(b, sizeof(b), "%s: attribute", what);
	tap_str(vdsa_ctx_get_last_error_attr(ctx), attr, b);
}

static void test_wq_set(struct vdsa_ctx *ctx)
{
	struct vdsa_msg *m = wq_set_request(ctx);
	const struct nlmsghdr *nlh = nlmsg_hdr(m->msg);
	const char *text = "threshold is only valid on shared WQs";
	long long thr = find_top(nlh, VDSA_A_WQ_THRESHOLD, 0, NULL);
	long long size = find_top(nlh, VDSA_A_WQ_SIZE, 0, NULL);
	long long name = find_top(nlh, VDSA_A_WQ_NAME, 0, NULL);

	tap_ok(thr > 0 && size > 0 && name > 0, "the request carries threshold, size and name");
	tap_ok(find_top(nlh, VDSA_A_WQ_MODE, 0, NULL) < 0, "and nothing that was not set");
	expect(ctx,
	       report(ctx, m, -EINVAL, true,
		      (struct canned_ext){ text, thr, CANNED_NONE, CANNED_NONE }),
	       -EINVAL, text, "threshold", "capped ACK, OFFS at threshold");
	expect(ctx,
	       report(ctx, m, -EINVAL, false,
		      (struct canned_ext){ text, thr, CANNED_NONE, CANNED_NONE }),
	       -EINVAL, text, "threshold", "uncapped ACK (request echoed), OFFS at threshold");
	expect(ctx,
	       report(ctx, m, -ENOSPC, true,
		      (struct canned_ext){ "total", size, CANNED_NONE, CANNED_NONE }),
	       -ENOSPC, "total", "size", "ENOSPC stays ENOSPC, OFFS at size");
	expect(ctx,
	       report(ctx, m, -ERANGE, true,
		      (struct canned_ext){ NULL, name + 6, CANNED_NONE, CANNED_NONE }),
	       -ERANGE, NULL, "name", "OFFS inside an attribute names it");
	expect(ctx, report(ctx, m, -ETIMEDOUT, true, CANNED_EXT_NONE), -ETIMEDOUT, NULL, NULL,
	       "an errno libnl would fold into NLE_FAILURE stays raw");
	expect(ctx, report(ctx, m, -EPERM, false, CANNED_EXT_NONE), -EPERM, NULL, NULL,
	       "no TLVs: the errno alone");
	expect(ctx,
	       report(ctx, m, -EINVAL, true,
		      (struct canned_ext){ "odd", 4, CANNED_NONE, CANNED_NONE }),
	       -EINVAL, "odd", NULL, "OFFS at no attribute of ours: no name");
	expect(ctx,
	       report(ctx, m, -EINVAL, true,
		      (struct canned_ext){ NULL, CANNED_NONE, VDSA_A_WQ_ID, CANNED_NONE }),
	       -EINVAL, "missing attribute id", "id", "MISS_TYPE without a message");
	expect(ctx,
	       report(ctx, m, -EINVAL, true,
		      (struct canned_ext){ NULL, CANNED_NONE, 99, CANNED_NONE }),
	       -EINVAL, "missing attribute @99", "@99", "MISS_TYPE of an unknown attribute");

	/* An ACK is no error, even with a message (a warning). */
	vdsa_ctx_set_error(ctx, strdup("old"), NULL);
	tap_int(report(ctx, m, 0, true,
		       (struct canned_ext){ "careful", CANNED_NONE, CANNED_NONE, CANNED_NONE }),
		0, "an ACK with a warning is success");
	tap_str(vdsa_ctx_get_last_error(ctx), "old", "and records no error");

	/* Too short to hold an nlmsgerr: malformed. */
	canned_error(buf, nlh, -EINVAL, true, &CANNED_EXT_NONE);
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_HDRLEN + 2;
	tap_int(vdsa_nl_parse_report(ctx, (const struct nlmsghdr *)buf, m), -EPROTO,
		"a truncated NLMSG_ERROR is -EPROTO");
	vdsa_msg_free(m);
}

static void test_config_set(struct vdsa_ctx *ctx)
{
	struct vdsa_msg *m = config_request();
	const struct nlmsghdr *nlh = nlmsg_hdr(m->msg);
	const struct nlattr *wq1 = NULL, *group = NULL, *engines = NULL;
	long long wq1_off = find_top(nlh, VDSA_A_DEV_WQ, 1, &wq1);
	long long gen = find_top(nlh, VDSA_A_DEV_GENERATION, 0, NULL);
	long long thr, eng1;

	find_top(nlh, VDSA_A_DEV_GROUP, 0, &group);
	find_nested(nlh, group, VDSA_A_GROUP_ENGINES, 0, &engines);
	thr = find_nested(nlh, wq1, VDSA_A_WQ_THRESHOLD, 0, NULL);
	eng1 = find_nested(nlh, engines, VDSA_A_ENGINE_ID, 1, NULL);
	tap_ok(wq1_off > 0 && thr > wq1_off && eng1 > 0, "the configuration's nests are there");

	expect(ctx,
	       report(ctx, m, -EINVAL, true,
		      (struct canned_ext){ "threshold is only valid on shared WQs", thr,
					   CANNED_NONE, CANNED_NONE }),
	       -EINVAL, "threshold is only valid on shared WQs", "wq[1].threshold",
	       "OFFS inside the second WQ nest");
	expect(ctx,
	       report(ctx, m, -EINVAL, true,
		      (struct canned_ext){ NULL, wq1_off, CANNED_NONE, CANNED_NONE }),
	       -EINVAL, NULL, "wq[1]", "OFFS at the nest itself");
	expect(ctx,
	       report(ctx, m, -ENOENT, true,
		      (struct canned_ext){ "no such engine on this device", eng1, CANNED_NONE,
					   CANNED_NONE }),
	       -ENOENT, "no such engine on this device", "group[0].engines.id[1]",
	       "OFFS at the second engine of a group");
	expect(ctx,
	       report(ctx, m, -EAGAIN, true,
		      (struct canned_ext){ "device changed since this generation; read it again",
					   gen, CANNED_NONE, CANNED_NONE }),
	       -EAGAIN, "device changed since this generation; read it again", "generation",
	       "a stale generation");
	expect(ctx,
	       report(ctx, m, -EINVAL, true,
		      (struct canned_ext){ "a config-set nest needs an id", CANNED_NONE,
					   VDSA_A_WQ_ID, wq1_off }),
	       -EINVAL, "a config-set nest needs an id", "wq[1].id",
	       "MISS_TYPE with MISS_NEST names the nest, the kernel's message kept");
	expect(ctx,
	       report(ctx, m, -EINVAL, false,
		      (struct canned_ext){ NULL, CANNED_NONE, VDSA_A_WQ_ID, wq1_off }),
	       -EINVAL, "missing attribute wq[1].id", "wq[1].id",
	       "the same uncapped, without a message");

	/* A dump's DONE: the errno in the payload, the TLVs after it. */
	canned_done(buf, nlh, -ENODEV,
		    &(struct canned_ext){ "dump filter dev-id: no such device", CANNED_NONE,
					  CANNED_NONE, CANNED_NONE });
	expect(ctx, vdsa_nl_parse_report(ctx, (const struct nlmsghdr *)buf, m), -ENODEV,
	       "dump filter dev-id: no such device", NULL, "a failed dump's DONE");
	canned_done(buf, nlh, 0, &CANNED_EXT_NONE);
	tap_int(vdsa_nl_parse_report(ctx, (const struct nlmsghdr *)buf, m), 0, "a good DONE");
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_HDRLEN;
	tap_int(vdsa_nl_parse_report(ctx, (const struct nlmsghdr *)buf, m), 0, "a bare DONE");
	vdsa_msg_free(m);
}

static void test_builder(void)
{
	struct vdsa_msg *m = NULL;
	char *path;

	/* A full buffer fails the request, not the process. */
	vdsa_msg_new(FAMILY, VDSA_CMD_WQ_SET, 0, &vdsa_attrs_wq, 16, &m);
	vdsa_msg_put_u32(m, VDSA_A_WQ_DEV_ID, 1);
	vdsa_msg_put_string(m, VDSA_A_WQ_NAME, "a name much longer than sixteen bytes");
	tap_int(m->err, -EMSGSIZE, "an attribute that does not fit: -EMSGSIZE");
	tap_int((long long)m->n_attrs, 1, "only what fitted was recorded");
	path = vdsa_msg_attr_path(m, 0);
	tap_str(path, "dev-id", "its name");
	free(path);
	vdsa_msg_free(m);
}

int main(void)
{
	struct vdsa_ctx *ctx;

	if (vdsa_ctx_new(&ctx) < 0)
		return 1;
	test_wq_set(ctx);
	test_config_set(ctx);
	test_builder();
	vdsa_ctx_unref(ctx);
	return tap_done();
}
