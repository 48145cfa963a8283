#!/usr/bin/env bats
# Debian's unmodified mdevctl (1.2.0) on vdsa's mdev types. The VM's root
# is the host's, read-only: mdevctl only reads /etc/mdevctl.d (which must
# exist with scripts.d/{callouts,notifiers}) for types, start, list and
# stop of transient devices, so nothing is mounted over it.

load lib
load bind

setup_file() {
	load_modules
	command -v mdevctl >/dev/null || skip "mdevctl is not installed"
	[ -d /etc/mdevctl.d/scripts.d/callouts ] || skip "/etc/mdevctl.d is not set up"
}

teardown_file() {
	sim_del_all
	unload_modules
}

setup() {
	command -v mdevctl >/dev/null || skip "mdevctl is not installed"
	sim_new 1
	ID=$(dev_id dsa1)
	vdsa-nl group-set dev-id="$ID" id=0 engines { id=0 } >/dev/null
}

teardown() {
	sim_del_all
}

# mdevctl_type TYPE FIELD: a field of one type of vdsa_sim1 in mdevctl's view.
mdevctl_type() {
	mdevctl types --dumpjson |
		jq -er --arg t "$1" --arg f "$2" \
			'.[] | .vdsa_sim1 // empty | .[] | .[$t] // empty | .[$f]'
}

@test "mdevctl types lists both types with their capacity and vfio-pci" {
	local u
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=1 >/dev/null
	[ "$(mdevctl_type "$MDEV_INST_TYPE" available_instances)" -eq 1 ]
	[ "$(mdevctl_type "$MDEV_INST_TYPE" device_api)" = vfio-pci ]
	[ "$(mdevctl_type "$MDEV_PULL_TYPE" available_instances)" = \
		"$(mdev_available 1 "$MDEV_PULL_TYPE")" ]
	[ "$(mdevctl_type "$MDEV_PULL_TYPE" device_api)" = vfio-pci ]
	[[ "$(mdevctl_type "$MDEV_PULL_TYPE" description)" == *dedicated* ]]
	# The text form names the parent and both types.
	run mdevctl types
	[ "$status" -eq 0 ]
	[[ "$output" == *vdsa_sim1* ]]
	[[ "$output" == *"$MDEV_INST_TYPE"* ]]
	[[ "$output" == *"$MDEV_PULL_TYPE"* ]]
}

@test "mdevctl start, list and stop on the pull type create and destroy an instance" {
	local u
	u=$(new_uuid)
	mdevctl start -p vdsa_sim1 -t "$MDEV_PULL_TYPE" -u "$u"
	[ "$(inst_field "$u" '[.state, .pull] | @tsv')" = "$(printf 'bound-mdev\t1')" ]
	[ "$(mdevctl list --dumpjson |
		jq -r --arg u "$u" '.[] | .vdsa_sim1 // empty | .[] | .[$u] // empty | .mdev_type')" = \
		"$MDEV_PULL_TYPE" ]
	run mdevctl list
	[[ "$output" == *"$u vdsa_sim1 $MDEV_PULL_TYPE"* ]]
	[ "$(vfio_read "$u" | jq -r '.wqs[0].mode')" = dedicated ]

	mdevctl stop -u "$u"
	run inst_get "$u"
	[ "$status" -ne 0 ]
	[ ! -e "/sys/bus/mdev/devices/$u" ]
	run mdevctl list
	[ "$status" -eq 0 ]
	[[ "$output" != *"$u"* ]]
}

@test "mdevctl start and stop on the vdsa-inst type bind and unbind a created instance" {
	local u
	u=$(new_uuid)
	vdsa-nl inst-create dev-id="$ID" uuid="$(hex "$u")" wq-count=2 >/dev/null
	mdevctl start -p vdsa_sim1 -t "$MDEV_INST_TYPE" -u "$u"
	[ "$(inst_field "$u" .state)" = bound-mdev ]
	[ -d "/sys/bus/mdev/devices/$u" ]
	run mdevctl list
	[[ "$output" == *"$u vdsa_sim1 $MDEV_INST_TYPE"* ]]
	[ "$(mdevctl_type "$MDEV_INST_TYPE" available_instances)" -eq 0 ]
	[ "$(vfio_read "$u" | jq '.wqs | length')" -eq 2 ]

	mdevctl stop -u "$u"
	[ "$(inst_field "$u" .state)" = created ]
	[ "$(mdevctl_type "$MDEV_INST_TYPE" available_instances)" -eq 1 ]

	# A UUID that is no instance of the device: mdevctl reports the failure.
	run mdevctl start -p vdsa_sim1 -t "$MDEV_INST_TYPE" -u "$(new_uuid)"
	[ "$status" -ne 0 ]
	[ -z "$(ls -A /sys/bus/mdev/devices)" ]
}
