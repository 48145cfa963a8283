#!/usr/bin/env bats
# The man page and the JSON Schemas: the page documents every command and
# option the tool has, its JSON examples validate against the schemas, the
# schemas follow the rules they promise, and the page builds.

bats_require_minimum_version 1.5.0

setup_file() {
	# The library's log would add lines to stderr.
	unset VDSA_LOG
	export SRCDIR=${VDSA_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	export BUILDDIR=${VDSA_BUILDDIR:-$SRCDIR}
	export VDSACTL=$BUILDDIR/cli/vdsactl
	export PAGE=$SRCDIR/doc/vdsactl.8.scd
	export SCHEMAS=$SRCDIR/schemas/output
}

@test "every schema is a valid 2020-12 schema with a versioned \$id and closed leaf objects" {
	/usr/bin/python3 - "$SCHEMAS"/*.json <<'PY'
import json, sys, jsonschema
names = set()
for path in sys.argv[1:]:
    schema = json.load(open(path))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", path
    assert schema["$id"].endswith(":1"), (path, schema["$id"])
    assert schema["properties"]["version"] == {"const": 1}, path
    names.add(path.rsplit("/", 1)[1])
    # Every object schema (top level, $defs, nested) is closed.
    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, (path, where)
                assert "required" in node, (path, where)
            for k, v in node.items():
                walk(v, where + "/" + k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, where + "/" + str(i))
    walk(schema, "#")
assert names == {"devices.json", "groups.json", "wqs.json", "vdsas.json", "event.json",
                 "version.json"}, names
PY
}

@test "the schemas reject what the rules forbid: null, strings for numbers, extra keys, bare objects" {
	/usr/bin/python3 - "$SCHEMAS" <<'PY'
import json, sys, jsonschema
d = sys.argv[1]
wqs = jsonschema.Draft202012Validator(json.load(open(d + "/wqs.json")))
ev = jsonschema.Draft202012Validator(json.load(open(d + "/event.json")))
wq = {"name": "wq0.1", "device": "dsa0", "id": 1, "state": "enabled",
      "oper_state": "enabled", "mode": "shared",
      "size": 16, "threshold": 16, "group": 0, "priority": 10, "type": "user",
      "privileged": False, "block_on_fault": False, "ats_disable": False,
      "max_transfer_size": 2097152, "max_batch_size": 1024}
wqs.validate({"version": 1, "wqs": [wq]})
wqs.validate({"version": 1, "wqs": []})
wqs.validate({"version": 1, "wqs": [dict(wq, oper_state="halted")]})
bad = [
    {"version": 1, "wqs": [dict(wq, group=None)]},
    {"version": 1, "wqs": [dict(wq, size="16")]},
    {"version": 1, "wqs": [dict(wq, extra=1)]},
    {"version": 1, "wqs": [dict(wq, oper_state="stopped")]},
    {"version": 1, "wqs": [{k: v for k, v in wq.items() if k != "oper_state"}]},
    {"version": 1, "wqs": [dict(wq, mode="dedicated")]},   # dedicated with a threshold
    {"version": 1, "wqs": [dict(wq, privileged=0)]},
    {"version": 1, "wqs": wq},
    {"version": 2, "wqs": [wq]},
    [wq],
    wq,
]
for doc in bad:
    assert not wqs.is_valid(doc), doc
ev.validate({"version": 1, "event": "dev_add", "device": "dsa1", "generation": 1})
assert not ev.is_valid({"version": 1, "event": "dev_add", "device": "dsa1", "generation": 1,
                        "wq": "wq1.0", "state": "enabled"})
assert not ev.is_valid({"version": 1, "event": "wq_change", "device": "dsa1", "generation": 1})
ev.validate({"version": 1, "event": "wq_change", "device": "dsa1", "generation": 1,
             "wq": "wq1.0", "state": "enabled"})
ev.validate({"version": 1, "event": "group_change", "device": "dsa1", "generation": 1,
             "group": "group1.0"})
assert not ev.is_valid({"version": 1, "event": "group_change", "device": "dsa1", "generation": 1})
assert not ev.is_valid({"version": 1, "event": "wq_change", "device": "dsa1", "generation": 1,
                        "wq": "wq1.0", "state": "enabled", "group": "group1.0"})
assert not ev.is_valid({"version": 1, "event": "wq_state", "device": "dsa1", "generation": 1,
                        "wq": "wq1.0", "state": "enabled"})
u = "0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
ev.validate({"version": 1, "event": "inst_add", "device": "dsa1", "generation": 2, "instance": u})
assert not ev.is_valid({"version": 1, "event": "inst_add", "device": "dsa1", "generation": 2})
assert not ev.is_valid({"version": 1, "event": "dev_add", "device": "dsa1", "generation": 2,
                        "instance": u})
# A device's oper_state always, its degraded_reason only while degraded.
devs = jsonschema.Draft202012Validator(json.load(open(d + "/devices.json")))
dev = {"name": "dsa0", "id": 0, "parent_bus": "vdsa_sim", "parent_dev": "vdsa_sim0",
       "generation": 5, "oper_state": "ok", "hw_version": 256,
       "caps": {"shared_wq": True, "block_on_fault": True, "ats": True}, "max_groups": 4,
       "max_engines": 4, "max_wqs": 8, "max_wq_size": 128, "wq_size_used": 0,
       "wqs_enabled": 0, "max_transfer_size": 2147483648, "max_batch_size": 1024,
       "max_read_buffers": 96, "op_cap": "0" * 64, "engines": [{"id": 0}]}
why = "undo of wq configure 3 failed (-5)"
devs.validate({"version": 1, "devices": [dev]})
devs.validate({"version": 1, "devices": [dict(dev, oper_state="degraded", degraded_reason=why)]})
devs.validate({"version": 1, "devices": [dict(dev, oper_state="degraded")]})
no_state = {k: v for k, v in dev.items() if k != "oper_state"}
for doc in [{"version": 1, "devices": [no_state]},
            {"version": 1, "devices": [dict(dev, degraded_reason=why)]},
            {"version": 1, "devices": [dict(dev, oper_state="broken")]},
            {"version": 1, "devices": [dict(dev, oper_state="degraded", degraded_reason="")]}]:
    assert not devs.is_valid(doc), doc
ev.validate({"version": 1, "event": "dev_change", "device": "dsa1", "generation": 3,
             "oper_state": "degraded", "degraded_reason": why})
ev.validate({"version": 1, "event": "dev_change", "device": "dsa1", "generation": 4,
             "oper_state": "ok"})
for doc in [{"version": 1, "event": "dev_change", "device": "dsa1", "generation": 4,
             "oper_state": "ok", "degraded_reason": why},
            {"version": 1, "event": "dev_change", "device": "dsa1", "generation": 4,
             "degraded_reason": why},
            {"version": 1, "event": "wq_change", "device": "dsa1", "generation": 1,
             "wq": "wq1.0", "state": "enabled", "oper_state": "ok"},
            {"version": 1, "event": "inst_add", "device": "dsa1", "generation": 2,
             "instance": u, "oper_state": "ok"}]:
    assert not ev.is_valid(doc), doc
wqs.validate({"version": 1, "wqs": [dict(wq, instance=u)]})
assert not wqs.is_valid({"version": 1, "wqs": [dict(wq, instance="U")]})
vd = jsonschema.Draft202012Validator(json.load(open(d + "/vdsas.json")))
inst = {"uuid": u, "device": "dsa0", "state": "bound_vfio", "binding": "vfio", "in_use": False,
        "pull": False, "vfio_group": 3, "vfio_group_path": "/dev/vfio/3", "generation": 4,
        "wqs": [dict(wq, type="vdsa", instance=u)]}
vd.validate({"version": 1, "instances": [inst]})
vd.validate({"version": 1, "instances": []})
created = {k: v for k, v in inst.items() if k not in ("binding", "vfio_group", "vfio_group_path")}
vd.validate({"version": 1, "instances": [dict(created, state="created")]})
bad = [
    {"version": 1, "instances": [dict(inst, state="created")]},           # created with a binding
    {"version": 1, "instances": [dict(inst, state="bound_mdev")]},        # no mdev_path, vfio binding
    {"version": 1, "instances": [dict(inst, binding="mdev")]},
    {"version": 1, "instances": [dict(created, state="bound_vfio")]},     # bound without binding
    {"version": 1, "instances": [dict(inst, uuid="nope")]},
    {"version": 1, "instances": [dict(inst, name=None)]},
    {"version": 1, "instances": [dict(inst, vfio_group="3")]},
    {"version": 1, "instances": [dict(inst, extra=1)]},
    {"version": 1, "instances": inst},
]
for doc in bad:
    assert not vd.is_valid(doc), doc
PY
}

@test "every JSON example in vdsactl(8) validates against its schema" {
	/usr/bin/python3 - "$PAGE" "$SCHEMAS" <<'PY'
import json, re, sys, jsonschema
page, schemas = open(sys.argv[1]).read().splitlines(), sys.argv[2]
checked, i = 0, 0
while i < len(page):
    m = re.match(r"^; schema: (\w+)$", page[i])
    i += 1
    if not m:
        continue
    validator = jsonschema.Draft202012Validator(json.load(open(f"{schemas}/{m.group(1)}.json")))
    assert page[i] == "```", f"line {i + 1}: a literal block must follow the schema comment"
    i += 1
    docs = 0
    while page[i] != "```":
        if page[i].startswith("{"):
            validator.validate(json.loads(page[i]))
            docs += 1
        i += 1
    assert docs, f"line {i}: no JSON in the block"
    checked += docs
assert checked >= 8, checked
print(checked, "examples")
PY
}

@test "vdsactl(8) documents every command and every option" {
	local cmd opt
	while read -r cmd; do
		grep -q -- "\*$cmd\*\|\*${cmd%% *}\* \*${cmd#* }\*" "$PAGE" ||
			grep -q -- "^\*$cmd" "$PAGE" || { echo "command $cmd not in vdsactl(8)"; return 1; }
		# shellcheck disable=SC2086
		while read -r opt _; do
			grep -q -- "\*$opt\*" "$PAGE" || { echo "option $opt ($cmd) not in vdsactl(8)"; return 1; }
		done < <("$VDSACTL" --list-opts $cmd)
	done < <("$VDSACTL" --list-cmds)
	for opt in --version --list-cmds --list-opts; do
		grep -q -- "\*$opt\*" "$PAGE"
	done
}

@test "vdsactl(8) builds with scdoc" {
	command -v scdoc >/dev/null || skip "scdoc not installed"
	run --separate-stderr scdoc <"$PAGE"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "$output" == *'.TH "vdsactl" "8"'* ]]
}
