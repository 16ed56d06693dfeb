/* pidfilewait — waiting, as a child's parent, until the child writes its
 * PID file (lib/pidfile) or ends first, passing signals on meanwhile.
 *
 * ctr-monitor forks the chain that makes a container, and the container
 * runs once ns-clone --pid-file has written its PID 1. The file arrives by
 * rename(2) (written beside, then renamed into place), which inotify(7)
 * reports as IN_MOVED_TO on its directory, so the wait ends when it
 * happens:
 *
 *   pidfile_watch(FILE)        inotify_init1, inotify_add_watch(DIR, IN_MOVED_TO)
 *   pidfile_wait(CHILD, FILE)  read FILE; then poll(2) the watch and a
 *                              signalfd(2) of the blocked signals, and again
 *
 * The watch is made before the file is first read: a rename between the
 * read and the watch would otherwise be seen only at the next look, a
 * second later. Without a watch, the file is looked at every 10 ms.
 *
 * Closing an inotify instance waits for the kernel's fsnotify SRCU grace
 * period, some 10 ms: close the watch once nobody waits for the news.
 */
#ifndef CTRKIT_PIDFILEWAIT_H
#define CTRKIT_PIDFILEWAIT_H

#include <stdbool.h>
#include <sys/types.h>

/* An inotify instance (close-on-exec, non-blocking) watching the directory
 * FILE is renamed into, for pidfile_wait(); the caller closes it. -1 with a
 * diagnostic when inotify cannot (no instance left, say), said in
 * --explain too: not an error, the wait looks every 10 ms then. */
int pidfile_watch(const char *file);

/* Wait until CHILD writes FILE (returns the PID in it) or ends first
 * (returns 0; *ENDED true, its waitpid(2) status in *STATUS). Should it
 * write the file and end at once, both are said: the PID, and *ENDED.
 * CHILD was forked with supervise_block()'s signals blocked; they are
 * passed on to it meanwhile (SIGCHLD aside). WATCH comes from pidfile_watch(), made before this
 * call; -1 looks at FILE every 10 ms. With a watch the file is read again
 * at least once a second all the same, should its move be missed (a
 * directory replaced under us). */
pid_t pidfile_wait(pid_t child, const char *file, int watch, int *status, bool *ended);

#endif
