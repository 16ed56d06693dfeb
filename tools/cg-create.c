/* cg-create — make a cgroup for a container, in every cgroup hierarchy.
 *
 * The group is the directory <your cgroup>/ctrkit/NAME in each hierarchy
 * ctrkit uses (lib/cgroup): one per v1 controller on an old host, one in
 * the unified tree on a v2 host, both on a hybrid one. On v2 the
 * controllers are passed down the path in cgroup.subtree_control; on v1
 * each new cpuset level gets its parent's CPUs and memory nodes, without
 * which it would take no process. A create that fails half-way removes
 * what it made.
 */
#include "cggroup.h"
#include "cgroup.h"
#include "diag.h"
#include "opt.h"

#include <limits.h>
#include <stdio.h>

static const char usage[] =
	"Usage: %1$s [options] NAME\n"
	"Create a cgroup in every cgroup hierarchy, for cg-limit and cg-exec.\n"
	"\n"
	"The group is <your cgroup>/ctrkit/NAME in each hierarchy: each cgroup v1\n"
	"controller ctrkit uses (cpu, cpuacct, cpuset, memory, pids, blkio, freezer,\n"
	"devices), and the cgroup v2 tree when it has controllers or is the only one.\n"
	"Your cgroup is read from /proc/self/cgroup, so the group stays inside the\n"
	"subtree you run in. Its directories are printed, one per line.\n"
	"\n"
	"NAME is letters, digits, '_', '-' and '.', not starting with '.' or '-';\n"
	"web/db is group db inside group web, which must exist first.\n"
	"\n"
	"Options:\n"
	"      --exist-ok      no error if the group exists; make it in any hierarchy\n"
	"                      where it is missing\n"
	"      --parent PATH   put the groups in PATH instead of <your cgroup>/ctrkit:\n"
	"                      an absolute cgroup path as /proc/self/cgroup shows it,\n"
	"                      or one relative to your cgroup (default:\n"
	"                      $CTRKIT_CGROUP_PARENT)\n"
	"      --explain       print each directory made and kernel file written\n"
	"  -h, --help          show this help and exit\n"
	"      --version       show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when the group was made (or existed, with --exist-ok); 125 on failure,\n"
	"  and then nothing was left half-made.\n"
	"\n"
	"Examples:\n"
	"  %1$s web && cg-limit web --memory 64M && cg-exec web -- sh\n"
	"  %1$s --explain web\n";

enum { OPT_EXIST_OK = OPT_TOOL_BASE, OPT_PARENT };

static const struct option options[] = {
	{ "exist-ok", no_argument, NULL, OPT_EXIST_OK },
	{ "parent", required_argument, NULL, OPT_PARENT },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct cg_system s;
	const char *parent = NULL;
	bool exist_ok = false;
	char dir[PATH_MAX], missing[256];
	int c;

	diag_init(argv);
	/* Options may come after NAME (cg-create web --exist-ok): no "+". */
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_EXIST_OK:
			exist_ok = true;
			break;
		case OPT_PARENT:
			parent = optarg;
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
	if (cg_create(&s, name, exist_ok, missing, sizeof missing) < 0)
		die_diag();
	if (*missing)
		warn_msg(0, "the v2 controllers '%s' are not delegated to your cgroup: limits on them will not work "
			    "for %s", missing, name);
	for (int i = 0; i < s.n; i++)
		if (cg_group_dir(&s.hier[i], name, dir, sizeof dir) == 0)
			printf("%s\n", dir);
	cg_system_free(&s);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(0, NULL, "write the output");
	return 0;
}
