#!/usr/bin/env bats
# Every allocation failure (fail-nth, on the debug kernel): for each
# mutating command and for device add and remove, the 1st, 2nd, ...
# allocation of the request fails until the request needs fewer. A failed
# request returns an error and changes nothing, sends no notification, and
# kmemleak (the debug lane's check after the run) finds nothing. Skipped on
# a kernel without fault injection; required on the debug kernel.

load lib
load bind
load failnth

U1=11111111-2222-4333-8444-555555555555
U1HEX=11111111222243338444555555555555

setup_file() {
	load_modules
	failnth_enable
}

teardown_file() {
	failnth_disable
	sim_del_all
	unload_modules
}

setup() {
	failnth_require
}

teardown() {
	kill "${MONITOR_PID:-}" 2>/dev/null || true
	sim_del_all
}

# ---- starting states -------------------------------------------------------

# The id of dsa1 (dev_id without jq: processes are dear here).
dsa1_id() {
	local out re='"id":([0-9]+),"name":"dsa1"'
	out=$(vdsa-nl -d dev-get)
	[[ $out =~ $re ]] || { echo "no dsa1 in: $out"; return 1; }
	ID=${BASH_REMATCH[1]}
}

# A fresh dsa1 with engine 0 in group 0.
fresh() {
	sim_del_all
	sim_new 1
	dsa1_id
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
}

with_enabled_wq() {
	fresh
	vdsa-nl wq-set dev-id="$ID" id=0 group-id=0 size=8 state=enabled >/dev/null
}

with_inst() {
	fresh
	vdsa-nl inst-create dev-id="$ID" uuid=$U1HEX wq-count=1 >/dev/null
}

with_inst_and_free_wq() {
	with_inst
	vdsa-nl wq-set dev-id="$ID" id=5 group-id=0 size=4 >/dev/null
}

with_inst_of_two() {
	fresh
	vdsa-nl inst-create dev-id="$ID" uuid=$U1HEX wq-count=2 >/dev/null
}

with_vfio_inst() {
	fresh
	vdsa-nl inst-create dev-id="$ID" uuid=$U1HEX wq-count=1 binding=vfio >/dev/null
}

# Bound to an mdev of the vdsa-inst type, and one the pull type made.
with_mdev_inst() {
	with_inst
	mdev_create 1 "$MDEV_INST_TYPE" $U1
}

with_pull_inst() {
	fresh
	mdev_create 1 "$MDEV_PULL_TYPE" $U1
}

no_device() {
	sim_del_all
}

# A device with work: an instance on vfio, one on mdev, an enabled WQ.
busy_device() {
	fresh
	vdsa-nl inst-create dev-id="$ID" uuid=$U1HEX wq-count=1 binding=vfio >/dev/null
	mdev_create 1 "$MDEV_PULL_TYPE" "$(new_uuid)"
	vdsa-nl wq-set dev-id="$ID" id=7 group-id=0 size=2 state=enabled >/dev/null
}

# ---- requests ------------------------------------------------------------------

req_wq_set() { nl_nth "$1" wq-set dev-id="$ID" id=0 group-id=0 size=8 priority=4 state=enabled; }
req_group_set() { nl_nth "$1" group-set dev-id="$ID" id=1 engines { id=1 id=2 }; }
req_config_set() {
	nl_nth "$1" dev-config-set id="$ID" group { id=0 engines { id=0 } } \
		group { id=1 engines { id=1 } } \
		wq { id=1 group-id=1 size=4 state=enabled } \
		wq { id=2 group-id=0 size=4 mode=shared threshold=2 state=enabled }
}
req_dev_reset() { nl_nth "$1" dev-reset id="$ID"; }
req_create() { nl_nth "$1" inst-create dev-id="$ID" uuid=$U1HEX name=vm1 wq-count=2 wq-profile { size=4 priority=3 }; }
# The kernel binds mdev through the mdev core: a UUID written to a type's
# create file (the pull type creates the instance too), and the mdev's
# remove file.
req_create_pull() { write_nth "$1" "$(mdev_types 1)/$MDEV_PULL_TYPE/create" $U1; }
req_bind_mdev() { write_nth "$1" "$(mdev_types 1)/$MDEV_INST_TYPE/create" $U1; }
req_mdev_remove() { write_nth "$1" /sys/bus/mdev/devices/$U1/remove 1; }
req_create_vfio() { nl_nth "$1" inst-create dev-id="$ID" uuid=$U1HEX wq-count=1 binding=vfio; }
req_destroy() { nl_nth "$1" inst-destroy uuid=$U1HEX; }
req_bind_vfio() { nl_nth "$1" inst-bind uuid=$U1HEX binding=vfio; }
req_unbind() { nl_nth "$1" inst-unbind uuid=$U1HEX; }
req_assign() { nl_nth "$1" inst-wq-assign uuid=$U1HEX wq-id=5; }
req_unassign() { nl_nth "$1" inst-wq-unassign uuid=$U1HEX wq-id=1; }
req_dev_add() { write_nth "$1" "$SIM_BUS/new_device" "1 wqs=8 engines=4 groups=4"; }
req_dev_remove() { write_nth "$1" "$SIM_BUS/del_device" 1; }

# In CI the debug lane sweeps two of the tests below
# (VDSA_FAILNTH_SWEEPS=ci, from tests/vm/debug-lane), the vfio create at
# every 5th allocation: the whole sweep takes well over half an hour
# there. VDSA_DEBUG_LANE=full sweeps them all, every allocation.
full_lane_only() {
	if [ "${VDSA_FAILNTH_SWEEPS:-all}" = ci ]; then
		skip "swept in the full debug lane only (VDSA_DEBUG_LANE=full)"
	fi
}

ci_stride() {
	if [ "${VDSA_FAILNTH_SWEEPS:-all}" = ci ]; then
		FNTH_STRIDE=5
	fi
}

# ---- the sweeps ------------------------------------------------------------------

@test "fail-nth: wq-set" {
	full_lane_only
	failnth_check wq-set fresh req_wq_set
}

@test "fail-nth: group-set" {
	full_lane_only
	failnth_check group-set fresh req_group_set
}

@test "fail-nth: dev-config-set" {
	failnth_check dev-config-set fresh req_config_set
}

@test "fail-nth: dev-reset" {
	full_lane_only
	failnth_check dev-reset with_enabled_wq req_dev_reset
}

@test "fail-nth: inst-create" {
	full_lane_only
	failnth_check inst-create fresh req_create
}

@test "fail-nth: an mdev of the pull type creates an instance" {
	full_lane_only
	failnth_check "mdev pull create" fresh req_create_pull
}

@test "fail-nth: inst-create binding vfio" {
	ci_stride
	failnth_check "inst-create vfio" fresh req_create_vfio
}

@test "fail-nth: inst-destroy, unbound and bound to vfio; removing a pull mdev" {
	full_lane_only
	failnth_check inst-destroy with_inst req_destroy
	failnth_check "inst-destroy vfio" with_vfio_inst req_destroy
	failnth_check "mdev pull remove" with_pull_inst req_mdev_remove
}

@test "fail-nth: inst-bind vfio, and an mdev of the vdsa-inst type" {
	full_lane_only
	failnth_check "mdev inst create" with_inst req_bind_mdev
	failnth_check "inst-bind vfio" with_inst req_bind_vfio
}

@test "fail-nth: inst-unbind from vfio, and removing a vdsa-inst mdev" {
	full_lane_only
	failnth_check "inst-unbind vfio" with_vfio_inst req_unbind
	failnth_check "mdev inst remove" with_mdev_inst req_mdev_remove
}

@test "fail-nth: inst-wq-assign and inst-wq-unassign" {
	full_lane_only
	failnth_check inst-wq-assign with_inst_and_free_wq req_assign
	failnth_check inst-wq-unassign with_inst_of_two req_unassign
}

# A device add whose mdev parent registration fails must not have been
# announced: vdsa_device_register() announces after every step that can
# fail (it once sent dev-add-ntf, then dev-del-ntf).
@test "fail-nth: device add and remove" {
	full_lane_only
	failnth_check "device add" no_device req_dev_add
	failnth_check "device remove" busy_device req_dev_remove
}
