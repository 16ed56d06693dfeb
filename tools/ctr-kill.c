/* ctr-kill — send a signal to a running container's PID 1, as docker kill.
 *
 * The signal goes to the container's PID 1 only, as the host sees it
 * (the PID ns-clone --pid-file recorded), after checking that the PID
 * still belongs to the process that started then. SIGKILL ends the whole
 * container: when PID 1 of a PID namespace dies, the kernel kills every
 * other process in it. Other signals reach PID 1 only if it handles them:
 * PID 1 of a namespace ignores a signal it has no handler for.
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
	"Send a signal to the PID 1 of running containers (default SIGKILL).\n"
	"\n"
	"CONTAINER is a name, an id or a unique prefix of one. %1$s does not wait\n"
	"for the container to end; ctr-stop does. A paused container cannot see a\n"
	"signal: unpause it first, or use ctr-stop or ctr-rm -f.\n"
	"\n"
	"Options:\n"
	"  -s, --signal SIG  the signal: a name (TERM, SIGHUP, usr1) or a number\n"
	"                    (default KILL)\n"
	"      --explain     print each kill(2)\n"
	"  -h, --help        show this help and exit\n"
	"      --version     show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when every container was signalled; 125 if one was not (not running,\n"
	"  no such container, a bad signal).\n"
	"\n"
	"Notes:\n"
	"  PID 1 of a PID namespace ignores signals it has no handler for: SIGTERM\n"
	"  may do nothing to a shell or sleep there; SIGKILL always works.\n"
	"\n"
	"Examples:\n"
	"  %1$s web\n"
	"  %1$s -s HUP web\n";

static const struct option options[] = {
	{ "signal", required_argument, NULL, 's' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static int kill_one(const char *ref, int sig)
{
	struct ctr_state st;
	bool gone;
	int rc = -1;

	if (ctr_open(ref, &st, true) < 0 || ctr_require_status(&st, CTR_BIT(CTR_RUNNING), "kill") < 0)
		goto out;
	if (ctr_signal(&st, sig, &gone) < 0)
		goto out;
	if (gone) {
		diag_set(ESRCH, "its monitor records the end in a moment", "cannot kill container %s: its PID 1 (%d) "
			 "has ended already", ctr_label(&st), (int)st.pid);
		goto out;
	}
	printf("%s\n", ref);
	rc = 0;
out:
	ctr_state_free(&st);
	return rc;
}

int main(int argc, char **argv)
{
	int c, sig = SIGKILL, failed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "s:h", options, NULL)) != -1) {
		if (c == 's') {
			if ((sig = opt_signal(optarg)) < 0)
				die_diag();
		} else {
			opt_common(c, usage);
		}
	}
	if (optind >= argc)
		die_usage("no container given");
	for (int i = optind; i < argc; i++)
		if (kill_one(argv[i], sig) < 0) {
			diag_print();
			failed = 1;
		}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(0, NULL, "write the output");
	return failed ? EXIT_TOOL_FAILED : 0;
}
