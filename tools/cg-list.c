/* cg-list — ctrkit's cgroups, as a tree, with their main limits and use.
 *
 * The groups are the directories under <your cgroup>/ctrkit in every
 * hierarchy; a group made in some hierarchies only (by hand, or by a
 * create that was interrupted) still shows, once. Rows are gathered first
 * and printed by lib/table: aligned columns with the tree drawn, or JSON
 * with child groups nested under "children".
 */
#include "cggroup.h"
#include "cglimit.h"
#include "cgroup.h"
#include "cgstat.h"
#include "diag.h"
#include "opt.h"
#include "table.h"
#include "units.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options]\n"
	"List ctrkit's cgroups as a tree, with their main limits and usage.\n"
	"\n"
	"The groups are those under <your cgroup>/ctrkit (or --parent) in any cgroup\n"
	"hierarchy. Columns: NAME, PROCS in the group itself, MEM in use and its\n"
	"limit MEM-LIMIT, the CPUS limit, PIDS in use and the limit PIDS-MAX, and\n"
	"STATE (running, frozen).\n"
	"\n"
	"Options:\n"
	"  -J, --json          print JSON: {\"groups\": [...]}, child groups nested under\n"
	"                      \"children\", sizes in bytes\n"
	"  -n, --noheadings    print no header line\n"
	"      --parent PATH   list the groups in PATH, as for cg-create (default:\n"
	"                      $CTRKIT_CGROUP_PARENT, else <your cgroup>/ctrkit)\n"
	"  -h, --help          show this help and exit\n"
	"      --version       show the version and exit\n"
	"      --explain       accepted for symmetry; %1$s only reads files\n"
	"\n"
	"Examples:\n"
	"  %1$s\n"
	"  %1$s --json | jq -r '.groups[].name'\n";

enum { OPT_PARENT = OPT_TOOL_BASE };

static const struct option options[] = {
	{ "json", no_argument, NULL, 'J' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "parent", required_argument, NULL, OPT_PARENT },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

enum { COL_NAME, COL_PROCS, COL_MEM, COL_MEM_LIMIT, COL_CPUS, COL_PIDS, COL_PIDS_MAX, COL_STATE };
static const struct table_column columns[] = {
	[COL_NAME] = { "NAME", TABLE_TEXT },	      [COL_PROCS] = { "PROCS", TABLE_NUMBER },
	[COL_MEM] = { "MEM", TABLE_NUMBER },	      [COL_MEM_LIMIT] = { "MEM-LIMIT", TABLE_NUMBER },
	[COL_CPUS] = { "CPUS", TABLE_TEXT },	      [COL_PIDS] = { "PIDS", TABLE_NUMBER },
	[COL_PIDS_MAX] = { "PIDS-MAX", TABLE_NUMBER }, [COL_STATE] = { "STATE", TABLE_TEXT },
};

struct names {
	char **name;
	int n, cap;
};

static int add_name(const char *name, void *arg)
{
	struct names *l = arg;
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		char **grown = realloc(l->name, sizeof *grown * (size_t)l->cap);
		if (!grown)
			return diag_set(ENOMEM, NULL, "list the groups");
		l->name = grown;
	}
	if (!(l->name[l->n] = strdup(name)))
		return diag_set(ENOMEM, NULL, "list the groups");
	l->n++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A size: raw bytes for JSON, "12.3M" for people; "max" either way. */
static void set_size(struct table *t, int r, int col, bool have, uint64_t v, bool json)
{
	char buf[32];
	if (!have)
		return;
	if (json && v != UINT64_MAX)
		table_setf(t, r, col, "%ju", (uintmax_t)v);
	else
		table_set(t, r, col, units_format_size_approx(v, buf, sizeof buf));
}

static void fill_row(const struct cg_system *s, struct table *t, int r, const char *name, bool json)
{
	const struct cg_hierarchy *h = s->by_ctrl[CG_PIDS] ? s->by_ctrl[CG_PIDS] : &s->hier[0];
	struct cg_stats st;
	char dir[PATH_MAX], buf[64];
	pid_t pid;

	table_set(t, r, COL_NAME, name);
	if (cg_group_dir(h, name, dir, sizeof dir) == 0) {
		int procs = cg_procs(dir, &pid, 1);
		if (procs >= 0)
			table_setf(t, r, COL_PROCS, "%d", procs);
	}
	if (cg_stats_read(s, name, &st) == 0) {
		set_size(t, r, COL_MEM, st.have[CG_STAT_MEMORY], st.value[CG_STAT_MEMORY], json);
		if (st.have[CG_STAT_PIDS])
			table_setf(t, r, COL_PIDS, "%ju", (uintmax_t)st.value[CG_STAT_PIDS]);
		if (st.have[CG_STAT_PIDS_MAX])
			table_set(t, r, COL_PIDS_MAX, st.value[CG_STAT_PIDS_MAX] == UINT64_MAX ? "max" :
				  (snprintf(buf, sizeof buf, "%ju", (uintmax_t)st.value[CG_STAT_PIDS_MAX]), buf));
	}
	if (cg_limit_show(s, name, &cg_limits[CG_LIMIT_MEMORY], buf, sizeof buf, NULL, 0) == 0) {
		uint64_t bytes;
		/* The shown limit is exact ("64M"); JSON wants bytes. */
		if (json && strcmp(buf, "max") && units_parse_size("limit", buf, false, &bytes) == 0)
			table_setf(t, r, COL_MEM_LIMIT, "%ju", (uintmax_t)bytes);
		else
			table_set(t, r, COL_MEM_LIMIT, buf);
	}
	if (cg_limit_show(s, name, &cg_limits[CG_LIMIT_CPUS], buf, sizeof buf, NULL, 0) == 0)
		table_set(t, r, COL_CPUS, buf);
	int frozen = cg_frozen(s, name);
	if (frozen >= 0)
		table_set(t, r, COL_STATE, frozen ? "frozen" : "running");
}

int main(int argc, char **argv)
{
	struct cg_system s;
	struct names l = { 0 };
	const char *parent = NULL;
	bool json = false, headings = true;
	int c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "Jnh", options, NULL)) != -1) {
		if (c == 'J')
			json = true;
		else if (c == 'n')
			headings = false;
		else if (c == OPT_PARENT)
			parent = optarg;
		else
			opt_common(c, usage);
	}
	if (optind != argc)
		die_usage("%s takes no arguments", diag_prog());
	if (cg_system_load(&s, parent) < 0)
		die_diag();
	for (int i = 0; i < s.n; i++)
		if (cg_walk(s.hier[i].base, add_name, &l) < 0)
			die_diag();
	/* Sorted, a parent comes before its children ("web" < "web/db").
	 * No group, no list: qsort(3) must not be given a NULL array. */
	if (l.n > 0)
		qsort(l.name, (size_t)l.n, sizeof *l.name, by_name);

	struct table *t = table_new(columns, sizeof columns / sizeof columns[0],
				    "NAME,PROCS,MEM,MEM-LIMIT,CPUS,PIDS,PIDS-MAX,STATE");
	if (!t)
		die_diag();
	int *row = calloc((size_t)l.n + 1, sizeof *row);
	for (int i = 0; row && i < l.n; i++) {
		row[i] = table_add_row(t);
		fill_row(&s, t, row[i], l.name[i], json);
		/* The parent is the longest earlier name that is a prefix + "/". */
		for (int j = i - 1; j >= 0; j--) {
			size_t len = strlen(l.name[j]);
			if (!strncmp(l.name[i], l.name[j], len) && l.name[i][len] == '/') {
				table_set_parent(t, row[i], row[j]);
				break;
			}
		}
	}
	if (!row)
		die(ENOMEM, NULL, "list the groups");
	if (table_print(t, stdout, json ? TABLE_JSON : TABLE_COLUMNS, headings, "groups") < 0)
		die_diag();
	table_free(t);
	free(row);
	for (int i = 0; i < l.n; i++)
		free(l.name[i]);
	free(l.name);
	cg_system_free(&s);
	return 0;
}
