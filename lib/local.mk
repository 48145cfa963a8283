# libvdsa: the library (lib/), its unit tests (tests/unit/lib-*), its
# kernel test program (tests/tools/libvdsa-errtest) and its man page.
#
# Expects from Makefile.am: the usual variables initialised with '=',
# LIBNL_CFLAGS/LIBNL_LIBS, LIBVDSA_VERSION_INFO, pkgconfigdir and the
# HAVE_SCDOC conditional from configure.

LIBVDSA_SOURCES = \
	lib/vdsa/libvdsa.h \
	lib/libvdsa-private.h \
	lib/ctx.c \
	lib/names.c \
	lib/nl.c \
	lib/snapshot.c \
	lib/dev.c \
	lib/group.c \
	lib/engine.c \
	lib/wq.c \
	lib/wq-req.c \
	lib/group-req.c \
	lib/config-req.c \
	lib/monitor.c \
	lib/inst.c \
	lib/inst-req.c

LIBVDSA_CPPFLAGS = $(AM_CPPFLAGS) -D_GNU_SOURCE -I$(top_srcdir)/lib

# The installed library: only what libvdsa.sym lists is visible, and the
# definitions say so themselves (VDSA_EXPORT): two fences, not one.
lib_LTLIBRARIES += lib/libvdsa.la
lib_libvdsa_la_SOURCES = $(LIBVDSA_SOURCES)
lib_libvdsa_la_CPPFLAGS = $(LIBVDSA_CPPFLAGS)
lib_libvdsa_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden $(LIBNL_CFLAGS) $(UUID_CFLAGS)
lib_libvdsa_la_LDFLAGS = $(AM_LDFLAGS) \
	-version-info $(LIBVDSA_VERSION_INFO) \
	-Wl,--version-script=$(top_srcdir)/lib/libvdsa.sym \
	-Wl,-z,defs
lib_libvdsa_la_LIBADD = $(LIBNL_LIBS) $(UUID_LIBS)
EXTRA_lib_libvdsa_la_DEPENDENCIES = lib/libvdsa.sym

# The same code with nothing hidden, for unit tests of internal functions.
noinst_LTLIBRARIES += lib/libvdsa-internal.la
lib_libvdsa_internal_la_SOURCES = $(LIBVDSA_SOURCES)
lib_libvdsa_internal_la_CPPFLAGS = $(LIBVDSA_CPPFLAGS)
lib_libvdsa_internal_la_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS) $(UUID_CFLAGS)
lib_libvdsa_internal_la_LIBADD = $(LIBNL_LIBS) $(UUID_LIBS)

include_vdsadir = $(includedir)/vdsa
include_vdsa_HEADERS = lib/vdsa/libvdsa.h

pkgconfig_DATA = lib/libvdsa.pc

EXTRA_DIST += lib/libvdsa.sym lib/libvdsa.pc.in

# --------------------------------------------------------------------------
# Man page: doc/libvdsa.3 from scdoc source, when scdoc is there.
# --------------------------------------------------------------------------
EXTRA_DIST += doc/libvdsa.3.scd
if HAVE_SCDOC
nodist_man3_MANS = doc/libvdsa.3
CLEANFILES += doc/libvdsa.3
doc/libvdsa.3: doc/libvdsa.3.scd
	$(AM_V_GEN)$(MKDIR_P) doc && $(SCDOC) <$(top_srcdir)/doc/libvdsa.3.scd >$@.tmp && mv $@.tmp $@
endif

# --------------------------------------------------------------------------
# Unit tests (host, TAP, no kernel): internals through libvdsa-internal.la.
# --------------------------------------------------------------------------
LIBVDSA_UNIT_TESTS = \
	tests/unit/lib-names \
	tests/unit/lib-extack \
	tests/unit/lib-replay

check_PROGRAMS += $(LIBVDSA_UNIT_TESTS)
TESTS += $(LIBVDSA_UNIT_TESTS) \
	tests/unit/lib-valgrind.sh \
	tests/unit/lib-symbols.test
EXTRA_DIST += \
	tests/unit/lib-valgrind.sh \
	tests/unit/lib-symbols.test \
	tests/kernel/60-libvdsa.bats

LIB_UNIT_CPPFLAGS = $(LIBVDSA_CPPFLAGS) -I$(top_srcdir)/tests/unit
LIB_UNIT_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS) $(UUID_CFLAGS)
LIB_UNIT_LDADD = lib/libvdsa-internal.la $(LIBNL_LIBS) $(UUID_LIBS)

tests_unit_lib_names_SOURCES = tests/unit/lib-names.c tests/unit/lib-tap.h
tests_unit_lib_names_CPPFLAGS = $(LIB_UNIT_CPPFLAGS)
tests_unit_lib_names_CFLAGS = $(LIB_UNIT_CFLAGS)
tests_unit_lib_names_LDADD = $(LIB_UNIT_LDADD)

tests_unit_lib_extack_SOURCES = tests/unit/lib-extack.c tests/unit/lib-tap.h
tests_unit_lib_extack_CPPFLAGS = $(LIB_UNIT_CPPFLAGS)
tests_unit_lib_extack_CFLAGS = $(LIB_UNIT_CFLAGS)
tests_unit_lib_extack_LDADD = $(LIB_UNIT_LDADD)

tests_unit_lib_replay_SOURCES = tests/unit/lib-replay.c tests/unit/lib-tap.h
tests_unit_lib_replay_CPPFLAGS = $(LIB_UNIT_CPPFLAGS)
tests_unit_lib_replay_CFLAGS = $(LIB_UNIT_CFLAGS) -pthread
tests_unit_lib_replay_LDADD = $(LIB_UNIT_LDADD) -lpthread

tests/unit/lib-valgrind.log: $(LIBVDSA_UNIT_TESTS)

# --------------------------------------------------------------------------
# tests/tools/libvdsa-errtest: the library against the kernel, for
# tests/kernel/60-libvdsa.bats (in the VM). Linked with the shared library
# through a real rpath (-no-install), so the guest runs it from the
# read-only checkout without a libtool wrapper.
# --------------------------------------------------------------------------
noinst_PROGRAMS += tests/tools/libvdsa-errtest
tests_tools_libvdsa_errtest_SOURCES = tests/tools/libvdsa-errtest.c
tests_tools_libvdsa_errtest_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib
tests_tools_libvdsa_errtest_LDFLAGS = -no-install
tests_tools_libvdsa_errtest_LDADD = lib/libvdsa.la
