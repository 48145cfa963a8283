// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: the library context. It owns everything else: the netlink
 * socket, the cached family id, the snapshot and the last kernel error.
 * There is no global state, so separate contexts never interfere.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libvdsa-private.h"

void vdsa_log(struct vdsa_ctx *ctx, int priority, const char *file, int line, const char *fn,
	      const char *format, ...)
{
	va_list args;

	va_start(args, format);
	ctx->log_fn(ctx, priority, file, line, fn, format, args);
	va_end(args);
}

int vdsa_log_priority_parse(const char *value)
{
	uint32_t prio;

	if (!value || !*value)
		return -1;
	if (!vdsa_parse_u32(value, strlen(value), &prio))
		return prio <= LOG_DEBUG ? (int)prio : -1;
	if (!strcmp(value, "err"))
		return LOG_ERR;
	if (!strcmp(value, "info"))
		return LOG_INFO;
	if (!strcmp(value, "debug"))
		return LOG_DEBUG;
	return -1;
}

/**
 * vdsa_ctx_new - create a library context
 * @ret: the new context, with one reference
 *
 * No netlink socket is opened yet: that happens on the first request, so
 * creating a context cannot fail for lack of the kernel module. The log
 * priority starts from the VDSA_LOG environment variable ("err", "info",
 * "debug" or a syslog number; ignored in set-uid programs); no log function
 * is installed, so the library is silent until the caller sets one.
 *
 * Returns: 0, -EINVAL if @ret is NULL, or -ENOMEM.
 */
VDSA_EXPORT int vdsa_ctx_new(struct vdsa_ctx **ret)
{
	struct vdsa_ctx *ctx;
	int prio;

	if (!ret)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->log_priority = LOG_ERR;
	/* Tests point the mdev files at a directory of their own. */
	ctx->sysfs_root = strdup(secure_getenv("VDSA_SYSFS_ROOT") ?: "/sys");
	if (!ctx->sysfs_root) {
		free(ctx);
		return -ENOMEM;
	}
	prio = vdsa_log_priority_parse(secure_getenv("VDSA_LOG"));
	if (prio >= 0)
		ctx->log_priority = prio;
	*ret = ctx;
	return 0;
}

/**
 * vdsa_ctx_ref - take a reference on a context
 * @ctx: the context, or NULL
 *
 * Returns: @ctx.
 */
VDSA_EXPORT struct vdsa_ctx *vdsa_ctx_ref(struct vdsa_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

/**
 * vdsa_ctx_unref - drop a reference; the last one frees the context
 * @ctx: the context, or NULL
 *
 * Freeing closes the socket and frees the snapshot: every object pointer
 * and string obtained from the context becomes invalid.
 *
 * Returns: NULL, so callers can write ctx = vdsa_ctx_unref(ctx).
 */
VDSA_EXPORT struct vdsa_ctx *vdsa_ctx_unref(struct vdsa_ctx *ctx)
{
	struct vdsa_snapshot snap;

	if (!ctx || --ctx->refcount > 0)
		return NULL;
	snap = (struct vdsa_snapshot){ .devs = ctx->devs,
				       .n_devs = ctx->n_devs,
				       .insts = ctx->insts,
				       .n_insts = ctx->n_insts };
	vdsa_snapshot_release(&snap);
	vdsa_nl_socket_drop(ctx);
	vdsa_ctx_clear_error(ctx);
	free(ctx->sysfs_root);
	free(ctx);
	return NULL;
}

/**
 * vdsa_ctx_set_log_fn - route the library's log messages to @fn
 * @ctx: the context
 * @fn: the log function, or NULL to silence the library again
 * @userdata: handed back by vdsa_ctx_get_log_userdata()
 *
 * Messages above the priority set by vdsa_ctx_set_log_priority() (or
 * VDSA_LOG) are dropped before @fn sees them.
 */
VDSA_EXPORT void vdsa_ctx_set_log_fn(struct vdsa_ctx *ctx, vdsa_log_fn fn, void *userdata)
{
	if (!ctx)
		return;
	ctx->log_fn = fn;
	ctx->log_data = userdata;
}

/**
 * vdsa_ctx_get_log_userdata - the userdata given to vdsa_ctx_set_log_fn()
 * @ctx: the context
 *
 * Returns: the userdata, or NULL.
 */
VDSA_EXPORT void *vdsa_ctx_get_log_userdata(struct vdsa_ctx *ctx)
{
	return ctx ? ctx->log_data : NULL;
}

/**
 * vdsa_ctx_set_log_priority - the most verbose syslog priority to log
 * @ctx: the context
 * @priority: LOG_ERR (the default) .. LOG_DEBUG
 */
VDSA_EXPORT void vdsa_ctx_set_log_priority(struct vdsa_ctx *ctx, int priority)
{
	if (ctx)
		ctx->log_priority = priority;
}

void vdsa_ctx_clear_error(struct vdsa_ctx *ctx)
{
	free(ctx->last_error);
	free(ctx->last_error_attr);
	ctx->last_error = NULL;
	ctx->last_error_attr = NULL;
}

void vdsa_ctx_take_error(struct vdsa_ctx *ctx, char **msg, char **attr)
{
	*msg = ctx->last_error;
	*attr = ctx->last_error_attr;
	ctx->last_error = NULL;
	ctx->last_error_attr = NULL;
}

void vdsa_ctx_set_error(struct vdsa_ctx *ctx, char *msg, char *attr)
{
	vdsa_ctx_clear_error(ctx);
	ctx->last_error = msg;
	ctx->last_error_attr = attr;
}

/**
 * vdsa_ctx_get_last_error - what the kernel said about the last request
 * @ctx: the context
 *
 * Every request (a refresh, a submit, a reset) clears it first, so after a
 * failure it explains that failure and after a success it is NULL. When
 * the kernel reported a missing attribute without a text, the text is
 * "missing attribute NAME".
 *
 * Returns: the kernel's extended-ack message, owned by @ctx, or NULL.
 */
VDSA_EXPORT const char *vdsa_ctx_get_last_error(struct vdsa_ctx *ctx)
{
	return ctx ? ctx->last_error : NULL;
}

/**
 * vdsa_ctx_get_last_error_attr - the attribute the kernel blamed
 * @ctx: the context
 *
 * The kernel points at a byte offset in the request; the library maps it
 * back to the attribute it wrote there, in the spec's dashed names with
 * the position of repeated nests: "threshold", "wq[2].size",
 * "group[0].engines.id[1]". For a missing attribute it is the missing
 * attribute's name.
 *
 * Returns: the name, owned by @ctx, or NULL.
 */
VDSA_EXPORT const char *vdsa_ctx_get_last_error_attr(struct vdsa_ctx *ctx)
{
	return ctx ? ctx->last_error_attr : NULL;
}
