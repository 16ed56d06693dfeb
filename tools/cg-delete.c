/* cg-delete — remove a cgroup, and kill what is still in it.
 *
 * A cgroup directory can be removed only once no process is in it, so
 * cg-delete first kills them: on v2 with one write to cgroup.kill; on v1
 * by freezing the group, sending SIGKILL to each task and thawing it, so
 * none can fork away meanwhile; then SIGKILL to whatever is left, until the
 * group is empty. Child groups go first (rmdir works only on a leaf).
 */
#include "cggroup.h"
#include "cgroup.h"
#include "diag.h"
#include "opt.h"

#include <stdio.h>

static const char usage[] =
	"Usage: %1$s [options] NAME...\n"
	"Kill the processes in a cgroup and remove it, in every cgroup hierarchy.\n"
	"\n"
	"Every process in the group and in its child groups is killed (v2:\n"
	"cgroup.kill; v1: freeze, SIGKILL each, thaw), then the directories are\n"
	"removed, children first. The ctrkit directory goes with its last group.\n"
	"\n"
	"Options:\n"
	"      --ignore-missing  no error when a group does not exist\n"
	"      --timeout SECS    how long to wait for the processes to end\n"
	"                        (default 10)\n"
	"      --parent PATH     the groups are in PATH, as for cg-create (default:\n"
	"                        $CTRKIT_CGROUP_PARENT, else <your cgroup>/ctrkit)\n"
	"      --explain         print each kill, kernel file written and rmdir\n"
	"  -h, --help            show this help and exit\n"
	"      --version         show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when every group is gone; 125 on failure.\n"
	"\n"
	"Examples:\n"
	"  %1$s web\n"
	"  %1$s --ignore-missing web db\n";

enum { OPT_IGNORE_MISSING = OPT_TOOL_BASE, OPT_TIMEOUT, OPT_PARENT };

static const struct option options[] = {
	{ "ignore-missing", no_argument, NULL, OPT_IGNORE_MISSING },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "parent", required_argument, NULL, OPT_PARENT },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct cg_system s;
	const char *parent = NULL;
	bool ignore_missing = false;
	unsigned long long timeout = 10;
	int c, failed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_IGNORE_MISSING:
			ignore_missing = true;
			break;
		case OPT_TIMEOUT:
			if (opt_uint("--timeout", optarg, 3600, &timeout) < 0)
				die_diag();
			break;
		case OPT_PARENT:
			parent = optarg;
			break;
		default:
			opt_common(c, usage);
		}
	}
	if (optind >= argc)
		die_usage("no group name given");
	for (int i = optind; i < argc; i++)
		if (cg_name_check(argv[i]) < 0)
			die_diag();
	if (cg_system_load(&s, parent) < 0)
		die_diag();
	/* Each group on its own: one that fails does not keep the others. */
	for (int i = optind; i < argc; i++)
		if (cg_delete(&s, argv[i], ignore_missing, (int)timeout * 1000) < 0) {
			diag_print();
			failed = 1;
		}
	cg_system_free(&s);
	return failed ? EXIT_TOOL_FAILED : 0;
}
