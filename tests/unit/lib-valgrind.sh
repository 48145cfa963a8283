#!/bin/sh
# The libvdsa unit tests again, under valgrind: no invalid accesses, no
# leaks (definite, indirect or possible). One TAP point per program; skipped
# (not passed) when valgrind is not installed.
#
# Finds the programs in $VDSA_BUILDDIR/tests/unit (else next to this script).

builddir=${VDSA_BUILDDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
programs="lib-names lib-extack lib-replay"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind not installed"
	exit 0
fi

# The programs are plain executables (they link the static convenience
# library); libtool --mode=execute copes should one become a wrapper.
run=
[ -x "$builddir/libtool" ] && run="$builddir/libtool --mode=execute"

set -- $programs
echo "1..$#"
n=0
for p in $programs; do
	n=$((n + 1))
	log=$(mktemp)
	$run valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		"$builddir/tests/unit/$p" >"$log" 2>&1
	status=$?
	if [ "$status" -eq 0 ] && ! grep -q '^==' "$log"; then
		echo "ok $n - $p under valgrind"
	else
		echo "not ok $n - $p under valgrind (exit $status)"
		sed 's/^/# /' "$log"
	fi
	rm -f "$log"
done
