# tests/vm/logscan.bash: the checks tests/vm/run applies to what the guest
# sends back after the job, as functions a host-side test can call
# (tests/vm/logscan.test feeds them sample reports). Sourced; bash.
#
#   vm_log_scan FILE               the report lines of a guest kernel log
#   vm_log_first_report FILE [N]   N lines (default 40) from the first report on
#   vm_kmemleak_scan FILE          the leaks in a /sys/kernel/debug/kmemleak dump
#
# Each prints what it found (at most 60 lines) and returns 1 when it found
# something, 0 when the input is clean; 2 when the input is unreadable.

# A line that starts (or is) a kernel report. Every detector of the debug
# kernel (tests/vm/debug-kernel.config) begins its reports with one of these:
#   KASAN        "BUG: KASAN: slab-use-after-free in ...", "KASAN: ..."
#   lockdep      "WARNING: possible circular locking dependency detected",
#                "WARNING: possible recursive locking detected",
#                "WARNING: inconsistent lock state", "WARNING: bad unlock
#                balance detected!", "WARNING: suspicious RCU usage",
#                "BUG: Invalid wait context", "BUG: MAX_LOCKDEP_ENTRIES too
#                low!", and "turning off the locking correctness validator"
#                (lockdep stops: nothing later would be caught)
#   UBSAN        "UBSAN: shift-out-of-bounds in ..."
#   atomic sleep "BUG: sleeping function called from invalid context at ...",
#                "BUG: scheduling while atomic: ..."
#   DEBUG_LIST   "list_add corruption. ...", "list_del corruption, ..."
#   kmemleak     "kmemleak: 3 new suspected memory leaks (see ...)", and
#                kmemleak turning itself off ("Kernel memory leak detector
#                disabled", "Memory pool empty"): leaks would go unseen
#   the rest     WARN_ON ("WARNING: CPU: 0 PID: 1 at ..."), BUG_ON, Oops,
#                GPF, refcount_t, hung tasks, any "Call Trace:".
vm_log_bad_re='BUG:|WARNING:|Oops|kernel BUG|Kernel panic|general protection fault|refcount_t:|list_add corruption|list_del corruption|UBSAN:|KASAN:|Call Trace:|INFO: task .* blocked|possible (circular|recursive) locking|inconsistent lock state|turning off the locking correctness validator|sleeping function called from invalid context|scheduling while atomic|kmemleak: [0-9]+ new suspected memory leak|kmemleak: .*(disabled|Memory pool empty|Cannot allocate)'

# Between the markers tests/kernel/95-fail-nth.bats writes to /dev/kmsg
# ("vdsa-fault-injection: begin" ... "vdsa-fault-injection: end") the kernel
# fails allocations on purpose, and some of its own paths dump the stack
# when one fails (kobject_add_internal, for one). There a bare "Call
# Trace:" is not a finding; every headline (WARNING, BUG, KASAN, ...) is,
# but one: 6.1's vfio_create_group() puts a group whose iommu_group is
# still set when dev_set_name() or cdev_device_add() fails, and
# vfio_group_release() warns (drivers/vfio/vfio_main.c:179). That is the
# vfio core's error path, reached through vfio_register_emulated_iommu_dev().
vm_log_fault_window_filter() {
	awk '
		/vdsa-fault-injection: begin/ { inside = 1; next }
		/vdsa-fault-injection: end/ { inside = 0; next }
		inside && /Call Trace:/ { next }
		inside && /WARNING: CPU: [0-9]+ PID: [0-9]+ at drivers\/vfio\/vfio_main\.c:179 vfio_group_release\+/ { next }
		{ print }
	' "$1"
}

vm_log_scan() {
	local file=$1
	[[ -r $file ]] || { echo "cannot read $file"; return 2; }
	local lines
	lines=$(vm_log_fault_window_filter "$file" | grep -E -- "$vm_log_bad_re" | head -n 60) || true
	[[ -z $lines ]] && return 0
	printf '%s\n' "$lines"
	return 1
}

vm_log_first_report() {
	local file=$1 n=${2:-40} first
	first=$(vm_log_fault_window_filter "$file" | grep -n -E -m 1 -- "$vm_log_bad_re" | cut -d: -f1) || true
	[[ -n $first ]] || return 0
	vm_log_fault_window_filter "$file" | sed -n "${first},$((first + n - 1))p"
}

# kmemleak's dump is one block per object:
#   unreferenced object 0xffff888005a3c000 (size 8192):
#     comm "vdsa-nl", pid 391, jiffies 4294937296 (age 31.840s)
#     hex dump (first 32 bytes): ...
#     backtrace:
#       [<ffffffff8137b3a6>] __kmalloc_node_track_caller+0x56/0x140
# Print the count, then each object's first line, its comm line and the
# first frames of its backtrace.
vm_kmemleak_scan() {
	local file=$1
	[[ -r $file ]] || { echo "cannot read $file"; return 2; }
	local count
	count=$(grep -c '^unreferenced object ' "$file") || true
	((count > 0)) || return 0
	echo "kmemleak: $count unreferenced object(s):"
	awk '
		/^unreferenced object / { frames = -1; print; next }
		/^ *comm "/ { print; next }
		/^ *backtrace:/ { frames = 0; next }
		frames >= 0 && frames < 6 && /\[<[0-9a-f]+>\]/ { print; frames++ }
	' "$file" | head -n 59
	return 1
}
