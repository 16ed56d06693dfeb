/* Unit tests for lib/procenv: another process's environment read from
 * /proc/PID/environ, as it was at its execve, and made ours. */
#include "diag.h"
#include "procenv.h"
#include "unit.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct procenv e;
	int fds[2], ready[2];
	char byte;

	(void)argc;
	diag_init(argv);
	/* A child started with a known environment, waiting to be read. */
	if (pipe(fds) < 0 || pipe(ready) < 0)
		return 1;
	pid_t child = fork();
	if (child == 0) {
		char *envp[] = { "GREETING=hello world", "EMPTY=", "NOEQUALS", NULL };
		dup2(fds[0], STDIN_FILENO);
		dup2(ready[1], STDOUT_FILENO);
		close(fds[1]);
		close(ready[0]);
		execve("/bin/sh", (char *[]){ "sh", "-c", "echo; read line", NULL }, envp);
		_exit(127);
	}
	close(fds[0]);
	close(ready[1]);
	/* Its line says the execve is done: environ is the new one. */
	if (read(ready[0], &byte, 1) != 1)
		return 1;
	close(ready[0]);

	check(procenv_read(child, &e) == 0, "procenv: a child's environment is read");
	check(e.len > 0 && !memcmp(e.buf, "GREETING=hello world", 21), "procenv: the strings as execve got them");
	/* What the caller set after the child's execve is not there. */
	setenv("LATER", "1", 1);
	check(procenv_use(&e) == 0, "procenv: made ours");
	check(getenv("GREETING") && !strcmp(getenv("GREETING"), "hello world"), "procenv: GREETING is ours now");
	check(getenv("EMPTY") && !*getenv("EMPTY"), "procenv: an empty value stays, empty");
	check(!getenv("LATER") && !getenv("PATH"), "procenv: what we had before is gone");
	check(!getenv("NOEQUALS"), "procenv: a string without '=' is skipped");
	if (write(fds[1], "\n", 1) != 1)
		kill(child, SIGKILL);
	close(fds[1]);
	waitpid(child, NULL, 0);

	check(procenv_read(child, &e) < 0 && diag_errno() == ENOENT, "procenv: a process that is gone is ENOENT");
	return unit_done();
}
