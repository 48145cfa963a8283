// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libvdsa unit test: names. Enum names, attribute names for every uAPI
 * attribute, WQ and device name parsing, and what the public lookups do
 * on a context with no snapshot (no kernel needed).
 */
#include <errno.h>
#include <stdlib.h>

#include "libvdsa-private.h"
#include "lib-tap.h"

static void test_enum_names(void)
{
	tap_str(vdsa_wq_mode_name(VDSA_MODE_DEDICATED), "dedicated", "mode dedicated");
	tap_str(vdsa_wq_mode_name(VDSA_MODE_SHARED), "shared", "mode shared");
	tap_str(vdsa_wq_mode_name(0), NULL, "mode 0 has no name");
	tap_str(vdsa_wq_mode_name(3), NULL, "mode 3 has no name");
	tap_str(vdsa_wq_type_name(VDSA_TYPE_NONE), "none", "type none");
	tap_str(vdsa_wq_type_name(VDSA_TYPE_KERNEL), "kernel", "type kernel");
	tap_str(vdsa_wq_type_name(VDSA_TYPE_USER), "user", "type user");
	tap_str(vdsa_wq_type_name(VDSA_TYPE_VDSA), "vdsa", "type vdsa");
	tap_str(vdsa_wq_type_name(5), NULL, "type 5 has no name");
	tap_str(vdsa_wq_state_name(VDSA_STATE_DISABLED), "disabled", "state disabled");
	tap_str(vdsa_wq_state_name(VDSA_STATE_ENABLED), "enabled", "state enabled");
	tap_str(vdsa_wq_state_name((enum vdsa_wq_state) - 1), NULL, "state -1 has no name");
	tap_str(vdsa_event_type_name(VDSA_EVENT_DEV_ADD), "dev-add", "event dev-add");
	tap_str(vdsa_event_type_name(VDSA_EVENT_DEV_DEL), "dev-del", "event dev-del");
	tap_str(vdsa_event_type_name(VDSA_EVENT_DEV_CHANGE), "dev-change", "event dev-change");
	tap_str(vdsa_event_type_name(VDSA_EVENT_WQ_CHANGE), "wq-change", "event wq-change");
	tap_str(vdsa_event_type_name(VDSA_EVENT_GROUP_CHANGE), "group-change", "event group-change");
	tap_str(vdsa_event_type_name(0), NULL, "event 0 has no name");
	tap_str(vdsa_oper_state_name(VDSA_OPER_OK), "ok", "oper state ok");
	tap_str(vdsa_oper_state_name(VDSA_OPER_DEGRADED), "degraded", "oper state degraded");
	tap_str(vdsa_oper_state_name(0), NULL, "oper state 0 has no name");
	tap_str(vdsa_oper_state_name(VDSA_DEV_OPER_STATE_MAX + 1), NULL,
		"a newer kernel's oper state has no name");
}

/* A uAPI attribute without a name would be reported as "@N". */
static void test_attr_names(void)
{
	const struct vdsa_attr_set *sets[] = {
		&vdsa_attrs_dev, &vdsa_attrs_group, &vdsa_attrs_engine,
		&vdsa_attrs_wq,	 &vdsa_attrs_inst,
	};
	size_t i;
	unsigned int t, missing;

	for (i = 0; i < VDSA_ARRAY_SIZE(sets); i++) {
		missing = 0;
		for (t = 1; t <= sets[i]->max; t++)
			if (!vdsa_attr_name(sets[i], t))
				missing = t;
		tap_int(missing, 0, sets[i]->name);
		tap_str(vdsa_attr_name(sets[i], sets[i]->max + 1), NULL, "beyond max: no name");
	}
	tap_int(vdsa_attrs_dev.max, VDSA_A_DEV_MAX, "the dev set covers the uAPI");
	tap_int(vdsa_attrs_wq.max, VDSA_A_WQ_MAX, "the wq set covers the uAPI");
	tap_int(vdsa_attrs_group.max, VDSA_A_GROUP_MAX, "the group set covers the uAPI");
	tap_int(vdsa_attrs_engine.max, VDSA_A_ENGINE_MAX, "the engine set covers the uAPI");
	tap_int(vdsa_attrs_inst.max, VDSA_A_INST_MAX, "the inst set covers the uAPI");
	tap_str(vdsa_attr_name(&vdsa_attrs_dev, VDSA_A_DEV_OPER_STATE), "oper-state", "oper-state");
	tap_str(vdsa_attr_name(&vdsa_attrs_dev, VDSA_A_DEV_DEGRADED_REASON), "degraded-reason",
		"degraded-reason");
	tap_str(vdsa_attr_name(&vdsa_attrs_wq, VDSA_A_WQ_THRESHOLD), "threshold", "threshold");
	tap_str(vdsa_attr_name(&vdsa_attrs_wq, VDSA_A_WQ_MAX_TRANSFER_SIZE), "max-transfer-size",
		"dashed names");
	tap_str(vdsa_attr_name(&vdsa_attrs_dev, VDSA_A_DEV_WQ), "wq", "dev wq nest");
	tap_ok(vdsa_attrs_dev.attrs[VDSA_A_DEV_WQ].multi &&
		       vdsa_attrs_dev.attrs[VDSA_A_DEV_WQ].nested == &vdsa_attrs_wq,
	       "wq nests repeat and hold WQ attributes");
	tap_ok(vdsa_attrs_group.attrs[VDSA_A_GROUP_ENGINES].nested == &vdsa_attrs_engine_ids &&
		       vdsa_attrs_engine_ids.attrs[VDSA_A_ENGINE_ID].multi,
	       "engines nests hold repeated engine ids");
}

static void wq_name_ok(const char *name, bool idxd, uint32_t number, const char *dev, uint32_t wq)
{
	struct vdsa_wq_name n;
	bool ok;

	if (vdsa_wq_name_parse(name, &n)) {
		tap_ok(false, "\"%s\" parses", name);
		return;
	}
	ok = n.idxd == idxd && n.wq == wq &&
	     (idxd ? n.dev_number == number :
		     n.dev_len == strlen(dev) && !strncmp(n.dev, dev, n.dev_len));
	tap_ok(ok, "\"%s\" parses as %s%s%u", name, idxd ? "idxd " : dev, idxd ? "" : ":", wq);
}

static void test_wq_names(void)
{
	static const char *const bad[] = {
		"",
		"wq",
		"wq0",
		"wq0.",
		"wq.3",
		"wqa.3",
		"wq0.3x",
		"wq-1.3",
		"wq0.-3",
		"wq 0.3",
		"wq0.3 ",
		"WQ0.3",
		"wq4294967296.0",
		"wq0.4294967296",
		"wq0x1.2",
		"wq+1.2",
		":3",
		"dsa0:",
		"dsa0:x",
		"dsa0:-1",
		"dsa0:3 ",
		"dsa0: 3",
		"wq0.3.4",
		"dsa0",
	};
	struct vdsa_wq_name n;
	size_t i;

	wq_name_ok("wq0.3", true, 0, NULL, 3);
	wq_name_ok("wq12.34", true, 12, NULL, 34);
	wq_name_ok("wq4294967295.0", true, 4294967295u, NULL, 0);
	wq_name_ok("dsa0:3", false, 0, "dsa0", 3);
	wq_name_ok("5:2", false, 0, "5", 2);
	wq_name_ok("my:dev:7", false, 0, "my:dev", 7);
	for (i = 0; i < VDSA_ARRAY_SIZE(bad); i++)
		tap_int(vdsa_wq_name_parse(bad[i], &n), -EINVAL, bad[i][0] ? bad[i] : "(empty)");
	tap_int(vdsa_wq_name_parse(NULL, &n), -EINVAL, "NULL");
}

static void test_devname_number(void)
{
	uint32_t n = 99;

	tap_ok(!vdsa_devname_number("dsa0", &n) && n == 0, "dsa0 is number 0");
	tap_ok(!vdsa_devname_number("dsa12", &n) && n == 12, "dsa12 is number 12");
	tap_ok(!vdsa_devname_number("iax3", &n) && n == 3, "iax3 is number 3");
	tap_int(vdsa_devname_number("dsa", &n), -ENODATA, "dsa has no number");
	tap_int(vdsa_devname_number("sim-a", &n), -ENODATA, "sim-a has no number");
	tap_int(vdsa_devname_number("dsa99999999999", &n), -ENODATA, "a number too big is none");
}

static void test_parse_u32(void)
{
	uint32_t v = 0;

	tap_ok(!vdsa_parse_u32("0", 1, &v) && v == 0, "0");
	tap_ok(!vdsa_parse_u32("4294967295", 10, &v) && v == UINT32_MAX, "UINT32_MAX");
	tap_int(vdsa_parse_u32("4294967296", 10, &v), -EINVAL, "UINT32_MAX + 1");
	tap_int(vdsa_parse_u32("", 0, &v), -EINVAL, "empty");
	tap_int(vdsa_parse_u32("1a", 2, &v), -EINVAL, "1a");
	tap_ok(!vdsa_parse_u32("12x", 2, &v) && v == 12, "only the given length counts");
}

static void test_log_priority(void)
{
	tap_int(vdsa_log_priority_parse("err"), LOG_ERR, "VDSA_LOG=err");
	tap_int(vdsa_log_priority_parse("info"), LOG_INFO, "VDSA_LOG=info");
	tap_int(vdsa_log_priority_parse("debug"), LOG_DEBUG, "VDSA_LOG=debug");
	tap_int(vdsa_log_priority_parse("5"), 5, "VDSA_LOG=5");
	tap_int(vdsa_log_priority_parse("8"), -1, "VDSA_LOG=8 is ignored");
	tap_int(vdsa_log_priority_parse("loud"), -1, "VDSA_LOG=loud is ignored");
	tap_int(vdsa_log_priority_parse(NULL), -1, "no VDSA_LOG");
}

static int log_calls;

static void count_log(struct vdsa_ctx *ctx, int priority, const char *file, int line,
		      const char *fn, const char *format, va_list args)
{
	(void)ctx;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	(void)format;
	(void)args;
	log_calls++;
}

static void test_ctx(void)
{
	struct vdsa_ctx *ctx = NULL;
	struct vdsa_dev *dev = NULL;
	struct vdsa_wq *wq = NULL;
	int data;

	setenv("VDSA_LOG", "debug", 1);
	tap_int(vdsa_ctx_new(&ctx), 0, "a context needs no kernel");
	unsetenv("VDSA_LOG");
	tap_int(ctx->log_priority, LOG_DEBUG, "VDSA_LOG sets the priority");
	tap_int(vdsa_ctx_new(NULL), -EINVAL, "vdsa_ctx_new(NULL)");
	tap_ok(vdsa_dev_get_first(ctx) == NULL, "no snapshot before a refresh");
	tap_ok(vdsa_ctx_get_last_error(ctx) == NULL && vdsa_ctx_get_last_error_attr(ctx) == NULL,
	       "no last error");

	vdsa_dbg(ctx, "silent: %d", 1);
	tap_int(log_calls, 0, "silent without a log function");
	vdsa_ctx_set_log_fn(ctx, count_log, &data);
	tap_ok(vdsa_ctx_get_log_userdata(ctx) == &data, "log userdata");
	vdsa_dbg(ctx, "heard: %d", 2);
	tap_int(log_calls, 1, "the log function hears debug at VDSA_LOG=debug");
	vdsa_ctx_set_log_priority(ctx, LOG_ERR);
	vdsa_dbg(ctx, "filtered: %d", 3);
	tap_int(log_calls, 1, "and not at LOG_ERR");

	tap_int(vdsa_wq_find_by_name(ctx, "wq0.3", &wq), -ENODEV, "wq0.3 in an empty snapshot");
	tap_int(vdsa_wq_find_by_name(ctx, "dsa0:3", &wq), -ENODEV, "dsa0:3 in an empty snapshot");
	tap_int(vdsa_wq_find_by_name(ctx, "wq0", &wq), -EINVAL, "wq0 is malformed");
	tap_int(vdsa_wq_find_by_name(ctx, NULL, &wq), -EINVAL, "NULL name");
	tap_int(vdsa_dev_find(ctx, "dsa0", &dev), -ENODEV, "dsa0 in an empty snapshot");
	tap_int(vdsa_dev_find(ctx, "0", &dev), -ENODEV, "id 0 in an empty snapshot");
	tap_int(vdsa_dev_find(NULL, "0", &dev), -EINVAL, "NULL context");
	tap_ok(wq == NULL && dev == NULL, "outputs untouched on failure");

	tap_ok(vdsa_ctx_ref(ctx) == ctx, "ref returns the context");
	tap_ok(vdsa_ctx_unref(ctx) == NULL, "unref returns NULL");
	tap_int(ctx->refcount, 1, "one reference left");
	tap_ok(vdsa_ctx_unref(NULL) == NULL, "unref(NULL)");
	tap_ok(vdsa_wq_req_unref(NULL) == NULL && vdsa_group_req_unref(NULL) == NULL &&
		       vdsa_config_req_unref(NULL) == NULL && vdsa_monitor_unref(NULL) == NULL &&
		       vdsa_event_unref(NULL) == NULL,
	       "every unref takes NULL");
	tap_ok(vdsa_dev_get_name(NULL) == NULL && vdsa_wq_get_size(NULL) == 0 &&
		       vdsa_wq_get_next(NULL) == NULL && vdsa_group_get_engines(NULL, NULL) == 0,
	       "getters take NULL");
	tap_int(vdsa_wq_req_set_size(NULL, 1), -EINVAL, "setters refuse NULL");
	vdsa_ctx_unref(ctx);
}

static void test_wq_req(void)
{
	struct vdsa_ctx *ctx = NULL;
	struct vdsa_wq_req *req = NULL;
	char long_name[VDSA_WQ_NAME_MAX_LEN + 2];

	vdsa_ctx_new(&ctx);
	tap_int(vdsa_wq_req_alloc(ctx, 1, 2, 1ULL << 31, 1024, &req), 0, "a request");
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	tap_int(vdsa_wq_req_set_name(req, long_name), -EINVAL, "a name over 127 bytes");
	long_name[VDSA_WQ_NAME_MAX_LEN] = '\0';
	tap_int(vdsa_wq_req_set_name(req, long_name), 0, "a name of 127 bytes");
	tap_int(vdsa_wq_req_set_name(req, NULL), -EINVAL, "a NULL name");
	tap_int(vdsa_wq_req_set_threshold(req, 4), 0, "threshold");
	tap_int(vdsa_wq_req_set_defaults(req), 0, "defaults");
	tap_ok(!(req->set & VDSA_WQ_SET(VDSA_A_WQ_THRESHOLD)), "defaults send no threshold");
	tap_ok(req->v.max_transfer_size == 1ULL << 31 && req->v.max_batch_size == 1024,
	       "defaults use the device maxima");
	tap_ok(req->v.has_group && req->v.group_id == VDSA_GROUP_NONE, "defaults: group -1");
	tap_ok(!req->v.has_name && req->v.name[0] == '\0', "defaults: an empty name");
	tap_int(vdsa_wq_req_submit(req, 0x100), -EINVAL, "unknown submit flags");
	vdsa_wq_req_unref(req);
	vdsa_ctx_unref(ctx);
}

int main(void)
{
	test_enum_names();
	test_attr_names();
	test_wq_names();
	test_devname_number();
	test_parse_u32();
	test_log_priority();
	test_ctx();
	test_wq_req();
	return tap_done();
}
