/* newroot — see newroot.h. */
#include "newroot.h"
#include "diag.h"
#include "explain.h"
#include "mount.h"

#include <errno.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Into the new root: "." is where pivot_root and chroot act. */
static int enter(int rootfd, const char *name)
{
	explain("fchdir(%d)  (%s)", rootfd, name);
	if (fchdir(rootfd) < 0)
		return diag_set(errno, NULL, "chdir %s", name);
	return 0;
}

static int chdir_in_root(const char *workdir)
{
	explain("chdir(\"/\")");
	if (chdir("/") < 0)
		return diag_set(errno, NULL, "chdir / in the new root");
	if (!workdir)
		return 0;
	explain("chdir(\"%s\")", workdir);
	if (chdir(workdir) < 0)
		return diag_set(errno, NULL, "chdir %s in the new root", workdir);
	return 0;
}

/* pivot_root(".", ".") stacks the old root on top of the new one, at the
 * same place; umount2(".", MNT_DETACH) then takes it off (pivot_root(2),
 * "NOTES"). Unlike pivot_root into a .oldroot directory it needs no
 * writable, trusted directory in the root (it may be read-only, or hold a
 * symlink named .oldroot) and leaves nothing behind in it. */
int newroot_pivot(int rootfd, const char *name, const char *workdir)
{
	if (enter(rootfd, name) < 0)
		return -1;
	explain("pivot_root(\".\", \".\")");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return diag_set(errno, errno == EINVAL ? "the root must be a mount point of this mount namespace, on a "
				"mount other than the old root's; on an initramfs root (rootfs) only --chroot works" : NULL,
				"pivot_root %s", name);
	if (mount_umount(".", MNT_DETACH, "the old root, stacked on the new one") < 0)
		return -1;
	return chdir_in_root(workdir);
}

int newroot_chroot(int rootfd, const char *name, const char *workdir)
{
	if (enter(rootfd, name) < 0)
		return -1;
	/* chroot(2) changes this process's root only: the old root is still
	 * mounted, and root can leave with chdir("..") from a directory
	 * outside a second chroot, or setns(2). */
	explain("chroot(\".\")");
	if (chroot(".") < 0)
		return diag_set(errno, NULL, "chroot %s", name);
	return chdir_in_root(workdir);
}
