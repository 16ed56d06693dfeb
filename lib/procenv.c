/* procenv — see procenv.h. */
#include "procenv.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int procenv_read(pid_t pid, struct procenv *e)
{
	char path[64];
	size_t cap = 0;
	ssize_t n = 0;
	int ret = -1;

	*e = (struct procenv){ 0 };
	snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(errno, NULL, "open %s", path);
	explain("open(\"%s\") = %d", path, fd);
	/* NUL-separated NAME=VALUE, as large as the target's stack limit
	 * allowed: read until end of file, growing the buffer. */
	do {
		e->len += (size_t)n;
		if (e->len + 1 >= cap) {
			cap = cap ? 2 * cap : 4096;
			char *bigger = realloc(e->buf, cap);
			if (!bigger) {
				diag_set(ENOMEM, NULL, "read %s", path);
				goto out;
			}
			e->buf = bigger;
		}
		do
			n = read(fd, e->buf + e->len, cap - e->len - 1);
		while (n < 0 && errno == EINTR);
	} while (n > 0);
	if (n < 0) {
		diag_set(errno, NULL, "read %s", path);
		goto out;
	}
	e->buf[e->len] = '\0';
	ret = 0;
out:
	close(fd);
	if (ret < 0) {
		free(e->buf);
		*e = (struct procenv){ 0 };
	}
	return ret;
}

int procenv_use(const struct procenv *e)
{
	clearenv();
	for (char *var = e->buf; var < e->buf + e->len; var += strlen(var) + 1)
		if (strchr(var, '=') && putenv(var) != 0)
			return diag_set(errno, NULL, "putenv");
	/* The trace goes on down the chain, whatever the new environment says. */
	if (explain_on())
		explain_enable();
	return 0;
}
