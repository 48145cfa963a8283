/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vdsa-bench: compares one whole-device dev-config-set with the per-attribute
 * request stream a sysfs-style tool (accel-config) issues, and times dumps.
 */
#ifndef VDSA_BENCH_H
#define VDSA_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

/* ---- syscount.c: the socket syscalls libnl makes, counted -------------- */

enum sc_kind {
	SC_SENDMSG,
	SC_RECVMSG,
	SC_SENDTO,
	SC_RECVFROM,
	SC_POLL,
	SC_NR
};

struct syscount {
	unsigned long call[SC_NR];
	/* Netlink datagrams actually consumed (receives without MSG_PEEK). */
	unsigned long datagrams;
};

extern const char *const syscount_names[SC_NR];

void syscount_get(struct syscount *now);
/* @acc += (now - @start) */
void syscount_add_since(struct syscount *acc, const struct syscount *start);
unsigned long syscount_total(const struct syscount *c);

/* ---- nl.c: one libnl-genl session ---------------------------------------- */

struct bnl {
	struct nl_sock *sk;
	struct nl_cb *cb;
	int family;
};

/* Called for every reply message with its parsed top-level attributes. */
typedef int (*bnl_parse_fn)(struct nlattr **tb, void *arg);

struct bnl_reply {
	/* in: how to read reply messages (parse may be NULL) */
	bnl_parse_fn parse;
	const struct nla_policy *policy;
	int maxattr;
	void *arg;
	/* out */
	unsigned int messages;
	int err;		/* raw errno from the kernel, 0 if none */
	int parse_err;		/* first error a parse callback returned */
	char ext_msg[256];	/* extack text of a kernel error */
	bool done;
};

#define BNL_MAXATTR	32

int bnl_open(struct bnl *nl);
void bnl_close(struct bnl *nl);
/* A request (do, or dump with NLM_F_DUMP in @flags) of the vdsa family. */
struct nl_msg *bnl_msg(struct bnl *nl, uint8_t cmd, int flags);
/*
 * Sends @msg (always freed) and reads until the ACK, the end of the dump or
 * an error. Returns 0, the negative raw errno of a kernel error, or -EIO for
 * a local failure (already reported on stderr).
 */
int bnl_exec(struct bnl *nl, struct nl_msg *msg, struct bnl_reply *r);
/* Prints "vdsa-bench: WHAT: strerror (extack)" for a bnl_exec() failure. */
void bnl_report(const struct bnl_reply *r, int err, const char *what);

/* ---- apply.c: the configuration and its two ways of applying it ------- */

struct bench_dev {
	uint32_t id;
	char name[64];
	uint32_t caps;
	uint32_t max_groups;
	uint32_t max_engines;
	uint32_t max_wqs;
	uint32_t max_wq_size;
};

/* Shape of the configuration, for the report. */
#define BENCH_GROUPS		4
#define BENCH_ENGINES_PER_GROUP	1
#define BENCH_WQS		8
#define BENCH_WQ_SIZE_TOTAL	128

int bench_dev_find(struct bnl *nl, const char *name, struct bench_dev *dev);
int bench_dev_check(const struct bench_dev *dev);
int apply_reset(struct bnl *nl, const struct bench_dev *dev);
/* Each returns 0 or a negative errno and counts the requests it sent. */
int apply_config_set(struct bnl *nl, const struct bench_dev *dev,
		     unsigned int *requests);
int apply_per_attr(struct bnl *nl, const struct bench_dev *dev,
		   unsigned int *requests);
/* Checks with a wq-get dump that every WQ is configured and enabled. */
int apply_verify(struct bnl *nl, const struct bench_dev *dev,
		 const char *how, unsigned int iteration);

/* ---- results ----------------------------------------------------------- */

struct stats {
	double mean;
	double median;
	double min;
	double max;
	double p90;
	double stddev;
};

void stats_compute(const double *v, unsigned int n, struct stats *st);

struct apply_result {
	const char *key;	/* JSON key */
	const char *label;	/* table label */
	unsigned int samples;
	double *us;		/* one time per measured apply */
	unsigned long requests;	/* sums over the measured applies */
	struct syscount sc;
	struct stats st;
};

struct dump_result {
	const char *key;
	const char *label;
	unsigned int samples;
	double *us;
	unsigned long messages;	/* sums over the measured dumps */
	struct syscount sc;
	struct stats st;
};

/* dump.c */
int dump_count_devices(struct bnl *nl, unsigned int *devices,
		       unsigned int *wqs);
int dump_bench(struct bnl *nl, struct dump_result *res, uint8_t cmd,
	       unsigned int expect);

struct bench_run {
	char kernel[128];
	const char *host;
	const char *device;
	unsigned int iterations;
	unsigned int warmup;
	unsigned int dump_reps;
	unsigned int devices;		/* seen by the dev-get dump */
	unsigned int wqs;		/* their WQs, as the wq-get dump must see */
	struct apply_result apply[2];	/* [0] = config-set, [1] = per-attr */
	struct dump_result dump[2];	/* [0] = dev-get, [1] = wq-get */
};

/* report.c */
void report_table(FILE *f, const struct bench_run *run);
void report_json(FILE *f, const struct bench_run *run);

#endif /* VDSA_BENCH_H */
