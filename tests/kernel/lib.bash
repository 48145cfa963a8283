# Shared helpers for the kernel suites (run inside the VM by tests/vm/run).
bats_require_minimum_version 1.5.0

# Each test creates its own simulated devices and removes them again.

: "${VDSA_KO_DIR:?run the kernel suites through tests/vm/run}"

SIM_BUS=/sys/bus/vdsa_sim
SIM_DEBUGFS=/sys/kernel/debug/vdsa_sim
NOBODY=65534

load_modules() {
	# The core exposes instances through vfio and mdev (Debian's modules).
	modprobe -a vfio vfio_iommu_type1 mdev
	grep -q '^vdsa ' /proc/modules || insmod "$VDSA_KO_DIR/vdsa.ko"
	grep -q '^vdsa_sim ' /proc/modules || insmod "$VDSA_KO_DIR/sim/vdsa_sim.ko"
}

unload_modules() {
	! grep -q '^vdsa_sim ' /proc/modules || rmmod vdsa_sim
	! grep -q '^vdsa ' /proc/modules || rmmod vdsa
}

# sim_new ID [key=value...]: create a simulated device (dsaID).
sim_new() {
	echo "$*" >"$SIM_BUS/new_device"
}

sim_del() {
	echo "$1" >"$SIM_BUS/del_device"
}

# Remove every simulated device a test left behind.
sim_del_all() {
	local d
	for d in "$SIM_BUS"/devices/vdsa_sim*; do
		[ -e "$d" ] || continue
		sim_del "${d##*/vdsa_sim}"
	done
}

# dev_id NAME: the kernel's id of vdsa device NAME (dsa3).
dev_id() {
	vdsa-nl -d dev-get | jq -er --arg n "$1" 'select(.name == $n) | .id'
}

# Everything the family reports about one device, plus the simulated
# hardware registers: two snapshots are equal iff nothing changed.
snapshot() {
	local name=$1 id
	id=$(dev_id "$name")
	vdsa-nl dev-get id="$id"
	vdsa-nl -d group-get dev-id="$id"
	vdsa-nl -d engine-get dev-id="$id"
	vdsa-nl -d wq-get dev-id="$id"
	cat "$SIM_DEBUGFS/vdsa_sim${name#dsa}/hw"
}

errno_of() {
	case $1 in
	EPERM) echo 1 ;; ENOENT) echo 2 ;; EIO) echo 5 ;; EBUSY) echo 16 ;;
	EEXIST) echo 17 ;; EAGAIN) echo 11 ;; ENODEV) echo 19 ;; EINVAL) echo 22 ;;
	ENOSPC) echo 28 ;; ERANGE) echo 34 ;; EOPNOTSUPP) echo 95 ;;
	*) echo "errno_of: unknown $1" >&2; return 1 ;;
	esac
}

# expect_error ERRNAME ATTR MSG-PART OP [ATTR...]
# Runs vdsa-nl and checks the errno, the attribute the kernel blamed and
# part of its extack message ("-" skips a check, "" demands emptiness).
expect_error() {
	local ename=$1 attr=$2 part=$3 want got
	shift 3
	want=$(errno_of "$ename") || return 1
	run --separate-stderr vdsa-nl "$@"
	if [ "$status" -ne "$want" ]; then
		echo "expected $ename ($want), got status $status: $stderr $output"
		return 1
	fi
	got=$(jq -r .error <<<"$stderr")
	if [ "$got" != "$ename" ]; then
		echo "expected error $ename, got: $stderr"
		return 1
	fi
	if [ "$attr" != - ] && [ "$(jq -r .attr <<<"$stderr")" != "$attr" ]; then
		echo "expected attr '$attr', got: $stderr"
		return 1
	fi
	if [ "$part" != - ] && [[ "$(jq -r .msg <<<"$stderr")" != *"$part"* ]]; then
		echo "expected message containing '$part', got: $stderr"
		return 1
	fi
}

# monitor_start FILE [OPTION...]: listen to the events group until
# monitor_stop.
monitor_start() {
	local out=$1 ready=$1.ready
	rm -f "$ready"
	vdsa-nl --monitor --ready-file "$ready" "${@:2}" >"$out" 2>"$out.err" &
	MONITOR_PID=$!
	local i
	for i in $(seq 100); do
		[ -e "$ready" ] && return 0
		sleep 0.05
	done
	echo "monitor did not subscribe"
	return 1
}

# monitor_stop: give in-flight events a moment, then stop the listener.
monitor_stop() {
	# A sentinel event marks the end of the stream: everything sent before
	# it has been received once it shows up.
	sim_new 999 wqs=1 engines=1 groups=1
	local i
	for i in $(seq 100); do
		jq -e 'select(.name == "dsa999")' "$1" >/dev/null 2>&1 && break
		sleep 0.05
	done
	kill "$MONITOR_PID" 2>/dev/null
	wait "$MONITOR_PID" 2>/dev/null || true
	sim_del 999
	# Drop the sentinel's own event.
	jq -c 'select(.name != "dsa999")' "$1" >"$1.events"
}

# as_nobody_exec PROGRAM ARGS...: run a program built in the checkout as
# uid 65534 without capabilities. The checkout may sit under a directory
# nobody cannot enter (/root), so the program and libvdsa are copied to a
# world-readable place first.
as_nobody_exec() {
	local prog=$1 dir=/tmp/vdsa-nobody lib
	shift
	mkdir -p "$dir"
	chmod 755 "$dir"
	cp -f "$prog" "$dir/"
	for lib in "${VDSA_BUILDDIR:-$VDSA_REPO}"/lib/.libs/libvdsa.so*; do
		[ -e "$lib" ] && cp -fP "$lib" "$dir/"
	done
	chmod -R a+rX "$dir"
	LD_LIBRARY_PATH=$dir setpriv --reuid=$NOBODY --regid=$NOBODY \
		--clear-groups --inh-caps=-all --bounding-set=-all -- \
		"$dir/${prog##*/}" "$@"
}

# fail_each_step STATE ERRNO MSG CMD...: runs CMD with provider step 1, 2,
# ... of vdsa_sim1 failing, until CMD needs fewer steps and goes through
# (which it must). Every failed run must exit ERRNO (a number; "" for any
# failure), carry an extack message containing MSG (unless empty) and
# leave the output of the command STATE as it was. FAILED counts the
# failed runs; $status and $output are the successful run's.
fail_each_step() {
	local state=$1 errno=$2 msg=$3 before n fail=$SIM_DEBUGFS/vdsa_sim1/fail_step
	shift 3
	before=$($state)
	FAILED=0
	for n in $(seq 1 100); do
		echo "$n" >"$fail"
		run --separate-stderr "$@"
		if [ "$(cat "$fail")" -ne 0 ]; then
			# The request needed fewer than n steps: it went through.
			echo 0 >"$fail"
			[ "$status" -eq 0 ] || { echo "with no step failing: status $status $stderr"; return 1; }
			return 0
		fi
		if [ -n "$errno" ] && [ "$status" -ne "$errno" ] || [ "$status" -eq 0 ]; then
			echo "step $n: status $status $stderr"
			return 1
		fi
		if [ -n "$msg" ] && [[ "$(jq -r .msg <<<"$stderr")" != *"$msg"* ]]; then
			echo "step $n: message $stderr"
			return 1
		fi
		[ "$($state)" = "$before" ] || { echo "residue after failing step $n"; return 1; }
		FAILED=$((FAILED + 1))
	done
	echo "step 100 still fails"
	return 1
}
