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

@test "a configuration change sends one dev-change-ntf with the new generation" {
	monitor_start "$EV"
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 priority=3
	monitor_stop "$EV"
	run jq -c '[.op, .id, .generation, .wq_size_used]' "$EV.events"
	local gen
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	[ "$output" = "[\"dev-change-ntf\",$ID,$gen,8]" ]
}

@test "enabling and disabling a WQ send one wq-state-ntf each" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 >/dev/null
	monitor_start "$EV"
	vdsa-nl wq-set dev-id="$ID" id=1 state=enabled
	vdsa-nl wq-set dev-id="$ID" id=1 state=disabled
	monitor_stop "$EV"
	run jq -c '[.op, .dev_id, .id, .state]' "$EV.events"
	[ "$output" = "[\"wq-state-ntf\",$ID,1,\"enabled\"]
[\"wq-state-ntf\",$ID,1,\"disabled\"]" ]
	# Each carries the generation its change produced.
	run jq -s '.[1].generation - .[0].generation' "$EV.events"
	[ "$output" -eq 1 ]
}

@test "configuring and enabling in one request sends the change and the state" {
	monitor_start "$EV"
	vdsa-nl wq-set dev-id="$ID" id=2 size=8 group-id=0 state=enabled
	monitor_stop "$EV"
	run jq -r .op "$EV.events"
	[ "$output" = "dev-change-ntf
wq-state-ntf" ]
	run jq -s '.[0].generation == .[1].generation' "$EV.events"
	[ "$output" = true ]
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

@test "a reset announces the change and every WQ it disabled" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=4 size=8 group-id=0 state=enabled >/dev/null
	monitor_start "$EV"
	vdsa-nl dev-reset id="$ID"
	vdsa-nl dev-reset id="$ID"
	monitor_stop "$EV"
	run jq -c '[.op, .id]' "$EV.events"
	[ "$output" = "[\"dev-change-ntf\",$ID]
[\"wq-state-ntf\",1]
[\"wq-state-ntf\",4]" ]
}
