/* ctr-rm — remove containers: their cgroup, what ctr-run set up, their record.
 *
 * What a container had is undone from its record alone, so ctr-rm works
 * whatever was killed on the way (kill -9 of ctr-run, of the monitor, of
 * the container): the cgroup is emptied and removed (lib/cggroup), the
 * cleanup entries are undone in order (unmount, then remove directories
 * without crossing into another filesystem, and what ctr-net up made for
 * its network), then the state directory
 * goes. A running container is refused unless -f, which kills it first.
 */
#include "ctrlife.h"
#include "ctrstate.h"
#include "diag.h"
#include "opt.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>

static const char usage[] =
	"Usage: %1$s [options] CONTAINER...\n"
	"Remove containers: their cgroup, their mounts and directories, their record.\n"
	"\n"
	"CONTAINER is a name, an id or a unique prefix of one. The container's\n"
	"cgroup is removed (anything left in it is killed), each cleanup entry of\n"
	"its record is undone, in the order recorded (umount: every mount at or\n"
	"below the path, MNT_DETACH; remove: the path and all below it, never\n"
	"crossing into another filesystem; net: its published ports, veth,\n"
	"network namespace file and address lease, as ctr-net down does — run\n"
	"%1$s in the network namespace ctr-net up ran in), and its state\n"
	"directory is removed, log included.\n"
	"A running or paused container is refused, unless -f.\n"
	"\n"
	"Options:\n"
	"  -f, --force     stop a running or paused container first, with SIGKILL\n"
	"      --explain   print each kill(2), umount, rmdir and state change\n"
	"  -h, --help      show this help and exit\n"
	"      --version   show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when every container is gone; 125 if one could not be removed (it is\n"
	"  then kept, so %1$s can be run again once the cause is fixed).\n"
	"\n"
	"Examples:\n"
	"  %1$s web\n"
	"  %1$s -f $(ctr-ps -aq)\n";

static const struct option options[] = {
	{ "force", no_argument, NULL, 'f' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static int rm_one(const char *ref, bool force)
{
	struct ctr_state st;
	bool gone;
	int rc = -1;

	if (ctr_open(ref, &st, true) < 0)
		goto out;
	bool live = st.status == CTR_RUNNING || st.status == CTR_PAUSED;
	bool starting = st.status == CTR_CREATED && ctr_process_alive(st.monitor_pid, st.monitor_start);
	if (live && !force) {
		ctr_check_transition(&st, CTR_REMOVED, "remove");
		goto out;
	}
	if (starting && !force) {
		diag_set(0, "wait until it runs, or use ctr-rm -f", "cannot remove container %s: it is starting",
			 ctr_label(&st));
		goto out;
	}
	if (live) {
		if (ctr_signal(&st, SIGKILL, &gone) < 0)
			goto out;
		/* A frozen process dies of SIGKILL only once thawed (v1). */
		if (st.status == CTR_PAUSED)
			ctr_freeze(&st, false);
		ctr_unlock(&st);
		/* The monitor records the end; if it does not in time, the
		 * cgroup's removal below kills whatever is left anyway. */
		if (ctr_wait_exited(&st, 10000) < 0 || ctr_lock(&st) < 0 || ctr_refresh(&st) < 0) {
			if (diag_errno() == ENOENT)
				goto done; /* its monitor had --rm, and was quicker */
			goto out;
		}
	}
	if (ctr_remove(&st) < 0)
		goto out;
done:
	printf("%s\n", ref);
	rc = 0;
out:
	ctr_state_free(&st);
	return rc;
}

int main(int argc, char **argv)
{
	bool force = false;
	int c, failed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "fh", options, NULL)) != -1) {
		if (c == 'f')
			force = true;
		else
			opt_common(c, usage);
	}
	if (optind >= argc)
		die_usage("no container given");
	/* Each on its own: one that fails does not keep the others. */
	for (int i = optind; i < argc; i++)
		if (rm_one(argv[i], force) < 0) {
			diag_print();
			failed = 1;
		}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(0, NULL, "write the output");
	return failed ? EXIT_TOOL_FAILED : 0;
}
