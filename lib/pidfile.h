/* pidfile — a file that names a process by its PID, for whoever joins or
 * signals it later (ns-clone --pid-file writes one; ctr-monitor waits for
 * it and records the PID of the container's PID 1).
 *
 * The file holds the PID and a newline, or is not there at all: it is
 * written beside, under a name of its own, and renamed into place, and
 * rename(2) replaces a name in one step, so a reader never sees half a
 * number.
 */
#ifndef CTRKIT_PIDFILE_H
#define CTRKIT_PIDFILE_H

#include <sys/types.h>

/* Write PID to FILE (FILE.tmpOURPID first, then renamed). -1 with a
 * diagnostic; no temporary file is left behind. */
int pidfile_write(const char *file, pid_t pid);

/* The PID in FILE, or 0 while there is none (not written yet, or not a
 * PID): a file that exists is whole. */
pid_t pidfile_read(const char *file);

#endif
