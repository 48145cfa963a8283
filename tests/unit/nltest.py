# SPDX-License-Identifier: GPL-2.0-only
"""Shared helpers for the host-side vdsa-nl and nlspec tests: a tiny TAP
emitter, locating the tree and the built client, and builders for the
netlink messages a kernel would send (for vdsa-nl --replay)."""

import os
import struct
import subprocess
import sys

# make check exports VDSA_SRCDIR/VDSA_BUILDDIR; run by hand, the tree is
# found from this file and the client in the current directory.
TOP_SRCDIR = (os.environ.get('VDSA_TOP_SRCDIR') or
              os.environ.get('VDSA_SRCDIR') or
              os.path.dirname(os.path.dirname(os.path.dirname(
                  os.path.abspath(__file__)))))
SPEC = os.path.join(TOP_SRCDIR, 'schemas', 'netlink', 'vdsa.yaml')
UAPI_DIR = os.path.join(TOP_SRCDIR, 'kernel', 'uapi')
NLSPEC = os.path.join(TOP_SRCDIR, 'tools', 'nlspec.py')


class Tap:
    """Collects results; the plan goes out at the end (valid TAP)."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        if not cond:
            self.failed += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} - {desc}")
        if not cond and diag:
            for line in str(diag).splitlines():
                print(f"# {line}")
        sys.stdout.flush()
        return cond

    def eq(self, got, want, desc):
        return self.ok(got == want, desc, f"got:  {got!r}\nwant: {want!r}")

    def done(self):
        print(f"1..{self.n}")
        sys.exit(1 if self.failed else 0)


def bail_out(reason):
    print(f"Bail out! {reason}")
    sys.exit(1)


def find_vdsa_nl():
    """$VDSA_NL, else the build tree (make check runs in top_builddir),
    else an in-tree build."""
    builddir = os.environ.get('VDSA_BUILDDIR')
    candidates = [os.environ.get('VDSA_NL'),
                  builddir and os.path.join(builddir, 'tests', 'tools',
                                            'vdsa-nl'),
                  os.path.join(os.getcwd(), 'tests', 'tools', 'vdsa-nl'),
                  os.path.join(TOP_SRCDIR, 'tests', 'tools', 'vdsa-nl')]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    bail_out("vdsa-nl is not built (set VDSA_NL or run make first)")
    return None


def run(argv, timeout=20):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout)


# ---------------------------------------------------------------------------
# Netlink messages, laid out as the kernel lays them out.

NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_DUMP_INTR = 0x10
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLA_F_NESTED = 0x8000

NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
NLMSGERR_ATTR_MISS_NEST = 6

# vdsa-nl uses this family id whenever it does not ask the kernel.
FAMILY_ID = 0x1000


def pad4(b):
    return b + b'\0' * (-len(b) % 4)


def attr(atype, payload=b''):
    return pad4(struct.pack('=HH', 4 + len(payload), atype) + payload)


def u8(atype, v):
    return attr(atype, struct.pack('=B', v))


def u32(atype, v):
    return attr(atype, struct.pack('=I', v))


def s32(atype, v):
    return attr(atype, struct.pack('=i', v))


def u64(atype, v):
    return attr(atype, struct.pack('=Q', v))


def string(atype, s):
    return attr(atype, s.encode() + b'\0')


def flag(atype):
    return attr(atype)


def nest(atype, *children):
    return attr(atype | NLA_F_NESTED, b''.join(children))


def nlmsg(mtype, flags, payload, seq=0, pid=0):
    payload = pad4(payload)
    return struct.pack('=IHHII', 16 + len(payload), mtype, flags, seq,
                       pid) + payload


def genl(cmd, *attrs, flags=0, mtype=FAMILY_ID):
    return nlmsg(mtype, flags, struct.pack('=BBH', cmd, 1, 0) +
                 b''.join(attrs))


def extack(msg=None, offs=None, miss_type=None, miss_nest=None):
    tlvs = b''
    if msg is not None:
        tlvs += string(NLMSGERR_ATTR_MSG, msg)
    if offs is not None:
        tlvs += u32(NLMSGERR_ATTR_OFFS, offs)
    if miss_type is not None:
        tlvs += u32(NLMSGERR_ATTR_MISS_TYPE, miss_type)
    if miss_nest is not None:
        tlvs += u32(NLMSGERR_ATTR_MISS_NEST, miss_nest)
    return tlvs


def error(errno, request=None, **ext):
    """NLMSG_ERROR as the kernel builds it: with NETLINK_CAP_ACK only the
    request's header is echoed; pass request= to echo all of it."""
    tlvs = extack(**ext)
    flags = NLM_F_ACK_TLVS if tlvs else 0
    if request is None:
        echo = struct.pack('=IHHII', 16, FAMILY_ID, NLM_F_REQUEST | NLM_F_ACK,
                           0, 0)
        flags |= NLM_F_CAPPED
    else:
        echo = pad4(request)
    return nlmsg(NLMSG_ERROR, flags, struct.pack('=i', -errno) + echo + tlvs)


def ack(**ext):
    return error(0, **ext)


def done(err=0, flags=NLM_F_MULTI, **ext):
    tlvs = extack(**ext)
    if tlvs:
        flags |= NLM_F_ACK_TLVS
    return nlmsg(NLMSG_DONE, flags, struct.pack('=i', -err) + tlvs)


def write_replay(path, rounds):
    """rounds: a list (one per request) of lists of datagrams (bytes)."""
    with open(path, 'w', encoding='ascii') as f:
        f.write("# generated by tests/unit/nltest.py\n")
        for i, datagrams in enumerate(rounds):
            if i:
                f.write("--\n")
            for d in datagrams:
                f.write(d.hex() + "\n")


def parse_attrs(data):
    """[(type, flags, payload)] of a flat attribute stream."""
    out = []
    while len(data) >= 4:
        length, atype = struct.unpack_from('=HH', data)
        if length < 4 or length > len(data):
            raise ValueError(f"bad attribute length {length}")
        out.append((atype & 0x3fff, atype & 0xc000, data[4:length]))
        data = data[(length + 3) & ~3:]
    if data:
        raise ValueError(f"{len(data)} trailing bytes")
    return out


def parse_request(hexstr):
    """(nlmsghdr fields, genl cmd, version, attribute bytes) of a request
    printed by vdsa-nl --print-request=hex."""
    data = bytes.fromhex(hexstr.strip())
    length, mtype, flags, seq, pid = struct.unpack_from('=IHHII', data)
    if length != len(data):
        raise ValueError(f"nlmsg_len {length} != {len(data)} bytes")
    cmd, version, _ = struct.unpack_from('=BBH', data, 16)
    return (length, mtype, flags, seq, pid), cmd, version, data[20:]
