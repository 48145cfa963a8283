// SPDX-License-Identifier: GPL-2.0-only
/*
 * Netlink messages to JSON, driven by the spec tables:
 *
 *   - keys are spec names with '-' turned into '_', in the order received;
 *   - integers are numbers; enum attributes are entry names, bitmask
 *     attributes arrays of entry names (unknown values stay numbers);
 *   - strings are strings, flags true, binaries lowercase hex;
 *   - nests are objects; multi-attr attributes are always arrays, and an
 *     attribute that repeats in one message or nest becomes an array;
 *   - a plain (not multi-attr) nest whose children are all the same
 *     attribute is a list: "engines":[0,1], "engines":[] when empty;
 *   - unknown attributes are "attr_N": hex, pads are left out, and an
 *     attribute whose length does not fit its spec type is shown as hex.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strerrorname_np, asprintf */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <netlink/attr.h>

#include "nl-client.h"

static struct json_object *hex_json(const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = data;
	struct json_object *obj;
	char *hex = malloc(2 * len + 1);

	if (!hex)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		hex[2 * i] = digits[p[i] >> 4];
		hex[2 * i + 1] = digits[p[i] & 0xf];
	}
	hex[2 * len] = '\0';
	obj = json_object_new_string(hex);
	free(hex);
	return obj;
}

static bool read_unsigned(const struct nlattr *nla, enum spec_attr_type type,
			  uint64_t *ret)
{
	int len = nla_len(nla);

	switch (type) {
	case SPEC_ATTR_U8:
		if (len != 1)
			return false;
		*ret = nla_get_u8(nla);
		return true;
	case SPEC_ATTR_U16:
		if (len != 2)
			return false;
		*ret = nla_get_u16(nla);
		return true;
	case SPEC_ATTR_U32:
		if (len != 4)
			return false;
		*ret = nla_get_u32(nla);
		return true;
	case SPEC_ATTR_U64:
		if (len != 8)
			return false;
		memcpy(ret, nla_data(nla), 8);
		return true;
	default:
		return false;
	}
}

static bool read_signed(const struct nlattr *nla, enum spec_attr_type type,
			int64_t *ret)
{
	int len = nla_len(nla);

	switch (type) {
	case SPEC_ATTR_S8:
		if (len != 1)
			return false;
		*ret = (int8_t)nla_get_u8(nla);
		return true;
	case SPEC_ATTR_S16:
		if (len != 2)
			return false;
		*ret = (int16_t)nla_get_u16(nla);
		return true;
	case SPEC_ATTR_S32:
		if (len != 4)
			return false;
		*ret = (int32_t)nla_get_u32(nla);
		return true;
	case SPEC_ATTR_S64:
		if (len != 8)
			return false;
		memcpy(ret, nla_data(nla), 8);
		return true;
	default:
		return false;
	}
}

static struct json_object *bitmask_json(const struct spec_attr *attr,
					uint64_t value)
{
	struct json_object *arr = json_object_new_array();
	const struct spec_enum *e = attr->enumeration;

	for (unsigned int i = 0; i < e->n_entries; i++) {
		uint64_t mask = spec_entry_mask(attr, &e->entries[i]);

		if (mask && (value & mask) == mask) {
			json_object_array_add(arr,
				json_object_new_string(e->entries[i].name));
			value &= ~mask;
		}
	}
	/* Bits the spec does not name yet stay visible as numbers. */
	for (unsigned int bit = 0; bit < 64; bit++)
		if (value & (1ULL << bit))
			json_object_array_add(arr,
				json_object_new_uint64(1ULL << bit));
	return arr;
}

static struct json_object *unsigned_json(const struct spec_attr *attr,
					 uint64_t value)
{
	const struct spec_enum_entry *entry;

	if (!attr->enumeration)
		return json_object_new_uint64(value);
	if (spec_attr_is_bitmask(attr))
		return bitmask_json(attr, value);
	entry = spec_enum_by_value(attr->enumeration, value);
	if (entry)
		return json_object_new_string(entry->name);
	return json_object_new_uint64(value);
}

static struct json_object *string_json(const struct nlattr *nla)
{
	const char *s = nla_data(nla);
	size_t len = strnlen(s, nla_len(nla));

	return json_object_new_string_len(s, len);
}

static struct json_object *decode_attrs(const struct spec_family *fam,
					const struct spec_attr_set *set,
					const struct nlattr *head, int len);
static struct json_object *decode_value(const struct spec_family *fam,
					const struct spec_attr *attr,
					const struct nlattr *nla);

/* All children of the nest are the same attribute (or there are none). */
static bool nest_is_list(const struct nlattr *nest)
{
	const struct nlattr *pos;
	int rem, first = -1;

	nla_for_each_nested(pos, nest, rem) {
		if (first < 0)
			first = nla_type(pos);
		else if (nla_type(pos) != first)
			return false;
	}
	return true;
}

static struct json_object *nest_json(const struct spec_family *fam,
				     const struct spec_attr *attr,
				     const struct nlattr *nla)
{
	const struct spec_attr_set *set = spec_nested_set(fam, attr);
	const struct nlattr *pos;
	struct json_object *arr;
	int rem;

	if (attr->multi_attr || !nest_is_list(nla))
		return decode_attrs(fam, set, nla_data(nla), nla_len(nla));

	arr = json_object_new_array();
	nla_for_each_nested(pos, nla, rem)
		json_object_array_add(arr,
			decode_value(fam, spec_attr_by_value(set,
							     nla_type(pos)),
				     pos));
	return arr;
}

/* display-hint uuid: the canonical lowercase 8-4-4-4-12 form. */
static struct json_object *uuid_json(const unsigned char *u)
{
	char text[37];

	snprintf(text, sizeof(text),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
	return json_object_new_string(text);
}

static struct json_object *decode_value(const struct spec_family *fam,
					const struct spec_attr *attr,
					const struct nlattr *nla)
{
	uint64_t u;
	int64_t s;

	if (!attr)
		return hex_json(nla_data(nla), nla_len(nla));

	switch (attr->type) {
	case SPEC_ATTR_U8:
	case SPEC_ATTR_U16:
	case SPEC_ATTR_U32:
	case SPEC_ATTR_U64:
		if (read_unsigned(nla, attr->type, &u))
			return unsigned_json(attr, u);
		break;
	case SPEC_ATTR_S8:
	case SPEC_ATTR_S16:
	case SPEC_ATTR_S32:
	case SPEC_ATTR_S64:
		if (read_signed(nla, attr->type, &s))
			return json_object_new_int64(s);
		break;
	case SPEC_ATTR_STRING:
		return string_json(nla);
	case SPEC_ATTR_FLAG:
		if (nla_len(nla) == 0)
			return json_object_new_boolean(1);
		break;
	case SPEC_ATTR_NEST:
		return nest_json(fam, attr, nla);
	case SPEC_ATTR_BINARY:
		if (spec_attr_is_uuid(attr) && nla_len(nla) == 16)
			return uuid_json(nla_data(nla));
		break;
	case SPEC_ATTR_PAD:
		break;
	}
	/* Wrong size for its type (or binary): show the bytes. */
	return hex_json(nla_data(nla), nla_len(nla));
}

static char *json_key(const struct spec_attr *attr, unsigned int type)
{
	char *key = NULL;

	if (!attr) {
		if (asprintf(&key, "attr_%u", type) < 0)
			return NULL;
		return key;
	}
	key = strdup(attr->name);
	for (char *p = key; p && *p; p++)
		if (*p == '-')
			*p = '_';
	return key;
}

static unsigned int count_type(const struct nlattr *head, int len,
			       unsigned int type)
{
	const struct nlattr *pos;
	unsigned int n = 0;
	int rem;

	nla_for_each_attr(pos, head, len, rem)
		n += (unsigned int)nla_type(pos) == type;
	return n;
}

static struct json_object *decode_attrs(const struct spec_family *fam,
					const struct spec_attr_set *set,
					const struct nlattr *head, int len)
{
	struct json_object *obj = json_object_new_object();
	const struct nlattr *pos;
	int rem;

	nla_for_each_attr(pos, head, len, rem) {
		unsigned int type = nla_type(pos);
		const struct spec_attr *attr = spec_attr_by_value(set, type);
		struct json_object *value, *arr;
		char *key;

		if (attr && attr->type == SPEC_ATTR_PAD)
			continue;
		key = json_key(attr, type);
		value = decode_value(fam, attr, pos);
		if (!key || !value) {
			free(key);
			json_object_put(value);
			continue;
		}
		if ((attr && attr->multi_attr) ||
		    count_type(head, len, type) > 1) {
			if (!json_object_object_get_ex(obj, key, &arr)) {
				arr = json_object_new_array();
				json_object_object_add(obj, key, arr);
			}
			json_object_array_add(arr, value);
		} else {
			json_object_object_add(obj, key, value);
		}
		free(key);
	}
	return obj;
}

struct json_object *decode_genl_message(const struct spec_family *fam,
					const struct nlmsghdr *nlh,
					const struct spec_op *force_op)
{
	const struct genlmsghdr *genl;
	const struct spec_op *op;
	struct json_object *attrs, *obj;
	char unknown_op[16];
	int len;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return NULL;
	genl = nlmsg_data(nlh);
	op = force_op ? force_op : spec_op_by_cmd(fam, genl->cmd);
	len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	attrs = decode_attrs(fam, spec_op_set(fam, op),
			     (const struct nlattr *)((const char *)genl +
						     GENL_HDRLEN), len);

	/* "op" goes first, so build a fresh object and move the attrs. */
	obj = json_object_new_object();
	snprintf(unknown_op, sizeof(unknown_op), "cmd_%u", genl->cmd);
	json_object_object_add(obj, "op",
			       json_object_new_string(op ? op->name :
						      unknown_op));
	json_object_object_foreach(attrs, key, value)
		json_object_object_add(obj, key, json_object_get(value));
	json_object_put(attrs);
	return obj;
}

/* ---- errors and acks ---------------------------------------------------- */

static void parse_extack_tlvs(const struct nlattr *head, int len,
			      struct kernel_report *rep)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (len <= 0 ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)head, len,
		      NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		rep->msg = strndup(nla_data(tb[NLMSGERR_ATTR_MSG]),
				   nla_len(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) == 4) {
		rep->has_offs = true;
		rep->offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) == 4) {
		rep->has_miss_type = true;
		rep->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	}
	if (tb[NLMSGERR_ATTR_MISS_NEST] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_NEST]) == 4) {
		rep->has_miss_nest = true;
		rep->miss_nest = nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
	}
}

int parse_nlmsgerr(const struct nlmsghdr *nlh, struct kernel_report *rep)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	size_t tlv_start;

	memset(rep, 0, sizeof(*rep));
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return -EBADMSG;
	rep->error = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;

	/*
	 * The TLVs follow the echoed request: only its header when capped
	 * (NETLINK_CAP_ACK, or always for a successful ACK), all of it
	 * otherwise.
	 */
	tlv_start = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		tlv_start += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	if (tlv_start >= nlh->nlmsg_len)
		return 0;
	parse_extack_tlvs((const struct nlattr *)((const char *)nlh +
						  tlv_start),
			  nlh->nlmsg_len - tlv_start, rep);
	return 0;
}

int parse_nlmsg_done(const struct nlmsghdr *nlh, struct kernel_report *rep)
{
	const size_t tlv_start = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	int err;

	memset(rep, 0, sizeof(*rep));
	/* Old kernels may send a bare DONE: that is success. */
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
		return 0;
	memcpy(&err, nlmsg_data(nlh), sizeof(err));
	rep->error = err < 0 ? -err : 0;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && nlh->nlmsg_len > tlv_start)
		parse_extack_tlvs((const struct nlattr *)((const char *)nlh +
							  tlv_start),
				  nlh->nlmsg_len - tlv_start, rep);
	return 0;
}

void kernel_report_clear(struct kernel_report *rep)
{
	free(rep->msg);
	memset(rep, 0, sizeof(*rep));
}

const char *errno_name(int err, char *buf, size_t size)
{
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, size, "E%d", err);
	return buf;
}

static void add_string(struct json_object *obj, const char *key,
		       const char *value)
{
	json_object_object_add(obj, key, json_object_new_string(value ?
								 value : ""));
}

struct json_object *kernel_report_to_json(const struct kernel_report *rep,
					  const struct request *req)
{
	struct json_object *obj = json_object_new_object();
	char *attr = NULL, *missing = NULL;
	char buf[16];

	if (rep->has_offs && req)
		attr = request_path_at(req, rep->offs);
	if (rep->has_miss_type && req)
		missing = request_missing_name(req, rep->has_miss_nest,
					       rep->miss_nest, rep->miss_type);

	add_string(obj, "error", errno_name(rep->error, buf, sizeof(buf)));
	json_object_object_add(obj, "errno", json_object_new_int(rep->error));
	add_string(obj, "msg", rep->msg);
	add_string(obj, "attr", attr);
	add_string(obj, "missing", missing);
	free(attr);
	free(missing);
	return obj;
}

char *json_line(struct json_object *obj)
{
	const char *text = json_object_to_json_string_ext(obj,
		JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	return text ? strdup(text) : NULL;
}
