/* fdio — see fdio.h. */
#include "fdio.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <unistd.h>

/* After a write that wrote nothing (N is 0 or -1): wait until it may be
 * tried again and say so (a signal: at once; a full non-blocking FD:
 * poll(2) until it has room), or say it failed, errno saying why. */
static bool wait_to_retry(int fd, ssize_t n)
{
	if (n == 0) {
		errno = EIO;
		return false;
	}
	if (errno == EINTR)
		return true;
	if (errno == EAGAIN) {
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		poll(&p, 1, -1);
		return true;
	}
	return false;
}

int fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (!wait_to_retry(fd, n)) {
			return -1;
		}
	}
	return 0;
}

int fd_pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, off);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			off += n;
		} else if (!wait_to_retry(fd, n)) {
			return -1;
		}
	}
	return 0;
}
