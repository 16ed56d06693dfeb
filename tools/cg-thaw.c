/* cg-thaw — let the processes of a frozen cgroup run again.
 *
 * The other half of cg-freeze: the processes continue where they stopped,
 * as after docker unpause. As with freezing, the kernel finishes the thaw
 * after the write returns, and cg-thaw waits until cgroup.events says
 * "frozen 0" (v2) or freezer.state reads THAWED (v1).
 */
#include "cggroup.h"
#include "cgroup.h"
#include "diag.h"
#include "opt.h"

static const char usage[] =
	"Usage: %1$s [options] NAME...\n"
	"Thaw a cgroup frozen by cg-freeze: its processes run again.\n"
	"\n"
	"v2: writes 0 to cgroup.freeze and waits for \"frozen 0\" in cgroup.events;\n"
	"v1: writes THAWED to freezer.state and waits until it reads THAWED.\n"
	"\n"
	"Options:\n"
	"      --timeout SECS  how long to wait for the thaw (default 10)\n"
	"      --parent PATH   the groups are in PATH, as for cg-create (default:\n"
	"                      $CTRKIT_CGROUP_PARENT, else <your cgroup>/ctrkit)\n"
	"      --explain       print each kernel file written\n"
	"  -h, --help          show this help and exit\n"
	"      --version       show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when every group is thawed; 125 on failure or timeout.\n"
	"\n"
	"Examples:\n"
	"  cg-freeze web && %1$s web\n";

enum { OPT_TIMEOUT = OPT_TOOL_BASE, OPT_PARENT };

static const struct option options[] = {
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "parent", required_argument, NULL, OPT_PARENT },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct cg_system s;
	const char *parent = NULL;
	unsigned long long timeout = 10;
	int c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == OPT_TIMEOUT) {
			if (opt_uint("--timeout", optarg, 3600, &timeout) < 0)
				die_diag();
		} else if (c == OPT_PARENT) {
			parent = optarg;
		} else {
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
	for (int i = optind; i < argc; i++)
		if (cg_freeze(&s, argv[i], false, (int)timeout * 1000) < 0)
			die_diag();
	cg_system_free(&s);
	return 0;
}
