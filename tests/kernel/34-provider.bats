#!/usr/bin/env bats
# What the provider contributes beyond its steps: a check phase that can
# refuse a request with a reason before anything is written, and upcalls
# for asynchronous events (a WQ the hardware halted), which show as the
# WQ's operational state beside its admin state, and changes made outside
# vdsa, which the core reads back from the provider (read_config).

load lib
load bind
load vdsactl

setup_file() {
	load_modules
	vdsactl_setup_file
}

teardown_file() {
	sim_del_all
	unload_modules
}

setup() {
	sim_new 1
	ID=$(dev_id dsa1)
	DBG=$SIM_DEBUGFS/vdsa_sim1
	EV=$BATS_TEST_TMPDIR/events
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
}

teardown() {
	kill "${MONITOR_PID:-}" 2>/dev/null || true
	sim_del_all
}

# wq_oper WQ: the WQ's admin and operational state, "STATE/OPER".
wq_oper() {
	vdsa-nl wq-get dev-id="$ID" id="$1" | jq -r '.state + "/" + .oper_state'
}

# wait_jq OP ARGS... FILTER: until vdsa-nl OP ARGS' reply passes the jq
# FILTER (upcalls take effect in the core's work, a moment later).
wait_jq() {
	local filter=${*: -1} i
	for i in $(seq 100); do
		vdsa-nl "${@:1:$#-1}" | jq -e "$filter" >/dev/null && return 0
		sleep 0.1
	done
	echo "never true: $filter"
	vdsa-nl "${@:1:$#-1}"
	return 1
}

# wait_oper WQ WANT: until wq_oper says WANT (the upcall's work is async).
wait_oper() {
	wait_jq wq-get dev-id="$ID" id="$1" '.state + "/" + .oper_state == "'"$2"'"'
}

@test "the provider's check phase refuses before any step, validate-only too" {
	local before steps
	echo 3 >"$DBG/refuse_wq"
	[ "$(cat "$DBG/refuse_wq")" -eq 3 ]
	before=$(snapshot dsa1)
	steps=$(cat "$DBG/steps")
	expect_error EOPNOTSUPP state "refuses to enable this WQ" \
		wq-set dev-id="$ID" id=3 size=4 group-id=0 state=enabled
	expect_error EOPNOTSUPP state "refuses to enable this WQ" \
		wq-set dev-id="$ID" id=3 size=4 group-id=0 state=enabled validate-only
	expect_error EOPNOTSUPP - "refuses to enable this WQ" \
		dev-config-set id="$ID" group { id=0 engines { id=0 } } \
		wq { id=3 size=4 group-id=0 state=enabled }
	[ "$(snapshot dsa1)" = "$before" ]
	# Nothing reached the hardware: not one provider step ran.
	[ "$(cat "$DBG/steps")" -eq "$steps" ]

	# An instance that would enable the WQ is refused the same way.
	vdsa-nl wq-set dev-id="$ID" id=3 size=4 group-id=0 >/dev/null
	expect_error EOPNOTSUPP - "refuses to enable this WQ" inst-create dev-id="$ID" wq-id=3
	[ -z "$(vdsa-nl -d inst-get)" ]
	# Other WQs, and configuring WQ 3 without enabling it, go through.
	vdsa-nl wq-set dev-id="$ID" id=2 size=4 group-id=0 state=enabled >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=3 priority=7 >/dev/null
	echo -1 >"$DBG/refuse_wq"
	vdsa-nl wq-set dev-id="$ID" id=3 state=enabled >/dev/null
	[ "$(wq_oper 3)" = enabled/enabled ]
	run bash -c "echo 8 >$DBG/refuse_wq"
	[ "$status" -ne 0 ]
}

@test "a halted WQ: admin state enabled, oper-state halted, announced once" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	[ "$(wq_oper 1)" = enabled/enabled ]
	local gen
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	monitor_start "$EV"
	echo 1 >"$DBG/halt_wq"
	wait_oper 1 enabled/halted
	# A second report of the same halt changes nothing.
	echo 1 >"$DBG/halt_wq"
	monitor_stop "$EV"
	run jq -c '[.op, .id, .state, .oper_state]' "$EV.events"
	[ "$output" = '["wq-change-ntf",1,"enabled","halted"]' ]
	[ "$(jq .generation "$EV.events")" -gt "$gen" ]
	[ "$(vdsa-nl dev-get id="$ID" | jq .generation)" -eq "$(jq .generation "$EV.events")" ]
	# The other WQs are untouched, and a disabled WQ cannot halt.
	[ "$(wq_oper 0)" = disabled/disabled ]
	run bash -c "echo 2 >$DBG/halt_wq"
	[ "$status" -ne 0 ]
}

@test "asking a halted WQ to stay enabled keeps it halted; a disable clears it" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	echo 1 >"$DBG/halt_wq"
	wait_oper 1 enabled/halted
	vdsa-nl wq-set dev-id="$ID" id=1 state=enabled >/dev/null
	[ "$(wq_oper 1)" = enabled/halted ]
	# A change elsewhere on the device carries the halt along.
	vdsa-nl wq-set dev-id="$ID" id=2 size=4 group-id=0 state=enabled >/dev/null
	[ "$(wq_oper 1)" = enabled/halted ]
	run vdsa-nl wq-set dev-id="$ID" id=1 state=disabled
	[ "$status" -eq 0 ]
	[ "$(jq -r .oper_state <<<"$output")" = disabled ]
	vdsa-nl wq-set dev-id="$ID" id=1 state=enabled >/dev/null
	[ "$(wq_oper 1)" = enabled/enabled ]
}

@test "a restart in a config-set clears a halt; a reset does too" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	echo 1 >"$DBG/halt_wq"
	wait_oper 1 enabled/halted
	vdsa-nl dev-config-set id="$ID" allow-restart group { id=0 engines { id=0 } } \
		wq { id=1 size=8 group-id=0 priority=4 state=enabled } >/dev/null
	[ "$(wq_oper 1)" = enabled/enabled ]
	echo 1 >"$DBG/halt_wq"
	wait_oper 1 enabled/halted
	vdsa-nl dev-reset id="$ID" >/dev/null
	[ "$(wq_oper 1)" = disabled/disabled ]
}

@test "a group change that restarts a halted WQ announces the WQ running again" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	echo 1 >"$DBG/halt_wq"
	wait_oper 1 enabled/halted
	monitor_start "$EV"
	# Only the group changes (a config-set lists the whole configuration);
	# WQ 1's own settings stay as they were.
	vdsa-nl dev-config-set id="$ID" allow-restart group { id=0 engines { id=0 id=1 } } \
		wq { id=1 size=8 group-id=0 state=enabled } >/dev/null
	monitor_stop "$EV"
	[ "$(wq_oper 1)" = enabled/enabled ]
	run jq -c '[.op, .id, .oper_state]' "$EV.events"
	[ "$output" = $'["group-change-ntf",0,null]\n["wq-change-ntf",1,"enabled"]' ]
}

@test "a halt reported while the device goes away is dropped safely" {
	local i
	for i in 1 2 3; do
		vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
		echo 1 >"$DBG/halt_wq"
		sim_del 1
		sim_new 1
		ID=$(dev_id dsa1)
		vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	done
	[ "$(wq_oper 1)" = disabled/disabled ]
}

@test "libvdsa and vdsactl show the operational state" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	echo 1 >"$DBG/halt_wq"
	wait_oper 1 enabled/halted
	run vdsactl -j wq show wq1.1
	[ "$status" -eq 0 ]
	[ "$(jq -r '.wqs[0] | .state + "/" + .oper_state' <<<"$output")" = enabled/halted ]
	run vdsactl -j wq show wq1.0
	[ "$(jq -r '.wqs[0].oper_state' <<<"$output")" = disabled ]
}

@test "a change made outside vdsa is read back and announced once per object" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=2 size=4 group-id=0 >/dev/null
	local gen
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	monitor_start "$EV"
	echo "wq 1 priority 7" >"$DBG/external"
	wait_jq wq-get dev-id="$ID" id=1 '.priority == 7'
	echo "engine 1 group 0" >"$DBG/external"
	wait_jq group-get dev-id="$ID" id=0 '.engines == [0,1]'
	# The same value again is no change: nothing is announced for it.
	echo "wq 1 priority 7" >"$DBG/external"
	echo "wq 2 priority 3" >"$DBG/external"
	wait_jq wq-get dev-id="$ID" id=2 '.priority == 3'
	monitor_stop "$EV"
	run jq -c '[.op, .id, .priority]' "$EV.events"
	[ "$output" = $'["wq-change-ntf",1,7]\n["group-change-ntf",0,null]\n["wq-change-ntf",2,3]' ]
	[ "$(jq -s 'map(.generation) | . == sort and .[0] > '"$gen" "$EV.events")" = true ]
	# The record is the hardware's: a request builds on what it holds.
	run vdsa-nl wq-set dev-id="$ID" id=1 size=6
	[ "$status" -eq 0 ]
	jq -e '.priority == 7 and .size == 6' <<<"$output"
	grep -q "^wq 1 enabled 0 group 0 mode 1 size 6 threshold 0 priority 7 " "$DBG/hw"
}

@test "a device configured before vdsa starts from what the hardware holds" {
	sim_new 2 preset=1
	local id2
	id2=$(dev_id dsa2)
	run vdsa-nl wq-get dev-id="$id2" id=0
	jq -e '.state == "enabled" and .oper_state == "enabled" and .size == 8
		and .group_id == 0 and .name == "preset" and .type == "user"' <<<"$output"
	[ "$(vdsa-nl group-get dev-id="$id2" id=0 | jq -c .engines)" = "[0]" ]
	[ "$(vdsa-nl dev-get id="$id2" | jq .wq_size_used)" -eq 8 ]
	run vdsactl -j wq show wq2.0
	[ "$(jq -r '.wqs[0].wq_name' <<<"$output")" = preset ]
	# A reset returns it to the defaults, in the record and the hardware.
	vdsa-nl dev-reset id="$id2" >/dev/null
	[ "$(vdsa-nl wq-get dev-id="$id2" id=0 | jq -r .state)" = disabled ]
	grep -q "^wq 0 enabled 0 group -1 " "$SIM_DEBUGFS/vdsa_sim2/hw"
}

@test "a WQ of a vDSA instance changed outside vdsa degrades the device until destroy and reset" {
	local u wq
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=1 >/dev/null
	wq=$(inst_field "$u" '.wq_id[0]')
	echo "wq $wq enabled 0" >"$DBG/external"
	wait_jq dev-get id="$ID" '.oper_state == "degraded"'
	run vdsa-nl dev-get id="$ID"
	[ "$(jq -r .degraded_reason <<<"$output")" = "wq$wq of a vDSA instance changed outside vdsa" ]
	# The record shows what the hardware holds; the owner stays until destroyed.
	run vdsa-nl wq-get dev-id="$ID" id="$wq"
	jq -e --arg u "$u" '.state == "disabled" and .inst_uuid == $u' <<<"$output"
	expect_error EIO - "degraded" wq-set dev-id="$ID" id=5 priority=3
	vdsa-nl inst-destroy uuid="$(hex "$u")" >/dev/null
	vdsa-nl dev-reset id="$ID" >/dev/null
	[ "$(vdsa-nl dev-get id="$ID" | jq -r .oper_state)" = ok ]
}

@test "an engine taken from under a vDSA instance's WQ outside vdsa degrades the device" {
	local u wq
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=1 >/dev/null
	wq=$(inst_field "$u" '.wq_id[0]')
	[ "$(vdsa-nl wq-get dev-id="$ID" id="$wq" | jq .group_id)" -eq 0 ]
	# The WQ's own settings stay; its group loses its only engine.
	echo "engine 0 group -1" >"$DBG/external"
	wait_jq dev-get id="$ID" '.oper_state == "degraded"'
	[ "$(vdsa-nl dev-get id="$ID" | jq -r .degraded_reason)" = "wq$wq of a vDSA instance changed outside vdsa" ]
	[ "$(vdsa-nl group-get dev-id="$ID" id=0 | jq -c .engines)" = "[]" ]
}

@test "reading the configuration back fails: the device is degraded, a reset recovers it" {
	echo 1 >"$DBG/fail_step"
	echo "wq 1 priority 7" >"$DBG/external"
	wait_jq dev-get id="$ID" '.oper_state == "degraded"'
	[ "$(vdsa-nl dev-get id="$ID" | jq -r .degraded_reason)" = "reading the configuration back failed (-5)" ]
	# The record was not replaced by a half-read one.
	[ "$(vdsa-nl wq-get dev-id="$ID" id=1 | jq .priority)" -eq 1 ]
	vdsa-nl dev-reset id="$ID" >/dev/null
	[ "$(vdsa-nl dev-get id="$ID" | jq -r .oper_state)" = ok ]
}

@test "the simulator's external writes are checked as idxd's sysfs checks them" {
	vdsa-nl wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled >/dev/null
	run bash -c "echo 'wq 1 priority 7' >$DBG/external"
	[ "$status" -ne 0 ]
	[[ "$output" == *"busy"* ]]
	run bash -c "echo 'wq 99 priority 7' >$DBG/external"
	[ "$status" -ne 0 ]
	run bash -c "echo 'wq 1 priority' >$DBG/external"
	[ "$status" -ne 0 ]
	[ "$(vdsa-nl wq-get dev-id="$ID" id=1 | jq .priority)" -eq 1 ]
}
