/* Unit tests for lib/table: one set of rows, printed as columns, raw and JSON. */
#include "diag.h"
#include "table.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

enum { C_NS, C_TYPE, C_NPROCS, C_COMMAND, C_SHARED };
static const struct table_column columns[] = {
	[C_NS] = { "NS", TABLE_NUMBER }, [C_TYPE] = { "TYPE", TABLE_TEXT },
	[C_NPROCS] = { "NPROCS", TABLE_NUMBER }, [C_COMMAND] = { "COMMAND", TABLE_TEXT },
	[C_SHARED] = { "SHARED", TABLE_BOOL },
};

/* Print T in FORMAT into a string the caller frees. */
static char *print(struct table *t, enum table_format format, bool headings)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (table_print(t, out, format, headings, "rows") < 0)
		diag_print();
	fclose(out);
	return text;
}

/* Two rows: a user namespace and a child of it, as ns-list --tree makes. */
static struct table *sample(const char *columns_list)
{
	struct table *t = table_new(columns, 5, "NS,TYPE,NPROCS,COMMAND");
	if (columns_list && table_select(t, columns_list) < 0)
		diag_print();
	int root = table_add_row(t);
	table_set(t, root, C_NS, "4026531837");
	table_set(t, root, C_TYPE, "user");
	table_set(t, root, C_NPROCS, "71");
	table_set(t, root, C_COMMAND, "[kthreadd]");
	int child = table_add_row(t);
	table_setf(t, child, C_NS, "%d", 42);
	table_set(t, child, C_TYPE, "user");
	table_set(t, child, C_NPROCS, "1");
	table_set(t, child, C_COMMAND, "sleep 60");
	table_set(t, child, C_SHARED, "no");
	return t;
}

static int expect(const char *got, const char *want, const char *what)
{
	int same = got && !strcmp(got, want);
	check(same, "%s", what);
	if (!same)
		printf("#   got:\n%s#   want:\n%s", got ? got : "(null)\n", want);
	return same;
}

int main(void)
{
	struct table *t;
	char *out;

	t = sample(NULL);
	out = print(t, TABLE_COLUMNS, true);
	expect(out,
	       "        NS TYPE NPROCS COMMAND\n"
	       "4026531837 user     71 [kthreadd]\n"
	       "        42 user      1 sleep 60\n",
	       "table: columns line up, numbers on the right, no trailing spaces");
	free(out);
	out = print(t, TABLE_COLUMNS, false);
	check(out && !strstr(out, "NS"), "table: no header line without headings");
	free(out);
	out = print(t, TABLE_RAW, true);
	expect(out, "NS TYPE NPROCS COMMAND\n4026531837 user 71 [kthreadd]\n42 user 1 sleep\\x2060\n",
	       "table: raw output is one space apart, a space in a cell escaped");
	free(out);
	table_free(t);

	t = sample(NULL);
	table_set_parent(t, 1, 0);
	table_set_parent(t, 0, 1); /* would make a loop: ignored */
	out = print(t, TABLE_COLUMNS, true);
	expect(out,
	       "NS         TYPE NPROCS COMMAND\n"
	       "4026531837 user     71 [kthreadd]\n"
	       "`-42       user      1 sleep 60\n",
	       "table: a child row is drawn under its parent, the tree column on the left");
	free(out);
	out = print(t, TABLE_JSON, true);
	expect(out,
	       "{\n  \"rows\": [\n    {\n      \"ns\": 4026531837,\n      \"type\": \"user\",\n"
	       "      \"nprocs\": 71,\n      \"command\": \"[kthreadd]\",\n      \"children\": [\n"
	       "        {\n          \"ns\": 42,\n          \"type\": \"user\",\n          \"nprocs\": 1,\n"
	       "          \"command\": \"sleep 60\"\n        }\n      ]\n    }\n  ]\n}\n",
	       "table: JSON nests children, numbers are numbers");
	free(out);
	table_free(t);

	t = sample("+SHARED");
	out = print(t, TABLE_JSON, true);
	check(out && strstr(out, "\"shared\": null") && strstr(out, "\"shared\": false"),
	      "table: +COL adds a column; a yes/no column is a JSON boolean, an unset cell null");
	free(out);
	table_free(t);

	t = sample("command,ns");
	out = print(t, TABLE_RAW, false);
	expect(out, "[kthreadd] 4026531837\nsleep\\x2060 42\n", "table: -o picks columns in its order, any case");
	check(!table_shows(t, C_TYPE) && table_shows(t, C_NS), "table: table_shows tells which columns are shown");
	free(out);
	table_free(t);

	t = table_new(columns, 5, "NS");
	check(table_select(t, "NS,BOGUS") < 0, "table: an unknown column is refused");
	check(table_select(t, "NS,,TYPE") < 0, "table: an empty column name is refused");
	check(table_select(t, "type") == 0 && table_shows(t, C_TYPE) && !table_shows(t, C_NS),
	      "table: a good list replaces a refused one");
	int r = table_add_row(t);
	table_set(t, r, C_TYPE, "a\tb\xff");
	out = print(t, TABLE_COLUMNS, false);
	expect(out, "a\\x09b\xff\n", "table: a control character is escaped in columns");
	free(out);
	out = print(t, TABLE_JSON, false);
	check(out && strstr(out, "\"a\\tb\\\\xff\""), "table: invalid UTF-8 goes into JSON as \\xNN text");
	free(out);
	table_free(t);
	return unit_done();
}
