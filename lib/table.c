/* table — see table.h. */
#include "table.h"
#include "diag.h"

#include <errno.h>
#include <jansson.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct row {
	char **cells;     /* one per shown column, NULL when unset */
	int parent;       /* row index, -1 for a root */
	int first_child;  /* filled in by table_print */
	int next_sibling;
};

struct table {
	const struct table_column *columns;
	int count;
	int *shown;       /* the shown columns, in order; a column may repeat */
	int nshown;
	int tree_column;  /* a column index, -1 for the first shown */
	struct row *rows;
	int nrows, capacity;
	int failed;       /* errno of the first failure, reported by table_print */
};

struct table *table_new(const struct table_column *columns, int count, const char *defaults)
{
	struct table *t = calloc(1, sizeof *t);

	if (!t) {
		diag_set(ENOMEM, NULL, "allocate a table");
		return NULL;
	}
	t->columns = columns;
	t->count = count;
	t->tree_column = -1;
	if (table_select(t, defaults) < 0) {
		table_free(t);
		return NULL;
	}
	return t;
}

static const char *heading_of(const struct table_column *c)
{
	return c->heading ? c->heading : c->name;
}

static int column_by_name(const struct table *t, const char *name, size_t len)
{
	for (int i = 0; i < t->count; i++)
		if (strlen(t->columns[i].name) == len && !strncasecmp(t->columns[i].name, name, len))
			return i;
	return -1;
}

/* "unknown column 'X'" is only useful with the names that would work. */
static int unknown_column(const struct table *t, const char *name, size_t len)
{
	char known[512];
	size_t o = 0;

	o += snprintf(known, sizeof known, "choose from");
	for (int i = 0; i < t->count && o < sizeof known; i++)
		o += snprintf(known + o, sizeof known - o, "%s %s", i ? "," : "", t->columns[i].name);
	return diag_set(0, known, "unknown column '%.*s'", (int)len, name);
}

int table_select(struct table *t, const char *list)
{
	const char *p = list;
	int *shown = NULL, nshown = 0;

	if (t->nrows)
		return diag_set(EINVAL, NULL, "choose the columns before adding rows");
	if (*p == '+') { /* "+COL" adds to the columns already chosen */
		p++;
		shown = malloc(sizeof *shown * (size_t)t->nshown);
		if (t->nshown && !shown)
			return diag_set(ENOMEM, NULL, "choose columns");
		memcpy(shown, t->shown, sizeof *shown * (size_t)t->nshown);
		nshown = t->nshown;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int col = column_by_name(t, p, len);
		if (col < 0) {
			free(shown);
			return len ? unknown_column(t, p, len) :
				     diag_set(0, "separate column names with single commas", "empty column name in '%s'", list);
		}
		int *grown = realloc(shown, sizeof *shown * (size_t)(nshown + 1));
		if (!grown) {
			free(shown);
			return diag_set(ENOMEM, NULL, "choose columns");
		}
		shown = grown;
		shown[nshown++] = col;
		if (!p[len])
			break;
		p += len + 1;
	}
	free(t->shown);
	t->shown = shown;
	t->nshown = nshown;
	return 0;
}

bool table_shows(const struct table *t, int col)
{
	for (int i = 0; i < t->nshown; i++)
		if (t->shown[i] == col)
			return true;
	return false;
}

void table_set_tree_column(struct table *t, int col)
{
	t->tree_column = col;
}

int table_add_row(struct table *t)
{
	if (t->nrows == t->capacity) {
		int capacity = t->capacity ? t->capacity * 2 : 64;
		struct row *rows = realloc(t->rows, sizeof *rows * (size_t)capacity);
		if (!rows) {
			t->failed = ENOMEM;
			return -1;
		}
		t->rows = rows;
		t->capacity = capacity;
	}
	struct row *r = &t->rows[t->nrows];
	*r = (struct row){ .cells = calloc((size_t)t->nshown + 1, sizeof *r->cells), .parent = -1 };
	if (!r->cells) {
		t->failed = ENOMEM;
		return -1;
	}
	return t->nrows++;
}

void table_set_parent(struct table *t, int row, int parent)
{
	if (row < 0 || row >= t->nrows || parent < 0 || parent >= t->nrows)
		return;
	for (int up = parent; up >= 0; up = t->rows[up].parent)
		if (up == row)
			return; /* a loop would hide both rows from every format */
	t->rows[row].parent = parent;
}

void table_set(struct table *t, int row, int col, const char *text)
{
	if (row < 0 || row >= t->nrows || !text)
		return;
	for (int i = 0; i < t->nshown; i++) {
		if (t->shown[i] != col)
			continue;
		char *copy = strdup(text);
		if (!copy)
			t->failed = ENOMEM;
		free(t->rows[row].cells[i]);
		t->rows[row].cells[i] = copy;
	}
}

void table_setf(struct table *t, int row, int col, const char *fmt, ...)
{
	char *text;
	va_list ap;

	if (!table_shows(t, col))
		return;
	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->failed = ENOMEM;
		return;
	}
	table_set(t, row, col, text);
	free(text);
}

/* --- printing --- */

/* Write S (when OUT is not NULL) and return its width on screen, stopping
 * before LIMIT. A control character would break the layout, so it shows as
 * \xNN; raw output also escapes space and backslash, as libsmartcols does,
 * so that every cell stays one word. */
static size_t put_text(FILE *out, const char *s, bool raw, size_t limit)
{
	size_t width = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool escape = *p < 0x20 || *p == 0x7f || (raw && (*p == ' ' || *p == '\\'));
		bool continuation = (*p & 0xc0) == 0x80; /* inside a UTF-8 character */
		size_t w = escape ? 4 : continuation ? 0 : 1;
		if (width + w > limit)
			break;
		if (out && escape)
			fprintf(out, "\\x%02x", *p);
		else if (out)
			fputc(*p, out);
		width += w;
	}
	return width;
}

static void link_children(struct table *t)
{
	for (int i = 0; i < t->nrows; i++)
		t->rows[i].first_child = t->rows[i].next_sibling = -1;
	/* Backwards, so each list keeps the order the rows were added in. */
	for (int i = t->nrows - 1; i >= 0; i--) {
		int p = t->rows[i].parent;
		if (p >= 0) {
			t->rows[i].next_sibling = t->rows[p].first_child;
			t->rows[p].first_child = i;
		}
	}
}

/* The rows in print order (parents before their children, depth first),
 * each with its tree drawing: "│ " or "  " for each ancestor below the
 * root, then "├─" or "└─". */
struct line {
	int row;
	char *tree;
};

struct layout {
	struct line *lines;
	int n;
	const char *branch, *last, *through, *blank;
};

static int lay_out(struct table *t, struct layout *l, int row, const char *indent)
{
	const struct row *r = &t->rows[row];
	bool root = r->parent < 0;
	char *tree, *child_indent;

	if (asprintf(&tree, "%s%s", indent, root ? "" : r->next_sibling >= 0 ? l->branch : l->last) < 0)
		return -1;
	l->lines[l->n++] = (struct line){ row, tree };
	if (asprintf(&child_indent, "%s%s", indent, root ? "" : r->next_sibling >= 0 ? l->through : l->blank) < 0)
		return -1;
	for (int c = r->first_child; c >= 0; c = t->rows[c].next_sibling)
		if (lay_out(t, l, c, child_indent) < 0) {
			free(child_indent);
			return -1;
		}
	free(child_indent);
	return 0;
}

static void free_layout(struct layout *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->lines[i].tree);
	free(l->lines);
}

static int make_layout(struct table *t, struct layout *l)
{
	bool utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");

	*l = (struct layout){
		.branch = utf8 ? "├─" : "|-", .last = utf8 ? "└─" : "`-",
		.through = utf8 ? "│ " : "| ", .blank = "  ",
	};
	l->lines = calloc((size_t)t->nrows + 1, sizeof *l->lines);
	if (!l->lines)
		return -1;
	link_children(t);
	for (int i = 0; i < t->nrows; i++)
		if (t->rows[i].parent < 0 && lay_out(t, l, i, "") < 0) {
			free_layout(l);
			return -1;
		}
	return 0;
}

static int tree_slot(const struct table *t)
{
	for (int i = 0; i < t->nshown; i++)
		if (t->shown[i] == t->tree_column)
			return i;
	return 0;
}

static size_t terminal_width(FILE *out)
{
	struct winsize ws;

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return SIZE_MAX;
}

static void print_columns(struct table *t, FILE *out, const struct layout *l, bool headings)
{
	size_t width[t->nshown + 1];
	bool right[t->nshown + 1];
	bool has_tree = false;
	int tslot = tree_slot(t), last = t->nshown - 1;

	for (int i = 0; i < l->n; i++)
		has_tree |= l->lines[i].tree[0] != '\0';
	for (int s = 0; s < t->nshown; s++) {
		/* Numbers line up on the right, unless the tree is drawn there. */
		right[s] = t->columns[t->shown[s]].kind == TABLE_NUMBER && !(has_tree && s == tslot);
		width[s] = headings ? put_text(NULL, heading_of(&t->columns[t->shown[s]]), false, SIZE_MAX) : 0;
		for (int i = 0; i < l->n; i++) {
			const char *cell = t->rows[l->lines[i].row].cells[s];
			size_t w = (s == tslot ? put_text(NULL, l->lines[i].tree, false, SIZE_MAX) : 0) +
				   (cell ? put_text(NULL, cell, false, SIZE_MAX) : 0);
			if (w > width[s])
				width[s] = w;
		}
	}
	/* On a terminal, a long last column (a command line) is cut rather
	 * than wrapped into the next row. */
	size_t used = 0, screen = terminal_width(out);
	for (int s = 0; s < last; s++)
		used += width[s] + 1;
	size_t limit = !right[last] && screen != SIZE_MAX ? (screen > used + 8 ? screen - used : 8) : SIZE_MAX;

	for (int i = headings ? -1 : 0; i < l->n; i++) {
		const char *tree = i >= 0 ? l->lines[i].tree : "";
		char **cells = i >= 0 ? t->rows[l->lines[i].row].cells : NULL;
		/* Empty cells at the end of a line print nothing, not spaces. */
		int end = last;
		while (cells && end > 0 && !(cells[end] && cells[end][0]) && !(end == tslot && tree[0]))
			end--;
		for (int s = 0; s <= end; s++) {
			const char *branch = s == tslot ? tree : "";
			const char *cell = cells ? cells[s] : heading_of(&t->columns[t->shown[s]]);
			size_t w = put_text(NULL, branch, false, SIZE_MAX) + (cell ? put_text(NULL, cell, false, SIZE_MAX) : 0);
			if (s)
				fputc(' ', out);
			if (right[s])
				fprintf(out, "%*s", (int)(width[s] - w), "");
			w = put_text(out, branch, false, SIZE_MAX);
			if (cell)
				w += put_text(out, cell, false, s != last ? SIZE_MAX : limit > w ? limit - w : 0);
			if (!right[s] && s < end)
				fprintf(out, "%*s", (int)(width[s] - w), "");
		}
		fputc('\n', out);
	}
}

static void print_raw(struct table *t, FILE *out, const struct layout *l, bool headings)
{
	for (int i = headings ? -1 : 0; i < l->n; i++) {
		for (int s = 0; s < t->nshown; s++) {
			const char *cell = i < 0 ? t->columns[t->shown[s]].name : t->rows[l->lines[i].row].cells[s];
			if (s)
				fputc(' ', out);
			if (cell)
				put_text(out, cell, true, SIZE_MAX);
		}
		fputc('\n', out);
	}
}

/* jansson takes only valid UTF-8; a command line may be anything, so a
 * string it refuses goes in with its odd bytes written as \xNN. */
static json_t *json_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	char *escaped = malloc(strlen(s) * 4 + 1), *o = escaped;
	if (!escaped)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		o += *p < 0x80 ? sprintf(o, "%c", *p) : sprintf(o, "\\x%02x", *p);
	j = json_string(escaped);
	free(escaped);
	return j;
}

static json_t *json_cell(const struct table_column *c, const char *cell)
{
	char *end;

	if (!cell)
		return json_null();
	if (c->kind == TABLE_NUMBER && *cell) {
		errno = 0;
		long long v = strtoll(cell, &end, 10);
		if (!*end && !errno)
			return json_integer(v);
	}
	if (c->kind == TABLE_BOOL && (!strcmp(cell, "yes") || !strcmp(cell, "no")))
		return json_boolean(!strcmp(cell, "yes"));
	return json_text(cell);
}

/* One row as an object, its children nested; NULL when memory ran out. */
static json_t *json_row(const struct table *t, int row)
{
	const struct row *r = &t->rows[row];
	json_t *obj = json_object();

	for (int s = 0; obj && s < t->nshown; s++) {
		const struct table_column *c = &t->columns[t->shown[s]];
		char key[64];
		size_t k;
		for (k = 0; c->name[k] && k + 1 < sizeof key; k++)
			key[k] = (char)(c->name[k] >= 'A' && c->name[k] <= 'Z' ? c->name[k] - 'A' + 'a' : c->name[k]);
		key[k] = '\0';
		if (json_object_set_new(obj, key, json_cell(c, r->cells[s])) < 0) {
			json_decref(obj);
			return NULL;
		}
	}
	if (obj && r->first_child >= 0) {
		json_t *children = json_array();
		for (int ch = r->first_child; children && ch >= 0; ch = t->rows[ch].next_sibling)
			if (json_array_append_new(children, json_row(t, ch)) < 0) {
				json_decref(children);
				children = NULL;
			}
		if (json_object_set_new(obj, "children", children) < 0) {
			json_decref(obj);
			return NULL;
		}
	}
	return obj;
}

static int print_json(struct table *t, FILE *out, const char *json_key)
{
	json_t *rows = json_array(), *root = json_object();
	int rc = rows && root ? 0 : -1;

	link_children(t);
	for (int i = 0; rc == 0 && i < t->nrows; i++)
		if (t->rows[i].parent < 0 && json_array_append_new(rows, json_row(t, i)) < 0)
			rc = -1;
	if (rc == 0 && json_object_set(root, json_key, rows) < 0)
		rc = -1;
	if (rc == 0 && json_dumpf(root, out, JSON_INDENT(2)) < 0)
		rc = -1;
	if (rc == 0)
		fputc('\n', out);
	json_decref(rows);
	json_decref(root);
	return rc < 0 ? diag_set(ENOMEM, NULL, "make the JSON output") : 0;
}

int table_print(struct table *t, FILE *out, enum table_format format, bool headings, const char *json_key)
{
	struct layout l;

	if (t->failed)
		return diag_set(t->failed, NULL, "gather the table's rows");
	if (format == TABLE_JSON) {
		if (print_json(t, out, json_key) < 0)
			return -1;
	} else {
		if (make_layout(t, &l) < 0)
			return diag_set(ENOMEM, NULL, "lay out the table");
		if (format == TABLE_RAW)
			print_raw(t, out, &l, headings);
		else
			print_columns(t, out, &l, headings);
		free_layout(&l);
	}
	/* A full disk or a closed pipe is an error, not silently lost rows. */
	if (fflush(out) != 0 || ferror(out))
		return diag_set(errno, NULL, "write the output");
	return 0;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->nrows; i++) {
		for (int s = 0; s < t->nshown; s++)
			free(t->rows[i].cells[s]);
		free(t->rows[i].cells);
	}
	free(t->rows);
	free(t->shown);
	free(t);
}
