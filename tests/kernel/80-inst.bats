#!/usr/bin/env bats
# vDSA instances: create, get, dump, destroy, WQ assign/unassign, the owner
# rule, atomicity (every failure leaves the device as it was), notifications.

load lib

setup_file() {
	load_modules
}

teardown_file() {
	sim_del_all
	unload_modules
}

U1=11111111-2222-4333-8444-555555555555
U2=22222222-3333-4444-8555-666666666666

setup() {
	sim_new 1
	ID=$(dev_id dsa1)
	EV=$BATS_TEST_TMPDIR/events
}

teardown() {
	kill "${MONITOR_PID:-}" 2>/dev/null || true
	sim_del_all
}

# Everything that must be unchanged after a failed instance request.
state() {
	snapshot dsa1
	vdsa-nl -d inst-get
	ls /sys/bus/vdsa/devices
}

# As state, but a generation that moved is not a difference: a create
# undone after its commit (a failed bind) moves the device on, never back.
state_but_generation() {
	state | sed -E 's/"generation":[0-9]+/"generation":_/g'
}

# wq_field WQ FIELD: one field of wq-get (null when absent).
wq_field() {
	vdsa-nl wq-get dev-id="$ID" id="$1" | jq -c ".$2"
}

@test "create with wq-count and wq-profile configures, enables and owns the WQs" {
	run vdsa-nl inst-create dev-id="$ID" uuid=$U1 name=vm1 wq-count=2 \
		wq-profile { size=8 priority=3 }
	[ "$status" -eq 0 ]
	jq -e --arg u $U1 --argjson d "$ID" '.op == "inst-create" and .uuid == $u and
		.dev_id == $d and .name == "vm1" and .state == "created" and
		.wq_id == [0,1] and .in_use == 0 and .pull == 0' <<<"$output"
	# Replies name the instance; tools build its paths from the UUID.
	jq -e 'has("sysfs_path") or has("device_path") | not' <<<"$output"
	[ -d /sys/bus/vdsa/devices/$U1 ]
	local w
	for w in 0 1; do
		run vdsa-nl wq-get dev-id="$ID" id=$w
		jq -e --arg u $U1 '.state == "enabled" and .type == "vdsa" and
			.size == 8 and .priority == 3 and .mode == "dedicated" and
			.group_id == 0 and .inst_uuid == $u' <<<"$output"
	done
	# The default group took the lowest free engine in the same commit.
	[ "$(vdsa-nl group-get dev-id="$ID" id=0 | jq -c .engines)" = '[0]' ]
	[ "$(wq_field 2 inst_uuid)" = null ]
	[ "$(vdsa-nl dev-get id="$ID" | jq .wq_size_used)" -eq 16 ]
	# get and dump show the same instance.
	run vdsa-nl inst-get uuid=$U1
	jq -e --arg u $U1 '.uuid == $u and .wq_id == [0,1]' <<<"$output"
	run vdsa-nl -d inst-get dev-id="$ID"
	[ "$(jq -r .uuid <<<"$output")" = $U1 ]
}

@test "create without attributes uses the default profile and generates a uuid" {
	run vdsa-nl inst-create dev-id="$ID"
	[ "$status" -eq 0 ]
	local u
	u=$(jq -r .uuid <<<"$output")
	[[ "$u" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]]
	run vdsa-nl wq-get dev-id="$ID" id=0
	jq -e --arg u "$u" '.size == 16 and .priority == 10 and .mode == "dedicated"
		and .state == "enabled" and .inst_uuid == $u' <<<"$output"
}

@test "create from existing WQs takes them over; destroy resets them" {
	vdsa-nl group-set dev-id="$ID" id=1 engines { id=2 } >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=3 group-id=1 size=4 mode=shared threshold=2 >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=5 group-id=1 size=6 type=vdsa state=enabled >/dev/null
	run vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-id=5 wq-id=3
	[ "$status" -eq 0 ]
	jq -e '.wq_id == [5,3]' <<<"$output"
	run vdsa-nl wq-get dev-id="$ID" id=3
	jq -e --arg u $U1 '.state == "enabled" and .type == "vdsa" and .size == 4 and
		.mode == "shared" and .threshold == 2 and .inst_uuid == $u' <<<"$output"
	[ "$(wq_field 5 inst_uuid)" = "\"$U1\"" ]

	run vdsa-nl inst-destroy uuid=$U1
	[ "$status" -eq 0 ]
	jq -e --arg u $U1 '.uuid == $u' <<<"$output"
	local w
	for w in 3 5; do
		run vdsa-nl wq-get dev-id="$ID" id=$w
		jq -e '.state == "disabled" and .size == 0 and .type == "none" and
			(has("group_id") | not) and (has("inst_uuid") | not)' <<<"$output"
	done
	[ -z "$(vdsa-nl -d inst-get)" ]
	[ ! -e /sys/bus/vdsa/devices/$U1 ]
	[ "$(vdsa-nl dev-get id="$ID" | jq .wq_size_used)" -eq 0 ]
	expect_error ENOENT uuid "no such vDSA instance" inst-get uuid=$U1
	expect_error ENOENT uuid "no such vDSA instance" inst-destroy uuid=$U1
}

@test "WQs that are not ready for an instance are refused and nothing changes" {
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=1 group-id=0 size=4 type=user state=enabled >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=2 group-id=0 >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=3 size=4 >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=4 group-id=0 size=2 >/dev/null
	local before
	before=$(state)
	expect_error EBUSY "wq-id[0]" "wq 1 is enabled with another type" \
		inst-create dev-id="$ID" wq-id=1
	expect_error EINVAL "wq-id[1]" "wq 2 has size 0" \
		inst-create dev-id="$ID" wq-id=4 wq-id=2
	expect_error EINVAL "wq-id[0]" "wq 3 is in no group" \
		inst-create dev-id="$ID" wq-id=3
	expect_error ENOENT "wq-id[0]" "wq-id 8: no such WQ" \
		inst-create dev-id="$ID" wq-id=8
	expect_error EINVAL wq-count "give one of them" \
		inst-create dev-id="$ID" wq-id=1 wq-count=1
	[ "$(state)" = "$before" ]
}

@test "a duplicate uuid is EEXIST and changes nothing" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 >/dev/null
	sim_new 2
	local before before2
	before=$(state)
	before2=$(snapshot dsa2)
	expect_error EEXIST uuid "already a vDSA instance" \
		inst-create dev-id="$ID" uuid=$U1
	# UUIDs are unique on the host, not per device.
	expect_error EEXIST uuid "already a vDSA instance" \
		inst-create dev-id="$(dev_id dsa2)" uuid=$U1
	[ "$(state)" = "$before" ]
	[ "$(snapshot dsa2)" = "$before2" ]
}

@test "not enough free WQs or WQ size is ENOSPC naming what is missing" {
	vdsa-nl wq-set dev-id="$ID" id=7 size=100 >/dev/null
	local before
	before=$(state)
	expect_error ENOSPC wq-count "wq-count 9: the device has only 8 WQs" \
		inst-create dev-id="$ID" wq-count=9
	# Refused before anything is sized by it.
	expect_error ENOSPC wq-count "wq-count 4294967295: the device has only 8 WQs" \
		inst-create dev-id="$ID" wq-count=4294967295
	expect_error ENOSPC wq-profile.size "28 of the device's max-wq-size 128 are free" \
		inst-create dev-id="$ID" wq-count=2 wq-profile { size=16 }
	[ "$(state)" = "$before" ]
	# WQ 7 (no group) is free: its 100 entries go back to the pool.
	run vdsa-nl inst-create dev-id="$ID" wq-count=8 wq-profile { size=16 }
	[ "$status" -eq 0 ]
	jq -e '.wq_id == [0,1,2,3,4,5,6,7]' <<<"$output"
	expect_error ENOSPC "" "only 0 WQs are free" inst-create dev-id="$ID"
}

@test "a bad profile is refused and changes nothing" {
	local before
	before=$(state)
	expect_error EINVAL wq-profile.threshold "threshold is only valid on shared WQs" \
		inst-create dev-id="$ID" wq-profile { threshold=4 }
	expect_error ERANGE wq-profile.priority - \
		inst-create dev-id="$ID" wq-profile { priority=16 }
	expect_error EINVAL - - inst-create dev-id="$ID" wq-profile { @10:u32=3 }
	expect_error EINVAL wq-profile.max-batch-size "power of 2" \
		inst-create dev-id="$ID" wq-count=2 wq-profile { max-batch-size=3 }
	expect_error EINVAL wq-profile "shared WQ needs a threshold" \
		inst-create dev-id="$ID" wq-profile { mode=shared }
	expect_error ERANGE wq-count - inst-create dev-id="$ID" wq-count=0
	expect_error ERANGE binding - inst-create dev-id="$ID" binding=3
	expect_error EOPNOTSUPP binding "made by the mdev core (the device's vdsa-inst mdev type)" \
		inst-create dev-id="$ID" binding=mdev
	expect_error ENODEV dev-id - inst-create dev-id=999999
	[ "$(state)" = "$before" ]
}

@test "validate-only create replies with the would-be instance and changes nothing" {
	local before
	before=$(state)
	run vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-count=3 validate-only
	[ "$status" -eq 0 ]
	jq -e --arg u $U1 '.uuid == $u and .wq_id == [0,1,2] and .state == "created"' \
		<<<"$output"
	[ "$(state)" = "$before" ]
}

@test "a provider failure at every step of a create leaves nothing behind" {
	monitor_start "$EV"
	fail_each_step state 5 "nothing was changed" \
		vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-count=2 wq-profile { size=8 }
	monitor_stop "$EV"
	# Engine 0 into group 0, configure 2 WQs, enable 2 WQs, inst_create.
	[ "$FAILED" -eq 6 ]
	[ "$(vdsa-nl inst-get uuid=$U1 | jq -c .wq_id)" = '[0,1]' ]
	# Only the create that went through was announced.
	run jq -r .op "$EV.events"
	[ "$(grep -c inst-add-ntf <<<"$output")" -eq 1 ]
	[ "$(grep -c group-change-ntf <<<"$output")" -eq 1 ]
	[ "$(grep -c wq-change-ntf <<<"$output")" -eq 2 ]
	[ "$(grep -c dev-change-ntf <<<"$output")" -eq 1 ]
}

@test "a provider failure at every step of a destroy keeps the instance" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-count=2 >/dev/null
	fail_each_step state 5 "" vdsa-nl inst-destroy uuid=$U1
	# inst_destroy, disable 2 WQs, configure 2 WQs.
	[ "$FAILED" -eq 5 ]
	[ -z "$(vdsa-nl -d inst-get)" ]
}

@test "owned WQs refuse every other request (owner rule)" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-count=1 >/dev/null
	local before
	before=$(state)
	expect_error EBUSY priority "wq 0 belongs to vDSA instance $U1" \
		wq-set dev-id="$ID" id=0 priority=4
	expect_error EBUSY state "belongs to vDSA instance $U1" \
		wq-set dev-id="$ID" id=0 state=disabled
	expect_error EBUSY - "belongs to vDSA instance $U1" dev-reset id="$ID"
	expect_error EBUSY - "belongs to vDSA instance $U1" \
		group-set dev-id="$ID" id=0 engines { id=0 id=1 }
	expect_error EBUSY - "belongs to vDSA instance $U1" \
		dev-config-set id="$ID" wq { id=1 size=4 }
	[ "$(state)" = "$before" ]
	# A config-set that keeps the instance's WQ and group as they are works.
	run vdsa-nl dev-config-set id="$ID" group { id=0 engines { id=0 } } \
		wq { id=0 group-id=0 size=16 priority=10 type=vdsa state=enabled } \
		wq { id=4 size=2 }
	[ "$status" -eq 0 ]
	[ "$(wq_field 0 inst_uuid)" = "\"$U1\"" ]
	# Other WQs stay free to change.
	vdsa-nl wq-set dev-id="$ID" id=1 priority=4 >/dev/null
}

@test "assign and unassign move configured WQs in and out of an instance" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-count=1 >/dev/null
	vdsa-nl inst-create dev-id="$ID" uuid=$U2 wq-count=1 >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=5 group-id=0 size=4 >/dev/null
	run vdsa-nl inst-wq-assign uuid=$U1 wq-id=5
	[ "$status" -eq 0 ]
	jq -e '.wq_id == [0,5]' <<<"$output"
	run vdsa-nl wq-get dev-id="$ID" id=5
	jq -e --arg u $U1 '.state == "enabled" and .type == "vdsa" and
		.inst_uuid == $u' <<<"$output"
	grep -q "inst $U1 bound 0 wqs 0,5" "$SIM_DEBUGFS/vdsa_sim1/hw"

	local before
	before=$(state)
	expect_error EBUSY "wq-id[0]" "wq 1 belongs to vDSA instance $U2" \
		inst-wq-assign uuid=$U1 wq-id=1
	expect_error EINVAL "wq-id[0]" "already in the instance" \
		inst-wq-assign uuid=$U1 wq-id=5
	expect_error EINVAL "wq-id[0]" "wq 1 is not in instance $U1" \
		inst-wq-unassign uuid=$U1 wq-id=1
	expect_error EINVAL - - inst-wq-assign uuid=$U1
	run vdsa-nl inst-wq-unassign uuid=$U1 wq-id=5 validate-only
	[ "$status" -eq 0 ]
	jq -e '.wq_id == [0]' <<<"$output"
	[ "$(state)" = "$before" ]

	run vdsa-nl inst-wq-unassign uuid=$U1 wq-id=5
	[ "$status" -eq 0 ]
	jq -e '.wq_id == [0]' <<<"$output"
	# The WQ keeps its configuration and state, without an owner.
	run vdsa-nl wq-get dev-id="$ID" id=5
	jq -e '.state == "enabled" and .type == "vdsa" and .size == 4 and
		(has("inst_uuid") | not)' <<<"$output"
	grep -q "inst $U1 bound 0 wqs 0\$" "$SIM_DEBUGFS/vdsa_sim1/hw"
	expect_error EINVAL "wq-id[0]" "last WQ" inst-wq-unassign uuid=$U1 wq-id=0
	# An unowned WQ can be reconfigured again.
	vdsa-nl wq-set dev-id="$ID" id=5 state=disabled >/dev/null
}

@test "bind mdev and unbind are explained; unbinding an unbound instance is a no-op" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 >/dev/null
	local before
	before=$(state)
	expect_error EOPNOTSUPP binding "an mdev binding is made by the mdev core" \
		inst-bind uuid=$U1 binding=mdev
	expect_error EINVAL - - inst-bind uuid=$U1
	run vdsa-nl inst-unbind uuid=$U1
	[ "$status" -eq 0 ]
	jq -e '.state == "created"' <<<"$output"
	[ "$(state)" = "$before" ]
	expect_error ERANGE uuid - inst-get uuid=0011
	expect_error EINVAL - - -d inst-get uuid=$U1
}

@test "every instance request takes a generation precondition" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=5 group-id=0 size=4 >/dev/null
	local gen before
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	vdsa-nl wq-set dev-id="$ID" id=6 size=1 >/dev/null
	before=$(state)
	expect_error EAGAIN generation "read it again" \
		inst-create dev-id="$ID" uuid=$U2 generation="$gen"
	expect_error EAGAIN generation "read it again" \
		inst-destroy uuid=$U1 generation="$gen"
	expect_error EAGAIN generation "read it again" \
		inst-bind uuid=$U1 binding=vfio generation="$gen"
	expect_error EAGAIN generation "read it again" \
		inst-unbind uuid=$U1 generation="$gen"
	expect_error EAGAIN generation "read it again" \
		inst-wq-assign uuid=$U1 wq-id=5 generation="$gen"
	expect_error EAGAIN generation "read it again" \
		inst-wq-unassign uuid=$U1 wq-id=0 generation="$gen"
	[ "$(state)" = "$before" ]
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	run vdsa-nl inst-wq-assign uuid=$U1 wq-id=5 generation="$gen"
	[ "$status" -eq 0 ]
	[ "$(jq .generation <<<"$output")" -gt "$gen" ]
	run vdsa-nl inst-destroy uuid=$U1 generation="$(jq .generation <<<"$output")"
	[ "$status" -eq 0 ]
}

@test "a create undone after its commit moves the generation on, never back" {
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	local gen
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	# Configure and enable the WQ, inst_create, then inst_bind fails.
	echo 4 >"$SIM_DEBUGFS/vdsa_sim1/fail_step"
	run vdsa-nl inst-create dev-id="$ID" uuid=$U1 binding=vfio
	echo 0 >"$SIM_DEBUGFS/vdsa_sim1/fail_step"
	[ "$status" -ne 0 ]
	[ -z "$(vdsa-nl -d inst-get)" ]
	[ "$(vdsa-nl dev-get id="$ID" | jq .wq_size_used)" -eq 0 ]
	[ "$(vdsa-nl dev-get id="$ID" | jq .generation)" -gt "$gen" ]
}

@test "instance changes are announced: add, change, delete" {
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=6 group-id=0 size=2 >/dev/null
	monitor_start "$EV"
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 >/dev/null
	vdsa-nl inst-wq-assign uuid=$U1 wq-id=6 >/dev/null
	vdsa-nl inst-create dev-id="$ID" uuid=$U2 validate-only >/dev/null
	vdsa-nl inst-destroy uuid=$U1 >/dev/null
	monitor_stop "$EV"
	run jq -c 'select(.op | startswith("inst-")) | [.op, .uuid, .wq_id]' "$EV.events"
	[ "$output" = "[\"inst-add-ntf\",\"$U1\",[0]]
[\"inst-change-ntf\",\"$U1\",[0,6]]
[\"inst-del-ntf\",\"$U1\",[0,6]]" ]
	# Generations in the events increase.
	run jq -s '[.[] | .generation] | . == sort' "$EV.events"
	[ "$output" = true ]
}

@test "unprivileged users can read instances but not change them" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 >/dev/null
	local nl before
	nl=$(command -v vdsa-nl)
	before=$(state)
	run --separate-stderr as_nobody_exec "$nl" inst-create dev-id="$ID" uuid=$U2
	[ "$status" -eq 1 ]
	run --separate-stderr as_nobody_exec "$nl" inst-destroy uuid=$U1
	[ "$status" -eq 1 ]
	run --separate-stderr as_nobody_exec "$nl" inst-wq-unassign uuid=$U1 wq-id=0
	[ "$status" -eq 1 ]
	run --separate-stderr as_nobody_exec "$nl" inst-get uuid=$U1
	[ "$status" -eq 0 ]
	jq -e --arg u $U1 '.uuid == $u' <<<"$output"
	run --separate-stderr as_nobody_exec "$nl" -d inst-get
	[ "$status" -eq 0 ]
	[ "$(state)" = "$before" ]
}

@test "removing a device destroys its instances and announces it" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-count=2 >/dev/null
	vdsa-nl inst-create dev-id="$ID" uuid=$U2 >/dev/null
	sim_new 2
	vdsa-nl inst-create dev-id="$(dev_id dsa2)" >/dev/null
	monitor_start "$EV"
	sim_del 1
	monitor_stop "$EV"
	run jq -c '[.op, .uuid // .name]' "$EV.events"
	echo "$output"
	[ "$output" = "[\"inst-del-ntf\",\"$U1\"]
[\"inst-del-ntf\",\"$U2\"]
[\"dev-del-ntf\",\"dsa1\"]" ]
	[ "$(vdsa-nl -d inst-get | jq -s length)" -eq 1 ]
	[ "$(ls /sys/bus/vdsa/devices | wc -l)" -eq 1 ]
	# The uuids are free again.
	vdsa-nl inst-create dev-id="$(dev_id dsa2)" uuid=$U1 >/dev/null
}

@test "unloading the simulator with instances tears them down" {
	vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-count=2 >/dev/null
	sim_new 2
	vdsa-nl inst-create dev-id="$(dev_id dsa2)" uuid=$U2 >/dev/null
	rmmod vdsa_sim
	[ -z "$(ls /sys/bus/vdsa/devices)" ]
	[ -z "$(vdsa-nl -d inst-get)" ]
	rmmod vdsa
	load_modules
}

@test "create with binding vfio binds in the same request; destroy unbinds" {
	run vdsa-nl inst-create dev-id="$ID" uuid=$U1 wq-count=2 binding=vfio
	[ "$status" -eq 0 ]
	jq -e '.state == "bound-vfio" and (.vfio_group | type) == "number"' <<<"$output"
	local group
	group=$(jq -r .vfio_group <<<"$output")
	[ -e /dev/vfio/"$group" ]
	expect_error EBUSY uuid "already bound to vfio" inst-bind uuid=$U1 binding=vfio
	run vdsa-nl inst-unbind uuid=$U1
	[ "$status" -eq 0 ]
	jq -e '.state == "created" and (has("vfio_group") | not)' <<<"$output"
	[ ! -e /dev/vfio/"$group" ]
	run vdsa-nl inst-bind uuid=$U1 binding=vfio
	[ "$status" -eq 0 ]
	jq -e '.state == "bound-vfio"' <<<"$output"
	run vdsa-nl inst-destroy uuid=$U1
	[ "$status" -eq 0 ]
	[ -z "$(vdsa-nl -d inst-get)" ]
	[ -z "$(ls /sys/bus/vdsa/devices)" ]
}

@test "a provider failure at every step of a create with binding vfio leaves nothing" {
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	monitor_start "$EV"
	fail_each_step state_but_generation "" "nothing was" \
		vdsa-nl inst-create dev-id="$ID" uuid=$U1 binding=vfio
	monitor_stop "$EV"
	# Configure and enable the WQ, inst_create, inst_bind.
	[ "$FAILED" -eq 4 ]
	run vdsa-nl inst-get uuid=$U1
	jq -e '.state == "bound-vfio"' <<<"$output"
	run jq -r .op "$EV.events"
	[ "$(grep -c inst-add-ntf <<<"$output")" -eq 1 ]
	[ "$(grep -c inst- <<<"$output")" -eq 1 ]
	vdsa-nl inst-destroy uuid=$U1 >/dev/null
}
