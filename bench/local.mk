# bench/: vdsa-bench, one dev-config-set against the per-attribute request
# stream of a sysfs-style tool, plus dump timings. Not installed and not a
# test: build it, then run it in the VM with "tests/vm/run -- bench/run"
# (bench/README.md).
noinst_PROGRAMS += bench/vdsa-bench
bench_vdsa_bench_SOURCES = \
	bench/bench.h \
	bench/vdsa-bench.c \
	bench/apply.c \
	bench/dump.c \
	bench/nl.c \
	bench/report.c \
	bench/syscount.c
bench_vdsa_bench_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/kernel/uapi $(LIBNL_CFLAGS)
# -lm: sqrt() for the standard deviation.
bench_vdsa_bench_LDADD = $(LIBNL_LIBS) -lm
EXTRA_DIST += bench/run bench/README.md
