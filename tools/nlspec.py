#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tools around the vdsa YNL netlink spec (schemas/netlink/vdsa.yaml).

  nlspec.py check-header --spec S --include DIR [--cc CC]
      Prove that the hand-written uAPI header agrees with the spec, in both
      directions: every command, attribute, enum/flags entry, const and
      multicast group of the spec exists in the header with the value the
      YNL rules give it, and the header defines nothing with the family
      prefix that the spec lacks.  Values are checked by the C compiler
      itself (_Static_assert), so the header is read exactly as C code
      reads it.

  nlspec.py gen-tables --spec S -o FILE.c [--symbol NAME]
      Write C tables (attribute sets, ops, enums) for the test client.

Exit status: 0 = agrees / written, 1 = mismatch, 2 = usage or tool error.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the host
    sys.stderr.write("nlspec.py: python3-yaml is required\n")
    sys.exit(2)


class SpecError(Exception):
    """The spec uses something this tool does not understand."""


def c_upper(name):
    return name.replace('-', '_').upper()


def c_lower(name):
    return name.replace('-', '_').lower()


# Attribute types the test client can encode and decode.  Anything else in
# a spec is refused loudly rather than half-supported.
SCALAR_TYPES = ('u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64')
ATTR_TYPES = SCALAR_TYPES + ('string', 'flag', 'binary', 'nest', 'pad')


class EnumEntry:
    def __init__(self, name, value, is_flags):
        self.name = name
        # For flags YNL counts bit positions; the header holds the mask.
        self.value = (1 << value) if is_flags else value


class EnumDef:
    """An `enum` or `flags` definition, numbered by the YNL rules."""

    def __init__(self, family, yml):
        self.name = yml['name']
        self.is_flags = yml['type'] == 'flags'
        self.in_header = not yml.get('header')
        self.render_max = bool(yml.get('render-max', False))
        prefix = yml.get('name-prefix', f"{family.name}-{self.name}-")
        self.prefix = c_upper(prefix)
        if 'enum-name' in yml:
            tag = yml['enum-name']
            self.c_tag = c_lower(tag) if tag else None
        else:
            self.c_tag = c_lower(f"{family.name}-{self.name}")
        self.cnt_name = c_upper(yml.get('enum-cnt-name', f"__{prefix}max"))
        self.max_name = c_upper(f"{prefix}max")
        self.mask_name = c_upper(f"{prefix}mask")

        self.entries = []
        value = yml.get('value-start', 0)
        for entry in yml.get('entries', []):
            if isinstance(entry, dict):
                ename = entry['name']
                value = entry.get('value', value)
            else:
                ename = entry
            self.entries.append(EnumEntry(ename, value, self.is_flags))
            value += 1
        if not self.entries:
            raise SpecError(f"definition {self.name} has no entries")

    def c_name(self, entry):
        return self.prefix + c_upper(entry.name)

    @property
    def last_value(self):
        return max(e.value for e in self.entries)

    @property
    def mask(self):
        mask = 0
        for e in self.entries:
            mask |= e.value
        return mask


class Attr:
    def __init__(self, attr_set, yml, value):
        self.name = yml['name']
        self.value = value
        self.type = yml['type']
        if self.type not in ATTR_TYPES:
            raise SpecError(f"attribute {attr_set.name}/{self.name}: "
                            f"type {self.type} is not supported")
        self.c_name = attr_set.prefix + c_upper(self.name)
        self.nested = yml.get('nested-attributes')
        self.enum = yml.get('enum')
        self.enum_as_flags = bool(yml.get('enum-as-flags', False))
        self.multi_attr = bool(yml.get('multi-attr', False))
        self.display_hint = yml.get('display-hint')
        if self.display_hint not in (None, 'uuid', 'hex'):
            raise SpecError(f"attribute {attr_set.name}/{self.name}: "
                            f"display-hint {self.display_hint} is not "
                            "supported")
        if self.type == 'nest' and not self.nested:
            raise SpecError(f"nest {attr_set.name}/{self.name} "
                            "has no nested-attributes")


class AttrSet:
    def __init__(self, family, yml, set_ymls):
        self.name = yml['name']
        self.subset_of = yml.get('subset-of')
        if self.subset_of:
            # A subset renders nothing of its own: it names attributes of
            # its parent set, whose numbers, names and types it keeps, and
            # may only add properties such as multi-attr.
            if self.subset_of not in set_ymls:
                raise SpecError(f"attribute set {self.name}: subset-of "
                                f"unknown set {self.subset_of}")
            parent = set_ymls[self.subset_of]
            numbered = []
            value = 1
            for pyml in parent.get('attributes', []):
                value = pyml.get('value', value)
                numbered.append((pyml, value))
                value += 1
            by_name = {p['name']: (p, v) for p, v in numbered}
            merged = []
            for ayml in yml.get('attributes', []):
                if ayml['name'] not in by_name:
                    raise SpecError(f"attribute set {self.name}: {ayml['name']} "
                                    f"is not in {self.subset_of}")
                pyml, pvalue = by_name[ayml['name']]
                merged.append(dict(pyml, **ayml, value=pvalue))
            yml = dict(parent, name=self.name, attributes=merged)
        owner = self.subset_of or self.name
        if 'name-prefix' in yml:
            prefix = yml['name-prefix']
        elif owner == family.name:
            prefix = f"{family.name}-a-"
        else:
            prefix = f"{family.name}-a-{owner}-"
        self.prefix = c_upper(prefix)
        self.max_name = c_upper(yml.get('attr-max-name', f"{prefix}max"))
        self.cnt_name = c_upper(yml.get('attr-cnt-name', f"__{prefix}max"))
        # YNL renders attribute enums anonymous unless enum-name is given.
        tag = yml.get('enum-name')
        self.c_tag = c_lower(tag) if tag else None
        self.attrs = []
        value = 1       # genetlink: no "unspec", the first attribute is 1
        for ayml in yml.get('attributes', []):
            value = ayml.get('value', value)
            self.attrs.append(Attr(self, ayml, value))
            value += 1

    @property
    def last_value(self):
        return max(a.value for a in self.attrs)


class Op:
    def __init__(self, family, yml, value):
        self.name = yml['name']
        self.value = value
        self.c_name = family.op_prefix + c_upper(self.name)
        self.has_do = 'do' in yml
        self.has_dump = 'dump' in yml
        self.notify = yml.get('notify')
        self.is_notify = self.notify is not None or 'event' in yml
        self.attr_set = yml.get('attribute-set')
        self.mcgrp = yml.get('mcgrp')


class Family:
    """The subset of a YNL genetlink spec that vdsa uses, numbered the way
    tools/net/ynl/pyynl/ynl_gen_c.py numbers it."""

    def __init__(self, path):
        with open(path, encoding='utf-8') as f:
            self.yaml = yaml.safe_load(f)
        y = self.yaml
        self.path = path
        self.name = y['name']
        if y.get('protocol', 'genetlink') not in ('genetlink',
                                                  'genetlink-legacy'):
            raise SpecError(f"protocol {y.get('protocol')} is not supported")
        self.ident = c_upper(self.name)
        self.version = y.get('version', 1)
        self.uapi_header = y.get('uapi-header', f"linux/{self.name}.h")
        self.family_name_macro = c_upper(y.get('c-family-name',
                                               f"{self.name}-family-name"))
        self.version_macro = c_upper(y.get('c-version-name',
                                           f"{self.name}-family-version"))

        self.consts = []
        self.enums = []
        for d in y.get('definitions', []):
            if d['type'] == 'const':
                cname = c_upper(d.get('c-define-name',
                                      f"{self.name}-{d['name']}"))
                self.consts.append((d['name'], cname, d['value'],
                                    not d.get('header')))
            elif d['type'] in ('enum', 'flags'):
                self.enums.append(EnumDef(self, d))
            else:
                raise SpecError(f"definition {d['name']}: type {d['type']} "
                                "is not supported")

        set_ymls = {s['name']: s for s in y.get('attribute-sets', [])}
        self.attr_sets = [AttrSet(self, s, set_ymls)
                          for s in y.get('attribute-sets', [])]

        ops = y.get('operations', {})
        self.op_prefix = c_upper(ops.get('name-prefix', f"{self.name}-cmd-"))
        self.cmd_max_name = c_upper(y.get('cmd-max-name',
                                          f"{self.op_prefix}MAX"))
        self.cmd_cnt_name = c_upper(y.get('cmd-cnt-name',
                                          f"__{self.op_prefix}MAX"))
        tag = ops.get('enum-name')
        self.cmd_c_tag = c_lower(tag) if tag else None
        self.ops = []
        value = 1
        for oyml in ops.get('list', []):
            value = oyml.get('value', value)
            self.ops.append(Op(self, oyml, value))
            value += 1

        self.mcgrps = []
        for g in y.get('mcast-groups', {}).get('list', []):
            cname = c_upper(g.get('c-define-name',
                                  f"{self.name}-mcgrp-{g['name']}"))
            self.mcgrps.append((g['name'], cname))

        self._resolve_references()

    def enum_by_name(self, name):
        for e in self.enums:
            if e.name == name:
                return e
        return None

    def set_index(self, name):
        for i, s in enumerate(self.attr_sets):
            if s.name == name:
                return i
        return -1

    def op_by_name(self, name):
        for op in self.ops:
            if op.name == name:
                return op
        return None

    def _resolve_references(self):
        for s in self.attr_sets:
            for a in s.attrs:
                if a.nested and self.set_index(a.nested) < 0:
                    raise SpecError(f"attribute {s.name}/{a.name}: unknown "
                                    f"attribute set {a.nested}")
                if a.enum and not self.enum_by_name(a.enum):
                    raise SpecError(f"attribute {s.name}/{a.name}: unknown "
                                    f"enum {a.enum}")
        for op in self.ops:
            # A notification carries the attributes of the op it mirrors.
            if op.attr_set is None and op.notify:
                target = self.op_by_name(op.notify)
                if target is None:
                    raise SpecError(f"op {op.name}: notify names unknown op "
                                    f"{op.notify}")
                op.attr_set = target.attr_set
            if op.attr_set is None or self.set_index(op.attr_set) < 0:
                raise SpecError(f"op {op.name}: no usable attribute-set")

    def header_sets(self):
        """Attribute sets the uAPI header renders (subsets are not)."""
        return [s for s in self.attr_sets if s.subset_of is None]

    def header_enums(self):
        return [e for e in self.enums if e.in_header]


# ---------------------------------------------------------------------------
# check-header


class Check:
    """One expectation about the header, checked by the compiler."""

    def __init__(self, what, expr, want):
        self.what = what        # human description, names the spec item
        self.expr = expr        # C expression
        self.want = want        # int, or str for string macros


def expected_checks(fam):
    checks = []

    def add(what, expr, want):
        checks.append(Check(what, expr, want))

    add("family name", fam.family_name_macro, fam.name)
    add("family version", fam.version_macro, fam.version)

    for name, cname, value, in_header in fam.consts:
        if in_header:
            add(f"const {name}", cname, value)

    for e in fam.header_enums():
        kind = 'flags' if e.is_flags else 'enum'
        for entry in e.entries:
            add(f"{kind} {e.name} entry {entry.name}", e.c_name(entry),
                entry.value)
        if e.is_flags:
            if e.render_max:
                add(f"flags {e.name} mask", e.mask_name, e.mask)
        else:
            # vdsa renders a max for every value enum (render-max): an
            # extra header entry then moves the max and fails the check.
            add(f"enum {e.name} max (last value)", e.max_name, e.last_value)
            add(f"enum {e.name} count", e.cnt_name, e.last_value + 1)

    for s in fam.header_sets():
        for a in s.attrs:
            add(f"attribute {s.name}/{a.name}", a.c_name, a.value)
        add(f"attribute set {s.name} max ({len(s.attrs)} attributes)",
            s.max_name, s.last_value)
        add(f"attribute set {s.name} count", s.cnt_name, s.last_value + 1)

    for op in fam.ops:
        add(f"op {op.name}", op.c_name, op.value)
    last_cmd = max(op.value for op in fam.ops)
    add(f"command max ({len(fam.ops)} ops incl. notifications)",
        fam.cmd_max_name, last_cmd)
    add("command count", fam.cmd_cnt_name, last_cmd + 1)

    for name, cname in fam.mcgrps:
        add(f"multicast group {name}", cname, name)
    return checks


def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def render_check_program(fam, checks):
    """A C file whose compilation proves the numeric values and whose run
    proves the strings.  Each _Static_assert message names the spec item,
    so a failure reads like a sentence.

    Returns the text and a map from line number to the check on that line,
    which is how compiler errors are traced back to spec items."""
    out = []
    lines = {}

    def emit(text, check=None):
        out.append(text)
        if check is not None:
            lines[len(out)] = check

    emit("/* Generated by nlspec.py check-header; do not edit. */")
    emit("#include <stdio.h>")
    emit("#include <string.h>")
    emit(f"#include <{fam.uapi_header}>")
    emit("")
    for i, c in enumerate(checks):
        if isinstance(c.want, str):
            # "" X "" only compiles if X is a string literal; the size
            # check catches a different length at compile time already.
            msg = c_string(f"{c.what}: {c.expr} must be the string "
                           f"\"{c.want}\"")
            emit(f"static const char check_str_{i}[] = \"\" {c.expr} \"\";",
                 ('string', i))
            emit(f"_Static_assert(sizeof(check_str_{i}) == "
                 f"sizeof({c_string(c.want)}), {msg});", ('value', i))
        else:
            msg = c_string(f"{c.what}: {c.expr} must be {c.want}")
            emit(f"_Static_assert((long long)({c.expr}) == {c.want}LL, "
                 f"{msg});", ('value', i))
    for e in fam.header_enums():
        if e.c_tag:
            msg = c_string(f"enum {e.name}: enum {e.c_tag} must exist")
            emit(f"_Static_assert(sizeof(enum {e.c_tag}) > 0, {msg});",
                 ('tag', e))
    emit("")
    emit("int main(void)")
    emit("{")
    emit("\tint bad = 0;")
    emit("")
    for i, c in enumerate(checks):
        if not isinstance(c.want, str):
            continue
        emit(f"\tif (strcmp(check_str_{i}, {c_string(c.want)})) {{")
        emit(f"\t\tprintf(\"%s: {c.expr} is \\\"%s\\\", "
             f"spec says \\\"%s\\\"\\n\", {c_string(c.what)}, "
             f"check_str_{i}, {c_string(c.want)});")
        emit("\t\tbad = 1;")
        emit("\t}")
    emit("\treturn bad;")
    emit("}")
    return "\n".join(out) + "\n", lines


def run(cmd):
    # The C locale keeps compiler messages in ASCII quotes, which is what
    # compile_problems() parses.
    env = dict(os.environ, LC_ALL='C')
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, env=env)


def header_identifiers(fam, cc, include_dir, header_path):
    """Every identifier carrying the family prefix that the header defines:
    macros (from the preprocessor) and enumerators (from the enum bodies),
    plus which enum each enumerator sits in."""
    prefixes = (fam.ident + '_', '__' + fam.ident + '_')
    macros = set()
    res = run(cc + ['-E', '-dM', '-I', include_dir, header_path])
    if res.returncode:
        raise SpecError(f"preprocessing {header_path} failed:\n{res.stderr}")
    for line in res.stdout.splitlines():
        m = re.match(r'#define\s+(\w+)', line)
        if m and m.group(1).startswith(prefixes):
            macros.add(m.group(1))

    res = run(cc + ['-E', '-P', '-I', include_dir, header_path])
    if res.returncode:
        raise SpecError(f"preprocessing {header_path} failed:\n{res.stderr}")
    enumerators = {}            # name -> (enum tag or None, block number)
    for block, m in enumerate(re.finditer(r'\benum\s*(\w*)\s*\{([^}]*)\}',
                                          res.stdout)):
        tag = m.group(1) or None
        for item in m.group(2).split(','):
            name = item.split('=')[0].strip()
            if name.startswith(prefixes):
                enumerators[name] = (tag, block)
    return macros, enumerators


def expected_identifiers(fam):
    names = {fam.family_name_macro, fam.version_macro}
    names.update(cname for _, cname, _, in_header in fam.consts if in_header)
    for e in fam.header_enums():
        names.update(e.c_name(x) for x in e.entries)
        if e.is_flags:
            if e.render_max:
                names.add(e.mask_name)
        else:
            names.update((e.max_name, e.cnt_name))
    for s in fam.header_sets():
        names.update(a.c_name for a in s.attrs)
        names.update((s.max_name, s.cnt_name))
    names.update(op.c_name for op in fam.ops)
    names.update((fam.cmd_max_name, fam.cmd_cnt_name))
    names.update(cname for _, cname in fam.mcgrps)
    return names


def grouping_problems(fam, enumerators):
    """Enum entries must sit in their own enum, attributes of one set in one
    enum, commands in one enum: a value can be right in the wrong enum."""
    problems = []

    def describe(tag):
        return f"enum {tag}" if tag else "an anonymous enum"

    def same_block(what, names, tag):
        present = [n for n in names if n in enumerators]
        blocks = {enumerators[n][1] for n in present}
        if len(blocks) > 1:
            problems.append(f"{what}: entries are split over several enums "
                            f"({', '.join(sorted(present))})")
        wrong = {}
        for n in present:
            if enumerators[n][0] != tag:
                wrong.setdefault(enumerators[n][0], []).append(n)
        for found, names in wrong.items():
            listed = ', '.join(names) if len(names) <= 3 else \
                f"{names[0]} and {len(names) - 1} more"
            problems.append(f"{what}: {listed} in {describe(found)}, "
                            f"expected {describe(tag)}")

    for e in fam.header_enums():
        names = [e.c_name(x) for x in e.entries]
        if not e.is_flags:
            names += [e.max_name, e.cnt_name]
        same_block(f"{'flags' if e.is_flags else 'enum'} {e.name}", names,
                   e.c_tag)
    for s in fam.header_sets():
        names = [a.c_name for a in s.attrs] + [s.max_name, s.cnt_name]
        same_block(f"attribute set {s.name}", names, s.c_tag)
    same_block("commands", [op.c_name for op in fam.ops] +
               [fam.cmd_max_name, fam.cmd_cnt_name], fam.cmd_c_tag)
    return problems


def probe_values(cc, include_dir, fam, checks, workdir):
    """For failed numeric checks whose identifiers exist, ask the compiler
    what the header actually says, so the message can show both sides."""
    src = os.path.join(workdir, 'probe.c')
    exe = os.path.join(workdir, 'probe')
    lines = ["#include <stdio.h>", f"#include <{fam.uapi_header}>",
             "int main(void)", "{"]
    for i, c in enumerate(checks):
        lines.append(f"\tprintf(\"%d %lld\\n\", {i}, (long long)({c.expr}));")
    lines += ["\treturn 0;", "}"]
    with open(src, 'w', encoding='utf-8') as f:
        f.write("\n".join(lines) + "\n")
    res = run(cc + ['-w', '-I', include_dir, '-o', exe, src])
    if res.returncode:
        return {}
    res = run([exe])
    values = {}
    for line in res.stdout.splitlines():
        i, v = line.split()
        values[int(i)] = int(v)
    return values


def cmd_check_header(args):
    fam = Family(args.spec)
    cc = (args.cc or os.environ.get('CC') or 'cc').split()
    header_path = os.path.join(args.include, fam.uapi_header)
    if not os.path.isfile(header_path):
        print(f"check-header: {header_path} does not exist", file=sys.stderr)
        return 2

    problems = []

    # Direction 1: nothing in the header that the spec lacks.
    macros, enumerators = header_identifiers(fam, cc, args.include,
                                             header_path)
    expected = expected_identifiers(fam)
    for name in sorted((macros | set(enumerators)) - expected):
        problems.append(f"{name} is defined by the header but not by the "
                        "spec")
    for name in sorted(set(enumerators) & macros):
        problems.append(f"{name} is both a macro and an enumerator")
    problems += grouping_problems(fam, enumerators)

    # Direction 2: everything in the spec is in the header, with its value.
    checks = expected_checks(fam)
    workdir = tempfile.mkdtemp(prefix='nlspec-')
    try:
        src = os.path.join(workdir, 'check.c')
        exe = os.path.join(workdir, 'check')
        text, line_map = render_check_program(fam, checks)
        with open(src, 'w', encoding='utf-8') as f:
            f.write(text)
        res = run(cc + ['-std=gnu11', '-I', args.include, '-o', exe, src])
        if res.returncode:
            problems += compile_problems(res.stderr, checks, line_map, fam,
                                         cc, args.include, workdir)
        else:
            res = run([exe])
            problems += [l.strip() for l in res.stdout.splitlines()
                         if l.strip()]
            if res.returncode and not res.stdout.strip():
                problems.append(f"check program failed: {res.stderr}")
    finally:
        if args.keep:
            print(f"check-header: kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    if problems:
        for p in dict.fromkeys(problems):       # unique, in order
            print(f"check-header: MISMATCH: {p}")
        print(f"check-header: {header_path} does NOT agree with "
              f"{args.spec} ({len(problems)} problem(s))")
        return 1
    print(f"check-header: {header_path} agrees with {args.spec} "
          f"({len(checks)} values, {len(expected)} identifiers)")
    return 0


def compiler_errors(stderr):
    """(file, line, text) for each error.  An error located in the header
    but raised while expanding a macro used by check.c is attributed to
    that check.c line, which names the spec item."""
    errors = []
    for block in re.split(r'\n(?=\S[^\n]*: error: )', stderr):
        m = re.search(r'^(.*?):(\d+):\d+: error: (.*)$', block, re.M)
        if not m:
            continue
        path, line, text = m.group(1), int(m.group(2)), m.group(3)
        if not path.endswith('check.c'):
            note = re.search(r'^(.*check\.c):(\d+):\d+: note: in expansion '
                             r'of macro', block, re.M)
            if note:
                path, line = note.group(1), int(note.group(2))
        errors.append((path, line, text))
    return errors


def compile_problems(stderr, checks, line_map, fam, cc, include_dir,
                     workdir):
    """Turn the compiler's complaints about check.c into spec-level
    messages, using the line each check was emitted on."""
    problems = []
    failed = []
    unexplained = []
    prefixes = (fam.ident + '_', '__' + fam.ident + '_')
    for path, line, text in compiler_errors(stderr):
        entry = line_map.get(line) if path.endswith('check.c') else None
        undeclared = re.match(r"'(\w+)' undeclared", text)
        if undeclared and undeclared.group(1).startswith(prefixes):
            problems.append(f"{undeclared.group(1)} is required by the spec "
                            "but the header does not define it")
        elif undeclared:
            pass        # one of check.c's own names, after an earlier error
        elif entry is None:
            unexplained.append(f"{path}:{line}: {text}")
        elif entry[0] == 'tag':
            e = entry[1]
            problems.append(f"enum {e.name}: the header has no "
                            f"enum {e.c_tag}")
        elif entry[0] == 'string':
            c = checks[entry[1]]
            problems.append(f"{c.what}: {c.expr} is not a string literal")
        elif text.startswith('static assertion failed'):
            failed.append(entry[1])
        # else: a follow-up error of one reported above

    if failed:
        actual = probe_values(cc, include_dir, fam,
                              [checks[i] for i in failed], workdir)
        for n, i in enumerate(failed):
            c = checks[i]
            if isinstance(c.want, str):
                problems.append(f"{c.what}: {c.expr} has the wrong length, "
                                f"spec says \"{c.want}\"")
            elif n in actual:
                problems.append(f"{c.what}: {c.expr} is {actual[n]}, "
                                f"spec says {c.want}")
            else:
                problems.append(f"{c.what}: {c.expr} must be {c.want}")
    if unexplained or not problems:
        # Most likely the header itself does not compile: show it all.
        problems.append("the check program did not compile:\n" + stderr)
    return problems


# ---------------------------------------------------------------------------
# gen-tables

C_TYPE_NAMES = {t: 'SPEC_ATTR_' + t.upper() for t in ATTR_TYPES}


def cident(name):
    return re.sub(r'[^A-Za-z0-9_]', '_', name)


def render_tables(fam, symbol):
    out = []
    spec_rel = os.path.basename(fam.path)
    out.append(f"/* Generated by tools/nlspec.py gen-tables from {spec_rel}."
               " Do not edit. */")
    out.append("#include <stddef.h>")
    out.append("")
    out.append('#include "vdsa-spec.h"')
    out.append("")

    enum_index = {}
    for i, e in enumerate(fam.enums):
        enum_index[e.name] = i
        out.append(f"static const struct spec_enum_entry "
                   f"enum_{cident(e.name)}_entries[] = {{")
        for entry in e.entries:
            out.append(f"\t{{ {c_string(entry.name)}, {entry.value}ULL }},")
        out.append("};")
        out.append("")
    out.append(f"static const struct spec_enum {symbol}_enums[] = {{")
    for e in fam.enums:
        out.append(f"\t{{ .name = {c_string(e.name)}, "
                   f".is_flags = {'true' if e.is_flags else 'false'}, "
                   f".n_entries = {len(e.entries)}, "
                   f".entries = enum_{cident(e.name)}_entries }},")
    if not fam.enums:
        out.append("\t{ .name = NULL },")
    out.append("};")
    out.append("")

    for s in fam.attr_sets:
        out.append(f"static const struct spec_attr "
                   f"attrs_{cident(s.name)}[] = {{")
        for a in s.attrs:
            enum = (f"&{symbol}_enums[{enum_index[a.enum]}]" if a.enum
                    else "NULL")
            out.append(f"\t{{ .name = {c_string(a.name)}, .value = {a.value}, "
                       f".type = {C_TYPE_NAMES[a.type]}, "
                       f".nested_set = {fam.set_index(a.nested) if a.nested else -1}, "
                       f".enumeration = {enum}, "
                       f".enum_as_flags = {'true' if a.enum_as_flags else 'false'}, "
                       f".multi_attr = {'true' if a.multi_attr else 'false'}, "
                       f".display_hint = "
                       f"{c_string(a.display_hint) if a.display_hint else 'NULL'} }},")
        out.append("};")
        out.append("")
    out.append(f"static const struct spec_attr_set {symbol}_sets[] = {{")
    for s in fam.attr_sets:
        out.append(f"\t{{ .name = {c_string(s.name)}, "
                   f".n_attrs = {len(s.attrs)}, "
                   f".attrs = attrs_{cident(s.name)} }},")
    out.append("};")
    out.append("")

    out.append(f"static const struct spec_op {symbol}_ops[] = {{")
    for op in fam.ops:
        out.append(f"\t{{ .name = {c_string(op.name)}, .cmd = {op.value}, "
                   f".attr_set = {fam.set_index(op.attr_set)}, "
                   f".has_do = {'true' if op.has_do else 'false'}, "
                   f".has_dump = {'true' if op.has_dump else 'false'}, "
                   f".is_notify = {'true' if op.is_notify else 'false'} }},")
    out.append("};")
    out.append("")

    out.append(f"static const char *const {symbol}_mcgrps[] = {{")
    for name, _ in fam.mcgrps:
        out.append(f"\t{c_string(name)},")
    out.append("\tNULL,")
    out.append("};")
    out.append("")

    out.append(f"const struct spec_family {symbol} = {{")
    out.append(f"\t.name = {c_string(fam.name)},")
    out.append(f"\t.version = {fam.version},")
    out.append(f"\t.n_enums = {len(fam.enums)},")
    out.append(f"\t.enums = {symbol}_enums,")
    out.append(f"\t.n_sets = {len(fam.attr_sets)},")
    out.append(f"\t.sets = {symbol}_sets,")
    out.append(f"\t.n_ops = {len(fam.ops)},")
    out.append(f"\t.ops = {symbol}_ops,")
    out.append(f"\t.n_mcgrps = {len(fam.mcgrps)},")
    out.append(f"\t.mcgrps = {symbol}_mcgrps,")
    out.append("};")
    return "\n".join(out) + "\n"


def cmd_gen_tables(args):
    fam = Family(args.spec)
    symbol = args.symbol or f"{cident(fam.name)}_spec"
    text = render_tables(fam, symbol)
    # Write atomically so an interrupted build never leaves half a file
    # that make would consider up to date.
    tmp = args.output + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, args.output)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog='nlspec.py',
                                     description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='command', required=True)

    p = sub.add_parser('check-header',
                       help='verify the uAPI header against the spec')
    p.add_argument('--spec', required=True, help='YNL spec (YAML)')
    p.add_argument('--include', required=True,
                   help='directory holding the uapi header '
                        '(the spec\'s uapi-header is looked up in it)')
    p.add_argument('--cc', help='C compiler (default: $CC or cc)')
    p.add_argument('--keep', action='store_true',
                   help='keep the generated C files (debugging)')
    p.set_defaults(func=cmd_check_header)

    p = sub.add_parser('gen-tables', help='generate C tables for vdsa-nl')
    p.add_argument('--spec', required=True, help='YNL spec (YAML)')
    p.add_argument('-o', '--output', required=True, help='output .c file')
    p.add_argument('--symbol', help='name of the family table '
                                    '(default: <family>_spec)')
    p.set_defaults(func=cmd_gen_tables)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (SpecError, KeyError, OSError, yaml.YAMLError) as e:
        what = f"missing key {e}" if isinstance(e, KeyError) else str(e)
        print(f"nlspec.py {args.command}: error: {what}", file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
