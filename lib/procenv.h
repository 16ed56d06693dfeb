/* procenv — another process's environment, as /proc/PID/environ holds it.
 *
 * The file is the environment the process was started with, execve(2)'s
 * NUL-separated NAME=VALUE strings; what it changed since with setenv(3)
 * or putenv(3) does not show there (proc(5)).
 *
 *   procenv_read     read /proc/PID/environ whole
 *   procenv_use      make it this process's environment, for the command
 */
#ifndef CTRKIT_PROCENV_H
#define CTRKIT_PROCENV_H

#include <stddef.h>
#include <sys/types.h>

struct procenv {
	char *buf;   /* NUL-separated NAME=VALUE, NUL-terminated */
	size_t len;  /* bytes of buf before that last NUL */
};

/* Read PID's environment into E (BUF allocated). Traced. -1 with a
 * diagnostic, and nothing allocated. */
int procenv_read(pid_t pid, struct procenv *e);

/* Replace this process's environment with E's: clearenv(3), then each
 * NAME=VALUE (a string without '=' is skipped). putenv(3) keeps pointers
 * into E's buffer, which must therefore stay. --explain stays on, whatever
 * E says. -1 with a diagnostic. */
int procenv_use(const struct procenv *e);

#endif
