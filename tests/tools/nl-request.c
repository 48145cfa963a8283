// SPDX-License-Identifier: GPL-2.0-only
/*
 * Turn the ATTR words of the vdsa-nl command line into a generic netlink
 * request, remembering where each attribute landed in the message so that
 * the kernel's extack offsets can be named later.
 *
 *   name=value            typed by the spec (enum names or numbers)
 *   name                  a flag attribute
 *   name { ... }          a nest, its words read in the nested set
 *   name:TYPE=value       a known attribute with a chosen (wrong) encoding
 *   @N:TYPE=value, @N:flag, @N { ... }
 *                         raw attributes, any number, any encoding
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strerrorname_np, asprintf */
#endif
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "nl-client.h"

/* Large enough for any request a test would write; libnl does not grow. */
#define REQUEST_MSG_SIZE	65536

struct word {
	const char *text;	/* the whole word, for messages */
	char *name;		/* attribute name, or the number after '@' */
	bool raw;
	unsigned int raw_type;
	bool has_encoding;
	enum spec_attr_type encoding;
	const char *value;	/* after the first '=', NULL if none */
};

struct builder {
	struct request *req;
	int argc;
	char **argv;
	int pos;
};

static const struct {
	const char *name;
	enum spec_attr_type type;
} encodings[] = {
	{ "u8", SPEC_ATTR_U8 },
	{ "u16", SPEC_ATTR_U16 },
	{ "u32", SPEC_ATTR_U32 },
	{ "u64", SPEC_ATTR_U64 },
	{ "s8", SPEC_ATTR_S8 },
	{ "s16", SPEC_ATTR_S16 },
	{ "s32", SPEC_ATTR_S32 },
	{ "s64", SPEC_ATTR_S64 },
	{ "str", SPEC_ATTR_STRING },
	{ "string", SPEC_ATTR_STRING },
	{ "flag", SPEC_ATTR_FLAG },
	{ "bin", SPEC_ATTR_BINARY },
	{ "binary", SPEC_ATTR_BINARY },
};

static int word_error(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int word_error(const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vdsa-nl: %s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -EINVAL;
}

/* ---- attribute bookkeeping --------------------------------------------- */

static int add_entry(struct request *req, int parent, const char *name,
		     bool multi_attr)
{
	struct req_attr *entry;

	if (req->n_attrs == req->cap_attrs) {
		unsigned int cap = req->cap_attrs ? 2 * req->cap_attrs : 16;
		struct req_attr *attrs = realloc(req->attrs,
						 cap * sizeof(*attrs));

		if (!attrs)
			return -ENOMEM;
		req->attrs = attrs;
		req->cap_attrs = cap;
	}
	entry = &req->attrs[req->n_attrs];
	memset(entry, 0, sizeof(*entry));
	entry->name = strdup(name);
	if (!entry->name)
		return -ENOMEM;
	entry->parent = parent;
	entry->multi_attr = multi_attr;
	return req->n_attrs++;
}

/*
 * Index a path segment when the attribute may legitimately repeat
 * (multi-attr: always, so "wq[0]" is stable) or when it does repeat.
 */
static void segment_index(const struct request *req, int idx,
			  int *ordinal, int *count)
{
	const struct req_attr *entry = &req->attrs[idx];

	*ordinal = 0;
	*count = 0;
	for (unsigned int i = 0; i < req->n_attrs; i++) {
		const struct req_attr *other = &req->attrs[i];

		if (other->parent != entry->parent ||
		    strcmp(other->name, entry->name))
			continue;
		if ((int)i < idx)
			(*ordinal)++;
		(*count)++;
	}
}

static char *entry_path(const struct request *req, int idx)
{
	const struct req_attr *entry = &req->attrs[idx];
	char *parent = NULL, *path = NULL;
	int ordinal, count, ret;

	if (entry->parent >= 0) {
		parent = entry_path(req, entry->parent);
		if (!parent)
			return NULL;
	}
	segment_index(req, idx, &ordinal, &count);
	if (entry->multi_attr || count > 1)
		ret = asprintf(&path, "%s%s%s[%d]", parent ? parent : "",
			       parent ? "." : "", entry->name, ordinal);
	else
		ret = asprintf(&path, "%s%s%s", parent ? parent : "",
			       parent ? "." : "", entry->name);
	free(parent);
	return ret < 0 ? NULL : path;
}

static int entry_at(const struct request *req, unsigned int offset)
{
	for (unsigned int i = 0; i < req->n_attrs; i++)
		if (req->attrs[i].offset == offset)
			return i;
	return -1;
}

/* The innermost attribute whose bytes contain @offset. */
static int entry_containing(const struct request *req, unsigned int offset)
{
	int best = -1;

	for (unsigned int i = 0; i < req->n_attrs; i++) {
		const struct req_attr *entry = &req->attrs[i];

		if (offset < entry->offset || offset >= entry->end)
			continue;
		if (best < 0 || entry->offset > req->attrs[best].offset)
			best = i;
	}
	return best;
}

char *request_path_at(const struct request *req, unsigned int offset)
{
	char *path = NULL;
	int idx = entry_at(req, offset);

	if (idx < 0)
		idx = entry_containing(req, offset);
	if (idx >= 0)
		return entry_path(req, idx);
	/* Not an attribute we wrote: say where, rather than guess. */
	if (asprintf(&path, "offset:%u", offset) < 0)
		return NULL;
	return path;
}

char *request_missing_name(const struct request *req, bool in_nest,
			   unsigned int nest_offset, unsigned int type)
{
	const struct spec_attr_set *set = spec_op_set(req->fam, req->op);
	const struct spec_attr *attr;
	char *prefix = NULL, *name = NULL;
	int ret;

	if (in_nest) {
		int idx = entry_at(req, nest_offset);

		set = idx >= 0 ? req->attrs[idx].nest_set : NULL;
		prefix = idx >= 0 ? entry_path(req, idx) : NULL;
		if (!prefix && asprintf(&prefix, "offset:%u", nest_offset) < 0)
			return NULL;
	}
	attr = spec_attr_by_value(set, type);
	if (attr)
		ret = asprintf(&name, "%s%s%s", prefix ? prefix : "",
			       prefix ? "." : "", attr->name);
	else
		ret = asprintf(&name, "%s%s@%u", prefix ? prefix : "",
			       prefix ? "." : "", type);
	free(prefix);
	return ret < 0 ? NULL : name;
}

/* ---- words -------------------------------------------------------------- */

static int parse_encoding(const char *text, enum spec_attr_type *ret)
{
	for (size_t i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++) {
		if (!strcmp(encodings[i].name, text)) {
			*ret = encodings[i].type;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_unsigned(const char *s, uint64_t max, uint64_t *ret);

/* Split NAME[:TYPE][=VALUE] or @N[:TYPE][=VALUE]; the value may hold ':'. */
static int split_word(const char *text, struct word *w)
{
	const char *eq = strchr(text, '=');
	size_t head_len = eq ? (size_t)(eq - text) : strlen(text);
	char *colon;

	memset(w, 0, sizeof(*w));
	w->text = text;
	w->value = eq ? eq + 1 : NULL;
	w->name = strndup(text, head_len);
	if (!w->name)
		return -ENOMEM;

	colon = strchr(w->name, ':');
	if (colon) {
		*colon = '\0';
		if (parse_encoding(colon + 1, &w->encoding) < 0) {
			fprintf(stderr, "vdsa-nl: %s: unknown encoding \"%s\" "
				"(u8 u16 u32 u64 s8 s16 s32 s64 str flag bin)\n",
				text, colon + 1);
			return -EINVAL;
		}
		w->has_encoding = true;
	}

	if (w->name[0] == '@') {
		uint64_t nr;

		if (parse_unsigned(w->name + 1, UINT16_MAX, &nr) < 0) {
			fprintf(stderr, "vdsa-nl: %s: \"@\" must be followed by "
				"an attribute number (0..65535)\n", text);
			return -EINVAL;
		}
		w->raw = true;
		w->raw_type = nr;
	} else if (!w->name[0]) {
		fprintf(stderr, "vdsa-nl: \"%s\": missing attribute name\n",
			text);
		return -EINVAL;
	}
	return 0;
}

/* ---- values ------------------------------------------------------------- */

/* Decimal or 0x hex, nothing else: "010" is ten, not eight. */
static int parse_unsigned(const char *s, uint64_t max, uint64_t *ret)
{
	const char *digits = s;
	int base = 10;
	unsigned long long v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		digits = s + 2;
	}
	if (!*digits)
		return -EINVAL;
	for (const char *p = digits; *p; p++) {
		int ok = base == 16 ? isxdigit((unsigned char)*p) :
				      isdigit((unsigned char)*p);

		if (!ok)
			return -EINVAL;
	}
	errno = 0;
	v = strtoull(digits, NULL, base);
	if (errno == ERANGE || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

static int parse_signed(const char *s, int64_t min, int64_t max,
			int64_t *ret)
{
	bool negative = s[0] == '-';
	uint64_t magnitude;
	int err;

	err = parse_unsigned(s + negative,
			     negative ? (uint64_t)INT64_MAX + 1 : INT64_MAX,
			     &magnitude);
	if (err)
		return err;
	if (negative)
		*ret = magnitude == (uint64_t)INT64_MAX + 1 ?
			INT64_MIN : -(int64_t)magnitude;
	else
		*ret = magnitude;
	if (*ret < min || *ret > max)
		return -ERANGE;
	return 0;
}

static unsigned int encoding_size(enum spec_attr_type type)
{
	switch (type) {
	case SPEC_ATTR_U8:
	case SPEC_ATTR_S8:
		return 1;
	case SPEC_ATTR_U16:
	case SPEC_ATTR_S16:
		return 2;
	case SPEC_ATTR_U32:
	case SPEC_ATTR_S32:
		return 4;
	case SPEC_ATTR_U64:
	case SPEC_ATTR_S64:
		return 8;
	default:
		return 0;
	}
}

static bool encoding_is_signed(enum spec_attr_type type)
{
	return type == SPEC_ATTR_S8 || type == SPEC_ATTR_S16 ||
	       type == SPEC_ATTR_S32 || type == SPEC_ATTR_S64;
}

static void list_enum(const struct spec_enum *e)
{
	for (unsigned int i = 0; i < e->n_entries; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", e->entries[i].name);
}

/* One token of an enum attribute: an entry name or a number. */
static int parse_enum_token(const char *path, const struct spec_attr *attr,
			    const char *token, uint64_t max, uint64_t *ret)
{
	const struct spec_enum_entry *entry;

	entry = spec_enum_by_name(attr->enumeration, token);
	if (entry) {
		*ret = spec_attr_is_bitmask(attr) ?
			spec_entry_mask(attr, entry) : entry->value;
		return 0;
	}
	if (parse_unsigned(token, max, ret) == 0)
		return 0;
	fprintf(stderr, "vdsa-nl: %s: invalid value \"%s\" (%s: ", path, token,
		attr->enumeration->name);
	list_enum(attr->enumeration);
	fprintf(stderr, "%s, or a number)\n",
		spec_attr_is_bitmask(attr) ? ", joined by ','" : "");
	return -EINVAL;
}

static int parse_enum_value(const char *path, const struct spec_attr *attr,
			    const char *value, uint64_t max, uint64_t *ret)
{
	char *copy, *token, *save = NULL;
	int err = 0;

	if (!spec_attr_is_bitmask(attr))
		return parse_enum_token(path, attr, value, max, ret);

	copy = strdup(value);
	if (!copy)
		return -ENOMEM;
	*ret = 0;
	for (token = strtok_r(copy, ",", &save); token && !err;
	     token = strtok_r(NULL, ",", &save)) {
		uint64_t bits;

		err = parse_enum_token(path, attr, token, max, &bits);
		*ret |= bits;
	}
	free(copy);
	if (!err && *ret > max)
		err = word_error(path, "value out of range");
	return err;
}

static int encode_integer(const char *path, const struct spec_attr *attr,
			  enum spec_attr_type enc, const char *value,
			  unsigned char *buf, size_t *len)
{
	unsigned int size = encoding_size(enc);
	uint64_t umax = size == 8 ? UINT64_MAX : (1ULL << (8 * size)) - 1;
	int64_t smax = (int64_t)(umax >> 1);
	int err;

	if (!value)
		return word_error(path, "needs a value (%s=N)", path);

	if (attr && attr->enumeration && !encoding_is_signed(enc)) {
		uint64_t v;

		err = parse_enum_value(path, attr, value, umax, &v);
		if (err)
			return err;
		/* Host order, low bytes: the kernel reads nla_get_uN(). */
		switch (size) {
		case 1: { uint8_t x = v; memcpy(buf, &x, 1); break; }
		case 2: { uint16_t x = v; memcpy(buf, &x, 2); break; }
		case 4: { uint32_t x = v; memcpy(buf, &x, 4); break; }
		default: memcpy(buf, &v, 8); break;
		}
		*len = size;
		return 0;
	}

	if (encoding_is_signed(enc)) {
		int64_t v;

		err = parse_signed(value, -smax - 1, smax, &v);
		if (err)
			return word_error(path, "%s %s value \"%s\"",
					  err == -ERANGE ? "out of range" :
					  "invalid", spec_attr_type_name(enc),
					  value);
		switch (size) {
		case 1: { int8_t x = v; memcpy(buf, &x, 1); break; }
		case 2: { int16_t x = v; memcpy(buf, &x, 2); break; }
		case 4: { int32_t x = v; memcpy(buf, &x, 4); break; }
		default: memcpy(buf, &v, 8); break;
		}
	} else {
		uint64_t v;

		err = parse_unsigned(value, umax, &v);
		if (err)
			return word_error(path, "%s %s value \"%s\" (decimal "
					  "or 0x hex)",
					  err == -ERANGE ? "out of range" :
					  "invalid", spec_attr_type_name(enc),
					  value);
		switch (size) {
		case 1: { uint8_t x = v; memcpy(buf, &x, 1); break; }
		case 2: { uint16_t x = v; memcpy(buf, &x, 2); break; }
		case 4: { uint32_t x = v; memcpy(buf, &x, 4); break; }
		default: memcpy(buf, &v, 8); break;
		}
	}
	*len = size;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int decode_hex(const char *path, const char *hex, unsigned char **ret,
		      size_t *len)
{
	size_t n;

	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		hex += 2;
	n = strlen(hex);
	if (n % 2)
		return word_error(path, "hex \"%s\" has an odd number of digits",
				  hex);
	*ret = malloc(n / 2 + 1);
	if (!*ret)
		return -ENOMEM;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(*ret);
			*ret = NULL;
			return word_error(path, "invalid hex \"%s\"", hex);
		}
		(*ret)[i] = hi << 4 | lo;
	}
	*len = n / 2;
	return 0;
}

/*
 * display-hint uuid: the canonical 8-4-4-4-12 form (plain hex works too).
 * Anything else with dashes is refused rather than guessed at.
 */
static int decode_uuid(const char *path, const char *value,
		       unsigned char **data, size_t *len)
{
	char hex[33];
	size_t i, n = 0;
	int err;

	for (i = 0; value[i]; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash != (value[i] == '-') || i >= 36)
			return word_error(path, "\"%s\" is not a UUID "
					  "(8-4-4-4-12 hex digits)", value);
		if (!dash)
			hex[n++] = value[i];
	}
	if (i != 36)
		return word_error(path, "\"%s\" is not a UUID "
				  "(8-4-4-4-12 hex digits)", value);
	hex[n] = '\0';
	err = decode_hex(path, hex, data, len);
	return err;
}

/*
 * Encode @value as @enc.  @attr (may be NULL for raw attributes) only
 * lends its enum names.  On success *data is malloc'ed.
 */
static int encode_value(const char *path, const struct spec_attr *attr,
			enum spec_attr_type enc, const char *value,
			unsigned char **data, size_t *len)
{
	int err;

	*data = NULL;
	*len = 0;
	switch (enc) {
	case SPEC_ATTR_FLAG:
		if (value)
			return word_error(path, "a flag takes no value: write "
					  "just its name");
		return 0;
	case SPEC_ATTR_PAD:
		return value ? decode_hex(path, value, data, len) : 0;
	case SPEC_ATTR_STRING:
		if (!value)
			return word_error(path, "needs a value (%s=TEXT)",
					  path);
		*data = (unsigned char *)strdup(value);
		if (!*data)
			return -ENOMEM;
		*len = strlen(value) + 1;	/* NLA_NUL_STRING wants the NUL */
		return 0;
	case SPEC_ATTR_BINARY:
		if (!value)
			return word_error(path, "needs a value (%s=HEX)", path);
		if (spec_attr_is_uuid(attr) && strchr(value, '-'))
			return decode_uuid(path, value, data, len);
		return decode_hex(path, value, data, len);
	case SPEC_ATTR_NEST:
		return word_error(path, "is a nest: write %s { ... }", path);
	default:
		break;
	}

	*data = malloc(8);
	if (!*data)
		return -ENOMEM;
	err = encode_integer(path, attr, enc, value, *data, len);
	if (err) {
		free(*data);
		*data = NULL;
	}
	return err;
}

/* ---- building ----------------------------------------------------------- */

static int build_attrs(struct builder *b, const struct spec_attr_set *set,
		       int parent, bool in_nest);

static int put_scalar(struct builder *b, int idx, const char *path,
		      const struct spec_attr *attr, enum spec_attr_type enc,
		      unsigned int type, const char *value)
{
	struct request *req = b->req;
	unsigned char *data;
	struct nlattr *nla;
	size_t len;
	int err;

	err = encode_value(path, attr, enc, value, &data, &len);
	if (err)
		return err;
	nla = nla_reserve(req->msg, type, len);
	if (!nla) {
		free(data);
		return word_error(path, "request too large");
	}
	if (len)
		memcpy(nla_data(nla), data, len);
	free(data);
	req->attrs[idx].offset = (unsigned char *)nla -
				 (unsigned char *)nlmsg_hdr(req->msg);
	req->attrs[idx].end = req->attrs[idx].offset + NLA_ALIGN(nla->nla_len);
	return 0;
}

static int put_nest(struct builder *b, int idx, const char *path,
		    const struct spec_attr_set *child_set, unsigned int type)
{
	struct request *req = b->req;
	struct nlattr *start;
	unsigned int offset;
	int err;

	/* Strict kernel validation rejects nests without NLA_F_NESTED. */
	start = nla_nest_start(req->msg, type | NLA_F_NESTED);
	if (!start)
		return word_error(path, "request too large");
	offset = (unsigned char *)start - (unsigned char *)nlmsg_hdr(req->msg);
	req->attrs[idx].offset = offset;
	req->attrs[idx].is_nest = true;
	req->attrs[idx].nest_set = child_set;

	err = build_attrs(b, child_set, idx, true);
	if (err)
		return err;
	/*
	 * An empty nest means something ("engines {}" = no engines), and
	 * plain nla_nest_end() would silently drop it.
	 */
	if (nla_nest_end_keep_empty(req->msg, start) < 0)
		return word_error(path, "request too large");
	/* b->req->attrs may have moved while the children were added. */
	req->attrs[idx].end = offset + NLA_ALIGN(start->nla_len);
	return 0;
}

static void list_attrs(const struct spec_attr_set *set)
{
	for (unsigned int i = 0; i < set->n_attrs; i++)
		fprintf(stderr, "%s%s", i ? " " : "", set->attrs[i].name);
}

static int build_one(struct builder *b, const struct spec_attr_set *set,
		     int parent, const char *text, bool opens_nest)
{
	const struct spec_attr *attr = NULL;
	char display[16];
	const char *name;
	struct word w;
	char *path = NULL;
	unsigned int type;
	int idx, err;

	err = split_word(text, &w);
	if (err)
		goto out;

	if (w.raw) {
		type = w.raw_type;
		snprintf(display, sizeof(display), "@%u", type);
		name = display;
	} else {
		attr = spec_attr_by_name(set, w.name);
		if (!attr) {
			if (!set) {
				fprintf(stderr, "vdsa-nl: %s: only raw "
					"attributes (@N:TYPE=V) fit in a raw "
					"nest\n", text);
			} else {
				fprintf(stderr, "vdsa-nl: unknown attribute "
					"\"%s\" in attribute set %s (known: ",
					w.name, set->name);
				list_attrs(set);
				fprintf(stderr, ")\n");
			}
			err = -EINVAL;
			goto out;
		}
		type = attr->value;
		name = attr->name;
	}

	idx = add_entry(b->req, parent, name, attr && attr->multi_attr);
	if (idx < 0) {
		err = idx;
		goto out;
	}
	path = entry_path(b->req, idx);
	if (!path) {
		err = -ENOMEM;
		goto out;
	}

	if (opens_nest) {
		if (w.value || w.has_encoding) {
			err = word_error(path, "a nest takes no value or "
					 "encoding: write %s { ... }",
					 w.raw ? name : attr->name);
		} else if (attr && attr->type != SPEC_ATTR_NEST) {
			err = word_error(path, "is a %s, not a nest",
					 spec_attr_type_name(attr->type));
		} else {
			err = put_nest(b, idx, path,
				       spec_nested_set(b->req->fam, attr),
				       type);
		}
	} else if (w.raw && !w.has_encoding) {
		err = word_error(path, "a raw attribute needs an encoding: "
				 "@%u:TYPE=VALUE or @%u { ... }", type, type);
	} else {
		err = put_scalar(b, idx, path, attr,
				 w.has_encoding ? w.encoding : attr->type,
				 type, w.value);
	}
out:
	free(path);
	free(w.name);
	return err;
}

static int build_attrs(struct builder *b, const struct spec_attr_set *set,
		       int parent, bool in_nest)
{
	while (b->pos < b->argc) {
		const char *text = b->argv[b->pos++];
		bool opens_nest;
		int err;

		if (!strcmp(text, "}")) {
			if (in_nest)
				return 0;
			fprintf(stderr, "vdsa-nl: \"}\" without a nest to "
				"close\n");
			return -EINVAL;
		}
		if (!strcmp(text, "{")) {
			fprintf(stderr, "vdsa-nl: \"{\" must follow the name "
				"of a nest attribute\n");
			return -EINVAL;
		}
		opens_nest = b->pos < b->argc && !strcmp(b->argv[b->pos], "{");
		if (opens_nest)
			b->pos++;
		err = build_one(b, set, parent, text, opens_nest);
		if (err)
			return err;
	}
	if (in_nest) {
		char *path = entry_path(b->req, parent);

		fprintf(stderr, "vdsa-nl: %s: missing \"}\"\n",
			path ? path : "nest");
		free(path);
		return -EINVAL;
	}
	return 0;
}

int request_build(struct request *req, const struct spec_family *fam,
		  const struct spec_op *op, int family_id, uint8_t cmd,
		  int nlm_flags, int argc, char **argv)
{
	struct builder b = {
		.req = req,
		.argc = argc,
		.argv = argv,
	};

	memset(req, 0, sizeof(*req));
	req->fam = fam;
	req->op = op;
	req->msg = nlmsg_alloc_size(REQUEST_MSG_SIZE);
	if (!req->msg)
		return -ENOMEM;
	if (!genlmsg_put(req->msg, NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0,
			 nlm_flags, cmd, fam->version))
		return -ENOMEM;
	return build_attrs(&b, spec_op_set(fam, op), -1, false);
}

void request_free(struct request *req)
{
	for (unsigned int i = 0; i < req->n_attrs; i++)
		free(req->attrs[i].name);
	free(req->attrs);
	nlmsg_free(req->msg);
	memset(req, 0, sizeof(*req));
}
