/* cg-exec — run a command in a cgroup: the chain-loading step.
 *
 * cg-exec writes its own PID into cgroup.procs of the group in every
 * hierarchy, then execs the command, which so starts life in the group
 * with its limits, and every process it forks stays there:
 *
 *   cg-exec web -- ns-clone -pmu -- /bin/sh
 */
#include "cggroup.h"
#include "cgroup.h"
#include "diag.h"
#include "exec.h"
#include "opt.h"

#include <stdio.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [options] NAME [--] COMMAND [ARG...]\n"
	"Run a command in a cgroup made by cg-create.\n"
	"\n"
	"%1$s moves itself into group NAME in every cgroup hierarchy (it writes its\n"
	"PID to each cgroup.procs) and then execs COMMAND, so the command and all it\n"
	"starts are inside the group's limits from their first instruction.\n"
	"\n"
	"Options:\n"
	"      --parent PATH   the groups are in PATH, as for cg-create (default:\n"
	"                      $CTRKIT_CGROUP_PARENT, else <your cgroup>/ctrkit)\n"
	"      --explain       print each kernel file written, and the exec\n"
	"  -h, --help          show this help and exit\n"
	"      --version       show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  the command's own; 125 if %1$s failed, 126 if the command could not be\n"
	"  executed, 127 if it was not found.\n"
	"\n"
	"Examples:\n"
	"  %1$s web -- sh -c 'cat /proc/self/cgroup'\n"
	"  %1$s web -- ns-clone -pmu --mount-proc -- /bin/sh\n";

enum { OPT_PARENT = OPT_TOOL_BASE };

static const struct option options[] = {
	{ "parent", required_argument, NULL, OPT_PARENT },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct cg_system s;
	const char *parent = NULL;
	int c;

	diag_init(argv);
	/* "+": everything after NAME belongs to the command. */
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		if (c == OPT_PARENT)
			parent = optarg;
		else
			opt_common(c, usage);
	}
	if (optind >= argc)
		die_usage("no group name given");
	const char *name = argv[optind++];
	char **command = opt_command(argc, argv, true);

	if (cg_name_check(name) < 0 || cg_system_load(&s, parent) < 0)
		die_diag();
	if (cg_attach(&s, name, getpid()) < 0)
		die_diag();
	cg_system_free(&s);

	int status = exec_command(command);
	diag_print();
	return status;
}
