# vdsa-nl: spec-driven generic netlink test client, used by the kernel
# tests (tests/kernel/) and unit-tested on the host (tests/unit/).
#
# Expects from the including Makefile.am: noinst_PROGRAMS, BUILT_SOURCES,
# CLEANFILES and EXTRA_DIST already set with '=', LIBNL_CFLAGS/LIBNL_LIBS
# (libnl-3.0 libnl-genl-3.0) and JSON_C_CFLAGS/JSON_C_LIBS from configure,
# and ideally PYTHON (AM_PATH_PYTHON); without it nlspec.py runs through
# its own #! line.

noinst_PROGRAMS += tests/tools/vdsa-nl

tests_tools_vdsa_nl_SOURCES = \
	tests/tools/vdsa-nl.c \
	tests/tools/fail-nth.c \
	tests/tools/fail-nth.h \
	tests/tools/nl-client.h \
	tests/tools/nl-request.c \
	tests/tools/nl-json.c \
	tests/tools/vdsa-spec.c \
	tests/tools/vdsa-spec.h
# Generated from the spec at build time, never committed or distributed.
nodist_tests_tools_vdsa_nl_SOURCES = tests/tools/vdsa-spec-tables.c

tests_tools_vdsa_nl_CFLAGS = $(AM_CFLAGS) \
	-I$(top_srcdir)/kernel/uapi \
	-I$(top_srcdir)/tests/tools \
	$(LIBNL_CFLAGS) $(JSON_C_CFLAGS)
tests_tools_vdsa_nl_LDADD = $(LIBNL_LIBS) $(JSON_C_LIBS)

tests/tools/vdsa-spec-tables.c: $(top_srcdir)/schemas/netlink/vdsa.yaml \
		$(top_srcdir)/tools/nlspec.py
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(PYTHON) $(top_srcdir)/tools/nlspec.py gen-tables \
		--spec $(top_srcdir)/schemas/netlink/vdsa.yaml -o $@

BUILT_SOURCES += tests/tools/vdsa-spec-tables.c
CLEANFILES += tests/tools/vdsa-spec-tables.c
EXTRA_DIST += tools/nlspec.py

# vdsa-vfio-read: opens a vDSA instance's vfio device like a VMM and prints
# its config space and BAR0 decoded (doc/vdsa-vdev-regs.md), for
# tests/kernel/85-bind.bats and 86-mdevctl.bats.
noinst_PROGRAMS += tests/tools/vdsa-vfio-read
tests_tools_vdsa_vfio_read_SOURCES = tests/tools/vdsa-vfio-read.c
EXTRA_DIST += doc/vdsa-vdev-regs.md

# fail-nth-write: a sysfs write with its Nth kernel allocation failing, for
# tests/kernel/95-fail-nth.bats (device add and remove).
noinst_PROGRAMS += tests/tools/fail-nth-write
tests_tools_fail_nth_write_SOURCES = \
	tests/tools/fail-nth-write.c \
	tests/tools/fail-nth.c \
	tests/tools/fail-nth.h
