/* Unit tests for lib/fdio: all of a buffer written, through a full
 * non-blocking pipe, at an offset, and the error of a pipe nobody reads. */
#include "fdio.h"
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Four times a pipe's default capacity: the writer must wait for room. */
enum { BIG = 4 * 65536 };

/* Write BIG bytes into a non-blocking pipe that a child drains; true when
 * the child read every byte, in order. */
static bool through_full_pipe(void)
{
	static char out[BIG];
	int p[2];

	for (size_t i = 0; i < sizeof out; i++)
		out[i] = (char)(i * 7);
	if (pipe2(p, O_NONBLOCK) < 0)
		return false;
	pid_t child = fork();
	if (child == 0) {
		static char in[BIG];
		size_t got = 0;
		close(p[1]);
		fcntl(p[0], F_SETFL, 0);
		for (ssize_t n; got < sizeof in && (n = read(p[0], in + got, 4096)) > 0; got += (size_t)n)
			usleep(100); /* slower than the writer */
		_exit(got == sizeof in && !memcmp(in, out, sizeof in) ? 0 : 1);
	}
	close(p[0]);
	int rc = fd_write_all(p[1], out, sizeof out);
	close(p[1]);
	int status = 0;
	waitpid(child, &status, 0);
	return rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
	char path[] = "/tmp/ctrkit-fdio-XXXXXX", buf[16];
	struct stat st;

	check(through_full_pipe(), "fdio: %d bytes through a full non-blocking pipe, all of them, in order", BIG);

	int fd = mkstemp(path);
	check(fd >= 0 && fd_pwrite_all(fd, "tail", 4, 8192) == 0, "fdio: a write at offset 8192");
	check(fstat(fd, &st) == 0 && st.st_size == 8196, "fdio: the file ends after it (8196 bytes)");
	check(pread(fd, buf, 4, 8192) == 4 && !memcmp(buf, "tail", 4), "fdio: the bytes are at the offset");
	check(lseek(fd, 0, SEEK_CUR) == 0, "fdio: pwrite leaves the file position alone");
	check(fd_write_all(fd, "head", 4) == 0 && pread(fd, buf, 4, 0) == 4 && !memcmp(buf, "head", 4),
	      "fdio: a plain write goes at the position, 0");
	close(fd);
	unlink(path);

	int p[2];
	signal(SIGPIPE, SIG_IGN);
	check(pipe(p) == 0 && close(p[0]) == 0 && fd_write_all(p[1], "x", 1) < 0 && errno == EPIPE,
	      "fdio: a pipe with no reader fails with EPIPE");
	close(p[1]);
	check(fd_write_all(-1, "x", 1) < 0 && errno == EBADF, "fdio: a bad descriptor fails with EBADF");
	return unit_done();
}
