/* detach — go on in the background, outliving the caller's shell, and
 * tell the caller, who waits in the foreground, how the start went.
 *
 * A process that outlives its shell must leave the shell's session, or
 * the hangup of its terminal (SIGHUP) reaches it, and must keep none of
 * the caller's descriptors, or a shell or a test harness reading a pipe
 * waits for it too. The double fork of daemon(7) (glibc's daemon(3) makes
 * only the first fork: see its BUGS):
 *
 *   caller                    middle               detached
 *   pipe2 (the report)
 *   fork ───────────────────► setsid()
 *                             fork ──────────────► keeps 0, 1, 2 and the
 *   waitpid(middle) ◄──────── _exit(0)             report's end, closes the rest
 *   detach_read_report() ◄──────────────────────── detach_report()
 *
 * setsid(2) makes a session with no controlling terminal; the middle
 * process leads it and could still get one by opening a terminal, so it
 * forks again: the detached process, no session leader, never gets one.
 * The middle process is reaped at once; the detached one is adopted by
 * init (or the nearest subreaper, prctl(2) PR_SET_CHILD_SUBREAPER).
 */
#ifndef CTRKIT_DETACH_H
#define CTRKIT_DETACH_H

#include <stdbool.h>
#include <sys/types.h>

/* What the detached process tells the caller: it runs, or it ended first. */
struct detach_report {
	char started; /* 1: it runs; 0: it ended, or failed, first */
	int status;   /* then: the exit status for the caller to pass on */
};

/* Detach, as above. Like fork(2): 0 in the detached process, where
 * *REPORT_FD is the pipe's end to send the report on; in the caller the
 * middle process's PID (reaped already), *REPORT_FD the end to read it
 * from. -1 with a diagnostic in the caller: no pipe, no fork. Buffered
 * output is flushed first, so it is not written twice. */
pid_t detach_fork(int *report_fd);

/* In the detached process: stdin from /dev/null, stdout and stderr
 * appended to LOG (made 0640 if missing; a symlink is refused, O_NOFOLLOW).
 * -1 with a diagnostic; stderr may be the caller's still. */
int detach_output(const char *log);

/* In the caller, when the start failed: copy LOG, what the detached
 * process and its children said, to stderr, so that a failed start in the
 * background reads as one in the foreground would. -1 with a diagnostic
 * when LOG cannot be opened. */
int detach_show_output(const char *log);

/* Send the report on FD, and close it: it is said once. FD -1 (nobody
 * waits: the caller did not detach) does nothing. A caller gone already
 * cannot be told, and does not kill us: SIGPIPE is held for the write. */
void detach_report(int fd, bool started, int status);

/* In the caller: wait for the report on FD, then close it. -1 with a
 * diagnostic when the detached process ended without sending one. */
int detach_read_report(int fd, struct detach_report *r);

#endif
