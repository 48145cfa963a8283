// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsactl: operator names to library objects.
 *
 * Devices are named as operators know them (dsa0) or by kernel id; WQs and
 * groups by their idxd names (wq0.3, group0.1) or as DEV:ID (dsa0:3, 0:3).
 * A name of the wrong shape is a usage error (exit 2); a well-formed name
 * of something that does not exist is a failure (exit 1).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vdsactl.h"

int lookup_dev(struct vdsactl *vc, const char *what, const char *arg, struct vdsa_dev **ret)
{
	int r;

	r = vdsa_dev_find(vc->ctx, arg, ret);
	if (r == -ENODEV)
		return fail("%s: no such device", what);
	if (r < 0)
		return report_error(vc, r, "%s", what);
	return EXIT_OK;
}

static bool is_number(const char *s, size_t len)
{
	size_t i;

	if (!len || len > 10)
		return false;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "PREFIXn.m", the idxd form of WQ and group names. */
static bool is_idxd_name(const char *arg, const char *prefix)
{
	size_t plen = strlen(prefix);
	const char *dot;

	if (strncmp(arg, prefix, plen))
		return false;
	arg += plen;
	dot = strchr(arg, '.');
	return dot && is_number(arg, (size_t)(dot - arg)) && is_number(dot + 1, strlen(dot + 1));
}

/*
 * "DEV:ID": finds DEV and parses ID. Returns -1 if arg is not of that form,
 * else an exit status.
 */
static int lookup_dev_colon_id(struct vdsactl *vc, const char *what, const char *arg,
			       struct vdsa_dev **ret_dev, uint32_t *ret_id)
{
	const char *colon = strrchr(arg, ':');
	char *dev_name;
	int r;

	if (!colon || colon == arg || !is_number(colon + 1, strlen(colon + 1)))
		return -1;
	if (strtoull(colon + 1, NULL, 10) > UINT32_MAX)
		return -1;
	dev_name = strndup(arg, (size_t)(colon - arg));
	if (!dev_name)
		return fail("out of memory");
	r = lookup_dev(vc, what, dev_name, ret_dev);
	free(dev_name);
	*ret_id = (uint32_t)strtoul(colon + 1, NULL, 10);
	return r;
}

int lookup_wq(struct vdsactl *vc, const char *what, const char *arg, struct vdsa_wq **ret)
{
	struct vdsa_dev *dev;
	uint32_t id;
	int r;

	r = lookup_dev_colon_id(vc, what, arg, &dev, &id);
	if (r > 0)
		return r;
	if (r == 0)
		r = vdsa_wq_find(dev, id, ret);
	else if (is_idxd_name(arg, "wq"))
		r = vdsa_wq_find_by_name(vc->ctx, arg, ret);
	else
		return usage_error("%s: \"%s\" is not a WQ (wqN.M or DEV:ID)", what, arg);
	if (r == -ENODEV)
		return fail("%s: no such WQ", what);
	if (r < 0)
		return report_error(vc, r, "%s", what);
	return EXIT_OK;
}

int lookup_group(struct vdsactl *vc, const char *what, const char *arg, struct vdsa_group **ret)
{
	struct vdsa_group *group;
	struct vdsa_dev *dev;
	uint32_t id;
	int r;

	r = lookup_dev_colon_id(vc, what, arg, &dev, &id);
	if (r > 0)
		return r;
	if (r == 0) {
		r = vdsa_group_find(dev, id, ret);
		if (r == -ENODEV)
			return fail("%s: no such group", what);
		if (r < 0)
			return report_error(vc, r, "%s", what);
		return EXIT_OK;
	}
	if (!is_idxd_name(arg, "group"))
		return usage_error("%s: \"%s\" is not a group (groupN.M or DEV:ID)", what, arg);
	/* The library finds groups by id only: look through the names. */
	vdsa_dev_foreach(vc->ctx, dev) {
		vdsa_group_foreach(dev, group) {
			const char *name = vdsa_group_get_devname(group);

			if (name && !strcmp(name, arg)) {
				*ret = group;
				return EXIT_OK;
			}
		}
	}
	return fail("%s: no such group", what);
}

int check_uuid(const char *what, const char *arg)
{
	uuid_t uuid;

	if (uuid_parse(arg, uuid))
		return usage_error(
			"%s: \"%s\" is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", what,
			arg);
	return -1;
}

int lookup_inst(struct vdsactl *vc, const char *what, const char *arg, struct vdsa_inst **ret)
{
	uuid_t uuid;
	int r;

	r = check_uuid(what, arg);
	if (r >= 0)
		return r;
	uuid_parse(arg, uuid);
	r = vdsa_inst_find(vc->ctx, uuid, ret);
	if (r == -ENODEV)
		return fail("%s: no such vDSA instance", what);
	if (r < 0)
		return report_error(vc, r, "%s", what);
	return EXIT_OK;
}

int begin_list(struct vdsactl *vc, int argc, char **argv, struct vdsa_dev **only)
{
	char what[160];
	char **args;
	int r;

	*only = NULL;
	r = cmd_begin(vc, argc, argv, 0, 1, "", &args);
	if (r >= 0 || !args[0])
		return r;
	snprintf(what, sizeof(what), "%s %s", cmd_name(vc->cmd), args[0]);
	r = lookup_dev(vc, what, args[0], only);
	return r ? r : -1;
}
