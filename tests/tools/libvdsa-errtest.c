// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libvdsa-errtest: libvdsa against the real kernel family, for
 * tests/kernel/60-libvdsa.bats. Every fork costs ~30 ms in the TCG guest,
 * so one invocation runs a whole scenario and prints one TAP-like line per
 * check ("ok N - what", "not ok N - what: got ..."); the exit status is 0
 * only if every check passed (2 for a usage error).
 *
 *   libvdsa-errtest list DEV WQS ENGINES GROUPS  snapshot, iterators, names
 *   libvdsa-errtest requests DEV                 wq/group/config/reset requests
 *   libvdsa-errtest errors DEV                   the error paths
 *   libvdsa-errtest big DEV                      a configuration of many WQs
 *   libvdsa-errtest unpriv DEV                   as an unprivileged user
 *   libvdsa-errtest nofamily                     the module is not loaded
 *   libvdsa-errtest monitor DEV WQ READY-FILE    wait for WQ's enable event
 *   libvdsa-errtest all DEV [BIGDEV]             errors, requests, self-monitor
 *                                                (and big on BIGDEV)
 *
 * DEV is a device name of a simulated device with the default capabilities
 * (4 groups, 4 engines, 8 WQs, 128 WQ entries, 96 read buffers); the
 * scenarios reset it first.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vdsa/libvdsa.h>

static int n_checks, n_failed;

static bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++n_checks);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		n_failed++;
	fflush(stdout);
	return ok;
}

static void check_int(long long got, long long want, const char *what)
{
	if (got == want)
		check(true, "%s", what);
	else
		check(false, "%s: got %lld, want %lld", what, got, want);
}

#define CHECK_INT(got, want, what) check_int((long long)(got), (long long)(want), what)

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void check_str(const char *got, const char *want, const char *what)
{
	bool ok = str_eq(got, want);

	if (ok)
		check(true, "%s", what);
	else
		check(false, "%s: got \"%s\", want \"%s\"", what, got ? got : "(null)",
		      want ? want : "(null)");
}

static void check_contains(const char *got, const char *part, const char *what)
{
	bool ok = got && strstr(got, part);

	check(ok, "%s%s%s%s", what, ok ? "" : ": got \"",
	      ok  ? "" :
	      got ? got :
		    "(null)",
	      ok ? "" : "\"");
}

/* The last error must be what the kernel said, on the attribute it blamed. */
static void check_error(struct vdsa_ctx *ctx, int r, int want, const char *msg_part,
			const char *attr, const char *what)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s: errno", what);
	CHECK_INT(r, want, buf);
	snprintf(buf, sizeof(buf), "%s: message", what);
	if (msg_part)
		check_contains(vdsa_ctx_get_last_error(ctx), msg_part, buf);
	else
		check_str(vdsa_ctx_get_last_error(ctx), NULL, buf);
	snprintf(buf, sizeof(buf), "%s: attribute", what);
	check_str(vdsa_ctx_get_last_error_attr(ctx), attr, buf);
}

static struct vdsa_ctx *open_ctx(void)
{
	struct vdsa_ctx *ctx;
	int r;

	r = vdsa_ctx_new(&ctx);
	if (r < 0) {
		printf("Bail out! vdsa_ctx_new: %s\n", strerror(-r));
		exit(1);
	}
	return ctx;
}

static struct vdsa_dev *find_dev(struct vdsa_ctx *ctx, const char *name)
{
	struct vdsa_dev *dev = NULL;

	CHECK_INT(vdsa_dev_find(ctx, name, &dev), 0, "the device is in the snapshot");
	if (!dev) {
		printf("Bail out! no device %s\n", name);
		exit(1);
	}
	return dev;
}

static struct vdsa_wq *wq_of(struct vdsa_dev *dev, uint32_t id)
{
	struct vdsa_wq *wq = NULL;

	if (vdsa_wq_find(dev, id, &wq) < 0) {
		printf("Bail out! no wq %u\n", id);
		exit(1);
	}
	return wq;
}

static struct vdsa_group *group_of(struct vdsa_dev *dev, uint32_t id)
{
	struct vdsa_group *group = NULL;

	if (vdsa_group_find(dev, id, &group) < 0) {
		printf("Bail out! no group %u\n", id);
		exit(1);
	}
	return group;
}

static struct vdsa_engine *engine_of(struct vdsa_dev *dev, uint32_t id)
{
	struct vdsa_engine *engine;

	vdsa_engine_foreach(dev, engine)
		if (vdsa_engine_get_id(engine) == id)
			return engine;
	printf("Bail out! no engine %u\n", id);
	exit(1);
}

/* Refreshes, finds @name and resets it: every scenario starts clean. */
static struct vdsa_dev *fresh_dev(struct vdsa_ctx *ctx, const char *name)
{
	struct vdsa_dev *dev;

	check(vdsa_ctx_refresh(ctx) >= 1, "refresh sees the devices");
	dev = find_dev(ctx, name);
	CHECK_INT(vdsa_dev_reset(dev, 0), 0, "reset the device");
	return dev;
}

static int64_t group_of_engine(struct vdsa_engine *engine)
{
	uint32_t g;

	return vdsa_engine_get_group_id(engine, &g) < 0 ? -1 : (int64_t)g;
}

static int64_t group_of_wq(struct vdsa_wq *wq)
{
	uint32_t g;

	return vdsa_wq_get_group_id(wq, &g) < 0 ? -1 : (int64_t)g;
}

static int64_t threshold_of(struct vdsa_wq *wq)
{
	uint32_t t;

	return vdsa_wq_get_threshold(wq, &t) < 0 ? -1 : (int64_t)t;
}

/* ---- list ------------------------------------------------------------------ */

static void scenario_list(const char *name, unsigned int wqs, unsigned int engines,
			  unsigned int groups)
{
	struct vdsa_ctx *ctx = open_ctx();
	struct vdsa_dev *dev, *d, *by_id = NULL;
	struct vdsa_wq *wq, *w;
	struct vdsa_group *group;
	struct vdsa_engine *engine;
	char want[64], id_name[32];
	unsigned int n, number;
	uint32_t g;
	bool found = false;

	check(vdsa_dev_get_first(ctx) == NULL, "the snapshot is empty before a refresh");
	check(vdsa_ctx_refresh(ctx) >= 1, "refresh reports the number of devices");
	vdsa_dev_foreach(ctx, d)
		if (str_eq(vdsa_dev_get_name(d), name))
			found = true;
	check(found, "the iterator reaches %s", name);
	dev = find_dev(ctx, name);
	check(vdsa_dev_get_ctx(dev) == ctx, "the device points back at its context");
	snprintf(id_name, sizeof(id_name), "%u", vdsa_dev_get_id(dev));
	CHECK_INT(vdsa_dev_find(ctx, id_name, &by_id), 0, "find by kernel id");
	check(by_id == dev, "the id finds the same device");
	CHECK_INT(vdsa_dev_find(ctx, "nosuchdev", &by_id), -ENODEV, "an unknown name is -ENODEV");
	check_str(vdsa_dev_get_parent_bus(dev), "vdsa_sim", "parent bus");
	CHECK_INT(vdsa_dev_get_max_wqs(dev), wqs, "max-wqs");
	CHECK_INT(vdsa_dev_get_max_engines(dev), engines, "max-engines");
	CHECK_INT(vdsa_dev_get_max_groups(dev), groups, "max-groups");
	CHECK_INT(vdsa_dev_get_version(dev), 0x100, "version");
	CHECK_INT(vdsa_dev_get_caps(dev),
		  VDSA_CAP_SHARED_WQ | VDSA_CAP_BLOCK_ON_FAULT | VDSA_CAP_ATS, "caps");
	CHECK_INT(vdsa_dev_get_op_cap(dev)[0], 0xff, "op-cap byte 0");
	CHECK_INT(vdsa_dev_get_wq_size_used(dev), 0, "wq-size-used");
	check(vdsa_dev_get_generation(dev) > 0, "generation");

	number = (unsigned int)strtoul(name + strcspn(name, "0123456789"), NULL, 10);
	n = 0;
	vdsa_wq_foreach(dev, wq) {
		snprintf(want, sizeof(want), "wq%u.%u", number, n);
		if (vdsa_wq_get_id(wq) != n || !str_eq(vdsa_wq_get_devname(wq), want) ||
		    vdsa_wq_get_dev(wq) != dev)
			break;
		n++;
	}
	CHECK_INT(n, wqs, "WQs come in id order with idxd names and their device");
	n = 0;
	vdsa_group_foreach(dev, group) {
		snprintf(want, sizeof(want), "group%u.%u", number, n);
		if (vdsa_group_get_id(group) != n || !str_eq(vdsa_group_get_devname(group), want) ||
		    vdsa_group_get_engines(group, NULL) != 0 ||
		    vdsa_group_get_read_buffers_allowed(group) != 96)
			break;
		n++;
	}
	CHECK_INT(n, groups, "groups come in id order, empty, with idxd names");
	n = 0;
	vdsa_engine_foreach(dev, engine) {
		if (vdsa_engine_get_id(engine) != n || vdsa_engine_get_dev(engine) != dev ||
		    vdsa_engine_get_group_id(engine, &g) != -ENODATA)
			break;
		n++;
	}
	CHECK_INT(n, engines, "engines come in id order, in no group");

	wq = wq_of(dev, 0);
	CHECK_INT(vdsa_wq_get_state(wq), VDSA_STATE_DISABLED, "default state");
	CHECK_INT(vdsa_wq_get_mode(wq), VDSA_MODE_DEDICATED, "default mode");
	CHECK_INT(vdsa_wq_get_type(wq), VDSA_TYPE_NONE, "default type");
	CHECK_INT(vdsa_wq_get_size(wq), 0, "default size");
	CHECK_INT(vdsa_wq_get_priority(wq), 1, "default priority");
	CHECK_INT(vdsa_wq_get_max_transfer_size(wq), vdsa_dev_get_max_transfer_size(dev),
		  "default max-transfer-size is the device's");
	CHECK_INT(vdsa_wq_get_max_batch_size(wq), vdsa_dev_get_max_batch_size(dev),
		  "default max-batch-size is the device's");
	CHECK_INT(vdsa_wq_get_group_id(wq, &g), -ENODATA, "no group: -ENODATA");
	CHECK_INT(vdsa_wq_get_threshold(wq, &g), -ENODATA, "dedicated: no threshold");
	check(vdsa_wq_get_name(wq) == NULL, "no name: NULL");
	w = NULL;
	CHECK_INT(vdsa_wq_find_free(dev, &w), 0, "find a free WQ");
	check(w == wq, "the first free WQ is wq 0");

	snprintf(want, sizeof(want), "wq%u.%u", number, wqs - 1);
	w = NULL;
	CHECK_INT(vdsa_wq_find_by_name(ctx, want, &w), 0, "find by idxd name");
	check(w && vdsa_wq_get_id(w) == wqs - 1 && vdsa_wq_get_dev(w) == dev,
	      "the idxd name finds the right WQ");
	snprintf(want, sizeof(want), "%s:%u", name, wqs - 1);
	wq = NULL;
	CHECK_INT(vdsa_wq_find_by_name(ctx, want, &wq), 0, "find by DEV:ID");
	check(wq == w, "DEV:ID finds the same WQ");
	snprintf(want, sizeof(want), "%u:%u", vdsa_dev_get_id(dev), wqs - 1);
	wq = NULL;
	CHECK_INT(vdsa_wq_find_by_name(ctx, want, &wq), 0, "find by KERNEL-ID:ID");
	check(wq == w, "KERNEL-ID:ID finds the same WQ");
	snprintf(want, sizeof(want), "wq%u.%u", number, wqs);
	CHECK_INT(vdsa_wq_find_by_name(ctx, want, &wq), -ENODEV, "a WQ past the last is -ENODEV");
	CHECK_INT(vdsa_wq_find_by_name(ctx, "wq.1", &wq), -EINVAL, "a malformed name is -EINVAL");
	vdsa_ctx_unref(ctx);
}

/* ---- requests ---------------------------------------------------------------- */

static int submit_wq(struct vdsa_wq_req *req, unsigned int flags)
{
	int r = vdsa_wq_req_submit(req, flags);

	vdsa_wq_req_unref(req);
	return r;
}

static void scenario_requests(const char *name)
{
	struct vdsa_ctx *ctx = open_ctx(), *ctx2 = open_ctx();
	struct vdsa_dev *dev, *dev2;
	struct vdsa_wq *wq0, *wq1, *w, *w2;
	struct vdsa_group *g0, *g1;
	struct vdsa_wq_req *req = NULL, *cw = NULL;
	struct vdsa_group_req *greq = NULL;
	struct vdsa_config_req *cfg = NULL;
	const uint32_t engines01[] = { 0, 1 }, engine2[] = { 2 };
	const uint32_t *e = NULL;
	uint32_t gen;
	bool same;

	dev = fresh_dev(ctx, name);
	wq0 = wq_of(dev, 0);
	wq1 = wq_of(dev, 1);
	g0 = group_of(dev, 0);
	g1 = group_of(dev, 1);

	/* A group request: engines and read buffers, one group-set. */
	CHECK_INT(vdsa_group_req_new(g0, &greq), 0, "group request");
	vdsa_group_req_set_engines(greq, engines01, 2);
	vdsa_group_req_set_read_buffers_allowed(greq, 16);
	CHECK_INT(vdsa_group_req_submit(greq, 0), 0, "group request submitted");
	greq = vdsa_group_req_unref(greq);
	check(vdsa_group_get_engines(g0, &e) == 2 && e[0] == 0 && e[1] == 1,
	      "the snapshot's group 0 has engines 0 and 1");
	CHECK_INT(vdsa_group_get_read_buffers_allowed(g0), 16, "read-buffers-allowed updated");
	CHECK_INT(group_of_engine(engine_of(dev, 1)), 0, "engine 1 knows its group");
	check(vdsa_ctx_get_last_error(ctx) == NULL, "no error after success");

	vdsa_group_req_new(g1, &greq);
	vdsa_group_req_set_engines(greq, engine2, 1);
	CHECK_INT(vdsa_group_req_submit(greq, VDSA_SUBMIT_VALIDATE_ONLY), 0,
		  "validate-only group request");
	greq = vdsa_group_req_unref(greq);
	CHECK_INT(vdsa_group_get_engines(g1, NULL), 0, "validate-only leaves the snapshot alone");
	CHECK_INT(group_of_engine(engine_of(dev, 2)), -1, "engine 2 still in no group");

	/* A WQ request: configure and enable in one wq-set. */
	CHECK_INT(vdsa_wq_req_new(wq0, &req), 0, "wq request");
	vdsa_wq_req_set_group_id(req, 0);
	vdsa_wq_req_set_mode(req, VDSA_MODE_SHARED);
	vdsa_wq_req_set_size(req, 16);
	vdsa_wq_req_set_threshold(req, 8);
	vdsa_wq_req_set_priority(req, 3);
	vdsa_wq_req_set_type(req, VDSA_TYPE_USER);
	vdsa_wq_req_set_name(req, "app");
	vdsa_wq_req_set_state(req, VDSA_STATE_ENABLED);
	CHECK_INT(submit_wq(req, 0), 0, "wq request submitted");
	CHECK_INT(vdsa_wq_get_state(wq0), VDSA_STATE_ENABLED, "the snapshot's WQ is enabled");
	CHECK_INT(vdsa_wq_get_mode(wq0), VDSA_MODE_SHARED, "shared");
	CHECK_INT(vdsa_wq_get_size(wq0), 16, "size");
	CHECK_INT(threshold_of(wq0), 8, "threshold");
	CHECK_INT(vdsa_wq_get_priority(wq0), 3, "priority");
	CHECK_INT(vdsa_wq_get_type(wq0), VDSA_TYPE_USER, "type");
	check_str(vdsa_wq_get_name(wq0), "app", "name");
	CHECK_INT(group_of_wq(wq0), 0, "group");
	CHECK_INT(vdsa_dev_get_wq_size_used(dev), 16, "the device's wq-size-used follows");

	vdsa_wq_req_new(wq1, &req);
	vdsa_wq_req_set_size(req, 4);
	CHECK_INT(submit_wq(req, VDSA_SUBMIT_VALIDATE_ONLY), 0, "validate-only wq request");
	CHECK_INT(vdsa_wq_get_size(wq1), 0, "validate-only leaves the WQ alone");
	CHECK_INT(vdsa_dev_get_wq_size_used(dev), 16, "and the device");

	/* What the snapshot says is what the kernel says. */
	check(vdsa_ctx_refresh(ctx2) >= 1, "a second context refreshes");
	dev2 = find_dev(ctx2, name);
	CHECK_INT(vdsa_dev_get_generation(dev), vdsa_dev_get_generation(dev2),
		  "the generation was taken from the reply");
	w2 = wq_of(dev2, 0);
	check(vdsa_wq_get_state(w2) == VDSA_STATE_ENABLED && vdsa_wq_get_size(w2) == 16 &&
		      threshold_of(w2) == 8 && str_eq(vdsa_wq_get_name(w2), "app"),
	      "the kernel has the WQ as the snapshot has it");
	CHECK_INT(vdsa_wq_get_size(wq_of(dev2, 1)), 0, "the kernel did not apply validate-only");

	/* A whole-device configuration, built from a fresh snapshot. */
	check(vdsa_ctx_refresh(ctx) >= 1, "refresh before a configuration");
	dev = find_dev(ctx, name);
	wq0 = wq_of(dev, 0);
	wq1 = wq_of(dev, 1);
	g1 = group_of(dev, 1);
	CHECK_INT(vdsa_config_req_new(dev, &cfg), 0, "config request");
	CHECK_INT(vdsa_config_req_get_wq(cfg, 1, &cw), 0, "its WQ 1");
	vdsa_wq_req_set_group_id(cw, 0);
	vdsa_wq_req_set_size(cw, 8);
	vdsa_wq_req_set_state(cw, VDSA_STATE_ENABLED);
	CHECK_INT(vdsa_config_req_set_engine_group(cfg, 2, 1), 0, "engine 2 to group 1");
	CHECK_INT(vdsa_config_req_set_group_read_buffers(cfg, 1, 0, 32), 0, "group 1 buffers");
	CHECK_INT(vdsa_config_req_submit(cfg, 0), 0, "config request submitted");
	cfg = vdsa_config_req_unref(cfg);
	CHECK_INT(vdsa_wq_get_state(wq1), VDSA_STATE_ENABLED, "WQ 1 enabled in the snapshot");
	CHECK_INT(vdsa_wq_get_size(wq1), 8, "WQ 1 size");
	CHECK_INT(group_of_wq(wq1), 0, "WQ 1 group");
	check(vdsa_group_get_engines(g1, &e) == 1 && e[0] == 2, "group 1 has engine 2");
	CHECK_INT(vdsa_group_get_read_buffers_allowed(g1), 32, "group 1 read buffers");
	CHECK_INT(group_of_engine(engine_of(dev, 2)), 1, "engine 2 knows its group");
	check(vdsa_wq_get_state(wq0) == VDSA_STATE_ENABLED && threshold_of(wq0) == 8 &&
		      str_eq(vdsa_wq_get_name(wq0), "app"),
	      "WQ 0 went through the configuration unchanged");
	CHECK_INT(vdsa_dev_get_wq_size_used(dev), 24, "wq-size-used");

	/* The re-read pinned the new generation: another one goes through. */
	CHECK_INT(vdsa_config_req_new(dev, &cfg), 0, "a second config request");
	vdsa_config_req_get_wq(cfg, 2, &cw);
	vdsa_wq_req_set_size(cw, 4);
	CHECK_INT(vdsa_config_req_submit(cfg, 0), 0, "submitted without a refresh");
	cfg = vdsa_config_req_unref(cfg);
	CHECK_INT(vdsa_wq_get_size(wq_of(dev, 2)), 4, "WQ 2 size");

	CHECK_INT(vdsa_config_req_new(dev, &cfg), 0, "a validate-only config request");
	vdsa_config_req_get_wq(cfg, 3, &cw);
	vdsa_wq_req_set_size(cw, 4);
	gen = vdsa_dev_get_generation(dev);
	CHECK_INT(vdsa_config_req_submit(cfg, VDSA_SUBMIT_VALIDATE_ONLY), 0, "validated");
	cfg = vdsa_config_req_unref(cfg);
	CHECK_INT(vdsa_wq_get_size(wq_of(dev, 3)), 0, "validate-only leaves WQ 3 alone");
	CHECK_INT(vdsa_dev_get_generation(dev), gen, "and the generation");

	check(vdsa_ctx_refresh(ctx2) >= 1, "the second context refreshes again");
	dev2 = find_dev(ctx2, name);
	same = vdsa_dev_get_generation(dev) == vdsa_dev_get_generation(dev2);
	vdsa_wq_foreach(dev, w) {
		w2 = wq_of(dev2, vdsa_wq_get_id(w));
		same = same && vdsa_wq_get_size(w) == vdsa_wq_get_size(w2) &&
		       vdsa_wq_get_state(w) == vdsa_wq_get_state(w2) &&
		       group_of_wq(w) == group_of_wq(w2) && threshold_of(w) == threshold_of(w2);
	}
	check(same, "after the configuration the snapshot matches the kernel");

	/* Back to the pool: every attribute to its default, an empty name too. */
	vdsa_wq_req_new(wq0, &req);
	CHECK_INT(vdsa_wq_req_set_defaults(req), 0, "set defaults");
	CHECK_INT(submit_wq(req, 0), 0, "the defaults (with an empty name) are accepted");
	check(vdsa_wq_get_state(wq0) == VDSA_STATE_DISABLED &&
		      vdsa_wq_get_mode(wq0) == VDSA_MODE_DEDICATED && vdsa_wq_get_size(wq0) == 0 &&
		      group_of_wq(wq0) == -1 && threshold_of(wq0) == -1 &&
		      vdsa_wq_get_name(wq0) == NULL && vdsa_wq_get_priority(wq0) == 1 &&
		      vdsa_wq_get_type(wq0) == VDSA_TYPE_NONE &&
		      vdsa_wq_get_max_transfer_size(wq0) == vdsa_dev_get_max_transfer_size(dev) &&
		      vdsa_wq_get_max_batch_size(wq0) == vdsa_dev_get_max_batch_size(dev),
	      "WQ 0 has every default");
	w = NULL;
	vdsa_wq_find_free(dev, &w);
	check(w == wq0, "and is free again");

	/* Reset: validate-only changes nothing, the real one everything. */
	CHECK_INT(vdsa_dev_reset(dev, VDSA_SUBMIT_VALIDATE_ONLY), 0, "validate-only reset");
	CHECK_INT(vdsa_wq_get_state(wq1), VDSA_STATE_ENABLED, "WQ 1 still enabled");
	CHECK_INT(vdsa_dev_reset(dev, 0), 0, "reset");
	same = true;
	vdsa_wq_foreach(dev, w)
		same = same && vdsa_wq_get_state(w) == VDSA_STATE_DISABLED && !vdsa_wq_get_size(w);
	check(same, "every WQ is disabled and empty");
	CHECK_INT(vdsa_group_get_engines(g1, NULL), 0, "group 1 lost its engine");
	CHECK_INT(group_of_engine(engine_of(dev, 2)), -1, "engine 2 is in no group");
	CHECK_INT(vdsa_dev_get_wq_size_used(dev), 0, "wq-size-used is 0");
	check(wq_of(dev, 1) == wq1, "objects kept their addresses");

	vdsa_ctx_unref(ctx2);
	vdsa_ctx_unref(ctx);
}

/* ---- errors ------------------------------------------------------------------ */

static void scenario_errors(const char *name)
{
	struct vdsa_ctx *ctx = open_ctx(), *ctx2 = open_ctx();
	struct vdsa_dev *dev, *dev2;
	struct vdsa_wq *wq0, *wq;
	struct vdsa_wq_req *req = NULL, *cw = NULL;
	struct vdsa_group_req *greq = NULL;
	struct vdsa_config_req *cfg = NULL;
	const uint32_t engine0[] = { 0 }, engine99[] = { 99 };
	int r;

	dev = fresh_dev(ctx, name);
	wq0 = wq_of(dev, 0);

	vdsa_wq_req_new(wq0, &req);
	vdsa_wq_req_set_threshold(req, 4);
	check_error(ctx, submit_wq(req, 0), -EINVAL, "threshold is only valid on shared WQs",
		    "threshold", "threshold on a dedicated WQ");
	CHECK_INT(threshold_of(wq0), -1, "the failed request left the snapshot alone");
	check(vdsa_ctx_refresh(ctx) >= 1, "refresh");
	check(vdsa_ctx_get_last_error(ctx) == NULL && vdsa_ctx_get_last_error_attr(ctx) == NULL,
	      "the next request clears the last error");
	dev = find_dev(ctx, name);
	wq0 = wq_of(dev, 0);

	vdsa_wq_req_new(wq0, &req);
	vdsa_wq_req_set_priority(req, 0);
	r = submit_wq(req, 0);
	CHECK_INT(r, -ERANGE, "priority 0: the policy refuses it with its raw ERANGE");
	check_str(vdsa_ctx_get_last_error_attr(ctx), "priority", "priority 0: attribute");

	vdsa_wq_req_new(wq0, &req);
	vdsa_wq_req_set_size(req, 1000);
	check_error(ctx, submit_wq(req, 0), -EINVAL, "max-wq-size", "size",
		    "size over the maximum");

	vdsa_wq_req_new(wq0, &req);
	vdsa_wq_req_set_size(req, 100);
	CHECK_INT(submit_wq(req, 0), 0, "WQ 0 takes 100 entries");
	vdsa_wq_req_new(wq_of(dev, 1), &req);
	vdsa_wq_req_set_size(req, 100);
	check_error(ctx, submit_wq(req, 0), -ENOSPC, "total WQ size", "size",
		    "WQ 1 cannot take 100 more: the raw ENOSPC");

	vdsa_wq_req_new(wq0, &req);
	vdsa_wq_req_set_state(req, VDSA_STATE_ENABLED);
	check_error(ctx, submit_wq(req, 0), -EINVAL, "must be in a group", "state",
		    "enable without a group");

	vdsa_group_req_new(group_of(dev, 0), &greq);
	vdsa_group_req_set_engines(greq, engine99, 1);
	check_error(ctx, vdsa_group_req_submit(greq, 0), -ENOENT, "no such engine", "engines.id[0]",
		    "a group with engine 99");
	vdsa_group_req_set_engines(greq, engine0, 1);
	CHECK_INT(vdsa_group_req_submit(greq, 0), 0, "group 0 gets engine 0");
	greq = vdsa_group_req_unref(greq);

	vdsa_wq_req_new(wq0, &req);
	vdsa_wq_req_set_group_id(req, 0);
	vdsa_wq_req_set_state(req, VDSA_STATE_ENABLED);
	CHECK_INT(submit_wq(req, 0), 0, "WQ 0 enabled");
	vdsa_wq_req_new(wq0, &req);
	vdsa_wq_req_set_size(req, 50);
	check_error(ctx, submit_wq(req, 0), -EBUSY, "disable it", "size", "resizing an enabled WQ");
	CHECK_INT(vdsa_wq_get_size(wq0), 100, "the snapshot kept the size");

	/* A configuration built before another change is refused whole. */
	check(vdsa_ctx_refresh(ctx) >= 1, "refresh");
	dev = find_dev(ctx, name);
	CHECK_INT(vdsa_config_req_new(dev, &cfg), 0, "config request");
	vdsa_config_req_get_wq(cfg, 3, &cw);
	vdsa_wq_req_set_size(cw, 2);
	check(vdsa_ctx_refresh(ctx2) >= 1, "another context refreshes");
	dev2 = find_dev(ctx2, name);
	vdsa_wq_req_new(wq_of(dev2, 2), &req);
	vdsa_wq_req_set_size(req, 4);
	CHECK_INT(submit_wq(req, 0), 0, "and changes WQ 2");
	check_error(ctx, vdsa_config_req_submit(cfg, 0), -EAGAIN, "device changed", "generation",
		    "the stale configuration");
	cfg = vdsa_config_req_unref(cfg);
	CHECK_INT(vdsa_wq_get_size(wq_of(dev, 3)), 0, "nothing was applied");

	check(vdsa_ctx_refresh(ctx) >= 1, "refresh");
	dev = find_dev(ctx, name);
	vdsa_config_req_new(dev, &cfg);
	vdsa_wq_req_new(wq_of(dev, 4), &req);
	vdsa_wq_req_set_size(req, 1);
	CHECK_INT(submit_wq(req, 0), 0, "this context changes WQ 4 itself");
	check_error(ctx, vdsa_config_req_submit(cfg, 0), -EAGAIN, "device changed", "generation",
		    "its own change makes the configuration stale too");
	cfg = vdsa_config_req_unref(cfg);

	/* Errors inside a configuration name the nest. */
	check(vdsa_ctx_refresh(ctx) >= 1, "refresh");
	dev = find_dev(ctx, name);
	vdsa_config_req_new(dev, &cfg);
	vdsa_config_req_get_wq(cfg, 2, &cw);
	vdsa_wq_req_set_threshold(cw, 3);
	check_error(ctx, vdsa_config_req_submit(cfg, 0), -EINVAL,
		    "threshold is only valid on shared WQs", "wq[2].threshold",
		    "threshold on a dedicated WQ of a configuration");
	CHECK_INT(vdsa_wq_req_submit(cw, 0), -EINVAL, "a configuration's WQ cannot go alone");
	check(vdsa_wq_req_unref(cw) == NULL, "unref of a configuration's WQ is a no-op");
	vdsa_wq_req_set_threshold(cw, 0);
	CHECK_INT(vdsa_config_req_get_wq(cfg, 99, &cw), -ENODEV, "no WQ 99");
	CHECK_INT(vdsa_config_req_set_engine_group(cfg, 99, 0), -ENODEV, "no engine 99");
	CHECK_INT(vdsa_config_req_set_engine_group(cfg, 0, 99), -ENODEV, "no group 99");
	CHECK_INT(vdsa_config_req_set_group_read_buffers(cfg, 99, 0, 0), -ENODEV, "no group 99");
	CHECK_INT(vdsa_config_req_submit(cfg, 0x80), -EINVAL, "unknown flags");
	CHECK_INT(vdsa_config_req_submit(cfg, 0), 0, "the corrected configuration goes through");
	cfg = vdsa_config_req_unref(cfg);

	wq = NULL;
	CHECK_INT(vdsa_wq_find_by_name(ctx, "wq", &wq), -EINVAL, "\"wq\" is not a WQ name");
	CHECK_INT(vdsa_wq_find_by_name(ctx, "nosuchdev:1", &wq), -ENODEV, "unknown device");
	CHECK_INT(vdsa_dev_reset(dev, 0x80), -EINVAL, "reset with unknown flags");

	vdsa_ctx_unref(ctx2);
	vdsa_ctx_unref(ctx);
}

/* ---- without privileges ------------------------------------------------------ */

static void scenario_unpriv(const char *name)
{
	struct vdsa_ctx *ctx = open_ctx();
	struct vdsa_monitor *mon = NULL;
	struct vdsa_config_req *cfg = NULL;
	struct vdsa_group_req *greq = NULL;
	struct vdsa_wq_req *req = NULL;
	struct vdsa_dev *dev;
	struct vdsa_wq *wq0;

	check(vdsa_ctx_refresh(ctx) >= 1, "an unprivileged user can refresh");
	dev = find_dev(ctx, name);
	wq0 = wq_of(dev, 0);
	vdsa_wq_req_new(wq0, &req);
	vdsa_wq_req_set_size(req, 4);
	CHECK_INT(vdsa_wq_req_submit(req, 0), -EPERM, "wq request: -EPERM");
	CHECK_INT(vdsa_wq_req_submit(req, VDSA_SUBMIT_VALIDATE_ONLY), -EPERM,
		  "validate-only too: -EPERM");
	vdsa_wq_req_unref(req);
	vdsa_group_req_new(group_of(dev, 0), &greq);
	vdsa_group_req_set_read_buffers_allowed(greq, 8);
	CHECK_INT(vdsa_group_req_submit(greq, 0), -EPERM, "group request: -EPERM");
	vdsa_group_req_unref(greq);
	vdsa_config_req_new(dev, &cfg);
	CHECK_INT(vdsa_config_req_submit(cfg, 0), -EPERM, "config request: -EPERM");
	vdsa_config_req_unref(cfg);
	CHECK_INT(vdsa_dev_reset(dev, 0), -EPERM, "reset: -EPERM");
	CHECK_INT(vdsa_wq_get_size(wq0), 0, "the snapshot is unchanged");
	CHECK_INT(vdsa_monitor_new(ctx, &mon), 0, "an unprivileged user can listen");
	vdsa_monitor_unref(mon);
	check(vdsa_ctx_refresh(ctx) >= 1, "and refresh again");
	CHECK_INT(vdsa_wq_get_size(wq_of(find_dev(ctx, name), 0)), 0, "nothing changed");
	vdsa_ctx_unref(ctx);
}

/* ---- no family ------------------------------------------------------------- */

static void scenario_nofamily(void)
{
	struct vdsa_ctx *ctx = open_ctx();
	struct vdsa_monitor *mon = NULL;

	CHECK_INT(vdsa_ctx_refresh(ctx), -EOPNOTSUPP, "refresh without the module: -EOPNOTSUPP");
	CHECK_INT(vdsa_monitor_new(ctx, &mon), -EOPNOTSUPP, "monitor: -EOPNOTSUPP (cached)");
	CHECK_INT(vdsa_ctx_refresh(ctx), -EOPNOTSUPP, "refresh asks again, still -EOPNOTSUPP");
	check(vdsa_dev_get_first(ctx) == NULL, "the snapshot stays empty");
	check(vdsa_ctx_get_last_error(ctx) == NULL, "no kernel message");
	vdsa_ctx_unref(ctx);
}

/* ---- monitor ------------------------------------------------------------------ */

/*
 * Collects events until a wq-change event says @wq_id of @dev_id is enabled
 * and the dev-change event of the same commit arrived.
 */
static void wait_for_enable(struct vdsa_monitor *mon, uint32_t dev_id, uint32_t wq_id,
			    int timeout_ms)
{
	bool change = false, enabled = false, drained = false;
	uint32_t change_gen = 0, state_gen = 0, id;
	struct pollfd pfd = { .fd = vdsa_monitor_get_fd(mon), .events = POLLIN };
	struct timespec start, now;
	enum vdsa_wq_state state;
	struct vdsa_event *ev;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &start);
	/* The WQ's event comes first, the device's (wq-size-used) after it. */
	while (!enabled || !change) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		int left = timeout_ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
					      (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			break;
		while ((r = vdsa_monitor_receive(mon, &ev)) == 0) {
			if (vdsa_event_get_dev_id(ev) == dev_id) {
				switch (vdsa_event_get_type(ev)) {
				case VDSA_EVENT_DEV_CHANGE:
					change = true;
					change_gen = vdsa_event_get_generation(ev);
					break;
				case VDSA_EVENT_WQ_CHANGE:
					if (!vdsa_event_get_wq_id(ev, &id) && id == wq_id &&
					    !vdsa_event_get_wq_state(ev, &state) &&
					    state == VDSA_STATE_ENABLED) {
						enabled = true;
						state_gen = vdsa_event_get_generation(ev);
						check(vdsa_event_get_dev_name(ev) == NULL,
						      "a WQ event carries no device name");
					}
					break;
				default:
					break;
				}
			}
			vdsa_event_unref(ev);
		}
		drained = r == -EAGAIN;
		if (r != -EAGAIN)
			break;
	}
	check(drained, "receive drains to -EAGAIN");
	check(change, "a dev-change event arrived");
	check(enabled, "a wq-change event says WQ %u is enabled", wq_id);
	check(enabled && change && state_gen == change_gen,
	      "both carry the generation of the change");
}

static void check_monitor_fd(struct vdsa_monitor *mon)
{
	int fd = vdsa_monitor_get_fd(mon);
	struct vdsa_event *ev;

	check(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK), "the monitor fd is non-blocking");
	check(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC), "and close-on-exec");
	CHECK_INT(vdsa_monitor_receive(mon, &ev), -EAGAIN, "nothing to receive yet: -EAGAIN");
}

static void scenario_monitor(const char *name, uint32_t wq_id, const char *ready)
{
	struct vdsa_ctx *ctx = open_ctx();
	struct vdsa_monitor *mon = NULL;
	struct vdsa_dev *dev;
	FILE *f;

	check(vdsa_ctx_refresh(ctx) >= 1, "refresh");
	dev = find_dev(ctx, name);
	CHECK_INT(vdsa_monitor_new(ctx, &mon), 0, "monitor");
	if (!mon)
		exit(1);
	check_monitor_fd(mon);
	/* Subscribed: let the other process make its change now. */
	f = fopen(ready, "w");
	check(f != NULL, "ready file written");
	if (f)
		fclose(f);
	wait_for_enable(mon, vdsa_dev_get_id(dev), wq_id, 60000);
	vdsa_monitor_unref(mon);
	vdsa_ctx_unref(ctx);
}

/* The monitor again, the change coming from a second context. */
static void scenario_self_monitor(const char *name)
{
	struct vdsa_ctx *ctx = open_ctx(), *ctx2 = open_ctx();
	struct vdsa_monitor *mon = NULL;
	struct vdsa_group_req *greq = NULL;
	struct vdsa_wq_req *req = NULL;
	const uint32_t engine0[] = { 0 };
	struct vdsa_dev *dev;

	dev = fresh_dev(ctx, name);
	CHECK_INT(vdsa_monitor_new(ctx, &mon), 0, "monitor");
	if (!mon)
		exit(1);
	check_monitor_fd(mon);
	check(vdsa_ctx_refresh(ctx2) >= 1, "a second context refreshes");
	dev = find_dev(ctx2, name);
	vdsa_group_req_new(group_of(dev, 0), &greq);
	vdsa_group_req_set_engines(greq, engine0, 1);
	CHECK_INT(vdsa_group_req_submit(greq, 0), 0, "group 0 gets engine 0");
	vdsa_group_req_unref(greq);
	vdsa_wq_req_new(wq_of(dev, 5), &req);
	vdsa_wq_req_set_group_id(req, 0);
	vdsa_wq_req_set_size(req, 8);
	vdsa_wq_req_set_state(req, VDSA_STATE_ENABLED);
	CHECK_INT(vdsa_wq_req_submit(req, 0), 0, "the second context enables WQ 5");
	vdsa_wq_req_unref(req);
	wait_for_enable(mon, vdsa_dev_get_id(dev), 5, 60000);
	vdsa_monitor_unref(mon);
	vdsa_ctx_unref(ctx2);
	vdsa_ctx_unref(ctx);
}

/*
 * A configuration too big for one page, and dumps that need several
 * datagrams: every WQ of a large device with a name of the maximum length.
 */
static void scenario_big(const char *name)
{
	struct vdsa_ctx *ctx = open_ctx(), *ctx2 = open_ctx();
	struct vdsa_config_req *cfg = NULL;
	struct vdsa_wq_req *cw = NULL;
	struct vdsa_dev *dev, *dev2;
	struct vdsa_wq *wq;
	char wq_name[128];
	unsigned int n = 0, good = 0, same = 0;

	dev = fresh_dev(ctx, name);
	CHECK_INT(vdsa_config_req_new(dev, &cfg), 0, "config request");
	vdsa_wq_foreach(dev, wq) {
		snprintf(wq_name, sizeof(wq_name), "%0127u", vdsa_wq_get_id(wq));
		vdsa_config_req_get_wq(cfg, vdsa_wq_get_id(wq), &cw);
		vdsa_wq_req_set_name(cw, wq_name);
		vdsa_wq_req_set_size(cw, 1);
		n++;
	}
	check(n >= 64, "a device with %u WQs", n);
	CHECK_INT(vdsa_config_req_submit(cfg, 0), 0, "one dev-config-set for all of them");
	vdsa_config_req_unref(cfg);
	vdsa_wq_foreach(dev, wq) {
		snprintf(wq_name, sizeof(wq_name), "%0127u", vdsa_wq_get_id(wq));
		good += vdsa_wq_get_size(wq) == 1 && str_eq(vdsa_wq_get_name(wq), wq_name);
	}
	CHECK_INT(good, n, "the re-read (dumps in several parts) has every WQ");
	CHECK_INT(vdsa_dev_get_wq_size_used(dev), n, "wq-size-used");
	check(vdsa_ctx_refresh(ctx2) >= 1, "a second context refreshes");
	dev2 = find_dev(ctx2, name);
	vdsa_wq_foreach(dev2, wq) {
		snprintf(wq_name, sizeof(wq_name), "%0127u", vdsa_wq_get_id(wq));
		same += vdsa_wq_get_size(wq) == 1 && str_eq(vdsa_wq_get_name(wq), wq_name);
	}
	CHECK_INT(same, n, "and so has a full refresh");
	vdsa_ctx_unref(ctx2);
	vdsa_ctx_unref(ctx);
}

static int usage(void)
{
	fputs("usage: libvdsa-errtest list DEV WQS ENGINES GROUPS | requests DEV | errors DEV |\n"
	      "       big DEV | unpriv DEV | nofamily | monitor DEV WQ READY-FILE |\n"
	      "       all DEV [BIGDEV]\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "list") && argc == 6)
		scenario_list(argv[2], (unsigned int)atoi(argv[3]), (unsigned int)atoi(argv[4]),
			      (unsigned int)atoi(argv[5]));
	else if (!strcmp(cmd, "requests") && argc == 3)
		scenario_requests(argv[2]);
	else if (!strcmp(cmd, "errors") && argc == 3)
		scenario_errors(argv[2]);
	else if (!strcmp(cmd, "big") && argc == 3)
		scenario_big(argv[2]);
	else if (!strcmp(cmd, "unpriv") && argc == 3)
		scenario_unpriv(argv[2]);
	else if (!strcmp(cmd, "nofamily") && argc == 2)
		scenario_nofamily();
	else if (!strcmp(cmd, "monitor") && argc == 5)
		scenario_monitor(argv[2], (uint32_t)atoi(argv[3]), argv[4]);
	else if (!strcmp(cmd, "all") && (argc == 3 || argc == 4)) {
		scenario_errors(argv[2]);
		scenario_requests(argv[2]);
		scenario_self_monitor(argv[2]);
		if (argc == 4)
			scenario_big(argv[3]);
	} else
		return usage();
	printf("# %d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}
