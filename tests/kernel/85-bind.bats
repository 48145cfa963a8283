#!/usr/bin/env bats
# Binding vDSA instances: the vdsa bus, the vdsa_vfio driver, the mdev types
# and what a VMM reads through vfio (doc/vdsa-vdev-regs.md).

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
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	HOLD_PID=
}

teardown() {
	[ -z "${HOLD_PID:-}" ] || kill "$HOLD_PID" 2>/dev/null || true
	hold_close 2>/dev/null || true
	echo 0 >"$SIM_DEBUGFS/vdsa_sim1/fail_step" 2>/dev/null || true
	sim_del_all
}

# Two WQs with different profiles: dedicated, and shared with a threshold.
two_wqs() {
	vdsa-nl wq-set dev-id="$ID" id=0 group-id=0 mode=dedicated size=16 \
		priority=5 >/dev/null
	vdsa-nl wq-set dev-id="$ID" id=1 group-id=0 mode=shared size=32 \
		threshold=24 priority=12 privileged=1 >/dev/null
}

# A snapshot without the generation counters.
no_gen() {
	sed -E 's/"generation":[0-9]+,?//'
}

TWO_WQS='[["dedicated",16,0,5,false],["shared",32,24,12,true]]'
DEFAULT_WQ='[["dedicated",16,0,10,false]]'

@test "inst-create binding vfio: vdsa_vfio driver, /dev/vfio/N and the profile through vfio" {
	two_wqs
	local u reply group dev
	u=$(new_uuid)
	reply=$(vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-id=0 wq-id=1 \
		binding=vfio)
	[ "$(jq -r .state <<<"$reply")" = bound-vfio ]
	# Identifiers, no paths: tools build those from the UUID.
	jq -e 'has("sysfs_path") or has("device_path") | not' <<<"$reply"
	[ "$(jq -r .mdev_parent <<<"$reply")" = vdsa_sim1 ]
	[ "$(jq -r .mdev_type <<<"$reply")" = "$MDEV_INST_TYPE" ]
	group=$(jq -er .vfio_group <<<"$reply")
	dev=/sys/bus/vdsa/devices/$u
	[ "$(readlink -f "$dev/driver")" = /sys/bus/vdsa/drivers/vdsa_vfio ]
	[ "$(iommu_group "$dev")" = "$group" ]
	[ -c "/dev/vfio/$group" ]
	# The vfio device sits on the instance's device, named by the UUID.
	[ -d "$dev/vfio-dev" ]

	run vdsa-vfio-read "$group" "$u"
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.vendor, .device, .class, .header_type, .bar0_size] | @tsv' <<<"$output")" = \
		"$(printf '0x1af4\t0x10f0\t0x088000\t0\t4096')" ]
	# Not DSA's id, which a guest's idxd would bind to: see doc/vdsa-vdev-regs.md.
	[ "$(jq -r '[.subsystem_vendor, .subsystem] | @tsv' <<<"$output")" = \
		"$(printf '0x1af4\t0x0001')" ]
	[ "$(wq_table <<<"$output")" = "$TWO_WQS" ]
	[ "$(jq -c '[.caps.wq_count, .caps.total_wq_size]' <<<"$output")" = '[2,48]' ]
	[ "$(jq -c '[.wqs[].enabled] | all' <<<"$output")" = true ]
	# The device's capabilities come through too.
	local devinfo
	devinfo=$(vdsa-nl dev-get id="$ID")
	[ "$(jq .caps.max_batch_size <<<"$output")" = "$(jq .max_batch_size <<<"$devinfo")" ]
	[ "$(jq .caps.max_transfer_size <<<"$output")" = "$(jq .max_transfer_size <<<"$devinfo")" ]
	[ "$(jq .caps.op_cap <<<"$output")" = "$(jq .op_cap <<<"$devinfo")" ]
	# The simulated hardware knows the instance as bound.
	grep -qx "inst $u bound 1 wqs 0,1" "$SIM_DEBUGFS/vdsa_sim1/hw"
}

@test "inst-bind and inst-unbind: /dev/vfio/N comes and goes, the instance stays" {
	local u reply group
	u=$(new_uuid)
	reply=$(vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=1)
	[ "$(jq -r .state <<<"$reply")" = created ]
	[ "$(jq -r '.vfio_group // "none"' <<<"$reply")" = none ]
	[ -d "/sys/bus/vdsa/devices/$u" ]
	[ ! -e "/sys/bus/vdsa/devices/$u/driver" ]
	grep -qx "inst $u bound 0 wqs 0" "$SIM_DEBUGFS/vdsa_sim1/hw"

	reply=$(vdsa-nl inst-bind uuid="$(hex "$u")" binding=vfio)
	[ "$(jq -r .state <<<"$reply")" = bound-vfio ]
	group=$(jq -er .vfio_group <<<"$reply")
	[ -c "/dev/vfio/$group" ]
	[ "$(vfio_read "$u" | wq_table)" = "$DEFAULT_WQ" ]
	# Binding twice is refused.
	expect_error EBUSY - - inst-bind uuid="$(hex "$u")" binding=vfio

	reply=$(vdsa-nl inst-unbind uuid="$(hex "$u")")
	[ "$(jq -r .state <<<"$reply")" = created ]
	[ ! -e "/dev/vfio/$group" ]
	[ ! -e "/sys/bus/vdsa/devices/$u/driver" ]
	[ -d "/sys/bus/vdsa/devices/$u" ]
	grep -qx "inst $u bound 0 wqs 0" "$SIM_DEBUGFS/vdsa_sim1/hw"
	run vdsa-vfio-read "$group" "$u"
	[ "$status" -ne 0 ]
	[[ "$output" == *"/dev/vfio/$group"* ]]

	# Bound again, then destroyed in one request: nothing is left.
	vdsa-nl inst-bind uuid="$(hex "$u")" binding=vfio >/dev/null
	vdsa-nl inst-destroy uuid="$(hex "$u")" >/dev/null
	assert_nothing_bound
	! grep -q "^inst " "$SIM_DEBUGFS/vdsa_sim1/hw"
}

@test "mdev vdsa-inst type: the UUID of a created instance binds it, remove unbinds" {
	two_wqs
	local u reply group mdev=/sys/bus/mdev/devices
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-id=0 wq-id=1 >/dev/null
	[ "$(mdev_available 1 "$MDEV_INST_TYPE")" -eq 1 ]
	[ "$(cat "$(mdev_types 1)/$MDEV_INST_TYPE/device_api")" = vfio-pci ]

	mdev_create 1 "$MDEV_INST_TYPE" "$u"
	[ -d "$mdev/$u" ]
	[ "$(mdev_available 1 "$MDEV_INST_TYPE")" -eq 0 ]
	reply=$(inst_get "$u")
	[ "$(jq -r .state <<<"$reply")" = bound-mdev ]
	group=$(jq -er .vfio_group <<<"$reply")
	[ "$(iommu_group "$mdev/$u")" = "$group" ]
	[ -c "/dev/vfio/$group" ]
	[ "$(vfio_read "$u" | wq_table)" = "$TWO_WQS" ]

	# An mdev binding is undone by removing the mdev, not by the family.
	expect_error EOPNOTSUPP - remove inst-unbind uuid="$(hex "$u")"
	expect_error EBUSY - - inst-destroy uuid="$(hex "$u")"
	# A second mdev for the same instance is refused by the mdev core.
	run mdev_create 1 "$MDEV_PULL_TYPE" "$u"
	[ "$status" -ne 0 ]

	mdev_remove "$u"
	[ ! -e "$mdev/$u" ]
	[ ! -e "/dev/vfio/$group" ]
	[ "$(inst_field "$u" .state)" = created ]
	[ "$(mdev_available 1 "$MDEV_INST_TYPE")" -eq 1 ]
	grep -qx "inst $u bound 0 wqs 0,1" "$SIM_DEBUGFS/vdsa_sim1/hw"
}

@test "mdev vdsa-pull type: a fresh UUID creates a default instance, remove destroys it" {
	local u before avail reply wq
	u=$(new_uuid)
	before=$(snapshot dsa1)
	avail=$(mdev_available 1 "$MDEV_PULL_TYPE")
	[ "$avail" -gt 0 ]

	mdev_create 1 "$MDEV_PULL_TYPE" "$u"
	[ "$(mdev_available 1 "$MDEV_PULL_TYPE")" -eq $((avail - 1)) ]
	reply=$(inst_get "$u")
	[ "$(jq -r '[.state, .pull] | @tsv' <<<"$reply")" = "$(printf 'bound-mdev\t1')" ]
	[ "$(jq -c '[.wq_id] | flatten | length' <<<"$reply")" -eq 1 ]
	wq=$(jq -c '[.wq_id] | flatten | .[0]' <<<"$reply")
	run vdsa-nl wq-get dev-id="$ID" id="$wq"
	[ "$(jq -r '[.type, .state, .mode, .size, .priority] | @tsv' <<<"$output")" = \
		"$(printf 'vdsa\tenabled\tdedicated\t16\t10')" ]
	[ "$(jq -r '.inst_uuid | gsub("-"; "")' <<<"$output")" = "$(hex "$u")" ]
	[ "$(vfio_read "$u" | wq_table)" = "$DEFAULT_WQ" ]

	mdev_remove "$u"
	run inst_get "$u"
	[ "$status" -ne 0 ]
	[ "$(mdev_available 1 "$MDEV_PULL_TYPE")" -eq "$avail" ]
	# Only the generation moved: WQs and hardware are as before.
	diff <(no_gen <<<"$before") <(snapshot dsa1 | no_gen)
	assert_nothing_bound
}

@test "mdev vdsa-inst type refuses unknown and bound instances and leaves nothing" {
	local u v before
	u=$(new_uuid)
	before=$(snapshot dsa1)
	run mdev_create 1 "$MDEV_INST_TYPE" "$u"
	[ "$status" -ne 0 ]
	[ ! -e "/sys/bus/mdev/devices/$u" ]
	[ "$before" = "$(snapshot dsa1)" ]
	assert_nothing_bound

	# An instance bound to vfio cannot also get an mdev.
	v=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$v")" wq-count=1 binding=vfio >/dev/null
	before=$(snapshot dsa1)
	run mdev_create 1 "$MDEV_INST_TYPE" "$v"
	[ "$status" -ne 0 ]
	[ ! -e "/sys/bus/mdev/devices/$v" ]
	[ "$(inst_field "$v" .state)" = bound-vfio ]
	[ "$before" = "$(snapshot dsa1)" ]
}

@test "an open vfio device: in-use, inst-unbind and inst-destroy are EBUSY" {
	local u group
	u=$(new_uuid)
	group=$(vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=1 binding=vfio |
		jq -er .vfio_group)
	[ "$(inst_field "$u" .in_use)" = 0 ]
	hold_open "$group" "$u"
	[ "$(inst_field "$u" .in_use)" = 1 ]
	# A second open of the same device is refused by vfio.
	run vdsa-vfio-read "$group" "$u"
	[ "$status" -ne 0 ]

	expect_error EBUSY - - inst-unbind uuid="$(hex "$u")"
	[ -n "$(jq -r '.msg // empty' <<<"$stderr")" ]
	expect_error EBUSY - - inst-destroy uuid="$(hex "$u")"
	[ -n "$(jq -r '.msg // empty' <<<"$stderr")" ]
	[ "$(inst_field "$u" .state)" = bound-vfio ]
	[ -c "/dev/vfio/$group" ]

	hold_close
	[ "$(inst_field "$u" .in_use)" = 0 ]
	vdsa-nl inst-unbind uuid="$(hex "$u")" >/dev/null
	[ ! -e "/dev/vfio/$group" ]
}

@test "an open mdev: inst-unbind is EBUSY" {
	local u group
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=1 >/dev/null
	mdev_create 1 "$MDEV_INST_TYPE" "$u"
	group=$(inst_field "$u" .vfio_group)
	hold_open "$group" "$u"
	[ "$(inst_field "$u" .in_use)" = 1 ]
	expect_error EBUSY - - inst-unbind uuid="$(hex "$u")"
	hold_close
	[ "$(inst_field "$u" .in_use)" = 0 ]
	mdev_remove "$u"
	[ "$(inst_field "$u" .state)" = created ]
}

# Instances bound every way: vfio, mdev of both types.
bind_all_ways() {
	local u v w
	u=$(new_uuid)
	v=$(new_uuid)
	w=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=1 binding=vfio >/dev/null
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$v")" wq-count=1 >/dev/null
	mdev_create 1 "$MDEV_INST_TYPE" "$v"
	mdev_create 1 "$MDEV_PULL_TYPE" "$w"
	[ "$(ls /sys/bus/vdsa/devices | wc -l)" -eq 3 ]
	[ "$(ls /sys/bus/mdev/devices | wc -l)" -eq 2 ]
	[ "$(vfio_nodes | wc -l)" -eq 3 ]
}

@test "removing the device unbinds and destroys every instance" {
	bind_all_ways
	sim_del 1
	assert_nothing_bound
	[ ! -e /sys/class/mdev_bus/vdsa_sim1 ]
}

@test "unloading vdsa_sim with bound instances leaves nothing behind" {
	bind_all_ways
	rmmod vdsa_sim
	assert_nothing_bound
	[ -z "$(ls -A /sys/class/mdev_bus)" ]
	load_modules
}

@test "a failing inst_bind step of inst-create binding vfio leaves nothing" {
	local u before steps0 n k
	# How many steps a create binding vfio takes; inst_bind is the last.
	u=$(new_uuid)
	steps0=$(cat "$SIM_DEBUGFS/vdsa_sim1/steps")
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=1 binding=vfio >/dev/null
	n=$(($(cat "$SIM_DEBUGFS/vdsa_sim1/steps") - steps0))
	vdsa-nl inst-destroy uuid="$(hex "$u")" >/dev/null
	vdsa-nl dev-reset id="$ID" >/dev/null
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
	# An undone create moves the generation on (it never goes back).
	before=$(snapshot dsa1 | no_gen)

	for k in $(seq "$n"); do
		u=$(new_uuid)
		echo "$k" >"$SIM_DEBUGFS/vdsa_sim1/fail_step"
		run --separate-stderr vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" \
			wq-count=1 binding=vfio
		echo 0 >"$SIM_DEBUGFS/vdsa_sim1/fail_step"
		[ "$status" -ne 0 ] || { echo "step $k did not fail the create"; return 1; }
		[ -n "$(jq -r '.msg // empty' <<<"$stderr")" ]
		diff <(echo "$before") <(snapshot dsa1 | no_gen)
		assert_nothing_bound
		run inst_get "$u"
		[ "$status" -ne 0 ]
	done
}

@test "a provider failure at every step of destroying a vfio-bound instance leaves it bound" {
	two_wqs
	local u before n failed=0 fail=$SIM_DEBUGFS/vdsa_sim1/fail_step
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-id=0 wq-id=1 binding=vfio >/dev/null
	before=$(snapshot dsa1 | no_gen)
	for n in $(seq 1 50); do
		echo "$n" >"$fail"
		run --separate-stderr vdsa-nl inst-destroy uuid="$(hex "$u")"
		if [ "$(cat "$fail")" -ne 0 ]; then
			# Step n is past the last one: the destroy went through.
			echo 0 >"$fail"
			[ "$status" -eq 0 ]
			break
		fi
		[ "$status" -eq 5 ] || { echo "step $n: status $status $stderr"; return 1; }
		# Unbound for the destroy, bound again when it failed.
		[ "$(inst_field "$u" .state)" = bound-vfio ]
		[ "$(snapshot dsa1 | no_gen)" = "$before" ] || { echo "residue after step $n"; return 1; }
		[ "$(vfio_read "$u" | wq_table)" = "$TWO_WQS" ]
		failed=$((failed + 1))
	done
	[ "$failed" -ge 2 ]
	run inst_get "$u"
	[ "$status" -ne 0 ]
	assert_nothing_bound
}

@test "a failing step of an mdev pull create leaves nothing, not even the engine it took" {
	local u before steps0 n k fail=$SIM_DEBUGFS/vdsa_sim1/fail_step
	# No engine in any group: the default profile moves one into group 0.
	vdsa-nl dev-reset id="$ID" >/dev/null
	u=$(new_uuid)
	steps0=$(cat "$SIM_DEBUGFS/vdsa_sim1/steps")
	mdev_create 1 "$MDEV_PULL_TYPE" "$u"
	n=$(($(cat "$SIM_DEBUGFS/vdsa_sim1/steps") - steps0))
	mdev_remove "$u"
	vdsa-nl dev-reset id="$ID" >/dev/null
	before=$(snapshot dsa1 | no_gen)
	[ "$n" -ge 3 ]
	for k in $(seq "$n"); do
		u=$(new_uuid)
		echo "$k" >"$fail"
		run mdev_create 1 "$MDEV_PULL_TYPE" "$u"
		echo 0 >"$fail"
		[ "$status" -ne 0 ] || { echo "step $k did not fail the mdev create"; return 1; }
		diff <(echo "$before") <(snapshot dsa1 | no_gen)
		assert_nothing_bound
		run inst_get "$u"
		[ "$status" -ne 0 ]
	done
}
