#!/usr/bin/env bats
# WQ and group configuration: every validation rule, EBUSY, idempotence.

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

# A group 0 with engine 0, ready for WQs to be enabled in it.
group0_ready() {
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
}

@test "wq-set changes a subset of attributes and replies with the WQ" {
	local gen
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	run vdsa-nl wq-set dev-id="$ID" id=2 size=16 priority=10 name=app1
	[ "$status" -eq 0 ]
	jq -e '.op == "wq-set" and .id == 2 and .size == 16 and .priority == 10
		and .name == "app1" and .mode == "dedicated" and .state == "disabled"
		and .type == "none" and .privileged == 0 and (has("group_id") | not)
		and (has("threshold") | not)' <<<"$output"
	[ "$(jq .generation <<<"$output")" -gt "$gen" ]
	gen=$(jq .generation <<<"$output")
	run vdsa-nl wq-get dev-id="$ID" id=2
	jq -e '.size == 16 and .priority == 10 and .name == "app1"' <<<"$output"
	run vdsa-nl dev-get id="$ID"
	jq -e --argjson gen "$gen" '.wq_size_used == 16 and .generation == $gen' <<<"$output"
}

@test "a WQ configures and enables in one request" {
	group0_ready
	run vdsa-nl wq-set dev-id="$ID" id=0 group-id=0 mode=shared size=32 \
		threshold=28 priority=10 type=user block-on-fault=1 \
		max-transfer-size=16384 max-batch-size=32 state=enabled
	[ "$status" -eq 0 ]
	jq -e '.state == "enabled" and .mode == "shared" and .threshold == 28
		and .group_id == 0 and .max_transfer_size == 16384
		and .max_batch_size == 32 and .block_on_fault == 1' <<<"$output"
	grep -q "^wq 0 enabled 1 group 0 mode 2 size 32 threshold 28 priority 10" \
		"$SIM_DEBUGFS/vdsa_sim1/hw"
}

@test "threshold is only valid on shared WQs" {
	expect_error EINVAL threshold "only valid on shared" \
		wq-set dev-id="$ID" id=0 size=8 threshold=4
}

@test "threshold may not exceed size, whichever attribute moved" {
	expect_error EINVAL threshold "must not exceed size" \
		wq-set dev-id="$ID" id=0 mode=shared size=8 threshold=9
	vdsa-nl wq-set dev-id="$ID" id=0 mode=shared size=8 threshold=8
	expect_error EINVAL size "must not exceed size" \
		wq-set dev-id="$ID" id=0 size=4
}

@test "switching to dedicated drops the threshold, as in idxd" {
	vdsa-nl wq-set dev-id="$ID" id=0 mode=shared size=8 threshold=6
	run vdsa-nl wq-set dev-id="$ID" id=0 mode=dedicated
	[ "$status" -eq 0 ]
	jq -e '.mode == "dedicated" and (has("threshold") | not)' <<<"$output"
}

@test "shared mode only where the device supports it" {
	sim_new 2 shared=0
	expect_error EOPNOTSUPP mode "does not support shared" \
		wq-set dev-id="$(dev_id dsa2)" id=0 mode=shared
}

@test "block-on-fault and ats-disable need the device capability" {
	sim_new 2 block_on_fault=0 ats=0
	local id2
	id2=$(dev_id dsa2)
	expect_error EOPNOTSUPP block-on-fault "block-on-fault" \
		wq-set dev-id="$id2" id=0 block-on-fault=1
	expect_error EOPNOTSUPP ats-disable "ATS" \
		wq-set dev-id="$id2" id=0 ats-disable=1
}

@test "sizes must fit the device's total WQ size" {
	vdsa-nl wq-set dev-id="$ID" id=0 size=100
	expect_error ENOSPC size "total WQ size" wq-set dev-id="$ID" id=1 size=29
	vdsa-nl wq-set dev-id="$ID" id=1 size=28
	expect_error EINVAL size "max-wq-size" wq-set dev-id="$ID" id=2 size=129
}

@test "group-id, transfer and batch sizes are checked against the device" {
	expect_error EINVAL group-id "max-groups" wq-set dev-id="$ID" id=0 group-id=4
	expect_error EINVAL max-transfer-size "power of 2" \
		wq-set dev-id="$ID" id=0 max-transfer-size=3000
	expect_error EINVAL max-transfer-size "1..device" \
		wq-set dev-id="$ID" id=0 max-transfer-size=4294967296
	expect_error EINVAL max-batch-size "1..device" \
		wq-set dev-id="$ID" id=0 max-batch-size=2048
	expect_error ERANGE max-batch-size - wq-set dev-id="$ID" id=0 max-batch-size=0
}

@test "enabling needs a size, a group with an engine, and a shared threshold" {
	expect_error EINVAL state "size 0" wq-set dev-id="$ID" id=0 state=enabled
	expect_error EINVAL state "must be in a group" \
		wq-set dev-id="$ID" id=0 size=8 state=enabled
	expect_error EINVAL state "without engines" \
		wq-set dev-id="$ID" id=0 size=8 group-id=1 state=enabled
	group0_ready
	expect_error EINVAL state "needs a threshold" \
		wq-set dev-id="$ID" id=0 size=8 group-id=0 mode=shared state=enabled
	run vdsa-nl wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	[ "$status" -eq 0 ]
	[ "$(jq -r .state <<<"$output")" = enabled ]
}

@test "configuring an enabled WQ is EBUSY; disabling in the same request is not" {
	group0_ready
	vdsa-nl wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	expect_error EBUSY priority "disable it" wq-set dev-id="$ID" id=0 priority=5
	run vdsa-nl wq-set dev-id="$ID" id=0 priority=5 state=disabled
	[ "$status" -eq 0 ]
	jq -e '.priority == 5 and .state == "disabled"' <<<"$output"
}

@test "setting values a WQ already has succeeds without a new generation" {
	group0_ready
	vdsa-nl wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	local gen
	gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	run vdsa-nl wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	[ "$status" -eq 0 ]
	[ "$(jq .generation <<<"$output")" -eq "$gen" ]
	run vdsa-nl wq-set dev-id="$ID" id=0 state=enabled
	[ "$status" -eq 0 ]
	[ "$(vdsa-nl dev-get id="$ID" | jq .generation)" -eq "$gen" ]
}

@test "validate-only runs every check and changes nothing" {
	local before
	before=$(snapshot dsa1)
	run vdsa-nl wq-set dev-id="$ID" id=0 size=8 name=x validate-only
	[ "$status" -eq 0 ]
	jq -e '.size == 8 and .name == "x"' <<<"$output"
	expect_error EINVAL threshold - \
		wq-set dev-id="$ID" id=0 threshold=3 validate-only
	[ "$(snapshot dsa1)" = "$before" ]
}

@test "group-set sets engines and read buffers; engines move between groups" {
	run vdsa-nl group-set dev-id="$ID" id=1 engines { id=0 id=2 } \
		read-buffers-reserved=8 read-buffers-allowed=32
	[ "$status" -eq 0 ]
	jq -e '.id == 1 and .engines == [0, 2] and .read_buffers_reserved == 8
		and .read_buffers_allowed == 32' <<<"$output"
	run vdsa-nl engine-get dev-id="$ID" id=2
	[ "$(jq .group_id <<<"$output")" -eq 1 ]
	vdsa-nl group-set dev-id="$ID" id=3 engines { id=2 }
	run vdsa-nl group-get dev-id="$ID" id=1
	jq -e '.engines == [0]' <<<"$output"
	run vdsa-nl -d engine-get dev-id="$ID"
	[ "$(jq -c '[.id, .group_id]' <<<"$output" | tr -d '\n')" = "[0,1][1,null][2,3][3,null]" ]
	# An empty nest empties the group.
	run vdsa-nl group-set dev-id="$ID" id=1 engines { }
	jq -e '.engines == []' <<<"$output"
}

@test "group-set rejects unknown and repeated engines and bad read buffers" {
	expect_error ENOENT - "no such engine" group-set dev-id="$ID" id=0 engines { id=4 }
	expect_error EINVAL - "listed twice" group-set dev-id="$ID" id=0 engines { id=1 id=1 }
	expect_error EINVAL read-buffers-allowed "max-read-buffers" \
		group-set dev-id="$ID" id=0 read-buffers-allowed=97
	expect_error EINVAL read-buffers-allowed "4 per engine" \
		group-set dev-id="$ID" id=0 engines { id=0 id=1 } read-buffers-allowed=7
	vdsa-nl group-set dev-id="$ID" id=0 read-buffers-reserved=90
	expect_error EINVAL read-buffers-reserved "total read-buffers-reserved" \
		group-set dev-id="$ID" id=1 read-buffers-reserved=7
	expect_error EINVAL - - group-set dev-id="$ID" id=0 engines { @5:u32=3 }
}

@test "read buffers are bounded per group and their sum cannot wrap" {
	local before
	before=$(snapshot dsa1)
	expect_error EINVAL read-buffers-reserved "read-buffers-reserved exceeds" \
		group-set dev-id="$ID" id=0 read-buffers-reserved=4294967295
	# 0xFFFFFFFF + 1 wraps a u32 sum to 0, which 96 buffers would allow.
	expect_error EINVAL "group[0].read-buffers-reserved" "read-buffers-reserved exceeds" \
		dev-config-set id="$ID" group { id=0 read-buffers-reserved=4294967295 } \
		group { id=1 read-buffers-reserved=1 }
	[ "$(snapshot dsa1)" = "$before" ]
	# A device without read-buffer control accepts no reservation at all.
	sim_new 2 read_buffers=0
	expect_error EINVAL "group[0].read-buffers-reserved" "read-buffers-reserved exceeds" \
		dev-config-set id="$(dev_id dsa2)" \
		group { id=0 read-buffers-reserved=4294967295 } \
		group { id=1 read-buffers-reserved=1 }
	# The simulator refuses a capability the 8-bit GRPCFG field cannot hold.
	run -1 sim_new 3 read_buffers=256
	[ ! -e "$SIM_BUS/devices/vdsa_sim3" ]
}

@test "a group with enabled WQs refuses changes with EBUSY" {
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 id=1 } >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	expect_error EBUSY engines "disable it first" \
		group-set dev-id="$ID" id=0 engines { id=1 }
	# Taking an engine away through another group is the same change.
	expect_error EBUSY engines "disable it first" \
		group-set dev-id="$ID" id=2 engines { id=1 }
	# Taking all its engines leaves enabled WQs without one: that request
	# is wrong in itself.
	expect_error EINVAL "" "needs at least one engine" \
		group-set dev-id="$ID" id=2 engines { id=0 id=1 }
	# A group without enabled WQs is free to change.
	run vdsa-nl group-set dev-id="$ID" id=1 engines { id=3 }
	[ "$status" -eq 0 ]
}

@test "dev-reset disables everything and restores the defaults" {
	group0_ready
	vdsa-nl wq-set dev-id="$ID" id=0 size=8 group-id=0 state=enabled
	vdsa-nl wq-set dev-id="$ID" id=5 size=20 name=x
	sim_new 2
	run vdsa-nl dev-reset id="$ID"
	[ "$status" -eq 0 ]
	jq -e '.op == "dev-reset" and .wq_size_used == 0' <<<"$output"
	run vdsa-nl -d wq-get dev-id="$ID"
	[ "$(jq -r .state <<<"$output" | sort -u)" = disabled ]
	[ "$(jq -r .size <<<"$output" | sort -u)" = 0 ]
	! grep -q "enabled 1" "$SIM_DEBUGFS/vdsa_sim1/hw"
	[ "$(cat "$SIM_DEBUGFS/vdsa_sim1/hw")" = "$(cat "$SIM_DEBUGFS/vdsa_sim2/hw")" ]
}
