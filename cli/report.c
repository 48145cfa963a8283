// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsactl: errors. Everything goes to stderr as "vdsactl: WHAT: REASON",
 * with the kernel's own explanation (extack) and the attribute it blamed
 * when there is one: the kernel knows best why it refused a request.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vdsactl.h"

static void vmessage(const char *fmt, va_list ap)
{
	fputs("vdsactl: ", stderr);
	vfprintf(stderr, fmt, ap);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAILED;
}

int report_error(struct vdsactl *vc, int err, const char *fmt, ...)
{
	const char *msg = vc->ctx ? vdsa_ctx_get_last_error(vc->ctx) : NULL;
	const char *attr = vc->ctx ? vdsa_ctx_get_last_error_attr(vc->ctx) : NULL;
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s", strerror(err < 0 ? -err : err));
	if (msg && *msg)
		fprintf(stderr, ": %s", msg);
	if (attr && *attr)
		fprintf(stderr, " (attribute %s)", attr);
	/* The kernel says "not permitted"; say what would permit it. */
	if (err == -EPERM || err == -EACCES)
		fputs(" (CAP_NET_ADMIN or root is needed)", stderr);
	fputc('\n', stderr);
	return EXIT_FAILED;
}

/* VDSA_LOG=debug|info|err: the library's own account, for a bug report. */
static void log_to_stderr(struct vdsa_ctx *ctx, int priority, const char *file, int line,
			  const char *fn, const char *format, va_list args)
{
	(void)ctx;
	(void)priority;
	fprintf(stderr, "vdsactl: libvdsa: %s:%d %s: ", file, line, fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

static int open_error(struct vdsactl *vc, int err)
{
	/* The library's fixed meaning of -EOPNOTSUPP here: no vdsa family. */
	if (err == -EOPNOTSUPP || err == -ENOENT)
		return fail("the vdsa kernel module is not loaded (modprobe vdsa)");
	return report_error(vc, err, "reading the vdsa devices");
}

int vdsactl_open(struct vdsactl *vc)
{
	int r;

	if (vc->ctx)
		return EXIT_OK;
	r = vdsa_ctx_new(&vc->ctx);
	if (r < 0)
		return open_error(vc, r);
	/* Silent unless asked: the library's errors are reported here anyway. */
	if (getenv("VDSA_LOG"))
		vdsa_ctx_set_log_fn(vc->ctx, log_to_stderr, NULL);
	r = vdsa_ctx_refresh(vc->ctx);
	if (r < 0)
		return open_error(vc, r);
	return EXIT_OK;
}
