// SPDX-License-Identifier: GPL-2.0-only
/* Timing dev-get and wq-get dumps over every vdsa device. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <linux/vdsa.h>
#include <netlink/genl/genl.h>

#include "bench.h"

static const char *cmd_name(uint8_t cmd)
{
	return cmd == VDSA_CMD_DEV_GET ? "dev-get dump" : "wq-get dump";
}

struct dev_census {
	unsigned int devices;
	unsigned int wqs;
};

static int census_parse(struct nlattr **tb, void *arg)
{
	struct dev_census *c = arg;

	c->devices++;
	if (tb[VDSA_A_DEV_MAX_WQS])
		c->wqs += nla_get_u32(tb[VDSA_A_DEV_MAX_WQS]);
	return 0;
}

int dump_count_devices(struct bnl *nl, unsigned int *devices,
		       unsigned int *wqs)
{
	static struct nla_policy policy[VDSA_A_DEV_MAX + 1] = {
		[VDSA_A_DEV_MAX_WQS] = { .type = NLA_U32 },
	};
	struct dev_census c = { 0 };
	struct bnl_reply r = {
		.parse = census_parse, .policy = policy,
		.maxattr = VDSA_A_DEV_MAX, .arg = &c,
	};
	int err;

	err = bnl_exec(nl, bnl_msg(nl, VDSA_CMD_DEV_GET, NLM_F_DUMP), &r);
	if (err) {
		bnl_report(&r, err, "dev-get dump");
		return err;
	}
	*devices = c.devices;
	*wqs = c.wqs;
	return 0;
}

static double elapsed_us(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e6 + (b->tv_nsec - a->tv_nsec) / 1e3;
}

/* One dump; messages are counted, not parsed (that is the caller's cost). */
static int dump_once(struct bnl *nl, uint8_t cmd, unsigned int expect,
		     double *us)
{
	struct bnl_reply r = { 0 };
	struct timespec t0, t1;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = bnl_exec(nl, bnl_msg(nl, cmd, NLM_F_DUMP), &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err) {
		bnl_report(&r, err, cmd_name(cmd));
		return err;
	}
	if (r.messages != expect) {
		fprintf(stderr, "vdsa-bench: ABORT: %s returned %u messages, expected %u\n",
			cmd_name(cmd), r.messages, expect);
		return -EPROTO;
	}
	*us = elapsed_us(&t0, &t1);
	return 0;
}

int dump_bench(struct bnl *nl, struct dump_result *res, uint8_t cmd,
	       unsigned int expect)
{
	struct syscount start;
	unsigned int i;
	double us;
	int err;

	/* One warm-up dump, not counted. */
	err = dump_once(nl, cmd, expect, &us);
	if (err)
		return err;
	res->us = calloc(res->samples, sizeof(*res->us));
	if (!res->us)
		return -ENOMEM;
	for (i = 0; i < res->samples; i++) {
		syscount_get(&start);
		err = dump_once(nl, cmd, expect, &res->us[i]);
		syscount_add_since(&res->sc, &start);
		if (err)
			return err;
		res->messages += expect;
	}
	stats_compute(res->us, res->samples, &res->st);
	return 0;
}
