#!/usr/bin/env bats
# Mutating commands need CAP_NET_ADMIN; get and dump do not.

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

# Runs vdsa-nl as nobody, without any capability.
as_nobody() {
	as_nobody_exec "$(command -v vdsa-nl)" "$@"
}

@test "an unprivileged user can get and dump everything" {
	run as_nobody dev-get id="$ID"
	[ "$status" -eq 0 ]
	[ "$(jq -r .name <<<"$output")" = dsa1 ]
	run as_nobody -d dev-get
	[ "$status" -eq 0 ]
	local op
	for op in wq-get group-get engine-get; do
		run as_nobody "$op" dev-id="$ID" id=0
		[ "$status" -eq 0 ]
		run as_nobody -d "$op" dev-id="$ID"
		[ "$status" -eq 0 ]
		[ -n "$output" ]
	done
}

@test "an unprivileged user gets EPERM from every mutating command" {
	local before
	before=$(snapshot dsa1)
	run as_nobody wq-set dev-id="$ID" id=0 size=4
	[ "$status" -eq 1 ]
	run as_nobody wq-set dev-id="$ID" id=0 size=4 validate-only
	[ "$status" -eq 1 ]
	run as_nobody group-set dev-id="$ID" id=0 engines { id=0 }
	[ "$status" -eq 1 ]
	run as_nobody dev-config-set id="$ID" wq { id=0 size=4 }
	[ "$status" -eq 1 ]
	run as_nobody dev-reset id="$ID"
	[ "$status" -eq 1 ]
	[ "$(snapshot dsa1)" = "$before" ]
	# The same requests succeed for root.
	vdsa-nl wq-set dev-id="$ID" id=0 size=4
	vdsa-nl dev-reset id="$ID"
}

@test "an unprivileged user may listen to events" {
	local dir ev i
	dir=$(mktemp -d)
	chmod 777 "$dir"
	ev=$dir/ev
	as_nobody --monitor --count 1 --ready-file "$dir/ready" >"$ev" &
	local pid=$!
	for i in $(seq 100); do [ -e "$dir/ready" ] && break; sleep 0.05; done
	vdsa-nl wq-set dev-id="$ID" id=0 size=4
	wait "$pid"
	[ "$(jq -r '[.op, .id] | @tsv' "$ev")" = "$(printf 'wq-change-ntf\t0')" ]
}
