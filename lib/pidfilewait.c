/* pidfilewait — see pidfilewait.h. */
#include "pidfilewait.h"
#include "diag.h"
#include "explain.h"
#include "pidfile.h"
#include "supervise.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int pidfile_watch(const char *file)
{
	char dir[PATH_MAX];
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	snprintf(dir, sizeof dir, "%s", file);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0'; /* "/pid" is in "/" */
	else
		*slash = '\0';
	/* The file arrives by rename(2): a move into the directory. */
	if (fd >= 0 && inotify_add_watch(fd, dir, IN_MOVED_TO) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		int err = errno;
		explain("inotify on %s: %s: the PID file is looked for every 10 ms", dir, strerror(err));
		return diag_set(err, NULL, "inotify on %s", dir);
	}
	return fd;
}

pid_t pidfile_wait(pid_t child, const char *file, int watch, int *status, bool *ended)
{
	sigset_t set;
	struct timespec tick = { 0, 10 * 1000000 };
	/* The signals supervise_block holds for us (SIGCHLD and those to pass
	 * on), read from a descriptor so that poll(2) waits for both. */
	int sigfd = watch >= 0 ? supervise_signalfd() : -1;

	sigprocmask(SIG_BLOCK, NULL, &set);
	for (;;) {
		pid_t pid = pidfile_read(file);
		if (pid > 0 || waitpid(child, status, WNOHANG) == child) {
			*ended = pid <= 0;
			if (*ended) /* it may have started and ended at once */
				pid = pidfile_read(file);
			if (sigfd >= 0)
				close(sigfd);
			return pid;
		}
		if (sigfd < 0) {
			int sig = sigtimedwait(&set, NULL, &tick);
			if (sig > 0 && sig != SIGCHLD)
				kill(child, sig);
			continue;
		}
		/* At most a second, should the move be missed (a directory
		 * replaced under us): then the PID file is read anyway. */
		struct pollfd fds[2] = { { .fd = sigfd, .events = POLLIN }, { .fd = watch, .events = POLLIN } };
		poll(fds, 2, 1000);
		struct signalfd_siginfo si;
		while (read(sigfd, &si, sizeof si) == sizeof si)
			if (si.ssi_signo != SIGCHLD)
				kill(child, (int)si.ssi_signo);
		char events[4096];
		while (read(watch, events, sizeof events) > 0)
			; /* which file changed does not matter: the PID file is read again */
	}
}
