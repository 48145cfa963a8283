// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libvdsa unit test: the whole library path (libnl's receive loop, our
 * callbacks, the snapshot, the requests) against a fake kernel. The
 * library's socket is a NETLINK_USERSOCK socket, which may talk to another
 * user socket without privileges; the fake kernel is a thread on a second
 * one that reads each request and answers it from a script, the way the
 * kernel lays its answers out. Nothing here needs the vdsa module.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "libvdsa-private.h"
#include "lib-tap.h"

#define FAMILY 0x1d
#define MAX_STEPS 16

struct fake;
/* Answers one request: sends whatever the kernel would. */
typedef void (*fake_step)(struct fake *f, const struct nlmsghdr *req);

struct fake {
	int fd;
	uint32_t port;
	pthread_t thread;
	pthread_mutex_t lock;
	bool stop;
	fake_step steps[MAX_STEPS];
	int n_steps;
	int next;
	/* What the library sent. */
	uint8_t cmds[MAX_STEPS];
	uint16_t flags[MAX_STEPS];
	uint8_t last_req[4096];
	int n_requests;
	/* Set by a step for the test to check. */
	long long seen;
};

/* ---- the fake kernel's answers ----------------------------------------------- */

static void fake_send(struct fake *f, const struct nlmsghdr *req, const void *data, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = req->nlmsg_pid };

	if (sendto(f->fd, data, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		tap_diag("fake kernel: sendto: %s", strerror(errno));
}

/* A message of the family, as a reply (@multi: part of a dump). */
static struct nl_msg *fake_msg(const struct nlmsghdr *req, uint8_t cmd, bool multi, bool intr)
{
	struct nl_msg *msg = nlmsg_alloc();
	int flags = (multi ? NLM_F_MULTI : 0) | (intr ? NLM_F_DUMP_INTR : 0);

	genlmsg_put(msg, req->nlmsg_pid, req->nlmsg_seq, FAMILY, 0, flags, cmd, 1);
	return msg;
}

static void fake_send_msg(struct fake *f, const struct nlmsghdr *req, struct nl_msg *msg)
{
	fake_send(f, req, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
}

static void fake_done(struct fake *f, const struct nlmsghdr *req, int error, struct canned_ext ext)
{
	uint8_t buf[1024];

	fake_send(f, req, buf, canned_done(buf, req, error, &ext));
}

static void fake_error(struct fake *f, const struct nlmsghdr *req, int error, struct canned_ext ext)
{
	uint8_t buf[8192];

	fake_send(f, req, buf, canned_error(buf, req, error, true, &ext));
}

static void fake_ack(struct fake *f, const struct nlmsghdr *req)
{
	fake_error(f, req, 0, CANNED_EXT_NONE);
}

static const struct nlattr *req_attr(const struct nlmsghdr *req, int type)
{
	const struct genlmsghdr *g = NLMSG_DATA(req);

	return nla_find(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), type);
}

static long long req_offset(const struct nlmsghdr *req, const struct nlattr *a)
{
	return a ? (const uint8_t *)a - (const uint8_t *)req : CANNED_NONE;
}

/*
 * The world: dsa3 (kernel id 5, generation 10), 1 group, 2 engines, 2 WQs;
 * WQ 0 belongs to instance A, bound to vfio.
 */
#define DEV_ID 5
#define GEN 10
static const uint8_t INST_A[VDSA_UUID_LEN] = { 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
					       0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11 };
static const uint8_t INST_B[VDSA_UUID_LEN] = { 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
					       0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22 };
#define INST_A_STR "11111111-1111-1111-1111-111111111111"
#define INST_B_STR "22222222-2222-2222-2222-222222222222"

/* Set by a test: the kernel reports dsa3 degraded for this reason. */
static const char *degraded_reason;
#define DEGRADED_REASON "undo of wq configure 1 failed (-5)"

static void put_dev(struct nl_msg *msg, const char *name, uint32_t gen)
{
	uint8_t op_cap[VDSA_OP_CAP_LEN] = { 0xff, 0x03 };

	nla_put_u32(msg, VDSA_A_DEV_ID, DEV_ID);
	nla_put_string(msg, VDSA_A_DEV_NAME, name);
	nla_put_string(msg, VDSA_A_DEV_PARENT_BUS, "vdsa_sim");
	nla_put_string(msg, VDSA_A_DEV_PARENT_DEV, "vdsa_sim3");
	nla_put_u32(msg, VDSA_A_DEV_GENERATION, gen);
	nla_put_u32(msg, VDSA_A_DEV_VERSION, 0x100);
	nla_put_u32(msg, VDSA_A_DEV_CAPS, VDSA_CAP_SHARED_WQ);
	nla_put_u32(msg, VDSA_A_DEV_MAX_GROUPS, 1);
	nla_put_u32(msg, VDSA_A_DEV_MAX_ENGINES, 2);
	nla_put_u32(msg, VDSA_A_DEV_MAX_WQS, 2);
	nla_put_u32(msg, VDSA_A_DEV_MAX_WQ_SIZE, 64);
	nla_put_u64(msg, VDSA_A_DEV_MAX_TRANSFER_SIZE, 1ULL << 31);
	nla_put_u32(msg, VDSA_A_DEV_MAX_BATCH_SIZE, 1024);
	nla_put_u32(msg, VDSA_A_DEV_MAX_READ_BUFFERS, 96);
	nla_put(msg, VDSA_A_DEV_OP_CAP, sizeof(op_cap), op_cap);
	nla_put_u32(msg, VDSA_A_DEV_WQ_SIZE_USED, 8);
	nla_put_u32(msg, VDSA_A_DEV_OPER_STATE,
		    degraded_reason ? VDSA_DEV_OPER_STATE_DEGRADED : VDSA_DEV_OPER_STATE_OK);
	if (degraded_reason)
		nla_put_string(msg, VDSA_A_DEV_DEGRADED_REASON, degraded_reason);
}

/* A device as a kernel from before the operational state sends it. */
static void step_dev_dump_old(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_DEV_GET, true, false);

	nla_put_u32(msg, VDSA_A_DEV_ID, DEV_ID);
	nla_put_string(msg, VDSA_A_DEV_NAME, "dsa3");
	nla_put_u32(msg, VDSA_A_DEV_GENERATION, GEN);
	fake_send_msg(f, req, msg);
	fake_done(f, req, 0, CANNED_EXT_NONE);
}

static void step_dev_dump(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_DEV_GET, true, false);

	put_dev(msg, "dsa3", GEN);
	fake_send_msg(f, req, msg);
	fake_done(f, req, 0, CANNED_EXT_NONE);
}

/* The same, but a change raced with the dump. */
static void step_dev_dump_intr(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_DEV_GET, true, true);

	put_dev(msg, "dsa3", GEN - 1);
	fake_send_msg(f, req, msg);
	fake_done(f, req, 0, CANNED_EXT_NONE);
}

/* A device without its name: malformed. */
static void step_dev_dump_bad(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_DEV_GET, true, false);

	nla_put_u32(msg, VDSA_A_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_DEV_GENERATION, GEN);
	fake_send_msg(f, req, msg);
	fake_done(f, req, 0, CANNED_EXT_NONE);
}

/* The re-read after a whole-device change: one device, by id. */
static void step_dev_get(struct fake *f, const struct nlmsghdr *req)
{
	const struct nlattr *id = req_attr(req, VDSA_A_DEV_ID);
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_DEV_GET, false, false);

	f->seen = id ? (long long)nla_get_u32(id) : -1;
	put_dev(msg, "dsa3", GEN);
	fake_send_msg(f, req, msg);
	fake_ack(f, req);
}

/* A reset replies with the device. */
static void step_dev_reset(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_DEV_RESET, false, false);

	put_dev(msg, "dsa3", GEN);
	fake_send_msg(f, req, msg);
	fake_ack(f, req);
}

static void step_group_dump(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_GROUP_GET, true, false);
	struct nlattr *engines;

	nla_put_u32(msg, VDSA_A_GROUP_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_GROUP_ID, 0);
	engines = nla_nest_start(msg, VDSA_A_GROUP_ENGINES);
	nla_put_u32(msg, VDSA_A_ENGINE_ID, 1);
	nla_nest_end(msg, engines);
	nla_put_u32(msg, VDSA_A_GROUP_READ_BUFFERS_RESERVED, 0);
	nla_put_u32(msg, VDSA_A_GROUP_READ_BUFFERS_ALLOWED, 96);
	fake_send_msg(f, req, msg);
	fake_done(f, req, 0, CANNED_EXT_NONE);
}

static void step_group_dump_fails(struct fake *f, const struct nlmsghdr *req)
{
	fake_done(f, req, -ENODEV,
		  (struct canned_ext){ "dump filter dev-id: no such device", CANNED_NONE,
				       CANNED_NONE, CANNED_NONE });
}

static void step_engine_dump(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_ENGINE_GET, true, false);

	nla_put_u32(msg, VDSA_A_ENGINE_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_ENGINE_ID, 0);
	fake_send_msg(f, req, msg);
	msg = fake_msg(req, VDSA_CMD_ENGINE_GET, true, false);
	nla_put_u32(msg, VDSA_A_ENGINE_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_ENGINE_ID, 1);
	nla_put_s32(msg, VDSA_A_ENGINE_GROUP_ID, 0);
	fake_send_msg(f, req, msg);
	fake_done(f, req, 0, CANNED_EXT_NONE);
}

static void put_wq(struct nl_msg *msg, uint32_t id, bool configured, uint32_t gen)
{
	nla_put_u32(msg, VDSA_A_WQ_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_WQ_ID, id);
	if (configured) {
		nla_put_s32(msg, VDSA_A_WQ_GROUP_ID, 0);
		nla_put_u32(msg, VDSA_A_WQ_MODE, VDSA_MODE_SHARED);
		nla_put_u32(msg, VDSA_A_WQ_SIZE, 8);
		nla_put_u32(msg, VDSA_A_WQ_THRESHOLD, 4);
	} else {
		nla_put_u32(msg, VDSA_A_WQ_MODE, VDSA_MODE_DEDICATED);
		nla_put_u32(msg, VDSA_A_WQ_SIZE, 0);
	}
	nla_put_u32(msg, VDSA_A_WQ_PRIORITY, 1);
	nla_put_u32(msg, VDSA_A_WQ_PRIVILEGED, 0);
	nla_put_u32(msg, VDSA_A_WQ_BLOCK_ON_FAULT, 0);
	nla_put_u32(msg, VDSA_A_WQ_TYPE, configured ? VDSA_TYPE_USER : VDSA_TYPE_NONE);
	if (configured)
		nla_put_string(msg, VDSA_A_WQ_NAME, "app");
	nla_put_u64(msg, VDSA_A_WQ_MAX_TRANSFER_SIZE, 1ULL << 31);
	nla_put_u32(msg, VDSA_A_WQ_MAX_BATCH_SIZE, 1024);
	nla_put_u32(msg, VDSA_A_WQ_ATS_DISABLE, 0);
	nla_put_u32(msg, VDSA_A_WQ_STATE, configured ? VDSA_STATE_ENABLED : VDSA_STATE_DISABLED);
	nla_put_u32(msg, VDSA_A_WQ_GENERATION, gen);
	if (configured)
		nla_put(msg, VDSA_A_WQ_INST_UUID, VDSA_UUID_LEN, INST_A);
}

static void wq_dump(struct fake *f, const struct nlmsghdr *req, uint32_t gen)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_WQ_GET, true, false);

	put_wq(msg, 0, true, gen);
	fake_send_msg(f, req, msg);
	msg = fake_msg(req, VDSA_CMD_WQ_GET, true, false);
	put_wq(msg, 1, false, gen);
	fake_send_msg(f, req, msg);
	fake_done(f, req, 0, CANNED_EXT_NONE);
}

static void step_wq_dump(struct fake *f, const struct nlmsghdr *req)
{
	wq_dump(f, req, GEN);
}

/* WQs newer than the device read before them: the refresh starts over. */
static void step_wq_dump_newer(struct fake *f, const struct nlmsghdr *req)
{
	wq_dump(f, req, GEN + 1);
}

/* Refuses a threshold the way the kernel does, pointing at it. */
static void step_wq_set_threshold_refused(struct fake *f, const struct nlmsghdr *req)
{
	fake_error(f, req, -EINVAL,
		   (struct canned_ext){ "threshold is only valid on shared WQs",
					req_offset(req, req_attr(req, VDSA_A_WQ_THRESHOLD)),
					CANNED_NONE, CANNED_NONE });
}

static void step_wq_set_timedout(struct fake *f, const struct nlmsghdr *req)
{
	fake_error(f, req, -ETIMEDOUT, CANNED_EXT_NONE);
}

static void step_perm(struct fake *f, const struct nlmsghdr *req)
{
	fake_error(f, req, -EPERM, CANNED_EXT_NONE);
}

/* Takes the request's size for WQ 1 and replies with the WQ. */
static void step_wq_set_ok(struct fake *f, const struct nlmsghdr *req)
{
	const struct nlattr *size = req_attr(req, VDSA_A_WQ_SIZE);
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_WQ_SET, false, false);

	nla_put_u32(msg, VDSA_A_WQ_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_WQ_ID, 1);
	nla_put_u32(msg, VDSA_A_WQ_MODE, VDSA_MODE_DEDICATED);
	nla_put_u32(msg, VDSA_A_WQ_SIZE, size ? nla_get_u32(size) : 0);
	nla_put_u32(msg, VDSA_A_WQ_PRIORITY, 1);
	nla_put_u32(msg, VDSA_A_WQ_TYPE, VDSA_TYPE_NONE);
	nla_put_u32(msg, VDSA_A_WQ_STATE, VDSA_STATE_DISABLED);
	nla_put_u32(msg, VDSA_A_WQ_GENERATION, GEN + 1);
	fake_send_msg(f, req, msg);
	f->seen = req_attr(req, VDSA_A_WQ_VALIDATE_ONLY) != NULL;
	fake_ack(f, req);
}

/* Refuses the second WQ nest's size, pointing into the nest. */
static void step_config_refused(struct fake *f, const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = NLMSG_DATA(req);
	const struct nlattr *a, *gen = req_attr(req, VDSA_A_DEV_GENERATION);
	long long offs = CANNED_NONE;
	int rem, n = 0;

	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), rem)
		if (nla_type(a) == VDSA_A_DEV_WQ && n++ == 1)
			offs = req_offset(req, nla_find(nla_data(a), nla_len(a), VDSA_A_WQ_SIZE));
	f->seen = gen ? (long long)nla_get_u32(gen) : -1;
	fake_error(f, req, -ENOSPC,
		   (struct canned_ext){ "total WQ size exceeds the device's max-wq-size", offs,
					CANNED_NONE, CANNED_NONE });
}

/* An instance message: A (vfio-bound, WQ 0) or B (WQs 1, @state). */
static void put_inst(struct nl_msg *msg, bool a, uint32_t state)
{
	nla_put(msg, VDSA_A_INST_UUID, VDSA_UUID_LEN, a ? INST_A : INST_B);
	nla_put_u32(msg, VDSA_A_INST_DEV_ID, DEV_ID);
	if (a)
		nla_put_string(msg, VDSA_A_INST_NAME, "vm1");
	nla_put_u32(msg, VDSA_A_INST_STATE, state);
	nla_put_u32(msg, VDSA_A_INST_IN_USE, 0);
	nla_put_u32(msg, VDSA_A_INST_WQ_ID, a ? 0 : 1);
	if (!a)
		nla_put_u32(msg, VDSA_A_INST_WQ_ID, 0);
	nla_put_u32(msg, VDSA_A_INST_PULL, 0);
	nla_put_string(msg, VDSA_A_INST_MDEV_PARENT, "vdsa_sim3");
	nla_put_string(msg, VDSA_A_INST_MDEV_TYPE, "vdsa_sim-vdsa-inst");
	if (state != VDSA_INST_CREATED) {
		nla_put_u32(msg, VDSA_A_INST_VFIO_GROUP, a ? 7 : 8);
	}
	nla_put_u32(msg, VDSA_A_INST_GENERATION, GEN);
}

static void step_inst_dump(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_INST_GET, true, false);

	put_inst(msg, true, VDSA_INST_BOUND_VFIO);
	fake_send_msg(f, req, msg);
	fake_done(f, req, 0, CANNED_EXT_NONE);
}

static void step_inst_dump_unsupported(struct fake *f, const struct nlmsghdr *req)
{
	fake_done(f, req, -EOPNOTSUPP, CANNED_EXT_NONE);
}

/*
 * Checks an inst-create (count 2, profile shared/8/4/5, no binding
 * attribute, optionally validate-only) and answers with instance B.
 * f->seen: 1 all as expected, 2 the same with validate-only, else 0.
 */
static void step_inst_create(struct fake *f, const struct nlmsghdr *req)
{
	const struct nlattr *prof = req_attr(req, VDSA_A_INST_WQ_PROFILE);
	const struct nlattr *count = req_attr(req, VDSA_A_INST_WQ_COUNT);
	const struct nlattr *dev = req_attr(req, VDSA_A_INST_DEV_ID);
	const struct nlattr *uuid = req_attr(req, VDSA_A_INST_UUID);
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_INST_CREATE, false, false);
	const struct nlattr *mode = NULL, *size = NULL, *thr = NULL, *prio = NULL;
	bool ok;

	if (prof) {
		mode = nla_find(nla_data(prof), nla_len(prof), VDSA_A_WQ_MODE);
		size = nla_find(nla_data(prof), nla_len(prof), VDSA_A_WQ_SIZE);
		thr = nla_find(nla_data(prof), nla_len(prof), VDSA_A_WQ_THRESHOLD);
		prio = nla_find(nla_data(prof), nla_len(prof), VDSA_A_WQ_PRIORITY);
	}
	ok = dev && nla_get_u32(dev) == DEV_ID && count && nla_get_u32(count) == 2 && mode &&
	     nla_get_u32(mode) == VDSA_MODE_SHARED && size && nla_get_u32(size) == 8 && thr &&
	     nla_get_u32(thr) == 4 && prio && nla_get_u32(prio) == 5 &&
	     !nla_find(nla_data(prof), nla_len(prof), VDSA_A_WQ_TYPE) && uuid &&
	     !memcmp(nla_data(uuid), INST_B, VDSA_UUID_LEN) && !req_attr(req, VDSA_A_INST_BINDING);
	f->seen = ok ? (req_attr(req, VDSA_A_INST_VALIDATE_ONLY) ? 2 : 1) : 0;
	put_inst(msg, false, VDSA_INST_CREATED);
	fake_send_msg(f, req, msg);
	fake_ack(f, req);
}

/* A create the kernel made, answered with a reply that has no UUID. */
static void step_inst_create_garbled(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_INST_CREATE, false, false);

	nla_put_u32(msg, VDSA_A_INST_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_INST_STATE, VDSA_INST_CREATED);
	fake_send_msg(f, req, msg);
	fake_ack(f, req);
}

static void step_inst_create_nospc(struct fake *f, const struct nlmsghdr *req)
{
	fake_error(f, req, -ENOSPC,
		   (struct canned_ext){ "not enough free WQ size for wq-count 2",
					req_offset(req, req_attr(req, VDSA_A_INST_WQ_COUNT)),
					CANNED_NONE, CANNED_NONE });
}

/* An inst-get of B, bound to mdev now. */
static void step_inst_get_b_mdev(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_INST_GET, false, false);

	put_inst(msg, false, VDSA_INST_BOUND_MDEV);
	fake_send_msg(f, req, msg);
	fake_ack(f, req);
}

static void step_inst_get_b_created(struct fake *f, const struct nlmsghdr *req)
{
	struct nl_msg *msg = fake_msg(req, VDSA_CMD_INST_GET, false, false);

	put_inst(msg, false, VDSA_INST_CREATED);
	fake_send_msg(f, req, msg);
	fake_ack(f, req);
}

/* A destroy (or any instance request) that succeeds; f->seen: the command. */
static void step_inst_ok(struct fake *f, const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = NLMSG_DATA(req);
	const struct nlattr *uuid = req_attr(req, VDSA_A_INST_UUID);
	struct nl_msg *msg = fake_msg(req, g->cmd, false, false);
	bool a = uuid && !memcmp(nla_data(uuid), INST_A, VDSA_UUID_LEN);

	f->seen = g->cmd;
	put_inst(msg, a, a ? VDSA_INST_BOUND_VFIO : VDSA_INST_CREATED);
	fake_send_msg(f, req, msg);
	fake_ack(f, req);
}

/* inst-unbind of an mdev-bound instance: the kernel leaves it to the mdev. */
static void step_inst_unbind_mdev(struct fake *f, const struct nlmsghdr *req)
{
	fake_error(f, req, -EOPNOTSUPP,
		   (struct canned_ext){ "bound to mdev: remove the mdev", CANNED_NONE, CANNED_NONE,
					CANNED_NONE });
}

/* Any configuring request on a degraded device. */
static void step_degraded_eio(struct fake *f, const struct nlmsghdr *req)
{
	fake_error(f, req, -EIO,
		   (struct canned_ext){ "dsa3 is degraded (" DEGRADED_REASON
					"): dev-reset or removing the device recovers it",
					CANNED_NONE, CANNED_NONE, CANNED_NONE });
}

static void step_inst_destroy_eio(struct fake *f, const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = NLMSG_DATA(req);

	f->seen = g->cmd;
	fake_error(f, req, -EIO,
		   (struct canned_ext){ "the provider failed to disable wq 1", CANNED_NONE,
					CANNED_NONE, CANNED_NONE });
}

/* ---- the fake kernel's loop ----------------------------------------------------- */

static void *fake_main(void *arg)
{
	struct fake *f = arg;
	uint8_t buf[8192];
	ssize_t n;

	for (;;) {
		pthread_mutex_lock(&f->lock);
		if (f->stop) {
			pthread_mutex_unlock(&f->lock);
			return NULL;
		}
		pthread_mutex_unlock(&f->lock);
		n = recv(f->fd, buf, sizeof(buf), 0);
		if (n < (ssize_t)NLMSG_HDRLEN)
			continue; /* the receive timeout: look at stop again */
		pthread_mutex_lock(&f->lock);
		if (f->n_requests < MAX_STEPS) {
			const struct genlmsghdr *g = NLMSG_DATA((struct nlmsghdr *)buf);

			f->cmds[f->n_requests] = g->cmd;
			f->flags[f->n_requests] = ((struct nlmsghdr *)buf)->nlmsg_flags;
		}
		f->n_requests++;
		memcpy(f->last_req, buf,
		       (size_t)n < sizeof(f->last_req) ? (size_t)n : sizeof(f->last_req));
		if (f->next < f->n_steps)
			f->steps[f->next++](f, (struct nlmsghdr *)buf);
		else
			tap_diag("fake kernel: unexpected request, no answer");
		pthread_mutex_unlock(&f->lock);
	}
}

static void fake_script(struct fake *f, int n, const fake_step *steps)
{
	pthread_mutex_lock(&f->lock);
	memcpy(f->steps, steps, (size_t)n * sizeof(*steps));
	f->n_steps = n;
	f->next = 0;
	f->n_requests = 0;
	f->seen = -1;
	pthread_mutex_unlock(&f->lock);
}

static int fake_start(struct fake *f)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_usec = 100000 };
	socklen_t len = sizeof(addr);

	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	f->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);
	if (f->fd < 0)
		return -errno;
	if (bind(f->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    getsockname(f->fd, (struct sockaddr *)&addr, &len) < 0 ||
	    setsockopt(f->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		close(f->fd);
		return -errno;
	}
	f->port = addr.nl_pid;
	return -pthread_create(&f->thread, NULL, fake_main, f);
}

static void fake_stop(struct fake *f)
{
	pthread_mutex_lock(&f->lock);
	f->stop = true;
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	close(f->fd);
	pthread_mutex_destroy(&f->lock);
}

/* A context whose requests go to the fake kernel. */
static struct vdsa_ctx *fake_ctx(struct fake *f, int family)
{
	struct vdsa_ctx *ctx = NULL;
	struct nl_sock *sk;

	vdsa_ctx_new(&ctx);
	sk = nl_socket_alloc();
	if (!sk || nl_connect(sk, NETLINK_USERSOCK) < 0) {
		printf("Bail out! cannot open a NETLINK_USERSOCK socket\n");
		exit(1);
	}
	nl_socket_set_peer_port(sk, f->port);
	nl_socket_enable_msg_peek(sk);
	vdsa_nl_use_socket(ctx, sk, family);
	return ctx;
}

static const fake_step world[] = { step_dev_dump, step_group_dump, step_engine_dump, step_wq_dump,
				   step_inst_dump };

/* A reset, and the re-read of its device: a get and three filtered dumps. */
static const fake_step reread[] = { step_dev_reset, step_dev_get, step_group_dump, step_engine_dump,
				    step_wq_dump };

/* Refreshes the snapshot from the world; its device dsa3. */
static struct vdsa_dev *world_dev(struct fake *f, struct vdsa_ctx *ctx)
{
	struct vdsa_dev *dev = NULL;

	fake_script(f, 5, world);
	vdsa_ctx_refresh(ctx);
	vdsa_dev_find(ctx, "dsa3", &dev);
	return dev;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_refresh(struct fake *f, struct vdsa_ctx *ctx)
{
	struct vdsa_dev *dev = NULL;
	struct vdsa_wq *wq = NULL, *w = NULL;
	struct vdsa_group *group;
	const uint32_t *engines = NULL;
	uint32_t v = 0;

	fake_script(f, 5, world);
	tap_int(vdsa_ctx_refresh(ctx), 1, "refresh reads one device");
	tap_int(f->n_requests, 5, "in five requests");
	tap_ok(f->cmds[0] == VDSA_CMD_DEV_GET && f->cmds[1] == VDSA_CMD_GROUP_GET &&
		       f->cmds[2] == VDSA_CMD_ENGINE_GET && f->cmds[3] == VDSA_CMD_WQ_GET &&
		       f->cmds[4] == VDSA_CMD_INST_GET,
	       "devices first, then groups, engines, WQs and instances");
	tap_ok((f->flags[0] & NLM_F_DUMP) == NLM_F_DUMP && (f->flags[3] & NLM_F_DUMP) == NLM_F_DUMP,
	       "all of them dumps");
	tap_int(vdsa_dev_find(ctx, "dsa3", &dev), 0, "find dsa3");
	tap_int(vdsa_dev_get_id(dev), DEV_ID, "its kernel id");
	tap_int(vdsa_dev_get_generation(dev), GEN, "its generation");
	tap_int(vdsa_dev_get_max_transfer_size(dev), 1ULL << 31, "a u64 attribute");
	tap_int(vdsa_dev_get_op_cap(dev)[1], 0x03, "op-cap");
	tap_int(vdsa_wq_find_by_name(ctx, "wq3.1", &wq), 0, "wq3.1: the number of dsa3");
	tap_int(vdsa_wq_find_by_name(ctx, "wq5.1", &w), -ENODEV, "wq5.1: not the kernel id");
	tap_int(vdsa_wq_find_by_name(ctx, "5:1", &w), 0, "5:1: kernel id and WQ id");
	tap_ok(w == wq, "the same WQ");
	w = NULL;
	tap_int(vdsa_wq_find_by_name(ctx, "dsa3:1", &w), 0, "dsa3:1");
	tap_ok(w == wq, "the same WQ");
	tap_str(vdsa_wq_get_devname(wq), "wq3.1", "its idxd name");
	wq = vdsa_wq_get_first(dev);
	tap_int(vdsa_wq_get_threshold(wq, &v), 0, "WQ 0 has a threshold");
	tap_int(v, 4, "of 4");
	tap_str(vdsa_wq_get_name(wq), "app", "and a name");
	tap_int(vdsa_wq_get_group_id(wq, &v), 0, "and a group");
	tap_int(vdsa_wq_get_threshold(vdsa_wq_get_next(wq), &v), -ENODATA,
		"WQ 1 (dedicated) has none");
	tap_ok(vdsa_wq_get_next(vdsa_wq_get_next(wq)) == NULL, "two WQs");
	group = vdsa_group_get_first(dev);
	tap_str(vdsa_group_get_devname(group), "group3.0", "group idxd name");
	tap_ok(vdsa_group_get_engines(group, &engines) == 1 && engines[0] == 1,
	       "group 0 has engine 1");
	tap_int(vdsa_engine_get_group_id(vdsa_engine_get_first(dev), &v), -ENODATA,
		"engine 0 is in no group");
	tap_int(vdsa_wq_find_free(dev, &w), 0, "a free WQ");
	tap_int(vdsa_wq_get_id(w), 1, "WQ 1");
}

static void test_refresh_retries(struct fake *f, struct vdsa_ctx *ctx)
{
	const fake_step intr[] = { step_dev_dump_intr, step_dev_dump, step_group_dump,
				   step_engine_dump,   step_wq_dump,  step_inst_dump };
	const fake_step newer[] = { step_dev_dump,	step_group_dump,  step_engine_dump,
				    step_wq_dump_newer, step_inst_dump,	  step_dev_dump,
				    step_group_dump,	step_engine_dump, step_wq_dump,
				    step_inst_dump };
	struct vdsa_dev *dev = NULL;

	fake_script(f, 6, intr);
	tap_int(vdsa_ctx_refresh(ctx), 1, "a dump interrupted by a change");
	tap_int(f->n_requests, 6, "is read again from the start");
	tap_ok(f->cmds[0] == VDSA_CMD_DEV_GET && f->cmds[1] == VDSA_CMD_DEV_GET,
	       "the device dump twice");
	vdsa_dev_find(ctx, "dsa3", &dev);
	tap_int(vdsa_dev_get_generation(dev), GEN, "and the second reading counts");

	fake_script(f, 10, newer);
	tap_int(vdsa_ctx_refresh(ctx), 1, "WQs newer than their device");
	tap_int(f->n_requests, 10, "make the refresh start over");
}

static void test_refresh_failures(struct fake *f, struct vdsa_ctx *ctx)
{
	const fake_step bad[] = { step_dev_dump_bad };
	const fake_step dump_err[] = { step_dev_dump, step_group_dump_fails };
	struct vdsa_dev *dev = NULL, *again = NULL;

	dev = world_dev(f, ctx);

	fake_script(f, 1, bad);
	tap_int(vdsa_ctx_refresh(ctx), -EPROTO, "a device without a name is -EPROTO");
	tap_int(vdsa_dev_find(ctx, "dsa3", &again), 0, "the old snapshot stays");
	tap_ok(again == dev, "with the same objects");

	fake_script(f, 2, dump_err);
	tap_int(vdsa_ctx_refresh(ctx), -ENODEV, "a dump ending in an error");
	tap_str(vdsa_ctx_get_last_error(ctx), "dump filter dev-id: no such device",
		"keeps the DONE's message");
}

static void test_wq_requests(struct fake *f, struct vdsa_ctx *ctx)
{
	const fake_step refused[] = { step_wq_set_threshold_refused };
	const fake_step timedout[] = { step_wq_set_timedout };
	const fake_step ok[] = { step_wq_set_ok };
	const fake_step perm[] = { step_perm };
	struct vdsa_wq_req *req = NULL;
	struct vdsa_dev *dev = NULL;
	struct vdsa_wq *wq = NULL;

	dev = world_dev(f, ctx);
	vdsa_wq_find(dev, 1, &wq);

	vdsa_wq_req_new(wq, &req);
	vdsa_wq_req_set_size(req, 4);
	vdsa_wq_req_set_threshold(req, 2);
	fake_script(f, 1, refused);
	tap_int(vdsa_wq_req_submit(req, 0), -EINVAL, "the kernel refuses: -EINVAL");
	tap_str(vdsa_ctx_get_last_error(ctx), "threshold is only valid on shared WQs",
		"with its message");
	tap_str(vdsa_ctx_get_last_error_attr(ctx), "threshold", "naming the attribute");
	tap_int(vdsa_wq_get_size(wq), 0, "the snapshot is untouched");
	vdsa_wq_req_unref(req);

	vdsa_wq_req_new(wq, &req);
	vdsa_wq_req_set_size(req, 4);
	fake_script(f, 1, timedout);
	tap_int(vdsa_wq_req_submit(req, 0), -ETIMEDOUT, "ETIMEDOUT reaches the caller raw");
	tap_ok(vdsa_ctx_get_last_error(ctx) == NULL, "the previous message is gone");

	fake_script(f, 1, perm);
	tap_int(vdsa_wq_req_submit(req, 0), -EPERM, "EPERM");

	fake_script(f, 1, ok);
	tap_int(vdsa_wq_req_submit(req, VDSA_SUBMIT_VALIDATE_ONLY), 0, "validate-only");
	tap_int(f->seen, 1, "sends the validate-only flag");
	tap_int(vdsa_wq_get_size(wq), 0, "and leaves the snapshot alone");

	fake_script(f, 1, ok);
	tap_int(vdsa_wq_req_submit(req, 0), 0, "the request goes through");
	tap_int(f->seen, 0, "without the validate-only flag");
	tap_int(vdsa_wq_get_size(wq), 4, "the WQ takes the reply");
	tap_int(vdsa_dev_get_wq_size_used(dev), 12, "the device's wq-size-used follows");
	tap_int(vdsa_dev_get_generation(dev), GEN + 1, "and its generation");
	tap_int(dev->config_generation, GEN, "but not the generation configurations pin");
	vdsa_wq_req_unref(req);
}

static void test_config_request(struct fake *f, struct vdsa_ctx *ctx)
{
	const fake_step refused[] = { step_config_refused };
	struct vdsa_config_req *cfg = NULL;
	struct vdsa_wq_req *w = NULL;
	struct vdsa_dev *dev = NULL;

	dev = world_dev(f, ctx);
	tap_int(vdsa_config_req_new(dev, &cfg), 0, "a configuration request");
	vdsa_config_req_get_wq(cfg, 1, &w);
	vdsa_wq_req_set_size(w, 100);
	fake_script(f, 1, refused);
	tap_int(vdsa_config_req_submit(cfg, 0), -ENOSPC, "refused with ENOSPC");
	tap_int(f->seen, GEN, "it was pinned to the snapshot's generation");
	tap_str(vdsa_ctx_get_last_error_attr(ctx), "wq[1].size", "the attribute: wq[1].size");
	vdsa_config_req_unref(cfg);
}

static void test_reset(struct fake *f, struct vdsa_ctx *ctx)
{
	struct vdsa_dev *dev = NULL;
	struct vdsa_wq *wq = NULL, *wq_after = NULL;

	dev = world_dev(f, ctx);
	vdsa_wq_find(dev, 0, &wq);
	dev->config_generation = 0;
	fake_script(f, 5, reread);
	tap_int(vdsa_dev_reset(dev, 0), 0, "reset");
	tap_int(f->n_requests, 5, "then the device is read again");
	tap_ok(f->cmds[0] == VDSA_CMD_DEV_RESET && f->cmds[1] == VDSA_CMD_DEV_GET &&
		       !(f->flags[1] & NLM_F_DUMP) && (f->flags[2] & NLM_F_DUMP),
	       "with a get of the device and dumps of its objects");
	tap_int(f->seen, DEV_ID, "by its id");
	tap_int(dev->config_generation, GEN, "the re-read pins the generation again");
	vdsa_wq_find(dev, 0, &wq_after);
	tap_ok(wq == wq_after, "objects are updated in place");
	tap_int(vdsa_wq_get_state(wq), VDSA_STATE_ENABLED, "with what the kernel said");
}

static void test_degraded(struct fake *f, struct vdsa_ctx *ctx)
{
	const fake_step old_kernel[] = { step_dev_dump_old, step_group_dump, step_engine_dump,
					 step_wq_dump, step_inst_dump };
	const fake_step eio[] = { step_degraded_eio };
	struct vdsa_wq_req *req = NULL;
	struct vdsa_dev *dev = NULL;
	struct vdsa_wq *wq = NULL;

	dev = world_dev(f, ctx);
	tap_int(vdsa_dev_get_oper_state(dev), VDSA_OPER_OK, "a healthy device is ok");
	tap_ok(vdsa_dev_get_degraded_reason(dev) == NULL, "and has no reason");

	degraded_reason = DEGRADED_REASON;
	fake_script(f, 5, world);
	tap_int(vdsa_ctx_refresh(ctx), 1, "refresh with a degraded device");
	vdsa_dev_find(ctx, "dsa3", &dev);
	tap_int(vdsa_dev_get_oper_state(dev), VDSA_OPER_DEGRADED, "the device is degraded");
	tap_str(vdsa_dev_get_degraded_reason(dev), DEGRADED_REASON, "with the kernel's reason");
	tap_str(vdsa_oper_state_name(vdsa_dev_get_oper_state(dev)), "degraded", "named degraded");

	/* A configuring request: the kernel's EIO and its message, untouched. */
	vdsa_wq_find(dev, 1, &wq);
	vdsa_wq_req_new(wq, &req);
	vdsa_wq_req_set_size(req, 4);
	fake_script(f, 1, eio);
	tap_int(vdsa_wq_req_submit(req, 0), -EIO, "a degraded device refuses with -EIO");
	tap_str(vdsa_ctx_get_last_error(ctx),
		"dsa3 is degraded (" DEGRADED_REASON
		"): dev-reset or removing the device recovers it",
		"the kernel's message is kept");
	tap_ok(vdsa_ctx_get_last_error_attr(ctx) == NULL, "no attribute blamed");
	tap_int(vdsa_wq_get_size(wq), 0, "the snapshot is untouched");
	vdsa_wq_req_unref(req);

	/* dev-reset recovers it; the device object is updated in place. */
	degraded_reason = NULL;
	fake_script(f, 5, reread);
	tap_int(vdsa_dev_reset(dev, 0), 0, "dev reset of a degraded device");
	tap_int(vdsa_dev_get_oper_state(dev), VDSA_OPER_OK, "the device is ok again");
	tap_ok(vdsa_dev_get_degraded_reason(dev) == NULL, "and has no reason any more");

	fake_script(f, 5, old_kernel);
	tap_int(vdsa_ctx_refresh(ctx), 1, "a kernel without the operational state");
	vdsa_dev_find(ctx, "dsa3", &dev);
	tap_int(vdsa_dev_get_oper_state(dev), VDSA_OPER_OK, "reads as ok");
	tap_ok(vdsa_dev_get_degraded_reason(dev) == NULL, "without a reason");
	tap_int(vdsa_dev_get_oper_state(NULL), 0, "oper state of NULL");
	tap_ok(vdsa_dev_get_degraded_reason(NULL) == NULL, "reason of NULL");
}

/* Parses a notification as the monitor does; NULL if it yields no event. */
static struct vdsa_event *event_of(struct nl_msg *msg, int expect)
{
	struct vdsa_event *ev = NULL;
	int r = vdsa_event_parse(nlmsg_hdr(msg), &ev);

	if (r != expect)
		tap_diag("vdsa_event_parse: %d, expected %d", r, expect);
	nlmsg_free(msg);
	return ev;
}

static struct nl_msg *ntf_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, cmd, 1);
	return msg;
}

static void test_events(void)
{
	enum vdsa_oper_state state = 0;
	uint32_t id = 0;
	struct vdsa_event *ev;
	struct nl_msg *msg;

	degraded_reason = DEGRADED_REASON;
	msg = ntf_msg(VDSA_CMD_DEV_CHANGE_NTF);
	put_dev(msg, "dsa3", GEN + 2);
	ev = event_of(msg, 0);
	tap_int(vdsa_event_get_type(ev), VDSA_EVENT_DEV_CHANGE,
		"dev-change-ntf: a dev-change event");
	tap_int(vdsa_event_get_generation(ev), GEN + 2, "with the new generation");
	tap_int(vdsa_event_get_dev_oper_state(ev, &state), 0, "carrying the state");
	tap_int(state, VDSA_OPER_DEGRADED, "degraded");
	tap_str(vdsa_event_get_dev_degraded_reason(ev), DEGRADED_REASON, "and why");
	vdsa_event_unref(ev);

	degraded_reason = NULL;
	msg = ntf_msg(VDSA_CMD_DEV_CHANGE_NTF);
	put_dev(msg, "dsa3", GEN + 3);
	ev = event_of(msg, 0);
	tap_int(vdsa_event_get_dev_oper_state(ev, &state), 0, "the recovery's dev-change event");
	tap_int(state, VDSA_OPER_OK, "says ok");
	tap_ok(vdsa_event_get_dev_degraded_reason(ev) == NULL, "without a reason");
	vdsa_event_unref(ev);

	msg = ntf_msg(VDSA_CMD_DEV_ADD_NTF);
	nla_put_u32(msg, VDSA_A_DEV_ID, DEV_ID);
	nla_put_string(msg, VDSA_A_DEV_NAME, "dsa3");
	ev = event_of(msg, 0);
	state = 0;
	tap_int(vdsa_event_get_dev_oper_state(ev, &state), -ENODATA,
		"a device event without the state: -ENODATA");
	tap_int(state, 0, "leaving the output alone");
	vdsa_event_unref(ev);

	msg = ntf_msg(VDSA_CMD_WQ_CHANGE_NTF);
	nla_put_u32(msg, VDSA_A_WQ_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_WQ_ID, 1);
	nla_put_u32(msg, VDSA_A_WQ_STATE, VDSA_STATE_ENABLED);
	ev = event_of(msg, 0);
	tap_int(vdsa_event_get_type(ev), VDSA_EVENT_WQ_CHANGE, "a wq-change event");
	tap_int(vdsa_event_get_group_id(ev, &id), -ENODATA, "names no group");
	vdsa_event_unref(ev);

	msg = ntf_msg(VDSA_CMD_GROUP_CHANGE_NTF);
	nla_put_u32(msg, VDSA_A_GROUP_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_GROUP_ID, 2);
	nla_put_u32(msg, VDSA_A_GROUP_GENERATION, GEN + 3);
	ev = event_of(msg, 0);
	tap_int(vdsa_event_get_type(ev), VDSA_EVENT_GROUP_CHANGE,
		"group-change-ntf: a group event");
	tap_int(vdsa_event_get_group_id(ev, &id), 0, "naming its group");
	tap_int(id, 2, "group 2");
	tap_int(vdsa_event_get_generation(ev), GEN + 3, "with the new generation");
	tap_int(vdsa_event_get_wq_id(ev, &id), -ENODATA, "and no WQ");
	vdsa_event_unref(ev);

	msg = ntf_msg(VDSA_CMD_GROUP_CHANGE_NTF);
	nla_put_u32(msg, VDSA_A_GROUP_DEV_ID, DEV_ID);
	ev = event_of(msg, -EPROTO);
	tap_ok(ev == NULL, "a group event without its id is -EPROTO");
	msg = ntf_msg(VDSA_CMD_WQ_CHANGE_NTF);
	nla_put_u32(msg, VDSA_A_WQ_DEV_ID, DEV_ID);
	nla_put_u32(msg, VDSA_A_WQ_ID, 1);
	nla_put_u32(msg, VDSA_A_WQ_STATE, VDSA_STATE_ENABLED);
	ev = event_of(msg, 0);
	tap_int(vdsa_event_get_dev_oper_state(ev, &state), -ENODATA, "has no device state");
	tap_ok(vdsa_event_get_dev_degraded_reason(ev) == NULL, "nor a reason");
	vdsa_event_unref(ev);

	msg = ntf_msg(VDSA_CMD_DEV_CHANGE_NTF);
	nla_put_u32(msg, VDSA_A_DEV_ID, DEV_ID);
	ev = event_of(msg, -EPROTO);
	tap_ok(ev == NULL, "a device event without its name is -EPROTO");
	tap_int(vdsa_event_get_dev_oper_state(NULL, &state), -EINVAL, "NULL event");
	tap_ok(vdsa_event_get_dev_degraded_reason(NULL) == NULL, "NULL event: no reason");
}

/* The contents of @path (first line), or "" if unreadable. */
static const char *file_text(const char *path)
{
	static char buf[128];
	FILE *fp = fopen(path, "r");

	buf[0] = '\0';
	if (fp) {
		if (!fgets(buf, sizeof(buf), fp))
			buf[0] = '\0';
		fclose(fp);
	}
	return buf;
}

static void make_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd >= 0)
		close(fd);
}

static char sysfs_root[] = "/tmp/vdsa-lib-replay-XXXXXX";
static char create_file[256], remove_dir[256], remove_file[300];

/* A fake sysfs with the mdev type's create file and B's mdev remove file. */
static void make_sysfs(void)
{
	char path[256];

	if (!mkdtemp(sysfs_root)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		exit(1);
	}
	snprintf(path, sizeof(path),
		 "mkdir -p %s/class/mdev_bus/vdsa_sim3/mdev_supported_types/"
		 "vdsa_sim-vdsa-inst %s/bus/mdev/devices/" INST_B_STR,
		 sysfs_root, sysfs_root);
	if (system(path) != 0) {
		printf("Bail out! %s failed\n", path);
		exit(1);
	}
	snprintf(create_file, sizeof(create_file),
		 "%s/class/mdev_bus/vdsa_sim3/mdev_supported_types/vdsa_sim-vdsa-inst/create",
		 sysfs_root);
	snprintf(remove_dir, sizeof(remove_dir), "%s/bus/mdev/devices/" INST_B_STR, sysfs_root);
	snprintf(remove_file, sizeof(remove_file), "%s/remove", remove_dir);
	make_file(create_file);
	setenv("VDSA_SYSFS_ROOT", sysfs_root, 1);
}

static void remove_sysfs(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", sysfs_root);
	if (system(cmd) != 0)
		tap_diag("cannot remove %s", sysfs_root);
}

static struct vdsa_inst_req *create_req(struct vdsa_dev *dev, enum vdsa_inst_binding binding)
{
	struct vdsa_inst_req *req = NULL;
	struct vdsa_wq_req *prof = NULL;

	vdsa_inst_req_new(dev, &req);
	vdsa_inst_req_set_uuid(req, INST_B);
	vdsa_inst_req_set_wq_count(req, 2);
	vdsa_inst_req_get_profile(req, &prof);
	vdsa_wq_req_set_mode(prof, VDSA_MODE_SHARED);
	vdsa_wq_req_set_size(prof, 8);
	vdsa_wq_req_set_threshold(prof, 4);
	vdsa_wq_req_set_priority(prof, 5);
	if (binding)
		vdsa_inst_req_set_binding(req, binding);
	return req;
}

static void test_instances(struct fake *f, struct vdsa_ctx *ctx)
{
	const fake_step old_kernel[] = { step_dev_dump, step_group_dump, step_engine_dump,
					 step_wq_dump, step_inst_dump_unsupported };
	const fake_step create_mdev[] = { step_inst_create, step_inst_get_b_mdev };
	const fake_step create_only[] = { step_inst_create };
	const fake_step create_undo[] = { step_inst_create, step_inst_ok };
	const fake_step garbled[] = { step_inst_create_garbled, step_inst_ok };
	const fake_step destroy_fails[] = { step_inst_unbind_mdev, step_inst_get_b_created,
					    step_inst_destroy_eio, step_inst_get_b_mdev };
	const fake_step nospc[] = { step_inst_create_nospc };
	const fake_step unbind_mdev[] = { step_inst_unbind_mdev, step_inst_get_b_created };
	const fake_step ok[] = { step_inst_ok };
	struct vdsa_inst *inst = NULL, *b = NULL, *it;
	struct vdsa_inst_req *req;
	struct vdsa_dev *dev = NULL;
	struct vdsa_wq *wq = NULL;
	const uint32_t *wqs = NULL;
	uuid_t uuid;
	uint32_t v = 0;
	int n;

	dev = world_dev(f, ctx);
	tap_int(vdsa_inst_find(ctx, INST_A, &inst), 0, "instance A is in the snapshot");
	tap_str(vdsa_inst_get_uuid_str(inst), INST_A_STR, "its UUID as text");
	tap_str(vdsa_inst_get_name(inst), "vm1", "its name");
	tap_ok(vdsa_inst_get_dev(inst) == dev, "its device");
	tap_int(vdsa_inst_get_state(inst), VDSA_INST_BOUND_VFIO, "bound to vfio");
	tap_int(vdsa_inst_get_vfio_group(inst, &v), 0, "with a vfio group");
	tap_int(v, 7, "7");
	tap_ok(vdsa_inst_get_wqs(inst, &wqs) == 1 && wqs[0] == 0, "owning WQ 0");
	tap_str(vdsa_inst_get_mdev_type(inst), "vdsa_sim-vdsa-inst", "the mdev type");
	/* The kernel sends no paths: the library builds them from the UUID. */
	tap_str(vdsa_inst_get_sysfs_path(inst), "/sys/bus/vdsa/devices/" INST_A_STR,
		"its vdsa bus device");
	tap_str(vdsa_inst_get_device_path(inst), "/sys/bus/vdsa/devices/" INST_A_STR,
		"bound to vfio: the vdsa bus device is what QEMU takes");
	tap_ok(vdsa_inst_get_first_by_dev(dev) == inst && !vdsa_inst_get_next(inst),
	       "the device's only instance");
	vdsa_wq_find(dev, 0, &wq);
	tap_int(vdsa_wq_get_inst_uuid(wq, uuid), 0, "WQ 0 has an owner");
	tap_ok(!memcmp(uuid, INST_A, sizeof(uuid)), "instance A");
	vdsa_wq_find(dev, 1, &wq);
	tap_int(vdsa_wq_get_inst_uuid(wq, uuid), -ENODATA, "WQ 1 has none");
	tap_str(vdsa_inst_state_name(VDSA_INST_BOUND_MDEV), "bound-mdev", "state names");

	/* Validate-only creates nothing. */
	req = create_req(dev, 0);
	fake_script(f, 1, create_only);
	tap_int(vdsa_inst_req_submit(req, VDSA_SUBMIT_VALIDATE_ONLY, &b), 0,
		"a validate-only create");
	tap_int(f->seen, 2, "sends count, profile, UUID and the validate-only flag");
	tap_ok(b == NULL && vdsa_inst_find(ctx, INST_B, &b) == -ENODEV,
	       "and adds nothing to the snapshot");

	/* A refused create: the kernel's errno, message and attribute. */
	fake_script(f, 1, nospc);
	tap_int(vdsa_inst_req_submit(req, 0, &b), -ENOSPC, "a refused create is -ENOSPC");
	tap_str(vdsa_ctx_get_last_error_attr(ctx), "wq-count", "blaming wq-count");
	vdsa_inst_req_unref(req);

	/* Create and bind to mdev: the UUID goes to the type's create file. */
	req = create_req(dev, VDSA_BIND_MDEV);
	fake_script(f, 2, create_mdev);
	tap_int(vdsa_inst_req_submit(req, 0, &b), 0, "create --bind mdev");
	tap_int(f->seen, 1, "the kernel got no binding attribute");
	tap_str(file_text(create_file), INST_B_STR, "the UUID was written to the create file");
	tap_int(f->n_requests, 2, "then the instance was read back");
	tap_int(vdsa_inst_get_state(b), VDSA_INST_BOUND_MDEV, "bound to mdev");
	tap_str(vdsa_inst_get_device_path(b), "/sys/bus/mdev/devices/" INST_B_STR,
		"reached through its mdev");
	n = 0;
	vdsa_inst_foreach(ctx, it)
		n++;
	tap_int(n, 2, "two instances in the snapshot");

	/* A destroy the kernel refuses after the mdev was removed: bound again. */
	make_file(remove_file);
	make_file(create_file);
	fake_script(f, 4, destroy_fails);
	f->seen = 0;
	tap_int(vdsa_inst_destroy(b, 0), -EIO, "a destroy that fails after the mdev went: -EIO");
	tap_int(f->seen, VDSA_CMD_INST_DESTROY, "the kernel was asked to destroy");
	tap_str(file_text(remove_file), "1", "after the mdev was removed");
	tap_str(file_text(create_file), INST_B_STR, "then the UUID went to the create file again");
	tap_int(vdsa_inst_get_state(b), VDSA_INST_BOUND_MDEV, "bound to mdev again");
	tap_ok(vdsa_ctx_get_last_error(ctx) &&
		       strstr(vdsa_ctx_get_last_error(ctx), "failed to disable wq 1"),
	       "the error is the kernel's");
	tap_int(vdsa_inst_find(ctx, INST_B, &it), 0, "B is still in the snapshot");

	/* Unbind: the kernel says EOPNOTSUPP, the library removes the mdev. */
	make_file(remove_file);
	fake_script(f, 2, unbind_mdev);
	tap_int(vdsa_inst_unbind(b, 0), 0, "unbind an mdev-bound instance");
	tap_str(file_text(remove_file), "1", "1 was written to the mdev's remove file");
	tap_int(vdsa_inst_get_state(b), VDSA_INST_CREATED, "the instance is created again");
	tap_ok(vdsa_ctx_get_last_error(ctx) == NULL, "no error left behind");

	/* Destroy: marked gone, skipped, the pointer still readable. */
	fake_script(f, 1, ok);
	tap_int(vdsa_inst_destroy(b, 0), 0, "destroy");
	tap_int(f->seen, VDSA_CMD_INST_DESTROY, "one inst-destroy");
	tap_int(vdsa_inst_find(ctx, INST_B, &it), -ENODEV, "B is gone from the lookups");
	tap_str(vdsa_inst_get_uuid_str(b), INST_B_STR, "its object is still valid");
	tap_int(vdsa_inst_destroy(b, 0), -ENODEV, "destroying it again is -ENODEV");

	/* The mdev step fails: the instance is destroyed again. */
	unlink(create_file);
	fake_script(f, 2, create_undo);
	f->seen = 0;
	b = NULL;
	tap_int(vdsa_inst_req_submit(req, 0, &b), -ENOENT, "no create file: -ENOENT");
	tap_ok(b == NULL, "no instance returned");
	tap_int(f->seen, VDSA_CMD_INST_DESTROY, "the instance was destroyed again");
	tap_ok(vdsa_ctx_get_last_error(ctx) &&
		       strstr(vdsa_ctx_get_last_error(ctx), "does not exist") &&
		       strstr(vdsa_ctx_get_last_error(ctx), "vdsa_sim-vdsa-inst"),
	       "the error names the missing mdev type");
	tap_int(vdsa_inst_find(ctx, INST_B, &it), -ENODEV, "nothing left in the snapshot");
	vdsa_inst_req_unref(req);

	/* A reply the library cannot read: the kernel did create; undo it by UUID. */
	req = create_req(dev, 0);
	fake_script(f, 2, garbled);
	f->seen = 0;
	tap_int(vdsa_inst_req_submit(req, 0, &b), -EPROTO, "an unreadable create reply is -EPROTO");
	tap_int(f->n_requests, 2, "a second request followed");
	tap_int(f->seen, VDSA_CMD_INST_DESTROY,
		"an inst-destroy: the instance was destroyed again");
	tap_ok(vdsa_ctx_get_last_error(ctx) &&
		       strstr(vdsa_ctx_get_last_error(ctx), "reading the kernel's reply"),
	       "the error says why");
	n = 0;
	vdsa_inst_foreach(ctx, it)
		n++;
	tap_int(n, 1, "the snapshot still holds only A");
	vdsa_inst_req_unref(req);

	/* A module without instances: a refresh still works. */
	fake_script(f, 5, old_kernel);
	tap_int(vdsa_ctx_refresh(ctx), 1, "inst-get EOPNOTSUPP: the refresh succeeds");
	tap_ok(vdsa_inst_get_first(ctx) == NULL, "with no instances");
	tap_ok(vdsa_ctx_get_last_error(ctx) == NULL, "and no error");
}

static void test_no_family(struct fake *f)
{
	struct vdsa_ctx *ctx = fake_ctx(f, -EOPNOTSUPP);
	struct vdsa_monitor *mon = NULL;

	fake_script(f, 0, NULL);
	tap_int(vdsa_ctx_refresh(ctx), -EOPNOTSUPP, "no family: -EOPNOTSUPP");
	tap_int(vdsa_monitor_new(ctx, &mon), -EOPNOTSUPP, "the monitor too");
	tap_int(f->n_requests, 0, "without asking the kernel");
	vdsa_ctx_unref(ctx);
}

int main(void)
{
	struct vdsa_ctx *ctx;
	struct fake f;
	int r;

	make_sysfs();
	r = fake_start(&f);
	if (r < 0) {
		remove_sysfs();
		printf("1..0 # SKIP no NETLINK_USERSOCK socket: %s\n", strerror(-r));
		return 0;
	}
	ctx = fake_ctx(&f, FAMILY);
	test_refresh(&f, ctx);
	test_refresh_retries(&f, ctx);
	test_refresh_failures(&f, ctx);
	test_wq_requests(&f, ctx);
	test_config_request(&f, ctx);
	test_reset(&f, ctx);
	test_degraded(&f, ctx);
	test_instances(&f, ctx);
	vdsa_ctx_unref(ctx);
	test_no_family(&f);
	test_events();
	fake_stop(&f);
	remove_sysfs();
	return tap_done();
}
