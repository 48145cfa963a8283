// SPDX-License-Identifier: GPL-2.0-only
/* Statistics, the human table and the JSON document of vdsa-bench. */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Linear interpolation between the closest ranks of sorted @v. */
static double percentile(const double *v, unsigned int n, double p)
{
	double pos = p * (n - 1);
	unsigned int lo = (unsigned int)pos;

	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (pos - lo) * (v[lo + 1] - v[lo]);
}

void stats_compute(const double *v, unsigned int n, struct stats *st)
{
	double *s, sum = 0, sq = 0;
	unsigned int i;

	memset(st, 0, sizeof(*st));
	if (!n)
		return;
	s = malloc(n * sizeof(*s));
	if (!s)
		return;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	for (i = 0; i < n; i++)
		sum += s[i];
	st->mean = sum / n;
	for (i = 0; i < n; i++)
		sq += (s[i] - st->mean) * (s[i] - st->mean);
	st->stddev = n > 1 ? sqrt(sq / (n - 1)) : 0;
	st->median = percentile(s, n, 0.5);
	st->p90 = percentile(s, n, 0.9);
	st->min = s[0];
	st->max = s[n - 1];
	free(s);
}

static double per(unsigned long sum, unsigned int n)
{
	return n ? (double)sum / n : 0;
}

static double ratio(double b, double a)
{
	return a > 0 ? b / a : 0;
}

/* ---- table -------------------------------------------------------------- */

static void table_syscalls(FILE *f, const char *tag, const struct syscount *sc,
			   unsigned int n)
{
	const char *sep = "";
	int i;

	fprintf(f, "%s", tag);
	for (i = 0; i < SC_NR; i++) {
		if (!sc->call[i])
			continue;
		fprintf(f, "%s%s %.1f", sep, syscount_names[i], per(sc->call[i], n));
		sep = ", ";
	}
	if (!*sep)
		fprintf(f, "none");
}

static void table_apply(FILE *f, const struct bench_run *run)
{
	const struct apply_result *a = &run->apply[0], *b = &run->apply[1];
	unsigned int i;

	fprintf(f, "\nApply one full-device configuration: %u groups x %u engine, %u WQs (dedicated + shared), %u entries, all enabled\n",
		BENCH_GROUPS, BENCH_ENGINES_PER_GROUP, BENCH_WQS,
		BENCH_WQ_SIZE_TOTAL);
	fprintf(f, "  %-22s %9s %10s %9s %11s %11s\n", "", "requests",
		"datagrams", "syscalls", "mean us", "median us");
	for (i = 0; i < 2; i++) {
		const struct apply_result *r = &run->apply[i];

		fprintf(f, "  %-22s %9.1f %10.1f %9.1f %11.1f %11.1f\n",
			r->label, per(r->requests, r->samples),
			per(r->sc.datagrams, r->samples),
			per(syscount_total(&r->sc), r->samples),
			r->st.mean, r->st.median);
	}
	fprintf(f, "  %-22s %9.1f %10.1f %9.1f %11.1f %11.1f\n", "ratio b/a",
		ratio(per(b->requests, b->samples), per(a->requests, a->samples)),
		ratio(per(b->sc.datagrams, b->samples),
		      per(a->sc.datagrams, a->samples)),
		ratio(per(syscount_total(&b->sc), b->samples),
		      per(syscount_total(&a->sc), a->samples)),
		ratio(b->st.mean, a->st.mean), ratio(b->st.median, a->st.median));
	table_syscalls(f, "  syscalls per apply: a) ", &a->sc, a->samples);
	table_syscalls(f, "; b) ", &b->sc, b->samples);
	fprintf(f, "\n  spread (min / p90 / max us): a) %.1f / %.1f / %.1f; b) %.1f / %.1f / %.1f\n",
		a->st.min, a->st.p90, a->st.max, b->st.min, b->st.p90,
		b->st.max);
}

static void table_dump(FILE *f, const struct bench_run *run)
{
	unsigned int i;

	fprintf(f, "\nDump all devices: %u devices, %u WQs; %u dumps each (+1 warm-up)\n",
		run->devices, run->wqs, run->dump_reps);
	fprintf(f, "  %-22s %9s %10s %9s %11s %11s\n", "", "messages",
		"datagrams", "syscalls", "mean us", "median us");
	for (i = 0; i < 2; i++) {
		const struct dump_result *d = &run->dump[i];

		fprintf(f, "  %-22s %9.1f %10.1f %9.1f %11.1f %11.1f\n",
			d->label, per(d->messages, d->samples),
			per(d->sc.datagrams, d->samples),
			per(syscount_total(&d->sc), d->samples),
			d->st.mean, d->st.median);
	}
	for (i = 0; i < 2; i++) {
		const struct dump_result *d = &run->dump[i];

		fprintf(f, "  %s: %.2f us per message; ", d->label,
			ratio(d->st.mean, per(d->messages, d->samples)));
		table_syscalls(f, "syscalls per dump: ", &d->sc, d->samples);
		fputc('\n', f);
	}
}

void report_table(FILE *f, const struct bench_run *run)
{
	fprintf(f, "vdsa-bench: vdsa generic netlink provisioning benchmark\n");
	fprintf(f, "kernel %s; host: %s\n", run->kernel, run->host);
	fprintf(f, "device %s; %u iterations per way (+%u warm-up), a dev-reset before every apply (not timed), every apply verified by a wq-get dump (not timed)\n",
		run->device, run->iterations, run->warmup);
	table_apply(f, run);
	table_dump(f, run);
}

/* ---- JSON --------------------------------------------------------------- */

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_syscalls(FILE *f, const struct syscount *sc, unsigned int n)
{
	int i;

	fprintf(f, "\"syscalls\": %.2f, \"syscalls_by_call\": {",
		per(syscount_total(sc), n));
	for (i = 0; i < SC_NR; i++)
		fprintf(f, "%s\"%s\": %.2f", i ? ", " : "", syscount_names[i],
			per(sc->call[i], n));
	fprintf(f, "}, \"datagrams_received\": %.2f", per(sc->datagrams, n));
}

static void json_stats(FILE *f, const struct stats *st)
{
	fprintf(f, "\"us\": {\"mean\": %.2f, \"median\": %.2f, \"min\": %.2f, \"p90\": %.2f, \"max\": %.2f, \"stddev\": %.2f}",
		st->mean, st->median, st->min, st->p90, st->max, st->stddev);
}

static void json_apply(FILE *f, const struct apply_result *r)
{
	fprintf(f, "    \"%s\": {\"samples\": %u, \"requests\": %.2f, ",
		r->key, r->samples, per(r->requests, r->samples));
	json_syscalls(f, &r->sc, r->samples);
	fprintf(f, ", ");
	json_stats(f, &r->st);
	fprintf(f, "},\n");
}

static void json_ratio(FILE *f, const struct bench_run *run)
{
	const struct apply_result *a = &run->apply[0], *b = &run->apply[1];

	fprintf(f, "    \"ratio_b_over_a\": {\"requests\": %.2f, \"syscalls\": %.2f, \"datagrams_received\": %.2f, \"mean_us\": %.2f, \"median_us\": %.2f}\n",
		ratio(per(b->requests, b->samples), per(a->requests, a->samples)),
		ratio(per(syscount_total(&b->sc), b->samples),
		      per(syscount_total(&a->sc), a->samples)),
		ratio(per(b->sc.datagrams, b->samples),
		      per(a->sc.datagrams, a->samples)),
		ratio(b->st.mean, a->st.mean), ratio(b->st.median, a->st.median));
}

static void json_dump(FILE *f, const struct dump_result *d, bool last)
{
	fprintf(f, "    \"%s\": {\"samples\": %u, \"messages\": %.2f, ",
		d->key, d->samples, per(d->messages, d->samples));
	json_syscalls(f, &d->sc, d->samples);
	fprintf(f, ", ");
	json_stats(f, &d->st);
	fprintf(f, "}%s\n", last ? "" : ",");
}

void report_json(FILE *f, const struct bench_run *run)
{
	fprintf(f, "{\n  \"tool\": \"vdsa-bench\",\n  \"kernel\": ");
	json_string(f, run->kernel);
	fprintf(f, ",\n  \"host\": ");
	json_string(f, run->host);
	fprintf(f, ",\n  \"note\": \"figures are relative (compare a with b, dump with dump), not absolute\",\n  \"device\": ");
	json_string(f, run->device);
	fprintf(f, ",\n  \"iterations\": %u,\n  \"warmup\": %u,\n", run->iterations,
		run->warmup);
	fprintf(f, "  \"config\": {\"groups\": %u, \"engines_per_group\": %u, \"wqs\": %u, \"wq_size_total\": %u},\n",
		BENCH_GROUPS, BENCH_ENGINES_PER_GROUP, BENCH_WQS,
		BENCH_WQ_SIZE_TOTAL);
	fprintf(f, "  \"apply\": {\n");
	json_apply(f, &run->apply[0]);
	json_apply(f, &run->apply[1]);
	json_ratio(f, run);
	fprintf(f, "  },\n  \"dump\": {\n    \"devices\": %u,\n    \"wqs\": %u,\n    \"repetitions\": %u,\n",
		run->devices, run->wqs, run->dump_reps);
	json_dump(f, &run->dump[0], false);
	json_dump(f, &run->dump[1], true);
	fprintf(f, "  }\n}\n");
}
