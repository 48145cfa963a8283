#!/usr/bin/env bats
# Whole-device config-set, and atomicity: a failed request changes nothing.

load lib

setup_file() {
	load_modules
}

teardown_file() {
	sim_del_all
	unload_modules
}

setup() {
	sim_new 1
	ID=$(dev_id dsa1)
}

teardown() {
	sim_del_all
}

# A configuration with enabled WQs in two groups.
base_config() {
	vdsa-nl dev-config-set id="$ID" \
		group { id=0 engines { id=0 id=1 } read-buffers-reserved=8 } \
		group { id=1 engines { id=2 } } \
		wq { id=0 group-id=0 size=16 priority=5 state=enabled } \
		wq { id=1 group-id=0 mode=shared size=32 threshold=28 state=enabled } \
		wq { id=2 group-id=1 size=8 name=keep state=enabled } \
		wq { id=3 group-id=1 size=8 }
}

# A different configuration touching every kind of step: engines move,
# groups change, WQs are reconfigured, disabled, enabled and bounced.
target_config() {
	vdsa-nl dev-config-set id="$ID" "$@" \
		group { id=0 engines { id=0 } read-buffers-allowed=64 } \
		group { id=1 engines { id=1 id=2 } } \
		group { id=2 engines { id=3 } } \
		wq { id=0 group-id=0 size=16 priority=9 state=enabled } \
		wq { id=1 group-id=0 mode=shared size=32 threshold=20 } \
		wq { id=2 group-id=1 size=8 name=keep state=enabled } \
		wq { id=3 group-id=1 size=8 state=enabled } \
		wq { id=4 group-id=2 size=24 mode=shared threshold=1 state=enabled }
}

@test "config-set replaces the whole configuration and replies with the device" {
	base_config
	run target_config allow-restart
	[ "$status" -eq 0 ]
	jq -e '.op == "dev-config-set" and .wq_size_used == 88' <<<"$output"
	run vdsa-nl -d wq-get dev-id="$ID"
	[ "$(jq -c '[.id, .state, .size]' <<<"$output" | tr -d '\n')" = \
	  '[0,"enabled",16][1,"disabled",32][2,"enabled",8][3,"enabled",8][4,"enabled",24][5,"disabled",0][6,"disabled",0][7,"disabled",0]' ]
	run vdsa-nl -d group-get dev-id="$ID"
	[ "$(jq -c '.engines' <<<"$output" | tr -d '\n')" = '[0][1,2][3][]' ]
	[ "$(jq -c '.read_buffers_reserved' <<<"$output" | tr -d '\n')" = 0000 ]
	# What the request does not name returns to the defaults.
	vdsa-nl dev-config-set id="$ID" wq { id=7 size=4 }
	run vdsa-nl -d wq-get dev-id="$ID"
	[ "$(jq -r 'select(.size > 0) | .id' <<<"$output")" = 7 ]
	[ "$(jq -r .state <<<"$output" | sort -u)" = disabled ]
}

@test "config-set restarts enabled WQs only when allowed to" {
	base_config
	local before
	before=$(snapshot dsa1)
	# The base configuration, but enabled WQ 0 gets another priority.
	local again=(dev-config-set id="$ID"
		group { id=0 engines { id=0 id=1 } read-buffers-reserved=8 }
		group { id=1 engines { id=2 } }
		wq { id=0 group-id=0 size=16 priority=9 state=enabled }
		wq { id=1 group-id=0 mode=shared size=32 threshold=28 state=enabled }
		wq { id=2 group-id=1 size=8 name=keep state=enabled }
		wq { id=3 group-id=1 size=8 })
	expect_error EBUSY "wq[0].state" "disable it first" "${again[@]}"
	[ "$(snapshot dsa1)" = "$before" ]
	# A group change restarts the group's enabled WQs just the same.
	expect_error EBUSY - "disable it first" dev-config-set id="$ID" \
		group { id=0 engines { id=0 id=1 } read-buffers-reserved=4 } \
		group { id=1 engines { id=2 } } \
		wq { id=0 group-id=0 size=16 priority=5 state=enabled } \
		wq { id=1 group-id=0 mode=shared size=32 threshold=28 state=enabled } \
		wq { id=2 group-id=1 size=8 name=keep state=enabled } \
		wq { id=3 group-id=1 size=8 }
	[ "$(snapshot dsa1)" = "$before" ]
	run vdsa-nl "${again[@]}" allow-restart
	[ "$status" -eq 0 ]
	grep -q "^wq 0 enabled 1 group 0 mode 1 size 16 threshold 0 priority 9 " \
		"$SIM_DEBUGFS/vdsa_sim1/hw"
}

@test "a config-set with one invalid WQ changes nothing and names it" {
	base_config
	local before
	before=$(snapshot dsa1)
	expect_error EINVAL "wq[4].threshold" "only valid on shared" \
		dev-config-set id="$ID" \
		group { id=0 engines { id=0 } } \
		wq { id=0 group-id=0 size=16 state=enabled } \
		wq { id=1 group-id=0 size=16 } \
		wq { id=2 group-id=0 size=16 } \
		wq { id=3 group-id=0 size=16 } \
		wq { id=4 group-id=0 size=16 threshold=2 } \
		wq { id=5 group-id=0 size=16 }
	[ "$(snapshot dsa1)" = "$before" ]
}

@test "config-set refuses repeated and unknown objects, and nests without an id" {
	base_config
	local before
	before=$(snapshot dsa1)
	expect_error EINVAL "wq[1].id" "listed twice" \
		dev-config-set id="$ID" wq { id=1 } wq { id=1 }
	expect_error ENOENT "wq[0].id" "no such object" \
		dev-config-set id="$ID" wq { id=8 }
	expect_error EINVAL - "needs an id" dev-config-set id="$ID" wq { size=4 }
	[ "$(jq -r .missing <<<"$stderr")" = "wq[0].id" ]
	expect_error EINVAL - "engine listed twice" dev-config-set id="$ID" \
		group { id=0 engines { id=1 } } group { id=1 engines { id=1 } }
	expect_error ENOSPC "wq[1].size" "total WQ size" dev-config-set id="$ID" \
		wq { id=0 size=100 } wq { id=1 size=100 }
	expect_error EINVAL "wq[0].state" "without engines" dev-config-set id="$ID" \
		wq { id=0 group-id=3 size=1 state=enabled }
	[ "$(snapshot dsa1)" = "$before" ]
}

# stale_generation: the base configuration, then one change after reading
# the generation: $STALE is the generation left behind, $BEFORE the state.
stale_generation() {
	base_config
	STALE=$(vdsa-nl dev-get id="$ID" | jq .generation)
	vdsa-nl wq-set dev-id="$ID" id=5 size=1 >/dev/null
	BEFORE=$(snapshot dsa1)
}

@test "a config-set pinned to a stale generation is EAGAIN and changes nothing" {
	stale_generation
	local gen=$STALE before=$BEFORE
	expect_error EAGAIN generation "read it again" \
		dev-config-set id="$ID" generation="$gen" wq { id=0 size=2 }
	[ "$(snapshot dsa1)" = "$before" ]
	run vdsa-nl dev-config-set id="$ID" generation=$((gen + 1)) wq { id=0 size=2 }
	[ "$status" -eq 0 ]
	[ "$(jq .generation <<<"$output")" -eq $((gen + 2)) ]
}

@test "wq-set, group-set and dev-reset take the same generation precondition" {
	stale_generation
	local gen=$STALE before=$BEFORE
	expect_error EAGAIN generation "read it again" \
		wq-set dev-id="$ID" id=3 generation="$gen" priority=2
	expect_error EAGAIN generation "read it again" \
		group-set dev-id="$ID" id=3 generation="$gen" read-buffers-allowed=8
	expect_error EAGAIN generation "read it again" \
		dev-reset id="$ID" generation="$gen"
	[ "$(snapshot dsa1)" = "$before" ]
	# At the current generation each goes through.
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	run vdsa-nl wq-set dev-id="$ID" id=3 generation="$gen" priority=2
	[ "$status" -eq 0 ]
	gen=$(jq .generation <<<"$output")
	run vdsa-nl group-set dev-id="$ID" id=3 generation="$gen" read-buffers-allowed=8
	[ "$status" -eq 0 ]
	[ "$(jq .generation <<<"$output")" -gt "$gen" ]
	gen=$(jq .generation <<<"$output")
	run vdsa-nl dev-reset id="$ID" generation="$gen"
	[ "$status" -eq 0 ]
	[ "$(jq .wq_size_used <<<"$output")" -eq 0 ]
}

@test "validate-only config-set replies with the result and changes nothing" {
	base_config
	local before
	before=$(snapshot dsa1)
	run target_config allow-restart validate-only
	[ "$status" -eq 0 ]
	jq -e '.wq_size_used == 88' <<<"$output"
	[ "$(snapshot dsa1)" = "$before" ]
}

@test "a provider failure at every commit step of a config-set leaves no residue" {
	base_config
	local before out=$BATS_TEST_TMPDIR/events
	before=$(snapshot dsa1)
	monitor_start "$out"
	fail_each_step "snapshot dsa1" 5 "nothing was changed" target_config allow-restart
	monitor_stop "$out"
	# Disable 3 WQs (0 and 2 bounce, 1 goes off), move 2 engines, configure
	# 1 group and 3 WQs, enable 4 WQs: 13 steps, each failed once.
	[ "$FAILED" -eq 13 ]
	[ "$(snapshot dsa1)" != "$before" ]
	# Only the successful request was announced, object by object: groups
	# 0, 1 and 2 (engines moved), WQs 0 (priority), 1 (threshold, off), 3
	# (on) and 4 (new), and the device (wq-size-used 64 -> 88). WQ 2 was
	# bounced but ends as it began.
	run jq -c '[.op, .id]' "$out.events"
	[ "$output" = '["group-change-ntf",0]
["group-change-ntf",1]
["group-change-ntf",2]
["wq-change-ntf",0]
["wq-change-ntf",1]
["wq-change-ntf",3]
["wq-change-ntf",4]
["dev-change-ntf",'"$ID"']' ]
}

@test "concurrent requests on one device serialise without losing updates" {
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 }
	local w pids=()
	for w in 0 1 2 3; do
		(
			for i in $(seq 1 15); do
				vdsa-nl wq-set dev-id="$ID" id="$w" size=$((i % 4 + 1)) group-id=0 >/dev/null
				vdsa-nl wq-set dev-id="$ID" id="$w" state=enabled >/dev/null
				vdsa-nl wq-set dev-id="$ID" id="$w" state=disabled >/dev/null
				vdsa-nl -d wq-get dev-id="$ID" >/dev/null
			done
			vdsa-nl wq-set dev-id="$ID" id="$w" size=$((w + 1)) >/dev/null
		) &
		pids+=($!)
	done
	for w in "${pids[@]}"; do wait "$w"; done
	run vdsa-nl dev-get id="$ID"
	jq -e '.wq_size_used == 10' <<<"$output"
	run vdsa-nl -d wq-get dev-id="$ID"
	[ "$(jq -c '[.id, .size, .state]' <<<"$output" | head -4 | tr -d '\n')" = \
	  '[0,1,"disabled"][1,2,"disabled"][2,3,"disabled"][3,4,"disabled"]' ]
	grep -q "^wq 3 enabled 0 group 0 mode 1 size 4 " "$SIM_DEBUGFS/vdsa_sim1/hw"
}
