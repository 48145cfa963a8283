#!/usr/bin/env bats
# Notifications on the events group: exactly one per change, none otherwise.

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
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	EV=$BATS_TEST_TMPDIR/events
}

teardown() {
	kill "${MONITOR_PID:-}" 2>/dev/null || true
	sim_del_all
}

@test "device add and remove are announced with the device" {
	monitor_start "$EV"
	sim_new 2 wqs=3
	sim_del 2
	monitor_stop "$EV"
	run jq -c '[.op, .name, .max_wqs]' "$EV.events"
	[ "$output" = '["dev-add-ntf","dsa2",3]
["dev-del-ntf","dsa2",3]' ]
}

@test "a WQ change names the WQ; the device announces its own attributes" {
	monitor_start "$EV"
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 priority=3
	monitor_stop "$EV"
	local gen
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	run jq -c '[.op, .dev_id // .id, .id, .generation, .size // .wq_size_used]' "$EV.events"
	[ "$output" = "[\"wq-change-ntf\",$ID,1,$gen,8]
[\"dev-change-ntf\",$ID,$ID,$gen,8]" ]
	# The WQ's message is the whole WQ, as wq-get gives it.
	[ "$(jq -c 'del(.op)' "$EV.events" | head -1)" = \
		"$(vdsa-nl wq-get dev-id="$ID" id=1 | jq -c 'del(.op)')" ]
}

@test "a WQ change that leaves the device's attributes alone sends no dev-change-ntf" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 >/dev/null
	monitor_start "$EV"
	vdsa-nl wq-set dev-id="$ID" id=1 priority=4 name=renamed
	monitor_stop "$EV"
	run jq -c '[.op, .id, .priority, .name]' "$EV.events"
	[ "$output" = '["wq-change-ntf",1,4,"renamed"]' ]
}

@test "enabling and disabling a WQ send one wq-change-ntf each" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 >/dev/null
	monitor_start "$EV"
	vdsa-nl wq-set dev-id="$ID" id=1 state=enabled
	vdsa-nl wq-set dev-id="$ID" id=1 state=disabled
	monitor_stop "$EV"
	run jq -c '[.op, .dev_id, .id, .state, .oper_state]' "$EV.events"
	[ "$output" = "[\"wq-change-ntf\",$ID,1,\"enabled\",\"enabled\"]
[\"wq-change-ntf\",$ID,1,\"disabled\",\"disabled\"]" ]
	# Each carries the generation its change produced.
	run jq -s '.[1].generation - .[0].generation' "$EV.events"
	[ "$output" -eq 1 ]
}

@test "configuring and enabling in one request sends one wq-change-ntf" {
	monitor_start "$EV"
	vdsa-nl wq-set dev-id="$ID" id=2 size=8 group-id=0 state=enabled
	monitor_stop "$EV"
	run jq -c '[.op, .size // .wq_size_used, .state]' "$EV.events"
	[ "$output" = '["wq-change-ntf",8,"enabled"]
["dev-change-ntf",8,null]' ]
	run jq -s '.[0].generation == .[1].generation' "$EV.events"
	[ "$output" = true ]
}

@test "a group change names the group and carries its engines" {
	monitor_start "$EV"
	vdsa-nl group-set dev-id="$ID" id=1 engines { id=1 id=2 } read-buffers-allowed=8
	vdsa-nl group-set dev-id="$ID" id=1 engines { id=2 }
	monitor_stop "$EV"
	local gen
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	run jq -c '[.op, .dev_id, .id, .engines, .read_buffers_allowed]' "$EV.events"
	[ "$output" = "[\"group-change-ntf\",$ID,1,[1,2],8]
[\"group-change-ntf\",$ID,1,[2],8]" ]
	[ "$(jq -s '.[1].generation' "$EV.events")" -eq "$gen" ]
}

@test "moving an engine announces both groups it leaves and joins" {
	monitor_start "$EV"
	vdsa-nl group-set dev-id="$ID" id=1 engines { id=0 }
	monitor_stop "$EV"
	run jq -c '[.op, .id, .engines]' "$EV.events"
	[ "$output" = '["group-change-ntf",0,[]]
["group-change-ntf",1,[0]]' ]
}

@test "no-ops, validate-only and failed requests send nothing" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	monitor_start "$EV"
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 state=enabled
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 }
	vdsa-nl wq-set dev-id="$ID" id=2 size=4 validate-only
	vdsa-nl dev-config-set id="$ID" validate-only
	run vdsa-nl wq-set dev-id="$ID" id=1 priority=4
	[ "$status" -eq 16 ]
	run vdsa-nl wq-set dev-id="$ID" id=2 size=400
	[ "$status" -ne 0 ]
	echo 1 >"$SIM_DEBUGFS/vdsa_sim1/fail_step"
	run vdsa-nl wq-set dev-id="$ID" id=2 size=4
	[ "$status" -eq 5 ]
	monitor_stop "$EV"
	[ ! -s "$EV.events" ]
}

@test "a reset announces every object it changed, once" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=4 size=8 group-id=0 state=enabled >/dev/null
	monitor_start "$EV"
	vdsa-nl dev-reset id="$ID"
	vdsa-nl dev-reset id="$ID"
	monitor_stop "$EV"
	# Group 0 loses its engine, both WQs go back to their defaults, and
	# the device's wq-size-used drops to 0.
	run jq -c '[.op, .id]' "$EV.events"
	[ "$output" = "[\"group-change-ntf\",0]
[\"wq-change-ntf\",1]
[\"wq-change-ntf\",4]
[\"dev-change-ntf\",$ID]" ]
}
