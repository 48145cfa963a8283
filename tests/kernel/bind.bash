# Helpers for the binding suites (85-bind.bats, 86-mdevctl.bats): UUIDs,
# instances, mdev types and holding a vfio device open.

# new_uuid: a fresh random UUID, dashed lower case.
new_uuid() {
	cat /proc/sys/kernel/random/uuid
}

# hex UUID: the 32 hex digits vdsa-nl takes and prints for a binary UUID.
hex() {
	echo "${1//-/}"
}

# inst_get UUID: the instance's inst-get reply (fails if there is none).
inst_get() {
	vdsa-nl inst-get uuid="$(hex "$1")"
}

# inst_field UUID JQ-FILTER
inst_field() {
	inst_get "$1" | jq -er "$2"
}

# mdev_types SIM-ID: the sim device's mdev_supported_types directory.
mdev_types() {
	echo "/sys/class/mdev_bus/vdsa_sim$1/mdev_supported_types"
}

MDEV_INST_TYPE=vdsa_sim-vdsa-inst
MDEV_PULL_TYPE=vdsa_sim-vdsa-pull

# mdev_create SIM-ID TYPE UUID / mdev_remove UUID
mdev_create() {
	echo "$3" >"$(mdev_types "$1")/$2/create"
}

mdev_remove() {
	echo 1 >"/sys/bus/mdev/devices/$1/remove"
}

mdev_available() {
	cat "$(mdev_types "$1")/$2/available_instances"
}

# iommu_group DEVICE-SYSFS-PATH: N of /dev/vfio/N for a vfio device.
iommu_group() {
	local link
	link=$(readlink "$1/iommu_group") || return 1
	echo "${link##*/}"
}

# vfio_read UUID: read the instance through vfio at the group inst-get
# reports; prints vdsa-vfio-read's JSON.
vfio_read() {
	local group
	group=$(inst_field "$1" .vfio_group) || return 1
	vdsa-vfio-read "$group" "$1"
}

# The guest-visible WQ table, compact, for comparisons.
wq_table() {
	jq -c '[.wqs[] | [.mode, .size, .threshold, .priority, .privileged]]'
}

# hold_open GROUP DEVICE: keep the vfio device open (as a VM would) until
# hold_close; waits until it is open.
hold_open() {
	local fifo=$BATS_TEST_TMPDIR/hold.fifo i
	HOLD_OUT=$BATS_TEST_TMPDIR/hold.json
	rm -f "$fifo" "$HOLD_OUT"
	mkfifo "$fifo"
	vdsa-vfio-read --hold "$1" "$2" <"$fifo" >"$HOLD_OUT" 2>&1 &
	HOLD_PID=$!
	exec {HOLD_FD}>"$fifo"
	for i in $(seq 200); do
		[ -s "$HOLD_OUT" ] && break
		sleep 0.05
	done
	if ! jq -e .vendor "$HOLD_OUT" >/dev/null 2>&1; then
		echo "vdsa-vfio-read --hold did not open the device: $(cat "$HOLD_OUT")"
		return 1
	fi
}

hold_close() {
	[ -n "${HOLD_PID:-}" ] || return 0
	exec {HOLD_FD}>&-
	wait "$HOLD_PID"
	local rc=$?
	HOLD_PID=
	return $rc
}

# Every vfio group node but the container.
vfio_nodes() {
	local n
	for n in /dev/vfio/*; do
		[ "${n##*/}" = vfio ] || echo "${n##*/}"
	done
}

# No instance, mdev or vfio group of ours is left anywhere.
assert_nothing_bound() {
	local left
	left=$(ls -A /sys/bus/vdsa/devices/ 2>/dev/null
		ls -A /sys/bus/mdev/devices/ 2>/dev/null
		vfio_nodes)
	if [ -n "$left" ]; then
		echo "left behind: $left"
		return 1
	fi
}
