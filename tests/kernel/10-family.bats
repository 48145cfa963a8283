#!/usr/bin/env bats
# The vdsa family, devices, and the strictness of every policy.

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

@test "family vdsa is registered with its ops and the events group" {
	run genl ctrl get name vdsa
	[ "$status" -eq 0 ]
	[[ "$output" == *"Version: 0x1"* ]]
	[[ "$output" == *"name: events"* ]]
	# dev-get, dev-reset, dev-config-set, group-get, group-set,
	# engine-get, wq-get, wq-set
	for cmd in 0x1 0x5 0x6 0x7 0x8 0x9 0xa 0xb; do
		[[ "$output" == *"ID-$cmd "* ]] || { echo "missing cmd $cmd"; false; }
	done
}

@test "dev-get reports the simulator's SPR-like defaults" {
	run vdsa-nl dev-get id="$ID"
	[ "$status" -eq 0 ]
	jq -e '.op == "dev-get" and .name == "dsa1" and .parent_bus == "vdsa_sim"
		and .parent_dev == "vdsa_sim1" and .max_groups == 4
		and .max_engines == 4 and .max_wqs == 8 and .max_wq_size == 128
		and .max_transfer_size == 2147483648 and .max_batch_size == 1024
		and .max_read_buffers == 96 and .version == 256
		and .wq_size_used == 0 and .generation > 0
		and (.caps | sort) == ["ats", "block-on-fault", "shared-wq"]
		and (.op_cap | length) == 64' <<<"$output"
}

@test "new_device takes capabilities and rejects bad ones" {
	sim_new 2 groups=2 engines=3 wqs=5 wq_size=64 shared=0 max_batch=32
	run vdsa-nl dev-get id="$(dev_id dsa2)"
	jq -e '.max_groups == 2 and .max_engines == 3 and .max_wqs == 5
		and .max_wq_size == 64 and .max_batch_size == 32
		and (.caps | index("shared-wq") | not)' <<<"$output"
	run -1 sim_new 3 wqs=0
	run -1 sim_new 3 max_batch=100
	run -1 sim_new 3 colour=blue
	run -1 sim_new 1
	[ ! -e "$SIM_BUS/devices/vdsa_sim3" ]
}

@test "a new device gets a fresh id and generation, never a removed one's" {
	local old_id=$ID old_gen
	old_gen=$(vdsa-nl dev-get id="$ID" | jq .generation)
	sim_del 1
	sim_new 1
	ID=$(dev_id dsa1)
	[ "$ID" -ne "$old_id" ]
	[ "$(vdsa-nl dev-get id="$ID" | jq .generation)" -gt "$old_gen" ]
	expect_error ENODEV id "no such device" dev-get id="$old_id"
}

@test "dev-get dump lists every device once" {
	sim_new 2
	sim_new 7
	run vdsa-nl -d dev-get
	[ "$status" -eq 0 ]
	[ "$(jq -r .name <<<"$output" | sort | tr '\n' ' ')" = "dsa1 dsa2 dsa7 " ]
}

@test "get of an unknown device is ENODEV naming the attribute" {
	expect_error ENODEV id "no such device" dev-get id=4242
	expect_error ENODEV dev-id "no such device" wq-get dev-id=4242 id=0
	# 6.1 cannot name the attribute of a dump error; the message does.
	expect_error ENODEV "" "dev-id: no such device" -d wq-get dev-id=4242
	expect_error ENODEV dev-id "no such device" wq-set dev-id=4242 id=0 size=1
}

@test "an unknown WQ, group or engine is ENOENT" {
	expect_error ENOENT id "no such object" wq-get dev-id="$ID" id=8
	expect_error ENOENT id "no such object" group-get dev-id="$ID" id=4
	expect_error ENOENT id "no such object" engine-get dev-id="$ID" id=4
	expect_error ENOENT id "no such object" wq-set dev-id="$ID" id=99 size=1
}

@test "a missing required attribute is EINVAL and names it" {
	expect_error EINVAL - - dev-get
	[ "$(jq -r .missing <<<"$stderr")" = id ]
	expect_error EINVAL - - wq-get dev-id="$ID"
	[ "$(jq -r .missing <<<"$stderr")" = id ]
	expect_error EINVAL - - wq-set id=0 size=4
	[ "$(jq -r .missing <<<"$stderr")" = dev-id ]
}

@test "unknown attributes are rejected by the strict policies" {
	# A number beyond the set.
	expect_error EINVAL @99 - dev-get id="$ID" @99:u32=1
	# A known attribute the op does not take (wq-get takes no size).
	expect_error EINVAL size - wq-get dev-id="$ID" id=0 size=4
	# validate-only is not an attribute of a get.
	expect_error EINVAL - - wq-get dev-id="$ID" id=0 @18:flag
}

@test "wrong encodings and out-of-range values are rejected" {
	expect_error EINVAL id - dev-get id:u8=1
	# Policy ranges answer ERANGE, the kernel's convention.
	expect_error ERANGE priority "out of range" wq-set dev-id="$ID" id=0 priority=0
	expect_error ERANGE priority - wq-set dev-id="$ID" id=0 priority=16
	expect_error ERANGE mode - wq-set dev-id="$ID" id=0 mode=3
	expect_error ERANGE type - wq-set dev-id="$ID" id=0 type=9
	expect_error ERANGE state - wq-set dev-id="$ID" id=0 state=0
	expect_error ERANGE privileged - wq-set dev-id="$ID" id=0 privileged=2
	expect_error ERANGE group-id - wq-set dev-id="$ID" id=0 group-id=-2
	expect_error EINVAL name - wq-set dev-id="$ID" id=0 \
		name="$(printf 'x%.0s' $(seq 128))"
}

@test "an unknown command is refused" {
	expect_error EOPNOTSUPP - - --cmd 200 dev-get id="$ID"
	# Notification commands cannot be requested.
	expect_error EOPNOTSUPP - - --cmd 2 dev-get id="$ID"
}

@test "dumps take only the device filter" {
	run vdsa-nl -d wq-get dev-id="$ID"
	[ "$status" -eq 0 ]
	[ "$(wc -l <<<"$output")" -eq 8 ]
	[ "$(jq -r .id <<<"$output" | tr '\n' ' ')" = "0 1 2 3 4 5 6 7 " ]
	expect_error EINVAL "" "only dev-id can filter" -d wq-get dev-id="$ID" id=1
	expect_error EINVAL "" "takes no attributes" -d dev-get id="$ID"
}

@test "a dump over 256 devices resumes across messages and sees each once" {
	local i
	for i in $(seq 100 355); do sim_new "$i" wqs=4; done
	run vdsa-nl -d dev-get
	[ "$status" -eq 0 ]
	[ "$(wc -l <<<"$output")" -eq 257 ]
	[ "$(jq -r .name <<<"$output" | sort -u | wc -l)" -eq 257 ]
	run vdsa-nl -d wq-get
	[ "$status" -eq 0 ]
	[ "$(wc -l <<<"$output")" -eq $((256 * 4 + 8)) ]
	[ "$(jq -r '"\(.dev_id).\(.id)"' <<<"$output" | sort -u | wc -l)" -eq $((256 * 4 + 8)) ]
}

@test "removing a configured device and unloading with devices present is clean" {
	vdsa-nl dev-config-set id="$ID" group { id=0 engines { id=0 } } \
		wq { id=0 group-id=0 size=16 state=enabled }
	sim_del 1
	run vdsa-nl dev-get id="$ID"
	[ "$status" -eq 19 ]
	sim_new 5
	vdsa-nl dev-config-set id="$(dev_id dsa5)" group { id=1 engines { id=2 } } \
		wq { id=3 group-id=1 size=8 mode=shared threshold=4 state=enabled }
	rmmod vdsa_sim
	rmmod vdsa
	! genl ctrl get name vdsa 2>/dev/null
	load_modules
	sim_new 1
	run vdsa-nl -d dev-get
	[ "$(jq -r .name <<<"$output")" = dsa1 ]
}
