#!/usr/bin/env bats
# A degraded device: a failed commit whose undo fails too. The device says
# so (oper-state, degraded-reason, a dev-change-ntf), refuses configuration
# with EIO, still lets instances go, and dev-reset or removal recovers it.
# Also: the provider's instance teardown ops can fail, atomically.

load lib
load bind

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
	FAIL=$SIM_DEBUGFS/vdsa_sim1/fail_step
	COUNT=$SIM_DEBUGFS/vdsa_sim1/fail_count
	EV=$BATS_TEST_TMPDIR/events
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
}

teardown() {
	kill "${MONITOR_PID:-}" 2>/dev/null || true
	echo 0 >"$FAIL" 2>/dev/null || true
	echo 1 >"$COUNT" 2>/dev/null || true
	sim_del_all
}

# degrade: wq-set configures WQ 0 (step 1) and enables it (step 2); step 2
# fails, and so does the undo of step 1 (step 3).
degrade() {
	echo 2 >"$COUNT"
	echo 2 >"$FAIL"
	expect_error EIO - "the device is degraded" \
		wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	[ "$(cat "$FAIL")" -eq 0 ]
	echo 1 >"$COUNT"
}

dev_field() {
	vdsa-nl dev-get id="$ID" | jq -r "$1"
}

@test "a healthy device reports oper-state ok and no reason" {
	run vdsa-nl dev-get id="$ID"
	[ "$status" -eq 0 ]
	jq -e '.oper_state == "ok" and (has("degraded_reason") | not)' <<<"$output"
	run vdsa-nl -d dev-get
	jq -e 'select(.id == '"$ID"') | .oper_state == "ok"' <<<"$output"
}

@test "fail_count makes consecutive steps fail, and 1 keeps one failing step" {
	# One failing step alone is undone: the device stays ok.
	echo 2 >"$FAIL"
	expect_error EIO - "nothing was changed" \
		wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	[ "$(dev_field .oper_state)" = ok ]
	local count
	count=$(cat "$COUNT")
	run -1 bash -c "echo 1001 >$COUNT"
	[ "$(cat "$COUNT")" = "$count" ]
}

@test "an undo that fails degrades the device and says which step" {
	local gen
	gen=$(dev_field .generation)
	monitor_start "$EV"
	degrade
	monitor_stop "$EV"
	run vdsa-nl dev-get id="$ID"
	jq -e '.oper_state == "degraded"
		and .degraded_reason == "undo of wq configure 0 failed (-5)"' <<<"$output"
	[ "$(jq .generation <<<"$output")" -gt "$gen" ]
	# One dev-change-ntf announces it, carrying the state.
	run jq -c 'select(.op == "dev-change-ntf") | [.id, .oper_state]' "$EV.events"
	[ "$output" = "[$ID,\"degraded\"]" ]
	dmesg | grep -q "dsa1: undo of wq configure 0 failed (-5)"
}

@test "a degraded device refuses every configuring request, validate-only too" {
	local before u
	degrade
	before=$(snapshot dsa1)
	expect_error EIO - "degraded" wq-set dev-id="$ID" id=1 size=4
	expect_error EIO - "degraded" wq-set dev-id="$ID" id=1 size=4 validate-only
	expect_error EIO - "degraded" group-set dev-id="$ID" id=1 engines { id=1 }
	expect_error EIO - "degraded" dev-config-set id="$ID" wq { id=1 size=4 }
	u=$(new_uuid)
	expect_error EIO - "degraded" inst-create dev-id="$ID" uuid="$(hex "$u")"
	expect_error EIO - "degraded" inst-create dev-id="$ID" binding=vfio
	[ "$(snapshot dsa1)" = "$before" ]
	# The mdev pull type cannot create on it either.
	run -1 mdev_create 1 "$MDEV_PULL_TYPE" "$u"
	[ ! -e "/sys/bus/mdev/devices/$u" ]
	[ "$(snapshot dsa1)" = "$before" ]
}

@test "dev-reset recovers a degraded device: hardware reset, configurable again" {
	local fresh
	sim_new 2
	fresh=$(cat "$SIM_DEBUGFS/vdsa_sim2/hw")
	degrade
	monitor_start "$EV"
	run vdsa-nl dev-reset id="$ID" validate-only
	[ "$status" -eq 0 ]
	[ "$(dev_field .oper_state)" = degraded ]
	run vdsa-nl dev-reset id="$ID"
	[ "$status" -eq 0 ]
	jq -e '.oper_state == "ok" and (has("degraded_reason") | not)' <<<"$output"
	monitor_stop "$EV"
	run jq -c 'select(.op == "dev-change-ntf") | .oper_state' "$EV.events"
	[ "$output" = '"ok"' ]
	# The hardware is what a new device has, and so is the configuration.
	[ "$(cat "$SIM_DEBUGFS/vdsa_sim1/hw")" = "$fresh" ]
	[ "$(vdsa-nl -d group-get dev-id="$ID" | jq -c .engines | tr -d '\n')" = "[][][][]" ]
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	run vdsa-nl wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	[ "$status" -eq 0 ]
	[ "$(jq -r .state <<<"$output")" = enabled ]
}

@test "a reset that fails leaves the device degraded" {
	degrade
	echo 1 >"$FAIL"
	expect_error EIO - "stays degraded" dev-reset id="$ID"
	[ "$(dev_field .oper_state)" = degraded ]
	run vdsa-nl dev-reset id="$ID"
	[ "$status" -eq 0 ]
	[ "$(dev_field .oper_state)" = ok ]
}

@test "a degraded device with instances lets them go before its reset" {
	local u
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" binding=vfio >/dev/null
	# WQ 1 in group 0 next to the instance's WQ: configure, enable fails,
	# the undo fails: degraded.
	echo 2 >"$COUNT"
	echo 2 >"$FAIL"
	expect_error EIO - "degraded" \
		wq-set dev-id="$ID" id=1 size=8 group-id=0 state=enabled
	echo 1 >"$COUNT"
	[ "$(dev_field .oper_state)" = degraded ]
	expect_error EBUSY - "destroy them before the reset" dev-reset id="$ID"
	expect_error EIO - "degraded" inst-bind uuid="$(hex "$u")" binding=vfio
	run vdsa-nl inst-unbind uuid="$(hex "$u")"
	[ "$status" -eq 0 ]
	run vdsa-nl inst-destroy uuid="$(hex "$u")"
	[ "$status" -eq 0 ]
	run vdsa-nl dev-reset id="$ID"
	[ "$status" -eq 0 ]
	[ "$(dev_field .oper_state)" = ok ]
	run grep -c "^inst " "$SIM_DEBUGFS/vdsa_sim1/hw"
	[ "$output" = 0 ]
}

@test "removing a degraded device leaves nothing behind" {
	degrade
	sim_del 1
	run vdsa-nl -d dev-get
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ ! -e "$SIM_DEBUGFS/vdsa_sim1" ]
}

@test "a failing inst_unbind step keeps the instance bound and the device ok" {
	local u group
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" binding=vfio >/dev/null
	group=$(inst_field "$u" .vfio_group)
	echo 1 >"$FAIL"
	expect_error EIO - "unbinding vfio failed: the provider failed to unbind" \
		inst-unbind uuid="$(hex "$u")"
	[ "$(inst_field "$u" .state)" = bound-vfio ]
	[ -c "/dev/vfio/$group" ]
	grep -qx "inst $u bound 1 wqs 0" "$SIM_DEBUGFS/vdsa_sim1/hw"
	[ "$(dev_field .oper_state)" = ok ]
	run vdsa-nl inst-unbind uuid="$(hex "$u")"
	[ "$status" -eq 0 ]
	grep -qx "inst $u bound 0 wqs 0" "$SIM_DEBUGFS/vdsa_sim1/hw"
}

@test "a failing inst_destroy step keeps the instance and the device ok" {
	local u before
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" >/dev/null
	before=$(snapshot dsa1)
	# The provider's destroy is the first step of the destroy commit.
	echo 1 >"$FAIL"
	expect_error EIO - "nothing was changed" inst-destroy uuid="$(hex "$u")"
	[ "$(snapshot dsa1)" = "$before" ]
	[ "$(dev_field .oper_state)" = ok ]
}

@test "an mdev removal whose provider unbind fails degrades the device" {
	local u
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" >/dev/null
	mdev_create 1 "$MDEV_INST_TYPE" "$u"
	echo 1 >"$FAIL"
	# An mdev's remove cannot fail: the instance is unbound all the same.
	mdev_remove "$u"
	[ "$(inst_field "$u" .state)" = created ]
	run vdsa-nl dev-get id="$ID"
	jq -e '.oper_state == "degraded" and (.degraded_reason | test("cannot unbind instance"))' <<<"$output"
}
