// SPDX-License-Identifier: LGPL-2.1-or-later
/* libvdsa: engines in the snapshot. */
#include <errno.h>

#include <netlink/attr.h>

#include "libvdsa-private.h"

static const struct nla_policy engine_policy[VDSA_A_ENGINE_MAX + 1] = {
	[VDSA_A_ENGINE_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_ENGINE_ID] = { .type = NLA_U32 },
	[VDSA_A_ENGINE_GROUP_ID] = { .type = NLA_S32 },
};

int vdsa_engine_parse(struct nlmsghdr *nlh, uint32_t *ret_dev_id, struct vdsa_engine *engine)
{
	struct nlattr *tb[VDSA_A_ENGINE_MAX + 1];
	int r;

	r = vdsa_nl_parse(nlh, tb, VDSA_A_ENGINE_MAX, engine_policy);
	if (r < 0)
		return r;
	if (!tb[VDSA_A_ENGINE_DEV_ID] || !tb[VDSA_A_ENGINE_ID])
		return -EPROTO;
	*ret_dev_id = nla_get_u32(tb[VDSA_A_ENGINE_DEV_ID]);
	engine->id = nla_get_u32(tb[VDSA_A_ENGINE_ID]);
	/* Absent when the engine is in no group. */
	engine->has_group = tb[VDSA_A_ENGINE_GROUP_ID] &&
			    (int32_t)nla_get_u32(tb[VDSA_A_ENGINE_GROUP_ID]) != VDSA_GROUP_NONE;
	engine->group_id = engine->has_group ? (int32_t)nla_get_u32(tb[VDSA_A_ENGINE_GROUP_ID]) :
					       VDSA_GROUP_NONE;
	return 0;
}

struct vdsa_engine *vdsa_dev_engine_by_id(struct vdsa_dev *dev, uint32_t id)
{
	size_t i;

	for (i = 0; i < dev->n_engines; i++)
		if (dev->engines[i].id == id)
			return &dev->engines[i];
	return NULL;
}

/**
 * vdsa_engine_get_first - the first engine of a device
 * @dev: the device
 *
 * Returns: the engine, borrowed from the snapshot, or NULL.
 */
VDSA_EXPORT struct vdsa_engine *vdsa_engine_get_first(struct vdsa_dev *dev)
{
	return dev && dev->n_engines ? &dev->engines[0] : NULL;
}

/**
 * vdsa_engine_get_next - the engine after @engine, in id order
 * @engine: an engine
 *
 * Returns: the next engine of the same device, or NULL after the last.
 */
VDSA_EXPORT struct vdsa_engine *vdsa_engine_get_next(struct vdsa_engine *engine)
{
	struct vdsa_dev *dev;

	if (!engine)
		return NULL;
	dev = engine->dev;
	return engine + 1 < dev->engines + dev->n_engines ? engine + 1 : NULL;
}

/**
 * vdsa_engine_get_dev - the device of an engine
 * @engine: the engine
 *
 * Returns: the device, or NULL.
 */
VDSA_EXPORT struct vdsa_dev *vdsa_engine_get_dev(struct vdsa_engine *engine)
{
	return engine ? engine->dev : NULL;
}

/**
 * vdsa_engine_get_id - the engine's id on its device
 * @engine: the engine
 *
 * Returns: the id.
 */
VDSA_EXPORT uint32_t vdsa_engine_get_id(struct vdsa_engine *engine)
{
	return engine ? engine->id : 0;
}

/**
 * vdsa_engine_get_group_id - the group the engine belongs to
 * @engine: the engine
 * @ret: the group id
 *
 * Returns: 0, -ENODATA if the engine is in no group, or -EINVAL.
 */
VDSA_EXPORT int vdsa_engine_get_group_id(struct vdsa_engine *engine, uint32_t *ret)
{
	if (!engine || !ret)
		return -EINVAL;
	if (!engine->has_group)
		return -ENODATA;
	*ret = (uint32_t)engine->group_id;
	return 0;
}
