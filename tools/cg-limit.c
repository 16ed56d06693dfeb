/* cg-limit — set a cgroup's limits, or show them.
 *
 * Each option is one row of lib/cglimit's table: the same --memory 64M
 * becomes memory.max on cgroup v2 and memory.limit_in_bytes on v1, and
 * --cpus 1.5 becomes cpu.max "150000 100000" or cpu.cfs_quota_us 150000.
 * All values are checked, and every file read, before the first write; a
 * write the kernel refuses has the ones before it put back. With no limit
 * given, cg-limit shows the current ones, in the same units.
 *
 * Device rules (--devices, --device-allow) are lib/cgdevices: v1's
 * devices.deny and devices.allow, or on v2 a BPF program attached to the
 * group; the first one given makes the group deny every device it does not
 * allow.
 */
#include "cglimit.h"
#include "cggroup.h"
#include "cgroup.h"
#include "diag.h"
#include "opt.h"
#include "table.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options] NAME [LIMIT...]\n"
	"Set the limits of a cgroup made by cg-create, or show them.\n"
	"\n"
	"Each limit is written to the group's file in the cgroup version that has its\n"
	"controller: v2 when the unified tree has it, else v1. Every value is checked\n"
	"and every file read before the first write; if the kernel refuses one, those\n"
	"written before it are put back. With no limit given, show the current ones.\n"
	"\n"
	"Limits:\n"
	"      --memory SIZE        memory limit: 64M, 1.5G, 512k, 100 (bytes), or max\n"
	"                           (v2 memory.max, v1 memory.limit_in_bytes)\n"
	"      --memory-swap SIZE   memory and swap together, as docker's; equal to\n"
	"                           --memory means no swap, max means unlimited swap\n"
	"                           (v1 memory.memsw.limit_in_bytes takes the total;\n"
	"                           v2 memory.swap.max takes swap alone: SIZE - memory)\n"
	"      --cpus N.N           CPU time, in CPUs: 0.5 is half of one, 2 is two, max\n"
	"                           (v2 cpu.max, v1 cpu.cfs_quota_us per 100000 us)\n"
	"      --cpu-weight N       CPU share against other groups, 1..10000, default\n"
	"                           100 (v2 cpu.weight; v1 cpu.shares = 2 +\n"
	"                           (N-1)*262142/9999)\n"
	"      --cpuset-cpus LIST   the CPUs it may run on: 0-3,6 (cpuset.cpus)\n"
	"      --cpuset-mems LIST   the memory nodes it may use: 0 (cpuset.mems)\n"
	"      --pids N             the most processes and threads at once, or max\n"
	"                           (pids.max)\n"
	"      --io-weight N        disk share against other groups, 1..10000, default\n"
	"                           100 (v2 io.weight; v1 blkio.weight = 10 +\n"
	"                           (N-1)*990/9999)\n"
	"      --io-max DEV:KEY=N[,KEY=N...]\n"
	"                           disk limits on DEV (MAJ:MIN, or a path such as\n"
	"                           /dev/sda): rbps and wbps in bytes/s (1M allowed),\n"
	"                           riops and wiops in operations/s, max for none; may\n"
	"                           be repeated for more devices (v2 io.max, v1\n"
	"                           blkio.throttle.*_device)\n"
	"\n"
	"Devices (the first one given makes the group deny every device access its\n"
	"rules do not allow; the rules given replace the group's):\n"
	"      --devices PRESET     container: Docker's default list without its mknod\n"
	"                           of any node (c 1:3, 1:5, 1:7, 1:8, 1:9 null zero\n"
	"                           full random urandom; 5:0, 5:1, 5:2 tty console\n"
	"                           ptmx; 136:* ptys; 10:200 tun; each rwm); none: no\n"
	"                           device at all; all: every device (the default)\n"
	"      --device-allow RULE  also allow RULE, written as for v1 devices.allow:\n"
	"                           TYPE MAJOR:MINOR ACCESS, TYPE a, b or c, MAJOR and\n"
	"                           MINOR a number or *, ACCESS some of r (read), w\n"
	"                           (write), m (mknod): 'c 10:229 rw'; may be repeated\n"
	"                           (v1 devices.deny \"a\" then devices.allow; v2 a BPF\n"
	"                           program of type CGROUP_DEVICE on the group)\n"
	"\n"
	"Options:\n"
	"  -J, --json               show the limits as JSON\n"
	"      --parent PATH        the groups are in PATH, as for cg-create (default:\n"
	"                           $CTRKIT_CGROUP_PARENT, else <your cgroup>/ctrkit)\n"
	"      --explain            print each kernel file written, and why that one\n"
	"  -h, --help               show this help and exit\n"
	"      --version            show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when every limit was set; 125 on failure, and then none was.\n"
	"\n"
	"Examples:\n"
	"  %1$s web --memory 64M --cpus 0.5 --pids 100\n"
	"  %1$s web --io-max /dev/vda:rbps=10M,wiops=100\n"
	"  %1$s web --devices container --device-allow 'c 10:229 rw'\n"
	"  %1$s web                 (show the limits)\n";

enum { OPT_PARENT = OPT_TOOL_BASE, OPT_DEVICES, OPT_DEVICE_ALLOW, OPT_LIMIT };

static struct option options[CG_LIMIT_COUNT + 8] = {
	{ "json", no_argument, NULL, 'J' },
	{ "parent", required_argument, NULL, OPT_PARENT },
	{ "devices", required_argument, NULL, OPT_DEVICES },
	{ "device-allow", required_argument, NULL, OPT_DEVICE_ALLOW },
	OPT_COMMON_LONG,
};

enum { COL_LIMIT, COL_VALUE, COL_VERSION, COL_FILE };
static const struct table_column columns[] = {
	[COL_LIMIT] = { "LIMIT", TABLE_TEXT },
	[COL_VALUE] = { "VALUE", TABLE_TEXT },
	[COL_VERSION] = { "CGROUP", TABLE_TEXT },
	[COL_FILE] = { "FILE", TABLE_TEXT },
};

/* Every limit, one row each: value, cgroup version, the file it is in. */
static int show(const struct cg_system *s, const char *name, bool json)
{
	struct table *t = table_new(columns, 4, "LIMIT,VALUE,CGROUP,FILE");
	char value[1024], files[128];

	if (!t)
		return -1;
	for (int i = 0; i < CG_LIMIT_COUNT; i++) {
		const struct cg_limit *l = &cg_limits[i];
		const struct cg_hierarchy *h = s->by_ctrl[l->ctrl];
		int r = table_add_row(t);
		table_set(t, r, COL_LIMIT, l->name);
		table_set(t, r, COL_VERSION, h ? (h->version == 2 ? "v2" : "v1") : "none");
		if (cg_limit_show(s, name, l, value, sizeof value, files, sizeof files) == 0)
			table_set(t, r, COL_VALUE, value);
		else
			table_set(t, r, COL_VALUE, json ? NULL : "-");
		table_set(t, r, COL_FILE, files);
	}
	const struct cg_hierarchy *h = s->by_ctrl[CG_DEVICES];
	int r = table_add_row(t);
	table_set(t, r, COL_LIMIT, "devices");
	table_set(t, r, COL_VERSION, h ? (h->version == 2 ? "v2" : "v1") : "none");
	if (cg_devices_limit_show(s, name, value, sizeof value, files, sizeof files) == 0)
		table_set(t, r, COL_VALUE, value);
	else
		table_set(t, r, COL_VALUE, json ? NULL : "-");
	table_set(t, r, COL_FILE, files);
	int rc = table_print(t, stdout, json ? TABLE_JSON : TABLE_COLUMNS, true, "limits");
	table_free(t);
	return rc;
}

int main(int argc, char **argv)
{
	struct cg_system s;
	struct cg_plan plan;
	const char *parent = NULL, *text[CG_LIMIT_COUNT + 16];
	const struct cg_limit *given[CG_LIMIT_COUNT + 16];
	const char *devices = NULL, *device_allow[CG_DEVICE_RULES_MAX];
	int c, n = 0, nallow = 0, index, first = 0;
	bool json = false;

	diag_init(argv);
	/* One long option per row of the table, after the fixed ones. */
	while (options[first].name)
		first++;
	for (int i = 0; i < CG_LIMIT_COUNT; i++)
		options[first + i] = (struct option){ cg_limits[i].name, required_argument, NULL, OPT_LIMIT };
	/* Options may follow NAME (cg-limit web --memory 64M): no "+". */
	while ((c = getopt_long(argc, argv, "Jh", options, &index)) != -1) {
		switch (c) {
		case 'J':
			json = true;
			break;
		case OPT_PARENT:
			parent = optarg;
			break;
		case OPT_DEVICES:
			devices = optarg;
			break;
		case OPT_DEVICE_ALLOW:
			if (nallow == CG_DEVICE_RULES_MAX)
				die_usage("more than %d --device-allow rules", CG_DEVICE_RULES_MAX);
			device_allow[nallow++] = optarg;
			break;
		case OPT_LIMIT:
			if (n == (int)(sizeof given / sizeof given[0]))
				die_usage("too many limits at once");
			given[n] = &cg_limits[index - first];
			text[n++] = optarg;
			break;
		default:
			opt_common(c, usage);
		}
	}
	if (optind != argc - 1)
		die_usage(optind == argc ? "no group name given" : "one group name only");
	const char *name = argv[optind];
	if (cg_name_check(name) < 0 || cg_system_load(&s, parent) < 0)
		die_diag();

	if (n == 0 && !devices && nallow == 0) {
		if (cg_check_exists(&s, name) < 0 || show(&s, name, json) < 0)
			die_diag();
		cg_system_free(&s);
		return 0;
	}
	cg_plan_init(&plan, &s, name);
	for (int i = 0; i < n; i++)
		if (cg_plan_add(&plan, given[i], text[i]) < 0)
			die_diag();
	if (devices && cg_plan_devices(&plan, devices) < 0)
		die_diag();
	for (int i = 0; i < nallow; i++)
		if (cg_plan_device_allow(&plan, device_allow[i]) < 0)
			die_diag();
	if (cg_plan_apply(&plan) < 0)
		die_diag();
	cg_plan_free(&plan);
	cg_system_free(&s);
	return 0;
}
