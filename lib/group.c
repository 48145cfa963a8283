// SPDX-License-Identifier: LGPL-2.1-or-later
/* libvdsa: groups in the snapshot. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include "libvdsa-private.h"

static const struct nla_policy group_policy[VDSA_A_GROUP_MAX + 1] = {
	[VDSA_A_GROUP_DEV_ID] = { .type = NLA_U32 },
	[VDSA_A_GROUP_ID] = { .type = NLA_U32 },
	[VDSA_A_GROUP_ENGINES] = { .type = NLA_NESTED },
	[VDSA_A_GROUP_READ_BUFFERS_RESERVED] = { .type = NLA_U32 },
	[VDSA_A_GROUP_READ_BUFFERS_ALLOWED] = { .type = NLA_U32 },
};

int vdsa_group_parse(struct nlmsghdr *nlh, uint32_t *ret_dev_id, struct vdsa_group *group)
{
	struct nlattr *tb[VDSA_A_GROUP_MAX + 1], *a;
	size_t n = 0;
	int r, rem;

	r = vdsa_nl_parse(nlh, tb, VDSA_A_GROUP_MAX, group_policy);
	if (r < 0)
		return r;
	if (!tb[VDSA_A_GROUP_DEV_ID] || !tb[VDSA_A_GROUP_ID])
		return -EPROTO;
	*ret_dev_id = nla_get_u32(tb[VDSA_A_GROUP_DEV_ID]);
	group->id = nla_get_u32(tb[VDSA_A_GROUP_ID]);
	if (tb[VDSA_A_GROUP_READ_BUFFERS_RESERVED])
		group->read_buffers_reserved = nla_get_u32(tb[VDSA_A_GROUP_READ_BUFFERS_RESERVED]);
	if (tb[VDSA_A_GROUP_READ_BUFFERS_ALLOWED])
		group->read_buffers_allowed = nla_get_u32(tb[VDSA_A_GROUP_READ_BUFFERS_ALLOWED]);
	if (!tb[VDSA_A_GROUP_ENGINES])
		return 0;
	nla_for_each_nested(a, tb[VDSA_A_GROUP_ENGINES], rem) {
		if (nla_type(a) != VDSA_A_ENGINE_ID || nla_len(a) != sizeof(uint32_t))
			return -EPROTO;
		n++;
	}
	if (!n)
		return 0;
	group->engines = calloc(n, sizeof(*group->engines));
	if (!group->engines)
		return -ENOMEM;
	group->cap_engines = n;
	nla_for_each_nested(a, tb[VDSA_A_GROUP_ENGINES], rem)
		group->engines[group->n_engines++] = nla_get_u32(a);
	return 0;
}

void vdsa_group_release(struct vdsa_group *group)
{
	free(group->engines);
	group->engines = NULL;
	group->n_engines = group->cap_engines = 0;
}

int vdsa_group_assign(struct vdsa_group *group, const struct vdsa_group *src)
{
	if (src->n_engines > group->cap_engines) {
		/* Grows the array: the one case where the pointer moves. */
		uint32_t *p = realloc(group->engines, src->n_engines * sizeof(*p));

		if (!p)
			return -ENOMEM;
		group->engines = p;
		group->cap_engines = src->n_engines;
	}
	if (src->n_engines)
		memcpy(group->engines, src->engines, src->n_engines * sizeof(*src->engines));
	group->n_engines = src->n_engines;
	group->read_buffers_reserved = src->read_buffers_reserved;
	group->read_buffers_allowed = src->read_buffers_allowed;
	return 0;
}

static bool has_engine(const struct vdsa_group *group, uint32_t engine)
{
	size_t i;

	for (i = 0; i < group->n_engines; i++)
		if (group->engines[i] == engine)
			return true;
	return false;
}

int vdsa_group_apply_reply(struct vdsa_dev *dev, const struct vdsa_group *src)
{
	struct vdsa_group *group = vdsa_dev_group_by_id(dev, src->id);
	size_t i, j, k;
	int r;

	if (!group)
		return -ENODEV;
	/* The kernel moves a named engine out of its old group. */
	for (i = 0; i < dev->n_groups; i++) {
		struct vdsa_group *other = &dev->groups[i];

		if (other == group)
			continue;
		for (j = k = 0; j < other->n_engines; j++)
			if (!has_engine(src, other->engines[j]))
				other->engines[k++] = other->engines[j];
		other->n_engines = k;
	}
	r = vdsa_group_assign(group, src);
	if (r < 0)
		return r;
	for (i = 0; i < dev->n_engines; i++) {
		struct vdsa_engine *e = &dev->engines[i];

		if (has_engine(src, e->id)) {
			e->has_group = true;
			e->group_id = (int32_t)src->id;
		} else if (e->has_group && e->group_id == (int32_t)src->id) {
			e->has_group = false;
		}
	}
	return 0;
}

struct vdsa_group *vdsa_dev_group_by_id(struct vdsa_dev *dev, uint32_t id)
{
	size_t i;

	for (i = 0; i < dev->n_groups; i++)
		if (dev->groups[i].id == id)
			return &dev->groups[i];
	return NULL;
}

/**
 * vdsa_group_get_first - the first group of a device
 * @dev: the device
 *
 * Returns: the group, borrowed from the snapshot, or NULL.
 */
VDSA_EXPORT struct vdsa_group *vdsa_group_get_first(struct vdsa_dev *dev)
{
	return dev && dev->n_groups ? &dev->groups[0] : NULL;
}

/**
 * vdsa_group_get_next - the group after @group, in id order
 * @group: a group
 *
 * Returns: the next group of the same device, or NULL after the last.
 */
VDSA_EXPORT struct vdsa_group *vdsa_group_get_next(struct vdsa_group *group)
{
	struct vdsa_dev *dev;

	if (!group)
		return NULL;
	dev = group->dev;
	return group + 1 < dev->groups + dev->n_groups ? group + 1 : NULL;
}

/**
 * vdsa_group_find - a group of @dev by id
 * @dev: the device
 * @id: the group id
 * @ret: the group, borrowed from the snapshot
 *
 * Returns: 0, -ENODEV if the device has no such group, or -EINVAL.
 */
VDSA_EXPORT int vdsa_group_find(struct vdsa_dev *dev, uint32_t id, struct vdsa_group **ret)
{
	struct vdsa_group *group;

	if (!dev || !ret)
		return -EINVAL;
	group = vdsa_dev_group_by_id(dev, id);
	if (!group)
		return -ENODEV;
	*ret = group;
	return 0;
}

/**
 * vdsa_group_get_dev - the device of a group
 * @group: the group
 *
 * Returns: the device, or NULL.
 */
VDSA_EXPORT struct vdsa_dev *vdsa_group_get_dev(struct vdsa_group *group)
{
	return group ? group->dev : NULL;
}

/**
 * vdsa_group_get_id - the group's id on its device
 * @group: the group
 *
 * Returns: the id.
 */
VDSA_EXPORT uint32_t vdsa_group_get_id(struct vdsa_group *group)
{
	return group ? group->id : 0;
}

/**
 * vdsa_group_get_devname - the idxd name of the group ("group0.1")
 * @group: the group
 *
 * The number after "group" is the device's (dsaN gives groupN.M), or the
 * device's kernel id if its name ends in no number.
 *
 * Returns: the name, owned by the group, or NULL.
 */
VDSA_EXPORT const char *vdsa_group_get_devname(struct vdsa_group *group)
{
	return group ? group->devname : NULL;
}

/**
 * vdsa_group_get_read_buffers_reserved - read buffers reserved for the group
 * @group: the group
 *
 * Returns: the count.
 */
VDSA_EXPORT uint32_t vdsa_group_get_read_buffers_reserved(struct vdsa_group *group)
{
	return group ? group->read_buffers_reserved : 0;
}

/**
 * vdsa_group_get_read_buffers_allowed - read buffers the group may use
 * @group: the group
 *
 * Returns: the count.
 */
VDSA_EXPORT uint32_t vdsa_group_get_read_buffers_allowed(struct vdsa_group *group)
{
	return group ? group->read_buffers_allowed : 0;
}

/**
 * vdsa_group_get_engines - the engines of the group
 * @group: the group
 * @ret: set to the engine ids (owned by the group; may be NULL if none)
 *
 * Returns: the number of engines in the group.
 */
VDSA_EXPORT size_t vdsa_group_get_engines(struct vdsa_group *group, const uint32_t **ret)
{
	if (!group)
		return 0;
	if (ret)
		*ret = group->engines;
	return group->n_engines;
}
