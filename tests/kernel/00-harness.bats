#!/usr/bin/env bats
# The VM the kernel suites run in (tests/vm/run) is the one they assume.

@test "harness: guest runs the kernel the modules were built for" {
	[ -n "$VDSA_KVER" ]
	run uname -r
	[ "$status" -eq 0 ]
	[ "$output" = "$VDSA_KVER" ]
	local ko vermagic n=0
	for ko in "$VDSA_KO_DIR"/*.ko "$VDSA_KO_DIR"/sim/*.ko; do
		[ -f "$ko" ] || continue
		vermagic=$(modinfo -F vermagic "$ko")
		[ "${vermagic%% *}" = "$(uname -r)" ] || {
			echo "$ko: vermagic '$vermagic', running $(uname -r)"
			return 1
		}
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || skip "no modules built in $VDSA_KO_DIR (make modules)"
}

@test "harness: root and checkout are read-only, /tmp and /run are writable tmpfs" {
	run touch /vdsa-harness-probe
	[ "$status" -ne 0 ]
	run touch "$VDSA_REPO/.vdsa-harness-probe"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Read-only file system"* ]]
	grep -Eq '^[^ ]+ / 9p ro[, ]' /proc/mounts
	grep -Eq '^[^ ]+ /tmp tmpfs rw[, ]' /proc/mounts
	grep -Eq '^[^ ]+ /run tmpfs rw[, ]' /proc/mounts
	local f
	f=$(mktemp /tmp/harness.XXXXXX)
	echo written >"$f"
	[ "$(cat "$f")" = written ]
	rm -f "$f"
}

@test "harness: debugfs is mounted and modprobe resolves in-tree modules" {
	grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
	[ -e /sys/kernel/debug/dynamic_debug/control ]
	local m
	# Debian's kernel has them as modules; the debug kernel (tests/vm/run
	# --debug-kernel) builds them in, and its modules.builtin says so.
	for m in vfio vfio_iommu_type1 mdev; do
		run modprobe --show-depends "$m"
		echo "$m: $output"
		[ "$status" -eq 0 ]
		if [ "${VDSA_DEBUG_KERNEL:-0}" = 1 ]; then
			[ "$output" = "builtin $m" ]
		else
			[[ "$output" == *"/lib/modules/$(uname -r)/"*"$m.ko"* ]]
		fi
	done
}
