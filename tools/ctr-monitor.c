/* ctr-monitor — start a created container's chain, and stay as its parent
 * to record how it ends.
 *
 * A container's processes are nobody's children but the chain's, so only
 * the chain's parent can learn its exit status: waitpid(2) works for a
 * parent and no one else. ctr-monitor is that parent, one small process
 * per container instead of a daemon for all of them:
 *
 *   ctr-monitor ──fork──► CHAIN (cg-exec → ns-clone --pid-file STATE/pid → ...)
 *     waits for STATE/pid   ─► record: running, pid, started
 *     waitpid(CHAIN)        ─► record: exited, exit code, finished, OOM kill
 *
 * With --detach it first leaves the caller's session (lib/detach: fork,
 * setsid, fork: no terminal can hang it up, no shell waits for it), sends
 * the output to the container's log, and the caller returns as soon as the
 * monitor reports that the container runs, with its id.
 */
#include "cgstat.h"
#include "ctrlife.h"
#include "ctrstate.h"
#include "detach.h"
#include "diag.h"
#include "exec.h"
#include "explain.h"
#include "opt.h"
#include "pidfilewait.h"
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [options] --id CONTAINER [--] CHAIN [ARG...]\n"
	"Start a created container's chain and record its life: running, then exited.\n"
	"\n"
	"%1$s forks CHAIN (the tools that make the container, ending in its command)\n"
	"and waits for the container's PID 1 to appear in the PID file (ns-clone\n"
	"--pid-file FILE writes it); then the record says running, with the PID. When\n"
	"CHAIN ends, the record says exited, with the exit code (128+N for signal N),\n"
	"the time, and whether the kernel OOM-killed a process in the container's\n"
	"cgroup.\n"
	"\n"
	"Options:\n"
	"      --id CONTAINER   the container made by ctr-create: its id, name or a\n"
	"                       unique prefix of its id\n"
	"  -d, --detach         run in the background, outliving the caller's shell:\n"
	"                       print the id and exit 0 once the container runs, or\n"
	"                       exit with CHAIN's status and show its output if it\n"
	"                       ended first; the container's output goes to its log\n"
	"      --rm             remove the container (as ctr-rm) when it ends\n"
	"      --log FILE       with --detach, where the output goes (default:\n"
	"                       container.log in its state directory; ctr-logs reads it)\n"
	"      --pid-file FILE  where CHAIN writes the PID of the container's PID 1\n"
	"                       (default: pid in its state directory, that is\n"
	"                       $CTRKIT_STATE/containers/ID/pid)\n"
	"      --explain        print each state file written\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  without --detach, the container's own (128+N if killed by signal N); with\n"
	"  --detach, 0 once it runs, or CHAIN's status if it failed to start; 125 if\n"
	"  %1$s failed (no such container, or it is not in status created).\n"
	"\n"
	"Notes:\n"
	"  Signals sent to %1$s (HUP, INT, TERM, ...) are passed on to CHAIN.\n"
	"  The detached monitor keeps the caller's working directory.\n"
	"\n"
	"Examples:\n"
	"  ctr-create --name web -- sh -c 'sleep 100' && cg-create $(ctr-inspect -f Cgroup web)\n"
	"  %1$s --id web -d -- cg-exec $(ctr-inspect -f Cgroup web) -- \\\n"
	"      ns-clone -pmu --pid-file $(ctr-inspect -f StateDir web)/pid -- sh -c 'sleep 100'\n";

enum { OPT_ID = OPT_TOOL_BASE, OPT_RM, OPT_LOG, OPT_PID_FILE };

static const struct option options[] = {
	{ "id", required_argument, NULL, OPT_ID },
	{ "detach", no_argument, NULL, 'd' },
	{ "rm", no_argument, NULL, OPT_RM },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "pid-file", required_argument, NULL, OPT_PID_FILE },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

struct plan {
	const char *ref;
	bool detach, remove;
	char log[PATH_MAX], pid_file[PATH_MAX];
	char **chain;
};

static void parse(int argc, char **argv, struct plan *p)
{
	int c;

	*p = (struct plan){ 0 };
	while ((c = getopt_long(argc, argv, "+dh", options, NULL)) != -1) {
		switch (c) {
		case OPT_ID: p->ref = optarg; break;
		case 'd': p->detach = true; break;
		case OPT_RM: p->remove = true; break;
		case OPT_LOG: snprintf(p->log, sizeof p->log, "%s", optarg); break;
		case OPT_PID_FILE: snprintf(p->pid_file, sizeof p->pid_file, "%s", optarg); break;
		default: opt_common(c, usage);
		}
	}
	if (!p->ref)
		die_usage("no container given: --id CONTAINER (ctr-create makes one)");
	if (*p->log && !p->detach)
		die_usage("--log needs --detach: without it the output goes where %s's goes", diag_prog());
	p->chain = opt_command(argc, argv, true);
}

/* A failure before the chain runs: said (in the caller's terminal, or
 * the log), and reported to a caller waiting for the start. */
static int failed_to_start(int report_fd)
{
	diag_print();
	detach_report(report_fd, false, EXIT_TOOL_FAILED);
	return EXIT_TOOL_FAILED;
}

/* The record says running, with the container's PID 1, if it still says
 * created. */
static void record_running(struct ctr_state *st, pid_t pid)
{
	if (ctr_lock(st) < 0)
		return;
	if (ctr_refresh(st) == 0 && st->status == CTR_CREATED) {
		st->status = CTR_RUNNING;
		st->pid = pid;
		st->pid_start = ctr_process_start(pid);
		ctr_time_now(st->started);
		if (ctr_save(st) < 0)
			diag_print();
	}
	ctr_unlock(st);
}

/* The record says exited, with CODE, unless it does already; with why, if
 * the container never ran (STARTED false). Then --rm removes it. */
static void record_exited(struct ctr_state *st, const struct plan *p, int code, bool oom_killed, bool started)
{
	if (ctr_lock(st) == 0 && ctr_refresh(st) == 0 && st->status != CTR_EXITED) {
		st->status = CTR_EXITED;
		st->exit_code = code;
		st->oom_killed = oom_killed;
		ctr_time_now(st->finished);
		if (!started) {
			free(st->error);
			if (asprintf(&st->error, "the chain ended with status %d before the container's PID 1 was "
						 "written to %s", code, p->pid_file) < 0)
				st->error = NULL;
		}
		if (ctr_save(st) < 0)
			diag_print();
		if (p->remove && ctr_remove(st) < 0)
			diag_print();
	}
	ctr_unlock(st);
}

/* The monitor itself: returns the exit status for main. REPORT_FD, when
 * detached, is where the caller waits to hear how the start went. */
static int monitor(struct ctr_state *st, struct plan *p, int report_fd)
{
	sigset_t old_mask;
	int status = 0;
	uint64_t oom_before = 0, oom_after = 0;

	/* Unless told otherwise, both are in the container's state directory. */
	if (!*p->pid_file)
		snprintf(p->pid_file, sizeof p->pid_file, "%.4000s/pid", st->dir);
	if (p->detach && !*p->log)
		snprintf(p->log, sizeof p->log, "%.4000s/container.log", st->dir);
	/* The record is ours: no other monitor can start the container now. */
	if (ctr_claim_start(st, p->pid_file, p->detach ? p->log : NULL) < 0 ||
	    (p->detach && detach_output(p->log) < 0))
		return failed_to_start(report_fd);
	/* An OOM kill shows as a rise in the group's count of them. */
	bool have_oom = cg_stat_read_one(st->cgroup, CG_STAT_OOM_KILL, &oom_before) == 0;

	supervise_block(&old_mask);
	pid_t chain = fork();
	if (chain < 0) {
		diag_set(errno, NULL, "fork the chain of container %s", ctr_label(st));
		return failed_to_start(report_fd);
	}
	if (chain == 0) {
		supervise_unblock(&old_mask);
		int rc = exec_command(p->chain);
		diag_print();
		_exit(rc);
	}
	explain("fork() = %d  (the chain of container %s)", (int)chain, ctr_label(st));

	bool ended = false;
	/* Someone waits to hear that it runs (-d): watch for the PID file, so
	 * the start is known when it happens and ctr-run -d returns then. In
	 * the foreground only the record waits: a look every 10 ms will do. */
	int watch = report_fd >= 0 ? pidfile_watch(p->pid_file) : -1;
	pid_t pid = pidfile_wait(chain, p->pid_file, watch, &status, &ended);
	if (pid > 0) {
		record_running(st, pid);
		/* Tell the caller now: the container runs. */
		detach_report(report_fd, true, 0);
		report_fd = -1;
	}
	/* Only now: closing an inotify instance waits for the kernel's
	 * fsnotify SRCU grace period, some 10 ms, which the caller need not. */
	if (watch >= 0)
		close(watch);
	if (pid > 0 && !ended && (status = supervise_wait(chain)) < 0) {
		diag_print();
		status = EXIT_TOOL_FAILED << 8;
	}
	int code = exit_status_of(status);
	if (have_oom)
		cg_stat_read_one(st->cgroup, CG_STAT_OOM_KILL, &oom_after);
	record_exited(st, p, code, have_oom && oom_after > oom_before, pid > 0);
	detach_report(report_fd, false, code);
	return code;
}

/* The caller's side of --detach: wait for the report, pass it on. */
static int await_report(int fd, struct ctr_state *st, const struct plan *p)
{
	struct detach_report r;

	if (detach_read_report(fd, &r) < 0) {
		fprintf(stderr, "%s: the monitor of container %s ended before it said how the start went — see %s\n",
			diag_prog(), ctr_label(st), *p->log ? p->log : "ctr-logs");
		return EXIT_TOOL_FAILED;
	}
	if (r.started) {
		printf("%s\n", st->id);
		return fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_TOOL_FAILED;
	}
	/* It failed to start: its own words are in the log. */
	char log[PATH_MAX + 32];
	snprintf(log, sizeof log, "%s", *p->log ? p->log : "");
	if (!*log)
		snprintf(log, sizeof log, "%s/container.log", st->dir);
	bool shown = detach_show_output(log) == 0;
	if (r.status != EXIT_TOOL_FAILED || shown)
		fprintf(stderr, "%s: container %s did not start: its chain ended with status %d\n", diag_prog(),
			ctr_label(st), r.status);
	return r.status;
}

int main(int argc, char **argv)
{
	struct plan p;
	struct ctr_state st;
	int report_fd = -1;

	diag_init(argv);
	parse(argc, argv, &p);
	/* Checked here too, so a mistake is reported in the caller's terminal. */
	if (ctr_open(p.ref, &st, true) < 0 || ctr_check_transition(&st, CTR_RUNNING, "start") < 0)
		die_diag();
	ctr_unlock(&st);

	if (p.detach) {
		pid_t middle = detach_fork(&report_fd);
		if (middle < 0)
			die_diag();
		if (middle > 0) { /* still the caller, in the foreground */
			int code = await_report(report_fd, &st, &p);
			ctr_state_free(&st);
			return code;
		}
		/* The record's directory was closed with the caller's other
		 * descriptors: open it again, for its lock. */
		st.dir_fd = open(st.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (st.dir_fd < 0) {
			detach_report(report_fd, false, EXIT_TOOL_FAILED);
			_exit(EXIT_TOOL_FAILED);
		}
	}
	int code = monitor(&st, &p, report_fd);
	ctr_state_free(&st);
	return code;
}
