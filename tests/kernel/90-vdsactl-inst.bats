#!/usr/bin/env bats
# vdsactl and libvdsa on vDSA instances, against the real kernel family on
# simulated devices: the operator's "done when" (a vDSA of two profiled WQs
# in one command, bound to vfio or mdev, read back through vfio exactly as
# asked, destroyed), bind/unbind both ways, wq assign/unassign, EBUSY while a
# VM holds the device, failure atomicity and --dry-run through the CLI (the
# instance and WQ lists are unchanged), events, and every JSON document
# validated against schemas/output/.

load lib
load vdsactl
load bind

setup_file() {
	load_modules
	vdsactl_setup_file
}

teardown_file() {
	sim_del_all
	unload_modules
}

setup() {
	# 4 groups, 4 engines, 8 WQs, 128 entries, shared WQs.
	sim_new 1
}

teardown() {
	hold_close || true
	[ -z "${MONITOR_PID:-}" ] || kill "$MONITOR_PID" 2>/dev/null || true
	sim_del_all
}

# validate SCHEMA: queue stdin (one document a line) for the last test.
validate() {
	local line
	while IFS= read -r line; do
		[ -n "$line" ] && printf '%s\t%s\t%s\n' "$1" "$BATS_TEST_DESCRIPTION" "$line" >>"$JSON_QUEUE"
	done
}

# show UUID: the instance object of "vdsactl -j vdsa show UUID" (queued).
show() {
	local doc
	doc=$(vdsactl -j vdsa show "$1") || return 1
	validate vdsas <<<"$doc"
	jq -c '.instances[0]' <<<"$doc"
}

# The state a failed or validate-only command must leave exactly as it was.
lists() {
	vdsactl -j vdsa list
	vdsactl -j wq list
	cat "$SIM_DEBUGFS/vdsa_sim1/hw"
	ls -A /sys/bus/vdsa/devices/ /sys/bus/mdev/devices/ 2>/dev/null
	vfio_nodes
}

# fails_with PART ARGS...: vdsactl ARGS exits 1, prints nothing on stdout,
# and stderr is one line "vdsactl: ..." containing PART.
fails_with() {
	local part=$1
	shift
	run --separate-stderr "$VDSACTL" "$@"
	if [ "$status" -ne 1 ] || [ -n "$output" ] || [[ "$stderr" != "vdsactl: "*"$part"* ]] ||
		[ "$(wc -l <<<"$stderr")" -ne 1 ]; then
		echo "vdsactl $*: status $status, stdout '$output', stderr '$stderr'"
		echo "expected exit 1 and 'vdsactl: ...$part...'"
		return 1
	fi
}

# profile_check UUID: the WQs as vfio shows them are the two WQs asked for.
profile_check() {
	local group table
	group=$(show "$1" | jq -er .vfio_group) || return 1
	[ -c "/dev/vfio/$group" ] || { echo "/dev/vfio/$group missing"; return 1; }
	table=$(vdsa-vfio-read "$group" "$1" | wq_table) || return 1
	if [ "$table" != '[["shared",8,4,5,false],["shared",8,4,5,false]]' ]; then
		echo "read back through vfio: $table"
		return 1
	fi
}

@test "done when (vfio): one command makes a vDSA of two profiled WQs; vfio reads back what was asked; destroy" {
	local u inst group doc
	u=$(vdsactl vdsa create dsa1 --wqs 2 --mode shared --size 8 --threshold 4 --priority 5 \
		--name vm1 --bind vfio)
	[[ $u =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]]
	inst=$(show "$u")
	[ "$(jq -r '[.state, .binding, .name, .device, (.wqs | length), .in_use] | @tsv' <<<"$inst")" = \
		"$(printf 'bound_vfio\tvfio\tvm1\tdsa1\t2\tfalse')" ]
	[ "$(jq -c '[.wqs[] | [.mode, .size, .threshold, .priority, .type, .state, .instance]] | unique' <<<"$inst")" = \
		"[[\"shared\",8,4,5,\"vdsa\",\"enabled\",\"$u\"]]" ]
	group=$(jq -r .vfio_group <<<"$inst")
	[ "$(jq -r .vfio_group_path <<<"$inst")" = "/dev/vfio/$group" ]
	[ -d "/sys/bus/vdsa/devices/$u" ]
	# libvdsa builds the paths from the UUID: the kernel sends none.
	[ "$(jq -r .device_path <<<"$inst")" = "/sys/bus/vdsa/devices/$u" ]
	[ "$(jq -r .sysfs_path <<<"$inst")" = "/sys/bus/vdsa/devices/$u" ]
	profile_check "$u"
	# Text: the record names the binding and the WQs.
	run vdsactl vdsa show "$u"
	[ "$status" -eq 0 ]
	[[ "$output" == *"state "*"bound_vfio"* && "$output" == *"vfio_group_path "*"/dev/vfio/$group"* ]]
	[[ "$output" == *"NAME"*"wq1."* ]]
	run vdsactl vdsa list
	[[ "$output" == "UUID"*"$u  dsa1"*"bound_vfio"* ]]

	run vdsactl vdsa destroy "$u"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ ! -e "/sys/bus/vdsa/devices/$u" ]
	[ ! -e "/dev/vfio/$group" ]
	[ "$(vdsactl -j vdsa list)" = '{"version":1,"instances":[]}' ]
	# The WQs are free again: disabled, size 0, no owner.
	doc=$(vdsactl -j wq list dsa1)
	validate wqs <<<"$doc"
	[ "$(vdsactl -j wq list dsa1 | jq -c '[.wqs[] | select(.size != 0 or .state != "disabled" or .instance)] | length')" = 0 ]
	fails_with "vdsa show $u: no such vDSA instance" vdsa show "$u"
	fails_with "vdsa destroy $u: no such vDSA instance" vdsa destroy "$u"
}

@test "done when (mdev): the same through an mdev of the vdsa-inst type; destroy removes the mdev" {
	local u inst
	u=$(vdsactl vdsa create dsa1 --wqs 2 --mode shared --size 8 --threshold 4 --priority 5 \
		--bind mdev)
	[ -d "/sys/bus/mdev/devices/$u" ]
	inst=$(show "$u")
	[ "$(jq -r '[.state, .binding, .mdev_path, .device_path] | @tsv' <<<"$inst")" = \
		"$(printf 'bound_mdev\tmdev\t/sys/bus/mdev/devices/%s\t/sys/bus/mdev/devices/%s' "$u" "$u")" ]
	[ "$(jq -r .mdev_type <<<"$inst")" = "$MDEV_INST_TYPE" ]
	profile_check "$u"
	run vdsactl vdsa destroy "$u"
	[ "$status" -eq 0 ]
	[ ! -e "/sys/bus/mdev/devices/$u" ]
	[ ! -e "/sys/bus/vdsa/devices/$u" ]
	assert_nothing_bound
	[ "$(vdsactl -j vdsa list)" = '{"version":1,"instances":[]}' ]
}

@test "bind and unbind both ways; the desired state is success; a UUID given is kept" {
	local u=0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b group doc
	run vdsactl vdsa create dsa1 --uuid "$u" --wqs 1
	[ "$status" -eq 0 ]
	[ "$output" = "$u" ]
	[ "$(show "$u" | jq -r '[.state, has("binding"), has("vfio_group")] | @tsv')" = "$(printf 'created\tfalse\tfalse')" ]
	# The default profile: dedicated, size 16, priority 10.
	[ "$(show "$u" | jq -c '[.wqs[0] | .mode, .size, .priority, has("threshold")]')" = '["dedicated",16,10,false]' ]
	run vdsactl vdsa unbind "$u"
	[ "$status" -eq 0 ]

	vdsactl vdsa bind "$u" vfio
	group=$(show "$u" | jq -r .vfio_group)
	[ -c "/dev/vfio/$group" ]
	vdsactl vdsa bind "$u" vfio
	fails_with "vdsa bind $u mdev: " vdsa bind "$u" mdev
	doc=$(vdsactl -j vdsa unbind "$u")
	validate vdsas <<<"$doc"
	[ ! -e "/dev/vfio/$group" ]
	[ "$(show "$u" | jq -r .state)" = created ]

	doc=$(vdsactl -j vdsa bind "$u" mdev)
	validate vdsas <<<"$doc"
	[ -d "/sys/bus/mdev/devices/$u" ]
	[ "$(show "$u" | jq -r .state)" = bound_mdev ]
	vdsactl vdsa bind "$u" mdev
	vdsactl vdsa unbind "$u"
	[ ! -e "/sys/bus/mdev/devices/$u" ]
	[ "$(show "$u" | jq -r .state)" = created ]
	# A second create with the same UUID: EEXIST, nothing changes.
	local before
	before=$(lists)
	fails_with "vdsa create dsa1: File exists" vdsa create dsa1 --uuid "$u"
	[ "$(lists)" = "$before" ]
	vdsactl vdsa destroy "$u"
}

@test "failure atomicity: ENOSPC, a bad profile, a WQ in use leave the lists unchanged, explained" {
	local u before
	u=$(vdsactl vdsa create dsa1 --wqs 1 --size 8)
	before=$(lists)
	# 2 x 100 entries do not fit in 128.
	fails_with "vdsa create dsa1: No space left on device" vdsa create dsa1 --wqs 2 --size 100 --bind vfio
	[ "$(lists)" = "$before" ]
	# 9 WQs on a device of 8.
	fails_with "vdsa create dsa1: " vdsa create dsa1 --wqs 9 --size 1 --bind mdev
	[ "$(lists)" = "$before" ]
	# A threshold above the size; a threshold on a dedicated WQ.
	fails_with "vdsa create dsa1: Invalid argument" vdsa create dsa1 --wqs 2 --mode shared --size 4 --threshold 8
	[ "$(lists)" = "$before" ]
	fails_with "vdsa create dsa1: Invalid argument" vdsa create dsa1 --wqs 2 --mode dedicated --threshold 4 --bind mdev
	[ "$(lists)" = "$before" ]
	# A group the device does not have.
	fails_with "vdsa create dsa1: " vdsa create dsa1 --wqs 1 --group 9
	[ "$(lists)" = "$before" ]
	# A WQ that another instance owns, and one that is not configured.
	local owned
	owned=$(show "$u" | jq -r '.wqs[0].id')
	fails_with "vdsa create dsa1: " vdsa create dsa1 --wq "$owned"
	[ "$(lists)" = "$before" ]
	fails_with "vdsa create dsa1: " vdsa create dsa1 --wq 7
	[ "$(lists)" = "$before" ]
	# The instance's WQ refuses other changes.
	fails_with "belongs to vDSA instance" wq set "dsa1:$owned" --disable --priority 3
	[ "$(lists)" = "$before" ]
	fails_with "vdsa create nosuch: no such device" vdsa create nosuch
	vdsactl vdsa destroy "$u"
}

@test "--dry-run changes nothing, and says whether the change would work" {
	local u before doc
	u=$(vdsactl vdsa create dsa1 --wqs 1)
	before=$(lists)
	run vdsactl --dry-run vdsa create dsa1 --wqs 2 --mode shared --size 8 --threshold 4 --bind vfio
	[ "$status" -eq 0 ]
	[[ $output =~ ^[0-9a-f-]{36}$ ]]
	[ "$(vdsactl --dry-run -j vdsa create dsa1 --wqs 2 --bind mdev)" = '{"version":1,"instances":[]}' ]
	vdsactl --dry-run vdsa bind "$u" vfio
	vdsactl --dry-run vdsa bind "$u" mdev
	# The instance the destroy would take.
	doc=$(vdsactl --dry-run -j vdsa destroy "$u")
	validate vdsas <<<"$doc"
	[ "$(jq -r '.instances[0].uuid' <<<"$doc")" = "$u" ]
	[ "$(lists)" = "$before" ]
	fails_with "vdsa create dsa1: No space left on device" --dry-run vdsa create dsa1 --wqs 2 --size 100
	[ "$(lists)" = "$before" ]
	# Bound: the dry runs of unbind and destroy change nothing either.
	vdsactl vdsa bind "$u" mdev
	before=$(lists)
	vdsactl --dry-run vdsa unbind "$u"
	vdsactl --dry-run vdsa destroy "$u"
	[ "$(lists)" = "$before" ]
	vdsactl vdsa destroy "$u"
	assert_nothing_bound
}

@test "wq assign and unassign move a configured WQ in and out of an unbound instance" {
	local u wq doc
	u=$(vdsactl vdsa create dsa1 --wqs 1 --size 8)
	wq=$(vdsactl wq create dsa1 --size 8)
	# An enabled WQ of another type may have clients: disable it first.
	fails_with "wq assign $wq $u: Device or resource busy: wq ${wq#wq1.} is enabled with another type; disable it first" \
		wq assign "$wq" "$u"
	vdsactl wq disable "$wq"
	doc=$(vdsactl -j wq assign "$wq" "$u")
	validate wqs <<<"$doc"
	[[ "$doc" == *"\"type\":\"vdsa\""*"\"instance\":\"$u\""* ]]
	[ "$(show "$u" | jq '.wqs | length')" = 2 ]
	# Assigning it again: already so, success.
	vdsactl wq assign "$wq" "$u"
	doc=$(vdsactl -j wq unassign "$wq")
	validate wqs <<<"$doc"
	[[ "$doc" != *instance* ]]
	[ "$(show "$u" | jq '.wqs | length')" = 1 ]
	vdsactl wq unassign "$wq"
	# The last WQ of an instance stays.
	local last
	last=$(show "$u" | jq -r .wqs[0].name)
	fails_with "wq unassign $last: " wq unassign "$last"
	# A bound instance takes no WQ.
	vdsactl vdsa bind "$u" vfio
	fails_with "wq assign $wq $u: " wq assign "$wq" "$u"
	vdsactl vdsa destroy "$u"
	vdsactl wq destroy "$wq"
}

@test "EBUSY while a VM holds the vfio device: destroy and unbind refuse and change nothing" {
	local u group before
	u=$(vdsactl vdsa create dsa1 --wqs 2 --mode shared --size 8 --threshold 4 --priority 5 --bind vfio)
	group=$(show "$u" | jq -r .vfio_group)
	hold_open "$group" "$u"
	[ "$(show "$u" | jq -r .in_use)" = true ]
	before=$(lists)
	fails_with "vdsa destroy $u: Device or resource busy" vdsa destroy "$u"
	fails_with "vdsa unbind $u: Device or resource busy" vdsa unbind "$u"
	[ "$(lists)" = "$before" ]
	hold_close
	vdsactl vdsa destroy "$u"
	assert_nothing_bound

	# The same through an mdev: its remove would wait for the VM, so no.
	u=$(vdsactl vdsa create dsa1 --wqs 1 --bind mdev)
	group=$(show "$u" | jq -r .vfio_group)
	hold_open "$group" "$u"
	before=$(lists)
	fails_with "vdsa destroy $u: Device or resource busy" vdsa destroy "$u"
	fails_with "vdsa unbind $u: Device or resource busy" vdsa unbind "$u"
	[ "$(lists)" = "$before" ]
	hold_close
	vdsactl vdsa destroy "$u"
	assert_nothing_bound
}

@test "create --wq takes configured WQs by id, wqN.M and DEV:ID; list DEV; -j create" {
	local a b c u v doc
	a=$(vdsactl wq create dsa1 --size 8 --type vdsa)
	b=$(vdsactl wq create dsa1 --size 8 --type vdsa)
	c=$(vdsactl wq create dsa1 --size 8 --type vdsa)
	doc=$(vdsactl -j vdsa create dsa1 --wq "${a#wq1.}" --wq "$b" --wq "dsa1:${c#wq1.}")
	validate vdsas <<<"$doc"
	u=$(jq -r '.instances[0].uuid' <<<"$doc")
	[ "$(jq -c '[.instances[0].wqs[].name]' <<<"$doc")" = "[\"$a\",\"$b\",\"$c\"]" ]
	[ "$(show "$u" | jq -r .state)" = created ]
	# A second device: list DEV shows only that device's instances.
	sim_new 2
	v=$(vdsactl vdsa create dsa2 --wqs 1)
	[ "$(vdsactl -j vdsa list dsa1 | jq -r '[.instances[].uuid] | join(" ")')" = "$u" ]
	[ "$(vdsactl -j vdsa list dsa2 | jq -r '[.instances[].uuid] | join(" ")')" = "$v" ]
	[ "$(vdsactl -j vdsa list | jq '.instances | length')" = 2 ]
	vdsactl vdsa destroy "$u"
	vdsactl vdsa destroy "$v"
	[ "$(vdsactl -j vdsa list)" = '{"version":1,"instances":[]}' ]
}

@test "monitor -j reports instances created, changed and destroyed" {
	local out=$BATS_TEST_TMPDIR/events u i
	# The binary itself, not the vdsactl function: a subshell would get the
	# kill below, and the monitor, still holding bats' output open, would
	# hang the suite after its last test.
	"$VDSACTL" -j monitor dsa1 --ready-file "$out.ready" >"$out" 2>"$out.err" 3>&- &
	MONITOR_PID=$!
	for i in $(seq 100); do
		[ -e "$out.ready" ] && break
		sleep 0.05
	done
	u=$(vdsactl vdsa create dsa1 --wqs 1)
	vdsactl vdsa bind "$u" vfio
	vdsactl vdsa destroy "$u"
	for i in $(seq 100); do
		grep -q '"event":"inst_del"' "$out" && break
		sleep 0.1
	done
	kill "$MONITOR_PID"
	wait "$MONITOR_PID" || true
	MONITOR_PID=
	validate event <"$out"
	grep -q "\"event\":\"inst_add\",\"device\":\"dsa1\".*\"instance\":\"$u\"" "$out"
	grep -q "\"event\":\"inst_change\",\"device\":\"dsa1\".*\"instance\":\"$u\"" "$out"
	grep -q "\"event\":\"inst_del\",\"device\":\"dsa1\".*\"instance\":\"$u\"" "$out"
}

@test "every JSON document printed above validates against its schema" {
	[ -s "$JSON_QUEUE" ] || skip "no JSON queued (tests filtered out)"
	run validate_json_queue
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"vdsas "*" valid; 0 invalid" ]]
}
