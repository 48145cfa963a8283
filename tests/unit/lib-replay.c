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

/* The world: dsa3 (kernel id 5, generation 10), 1 group, 2 engines, 2 WQs. */
#define DEV_ID 5
#define GEN 10

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

static const fake_step world[] = { step_dev_dump, step_group_dump, step_engine_dump, step_wq_dump };

/* ---- tests ------------------------------------------------------------------------ */

static void test_refresh(struct fake *f, struct vdsa_ctx *ctx)
{
	struct vdsa_dev *dev = NULL;
	struct vdsa_wq *wq = NULL, *w = NULL;
	struct vdsa_group *group;
	const uint32_t *engines = NULL;
	uint32_t v = 0;

	fake_script(f, 4, world);
	tap_int(vdsa_ctx_refresh(ctx), 1, "refresh reads one device");
	tap_int(f->n_requests, 4, "in four requests");
	tap_ok(f->cmds[0] == VDSA_CMD_DEV_GET && f->cmds[1] == VDSA_CMD_GROUP_GET &&
		       f->cmds[2] == VDSA_CMD_ENGINE_GET && f->cmds[3] == VDSA_CMD_WQ_GET,
	       "devices first, then groups, engines and WQs");
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
				   step_engine_dump, step_wq_dump };
	const fake_step newer[] = { step_dev_dump,	step_group_dump, step_engine_dump,
				    step_wq_dump_newer, step_dev_dump,	 step_group_dump,
				    step_engine_dump,	step_wq_dump };
	struct vdsa_dev *dev = NULL;

	fake_script(f, 5, intr);
	tap_int(vdsa_ctx_refresh(ctx), 1, "a dump interrupted by a change");
	tap_int(f->n_requests, 5, "is read again from the start");
	tap_ok(f->cmds[0] == VDSA_CMD_DEV_GET && f->cmds[1] == VDSA_CMD_DEV_GET,
	       "the device dump twice");
	vdsa_dev_find(ctx, "dsa3", &dev);
	tap_int(vdsa_dev_get_generation(dev), GEN, "and the second reading counts");

	fake_script(f, 8, newer);
	tap_int(vdsa_ctx_refresh(ctx), 1, "WQs newer than their device");
	tap_int(f->n_requests, 8, "make the refresh start over");
}

static void test_refresh_failures(struct fake *f, struct vdsa_ctx *ctx)
{
	const fake_step bad[] = { step_dev_dump_bad };
	const fake_step dump_err[] = { step_dev_dump, step_group_dump_fails };
	struct vdsa_dev *dev = NULL, *again = NULL;

	fake_script(f, 4, world);
	vdsa_ctx_refresh(ctx);
	vdsa_dev_find(ctx, "dsa3", &dev);

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

	fake_script(f, 4, world);
	vdsa_ctx_refresh(ctx);
	vdsa_dev_find(ctx, "dsa3", &dev);
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

	fake_script(f, 4, world);
	vdsa_ctx_refresh(ctx);
	vdsa_dev_find(ctx, "dsa3", &dev);
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
	const fake_step reset[] = { step_dev_reset, step_dev_get, step_group_dump, step_engine_dump,
				    step_wq_dump };
	struct vdsa_dev *dev = NULL;
	struct vdsa_wq *wq = NULL, *wq_after = NULL;

	fake_script(f, 4, world);
	vdsa_ctx_refresh(ctx);
	vdsa_dev_find(ctx, "dsa3", &dev);
	vdsa_wq_find(dev, 0, &wq);
	dev->config_generation = 0;
	fake_script(f, 5, reset);
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

	r = fake_start(&f);
	if (r < 0) {
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
	vdsa_ctx_unref(ctx);
	test_no_family(&f);
	fake_stop(&f);
	return tap_done();
}
