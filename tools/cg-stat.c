/* cg-stat — what a cgroup has used: memory, OOM kills, CPU, processes, I/O.
 *
 * The numbers come from lib/cgstat's table, from whichever cgroup version
 * holds each controller, in v2's units. Printed once, or refreshed in
 * place every interval with --watch, like `docker stats`; --json for
 * programs (one object per refresh, one per line, with --watch).
 */
#include "cgstat.h"
#include "cgroup.h"
#include "diag.h"
#include "opt.h"
#include "table.h"
#include "units.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [options] NAME...\n"
	"Show what cgroups have used: memory, OOM kills, CPU time, processes, I/O.\n"
	"\n"
	"Columns: MEM and PEAK memory in use now and at most (v2 memory.current,\n"
	"memory.peak; v1 memory.usage_in_bytes, max_usage_in_bytes), HITS times the\n"
	"memory limit was hit (v2 memory.events max, v1 memory.failcnt), OOM-KILLS\n"
	"processes killed for memory (memory.events or memory.oom_control oom_kill),\n"
	"CPU time used (v2 cpu.stat usage_usec, v1 cpuacct.usage), CPU%% over the\n"
	"last interval (with --watch), THROTTLED periods held back by --cpus\n"
	"(nr_throttled), PIDS now and the limit, READ and WRITE bytes (v2 io.stat,\n"
	"v1 blkio.throttle.io_service_bytes_recursive).\n"
	"\n"
	"Options:\n"
	"  -J, --json            print JSON: {\"groups\": [{\"name\": ..., \"memory\":\n"
	"                        {\"current\": BYTES, ...}, \"cpu\": {\"usage_usec\": ...},\n"
	"                        ...}]}; a number this kernel does not keep is null\n"
	"  -w, --watch           refresh every interval: in place on a terminal,\n"
	"                        one table (or JSON line) after another otherwise\n"
	"  -i, --interval SECS   seconds between refreshes (default 1)\n"
	"  -c, --count N         stop after N refreshes (default: until interrupted)\n"
	"      --parent PATH     the groups are in PATH, as for cg-create (default:\n"
	"                        $CTRKIT_CGROUP_PARENT, else <your cgroup>/ctrkit)\n"
	"  -h, --help            show this help and exit\n"
	"      --version         show the version and exit\n"
	"      --explain         accepted for symmetry; %1$s only reads files\n"
	"\n"
	"Examples:\n"
	"  %1$s web\n"
	"  %1$s --watch web db\n"
	"  %1$s --json web | jq .groups[0].memory.oom_kill\n";

enum { OPT_PARENT = OPT_TOOL_BASE };

static const struct option options[] = {
	{ "json", no_argument, NULL, 'J' },
	{ "watch", no_argument, NULL, 'w' },
	{ "interval", required_argument, NULL, 'i' },
	{ "count", required_argument, NULL, 'c' },
	{ "parent", required_argument, NULL, OPT_PARENT },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

enum { COL_NAME, COL_MEM, COL_PEAK, COL_HITS, COL_OOM_KILLS, COL_CPU, COL_CPU_PERCENT, COL_THROTTLED, COL_PIDS,
       COL_READ, COL_WRITE };
static const struct table_column columns[] = {
	[COL_NAME] = { "NAME", TABLE_TEXT },	     [COL_MEM] = { "MEM", TABLE_NUMBER },
	[COL_PEAK] = { "PEAK", TABLE_NUMBER },	     [COL_HITS] = { "HITS", TABLE_NUMBER },
	[COL_OOM_KILLS] = { "OOM-KILLS", TABLE_NUMBER }, [COL_CPU] = { "CPU", TABLE_NUMBER },
	[COL_CPU_PERCENT] = { "CPU%", TABLE_NUMBER }, [COL_THROTTLED] = { "THROTTLED", TABLE_NUMBER },
	[COL_PIDS] = { "PIDS", TABLE_TEXT },	     [COL_READ] = { "READ", TABLE_NUMBER },
	[COL_WRITE] = { "WRITE", TABLE_NUMBER },
};

struct sample {
	struct cg_stats st;
	double cpu_percent; /* < 0: not known yet */
};

static void set_size(struct table *t, int r, int col, const struct cg_stats *st, int id)
{
	char buf[32];
	if (st->have[id])
		table_set(t, r, col, units_format_size_approx(st->value[id], buf, sizeof buf));
	else
		table_set(t, r, col, "-");
}

static void set_count(struct table *t, int r, int col, const struct cg_stats *st, int id)
{
	if (st->have[id])
		table_setf(t, r, col, "%ju", (uintmax_t)st->value[id]);
	else
		table_set(t, r, col, "-");
}

static int print_table(char **names, int n, const struct sample *now, bool watch)
{
	struct table *t = table_new(columns, sizeof columns / sizeof columns[0],
				    watch ? "NAME,MEM,PEAK,HITS,OOM-KILLS,CPU,CPU%,THROTTLED,PIDS,READ,WRITE"
					  : "NAME,MEM,PEAK,HITS,OOM-KILLS,CPU,THROTTLED,PIDS,READ,WRITE");
	char buf[32], max[32];

	if (!t)
		return -1;
	for (int i = 0; i < n; i++) {
		const struct cg_stats *st = &now[i].st;
		int r = table_add_row(t);
		table_set(t, r, COL_NAME, names[i]);
		set_size(t, r, COL_MEM, st, CG_STAT_MEMORY);
		set_size(t, r, COL_PEAK, st, CG_STAT_MEMORY_PEAK);
		set_count(t, r, COL_HITS, st, CG_STAT_LIMIT_HITS);
		set_count(t, r, COL_OOM_KILLS, st, CG_STAT_OOM_KILL);
		table_set(t, r, COL_CPU, st->have[CG_STAT_CPU_USAGE] ?
				units_format_usec(st->value[CG_STAT_CPU_USAGE], buf, sizeof buf) : "-");
		if (now[i].cpu_percent >= 0)
			table_setf(t, r, COL_CPU_PERCENT, "%.1f%%", now[i].cpu_percent);
		else
			table_set(t, r, COL_CPU_PERCENT, "-");
		set_count(t, r, COL_THROTTLED, st, CG_STAT_NR_THROTTLED);
		if (st->have[CG_STAT_PIDS_MAX] && st->value[CG_STAT_PIDS_MAX] != UINT64_MAX)
			snprintf(max, sizeof max, "%ju", (uintmax_t)st->value[CG_STAT_PIDS_MAX]);
		else
			snprintf(max, sizeof max, "max");
		table_setf(t, r, COL_PIDS, "%ju/%s", (uintmax_t)st->value[CG_STAT_PIDS], max);
		set_size(t, r, COL_READ, st, CG_STAT_IO_READ);
		set_size(t, r, COL_WRITE, st, CG_STAT_IO_WRITE);
	}
	int rc = table_print(t, stdout, TABLE_COLUMNS, true, "groups");
	table_free(t);
	return rc;
}

/* The same numbers, raw, nested by controller; one line with --watch. */
static int print_json(char **names, int n, const struct sample *now, bool watch)
{
	json_t *groups = json_array(), *root = json_object();
	int rc = 0;

	for (int i = 0; i < n; i++) {
		json_t *g = json_object();
		json_object_set_new(g, "name", json_string(names[i]));
		for (int id = 0; id < CG_STAT_COUNT; id++) {
			const struct cg_stat_def *d = &cg_stat_defs[id];
			json_t *section = json_object_get(g, d->section), *v;
			if (!section) {
				section = json_object();
				json_object_set_new(g, d->section, section);
			}
			if (!now[i].st.have[id])
				v = json_null();
			else if (now[i].st.value[id] == UINT64_MAX)
				v = json_string("max");
			else
				v = json_integer((json_int_t)now[i].st.value[id]);
			json_object_set_new(section, d->key, v);
		}
		if (watch)
			json_object_set_new(json_object_get(g, "cpu"), "percent",
					    now[i].cpu_percent >= 0 ? json_real(now[i].cpu_percent) : json_null());
		json_array_append_new(groups, g);
	}
	json_object_set_new(root, "groups", groups);
	if (json_dumpf(root, stdout, watch ? JSON_COMPACT : JSON_INDENT(2)) < 0)
		rc = diag_set(0, NULL, "write the JSON output");
	json_decref(root);
	putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = diag_set(0, NULL, "write the output");
	return rc;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct cg_system s;
	const char *parent = NULL;
	bool json = false, watch = false;
	unsigned long long interval = 1, count = 0;
	int c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "Jwi:c:h", options, NULL)) != -1) {
		switch (c) {
		case 'J': json = true; break;
		case 'w': watch = true; break;
		case 'i':
			if (opt_uint("--interval", optarg, 3600, &interval) < 0 || interval == 0)
				die(0, "give whole seconds, 1 or more", "bad --interval '%s'", optarg);
			break;
		case 'c':
			if (opt_uint("--count", optarg, 1000000000, &count) < 0)
				die_diag();
			watch = true;
			break;
		case OPT_PARENT: parent = optarg; break;
		default: opt_common(c, usage);
		}
	}
	int n = argc - optind;
	char **names = argv + optind;
	if (n == 0)
		die_usage("no group name given");
	for (int i = 0; i < n; i++)
		if (cg_name_check(names[i]) < 0)
			die_diag();
	if (cg_system_load(&s, parent) < 0)
		die_diag();

	struct sample now[n], before[n];
	double t_before = 0;
	bool tty = isatty(STDOUT_FILENO);
	for (unsigned long long round = 0; !watch || count == 0 || round < count; round++) {
		double t = now_seconds();
		for (int i = 0; i < n; i++) {
			if (cg_stats_read(&s, names[i], &now[i].st) < 0)
				die_diag();
			now[i].cpu_percent = -1;
			/* CPU% = CPU time used / wall time passed, since last time. */
			if (round > 0 && now[i].st.have[CG_STAT_CPU_USAGE] && t > t_before)
				now[i].cpu_percent = (double)(now[i].st.value[CG_STAT_CPU_USAGE] -
							      before[i].st.value[CG_STAT_CPU_USAGE]) / 1e4 / (t - t_before);
		}
		if (watch && tty && !json)
			fputs("\033[H\033[2J", stdout); /* home, clear: refresh in place */
		else if (round > 0 && !json)
			putchar('\n');
		if ((json ? print_json(names, n, now, watch) : print_table(names, n, now, watch)) < 0)
			die_diag();
		if (!watch)
			break;
		memcpy(before, now, sizeof now);
		t_before = t;
		if (count == 0 || round + 1 < count)
			sleep((unsigned)interval);
	}
	cg_system_free(&s);
	return 0;
}
