#!/usr/bin/env bats
# The kernel-log checks of tests/vm/run (tests/vm/logscan.bash), on the host:
# every kind of report the debug kernel can write fails the check, a clean
# log passes. Samples in tests/vm/logscan-samples/.

setup() {
	# shellcheck source=tests/vm/logscan.bash
	source "$BATS_TEST_DIRNAME/logscan.bash"
	S=$BATS_TEST_DIRNAME/logscan-samples
}

# must_fail SAMPLE HEADLINE: the scan of SAMPLE fails and names HEADLINE.
must_fail() {
	run vm_log_scan "$S/$1"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$2"* ]]
}

@test "logscan: a KASAN report fails the check" {
	must_fail kasan.txt "BUG: KASAN: use-after-free in vdsa_inst_put"
}

@test "logscan: lockdep's circular locking report fails the check" {
	must_fail lockdep-circular.txt "WARNING: possible circular locking dependency detected"
}

@test "logscan: lockdep's recursive locking report fails the check" {
	must_fail lockdep-recursive.txt "WARNING: possible recursive locking detected"
}

@test "logscan: lockdep running out of entries and turning itself off fails the check" {
	must_fail lockdep-off.txt "BUG: MAX_LOCKDEP_ENTRIES too low!"
	[[ "$output" == *"turning off the locking correctness validator"* ]]
}

@test "logscan: a UBSAN report fails the check" {
	must_fail ubsan.txt "UBSAN: shift-out-of-bounds in"
}

@test "logscan: sleeping in atomic context fails the check" {
	must_fail sleeping.txt "BUG: sleeping function called from invalid context"
	must_fail scheduling-atomic.txt "BUG: scheduling while atomic"
}

@test "logscan: WARN_ON and DEBUG_LIST corruption fail the check" {
	must_fail warn.txt "WARNING: CPU: 0 PID: 340 at"
	must_fail list-corruption.txt "list_add corruption."
}

@test "logscan: kmemleak's findings and kmemleak disabling itself fail the check" {
	must_fail kmemleak-found.txt "kmemleak: 82 new suspected memory leaks"
	must_fail kmemleak-disabled.txt "kmemleak: Kernel memory leak detector disabled"
}

@test "logscan: each report headline alone fails the check, without its Call Trace" {
	local f=$BATS_TEST_TMPDIR/one.txt line n=0
	local -a headlines=(
		"BUG: KASAN: slab-out-of-bounds in vdsa_wq_set+0x1/0x2 [vdsa]"
		"WARNING: possible circular locking dependency detected"
		"possible recursive locking detected"
		"WARNING: inconsistent lock state"
		"WARNING: bad unlock balance detected!"
		"WARNING: suspicious RCU usage"
		"BUG: Invalid wait context"
		"turning off the locking correctness validator."
		"UBSAN: array-index-out-of-bounds in kernel/config.c:88:9"
		"BUG: sleeping function called from invalid context at mm/slab.h:723"
		"BUG: scheduling while atomic: bash/1/0x00000002"
		"list_del corruption, ffff888004b2c0d0->next is LIST_POISON1 (dead000000000100)"
		"kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)"
		"kmemleak: Memory pool empty, consider increasing CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE"
		"general protection fault, probably for non-canonical address 0xdffffc0000000003: 0000 [#1] PREEMPT SMP KASAN"
		"refcount_t: underflow; use-after-free."
		"INFO: task vdsa-nl:231 blocked for more than 120 seconds."
	)
	for line in "${headlines[@]}"; do
		printf '[   10.000000] %s\n' "$line" >"$f"
		run vm_log_scan "$f"
		if [ "$status" -ne 1 ]; then
			echo "not caught: $line"
			return 1
		fi
		n=$((n + 1))
	done
	[ "$n" -eq "${#headlines[@]}" ]
}

@test "logscan: a stack dump inside the fault-injection window is not a report" {
	run vm_log_scan "$S/fault-window.txt"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# The same dump without the markers is one.
	grep -v vdsa-fault-injection "$S/fault-window.txt" >"$BATS_TEST_TMPDIR/bare.txt"
	run vm_log_scan "$BATS_TEST_TMPDIR/bare.txt"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Call Trace:"* ]]
}

@test "logscan: inside the window a WARNING still fails, and after it a bare Call Trace does" {
	run vm_log_scan "$S/fault-window-warn.txt"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"WARNING: CPU: 0 PID: 1877 at kernel/inst.c:512"* ]]
	# vfio's own error-path warning is expected inside the window only.
	[[ "$output" == *"[  814.189752] WARNING: CPU: 0 PID: 1698 at drivers/vfio/vfio_main.c:179"* ]]
	# One Call Trace only: the one after the window closed.
	[ "$(grep -c 'Call Trace:' <<<"$output")" -eq 1 ]
	[[ "$(grep 'Call Trace:' <<<"$output")" == "[  813.104411] Call Trace:" ]]
	run vm_log_first_report "$S/fault-window-warn.txt" 1
	[[ "$output" == *"WARNING: CPU: 0 PID: 1877"* ]]
}

@test "logscan: the first report is shown from its headline on" {
	run vm_log_first_report "$S/lockdep-circular.txt" 6
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 6 ]
	[[ "${lines[0]}" == *"WARNING: possible circular locking dependency detected" ]]
	[[ "${lines[3]}" == *"vdsa-vfio-read/2211 is trying to acquire lock:" ]]
}

@test "logscan: a clean debug-kernel log passes (detector banners are not reports)" {
	local f
	for f in "$S"/clean-*.txt; do
		run vm_log_scan "$f"
		echo "$f: $output"
		[ "$status" -eq 0 ]
		[ -z "$output" ]
	done
}

@test "logscan: an unreadable log is an error, not a pass" {
	run vm_log_scan "$S/no-such.txt"
	[ "$status" -eq 2 ]
	run vm_kmemleak_scan "$S/no-such.txt"
	[ "$status" -eq 2 ]
}

@test "logscan: a kmemleak dump with objects fails, naming the allocation" {
	run vm_kmemleak_scan "$S/kmemleak-dump.txt"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "kmemleak: 2 unreferenced object(s):" ]
	[[ "${lines[1]}" == "unreferenced object 0xffff888005a3c000 (size 8192):" ]]
	[[ "$output" == *'comm "vdsa-nl", pid 391'* ]]
	[[ "$output" == *"vdsa_nl_inst_create_doit+0x9e/0x5a0 [vdsa]"* ]]
	# At most six frames per object.
	[[ "$output" != *"netlink_rcv_skb"* ]]
}

@test "logscan: an empty kmemleak dump passes" {
	run vm_kmemleak_scan "$S/kmemleak-none.txt"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}
