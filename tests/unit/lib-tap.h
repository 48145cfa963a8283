/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A little TAP for the libvdsa unit tests (tests/unit/lib-*.c), plus the
 * kernel's byte layouts of the netlink answers those tests fake: an
 * NLMSG_ERROR with extended-ACK TLVs laid out as netlink_ack() lays them
 * out, and NLMSG_DONE.
 */
#ifndef LIB_TAP_H
#define LIB_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

static int tap_count, tap_failed;

static inline bool tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		tap_failed++;
	return ok;
}

static inline bool tap_int(long long got, long long want, const char *what)
{
	if (got == want)
		return tap_ok(true, "%s", what);
	return tap_ok(false, "%s: got %lld, want %lld", what, got, want);
}

static inline bool tap_str(const char *got, const char *want, const char *what)
{
	if ((!got && !want) || (got && want && !strcmp(got, want)))
		return tap_ok(true, "%s", what);
	return tap_ok(false, "%s: got \"%s\", want \"%s\"", what, got ? got : "(null)",
		      want ? want : "(null)");
}

static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

static inline void tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

/* ---- canned kernel answers ------------------------------------------------- */

#define CANNED_NONE (-1LL)

/* What an NLMSG_ERROR (or a DONE) says beyond its errno; CANNED_NONE: absent. */
struct canned_ext {
	const char *msg;
	long long offs;
	long long miss_type;
	long long miss_nest;
};

#define CANNED_EXT_NONE ((struct canned_ext){ NULL, CANNED_NONE, CANNED_NONE, CANNED_NONE })

static inline size_t canned_tlv(uint8_t *buf, size_t off, uint16_t type, const void *data,
				size_t len)
{
	struct nlattr nla = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };

	memcpy(buf + off, &nla, sizeof(nla));
	memcpy(buf + off + NLA_HDRLEN, data, len);
	memset(buf + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	return off + NLA_HDRLEN + NLA_ALIGN(len);
}

static inline size_t canned_tlvs(uint8_t *buf, size_t off, const struct canned_ext *ext, bool *any)
{
	uint32_t v;

	*any = false;
	if (ext->msg) {
		off = canned_tlv(buf, off, NLMSGERR_ATTR_MSG, ext->msg, strlen(ext->msg) + 1);
		*any = true;
	}
	if (ext->offs != CANNED_NONE) {
		v = (uint32_t)ext->offs;
		off = canned_tlv(buf, off, NLMSGERR_ATTR_OFFS, &v, sizeof(v));
		*any = true;
	}
	if (ext->miss_type != CANNED_NONE) {
		v = (uint32_t)ext->miss_type;
		off = canned_tlv(buf, off, NLMSGERR_ATTR_MISS_TYPE, &v, sizeof(v));
		*any = true;
	}
	if (ext->miss_nest != CANNED_NONE) {
		v = (uint32_t)ext->miss_nest;
		off = canned_tlv(buf, off, NLMSGERR_ATTR_MISS_NEST, &v, sizeof(v));
		*any = true;
	}
	return off;
}

/*
 * netlink_ack(): nlmsghdr, nlmsgerr (the errno and the request's header),
 * the rest of the request unless capped, then the TLVs. @buf must hold
 * 512 bytes plus the request.
 */
static inline size_t canned_error(uint8_t *buf, const struct nlmsghdr *req, int error, bool capped,
				  const struct canned_ext *ext)
{
	struct nlmsghdr nlh = {
		.nlmsg_type = NLMSG_ERROR,
		.nlmsg_seq = req->nlmsg_seq,
		.nlmsg_pid = req->nlmsg_pid,
	};
	struct nlmsgerr e = { .error = error, .msg = *req };
	size_t off = NLMSG_HDRLEN;
	bool any;

	memcpy(buf + off, &e, sizeof(e));
	off += sizeof(e);
	if (!capped) {
		size_t len = req->nlmsg_len - NLMSG_HDRLEN;

		memcpy(buf + off, (const uint8_t *)req + NLMSG_HDRLEN, len);
		memset(buf + off + len, 0, NLMSG_ALIGN(len) - len);
		off += NLMSG_ALIGN(len);
	} else {
		nlh.nlmsg_flags |= NLM_F_CAPPED;
	}
	off = canned_tlvs(buf, off, ext, &any);
	if (any)
		nlh.nlmsg_flags |= NLM_F_ACK_TLVS;
	nlh.nlmsg_len = (uint32_t)off;
	memcpy(buf, &nlh, sizeof(nlh));
	return off;
}

/* netlink_dump_done(): the errno as an int, then the TLVs. */
static inline size_t canned_done(uint8_t *buf, const struct nlmsghdr *req, int error,
				 const struct canned_ext *ext)
{
	struct nlmsghdr nlh = {
		.nlmsg_type = NLMSG_DONE,
		.nlmsg_flags = NLM_F_MULTI,
		.nlmsg_seq = req->nlmsg_seq,
		.nlmsg_pid = req->nlmsg_pid,
	};
	size_t off = NLMSG_HDRLEN;
	bool any;

	memcpy(buf + off, &error, sizeof(error));
	off += NLMSG_ALIGN(sizeof(error));
	off = canned_tlvs(buf, off, ext, &any);
	if (any)
		nlh.nlmsg_flags |= NLM_F_ACK_TLVS;
	nlh.nlmsg_len = (uint32_t)off;
	memcpy(buf, &nlh, sizeof(nlh));
	return off;
}

#endif /* LIB_TAP_H */
