/* kfile — reading and writing the kernel's own files (/proc, /sys).
 *
 * Such a file takes one write(2) and answers it with the kernel's verdict
 * (EINVAL for a malformed uid_map, EPERM for a forbidden one), so a write is
 * one call, never a buffered stream that could split it. Every write shows
 * in the --explain trace: + write /proc/4242/uid_map "0 1000 1".
 */
#ifndef CTRKIT_KFILE_H
#define CTRKIT_KFILE_H

#include <sys/types.h>

/* Write DATA to PATH in one write(2). -1 with a diagnostic on failure. */
int kfile_write(const char *path, const char *data);

/* Read up to LEN-1 bytes of PATH into BUF and NUL-terminate; returns the
 * length, or -1 with a diagnostic. */
ssize_t kfile_read(const char *path, char *buf, size_t len);

#endif
