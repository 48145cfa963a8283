#!/usr/bin/env bats
# vdsactl against the real kernel family on simulated devices: every command
# and option, text and JSON (validated against schemas/output/), every error
# class, idempotence, --dry-run, monitor, concurrent creates, permissions,
# completion, valgrind.
#
# Under TCG a fork costs ~30 ms, jq ~0.7 s and python with jsonschema ~4 s:
# assertions on vdsactl's JSON are string matches (its output is compact and
# its key order fixed), and every document is queued and validated against
# its schema at once by the last test.

load lib
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
	ID=$(kernel_id dsa1)
}

teardown() {
	[ -z "${MONITOR_PID:-}" ] || kill "$MONITOR_PID" 2>/dev/null || true
	[ -z "${MONITOR2_PID:-}" ] || kill "$MONITOR2_PID" 2>/dev/null || true
	sim_del_all
}

# kernel_id DEV: the kernel's id of DEV, without jq.
kernel_id() {
	local out
	out=$(vdsactl -j dev show "$1") || return 1
	[[ $out =~ \"id\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}

# validate SCHEMA: queues each line of stdin (one JSON document, or one
# indented one) for the last test to check against schemas/output/SCHEMA.json.
validate() {
	local doc
	doc=$(cat)
	[ -n "$doc" ] || { echo "validate $1: no JSON"; return 1; }
	if [ "$1" = event ]; then
		local line
		while IFS= read -r line; do
			printf '%s\t%s\t%s\n' "$1" "$BATS_TEST_DESCRIPTION" "$line" >>"$JSON_QUEUE"
		done <<<"$doc"
	else
		# Whitespace between tokens is free: an indented document joins into one line.
		printf '%s\t%s\t%s\n' "$1" "$BATS_TEST_DESCRIPTION" "${doc//$'\n'/ }" >>"$JSON_QUEUE"
	fi
}

# has FRAGMENT...: $output contains every FRAGMENT.
has() {
	local f
	for f in "$@"; do
		[[ "$output" == *"$f"* ]] || { echo "no '$f' in: $output"; return 1; }
	done
}

# count FRAGMENT: how often $output contains FRAGMENT.
count() {
	local rest=${output//"$1"/}
	echo $(((${#output} - ${#rest}) / ${#1}))
}

# expect STATUS STDERR-PART ARGS...: vdsactl exits with STATUS, prints nothing
# on stdout and says STDERR-PART ("" demands silence) on stderr.
expect() {
	local want=$1 part=$2
	shift 2
	run --separate-stderr "$VDSACTL" "$@"
	if [ "$status" -ne "$want" ] || [ -n "$output" ] ||
		{ [ -n "$part" ] && [[ "$stderr" != *"$part"* ]]; } ||
		{ [ -z "$part" ] && [ -n "$stderr" ]; }; then
		echo "vdsactl $*: status $status (want $want)"
		echo "stdout: $output"
		echo "stderr: $stderr (want '$part')"
		return 1
	fi
}

# Everything the kernel and vdsactl report: equal iff nothing changed.
state() {
	vdsa-nl -d dev-get
	vdsa-nl -d group-get
	vdsa-nl -d engine-get
	vdsa-nl -d wq-get
	cat "$SIM_DEBUGFS"/vdsa_sim*/hw
	vdsactl -j wq list
	vdsactl -j group list
}

# The JSON of a free WQ after its name, device and id.
FREE_WQ='"state":"disabled","oper_state":"disabled","mode":"dedicated","size":0,"priority":1,"type":"none","privileged":false,"block_on_fault":false,"ats_disable":false,"max_transfer_size":2147483648,"max_batch_size":1024}'

@test "dev list and dev show: tables, records and JSON" {
	sim_new 2 wqs=3 shared=0 engines=2
	run --separate-stderr vdsactl dev list
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "${lines[0]}" =~ ^NAME\ +ID\ +BUS\ +PARENT\ +GEN\ +STATE\ +GROUPS\ +ENGINES\ +WQS\ +ENABLED\ +WQ-SIZE\ +USED\ +CAPS$ ]]
	[[ "${lines[1]}" =~ ^dsa1\ +$ID\ +vdsa_sim\ +vdsa_sim1\ +[0-9]+\ +ok\ +4\ +4\ +8\ +0\ +128\ +0\ +shared_wq,block_on_fault,ats$ ]]
	[[ "${lines[2]}" =~ ^dsa2\ .*\ ok\ +4\ +2\ +3\ +0\ +128\ +0\ +block_on_fault,ats$ ]]
	[ "${#lines[@]}" -eq 3 ]

	run vdsactl -j dev list
	[ "$status" -eq 0 ]
	validate devices <<<"$output"
	[[ "$output" == '{"version":1,"devices":[{"name":"dsa1","id":'"$ID"',"parent_bus":"vdsa_sim","parent_dev":"vdsa_sim1","generation":'* ]]
	# degraded_reason only while degraded.
	[ "$(count '"degraded_reason":')" -eq 0 ]
	has '"oper_state":"ok","hw_version":256,"caps":{"shared_wq":true,"block_on_fault":true,"ats":true},"max_groups":4,"max_engines":4,"max_wqs":8,"max_wq_size":128,"wq_size_used":0,"wqs_enabled":0,"max_transfer_size":2147483648,"max_batch_size":1024,"max_read_buffers":96,"op_cap":"00000000000000000000000000000000000000000000000000000001003f03ff","engines":[{"id":0},{"id":1},{"id":2},{"id":3}]}' \
		'{"name":"dsa2",' '"caps":{"shared_wq":false,"block_on_fault":true,"ats":true},"max_groups":4,"max_engines":2,"max_wqs":3,' \
		'"engines":[{"id":0},{"id":1}]}]}'

	run --separate-stderr vdsactl dev show dsa1
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^name\ +dsa1$ ]]
	has $'\noper_state         ok\nhw_version         0x100\n' $'\ncaps               shared_wq,block_on_fault,ats\n' \
		$'\nengines            id=0, id=1, id=2, id=3'
	# The kernel id names the same device.
	[ "$(vdsactl dev show "$ID")" = "$output" ]
	run vdsactl -j dev show dsa2
	validate devices <<<"$output"
	[[ "$output" == '{"version":1,"devices":[{"name":"dsa2",'*'}]}' ]]
	[ "$(count '"name":')" -eq 1 ]
	run vdsactl -p dev show dsa2
	[ "${#lines[@]}" -gt 20 ]
	validate devices <<<"$output"

	expect 1 "vdsactl: dev show dsa9: no such device" dev show dsa9
	expect 1 "vdsactl: dev show 4242: no such device" dev show 4242
	expect 2 'dev show: unexpected argument "dsa2"' dev show dsa1 dsa2
	# An empty list is still the document.
	sim_del_all
	run vdsactl -j dev list
	[ "$output" = '{"version":1,"devices":[]}' ]
	validate devices <<<"$output"
	[ "$(vdsactl dev list)" = "NAME  ID  BUS  PARENT  GEN  STATE  GROUPS  ENGINES  WQS  ENABLED  WQ-SIZE  USED  CAPS" ]
}

@test "a bare wq create works on a fresh device; more creates pick other WQs" {
	run --separate-stderr vdsactl wq create dsa1
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = wq1.0 ]
	[ "$(vdsactl wq create dsa1)" = wq1.1 ]
	[ "$(vdsactl wq create "$ID" --mode shared)" = wq1.2 ]

	run vdsactl -j wq list dsa1
	validate wqs <<<"$output"
	has '{"version":1,"wqs":[{"name":"wq1.0","device":"dsa1","id":0,"state":"enabled","oper_state":"enabled","mode":"dedicated","size":16,"group":0,"priority":10,"type":"user","privileged":false,"block_on_fault":false,"ats_disable":false,"max_transfer_size":2147483648,"max_batch_size":1024},{"name":"wq1.1",' \
		'{"name":"wq1.2","device":"dsa1","id":2,"state":"enabled","oper_state":"enabled","mode":"shared","size":16,"threshold":16,"group":0,' \
		'{"name":"wq1.3","device":"dsa1","id":3,'"$FREE_WQ"
	[ "$(count '"name":')" -eq 8 ]
	[ "$(count '"state":"enabled"')" -eq 3 ]
	# What the kernel holds: engine 0 joined group 0 in the same request.
	run vdsa-nl -d group-get dev-id="$ID"
	has '"id":0,"engines":[0],'
	run vdsa-nl wq-get dev-id="$ID" id=0
	has '"group_id":0,' '"size":16,' '"state":"enabled"'

	run vdsactl wq list dsa1
	[[ "${lines[0]}" =~ ^NAME\ +DEVICE\ +STATE\ +MODE\ +SIZE\ +THRESHOLD\ +GROUP\ +PRIORITY\ +TYPE\ +WQ-NAME$ ]]
	[[ "${lines[1]}" =~ ^wq1.0\ +dsa1\ +enabled\ +dedicated\ +16\ +-\ +0\ +10\ +user\ +-$ ]]
	[[ "${lines[3]}" =~ ^wq1.2\ +dsa1\ +enabled\ +shared\ +16\ +16\ +0\ +10\ +user\ +-$ ]]
	[[ "${lines[4]}" =~ ^wq1.3\ +dsa1\ +disabled\ +dedicated\ +0\ +-\ +-\ +1\ +none\ +-$ ]]
	[ "${#lines[@]}" -eq 9 ]

	run vdsactl wq show wq1.2
	[[ "${lines[0]}" =~ ^name\ +wq1.2$ ]]
	has $'\nthreshold          16\n' $'\nprivileged         no\n'
	[ "$(vdsactl wq show dsa1:2)" = "$output" ]
	[ "$(vdsactl wq show "$ID:2")" = "$output" ]
	run vdsactl -j wq show wq1.2
	validate wqs <<<"$output"
	[[ "$output" == '{"version":1,"wqs":[{"name":"wq1.2",'*'}]}' ]]
	[[ "$(vdsactl -j wq list)" == *"${output:20:-2}"* ]]

	run vdsactl -j group list dsa1
	validate groups <<<"$output"
	has '{"version":1,"groups":[{"name":"group1.0","device":"dsa1","id":0,"engines":[0],"read_buffers_reserved":0,"read_buffers_allowed":96,"wqs":["wq1.0","wq1.1","wq1.2"]},{"name":"group1.1","device":"dsa1","id":1,"engines":[],"read_buffers_reserved":0,"read_buffers_allowed":96,"wqs":[]}'
	run vdsactl -j dev show dsa1
	has '"wq_size_used":48,"wqs_enabled":3,' '"engines":[{"id":0,"group":0},{"id":1},'
}

@test "wq create with every option, --wq, sizes, engines, and the kernel's refusals" {
	run --separate-stderr vdsactl -j wq create dsa1 --mode shared --size 32 --threshold 28 \
		--priority 5 --privileged --block-on-fault --ats-disable --group 1 --type kernel \
		--name app1 --max-transfer-size 16384 --max-batch-size 32
	[ "$status" -eq 0 ]
	validate wqs <<<"$output"
	[ "$output" = '{"version":1,"wqs":[{"name":"wq1.0","device":"dsa1","id":0,"state":"enabled","oper_state":"enabled","mode":"shared","size":32,"threshold":28,"group":1,"priority":5,"type":"kernel","wq_name":"app1","privileged":true,"block_on_fault":true,"ats_disable":true,"max_transfer_size":16384,"max_batch_size":32}]}' ]
	# --no-* flags; group 1 has engine 0 now, group 0 gets the next free one.
	run vdsactl -j wq create dsa1 --wq 5 --no-privileged --no-block-on-fault --no-ats-disable
	has '"name":"wq1.5",' '"group":0,' '"privileged":false,"block_on_fault":false,"ats_disable":false'
	run vdsactl -j group list dsa1
	has '"name":"group1.0","device":"dsa1","id":0,"engines":[1],' '"name":"group1.1","device":"dsa1","id":1,"engines":[0],'
	expect 1 "vdsactl: wq create dsa1: wq1.5 is not free (vdsactl wq destroy wq1.5)" \
		wq create dsa1 --wq 5
	expect 1 "vdsactl: wq create dsa1: --wq: dsa1 has no WQ 8" wq create dsa1 --wq 8
	# 48 of 128 entries used: 70 more, then the 10 left, then nothing.
	[ "$(vdsactl wq create dsa1 --size 70)" = wq1.1 ]
	run vdsactl -j wq create dsa1
	has '"name":"wq1.2",' '"size":10,'
	expect 1 "vdsactl: wq create dsa1: no free WQ size on dsa1" wq create dsa1
	expect 1 "vdsactl: wq create dsa1: No space left on device: total WQ size exceeds the device's max-wq-size (attribute wq[3].size)" \
		wq create dsa1 --size 1

	sim_new 2 wqs=1 groups=2 engines=1
	[ "$(vdsactl wq create dsa2 --size 4)" = wq2.0 ]
	expect 1 "vdsactl: wq create dsa2: no free WQ on dsa2" wq create dsa2
	vdsactl wq destroy wq2.0
	expect 1 "vdsactl: wq create dsa2: group2.1 has no engine and every engine of dsa2 is in another group" \
		wq create dsa2 --group 1
	expect 1 "vdsactl: wq create dsa2: Invalid argument: group-id exceeds the device's max-groups" \
		wq create dsa2 --group 7

	sim_new 3 shared=0
	expect 1 "vdsactl: wq create dsa3: Operation not supported: device does not support shared WQs (attribute wq[0].mode)" \
		wq create dsa3 --mode shared
	expect 1 "max-transfer-size must be a power of 2 (attribute wq[0].max-transfer-size)" \
		wq create dsa3 --max-transfer-size 3000
	expect 1 "Invalid argument: threshold is only valid on shared WQs (attribute wq[0].threshold)" \
		wq create dsa3 --threshold 4
	expect 1 "vdsactl: wq create dsa9: no such device" wq create dsa9
	expect 2 '--priority: "16" is not in 1..15' wq create dsa3 --priority 16
	# None of the refusals left anything behind.
	run vdsactl -j dev show dsa3
	has '"wq_size_used":0,"wqs_enabled":0,' '"engines":[{"id":0},{"id":1},{"id":2},{"id":3}]'
}

@test "wq set, enable, disable, destroy: one request each, idempotent, the kernel's errors" {
	[ "$(vdsactl wq create dsa1)" = wq1.0 ]
	expect 1 "vdsactl: wq set wq1.0: Device or resource busy: " wq set wq1.0 --priority 5
	[[ "$stderr" == *"disable it first (attribute priority)" ]]
	expect 0 "" wq set wq1.0 --disable --priority 5 --name app2
	run vdsactl -j wq show wq1.0
	has '"state":"disabled",' '"priority":5,"type":"user","wq_name":"app2",'
	run --separate-stderr vdsactl wq set wq1.0 --threshold 4
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdsactl: wq set wq1.0: Invalid argument: threshold is only valid on shared WQs (attribute threshold)" ]
	run vdsactl -j wq set wq1.0 --mode shared --threshold 8 --size 8 --enable
	validate wqs <<<"$output"
	has '"state":"enabled","oper_state":"enabled","mode":"shared","size":8,"threshold":8,'
	# Asking for the state in place succeeds and changes nothing.
	local before
	before=$(vdsa-nl dev-get id="$ID")
	expect 0 "" wq enable wq1.0
	expect 0 "" wq enable dsa1:0
	[ "$(vdsa-nl dev-get id="$ID")" = "$before" ]
	expect 0 "" wq disable wq1.0
	expect 0 "" wq disable wq1.0
	run vdsactl -j wq enable wq1.0
	has '"state":"enabled"'
	run vdsactl -j wq disable wq1.0
	validate wqs <<<"$output"
	has '"state":"disabled"'
	expect 0 "" wq set wq1.0 --group none --name ""
	run vdsactl -j wq show wq1.0
	[[ "$output" != *'"group":'* && "$output" != *'"wq_name":'* ]]
	expect 1 "vdsactl: wq enable wq1.0: Invalid argument: a WQ must be in a group to be enabled (attribute state)" \
		wq enable wq1.0
	# destroy: disabled and back to the defaults, from any state.
	vdsactl wq set wq1.0 --group 0 --enable
	run vdsactl -j wq destroy wq1.0
	validate wqs <<<"$output"
	[ "$output" = '{"version":1,"wqs":[{"name":"wq1.0","device":"dsa1","id":0,'"$FREE_WQ"']}' ]
	local freed=$output
	expect 0 "" wq destroy wq1.0
	[ "$(vdsactl -j wq show wq1.0)" = "$freed" ]
	expect 1 "vdsactl: wq enable wq1.0: Invalid argument: a WQ with size 0 cannot be enabled" wq enable wq1.0
	expect 1 "vdsactl: wq enable wq1.99: no such WQ" wq enable wq1.99
	expect 1 "vdsactl: wq enable wq7.0: no such WQ" wq enable wq7.0
	expect 1 "vdsactl: wq show dsa7:0: no such device" wq show dsa7:0
	expect 2 'vdsactl: wq enable foo: "foo" is not a WQ (wqN.M or DEV:ID)' wq enable foo
	expect 2 '--type: "root" is not one of none, kernel, user, vdsa' wq set wq1.0 --type root
}

@test "group list and group set: engines, read buffers, EBUSY, names" {
	run vdsactl -j group set group1.1 --engines 1,2 --read-buffers 16 --read-buffers-reserved 4
	validate groups <<<"$output"
	[ "$output" = '{"version":1,"groups":[{"name":"group1.1","device":"dsa1","id":1,"engines":[1,2],"read_buffers_reserved":4,"read_buffers_allowed":16,"wqs":[]}]}' ]
	run vdsa-nl group-get dev-id="$ID" id=1
	has '"engines":[1,2],"read_buffers_reserved":4,"read_buffers_allowed":16'
	# An engine named elsewhere moves; DEV:ID names a group too.
	expect 0 "" group set dsa1:2 --engines 2
	run vdsactl group list dsa1
	[[ "${lines[0]}" =~ ^NAME\ +DEVICE\ +ID\ +ENGINES\ +RB-RESERVED\ +RB-ALLOWED\ +WQS$ ]]
	[[ "${lines[2]}" =~ ^group1.1\ +dsa1\ +1\ +1\ +4\ +16\ +-$ ]]
	[[ "${lines[3]}" =~ ^group1.2\ +dsa1\ +2\ +2\ +0\ +96\ +-$ ]]
	expect 0 "" group set group1.1 --engines ""
	run vdsactl -j group list
	has '"name":"group1.1","device":"dsa1","id":1,"engines":[],'
	# A group with an enabled WQ refuses changes.
	[ "$(vdsactl wq create dsa1 --group 2)" = wq1.0 ]
	expect 1 "vdsactl: group set group1.2: Device or resource busy: " group set group1.2 --engines 3
	[[ "$stderr" == *"disable it first (attribute engines)" ]]
	expect 1 "No such file or directory: no such engine" group set group1.0 --engines 9
	expect 1 "vdsactl: group set group1.0: Invalid argument: read-buffers-allowed exceeds the device's max-read-buffers (attribute read-buffers-allowed)" \
		group set group1.0 --read-buffers 97
	expect 1 "vdsactl: group set group1.9: no such group" group set group1.9 --engines 0
	expect 1 "vdsactl: group set group5.0: no such group" group set group5.0 --engines 0
	expect 2 'vdsactl: group set wq1.0: "wq1.0" is not a group (groupN.M or DEV:ID)' group set wq1.0 --engines 0
	expect 1 "vdsactl: group list dsa9: no such device" group list dsa9
	sim_new 2 groups=2
	run vdsactl -j group list
	[ "$(count '"name":"group')" -eq 6 ]
	has '"name":"group2.1","device":"dsa2","id":1,'
}

@test "dev reset returns everything to the defaults" {
	vdsactl wq create dsa1 >/dev/null
	vdsactl wq create dsa1 --mode shared --group 1 >/dev/null
	vdsactl group set group1.3 --engines 3 --read-buffers 8
	run vdsactl -j dev reset dsa1
	validate devices <<<"$output"
	has '"wq_size_used":0,"wqs_enabled":0,' '"engines":[{"id":0},{"id":1},{"id":2},{"id":3}]}]}'
	run vdsactl -j wq list dsa1
	[ "$(count "$FREE_WQ")" -eq 8 ]
	run vdsactl -j group list dsa1
	[ "$(count '"engines":[],"read_buffers_reserved":0,"read_buffers_allowed":96,"wqs":[]')" -eq 4 ]
	expect 0 "" dev reset dsa1
	expect 1 "vdsactl: dev reset dsa9: no such device" dev reset dsa9
}

@test "a degraded device: dev list and show say why, configuring fails with EIO, dev reset recovers it" {
	local fail=$SIM_DEBUGFS/vdsa_sim1/fail_step count=$SIM_DEBUGFS/vdsa_sim1/fail_count
	local reason='undo of wq configure 0 failed (-5)'
	local out=$BATS_TEST_TMPDIR/events ready=$BATS_TEST_TMPDIR/ready before i
	vdsactl group set group1.0 --engines 0
	# Two monitors, JSON and text: the device's two changes of state, and
	# group 1.0 losing its engine in the reset.
	timeout 120 "$VDSACTL" -j monitor dsa1 --count 3 --ready-file "$ready" >"$out" 2>"$out.err" &
	MONITOR_PID=$!
	timeout 120 "$VDSACTL" monitor dsa1 --count 3 --ready-file "$ready.2" >"$out.2" 2>&1 &
	MONITOR2_PID=$!
	for i in $(seq 100); do [ -e "$ready" ] && [ -e "$ready.2" ] && break; sleep 0.05; done
	[ -e "$ready" ]
	[ -e "$ready.2" ]

	# WQ 0 is configured (step 1) and enabled (step 2): the enable fails,
	# and so does the undo of the configure (step 3).
	echo 2 >"$count"
	echo 2 >"$fail"
	expect 1 "vdsactl: wq create dsa1: Input/output error: device refused the configuration and undoing it failed" \
		wq create dsa1 --wq 0
	echo 1 >"$count"
	[ "$(cat "$fail")" -eq 0 ]

	run --separate-stderr vdsactl dev list
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" =~ ^dsa1\ +$ID\ +vdsa_sim\ +vdsa_sim1\ +[0-9]+\ +degraded\ +4\ +4\ +8\ +0\ +128\ +0\ + ]]
	run --separate-stderr vdsactl dev show dsa1
	[ "$status" -eq 0 ]
	has $'\noper_state         degraded\ndegraded_reason    '"$reason"$'\nhw_version         0x100\n'
	run vdsactl -j dev show dsa1
	validate devices <<<"$output"
	has '"oper_state":"degraded","degraded_reason":"'"$reason"'","hw_version":256,'
	run vdsactl -j dev list
	validate devices <<<"$output"
	has '"oper_state":"degraded","degraded_reason":"'"$reason"'",'

	# Every configuring command fails with the kernel's EIO, and changes nothing.
	before=$(state)
	local degraded="Input/output error: the device is degraded (a failed change could not be undone): dev-reset or removing the device recovers it"
	expect 1 "vdsactl: wq create dsa1: $degraded" wq create dsa1
	expect 1 "vdsactl: wq create dsa1: $degraded" --dry-run wq create dsa1
	expect 1 "vdsactl: wq set wq1.1: $degraded" wq set wq1.1 --size 4
	expect 1 "vdsactl: group set group1.1: $degraded" group set group1.1 --engines 1
	expect 1 "vdsactl: vdsa create dsa1: $degraded" vdsa create dsa1
	[ "$(state)" = "$before" ]

	# A dry-run reset shows the device recovered, and leaves it degraded.
	run vdsactl -j --dry-run dev reset dsa1
	validate devices <<<"$output"
	has '"oper_state":"ok","hw_version":256,'
	[ "$(count '"degraded_reason":')" -eq 0 ]
	[ "$(state)" = "$before" ]
	# The reset recovers it: ok again, configurable again.
	run vdsactl -j dev reset dsa1
	[ "$status" -eq 0 ]
	validate devices <<<"$output"
	has '"oper_state":"ok","hw_version":256,' '"wq_size_used":0,"wqs_enabled":0,'
	[ "$(count '"degraded_reason":')" -eq 0 ]
	run vdsactl dev show dsa1
	has $'\noper_state         ok\nhw_version         0x100\n'
	[ "$(count 'degraded_reason')" -eq 0 ]

	wait "$MONITOR_PID"
	MONITOR_PID=
	wait "$MONITOR2_PID"
	MONITOR2_PID=
	[ ! -s "$out.err" ]
	validate event <"$out"
	run cat "$out"
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == '{"version":1,"event":"dev_change","device":"dsa1","generation":'*',"oper_state":"degraded","degraded_reason":"'"$reason"'"}' ]]
	[[ "${lines[1]}" == '{"version":1,"event":"group_change","device":"dsa1","generation":'*',"group":"group1.0"}' ]]
	[[ "${lines[2]}" == '{"version":1,"event":"dev_change","device":"dsa1","generation":'*',"oper_state":"ok"}' ]]
	run cat "$out.2"
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" =~ ^dsa1\ changed\ gen\ [0-9]+\ state\ degraded\ \(undo\ of\ wq\ configure\ 0\ failed\ \(-5\)\)$ ]]
	[[ "${lines[1]}" =~ ^dsa1\ group1.0\ changed\ gen\ [0-9]+$ ]]
	[[ "${lines[2]}" =~ ^dsa1\ changed\ gen\ [0-9]+\ state\ ok$ ]]

	[ "$(vdsactl wq create dsa1)" = wq1.0 ]
}

@test "--dry-run validates in the kernel, prints the result and changes nothing" {
	sim_new 2
	vdsactl wq create dsa1 >/dev/null
	vdsactl wq create dsa1 --mode shared --name keep >/dev/null
	local before
	before=$(state)

	# A bare create on a fresh device: the would-be WQ, nothing made.
	run --separate-stderr vdsactl --dry-run -j wq create dsa2 --mode shared
	[ "$status" -eq 0 ]
	validate wqs <<<"$output"
	has '{"name":"wq2.0","device":"dsa2","id":0,"state":"enabled","oper_state":"enabled","mode":"shared","size":16,"threshold":16,"group":0,"priority":10,"type":"user",'
	run vdsactl --dry-run wq create dsa1 --size 8
	[[ "${lines[0]}" =~ ^name\ +wq1.2$ ]]
	has $'\nsize               8\n'
	run vdsactl -j --dry-run wq set wq1.0 --disable --priority 3
	has '"state":"disabled",' '"priority":3,'
	run vdsactl -j wq set wq1.1 --dry-run --disable --mode dedicated
	validate wqs <<<"$output"
	has '"name":"wq1.1","device":"dsa1","id":1,"state":"disabled","oper_state":"disabled","mode":"dedicated","size":16,"group":0,"priority":10,"type":"user","wq_name":"keep",'
	run vdsactl -j --dry-run wq disable wq1.0
	has '"state":"disabled"'
	run vdsactl -j --dry-run wq destroy wq1.1
	validate wqs <<<"$output"
	[ "$output" = '{"version":1,"wqs":[{"name":"wq1.1","device":"dsa1","id":1,'"$FREE_WQ"']}' ]
	run vdsactl -j --dry-run group set group1.1 --engines 1,2
	validate groups <<<"$output"
	has '"name":"group1.1","device":"dsa1","id":1,"engines":[1,2],'
	run vdsactl -j --dry-run dev reset dsa1
	validate devices <<<"$output"
	has '"wq_size_used":0,"wqs_enabled":0,'
	# The kernel still checks everything: errors are real.
	expect 1 "Device or resource busy" --dry-run wq set wq1.0 --priority 3
	expect 1 "threshold is only valid on shared WQs" --dry-run wq create dsa1 --threshold 2
	expect 1 "Device or resource busy" --dry-run group set group1.0 --engines 2

	[ "$(state)" = "$before" ]
}

@test "monitor sees a concurrent wq create, one line per event" {
	local out=$BATS_TEST_TMPDIR/events ready=$BATS_TEST_TMPDIR/ready i
	vdsactl -j monitor --count 4 --ready-file "$ready" >"$out" 2>"$out.err" &
	MONITOR_PID=$!
	for i in $(seq 100); do [ -e "$ready" ] && break; sleep 0.05; done
	[ -e "$ready" ]
	[ "$(vdsactl wq create dsa1)" = wq1.0 ]
	vdsactl wq disable wq1.0
	wait "$MONITOR_PID"
	MONITOR_PID=
	[ ! -s "$out.err" ]
	validate event <"$out"
	run vdsactl -j dev show dsa1
	[[ $output =~ \"generation\":([0-9]+) ]]
	local gen=${BASH_REMATCH[1]}
	# The create gave group 1.0 an engine, configured and enabled the WQ
	# and used WQ size (the device's own attribute): one event per object.
	[ "$(cat "$out")" = "{\"version\":1,\"event\":\"group_change\",\"device\":\"dsa1\",\"generation\":$((gen - 1)),\"group\":\"group1.0\"}
{\"version\":1,\"event\":\"wq_change\",\"device\":\"dsa1\",\"generation\":$((gen - 1)),\"wq\":\"wq1.0\",\"state\":\"enabled\"}
{\"version\":1,\"event\":\"dev_change\",\"device\":\"dsa1\",\"generation\":$((gen - 1)),\"oper_state\":\"ok\"}
{\"version\":1,\"event\":\"wq_change\",\"device\":\"dsa1\",\"generation\":$gen,\"wq\":\"wq1.0\",\"state\":\"disabled\"}" ]

	# Text, filtered by device: dsa1's events are not shown, dsa3's are,
	# from its arrival on.
	vdsactl monitor dsa3 --count 4 --ready-file "$ready.2" >"$out.2" &
	MONITOR_PID=$!
	for i in $(seq 100); do [ -e "$ready.2" ] && break; sleep 0.05; done
	vdsactl wq create dsa1 >/dev/null
	sim_new 3
	vdsactl wq create dsa3 >/dev/null
	wait "$MONITOR_PID"
	MONITOR_PID=
	run cat "$out.2"
	[[ "${lines[0]}" =~ ^dsa3\ added\ gen\ [0-9]+\ state\ ok$ ]]
	[[ "${lines[1]}" =~ ^dsa3\ group3.0\ changed\ gen\ [0-9]+$ ]]
	[[ "${lines[2]}" =~ ^dsa3\ wq3.0\ changed\ gen\ [0-9]+\ state\ enabled$ ]]
	[[ "${lines[3]}" =~ ^dsa3\ changed\ gen\ [0-9]+\ state\ ok$ ]]
	[ "${#lines[@]}" -eq 4 ]
}

@test "concurrent creates from several processes never pick the same WQ" {
	local dir=$BATS_TEST_TMPDIR n pids=()
	# All eight start at once (a shared flock released together), so they
	# read the same generation and most of them have to retry. VDSA_LOG:
	# the library logs each refusal, so the retries show.
	exec 9>"$dir/start"
	flock -x 9
	for n in 0 1 2 3 4 5 6 7; do
		VDSA_LOG=debug flock -s "$dir/start" "$VDSACTL" wq create dsa1 --size 4 \
			>"$dir/out.$n" 2>"$dir/err.$n" &
		pids+=($!)
	done
	sleep 0.5
	flock -u 9
	exec 9>&-
	for n in "${pids[@]}"; do
		wait "$n" || { cat "$dir"/err.*; return 1; }
	done
	# Every line on stderr is the library's log, never a vdsactl error.
	[ -z "$(grep -hv '^vdsactl: libvdsa: ' "$dir"/err.* || true)" ]
	echo "# $(cat "$dir"/err.* | grep -c 'generation; read it again') creates refused (EAGAIN) and retried" >&3
	[ "$(sort "$dir"/out.* | tr '\n' ' ')" = "wq1.0 wq1.1 wq1.2 wq1.3 wq1.4 wq1.5 wq1.6 wq1.7 " ]
	run vdsactl -j dev show dsa1
	has '"wq_size_used":32,"wqs_enabled":8,'
	expect 1 "vdsactl: wq create dsa1: no free WQ on dsa1" wq create dsa1
}

# Runs vdsactl as nobody, without any capability.
as_nobody() {
	as_nobody_exec "$VDSACTL" "$@"
}

@test "an unprivileged user can list but not change: EPERM says what is needed" {
	vdsactl wq create dsa1 >/dev/null
	local before args
	before=$(state)
	run --separate-stderr as_nobody -j wq list dsa1
	[ "$status" -eq 0 ]
	validate wqs <<<"$output"
	run --separate-stderr as_nobody wq create dsa1
	[ "$status" -eq 1 ]
	[ "$stderr" = "vdsactl: wq create dsa1: Operation not permitted (CAP_NET_ADMIN or root is needed)" ]
	for args in "wq destroy wq1.0" "--dry-run wq disable wq1.0" "group set group1.1 --engines 3" \
		"dev reset dsa1" "wq set wq1.0 --disable"; do
		# shellcheck disable=SC2086
		run --separate-stderr as_nobody $args
		[ "$status" -eq 1 ] || { echo "$args: $status"; return 1; }
		[[ "$stderr" == *"Operation not permitted (CAP_NET_ADMIN or root is needed)" ]]
	done
	[ "$(state)" = "$before" ]
}

@test "bash completion offers the live device, WQ and group names" {
	sim_new 2 wqs=2
	run bash -c 'source "$1"; shift
		for words in "wq create :" "wq enable :wq2" "group set :group2" "monitor :d"; do
			COMP_WORDS=("$VDSACTL" ${words%:*} "${words#*:}")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			_vdsactl
			echo "${COMPREPLY[*]}"
		done' _ "$VDSA_REPO/shell-completion/bash/vdsactl"
	[ "$output" = "dsa1 dsa2
wq2.0 wq2.1
group2.0 group2.1 group2.2 group2.3
dsa1 dsa2" ]
}

@test "valgrind: no leaks and no memory errors on a representative set of commands" {
	command -v valgrind >/dev/null || skip "valgrind not installed"
	[[ $VDSACTL == */.libs/* ]] || skip "valgrind needs the binary, not libtool's wrapper"
	local vg=(valgrind -q --error-exitcode=99 --leak-check=full
		--errors-for-leak-kinds=definite --log-file="$BATS_TEST_TMPDIR/vg.%p")
	sim_new 2 wqs=2
	# want-status command: each run exits as it should, never 99. About
	# 12 s each under TCG: one per code path (JSON and text, create through
	# a config request, a kernel error, --dry-run, a group request, a
	# lookup failure, a usage error).
	local runs=(
		"0 -j dev list"
		"0 dev show dsa1"
		"0 -j wq create dsa1 --mode shared --name vg"
		"0 wq list"
		"1 wq set wq1.0 --priority 3"
		"0 --dry-run -p wq destroy wq1.0"
		"0 -j group set group2.1 --engines 1 --read-buffers 8"
		"1 wq create dsa9"
		"2 wq create dsa1 --priority 16"
	)
	local r want args i
	for r in "${runs[@]}"; do
		want=${r%% *}
		args=${r#* }
		# shellcheck disable=SC2086
		run --separate-stderr "${vg[@]}" "$VDSACTL" $args
		[ "$status" -eq "$want" ] || {
			echo "valgrind vdsactl $args: status $status, want $want"
			cat "$BATS_TEST_TMPDIR"/vg.*
			return 1
		}
	done
	# The monitor, with an event to receive.
	"${vg[@]}" "$VDSACTL" -j monitor --count 1 --ready-file "$BATS_TEST_TMPDIR/ready" \
		>"$BATS_TEST_TMPDIR/ev" &
	MONITOR_PID=$!
	for i in $(seq 600); do [ -e "$BATS_TEST_TMPDIR/ready" ] && break; sleep 0.05; done
	vdsactl wq disable wq1.0
	wait "$MONITOR_PID" || { cat "$BATS_TEST_TMPDIR"/vg.*; return 1; }
	MONITOR_PID=
	validate event <"$BATS_TEST_TMPDIR/ev"
	# -q: valgrind says nothing unless something is wrong.
	run cat "$BATS_TEST_TMPDIR"/vg.*
	[ -z "$output" ]
}

# Keep this test last: it checks what the others queued.
@test "every JSON document printed above validates against its schema" {
	[ -s "$JSON_QUEUE" ] || skip "no JSON queued (tests filtered out)"
	run validate_json_queue
	echo "$output"
	[ "$status" -eq 0 ]
	# Every schema was exercised.
	[[ "$output" == "devices "*", event "*", groups "*", wqs "*" valid; 0 invalid" ]]
}
