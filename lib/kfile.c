/* kfile — see kfile.h. */
#include "kfile.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int kfile_write(const char *path, const char *data)
{
	char quoted[256];
	size_t len = strlen(data);
	int fd;
	ssize_t n;

	explain("write %s %s", path, explain_quote(data, quoted, sizeof quoted));
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(errno, NULL, "open %s", path);
	do
		n = write(fd, data, len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = errno;
		close(fd);
		return diag_set(err, NULL, "write %s to %s", explain_quote(data, quoted, sizeof quoted), path);
	}
	if ((size_t)n != len) {
		close(fd);
		return diag_set(EIO, "the kernel took only part of it", "write %s", path);
	}
	if (close(fd) < 0)
		return diag_set(errno, NULL, "close %s", path);
	return 0;
}

ssize_t kfile_read(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_set(errno, NULL, "open %s", path);
	while (got + 1 < len) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			close(fd);
			return diag_set(err, NULL, "read %s", path);
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	return (ssize_t)got;
}
