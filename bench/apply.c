// SPDX-License-Identifier: GPL-2.0-only
/*
 * The benchmark's full-device configuration and the two ways of applying it:
 *
 *  a) one dev-config-set request carrying every group and WQ nest;
 *  b) the sysfs-style stream accel-config writes: one group-set per group
 *     (engines), then per WQ one wq-set per attribute in accel-config's
 *     config-wq write order, then one wq-set state=enabled per WQ.
 *
 * Both end in the same configuration, which apply_verify() checks with a
 * wq-get dump of the device.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/vdsa.h>
#include <netlink/genl/genl.h>

#include "bench.h"

struct wq_spec {
	const char *name;
	int32_t group;
	uint32_t mode;
	uint32_t size;
	uint32_t threshold;	/* shared WQs only */
	uint32_t priority;
	uint32_t block_on_fault;
};

/* Two WQs per group, one dedicated and one shared; sizes sum to 128. */
static const struct wq_spec bench_wqs[BENCH_WQS] = {
	{ "bench-dwq0", 0, VDSA_WQ_MODE_DEDICATED, 16, 0, 10, 0 },
	{ "bench-swq1", 0, VDSA_WQ_MODE_SHARED, 24, 20, 5, 1 },
	{ "bench-dwq2", 1, VDSA_WQ_MODE_DEDICATED, 8, 0, 15, 0 },
	{ "bench-swq3", 1, VDSA_WQ_MODE_SHARED, 16, 12, 1, 1 },
	{ "bench-dwq4", 2, VDSA_WQ_MODE_DEDICATED, 12, 0, 8, 0 },
	{ "bench-swq5", 2, VDSA_WQ_MODE_SHARED, 20, 16, 12, 1 },
	{ "bench-dwq6", 3, VDSA_WQ_MODE_DEDICATED, 16, 0, 3, 0 },
	{ "bench-swq7", 3, VDSA_WQ_MODE_SHARED, 16, 8, 7, 1 },
};

/* Group g holds engine g. */
static uint32_t group_engine(uint32_t group)
{
	return group;
}

/*
 * accel-config config-wq's fixed write order, restricted to the attributes
 * vdsa has (no driver_name, op_config, prs_disable) and this configuration
 * sets. Like accel-config, threshold is skipped on dedicated WQs.
 */
static const int wq_write_order[] = {
	VDSA_A_WQ_MODE,
	VDSA_A_WQ_TYPE,
	VDSA_A_WQ_NAME,
	VDSA_A_WQ_SIZE,
	VDSA_A_WQ_GROUP_ID,
	VDSA_A_WQ_PRIORITY,
	VDSA_A_WQ_BLOCK_ON_FAULT,
	VDSA_A_WQ_THRESHOLD,
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- receive-side policies ---------------------------------------------- */

static struct nla_policy dev_policy[VDSA_A_DEV_MAX + 1] = {
	[VDSA_A_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_DEV_NAME] = { .type = NLA_STRING },
	[VDSA_A_DEV_CAPS] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_GROUPS] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_ENGINES] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_WQS] = { .type = NLA_U32 },
	[VDSA_A_DEV_MAX_WQ_SIZE] = { .type = NLA_U32 },
	[VDSA_A_DEV_WQ_SIZE_USED] = { .type = NLA_U32 },
};

static struct nla_policy wq_policy[VDSA_A_WQ_MAX + 1] = {
	[VDSA_A_WQ_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_WQ_ID] = { .type = NLA_U32 },
	[VDSA_A_WQ_GROUP_ID] = { .type = NLA_U32 },	/* s32 */
	[VDSA_A_WQ_MODE] = { .type = NLA_U32 },
	[VDSA_A_WQ_SIZE] = { .type = NLA_U32 },
	[VDSA_A_WQ_THRESHOLD] = { .type = NLA_U32 },
	[VDSA_A_WQ_PRIORITY] = { .type = NLA_U32 },
	[VDSA_A_WQ_BLOCK_ON_FAULT] = { .type = NLA_U32 },
	[VDSA_A_WQ_TYPE] = { .type = NLA_U32 },
	[VDSA_A_WQ_NAME] = { .type = NLA_STRING },
	[VDSA_A_WQ_STATE] = { .type = NLA_U32 },
};

static uint32_t get_u32(struct nlattr **tb, int attr, uint32_t dflt)
{
	return tb[attr] ? nla_get_u32(tb[attr]) : dflt;
}

/* ---- finding the device ------------------------------------------------- */

struct dev_find {
	const char *name;
	struct bench_dev *dev;
	bool found;
};

static int dev_find_parse(struct nlattr **tb, void *arg)
{
	struct dev_find *f = arg;
	struct bench_dev *dev = f->dev;

	if (!tb[VDSA_A_DEV_ID] || !tb[VDSA_A_DEV_NAME] ||
	    strcmp(nla_get_string(tb[VDSA_A_DEV_NAME]), f->name))
		return 0;
	f->found = true;
	dev->id = nla_get_u32(tb[VDSA_A_DEV_ID]);
	snprintf(dev->name, sizeof(dev->name), "%s", f->name);
	dev->caps = get_u32(tb, VDSA_A_DEV_CAPS, 0);
	dev->max_groups = get_u32(tb, VDSA_A_DEV_MAX_GROUPS, 0);
	dev->max_engines = get_u32(tb, VDSA_A_DEV_MAX_ENGINES, 0);
	dev->max_wqs = get_u32(tb, VDSA_A_DEV_MAX_WQS, 0);
	dev->max_wq_size = get_u32(tb, VDSA_A_DEV_MAX_WQ_SIZE, 0);
	return 0;
}

int bench_dev_find(struct bnl *nl, const char *name, struct bench_dev *dev)
{
	struct dev_find f = { .name = name, .dev = dev };
	struct bnl_reply r = {
		.parse = dev_find_parse, .policy = dev_policy,
		.maxattr = VDSA_A_DEV_MAX, .arg = &f,
	};
	int err;

	err = bnl_exec(nl, bnl_msg(nl, VDSA_CMD_DEV_GET, NLM_F_DUMP), &r);
	if (err) {
		bnl_report(&r, err, "dev-get dump");
		return err;
	}
	if (!f.found) {
		fprintf(stderr, "vdsa-bench: no vdsa device named %s (%u devices)\n",
			name, r.messages);
		return -ENODEV;
	}
	return 0;
}

int bench_dev_check(const struct bench_dev *dev)
{
	if (dev->max_groups >= BENCH_GROUPS &&
	    dev->max_engines >= BENCH_GROUPS * BENCH_ENGINES_PER_GROUP &&
	    dev->max_wqs >= BENCH_WQS &&
	    dev->max_wq_size >= BENCH_WQ_SIZE_TOTAL &&
	    (dev->caps & VDSA_DEV_CAPS_SHARED_WQ) &&
	    (dev->caps & VDSA_DEV_CAPS_BLOCK_ON_FAULT))
		return 0;
	fprintf(stderr,
		"vdsa-bench: %s cannot hold the configuration: it has %u groups, %u engines, %u WQs, WQ size %u, caps 0x%x; need %u, %u, %u, %u, shared WQs and block-on-fault\n",
		dev->name, dev->max_groups, dev->max_engines, dev->max_wqs,
		dev->max_wq_size, dev->caps, BENCH_GROUPS,
		BENCH_GROUPS * BENCH_ENGINES_PER_GROUP, BENCH_WQS,
		BENCH_WQ_SIZE_TOTAL);
	return -EINVAL;
}

/* ---- requests ----------------------------------------------------------- */

/* Reply of dev-reset and dev-config-set: the device, with its WQ size. */
static int dev_used_parse(struct nlattr **tb, void *arg)
{
	uint32_t *used = arg;

	*used = get_u32(tb, VDSA_A_DEV_WQ_SIZE_USED, UINT32_MAX);
	return 0;
}

static int dev_request(struct bnl *nl, struct nl_msg *msg, const char *what,
		       uint32_t want_used)
{
	uint32_t used = UINT32_MAX;
	struct bnl_reply r = {
		.parse = dev_used_parse, .policy = dev_policy,
		.maxattr = VDSA_A_DEV_MAX, .arg = &used,
	};
	int err;

	err = bnl_exec(nl, msg, &r);
	if (err) {
		bnl_report(&r, err, what);
		return err;
	}
	if (r.messages != 1 || used != want_used) {
		fprintf(stderr,
			"vdsa-bench: %s: %u reply messages, wq-size-used %u (want 1 reply, %u)\n",
			what, r.messages, used, want_used);
		return -EPROTO;
	}
	return 0;
}

int apply_reset(struct bnl *nl, const struct bench_dev *dev)
{
	struct nl_msg *msg = bnl_msg(nl, VDSA_CMD_DEV_RESET, 0);

	if (msg && nla_put_u32(msg, VDSA_A_DEV_ID, dev->id) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return dev_request(nl, msg, "dev-reset", 0);
}

/* A do request whose reply is one object; fails on anything else. */
static int obj_request(struct bnl *nl, struct nl_msg *msg, const char *what)
{
	struct bnl_reply r = { 0 };
	int err;

	err = bnl_exec(nl, msg, &r);
	if (err) {
		bnl_report(&r, err, what);
		return err;
	}
	if (r.messages != 1) {
		fprintf(stderr, "vdsa-bench: %s: %u reply messages, want 1\n",
			what, r.messages);
		return -EPROTO;
	}
	return 0;
}

static int put_engines(struct nl_msg *msg, int attr, uint32_t group)
{
	struct nlattr *nest = nla_nest_start(msg, attr | NLA_F_NESTED);

	if (!nest || nla_put_u32(msg, VDSA_A_ENGINE_ID, group_engine(group)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* One WQ attribute from the spec, as a request attribute. */
static int put_wq_attr(struct nl_msg *msg, const struct wq_spec *w, int attr)
{
	switch (attr) {
	case VDSA_A_WQ_MODE:
		return nla_put_u32(msg, attr, w->mode);
	case VDSA_A_WQ_TYPE:
		return nla_put_u32(msg, attr, VDSA_WQ_TYPE_USER);
	case VDSA_A_WQ_NAME:
		return nla_put_string(msg, attr, w->name);
	case VDSA_A_WQ_SIZE:
		return nla_put_u32(msg, attr, w->size);
	case VDSA_A_WQ_GROUP_ID:
		return nla_put_s32(msg, attr, w->group);
	case VDSA_A_WQ_PRIORITY:
		return nla_put_u32(msg, attr, w->priority);
	case VDSA_A_WQ_BLOCK_ON_FAULT:
		return nla_put_u32(msg, attr, w->block_on_fault);
	case VDSA_A_WQ_THRESHOLD:
		return nla_put_u32(msg, attr, w->threshold);
	case VDSA_A_WQ_STATE:
		return nla_put_u32(msg, attr, VDSA_WQ_STATE_ENABLED);
	}
	return -EINVAL;
}

static bool wq_attr_applies(const struct wq_spec *w, int attr)
{
	return attr != VDSA_A_WQ_THRESHOLD || w->mode == VDSA_WQ_MODE_SHARED;
}

static int put_config_wq(struct nl_msg *msg, uint32_t id)
{
	const struct wq_spec *w = &bench_wqs[id];
	struct nlattr *nest = nla_nest_start(msg, VDSA_A_DEV_WQ | NLA_F_NESTED);
	size_t i;

	if (!nest || nla_put_u32(msg, VDSA_A_WQ_ID, id))
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(wq_write_order); i++)
		if (wq_attr_applies(w, wq_write_order[i]) &&
		    put_wq_attr(msg, w, wq_write_order[i]))
			return -EMSGSIZE;
	if (put_wq_attr(msg, w, VDSA_A_WQ_STATE))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_config_group(struct nl_msg *msg, uint32_t group)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, VDSA_A_DEV_GROUP | NLA_F_NESTED);
	if (!nest || nla_put_u32(msg, VDSA_A_GROUP_ID, group) ||
	    put_engines(msg, VDSA_A_GROUP_ENGINES, group))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static struct nl_msg *config_set_msg(struct bnl *nl, const struct bench_dev *dev)
{
	struct nl_msg *msg = bnl_msg(nl, VDSA_CMD_DEV_CONFIG_SET, 0);
	uint32_t i;

	if (!msg || nla_put_u32(msg, VDSA_A_DEV_ID, dev->id))
		goto fail;
	for (i = 0; i < BENCH_GROUPS; i++)
		if (put_config_group(msg, i))
			goto fail;
	for (i = 0; i < BENCH_WQS; i++)
		if (put_config_wq(msg, i))
			goto fail;
	return msg;
fail:
	nlmsg_free(msg);
	return NULL;
}

int apply_config_set(struct bnl *nl, const struct bench_dev *dev,
		     unsigned int *requests)
{
	*requests = 1;
	return dev_request(nl, config_set_msg(nl, dev), "dev-config-set",
			   BENCH_WQ_SIZE_TOTAL);
}

static int group_set(struct bnl *nl, const struct bench_dev *dev,
		     uint32_t group)
{
	struct nl_msg *msg = bnl_msg(nl, VDSA_CMD_GROUP_SET, 0);
	char what[64];

	if (msg && (nla_put_u32(msg, VDSA_A_GROUP_DEV_ID, dev->id) ||
		    nla_put_u32(msg, VDSA_A_GROUP_ID, group) ||
		    put_engines(msg, VDSA_A_GROUP_ENGINES, group))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	snprintf(what, sizeof(what), "group-set group%u engines", group);
	return obj_request(nl, msg, what);
}

static const char *wq_attr_name(int attr)
{
	switch (attr) {
	case VDSA_A_WQ_MODE:
		return "mode";
	case VDSA_A_WQ_TYPE:
		return "type";
	case VDSA_A_WQ_NAME:
		return "name";
	case VDSA_A_WQ_SIZE:
		return "size";
	case VDSA_A_WQ_GROUP_ID:
		return "group-id";
	case VDSA_A_WQ_PRIORITY:
		return "priority";
	case VDSA_A_WQ_BLOCK_ON_FAULT:
		return "block-on-fault";
	case VDSA_A_WQ_THRESHOLD:
		return "threshold";
	case VDSA_A_WQ_STATE:
		return "state";
	}
	return "?";
}

/* One wq-set request carrying the single attribute @attr. */
static int wq_set_one(struct bnl *nl, const struct bench_dev *dev,
		      uint32_t id, int attr)
{
	struct nl_msg *msg = bnl_msg(nl, VDSA_CMD_WQ_SET, 0);
	char what[64];

	if (msg && (nla_put_u32(msg, VDSA_A_WQ_DEV_ID, dev->id) ||
		    nla_put_u32(msg, VDSA_A_WQ_ID, id) ||
		    put_wq_attr(msg, &bench_wqs[id], attr))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	snprintf(what, sizeof(what), "wq-set wq%u %s", id, wq_attr_name(attr));
	return obj_request(nl, msg, what);
}

static int wq_configure(struct bnl *nl, const struct bench_dev *dev,
			uint32_t id, unsigned int *requests)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(wq_write_order); i++) {
		if (!wq_attr_applies(&bench_wqs[id], wq_write_order[i]))
			continue;
		err = wq_set_one(nl, dev, id, wq_write_order[i]);
		(*requests)++;
		if (err)
			return err;
	}
	return 0;
}

int apply_per_attr(struct bnl *nl, const struct bench_dev *dev,
		   unsigned int *requests)
{
	uint32_t i;
	int err;

	*requests = 0;
	for (i = 0; i < BENCH_GROUPS; i++) {
		err = group_set(nl, dev, i);
		(*requests)++;
		if (err)
			return err;
	}
	for (i = 0; i < BENCH_WQS; i++) {
		err = wq_configure(nl, dev, i, requests);
		if (err)
			return err;
	}
	for (i = 0; i < BENCH_WQS; i++) {
		err = wq_set_one(nl, dev, i, VDSA_A_WQ_STATE);
		(*requests)++;
		if (err)
			return err;
	}
	return 0;
}

/* ---- verification ------------------------------------------------------- */

struct wq_check {
	const struct bench_dev *dev;
	uint32_t seen;		/* bitmap of the WQs seen */
	char problem[256];
};

static const char *wq_mismatch(struct nlattr **tb, const struct wq_spec *w)
{
	uint32_t threshold = w->mode == VDSA_WQ_MODE_SHARED ? w->threshold : 0;

	if (get_u32(tb, VDSA_A_WQ_STATE, 0) != VDSA_WQ_STATE_ENABLED)
		return "not enabled";
	if (get_u32(tb, VDSA_A_WQ_SIZE, 0) != w->size)
		return "wrong size";
	if (get_u32(tb, VDSA_A_WQ_MODE, 0) != w->mode)
		return "wrong mode";
	if (get_u32(tb, VDSA_A_WQ_THRESHOLD, 0) != threshold)
		return "wrong threshold";
	if ((int32_t)get_u32(tb, VDSA_A_WQ_GROUP_ID, UINT32_MAX) != w->group)
		return "wrong group";
	if (get_u32(tb, VDSA_A_WQ_PRIORITY, 0) != w->priority)
		return "wrong priority";
	if (get_u32(tb, VDSA_A_WQ_BLOCK_ON_FAULT, 2) != w->block_on_fault)
		return "wrong block-on-fault";
	if (get_u32(tb, VDSA_A_WQ_TYPE, 0) != VDSA_WQ_TYPE_USER)
		return "wrong type";
	if (!tb[VDSA_A_WQ_NAME] ||
	    strcmp(nla_get_string(tb[VDSA_A_WQ_NAME]), w->name))
		return "wrong name";
	return NULL;
}

static int wq_check_parse(struct nlattr **tb, void *arg)
{
	struct wq_check *c = arg;
	const char *why;
	uint32_t id;

	if (get_u32(tb, VDSA_A_WQ_DEV_ID, UINT32_MAX) != c->dev->id ||
	    !tb[VDSA_A_WQ_ID])
		return 0;
	id = nla_get_u32(tb[VDSA_A_WQ_ID]);
	if (id >= BENCH_WQS)
		return 0;
	c->seen |= 1u << id;
	why = wq_mismatch(tb, &bench_wqs[id]);
	if (why && !c->problem[0])
		snprintf(c->problem, sizeof(c->problem),
			 "wq%u: %s (it is %s, size %u; want enabled, size %u)",
			 id, why,
			 get_u32(tb, VDSA_A_WQ_STATE, 0) == VDSA_WQ_STATE_ENABLED ?
			 "enabled" : "disabled",
			 get_u32(tb, VDSA_A_WQ_SIZE, 0), bench_wqs[id].size);
	return 0;
}

int apply_verify(struct bnl *nl, const struct bench_dev *dev,
		 const char *how, unsigned int iteration)
{
	struct wq_check c = { .dev = dev };
	struct bnl_reply r = {
		.parse = wq_check_parse, .policy = wq_policy,
		.maxattr = VDSA_A_WQ_MAX, .arg = &c,
	};
	struct nl_msg *msg = bnl_msg(nl, VDSA_CMD_WQ_GET, NLM_F_DUMP);
	int err;

	if (msg && nla_put_u32(msg, VDSA_A_WQ_DEV_ID, dev->id)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	err = bnl_exec(nl, msg, &r);
	if (err) {
		bnl_report(&r, err, "wq-get dump (verification)");
		return err;
	}
	if (c.seen != (1u << BENCH_WQS) - 1 && !c.problem[0])
		snprintf(c.problem, sizeof(c.problem),
			 "the dump lacks WQs (seen mask 0x%x)", c.seen);
	if (!c.problem[0])
		return 0;
	fprintf(stderr,
		"vdsa-bench: ABORT: after %s apply (iteration %u) %s is not configured as requested: %s\n",
		how, iteration, dev->name, c.problem);
	return -EPROTO;
}
