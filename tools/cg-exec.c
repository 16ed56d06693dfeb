/* cg-exec — run a command in a cgroup: the chain-loading step.
 *
 * cg-exec moves itself into the group in every hierarchy, then execs the
 * command, which so starts life in the group with its limits, and every
 * process it forks stays there:
 *
 *   cg-exec web -- ns-clone -pmu -- /bin/sh
 *
 * Moving a process is not free: the kernel takes cgroup_threadgroup_rwsem
 * for writing, and the first writer after a quiet spell waits for an RCU
 * grace period, 7-11 ms. Two ways around it, both used here. In v1, a
 * thread that moves itself ("0" written to tasks) takes no such lock, and
 * cg-exec is one thread. On cgroup v2, --fork: the command is a child
 * cloned straight into the group (clone3 with CLONE_INTO_CGROUP, Linux
 * 5.7), as crun does, so nothing moves; cg-exec stays as its parent,
 * outside the group. In v1 hierarchies, which have no such clone, the
 * child moves itself before it execs.
 *
 *   parent                                  child
 *   open(v2 group dir, O_PATH)
 *   clone3(CLONE_INTO_CGROUP) ────────────► (in the v2 group from birth)
 *   pass signals on, wait                   v1: write "0" to tasks
 *                                           exec COMMAND
 *   exit with the child's status
 */
#include "cggroup.h"
#include "cgroup.h"
#include "diag.h"
#include "exec.h"
#include "explain.h"
#include "opt.h"
#include "supervise.h"

#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [options] NAME [--] COMMAND [ARG...]\n"
	"Run a command in a cgroup made by cg-create.\n"
	"\n"
	"%1$s moves itself into group NAME in every cgroup hierarchy (it writes \"0\",\n"
	"meaning itself, to each cgroup.procs, or to tasks in v1) and then execs\n"
	"COMMAND, so the command and all it starts are inside the group's limits from\n"
	"their first instruction.\n"
	"\n"
	"Options:\n"
	"      --fork          start COMMAND as a child born in the group and stay as\n"
	"                      its parent (signals passed on, its exit status returned),\n"
	"                      outside the group. On cgroup v2 the child is cloned into\n"
	"                      it (CLONE_INTO_CGROUP), so nothing is moved and nothing\n"
	"                      waits for the kernel's cgroup lock; in v1 hierarchies\n"
	"                      the child moves itself before it runs COMMAND\n"
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
	"  %1$s web -- ns-clone -pmu --mount-proc -- /bin/sh\n"
	"  %1$s --fork web -- ns-clone -pmu --mount-proc -- /bin/sh\n";

enum { OPT_PARENT = OPT_TOOL_BASE, OPT_FORK };

static const struct option options[] = {
	{ "parent", required_argument, NULL, OPT_PARENT },
	{ "fork", no_argument, NULL, OPT_FORK },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* --fork: see the top of this file. Returns the child, in the group and
 * running COMMAND, for supervise_wait(); the signals stay blocked. */
static pid_t start_in_group(const struct cg_system *s, const char *name, char **command)
{
	sigset_t old;

	/* Here, so that a missing group is an error with no child to reap. */
	if (cg_check_exists(s, name) < 0)
		die_diag();
	int group_fd;
	if (cg_open_v2(s, name, &group_fd) < 0)
		die_diag();
	supervise_block(&old);
	struct clone_args args = { .exit_signal = SIGCHLD };
	if (group_fd >= 0) {
		args.flags = CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)group_fd;
		explain("clone3({flags=CLONE_INTO_CGROUP, cgroup=%d})  (the child starts in group %s's v2 "
			"directory: nothing is moved)", group_fd, name);
	}
	pid_t child = (pid_t)syscall(SYS_clone3, &args, sizeof args);
	bool cloned_in = child >= 0 && group_fd >= 0;
	if (child < 0 && (errno == ENOSYS || errno == E2BIG || errno == EINVAL)) {
		/* Before Linux 5.7: a plain fork, and the child moves itself. */
		explain("clone3 refused (%s): fork(), then the child moves itself", strerror(errno));
		child = fork();
	}
	if (child < 0)
		die(errno, NULL, "clone3");
	if (child == 0) {
		/* A failure here is reported by the child, exit status 125. */
		if (cg_enter(s, name, cloned_in) < 0) {
			diag_print();
			_exit(EXIT_TOOL_FAILED);
		}
		supervise_unblock(&old);
		int status = exec_command(command);
		diag_print();
		_exit(status);
	}
	if (group_fd >= 0)
		close(group_fd);
	return child;
}

int main(int argc, char **argv)
{
	struct cg_system s;
	const char *parent = NULL;
	bool fork_child = false;
	int c;

	diag_init(argv);
	/* "+": everything after NAME belongs to the command. */
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		if (c == OPT_PARENT)
			parent = optarg;
		else if (c == OPT_FORK)
			fork_child = true;
		else
			opt_common(c, usage);
	}
	if (optind >= argc)
		die_usage("no group name given");
	const char *name = argv[optind++];
	char **command = opt_command(argc, argv, true);

	if (cg_name_check(name) < 0 || cg_system_load(&s, parent) < 0)
		die_diag();
	if (fork_child) {
		pid_t child = start_in_group(&s, name, command);
		cg_system_free(&s);
		int wstatus = supervise_wait(child);
		if (wstatus < 0)
			die_diag();
		return exit_status_of(wstatus);
	}
	if (cg_enter(&s, name, false) < 0)
		die_diag();
	cg_system_free(&s);

	int status = exec_command(command);
	diag_print();
	return status;
}
