/* mount — mounting inside a container's root, safely and visibly.
 *
 * A root filesystem may be hostile: its /proc, its /dev/null, the target of
 * a volume can be a symlink to ../../../etc or to /etc. Followed naively from
 * the host, such a path makes a mount land outside the root (CVE-2019-16884
 * and friends in runc). So a path inside a root is never a string joined to
 * the root's path: it is opened by the kernel, with openat2(2)
 * RESOLVE_IN_ROOT (a symlink or ".." can climb no higher than the root) and
 * RESOLVE_NO_MAGICLINKS (no /proc/PID/fd jumps), as an O_PATH descriptor;
 * the mount then goes onto /proc/self/fd/N, the very file that was opened,
 * so nothing swapped in between the check and the mount can redirect it.
 * Missing targets are created the same way, one component at a time, each
 * relative to a descriptor of its (already resolved) parent.
 *
 * Every call is traced with --explain, flags decoded from one table:
 *   + mount("proc", "/proc/self/fd/7", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC)  (/proc in the root)
 */
#ifndef CTRKIT_MOUNT_H
#define CTRKIT_MOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Decode mount(2) flags for --explain: "MS_BIND|MS_REC"; "0" for none. */
const char *mount_flags_str(unsigned long flags, char *buf, size_t len);

/* Open PATH inside the root ROOTFD with openat2(RESOLVE_IN_ROOT|
 * RESOLVE_NO_MAGICLINKS), as O_PATH|O_CLOEXEC plus FLAGS (e.g.
 * O_DIRECTORY). -1 with a diagnostic naming PATH; errno is kept. */
int mount_open_in_root(int rootfd, const char *path, int flags);

/* The same, creating what is missing inside the root: directories for
 * every component, and for the last one a directory (DIR true) or an empty
 * file. An existing target of the other kind is left as it is (the mount
 * then reports the mismatch). Returns an O_PATH descriptor of the target. */
int mount_make_in_root(int rootfd, const char *path, bool dir);

/* mount(2) onto the file TARGETFD was opened on, through its
 * /proc/self/fd/N name. WHERE says what it is for the trace and for errors
 * ("/proc in the root"). SOURCE, FSTYPE and DATA may be NULL. */
int mount_on_fd(const char *source, int targetfd, const char *where, const char *fstype,
		unsigned long flags, const char *data);

/* Make TARGET inside the root if it is missing (mount_make_in_root: a
 * directory, DIR true, or an empty file) and mount on it (mount_on_fd),
 * named "TARGET in the root" in the trace and in errors. */
int mount_in_root(int rootfd, const char *target, bool dir, const char *source,
		  const char *fstype, unsigned long flags, const char *data);

/* Bind the host's SOURCE onto TARGET inside the root, with the mounts below
 * it (MS_BIND|MS_REC); TARGET is made a directory or a file, as SOURCE is.
 * READ_ONLY: then make the whole of it read-only. */
int mount_bind_in_root(int rootfd, const char *source, const char *target, bool read_only);

/* Make what is mounted on TARGET inside the root read-only, with every
 * mount below it (mount_set_read_only, recursive). */
int mount_read_only_in_root(int rootfd, const char *target);

/* mount(2) of host paths, as given by the user (no root to stay in). */
int mount_path(const char *source, const char *target, const char *fstype,
	       unsigned long flags, const char *data);

/* Make the mount FD was opened at read-only (and, RECURSIVE, every mount
 * below it) with mount_setattr(2): unlike a MS_REMOUNT it need not repeat
 * the flags the mount already has, which a user namespace may not drop. */
int mount_set_read_only(int fd, const char *where, bool recursive);

/* open_tree(2) of the host path PATH with OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC:
 * a detached copy of the mount there, as a descriptor. -1 with a diagnostic. */
int mount_open_tree(const char *path);

/* Make the detached mount FD idmapped through the user namespace USERNS_FD
 * (a file of /proc/PID/ns/user), and read-only: mount_setattr(2) with
 * MOUNT_ATTR_IDMAP|MOUNT_ATTR_RDONLY. WHERE names it for the trace. */
int mount_set_idmap(int fd, int userns_fd, const char *where);

/* move_mount(2) of the detached mount FD onto the path TARGET
 * (MOVE_MOUNT_F_EMPTY_PATH), attaching it to the caller's mount namespace. */
int mount_move_fd(int fd, const char *target);

/* umount2(2), traced; FLAGS decoded (MNT_DETACH). */
int mount_umount(const char *target, int flags, const char *where);

#endif
