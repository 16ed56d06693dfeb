/* rootcwd — a process's root directory and working directory (chroot(2),
 * fchdir(2)), as /proc/PID/root and /proc/PID/cwd show another's.
 *
 * Both are opened early, as the caller sees them then, and entered later
 * from wherever the process has gone meanwhile (another mount namespace):
 * fchdir(2) reaches an open directory from anywhere, chroot(".") makes it
 * the root.
 *
 *   rootcwd_open     open DIR, or /proc/PID/root and /proc/PID/cwd
 *   rootcwd_enter    fchdir, chroot("."), chdir("/"); fchdir to the cwd
 */
#ifndef CTRKIT_ROOTCWD_H
#define CTRKIT_ROOTCWD_H

#include <stdbool.h>
#include <sys/types.h>

/* One directory to enter. */
struct rootcwd_dir {
	bool wanted;
	const char *path;     /* DIR as given, else proc_path */
	char proc_path[64];   /* /proc/PID/root, /proc/PID/cwd */
	int fd;               /* open and not yet entered; else -1 */
};

struct rootcwd {
	struct rootcwd_dir root, cwd;
};

/* Nothing wanted, nothing open. */
void rootcwd_init(struct rootcwd *d);

/* Open each wanted directory: its DIR, or PID's own when none was given.
 * Each open is traced. -1 with a diagnostic. */
int rootcwd_open(struct rootcwd *d, pid_t pid);

/* Make the open root directory the root, and the open working directory
 * the working one; with a root and no working directory, the new root.
 * Traced; each directory is closed once entered. -1 with a diagnostic. */
int rootcwd_enter(struct rootcwd *d);

/* Close each directory still open. */
void rootcwd_close(struct rootcwd *d);

#endif
