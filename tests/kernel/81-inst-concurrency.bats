#!/usr/bin/env bats
# Several processes creating and destroying instances on one device at once
# never share a WQ, never leak one, and never overcommit the WQ size.

load lib

setup_file() {
	load_modules
}

teardown_file() {
	sim_del_all
	unload_modules
}

setup() {
	sim_new 1 wqs=8 wq_size=64
	ID=$(dev_id dsa1)
}

teardown() {
	sim_del_all
}

# worker N ITERATIONS: create and destroy instances of 1-2 WQs of size 12;
# the device fits only some of them at once, so creates compete for WQs
# and size. Prints one line per outcome.
worker() {
	local n=$1 iters=$2 i out u count
	for i in $(seq "$iters"); do
		count=$(((i + n) % 2 + 1))
		if out=$(vdsa-nl inst-create dev-id="$ID" wq-count=$count \
			wq-profile { size=12 } 2>&1); then
			u=$(jq -r .uuid <<<"$out")
			echo created
			vdsa-nl inst-destroy uuid="$u" >/dev/null || echo "destroy failed $u"
		else
			case $(jq -r .error <<<"$out") in
			ENOSPC) echo full ;;
			*) echo "unexpected: $out" ;;
			esac
		fi
	done
}

# check_invariants: no WQ in two instances, every owned WQ says so, and the
# owned sizes fit the device. Reads one dump of each.
check_invariants() {
	local insts wqs
	insts=$(vdsa-nl -d inst-get dev-id="$ID")
	wqs=$(vdsa-nl -d wq-get dev-id="$ID")
	# No WQ id listed by two instances.
	jq -se '[.[].wq_id[]] | length == (unique | length)' <<<"$insts" >/dev/null ||
		{ echo "a WQ is in two instances: $insts"; return 1; }
	jq -se '[.[] | select(.inst_uuid) | .size] | add // 0 | . <= 64' \
		<<<"$wqs" >/dev/null || { echo "owned sizes exceed 64: $wqs"; return 1; }
	jq -se '[.[].size] | add | . <= 64' <<<"$wqs" >/dev/null ||
		{ echo "sizes exceed 64: $wqs"; return 1; }
}

any_alive() {
	local p
	for p; do
		kill -0 "$p" 2>/dev/null && return 0
	done
	return 1
}

@test "concurrent create and destroy never double-assign, leak or overcommit WQs" {
	local dir=$BATS_TEST_TMPDIR w pids=() samples=0
	for w in 1 2 3 4; do
		worker $w 25 >"$dir/worker$w" 2>&1 &
		pids+=($!)
	done
	# Sample the dumps while the workers run.
	while any_alive "${pids[@]}"; do
		check_invariants
		samples=$((samples + 1))
	done
	for w in "${pids[@]}"; do
		wait "$w"
	done
	echo "samples: $samples"
	cat "$dir"/worker*
	# Nothing but creates and "full" refusals.
	[ -z "$(cat "$dir"/worker* | grep -v -e '^created$' -e '^full$')" ]
	[ "$(cat "$dir"/worker* | grep -c '^created$')" -gt 10 ]
	# Nothing is left behind.
	[ -z "$(vdsa-nl -d inst-get dev-id="$ID")" ]
	[ -z "$(ls /sys/bus/vdsa/devices)" ]
	run vdsa-nl -d wq-get dev-id="$ID"
	jq -se 'all(.[]; .state == "disabled" and (has("inst_uuid") | not) and
		.size == 0)' <<<"$output"
	[ "$(vdsa-nl dev-get id="$ID" | jq .wq_size_used)" -eq 0 ]
	! grep -q '^inst ' "$SIM_DEBUGFS/vdsa_sim1/hw"
}
