/* rootfs — the filesystems every container's root gets, as runc and Docker
 * give them: a new /proc, a read-only /sys, a small /dev of its own, and
 * /dev/console for a terminal.
 *
 * Each is mounted inside the root by descriptor (mount_in_root): a hostile
 * root's /proc or /dev may be a symlink that leads out of it.
 *
 * A user namespace may not do all that root does, and the kernel says so
 * with EPERM: sysfs belongs to the network namespace (its owner alone may
 * mount it), device nodes are made only in the initial user namespace,
 * mqueue belongs to the IPC namespace. The way round each is below.
 */
#ifndef CTRKIT_ROOTFS_H
#define CTRKIT_ROOTFS_H

#include <stdbool.h>

/* A new proc filesystem on /proc inside the root ROOTFD: it shows the PID
 * namespace the caller is in. -1 with a diagnostic. */
int rootfs_mount_proc(int rootfd);

/* sysfs on /sys, read-only. Refused in a user namespace that does not own
 * the network namespace, the host's /sys is bound read-only instead, as
 * runc does. -1 with a diagnostic. */
int rootfs_mount_sys(int rootfd);

/* A tmpfs on /dev, with the nodes null zero full random urandom tty (made
 * with mknodat(2), or bound from the host's where that is refused), the
 * links fd stdin stdout stderr ptmx, a devpts of its own on /dev/pts, a
 * tmpfs on /dev/shm, and mqueue on /dev/mqueue. *MQUEUE says whether
 * /dev/mqueue got mounted: it is left out, with no error, where a user
 * namespace does not own the IPC namespace; the caller should say so.
 * The caller's umask applies to the nodes (0666 wants umask 0). -1 with a
 * diagnostic. */
int rootfs_mount_dev(int rootfd, bool *mqueue);

/* Bind the terminal TTY onto /dev/console in the root, as runc binds a
 * container's terminal there. A pty that came from the host's devpts (as
 * ctr-tty's does, opened before the chain entered the container) is not in
 * the root's own devpts: inside, ttyname(3) would find no name for it and
 * tty(1) would say "not a tty". On /dev/console it has one: ttyname finds
 * the node with the same device and inode there. TTY is the terminal's
 * name in the caller's mount namespace, as ttyname_r(3) gives it: mount(2)
 * binds only from a mount of that namespace, and /proc/self/fd/0 leads to
 * the host's. -1 with a diagnostic. */
int rootfs_bind_console(int rootfd, const char *tty);

#endif
