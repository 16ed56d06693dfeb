/* supervise — stay as a child's parent: pass signals on, reap, report.
 *
 * A tool that must fork (a new pid namespace only takes effect for
 * children) stays behind as the command's parent, like `unshare --fork`:
 * signals sent to it are passed to the child, and when the child ends the
 * tool exits with the child's status.
 *
 * The signals are blocked before the fork so none is lost between fork and
 * wait; the child restores the old mask before it execs.
 */
#ifndef CTRKIT_SUPERVISE_H
#define CTRKIT_SUPERVISE_H

#include <signal.h>
#include <sys/types.h>

/* Block the forwarded signals and SIGCHLD; the old mask goes to OLD. */
void supervise_block(sigset_t *old);

/* In the child, before exec: restore the mask saved by supervise_block. */
void supervise_unblock(const sigset_t *old);

/* For a tool with a poll(2) loop of its own: a signalfd(2) (close-on-exec,
 * non-blocking) that reads the signals supervise_block() blocked. The
 * tool passes them on itself (kill(child, sig)), reaps on SIGCHLD. */
int supervise_signalfd(void);

/* Forward signals to CHILD until it ends; returns its waitpid(2) status,
 * or -1 with a diagnostic. */
int supervise_wait(pid_t child);

#endif
