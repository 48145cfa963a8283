# Host-side unit tests (TAP, no kernel, no privileges).
#
# The .test files are executables (python3 with a #! line): run them with
# the TAP LOG_DRIVER and no LOG_COMPILER.  They find the client as
# $VDSA_NL, else $VDSA_BUILDDIR/tests/tools/vdsa-nl, else relative to the
# current directory; the sources as $VDSA_SRCDIR, else relative to the
# scripts.  No kernel, no privileges needed.
#
#   spec-header.test           uapi header == YNL spec (tools/nlspec.py)
#   spec-header-selftest.test  check-header fails on broken headers
#   vdsa-nl-request.test       vdsa-nl argument parser and message builder
#   vdsa-nl-replay.test        vdsa-nl printer, errors, dumps, monitor on
#                              canned kernel answers (--replay)

UNIT_TESTS = \
	tests/unit/spec-header.test \
	tests/unit/spec-header-selftest.test \
	tests/unit/vdsa-nl-request.test \
	tests/unit/vdsa-nl-replay.test

TESTS += $(UNIT_TESTS)
EXTRA_DIST += $(UNIT_TESTS) tests/unit/nltest.py
