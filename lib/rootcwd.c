/* rootcwd — see rootcwd.h. */
#include "rootcwd.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

void rootcwd_init(struct rootcwd *d)
{
	*d = (struct rootcwd){ .root.fd = -1, .cwd.fd = -1 };
}

/* DIR as given, or PID's own: the link /proc/PID/LINK. */
static int open_dir(struct rootcwd_dir *dir, pid_t pid, const char *link)
{
	if (!dir->wanted)
		return 0;
	if (!dir->path) {
		snprintf(dir->proc_path, sizeof dir->proc_path, "/proc/%d/%s", (int)pid, link);
		dir->path = dir->proc_path;
	}
	dir->fd = open(dir->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir->fd < 0)
		return diag_set(errno, errno == ENOTDIR ? "give a directory" : NULL, "open %s", dir->path);
	explain("open(\"%s\") = %d", dir->path, dir->fd);
	return 0;
}

int rootcwd_open(struct rootcwd *d, pid_t pid)
{
	if (open_dir(&d->root, pid, "root") < 0 || open_dir(&d->cwd, pid, "cwd") < 0)
		return -1;
	return 0;
}

int rootcwd_enter(struct rootcwd *d)
{
	if (d->root.fd >= 0) {
		explain("fchdir(%s)", d->root.path);
		if (fchdir(d->root.fd) < 0)
			return diag_set(errno, NULL, "fchdir(%s)", d->root.path);
		explain("chroot(\".\")");
		if (chroot(".") < 0)
			return diag_set(errno, errno == EPERM ? "chroot needs CAP_SYS_CHROOT" : NULL,
					"chroot(%s)", d->root.path);
		/* With no working directory given, go to the top of the new
		 * root: one left outside it would keep the old root reachable. */
		if (d->cwd.fd < 0) {
			explain("chdir(\"/\")");
			if (chdir("/") < 0)
				return diag_set(errno, NULL, "chdir(\"/\")");
		}
		close(d->root.fd);
		d->root.fd = -1;
	}
	if (d->cwd.fd >= 0) {
		explain("fchdir(%s)", d->cwd.path);
		if (fchdir(d->cwd.fd) < 0)
			return diag_set(errno, NULL, "fchdir(%s)", d->cwd.path);
		close(d->cwd.fd);
		d->cwd.fd = -1;
	}
	return 0;
}

void rootcwd_close(struct rootcwd *d)
{
	if (d->root.fd >= 0)
		close(d->root.fd);
	if (d->cwd.fd >= 0)
		close(d->cwd.fd);
	d->root.fd = d->cwd.fd = -1;
}
