#!/usr/bin/env bats
# libvdsa against the kernel family. Forks are slow under TCG (~30 ms), so
# tests/tools/libvdsa-errtest runs a whole scenario per invocation and
# prints one TAP-like line per check; a test fails if any check did, and
# bats then shows the checks.

load lib

setup_file() {
	load_modules
}

teardown_file() {
	sim_del_all
	unload_modules
}

teardown() {
	kill "${MONITOR_PID:-}" 2>/dev/null || true
	sim_del_all
}

# errtest ARGS...: run a scenario, show its checks, pass if all passed.
errtest() {
	run libvdsa-errtest "$@"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output != *"not ok"* ]]
}

@test "the snapshot lists devices, groups, engines and WQs with idxd names" {
	sim_new 7 wqs=5 engines=3 groups=2
	errtest list dsa7 5 3 2
}

@test "wq, group, config and reset requests update the snapshot as the kernel did" {
	sim_new 7
	errtest requests dsa7
}

@test "errors carry the kernel's errno, extack message and the attribute the library wrote" {
	sim_new 7
	errtest errors dsa7
}

@test "a configuration of 128 WQs with long names goes in one request and reads back" {
	sim_new 8 wqs=128 engines=16 groups=8 wq_size=1024
	errtest big dsa8
}

@test "an unprivileged caller gets EPERM on submit and can still refresh and listen" {
	sim_new 7
	run as_nobody_exec "$(command -v libvdsa-errtest)" unpriv dsa7
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output != *"not ok"* ]]
}

@test "the monitor fd sees a wq-change event after a concurrent enable" {
	local ready=$BATS_TEST_TMPDIR/ready out=$BATS_TEST_TMPDIR/monitor id i
	sim_new 7
	libvdsa-errtest monitor dsa7 1 "$ready" >"$out" 2>&1 &
	MONITOR_PID=$!
	for i in $(seq 200); do
		[ -e "$ready" ] && break
		sleep 0.05
	done
	[ -e "$ready" ]
	id=$(dev_id dsa7)
	vdsa-nl group-set dev-id="$id" id=0 engines { id=0 } >/dev/null
	vdsa-nl wq-set dev-id="$id" id=1 size=8 group-id=0 state=enabled >/dev/null
	run wait "$MONITOR_PID"
	MONITOR_PID=
	cat "$out"
	[ "$status" -eq 0 ]
	! grep -q "not ok" "$out"
}

@test "without the module every request is EOPNOTSUPP" {
	unload_modules
	run libvdsa-errtest nofamily
	load_modules
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output != *"not ok"* ]]
}

@test "libvdsa-errtest runs clean under valgrind: no errors, no leaks" {
	command -v valgrind >/dev/null || skip "valgrind not installed"
	sim_new 7
	sim_new 8 wqs=128 engines=16 groups=8 wq_size=1024
	run valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		"$(command -v libvdsa-errtest)" all dsa7 dsa8
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output != *"not ok"* ]]
	# -q: valgrind itself prints only what it found.
	[[ $output != *"=="* ]]
}
