/* ctr-stop — stop a container: SIGTERM, a grace period, then SIGKILL.
 *
 * As docker stop: PID 1 gets SIGTERM and -t seconds to end on its own,
 * then SIGKILL, which ends the whole PID namespace. ctr-stop returns when
 * the container's monitor has recorded the end, so the next command sees
 * it exited. A paused container is thawed first: a frozen process cannot
 * even run its SIGTERM handler.
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
	"Stop running containers: SIGTERM to their PID 1, then SIGKILL after a timeout.\n"
	"\n"
	"CONTAINER is a name, an id or a unique prefix of one. %1$s waits until the\n"
	"container's monitor has recorded it exited. A paused container is thawed\n"
	"first; an exited one is left as it is.\n"
	"\n"
	"Options:\n"
	"  -t, --time SECS  how long PID 1 has to end after SIGTERM, before SIGKILL\n"
	"                   (default 10; 0 sends SIGKILL at once)\n"
	"      --explain    print each kill(2), freezer and state file write\n"
	"  -h, --help       show this help and exit\n"
	"      --version    show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when every container has exited; 125 if one could not be stopped.\n"
	"\n"
	"Notes:\n"
	"  PID 1 of a PID namespace ignores SIGTERM unless it has a handler for it\n"
	"  (a shell or sleep has none): such a container ends by the SIGKILL, with\n"
	"  exit code 137.\n"
	"\n"
	"Examples:\n"
	"  %1$s web\n"
	"  %1$s -t 1 web db\n";

static const struct option options[] = {
	{ "time", required_argument, NULL, 't' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static int stop_one(const char *ref, int timeout_s)
{
	struct ctr_state st;
	bool gone;
	int rc = -1, r;

	if (ctr_open(ref, &st, true) < 0)
		goto out;
	if (st.status == CTR_EXITED)
		goto done; /* as docker: stopping what has stopped is no error */
	if (ctr_require_status(&st, CTR_BIT(CTR_RUNNING) | CTR_BIT(CTR_PAUSED), "stop") < 0)
		goto out;
	if (st.status == CTR_PAUSED) {
		if (ctr_freeze(&st, false) < 0)
			goto out;
		st.status = CTR_RUNNING;
		if (ctr_save(&st) < 0)
			goto out;
	}
	ctr_unlock(&st); /* the monitor needs the lock to record the end */
	if (timeout_s > 0) {
		if (ctr_signal(&st, SIGTERM, &gone) < 0)
			goto out;
		if ((r = ctr_wait_exited(&st, timeout_s * 1000)) < 0)
			goto out;
		if (r == 0)
			goto done;
	}
	if (ctr_signal(&st, SIGKILL, &gone) < 0)
		goto out;
	/* SIGKILL cannot be refused, but a process in uninterruptible sleep
	 * (state D) dies only when its I/O ends. */
	if ((r = ctr_wait_exited(&st, 30000)) < 0)
		goto out;
	if (r) {
		diag_set(ETIMEDOUT, "see ps -o pid,stat,wchan -p PID: a process in state D ends when its I/O does",
			 "stop container %s: PID %d is still there 30 s after SIGKILL", ctr_label(&st), (int)st.pid);
		goto out;
	}
done:
	printf("%s\n", ref);
	rc = 0;
out:
	ctr_state_free(&st);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long long timeout = 10;
	int c, failed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "t:h", options, NULL)) != -1) {
		if (c == 't') {
			if (opt_uint("--time", optarg, 86400, &timeout) < 0)
				die_diag();
		} else {
			opt_common(c, usage);
		}
	}
	if (optind >= argc)
		die_usage("no container given");
	for (int i = optind; i < argc; i++)
		if (stop_one(argv[i], (int)timeout) < 0) {
			diag_print();
			failed = 1;
		}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(0, NULL, "write the output");
	return failed ? EXIT_TOOL_FAILED : 0;
}
