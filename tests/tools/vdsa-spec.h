/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tables describing a generic netlink family, generated from its YNL spec
 * by tools/nlspec.py gen-tables, and lookups over them.  The test client
 * knows nothing about vdsa beyond what these tables say, so the spec stays
 * the single source of truth for names, numbers and types.
 */
#ifndef VDSA_SPEC_H
#define VDSA_SPEC_H

#include <stdbool.h>
#include <stdint.h>

enum spec_attr_type {
	SPEC_ATTR_U8,
	SPEC_ATTR_U16,
	SPEC_ATTR_U32,
	SPEC_ATTR_U64,
	SPEC_ATTR_S8,
	SPEC_ATTR_S16,
	SPEC_ATTR_S32,
	SPEC_ATTR_S64,
	SPEC_ATTR_STRING,
	SPEC_ATTR_FLAG,
	SPEC_ATTR_BINARY,
	SPEC_ATTR_NEST,
	SPEC_ATTR_PAD,
};

struct spec_enum_entry {
	const char *name;
	/* The value as it appears in the header: a mask for flags. */
	uint64_t value;
};

struct spec_enum {
	const char *name;
	bool is_flags;
	unsigned int n_entries;
	const struct spec_enum_entry *entries;
};

struct spec_attr {
	const char *name;
	uint16_t value;
	enum spec_attr_type type;
	int nested_set;			/* index into spec_family.sets, or -1 */
	const struct spec_enum *enumeration;	/* NULL unless enum: */
	bool enum_as_flags;
	bool multi_attr;
	/* "uuid": binary shown and written as a canonical UUID; or NULL. */
	const char *display_hint;
};

struct spec_attr_set {
	const char *name;
	unsigned int n_attrs;
	const struct spec_attr *attrs;
};

struct spec_op {
	const char *name;
	uint8_t cmd;
	int attr_set;			/* index into spec_family.sets */
	bool has_do;
	bool has_dump;
	bool is_notify;
};

struct spec_family {
	const char *name;
	unsigned int version;
	unsigned int n_enums;
	const struct spec_enum *enums;
	unsigned int n_sets;
	const struct spec_attr_set *sets;
	unsigned int n_ops;
	const struct spec_op *ops;
	unsigned int n_mcgrps;
	const char *const *mcgrps;
};

/* Generated from schemas/netlink/vdsa.yaml at build time. */
extern const struct spec_family vdsa_spec;

/*
 * Names are matched exactly, except that '_' and '-' are interchangeable so
 * the JSON key spelling (dev_id) works as well as the spec's (dev-id).
 */
bool spec_name_eq(const char *spec_name, const char *user_name);

const struct spec_op *spec_op_by_name(const struct spec_family *fam,
				      const char *name);
const struct spec_op *spec_op_by_cmd(const struct spec_family *fam,
				     unsigned int cmd);
const struct spec_attr_set *spec_op_set(const struct spec_family *fam,
					const struct spec_op *op);
const struct spec_attr_set *spec_nested_set(const struct spec_family *fam,
					    const struct spec_attr *attr);
const struct spec_attr *spec_attr_by_name(const struct spec_attr_set *set,
					  const char *name);
const struct spec_attr *spec_attr_by_value(const struct spec_attr_set *set,
					   unsigned int value);

/* Bitmask attributes: flags definitions, or any enum with enum-as-flags. */
bool spec_attr_is_bitmask(const struct spec_attr *attr);
/* The bit an entry stands for in a bitmask attribute. */
uint64_t spec_entry_mask(const struct spec_attr *attr,
			 const struct spec_enum_entry *entry);
const struct spec_enum_entry *spec_enum_by_name(const struct spec_enum *e,
						const char *name);
const struct spec_enum_entry *spec_enum_by_value(const struct spec_enum *e,
						 uint64_t value);

const char *spec_attr_type_name(enum spec_attr_type type);

/* True if @attr is a binary to be shown and written as a UUID. */
bool spec_attr_is_uuid(const struct spec_attr *attr);

#endif /* VDSA_SPEC_H */
