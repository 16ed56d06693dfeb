/* fdio — writing all of a buffer to a file descriptor.
 *
 * write(2) may take less than it is given (a pipe that is nearly full, a
 * signal, a disk filling up), so "write all of this" is always a loop;
 * it is written here, once. Both return 0, or -1 with errno (EIO when the
 * kernel took nothing and gave no reason); the caller names the file.
 */
#ifndef CTRKIT_FDIO_H
#define CTRKIT_FDIO_H

#include <stddef.h>
#include <sys/types.h>

/* Write LEN bytes of BUF to FD. A signal (EINTR) is retried; a full
 * non-blocking FD (EAGAIN) is waited on with poll(2). */
int fd_write_all(int fd, const void *buf, size_t len);

/* The same at offset OFF of FD, with pwrite(2): the file position does
 * not move, and the bytes before OFF (a hole in a sparse file) stay unwritten. */
int fd_pwrite_all(int fd, const void *buf, size_t len, off_t off);

#endif
