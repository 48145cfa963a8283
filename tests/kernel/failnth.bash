# Helpers for the allocation-failure sweep (95-fail-nth.bats): arm fault
# injection for the suite, and fail the 1st, 2nd, ... kernel allocation of
# one request until it needs fewer.

FNTH_RESULT=${BATS_TEST_TMPDIR:-/tmp}/fail-nth.result
FNTH_DEBUGFS=/sys/kernel/debug
ENOBUFS=105

# failnth_require: in setup(); skips on a kernel without fault injection
# (Debian's), except on the debug kernel, which must have it.
failnth_require() {
	[ -e /proc/self/fail-nth ] && return 0
	if [ "${VDSA_DEBUG_KERNEL:-0}" = 1 ]; then
		echo "the debug kernel has no /proc/self/fail-nth"
		return 1
	fi
	skip "no fault injection in this kernel (the debug kernel has it: tests/vm/run --debug-kernel)"
}

# failnth_enable: fail-nth may fail any sleeping slab or page allocation,
# silently (injected failures print no stack), except kmemleak's own
# bookkeeping: it would fall back to its pool, a point that cannot fail a
# request. tests/vm/run boots the debug kernel with every cache but
# kmemleak's marked for failslab (slub_debug=A...); the cache filter here
# makes the mark count. A no-op without fault injection.
failnth_enable() {
	[ -e /proc/self/fail-nth ] || return 0
	local a
	for a in failslab fail_page_alloc; do
		echo N >"$FNTH_DEBUGFS/$a/ignore-gfp-wait"
		echo 0 >"$FNTH_DEBUGFS/$a/verbose"
	done
	if [ "$(cat /sys/kernel/slab/kmalloc-64/failslab)" != 1 ]; then
		echo "the slab caches are not marked for failslab (slub_debug=A on the kernel command line)"
		return 1
	fi
	echo Y >"$FNTH_DEBUGFS/failslab/cache-filter"
	# tests/vm/logscan.bash: stack dumps between the markers are expected.
	echo "vdsa-fault-injection: begin (tests/kernel/95-fail-nth.bats)" >/dev/kmsg
}

failnth_disable() {
	[ -e /proc/self/fail-nth ] || return 0
	echo "vdsa-fault-injection: end" >/dev/kmsg
	local a
	for a in failslab fail_page_alloc; do
		echo Y >"$FNTH_DEBUGFS/$a/ignore-gfp-wait"
	done
	echo N >"$FNTH_DEBUGFS/failslab/cache-filter"
}

# nl_nth N OP ATTR...: vdsa-nl with its request's Nth allocation failing.
nl_nth() {
	local n=$1
	shift
	vdsa-nl --fail-nth "$n" --fail-nth-file "$FNTH_RESULT" "$@"
}

# write_nth N PATH TEXT: a sysfs write with its Nth allocation failing.
write_nth() {
	fail-nth-write "$1" "$FNTH_RESULT" "$2" "$3"
}

# Everything a request could change: every device, WQ and instance the
# family reports, the simulated registers (groups and engines included),
# and the devices on the vdsa, mdev and vfio side. Not generations: a
# create undone after its commit (a bind that failed) has moved them, and
# generations never go back. Few processes: each costs much here.
failnth_state() {
	local f out re='"generation":[0-9]+'
	out=$(vdsa-nl -d dev-get,wq-get,inst-get) || return 1
	while [[ $out =~ $re ]]; do
		out=${out//"${BASH_REMATCH[0]}"/'"generation":-'}
	done
	echo "$out"
	for f in "$SIM_DEBUGFS"/vdsa_sim*/hw; do
		[ -e "$f" ] && echo "$(<"$f")"
	done
	printf '%s\n' "$SIM_BUS"/devices/* /sys/bus/vdsa/devices/* \
		/sys/bus/mdev/devices/* /dev/vfio/*
}

# The sweep's listener: events go to FNTH_EV; monitor_mark ends a segment
# of them (a dev-add-ntf of dsa999, once it has arrived) and FNTH_SEGMENTS
# says what each segment holds: "cmd" (one successful request and any
# failed ones before it) or "setup".
monitor_mark() {
	local k=$1 i
	sim_new 999 wqs=1 engines=1 groups=1
	for ((i = 0; i < 200; i++)); do
		[ "$(count_marks "$FNTH_EV")" -ge "$k" ] && break
		sleep 0.05
	done
	sim_del 999
	[ "$i" -lt 200 ] || { echo "the listener did not see mark $k"; return 1; }
}

# The dev-add-ntf events of dsa999 in FILE, in bash alone (a process costs
# a quarter of a second on the debug kernel).
count_marks() {
	local line n=0
	while IFS= read -r line; do
		[[ $line == *'"op":"dev-add-ntf"'* && $line == *'"name":"dsa999"'* ]] && n=$((n + 1))
	done <"$1"
	echo "$n"
}

fnth_segment_end() {
	FNTH_SEGMENTS+=("$1")
	monitor_mark "${#FNTH_SEGMENTS[@]}"
}

# failnth_sweep SETUP CMD: SETUP builds the starting state from nothing;
# "CMD N" makes the request with its Nth allocation failing. For N = 1, 2,
# ... until the request no longer reaches its Nth allocation (then it must
# succeed):
# - a failed request (any non-zero status but ENOBUFS) must leave
#   failnth_state as it was;
# - a request that succeeds although its allocation failed (the kernel
#   tolerated it: a notification not sent, say) must have changed the
#   state; SETUP then starts over;
# - ENOBUFS: the answer was lost (netlink could not queue the ack), the
#   change may or may not have been made; SETUP starts over if it was.
# Sets POINTS (allocations swept), FAILED, TOLERATED, LOST.
failnth_sweep() {
	local setup=$1 cmd=$2 n res before after
	POINTS=0 FAILED=0 TOLERATED=0 LOST=0
	before=$(failnth_state)
	for ((n = 1; n <= 2000; n += FNTH_STRIDE)); do
		rm -f "$FNTH_RESULT"
		run --separate-stderr "$cmd" "$n"
		res=$(cat "$FNTH_RESULT" 2>/dev/null) ||
			{ echo "allocation $n: no fail-nth result: status $status $stderr"; return 1; }
		if [ "$res" = not-reached ]; then
			[ "$status" -eq 0 ] ||
				{ echo "no allocation failed, yet status $status: $stderr"; return 1; }
			return 0
		fi
		[ "$res" = reached ] || { echo "allocation $n: result '$res'"; return 1; }
		POINTS=$((POINTS + 1))
		after=$(failnth_state)
		if [ "$status" -eq 0 ]; then
			if [ "$after" = "$before" ]; then
				echo "allocation $n failed, the request reported success and changed nothing"
				return 1
			fi
			TOLERATED=$((TOLERATED + 1))
		elif [ "$status" -eq "$ENOBUFS" ]; then
			LOST=$((LOST + 1))
			[ "$after" != "$before" ] || continue
		else
			if [ "$after" != "$before" ]; then
				echo "allocation $n failed the request (status $status: $stderr) but the state changed:"
				diff <(echo "$before") <(echo "$after") || true
				return 1
			fi
			FAILED=$((FAILED + 1))
			continue
		fi
		# The request went through: start over.
		fnth_segment_end cmd
		"$setup"
		fnth_segment_end setup
		before=$(failnth_state)
	done
	echo "allocation 2000 still fails the request"
	return 1
}

# Every allocation (1), or every FNTH_STRIDE-th: in CI the longest sweeps
# take every 5th (failnth_stride).
FNTH_STRIDE=1

# failnth_check NAME SETUP CMD: the sweep under a listener. Each "cmd"
# segment must hold exactly the notifications of one successful request
# (counted without injection first), some of them perhaps lost: a failed
# request sends none. Prints one line for the record.
failnth_check() {
	local name=$1 setup=$2 cmd=$3 ev=$BATS_TEST_TMPDIR/events ref want i
	FNTH_EV=$ev
	FNTH_SEGMENTS=()
	# The reference: what one successful request announces.
	ref=$BATS_TEST_TMPDIR/ref-events
	"$setup"
	monitor_start "$ref"
	"$cmd" 1000000 >/dev/null
	monitor_stop "$ref"
	[ "$(cat "$FNTH_RESULT")" = not-reached ]
	want=$(wc -l <"$ref.events")

	"$setup"
	monitor_start "$ev" --continue-on-loss
	failnth_sweep "$setup" "$cmd"
	FNTH_SEGMENTS+=(cmd)	# monitor_stop's sentinel ends the last one
	monitor_stop "$ev"
	echo "# fail-nth $name: $POINTS allocations$( ((FNTH_STRIDE > 1)) && echo " (every ${FNTH_STRIDE}th)"): $FAILED failed the request, $TOLERATED tolerated, $LOST answers lost" >&3
	[ "$POINTS" -gt 0 ]

	# Split at the dsa999 dev-add-ntf marks; count each segment's events.
	local -a counts
	mapfile -t counts < <(jq -r '
		if .op == "dev-add-ntf" and .name == "dsa999" then "mark"
		elif .name == "dsa999" then empty
		else "event" end' "$ev" | awk '
		/^mark$/ { print n + 0; n = 0; next }
		{ n++ }')
	[ "${#counts[@]}" -eq "${#FNTH_SEGMENTS[@]}" ] ||
		{ echo "${#counts[@]} segments of events, ${#FNTH_SEGMENTS[@]} expected"; cat "$ev"; return 1; }
	for i in "${!FNTH_SEGMENTS[@]}"; do
		[ "${FNTH_SEGMENTS[$i]}" = cmd ] || continue
		if [ "${counts[$i]}" -ne "$want" ]; then
			echo "segment $i: ${counts[$i]} notifications (lost ones included), one successful request sends $want"
			cat "$ev"
			return 1
		fi
	done
}
