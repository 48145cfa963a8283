// SPDX-License-Identifier: GPL-2.0-only
/*
 * vdsa-bench: how much does one whole-device dev-config-set save over the
 * per-attribute request stream of a sysfs-style tool, and what does a dump
 * of many devices cost?
 *
 *   vdsa-bench [-d DEV] [-n ITER] [-w WARMUP] [-r DUMPS] [-N MIN_DEVICES]
 *              [-H HOST_NOTE] [-j] [-o FILE]
 *
 * A benchmark, not a test: it runs inside the test VM (bench/run), needs
 * CAP_NET_ADMIN, and the absolute figures mean little under TCG.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include <linux/vdsa.h>

#include "bench.h"

struct options {
	const char *device;
	const char *json_path;
	const char *host;
	unsigned int iterations;
	unsigned int warmup;
	unsigned int dump_reps;
	unsigned int min_devices;
	bool json_stdout;
};

typedef int (*apply_fn)(struct bnl *nl, const struct bench_dev *dev,
			unsigned int *requests);

static const apply_fn apply_ways[2] = { apply_config_set, apply_per_attr };

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: vdsa-bench [-d DEV] [-n ITER] [-w WARMUP] [-r DUMPS] [-N MIN_DEVICES]\n"
		"                  [-H HOST_NOTE] [-j] [-o FILE]\n"
		"  -d DEV     vdsa device to configure (default dsa500); it is reset\n"
		"  -n ITER    measured applies per way (default 200)\n"
		"  -w WARMUP  unmeasured applies per way first (default 3)\n"
		"  -r DUMPS   measured dev-get and wq-get dumps (default 50)\n"
		"  -N MIN     abort unless the dump sees at least MIN devices\n"
		"  -H NOTE    what the host is, for the report (e.g. \"QEMU TCG VM\")\n"
		"  -j         print the JSON document on stdout instead of the table\n"
		"  -o FILE    also write the JSON document to FILE\n");
}

static int parse_uint(const char *s, unsigned int min, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < min || v > 1000000)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	int c, err = 0;

	while ((c = getopt(argc, argv, "d:n:w:r:N:H:jo:h")) != -1) {
		switch (c) {
		case 'd':
			o->device = optarg;
			break;
		case 'n':
			err = parse_uint(optarg, 1, &o->iterations);
			break;
		case 'w':
			err = parse_uint(optarg, 0, &o->warmup);
			break;
		case 'r':
			err = parse_uint(optarg, 1, &o->dump_reps);
			break;
		case 'N':
			err = parse_uint(optarg, 0, &o->min_devices);
			break;
		case 'H':
			o->host = optarg;
			break;
		case 'j':
			o->json_stdout = true;
			break;
		case 'o':
			o->json_path = optarg;
			break;
		case 'h':
			print_usage(stdout);
			exit(0);
		default:
			print_usage(stderr);
			return -EINVAL;
		}
		if (err) {
			fprintf(stderr, "vdsa-bench: -%c: bad number %s\n", c, optarg);
			return err;
		}
	}
	if (optind != argc) {
		print_usage(stderr);
		return -EINVAL;
	}
	return 0;
}

static double elapsed_us(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e6 + (b->tv_nsec - a->tv_nsec) / 1e3;
}

/* Reset (not timed), apply one way (timed, counted), verify (not timed). */
static int one_apply(struct bnl *nl, const struct bench_dev *dev, int way,
		     struct apply_result *r, unsigned int iteration,
		     bool measured)
{
	struct syscount start;
	struct timespec t0, t1;
	unsigned int requests;
	int err;

	err = apply_reset(nl, dev);
	if (err)
		return err;
	syscount_get(&start);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = apply_ways[way](nl, dev, &requests);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err) {
		fprintf(stderr, "vdsa-bench: ABORT: %s apply failed in iteration %u\n",
			r->label, iteration);
		return err;
	}
	if (measured) {
		syscount_add_since(&r->sc, &start);
		r->us[r->samples++] = elapsed_us(&t0, &t1);
		r->requests += requests;
	}
	return apply_verify(nl, dev, r->label, iteration);
}

static int bench_apply(struct bnl *nl, const struct bench_dev *dev,
		       struct bench_run *run)
{
	unsigned int i, k;
	int err, way;

	for (k = 0; k < 2; k++) {
		run->apply[k].us = calloc(run->iterations, sizeof(double));
		if (!run->apply[k].us)
			return -ENOMEM;
	}
	for (i = 0; i < run->warmup + run->iterations; i++) {
		for (k = 0; k < 2; k++) {
			/* Alternate which way goes first. */
			way = (i + k) % 2;
			err = one_apply(nl, dev, way, &run->apply[way], i,
					i >= run->warmup);
			if (err)
				return err;
		}
	}
	for (k = 0; k < 2; k++)
		stats_compute(run->apply[k].us, run->apply[k].samples,
			      &run->apply[k].st);
	/* Leave the device as we found it: empty. */
	return apply_reset(nl, dev);
}

static int bench_dumps(struct bnl *nl, struct bench_run *run,
		       unsigned int min_devices)
{
	int err;

	err = dump_count_devices(nl, &run->devices, &run->wqs);
	if (err)
		return err;
	if (run->devices < min_devices) {
		fprintf(stderr, "vdsa-bench: ABORT: the dev-get dump sees %u devices, expected at least %u\n",
			run->devices, min_devices);
		return -ENODEV;
	}
	err = dump_bench(nl, &run->dump[0], VDSA_CMD_DEV_GET, run->devices);
	if (!err)
		err = dump_bench(nl, &run->dump[1], VDSA_CMD_WQ_GET, run->wqs);
	return err;
}

static void run_init(struct bench_run *run, const struct options *o)
{
	struct utsname u;

	memset(run, 0, sizeof(*run));
	snprintf(run->kernel, sizeof(run->kernel), "%s",
		 uname(&u) ? "unknown" : u.release);
	run->host = o->host;
	run->device = o->device;
	run->iterations = o->iterations;
	run->warmup = o->warmup;
	run->dump_reps = o->dump_reps;
	run->apply[0].key = "config_set";
	run->apply[0].label = "a) dev-config-set";
	run->apply[1].key = "per_attribute";
	run->apply[1].label = "b) per-attribute";
	run->dump[0].key = "dev_get";
	run->dump[0].label = "dev-get dump";
	run->dump[0].samples = o->dump_reps;
	run->dump[1].key = "wq_get";
	run->dump[1].label = "wq-get dump";
	run->dump[1].samples = o->dump_reps;
}

static void run_free(struct bench_run *run)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		free(run->apply[i].us);
		free(run->dump[i].us);
	}
}

/* libnl must have gone through our counted entry points by now. */
static int check_interposition(void)
{
	struct syscount now;

	syscount_get(&now);
	if (syscount_total(&now) && now.datagrams)
		return 0;
	fprintf(stderr, "vdsa-bench: ABORT: libnl's socket calls are not being counted (is libnl linked statically?)\n");
	return -EPERM;
}

static int write_json(const struct bench_run *run, const struct options *o)
{
	FILE *f;

	if (o->json_stdout)
		report_json(stdout, run);
	if (!o->json_path)
		return 0;
	f = fopen(o->json_path, "w");
	if (!f) {
		fprintf(stderr, "vdsa-bench: %s: %s\n", o->json_path,
			strerror(errno));
		return -errno;
	}
	report_json(f, run);
	if (fclose(f)) {
		fprintf(stderr, "vdsa-bench: %s: %s\n", o->json_path,
			strerror(errno));
		return -EIO;
	}
	return 0;
}

static int run_bench(const struct options *o, struct bench_run *run)
{
	struct bench_dev dev;
	struct bnl nl;
	int err;

	err = bnl_open(&nl);
	if (err)
		return err;
	err = check_interposition();
	if (!err)
		err = bench_dev_find(&nl, o->device, &dev);
	if (!err)
		err = bench_dev_check(&dev);
	if (!err)
		err = bench_apply(&nl, &dev, run);
	if (!err)
		err = bench_dumps(&nl, run, o->min_devices);
	bnl_close(&nl);
	return err;
}

int main(int argc, char **argv)
{
	struct options o = {
		.device = "dsa500",
		.host = "unknown host (figures are relative, not absolute)",
		.iterations = 200,
		.warmup = 3,
		.dump_reps = 50,
	};
	struct bench_run run;
	int err;

	if (parse_options(argc, argv, &o))
		return 2;
	run_init(&run, &o);
	err = run_bench(&o, &run);
	if (!err) {
		if (!o.json_stdout)
			report_table(stdout, &run);
		err = write_json(&run, &o);
	}
	run_free(&run);
	if (fflush(stdout))
		err = -EIO;
	return err ? 1 : 0;
}
