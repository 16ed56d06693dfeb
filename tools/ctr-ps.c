/* ctr-ps — list containers, as docker ps.
 *
 * The records under $CTRKIT_STATE/containers are read (lib/ctrstate), one
 * row each, and printed by lib/table: columns for people, -q ids for
 * pipes, --json for programs, all from the same rows. STATUS says what
 * docker's does: "Up 5 seconds", "Up 2 minutes (Paused)", "Exited (137)
 * 3 seconds ago", "Created".
 */
#include "ctrstate.h"
#include "diag.h"
#include "opt.h"
#include "table.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options]\n"
	"List containers: the running and paused ones, or all with -a.\n"
	"\n"
	"The containers are those recorded under $CTRKIT_STATE/containers (default\n"
	"/run/ctrkit/containers), newest first.\n"
	"\n"
	"Options:\n"
	"  -a, --all               show every container, the created and exited too\n"
	"  -q, --quiet             print only the ids, one a line\n"
	"  -o, --output COL[,COL]  the columns to show, from the list below; +COL\n"
	"                          adds to the default ones\n"
	"  -n, --noheadings        print no header line\n"
	"  -J, --json              print JSON, for programs: {\"containers\": [...]},\n"
	"                          every column unless -o, full ids and commands\n"
	"      --no-trunc          do not shorten ids and commands\n"
	"      --explain           accepted for symmetry; %1$s only reads files\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"Columns (default ID,IMAGE,COMMAND,CREATED,STATUS,NAMES):\n"
	"  ID           the container's id (CONTAINER ID: its first 12 digits)\n"
	"  IMAGE        the image it runs\n"
	"  COMMAND      its command, quoted, shortened to 20 characters\n"
	"  CREATED      how long ago it was created\n"
	"  STATUS       Created, Up 5 seconds, Up 1 minute (Paused), Exited (0) 3\n"
	"               seconds ago\n"
	"  NAMES        its name\n"
	"  STATE        created, running, paused or exited\n"
	"  PID          its PID 1 as the host sees it, while it runs\n"
	"  EXIT_CODE    how it ended (128+N: killed by signal N)\n"
	"  OOM_KILLED   did the kernel kill a process in it for lack of memory\n"
	"  CGROUP       its ctrkit group\n"
	"  CREATED_AT, STARTED_AT, FINISHED_AT   the times, RFC 3339 in UTC\n"
	"\n"
	"Exit status:\n"
	"  0 on success; 125 if %1$s failed.\n"
	"\n"
	"Examples:\n"
	"  %1$s\n"
	"  %1$s -a -o NAMES,STATE,EXIT_CODE,OOM_KILLED\n"
	"  ctr-rm -f $(%1$s -aq)\n";

enum { OPT_NO_TRUNC = OPT_TOOL_BASE };

static const struct option options[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "output", required_argument, NULL, 'o' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "json", no_argument, NULL, 'J' },
	{ "no-trunc", no_argument, NULL, OPT_NO_TRUNC },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

enum { COL_ID, COL_IMAGE, COL_COMMAND, COL_CREATED, COL_STATUS, COL_NAMES, COL_STATE, COL_PID, COL_EXIT_CODE,
       COL_OOM_KILLED, COL_CGROUP, COL_CREATED_AT, COL_STARTED_AT, COL_FINISHED_AT, COL_COUNT };

static const struct table_column columns[COL_COUNT] = {
	[COL_ID] = { "ID", TABLE_TEXT, "CONTAINER ID" },
	[COL_IMAGE] = { "IMAGE", TABLE_TEXT, NULL },
	[COL_COMMAND] = { "COMMAND", TABLE_TEXT, NULL },
	[COL_CREATED] = { "CREATED", TABLE_TEXT, NULL },
	[COL_STATUS] = { "STATUS", TABLE_TEXT, NULL },
	[COL_NAMES] = { "NAMES", TABLE_TEXT, NULL },
	[COL_STATE] = { "STATE", TABLE_TEXT, NULL },
	[COL_PID] = { "PID", TABLE_NUMBER, NULL },
	[COL_EXIT_CODE] = { "EXIT_CODE", TABLE_NUMBER, NULL },
	[COL_OOM_KILLED] = { "OOM_KILLED", TABLE_BOOL, NULL },
	[COL_CGROUP] = { "CGROUP", TABLE_TEXT, NULL },
	[COL_CREATED_AT] = { "CREATED_AT", TABLE_TEXT, NULL },
	[COL_STARTED_AT] = { "STARTED_AT", TABLE_TEXT, NULL },
	[COL_FINISHED_AT] = { "FINISHED_AT", TABLE_TEXT, NULL },
};

static double seconds_since(const char *when)
{
	struct timespec then, now;

	if (ctr_time_parse(when, &then) < 0)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	double d = (double)(now.tv_sec - then.tv_sec) + (double)(now.tv_nsec - then.tv_nsec) / 1e9;
	return d < 0 ? 0 : d;
}

/* docker's COMMAND: quoted, cut to 20 characters with an ellipsis. */
static void command_text(const struct ctr_state *st, bool trunc, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (char **a = st->command; a && *a && o < len; a++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", a == st->command ? "" : " ", *a);
	if (trunc && strlen(buf) > 19)
		strcpy(buf + 19, "…");
}

static void status_text(const struct ctr_state *st, char *buf, size_t len)
{
	char d[64];

	switch (st->status) {
	case CTR_RUNNING:
	case CTR_PAUSED:
		snprintf(buf, len, "Up %s%s", ctr_human_duration(seconds_since(st->started), d, sizeof d),
			 st->status == CTR_PAUSED ? " (Paused)" : "");
		break;
	case CTR_EXITED:
		snprintf(buf, len, "Exited (%d) %s ago", st->exit_code,
			 ctr_human_duration(seconds_since(*st->finished ? st->finished : st->created), d, sizeof d));
		break;
	default:
		snprintf(buf, len, "Created");
	}
}

static void add_row(struct table *t, const struct ctr_state *st, bool trunc)
{
	char text[4096], d[64];
	int r = table_add_row(t);

	table_setf(t, r, COL_ID, "%.*s", trunc ? CTR_SHORT_ID_LEN : CTR_ID_LEN, st->id);
	table_set(t, r, COL_IMAGE, st->image);
	command_text(st, trunc, text, sizeof text);
	table_setf(t, r, COL_COMMAND, trunc ? "\"%s\"" : "%s", text);
	table_setf(t, r, COL_CREATED, "%s ago", ctr_human_duration(seconds_since(st->created), d, sizeof d));
	status_text(st, text, sizeof text);
	table_set(t, r, COL_STATUS, text);
	table_set(t, r, COL_NAMES, st->name);
	table_set(t, r, COL_STATE, ctr_status_name(st->status));
	if (st->status == CTR_RUNNING || st->status == CTR_PAUSED)
		table_setf(t, r, COL_PID, "%d", (int)st->pid);
	if (st->status == CTR_EXITED)
		table_setf(t, r, COL_EXIT_CODE, "%d", st->exit_code);
	table_set(t, r, COL_OOM_KILLED, st->oom_killed ? "yes" : "no");
	table_set(t, r, COL_CGROUP, st->cgroup);
	table_set(t, r, COL_CREATED_AT, st->created);
	if (*st->started)
		table_set(t, r, COL_STARTED_AT, st->started);
	if (*st->finished)
		table_set(t, r, COL_FINISHED_AT, st->finished);
}

int main(int argc, char **argv)
{
	bool all = false, quiet = false, headings = true, trunc = true;
	enum table_format format = TABLE_COLUMNS;
	const char *cols = NULL;
	struct ctr_state *list;
	int n, c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "aqo:nJh", options, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'o':
			cols = optarg;
			break;
		case 'n':
			headings = false;
			break;
		case 'J':
			format = TABLE_JSON;
			trunc = false;
			break;
		case OPT_NO_TRUNC:
			trunc = false;
			break;
		default:
			opt_common(c, usage);
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);
	if (quiet) {
		cols = "ID";
		headings = false;
		format = format == TABLE_JSON ? TABLE_JSON : TABLE_RAW;
	}
	struct table *t = table_new(columns, COL_COUNT, "ID,IMAGE,COMMAND,CREATED,STATUS,NAMES");
	if (!t)
		die_diag();
	if (cols && table_select(t, cols) < 0)
		die_diag();
	if (!cols && format == TABLE_JSON &&
	    table_select(t, "+STATE,PID,EXIT_CODE,OOM_KILLED,CGROUP,CREATED_AT,STARTED_AT,FINISHED_AT") < 0)
		die_diag();
	if (ctr_list(&list, &n) < 0)
		die_diag();
	for (int i = 0; i < n; i++)
		if (all || list[i].status == CTR_RUNNING || list[i].status == CTR_PAUSED)
			add_row(t, &list[i], trunc);
	ctr_list_free(list, n);
	if (table_print(t, stdout, format, headings, "containers") < 0)
		die_diag();
	table_free(t);
	return 0;
}
