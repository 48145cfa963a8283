// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsactl: text output, rendered from the JSON objects the commands build
 * (json.c). A column names a JSON key, so text cannot show anything JSON
 * does not, nor disagree with it. Absent keys print as "-", booleans as
 * yes/no, lists comma-separated, the caps object as the names of the
 * capabilities present.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vdsactl.h"

static void format_value(FILE *f, struct json_object *v, enum column_format format);

static void format_array(FILE *f, struct json_object *v)
{
	size_t i, n = json_object_array_length(v);

	if (!n)
		fputc('-', f);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		if (i)
			fputs(json_object_is_type(e, json_type_object) ? ", " : ",", f);
		format_value(f, e, COL_PLAIN);
	}
}

static void format_object(FILE *f, struct json_object *v)
{
	bool all_bool = true, first = true;

	json_object_object_foreach(v, any_key, any) {
		(void)any_key;
		if (!json_object_is_type(any, json_type_boolean))
			all_bool = false;
	}
	/* A set of flags: the names of those that are on. */
	if (all_bool) {
		json_object_object_foreach(v, flag, on) {
			if (!json_object_get_boolean(on))
				continue;
			fprintf(f, "%s%s", first ? "" : ",", flag);
			first = false;
		}
		if (first)
			fputc('-', f);
		return;
	}
	json_object_object_foreach(v, key, e) {
		fprintf(f, "%s%s=", first ? "" : " ", key);
		format_value(f, e, COL_PLAIN);
		first = false;
	}
}

static void format_value(FILE *f, struct json_object *v, enum column_format format)
{
	const char *s;

	switch (json_object_get_type(v)) {
	case json_type_null:
		fputc('-', f);
		break;
	case json_type_boolean:
		fputs(json_object_get_boolean(v) ? "yes" : "no", f);
		break;
	case json_type_int:
		if (format == COL_HEX)
			fprintf(f, "%#llx", (unsigned long long)json_object_get_int64(v));
		else
			fprintf(f, "%lld", (long long)json_object_get_int64(v));
		break;
	case json_type_array:
		format_array(f, v);
		break;
	case json_type_object:
		format_object(f, v);
		break;
	default:
		s = json_object_get_string(v);
		fputs(*s ? s : "-", f);
		break;
	}
}

/* The text of one value; the caller frees it. */
static char *cell(struct json_object *obj, const char *key, enum column_format format)
{
	struct json_object *v = NULL;
	char *buf = NULL;
	size_t size = 0;
	FILE *f;

	if (!json_object_object_get_ex(obj, key, &v))
		v = NULL;
	/* Scalars the short way: a table of 2048 WQs has 20000 cells. */
	if (json_object_is_type(v, json_type_string) && *json_object_get_string(v))
		return strdup(json_object_get_string(v));
	if (json_object_is_type(v, json_type_int) && format == COL_PLAIN) {
		char num[24];

		snprintf(num, sizeof(num), "%lld", (long long)json_object_get_int64(v));
		return strdup(num);
	}
	f = open_memstream(&buf, &size);
	if (!f)
		return strdup("?");
	format_value(f, v, format);
	fclose(f);
	return buf;
}

void table_print(FILE *out, const struct column *columns, size_t n, struct json_object *array)
{
	size_t rows = json_object_array_length(array);
	size_t *width = calloc(n, sizeof(*width));
	char **cells = calloc(rows * n + 1, sizeof(*cells));
	size_t r, c;

	if (!width || !cells)
		goto out;
	for (c = 0; c < n; c++)
		width[c] = strlen(columns[c].header);
	for (r = 0; r < rows; r++) {
		struct json_object *obj = json_object_array_get_idx(array, r);

		for (c = 0; c < n; c++) {
			char *s = cell(obj, columns[c].key, columns[c].format);

			cells[r * n + c] = s;
			if (s && strlen(s) > width[c])
				width[c] = strlen(s);
		}
	}
	/* The last column is not padded: no trailing blanks. */
	for (c = 0; c < n; c++)
		fprintf(out, "%-*s%s", c + 1 < n ? (int)width[c] : 0, columns[c].header,
			c + 1 < n ? "  " : "\n");
	for (r = 0; r < rows; r++)
		for (c = 0; c < n; c++)
			fprintf(out, "%-*s%s", c + 1 < n ? (int)width[c] : 0,
				cells[r * n + c] ? cells[r * n + c] : "?", c + 1 < n ? "  " : "\n");
out:
	for (r = 0; cells && r < rows * n; r++)
		free(cells[r]);
	free(cells);
	free(width);
}

static enum column_format format_of(const char *key, const struct column *formats, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(formats[i].key, key))
			return formats[i].format;
	return COL_PLAIN;
}

void record_print(FILE *out, struct json_object *obj, const struct column *formats, size_t n)
{
	int width = 0;

	json_object_object_foreach(obj, k, unused) {
		if ((int)strlen(k) > width)
			width = (int)strlen(k);
	}
	json_object_object_foreach(obj, key, val) {
		char *s = cell(obj, key, format_of(key, formats, n));

		fprintf(out, "%-*s  %s\n", width, key, s ? s : "?");
		free(s);
	}
}
