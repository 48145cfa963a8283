// SPDX-License-Identifier: GPL-2.0-only
/* Lookups over the generated spec tables (see vdsa-spec.h). */
#include <stddef.h>

#include "vdsa-spec.h"

bool spec_name_eq(const char *spec_name, const char *user_name)
{
	for (; *spec_name && *user_name; spec_name++, user_name++) {
		char a = *spec_name == '_' ? '-' : *spec_name;
		char b = *user_name == '_' ? '-' : *user_name;

		if (a != b)
			return false;
	}
	return *spec_name == *user_name;
}

const struct spec_op *spec_op_by_name(const struct spec_family *fam,
				      const char *name)
{
	for (unsigned int i = 0; i < fam->n_ops; i++)
		if (spec_name_eq(fam->ops[i].name, name))
			return &fam->ops[i];
	return NULL;
}

const struct spec_op *spec_op_by_cmd(const struct spec_family *fam,
				     unsigned int cmd)
{
	for (unsigned int i = 0; i < fam->n_ops; i++)
		if (fam->ops[i].cmd == cmd)
			return &fam->ops[i];
	return NULL;
}

static const struct spec_attr_set *set_by_index(const struct spec_family *fam,
						int index)
{
	if (index < 0 || (unsigned int)index >= fam->n_sets)
		return NULL;
	return &fam->sets[index];
}

const struct spec_attr_set *spec_op_set(const struct spec_family *fam,
					const struct spec_op *op)
{
	return op ? set_by_index(fam, op->attr_set) : NULL;
}

const struct spec_attr_set *spec_nested_set(const struct spec_family *fam,
					    const struct spec_attr *attr)
{
	if (!attr || attr->type != SPEC_ATTR_NEST)
		return NULL;
	return set_by_index(fam, attr->nested_set);
}

const struct spec_attr *spec_attr_by_name(const struct spec_attr_set *set,
					  const char *name)
{
	if (!set)
		return NULL;
	for (unsigned int i = 0; i < set->n_attrs; i++)
		if (spec_name_eq(set->attrs[i].name, name))
			return &set->attrs[i];
	return NULL;
}

const struct spec_attr *spec_attr_by_value(const struct spec_attr_set *set,
					   unsigned int value)
{
	if (!set)
		return NULL;
	for (unsigned int i = 0; i < set->n_attrs; i++)
		if (set->attrs[i].value == value)
			return &set->attrs[i];
	return NULL;
}

bool spec_attr_is_bitmask(const struct spec_attr *attr)
{
	return attr->enumeration &&
	       (attr->enumeration->is_flags || attr->enum_as_flags);
}

uint64_t spec_entry_mask(const struct spec_attr *attr,
			 const struct spec_enum_entry *entry)
{
	/*
	 * A flags definition already holds masks; a value enum used with
	 * enum-as-flags means "bit N for value N" (YNL semantics).
	 */
	if (attr->enumeration->is_flags)
		return entry->value;
	return entry->value < 64 ? 1ULL << entry->value : 0;
}

const struct spec_enum_entry *spec_enum_by_name(const struct spec_enum *e,
						const char *name)
{
	for (unsigned int i = 0; i < e->n_entries; i++)
		if (spec_name_eq(e->entries[i].name, name))
			return &e->entries[i];
	return NULL;
}

const struct spec_enum_entry *spec_enum_by_value(const struct spec_enum *e,
						 uint64_t value)
{
	for (unsigned int i = 0; i < e->n_entries; i++)
		if (e->entries[i].value == value)
			return &e->entries[i];
	return NULL;
}

const char *spec_attr_type_name(enum spec_attr_type type)
{
	static const char *const names[] = {
		[SPEC_ATTR_U8] = "u8",
		[SPEC_ATTR_U16] = "u16",
		[SPEC_ATTR_U32] = "u32",
		[SPEC_ATTR_U64] = "u64",
		[SPEC_ATTR_S8] = "s8",
		[SPEC_ATTR_S16] = "s16",
		[SPEC_ATTR_S32] = "s32",
		[SPEC_ATTR_S64] = "s64",
		[SPEC_ATTR_STRING] = "string",
		[SPEC_ATTR_FLAG] = "flag",
		[SPEC_ATTR_BINARY] = "binary",
		[SPEC_ATTR_NEST] = "nest",
		[SPEC_ATTR_PAD] = "pad",
	};

	if ((unsigned int)type >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[type];
}

bool spec_attr_is_uuid(const struct spec_attr *attr)
{
	return attr && attr->type == SPEC_ATTR_BINARY && attr->display_hint &&
	       spec_name_eq(attr->display_hint, "uuid");
}
