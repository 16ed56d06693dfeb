/* newroot — making a directory the root: pivot_root(2), and chroot(2) to
 * show why not.
 *
 * pivot_root(2) changes the root of the whole mount namespace and leaves
 * the old root where it can be unmounted: once it is, nothing of the host
 * is left to climb back to. chroot(2) changes only the calling process's
 * root directory: the old root stays mounted, and a process with
 * CAP_SYS_CHROOT leaves with the classic escape (chroot into a
 * subdirectory, then chdir("..") past the first root), or with setns(2).
 *
 * Both act on ".", reached with fchdir(2) on a descriptor opened before:
 * no path of the new root is looked up again.
 */
#ifndef CTRKIT_NEWROOT_H
#define CTRKIT_NEWROOT_H

/* Make the directory ROOTFD was opened on (a mount point of the caller's
 * mount namespace) the root, and "/" the working directory, or WORKDIR
 * there when it is not NULL:
 *   fchdir(ROOTFD); pivot_root(".", "."); umount2(".", MNT_DETACH); chdir("/")
 * NAME names the directory in the trace and in errors. -1 with a
 * diagnostic. */
int newroot_pivot(int rootfd, const char *name, const char *workdir);

/* The same with chroot(".") for pivot_root and umount2: the old root stays
 * mounted, and root inside can escape to it. For lessons, and for a caller
 * whose own root is the initramfs (rootfs), which pivot_root refuses. */
int newroot_chroot(int rootfd, const char *name, const char *workdir);

#endif
