/* table — rows of text, printed as aligned columns, raw words or JSON.
 *
 * A reporting tool gathers its data into rows first and prints them once,
 * in the format asked for, as lsns(8) does with libsmartcols: aligned
 * columns with a header for people, -r/--raw words for pipes, --json for
 * programs. Gathering never decides the format, and every format shows the
 * same rows.
 *
 *   struct table *t = table_new(columns, COUNT, "NS,TYPE");
 *   if (opt_o && table_select(t, opt_o) < 0) die_diag();   // -o NS,PID
 *   int r = table_add_row(t);
 *   table_setf(t, r, COL_NS, "%ju", ino);
 *   table_print(t, stdout, TABLE_COLUMNS, true, "namespaces");
 *
 * A row may have a parent row: columns draw the rows as a tree (└─) in the
 * tree column, JSON nests them under "children". Raw output draws no tree:
 * a pipe reads the parent from a column instead.
 *
 * Memory failures are kept, like a stream's error flag, and reported once
 * by table_print, so the code that fills a table reads straight down.
 */
#ifndef CTRKIT_TABLE_H
#define CTRKIT_TABLE_H

#include <stdbool.h>
#include <stdio.h>

enum table_kind {
	TABLE_TEXT,   /* left-aligned; a JSON string */
	TABLE_NUMBER, /* right-aligned; a JSON number */
	TABLE_BOOL,   /* "yes" or "no"; JSON true or false */
};

struct table_column {
	const char *name; /* header and -o name (any case); JSON key in lower case */
	enum table_kind kind;
	const char *heading; /* the header when it is not NAME: "CONTAINER ID"; NULL for NAME */
};

enum table_format { TABLE_COLUMNS, TABLE_RAW, TABLE_JSON };

struct table;

/* A table that can show COLUMNS, showing DEFAULTS (a -o style list) until
 * table_select says otherwise. NULL with a diagnostic on failure. */
struct table *table_new(const struct table_column *columns, int count, const char *defaults);

/* Choose the columns from a -o list: "NS,PID" replaces the defaults,
 * "+PID" adds to them. -1 with a diagnostic naming an unknown column and
 * listing the known ones. */
int table_select(struct table *t, const char *list);

/* Is column COL shown? Lets a tool skip work nobody will see. */
bool table_shows(const struct table *t, int col);

/* Which column carries the tree drawing (default: the first shown). */
void table_set_tree_column(struct table *t, int col);

/* Append an empty row; returns its index. Cells left unset print empty
 * (null in JSON). */
int table_add_row(struct table *t);

/* Make PARENT (a row index) the parent of ROW. A parent that would make a
 * loop is ignored. */
void table_set_parent(struct table *t, int row, int parent);

/* Set a cell; a column that is not shown is ignored. TEXT is copied. */
void table_set(struct table *t, int row, int col, const char *text);
void table_setf(struct table *t, int row, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Print every row to OUT. JSON_KEY names the array in the JSON object,
 * e.g. "namespaces" for {"namespaces": [...]}. On a terminal, the last
 * column is cut to fit its width (as lsns does). -1 with a diagnostic when
 * memory ran out earlier or OUT cannot be written. */
int table_print(struct table *t, FILE *out, enum table_format format, bool headings,
		const char *json_key);

void table_free(struct table *t);

#endif
