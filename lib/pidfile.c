/* pidfile — see pidfile.h. */
#include "pidfile.h"
#include "diag.h"
#include "explain.h"
#include "fdio.h"
#include "kfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pidfile_write(const char *file, pid_t pid)
{
	char tmp[4096], text[32];

	if (snprintf(tmp, sizeof tmp, "%s.tmp%d", file, (int)getpid()) >= (int)sizeof tmp)
		return diag_set(ENAMETOOLONG, NULL, "write PID file %s", file);
	snprintf(text, sizeof text, "%d\n", (int)pid);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return diag_set(errno, errno == ENOENT ? "create its directory first" : NULL, "create PID file %s", tmp);
	int wrote = fd_write_all(fd, text, strlen(text));
	int err = errno;
	close(fd);
	if (wrote < 0 || rename(tmp, file) < 0) {
		err = wrote < 0 ? err : errno;
		unlink(tmp);
		return diag_set(err, NULL, "write PID file %s", file);
	}
	explain("write %s \"%d\\n\"", file, (int)pid);
	return 0;
}

pid_t pidfile_read(const char *file)
{
	char buf[32];

	if (kfile_read(file, buf, sizeof buf) <= 0)
		return 0; /* not there yet */
	long pid = strtol(buf, NULL, 10);
	return pid > 0 && pid <= INT_MAX ? (pid_t)pid : 0;
}
