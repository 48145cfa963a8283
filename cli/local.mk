# cli/: vdsactl, its man page, bash completion, output JSON Schemas and tests.

bin_PROGRAMS += cli/vdsactl
cli_vdsactl_SOURCES = \
	cli/vdsactl.h \
	cli/uapi.h \
	cli/uapi.c \
	cli/main.c \
	cli/options.c \
	cli/lookup.c \
	cli/report.c \
	cli/json.c \
	cli/table.c \
	cli/dev.c \
	cli/group.c \
	cli/wq.c \
	cli/vdsa.c \
	cli/monitor.c
cli_vdsactl_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib
cli_vdsactl_CFLAGS = $(AM_CFLAGS) $(JSON_C_CFLAGS) $(UUID_CFLAGS)
cli_vdsactl_LDADD = lib/libvdsa.la $(JSON_C_LIBS) $(UUID_LIBS)

# The man page is built from scdoc when scdoc is there; the tarball carries
# the source only. (man8_MANS is not initialised in Makefile.am, so it is
# set here: automake refuses += on an unset variable.)
EXTRA_DIST += doc/vdsactl.8.scd
if HAVE_SCDOC
man8_MANS = doc/vdsactl.8
CLEANFILES += doc/vdsactl.8
doc/vdsactl.8: doc/vdsactl.8.scd
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(SCDOC) <$(srcdir)/doc/vdsactl.8.scd >$@.tmp && mv $@.tmp $@
endif

dist_bashcompletion_DATA = shell-completion/bash/vdsactl

# The JSON Schemas of every vdsactl -j document, for scripts to validate against.
vdsaschemadir = $(pkgdatadir)/schemas/output
dist_vdsaschema_DATA = \
	schemas/output/devices.json \
	schemas/output/groups.json \
	schemas/output/wqs.json \
	schemas/output/vdsas.json \
	schemas/output/event.json \
	schemas/output/version.json

# Host tests: no kernel, no VM. The VM suite (tests/kernel/70-vdsactl.bats)
# runs with the other kernel suites (tests/vm/kernel.test).
CLI_TESTS = \
	tests/cli/vdsactl.bats \
	tests/cli/completion.bats \
	tests/cli/doc.bats
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) \
	tests/kernel/70-vdsactl.bats \
	tests/kernel/90-vdsactl-inst.bats \
	bench/cli-bench \
	bench/cli.md \
	bench/inst-bench \
	bench/inst.md
