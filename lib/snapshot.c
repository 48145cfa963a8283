// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvdsa: the snapshot. A refresh reads every device, then every group,
 * engine and WQ (four dumps) into a new snapshot and swaps it in only when
 * all of it arrived: a failed refresh leaves the old one intact.
 *
 * Devices are read first on purpose: their generation is what a
 * configuration request is pinned to, and the objects read afterwards are
 * at least that new. If they are newer, the kernel refuses the pinned
 * request with EAGAIN, which is the safe outcome. A refresh that sees WQs
 * of a newer generation than their device, or a dump interrupted by a
 * change (NLM_F_DUMP_INTR), starts over, a few times.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libvdsa-private.h"

void vdsa_snapshot_release(struct vdsa_snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->n_devs; i++)
		vdsa_dev_free(snap->devs[i]);
	free(snap->devs);
	for (i = 0; i < snap->n_insts; i++)
		vdsa_inst_free(snap->insts[i]);
	free(snap->insts);
	memset(snap, 0, sizeof(*snap));
}

int vdsa_grow(void **array, size_t *cap, size_t n, size_t size)
{
	size_t new_cap;
	void *p;

	if (n < *cap)
		return 0;
	new_cap = *cap ? 2 * *cap : 8;
	p = realloc(*array, new_cap * size);
	if (!p)
		return -ENOMEM;
	*array = p;
	*cap = new_cap;
	return 0;
}

static struct vdsa_dev *snap_dev(struct vdsa_snapshot *snap, uint32_t id)
{
	size_t i;

	for (i = 0; i < snap->n_devs; i++)
		if (snap->devs[i]->id == id)
			return snap->devs[i];
	return NULL;
}

static int collect_dev(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct vdsa_snapshot *snap = arg;
	struct vdsa_dev *dev;
	int r;

	r = vdsa_grow((void **)&snap->devs, &snap->cap_devs, snap->n_devs, sizeof(*snap->devs));
	if (r < 0)
		return r;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	r = vdsa_dev_parse(nlh, dev);
	if (r < 0) {
		vdsa_dev_free(dev);
		return r;
	}
	dev->ctx = ctx;
	snap->devs[snap->n_devs++] = dev;
	return 0;
}

static int collect_group(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct vdsa_snapshot *snap = arg;
	struct vdsa_group group = { 0 };
	struct vdsa_dev *dev;
	uint32_t dev_id;
	int r;

	(void)ctx;
	r = vdsa_group_parse(nlh, &dev_id, &group);
	if (r < 0)
		return r;
	dev = snap_dev(snap, dev_id);
	/* A device that appeared after the device dump: next refresh. */
	if (!dev) {
		vdsa_group_release(&group);
		return 0;
	}
	r = vdsa_grow((void **)&dev->groups, &dev->cap_groups, dev->n_groups, sizeof(group));
	if (r < 0) {
		vdsa_group_release(&group);
		return r;
	}
	/*
	 * Room for every engine of the device: requests update the list in
	 * place, so the array a caller got from vdsa_group_get_engines()
	 * stays where it is.
	 */
	if (group.cap_engines < dev->max_engines) {
		uint32_t *p = realloc(group.engines, dev->max_engines * sizeof(*p));

		if (!p) {
			vdsa_group_release(&group);
			return -ENOMEM;
		}
		group.engines = p;
		group.cap_engines = dev->max_engines;
	}
	group.dev = dev;
	vdsa_devname_format(group.devname, sizeof(group.devname), "group", dev->number, group.id);
	dev->groups[dev->n_groups++] = group;
	return 0;
}

static int collect_engine(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct vdsa_snapshot *snap = arg;
	struct vdsa_engine engine = { 0 };
	struct vdsa_dev *dev;
	uint32_t dev_id;
	int r;

	(void)ctx;
	r = vdsa_engine_parse(nlh, &dev_id, &engine);
	if (r < 0)
		return r;
	dev = snap_dev(snap, dev_id);
	if (!dev)
		return 0;
	r = vdsa_grow((void **)&dev->engines, &dev->cap_engines, dev->n_engines, sizeof(engine));
	if (r < 0)
		return r;
	engine.dev = dev;
	dev->engines[dev->n_engines++] = engine;
	return 0;
}

static int collect_wq(struct vdsa_ctx *ctx, struct nlmsghdr *nlh, void *arg)
{
	struct vdsa_snapshot *snap = arg;
	struct vdsa_wq wq = { 0 };
	struct vdsa_dev *dev;
	uint32_t dev_id;
	int r;

	(void)ctx;
	r = vdsa_wq_parse(nlh, &dev_id, &wq);
	if (r < 0)
		return r;
	dev = snap_dev(snap, dev_id);
	if (!dev)
		return 0;
	r = vdsa_grow((void **)&dev->wqs, &dev->cap_wqs, dev->n_wqs, sizeof(wq));
	if (r < 0)
		return r;
	wq.dev = dev;
	vdsa_devname_format(wq.devname, sizeof(wq.devname), "wq", dev->number, wq.id);
	dev->wqs[dev->n_wqs++] = wq;
	return 0;
}

/* One get (@filter set: the device with that id) or dump of @cmd. */
static int read_objects(struct vdsa_ctx *ctx, int family, uint8_t cmd, bool dump,
			const struct vdsa_attr_set *set, uint16_t id_attr, const uint32_t *filter,
			vdsa_nl_reply_fn fn, struct vdsa_snapshot *snap)
{
	struct vdsa_msg *m;
	int r;

	r = vdsa_msg_new(family, cmd, dump ? NLM_F_DUMP : 0, set, 64, &m);
	if (r < 0)
		return r;
	if (filter)
		vdsa_msg_put_u32(m, id_attr, *filter);
	r = vdsa_nl_transact(ctx, m, fn, snap);
	vdsa_msg_free(m);
	return r;
}

static int cmp_dev(const void *a, const void *b)
{
	const struct vdsa_dev *x = *(struct vdsa_dev *const *)a, *y = *(struct vdsa_dev *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_group(const void *a, const void *b)
{
	const struct vdsa_group *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_engine(const void *a, const void *b)
{
	const struct vdsa_engine *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_wq(const void *a, const void *b)
{
	const struct vdsa_wq *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Orders everything by id (the kernel dumps in order; this makes it a
 * promise) and tells whether the objects belong to the generation their
 * device was read at.
 */
static bool snapshot_finish(struct vdsa_snapshot *snap)
{
	bool consistent = true;
	size_t i, j;

	qsort(snap->devs, snap->n_devs, sizeof(*snap->devs), cmp_dev);
	vdsa_insts_sort(snap->insts, snap->n_insts);
	for (i = 0; i < snap->n_devs; i++) {
		struct vdsa_dev *dev = snap->devs[i];

		dev->index = i;
		qsort(dev->groups, dev->n_groups, sizeof(*dev->groups), cmp_group);
		qsort(dev->engines, dev->n_engines, sizeof(*dev->engines), cmp_engine);
		qsort(dev->wqs, dev->n_wqs, sizeof(*dev->wqs), cmp_wq);
		for (j = 0; j < dev->n_wqs; j++)
			if (dev->wqs[j].generation != dev->generation)
				consistent = false;
	}
	return consistent;
}

/*
 * Reads all devices, or with @filter only that one, into @snap; with
 * @insts also the instances (last: they name WQs read before them).
 */
static int snapshot_read(struct vdsa_ctx *ctx, const uint32_t *filter, bool insts,
			 struct vdsa_snapshot *snap)
{
	bool consistent = false;
	int attempt, family, r = 0;

	for (attempt = 0; attempt < VDSA_READ_ATTEMPTS; attempt++) {
		family = vdsa_nl_family(ctx);
		if (family < 0)
			return family;
		r = read_objects(ctx, family, VDSA_CMD_DEV_GET, !filter, &vdsa_attrs_dev,
				 VDSA_A_DEV_ID, filter, collect_dev, snap);
		if (!r)
			r = read_objects(ctx, family, VDSA_CMD_GROUP_GET, true, &vdsa_attrs_group,
					 VDSA_A_GROUP_DEV_ID, filter, collect_group, snap);
		if (!r)
			r = read_objects(ctx, family, VDSA_CMD_ENGINE_GET, true, &vdsa_attrs_engine,
					 VDSA_A_ENGINE_DEV_ID, filter, collect_engine, snap);
		if (!r)
			r = read_objects(ctx, family, VDSA_CMD_WQ_GET, true, &vdsa_attrs_wq,
					 VDSA_A_WQ_DEV_ID, filter, collect_wq, snap);
		if (!r && insts)
			r = vdsa_insts_read(ctx, family, filter, snap);
		if (!r) {
			consistent = snapshot_finish(snap);
			/* Still racing after the last attempt: keep it, it is safe. */
			if (consistent || attempt == VDSA_READ_ATTEMPTS - 1)
				break;
		} else if (r != -EINTR) {
			break;
		}
		vdsa_dbg(ctx, "devices changed while reading them, reading again");
		vdsa_snapshot_release(snap);
	}
	if (r == -EINTR) {
		/* Interrupted every time: the caller may simply try again. */
		r = -EAGAIN;
	}
	if (r < 0)
		vdsa_snapshot_release(snap);
	else if (!consistent)
		vdsa_dbg(ctx, "snapshot objects are newer than their devices");
	return r;
}

/**
 * vdsa_ctx_refresh - read the kernel's devices, groups, engines and WQs
 * @ctx: the context
 *
 * Replaces the snapshot as a whole: every object pointer and string taken
 * from the old one becomes invalid, on success only. The family id is
 * resolved again, so a context notices a module loaded (or reloaded)
 * since the last refresh. No privileges are needed.
 *
 * Returns: the number of devices, or a negative errno: -EOPNOTSUPP if the
 * vdsa family is missing (module not loaded), -EAGAIN if devices kept
 * changing while they were read, -EPROTO for a malformed reply. On
 * failure the old snapshot stays.
 */
VDSA_EXPORT int vdsa_ctx_refresh(struct vdsa_ctx *ctx)
{
	struct vdsa_snapshot snap = { 0 }, old;
	int r;

	if (!ctx)
		return -EINVAL;
	vdsa_ctx_clear_error(ctx);
	vdsa_nl_family_forget(ctx);
	r = snapshot_read(ctx, NULL, true, &snap);
	if (r < 0)
		return r;
	old = (struct vdsa_snapshot){ .devs = ctx->devs,
				      .n_devs = ctx->n_devs,
				      .insts = ctx->insts,
				      .n_insts = ctx->n_insts };
	ctx->devs = snap.devs;
	ctx->n_devs = snap.n_devs;
	ctx->insts = snap.insts;
	ctx->n_insts = snap.n_insts;
	ctx->cap_insts = snap.cap_insts;
	vdsa_snapshot_release(&old);
	return (int)ctx->n_devs;
}

struct vdsa_dev *vdsa_ctx_dev_by_id(struct vdsa_ctx *ctx, uint32_t id)
{
	size_t i;

	for (i = 0; i < ctx->n_devs; i++)
		if (ctx->devs[i]->id == id)
			return ctx->devs[i];
	return NULL;
}

/* Copies the objects of @src into @dev's, which keep their addresses. */
static int dev_assign_objects(struct vdsa_dev *dev, const struct vdsa_dev *src)
{
	size_t i;
	int r;

	if (src->n_groups != dev->n_groups || src->n_engines != dev->n_engines ||
	    src->n_wqs != dev->n_wqs)
		return -ESTALE;
	for (i = 0; i < src->n_groups; i++) {
		struct vdsa_group *g = vdsa_dev_group_by_id(dev, src->groups[i].id);

		if (!g)
			return -ESTALE;
		r = vdsa_group_assign(g, &src->groups[i]);
		if (r < 0)
			return r;
	}
	for (i = 0; i < src->n_engines; i++) {
		struct vdsa_engine *e = vdsa_dev_engine_by_id(dev, src->engines[i].id);

		if (!e)
			return -ESTALE;
		e->has_group = src->engines[i].has_group;
		e->group_id = src->engines[i].group_id;
	}
	for (i = 0; i < src->n_wqs; i++) {
		struct vdsa_wq *w = vdsa_dev_wq_by_id(dev, src->wqs[i].id);

		if (!w)
			return -ESTALE;
		w->v = src->wqs[i].v;
		w->generation = src->wqs[i].generation;
		w->has_owner = src->wqs[i].has_owner;
		memcpy(w->owner, src->wqs[i].owner, sizeof(w->owner));
	}
	return 0;
}

int vdsa_dev_reread(struct vdsa_dev *dev)
{
	struct vdsa_snapshot snap = { 0 };
	struct vdsa_dev *src;
	int r;

	r = snapshot_read(dev->ctx, &dev->id, false, &snap);
	if (r < 0)
		return r;
	src = snap_dev(&snap, dev->id);
	r = src ? dev_assign_objects(dev, src) : -ENODEV;
	if (!r) {
		vdsa_dev_take_fields(dev, src);
		/* Only now do the objects match a generation: pin to it. */
		dev->config_generation = src->config_generation;
	}
	vdsa_snapshot_release(&snap);
	return r;
}

/**
 * vdsa_dev_get_first - the first device of the snapshot
 * @ctx: the context
 *
 * Devices come in kernel id order. The snapshot is empty until the first
 * vdsa_ctx_refresh().
 *
 * Returns: the device, borrowed from the snapshot, or NULL.
 */
VDSA_EXPORT struct vdsa_dev *vdsa_dev_get_first(struct vdsa_ctx *ctx)
{
	return ctx && ctx->n_devs ? ctx->devs[0] : NULL;
}

/**
 * vdsa_dev_get_next - the device after @dev
 * @dev: a device of the snapshot
 *
 * Returns: the next device, or NULL after the last.
 */
VDSA_EXPORT struct vdsa_dev *vdsa_dev_get_next(struct vdsa_dev *dev)
{
	struct vdsa_ctx *ctx;

	if (!dev)
		return NULL;
	ctx = dev->ctx;
	return dev->index + 1 < ctx->n_devs ? ctx->devs[dev->index + 1] : NULL;
}
