/* detach — see detach.h. */
#include "detach.h"
#include "diag.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

pid_t detach_fork(int *report_fd)
{
	int report[2];

	if (pipe2(report, O_CLOEXEC) < 0)
		return diag_set(errno, NULL, "pipe");
	fflush(NULL);
	pid_t middle = fork();
	if (middle < 0) {
		int err = errno;
		close(report[0]);
		close(report[1]);
		return diag_set(err, NULL, "fork");
	}
	if (middle > 0) {
		close(report[1]);
		waitpid(middle, NULL, 0);
		*report_fd = report[0];
		return middle;
	}
	/* A new session has no controlling terminal: its hangup cannot reach
	 * us, and the second fork makes sure we never get one. */
	close(report[0]);
	setsid();
	pid_t detached = fork();
	if (detached < 0)
		_exit(EXIT_TOOL_FAILED); /* the caller reads no report: it says so */
	if (detached > 0)
		_exit(0);
	/* Keep no descriptor of the caller's: a test harness or a shell
	 * waiting on a pipe would wait for us too. */
	if (report[1] > 3)
		close_range(3, (unsigned)report[1] - 1, 0);
	close_range((unsigned)report[1] + 1, ~0U, 0);
	*report_fd = report[1];
	return 0;
}

int detach_output(const char *log)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0640);
	int rc = 0;

	if (null < 0 || fd < 0 || dup2(null, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		rc = diag_set(errno, NULL, "open the log %s", log);
	if (null >= 0)
		close(null);
	if (fd >= 0)
		close(fd);
	return rc;
}

int detach_show_output(const char *log)
{
	char buf[4096];
	ssize_t n;
	int fd = open(log, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_set(errno, NULL, "open the log %s", log);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (write(2, buf, (size_t)n) != n)
			break;
	close(fd);
	return 0;
}

void detach_report(int fd, bool started, int status)
{
	struct detach_report r = { started, status };

	if (fd < 0)
		return;
	/* A caller gone (interrupted, killed) must not take the monitor with
	 * it: SIGPIPE is held for the write and the one it raised is taken
	 * back, so the container keeps its monitor. Not ignored for good:
	 * the chain would inherit that. */
	sigset_t pipe, old;
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe, &old);
	if (write(fd, &r, sizeof r) != sizeof r && errno == EPIPE)
		sigtimedwait(&pipe, NULL, &(struct timespec){ 0, 0 });
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fd);
}

int detach_read_report(int fd, struct detach_report *r)
{
	ssize_t n;

	do
		n = read(fd, r, sizeof *r);
	while (n < 0 && errno == EINTR);
	int err = n < 0 ? errno : 0;
	close(fd);
	if (n != sizeof *r)
		return diag_set(err, NULL, "the detached process ended before it sent its report");
	return 0;
}
