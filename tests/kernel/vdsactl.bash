# Helpers for the suites that drive vdsactl (70-vdsactl.bats,
# 90-vdsactl-inst.bats): which binary to run, and the JSON queue every
# document printed is checked against schemas/output/ from.

# vdsactl_setup_file: call from setup_file. Exports VDSACTL, SCHEMAS and an
# empty JSON_QUEUE.
vdsactl_setup_file() {
	# The library's log would add lines to stderr.
	unset VDSA_LOG
	export BUILDDIR=${VDSA_BUILDDIR:-$VDSA_REPO}
	export SCHEMAS=$VDSA_REPO/schemas/output
	export JSON_QUEUE=$BATS_FILE_TMPDIR/json.queue
	: >"$JSON_QUEUE"
	# The binary itself, not libtool's wrapper script: under TCG the
	# wrapper costs most of a second per call (and valgrind would check
	# bash instead of vdsactl).
	export VDSACTL=$BUILDDIR/cli/.libs/vdsactl
	if [ -x "$VDSACTL" ]; then
		export LD_LIBRARY_PATH=$BUILDDIR/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	else
		VDSACTL=$BUILDDIR/cli/vdsactl
	fi
	[ -x "$VDSACTL" ] || {
		echo "$VDSACTL is not built" >&2
		return 1
	}
}

vdsactl() {
	"$VDSACTL" "$@"
}

# validate_json_queue: validates every queued document (lines "SCHEMA\tTEST\tJSON")
# against its schema; prints "NAME COUNT, ... valid; N invalid" and the
# failures, and fails if any document is invalid.
validate_json_queue() {
	/usr/bin/python3 - "$SCHEMAS" "$JSON_QUEUE" <<'PY'
import json, sys, jsonschema
schemas, queue = sys.argv[1], sys.argv[2]
validators, counts, bad = {}, {}, 0
for line in open(queue):
    name, test, doc = line.rstrip("\n").split("\t", 2)
    if name not in validators:
        validators[name] = jsonschema.Draft202012Validator(
            json.load(open(f"{schemas}/{name}.json")))
    try:
        validators[name].validate(json.loads(doc))
        counts[name] = counts.get(name, 0) + 1
    except Exception as e:
        bad += 1
        print(f"{test}: {name}: {str(e).splitlines()[0]}\n  {doc[:300]}")
print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())), "valid;", bad, "invalid")
sys.exit(1 if bad else 0)
PY
}
