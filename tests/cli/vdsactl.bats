#!/usr/bin/env bats
# vdsactl on the host, without the kernel module: help at every level,
# version, usage errors (exit 2, a message naming the problem), and the
# missing-module error (exit 1 with the hint).

bats_require_minimum_version 1.5.0

setup_file() {
	# The library's log would add lines to stderr.
	unset VDSA_LOG
	export SRCDIR=${VDSA_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	export BUILDDIR=${VDSA_BUILDDIR:-$SRCDIR}
	export VDSACTL=$BUILDDIR/cli/vdsactl
	export SCHEMAS=$SRCDIR/schemas/output
}

# validate SCHEMA: every line of stdin is a JSON document valid against it.
validate() {
	/usr/bin/python3 -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft202012Validator(schema)
docs = [json.loads(l) for l in sys.stdin.read().splitlines() if l.strip()]
if not docs:
    sys.exit("no JSON document on stdin")
for doc in docs:
    validator.validate(doc)
' "$SCHEMAS/$1.json"
}

# usage_error MESSAGE-PART ARGS...: exit 2, nothing on stdout, the message on stderr.
usage_error() {
	local part=$1
	shift
	run --separate-stderr "$VDSACTL" "$@"
	if [ "$status" -ne 2 ] || [ -n "$output" ] || [[ "$stderr" != "vdsactl: "*"$part"* ]]; then
		echo "vdsactl $*: status $status, stdout '$output', stderr '$stderr'"
		echo "expected exit 2 and 'vdsactl: ...$part...' on stderr"
		return 1
	fi
}

@test "vdsactl --help, OBJECT --help and OBJECT VERB --help print usage and exit 0" {
	run --separate-stderr "$VDSACTL" --help
	[ "$status" -eq 0 ]
	[[ "$output" == "usage: vdsactl "* ]]
	[ -z "$stderr" ]
	local cmd
	while read -r cmd; do
		# shellcheck disable=SC2086 # "wq create" is two words
		run --separate-stderr "$VDSACTL" $cmd --help
		[ "$status" -eq 0 ] || { echo "$cmd --help: $status $stderr"; return 1; }
		[[ "$output" == "usage: vdsactl [global options] $cmd"* ]] || { echo "$cmd: $output"; return 1; }
		[[ "$output" == *"See vdsactl(8)."* ]]
		# -h is the same as --help
		# shellcheck disable=SC2086
		[ "$("$VDSACTL" $cmd -h)" = "$output" ]
	done < <("$VDSACTL" --list-cmds)
	local object
	for object in dev group wq vdsa; do
		run --separate-stderr "$VDSACTL" "$object" --help
		[ "$status" -eq 0 ]
		[[ "$output" == "usage: vdsactl [global options] $object VERB"* ]]
		[[ "$output" == *"$object list"* ]]
	done
}

@test "help COMMAND is COMMAND --help, at every level" {
	[ "$("$VDSACTL" help)" = "$("$VDSACTL" --help)" ]
	[ "$("$VDSACTL" help wq)" = "$("$VDSACTL" wq --help)" ]
	local cmd
	while read -r cmd; do
		# shellcheck disable=SC2086
		[ "$("$VDSACTL" help $cmd)" = "$("$VDSACTL" $cmd --help)" ] ||
			{ echo "help $cmd differs from $cmd --help"; return 1; }
	done < <("$VDSACTL" --list-cmds)
	usage_error 'unknown object "nope"' help nope
	usage_error 'wq: unknown command "frob"' help wq frob
}

@test "--help lists exactly the options the command accepts" {
	local cmd opt
	while read -r cmd; do
		# shellcheck disable=SC2086
		while read -r opt _; do
			"$VDSACTL" help $cmd | grep -q -- "$opt\b" ||
				{ echo "$cmd: $opt missing from --help"; return 1; }
		done < <("$VDSACTL" --list-opts $cmd)
	done < <("$VDSACTL" --list-cmds)
	run "$VDSACTL" --list-opts wq create
	[[ "$output" == *"--mode dedicated|shared"* ]]
	[[ "$output" == *"--priority N"* ]]
	[[ "$output" == *"--privileged"* ]]
	[[ "$output" == *"--json"* ]]
	# Hidden test hooks stay out of help and completion.
	[[ "$("$VDSACTL" --list-opts monitor)" != *ready-file* ]]
}

@test "--list-cmds lists every command, one per line" {
	run --separate-stderr "$VDSACTL" --list-cmds
	[ "$status" -eq 0 ]
	[ "$output" = "dev list
dev show
dev reset
group list
group set
wq list
wq show
wq create
wq set
wq enable
wq disable
wq destroy
wq assign
wq unassign
vdsa list
vdsa show
vdsa create
vdsa destroy
vdsa bind
vdsa unbind
monitor
version
help" ]
}

@test "version: text, and -j / -p valid against version.json" {
	run --separate-stderr "$VDSACTL" version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^vdsactl\ [0-9]+\.[0-9]+\.[0-9]+\ \(vdsa\ netlink\ family\ version\ 1\)$ ]]
	[ "$("$VDSACTL" --version)" = "$output" ]
	run "$VDSACTL" -j version
	[ "$status" -eq 0 ]
	validate version <<<"$output"
	[[ "$output" == '{"version":1,"vdsactl":"'*'","family":"vdsa","family_version":1}' ]]
	# Global options go before or after the command.
	[ "$("$VDSACTL" version -j)" = "$output" ]
	# -p indents and implies -j.
	run "$VDSACTL" -p version
	[ "$status" -eq 0 ]
	[ "$(wc -l <<<"$output")" -gt 1 ]
	/usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))' <<<"$output" | validate version
	# -q prints nothing.
	[ -z "$("$VDSACTL" -q version)" ]
}

@test "usage errors exit 2 and name the problem" {
	usage_error 'unknown object "foo"' foo
	usage_error 'unknown object "wqs"' wqs list
	usage_error 'wq: unknown command "frob"' wq frob
	# Keywords match exactly, never by prefix.
	usage_error 'wq: unknown command "cr"' wq cr
	usage_error 'wq: unknown command "LIST"' wq LIST
	usage_error 'wq: missing command' wq
	usage_error 'unknown option "--bogus"' --bogus dev list
	usage_error 'unknown option "-x"' -x dev list
	usage_error 'wq create: unknown option "--bogus"' wq create dsa0 --bogus
	# Long options are spelt in full: no abbreviations either.
	usage_error 'wq create: unknown option "--pri"' wq create dsa0 --pri 3
	usage_error 'unknown option "--js"' --js dev list
	usage_error 'wq create: missing DEV' wq create
	usage_error 'wq create: missing DEV' wq create --size 8
	usage_error 'wq show: missing WQ' wq show
	usage_error 'dev show: missing DEV' dev show
	usage_error 'group set: missing GROUP' group set --engines 0
	usage_error 'dev list: unexpected argument "dsa0"' dev list dsa0
	usage_error 'wq enable: unexpected argument "wq0.2"' wq enable wq0.1 wq0.2
	usage_error 'wq create: --size needs a value' wq create dsa0 --size
	usage_error '--priority: "16" is not in 1..15' wq create dsa0 --priority 16
	usage_error '--priority: "0" is not in 1..15' wq set wq0.1 --priority 0
	usage_error '--size: "abc" is not a number' wq create dsa0 --size abc
	usage_error '--size: "-1" is not a number' wq set wq0.1 --size -1
	usage_error '--size: "0" is not in 1..' wq create dsa0 --size 0
	usage_error '--size: "99999999999" is not in 0..4294967295' wq set wq0.1 --size 99999999999
	usage_error '--threshold: "0" is not in 1..' wq create dsa0 --threshold 0
	usage_error '--mode: "bogus" is not one of dedicated, shared' wq create dsa0 --mode bogus
	usage_error '--type: "root" is not one of none, kernel, user, vdsa' wq set wq0.1 --type root
	usage_error '--group: "x" is not a number' wq create dsa0 --group x
	usage_error '--group: "none" is not a number' wq create dsa0 --group none
	usage_error '--name: "' wq create dsa0 --name "$(printf 'n%.0s' {1..128})"
	usage_error '--max-transfer-size: "0" is not in 1..' wq set wq0.1 --max-transfer-size 0
	usage_error '--max-batch-size: "1k" is not a number' wq set wq0.1 --max-batch-size 1k
	usage_error '--engines: "x" in "1,x" is not an engine id' group set group0.0 --engines 1,x
	usage_error '--engines: "" in "1,,2" is not an engine id' group set group0.0 --engines 1,,2
	usage_error '--read-buffers: "many" is not a number' group set group0.0 --read-buffers many
	usage_error '--count: "0" is not in 1..' monitor --count 0
	usage_error '--wq: "x" is not a number' wq create dsa0 --wq x
	usage_error 'wq set: nothing to change' wq set wq0.1
	usage_error 'wq set: --enable and --disable exclude each other' wq set wq0.1 --disable --size 8 --enable
	usage_error 'group set: nothing to change' group set group0.0
	usage_error 'help: unexpected argument "x"' help wq create x
}

U=0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b

@test "vdsa and wq assign usage errors exit 2 before the kernel is asked" {
	usage_error 'vdsa: unknown command "make"' vdsa make
	usage_error 'vdsa: missing command' vdsa
	usage_error 'vdsa create: missing DEV' vdsa create
	usage_error 'vdsa create: missing DEV' vdsa create --wqs 2
	usage_error 'vdsa create: unexpected argument "dsa1"' vdsa create dsa0 dsa1
	usage_error '--uuid: "nope" is not a UUID' vdsa create dsa0 --uuid nope
	usage_error '--uuid: "'"${U}"'0" is not a UUID' vdsa create dsa0 --uuid "${U}0"
	usage_error '--wqs: "0" is not in 1..' vdsa create dsa0 --wqs 0
	usage_error '--wqs: "two" is not a number' vdsa create dsa0 --wqs two
	usage_error '--bind: "vfio-pci" is not one of mdev, vfio' vdsa create dsa0 --bind vfio-pci
	usage_error '--mode: "bogus" is not one of dedicated, shared' vdsa create dsa0 --mode bogus
	usage_error '--priority: "16" is not in 1..15' vdsa create dsa0 --priority 16
	usage_error '--size: "0" is not in 1..' vdsa create dsa0 --size 0
	usage_error '--threshold: "0" is not in 1..' vdsa create dsa0 --threshold 0
	usage_error '--group: "none" is not a number' vdsa create dsa0 --group none
	usage_error '--name: "' vdsa create dsa0 --name "$(printf 'n%.0s' {1..64})"
	usage_error '--wq-name: "' vdsa create dsa0 --wq-name "$(printf 'n%.0s' {1..128})"
	usage_error 'vdsa create: unknown option "--type"' vdsa create dsa0 --type user
	usage_error 'vdsa create: unknown option "--wq-n"' vdsa create dsa0 --wq-n x
	usage_error '--wq takes over configured WQs; it excludes --wqs' vdsa create dsa0 --wq 1 --wqs 2
	usage_error '--wq takes over configured WQs; it excludes --wqs' vdsa create dsa0 --wq 1 --size 8
	usage_error 'vdsa show: missing UUID' vdsa show
	usage_error 'vdsa show xyz: "xyz" is not a UUID' vdsa show xyz
	usage_error 'vdsa destroy: missing UUID' vdsa destroy
	usage_error 'vdsa destroy 12: "12" is not a UUID' vdsa destroy 12
	usage_error 'vdsa destroy: unexpected argument "x"' vdsa destroy "$U" x
	usage_error 'vdsa bind: missing UUID and mdev|vfio' vdsa bind "$U"
	usage_error 'vdsa bind: "pci" is not one of mdev, vfio' vdsa bind "$U" pci
	usage_error 'vdsa bind dsa0 vfio: "dsa0" is not a UUID' vdsa bind dsa0 vfio
	usage_error 'vdsa unbind: missing UUID' vdsa unbind
	usage_error 'vdsa list: unexpected argument "dsa1"' vdsa list dsa0 dsa1
	usage_error 'wq assign: missing WQ and UUID' wq assign wq0.1
	usage_error 'wq assign wq0.1 nope: "nope" is not a UUID' wq assign wq0.1 nope
	usage_error 'wq unassign: missing WQ' wq unassign
	usage_error 'wq unassign: unexpected argument "x"' wq unassign wq0.1 x
}

@test "without the vdsa module: exit 1 and the modprobe hint" {
	[ ! -d /sys/module/vdsa ] || skip "the vdsa module is loaded on this host"
	local args
	for args in "dev list" "dev show dsa0" "wq list" "group list" "wq create dsa0" \
		"wq destroy wq0.1" "-j monitor --count 1" "--dry-run wq enable wq0.1" \
		"vdsa list" "vdsa create dsa0 --wqs 2 --mode shared" "vdsa show $U" \
		"vdsa destroy $U" "vdsa bind $U vfio" "vdsa unbind $U" "wq assign wq0.1 $U" \
		"wq unassign wq0.1"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$VDSACTL" $args
		[ "$status" -eq 1 ] || { echo "$args: status $status"; return 1; }
		[ -z "$output" ]
		[ "$stderr" = "vdsactl: the vdsa kernel module is not loaded (modprobe vdsa)" ] ||
			{ echo "$args: $stderr"; return 1; }
	done
}
