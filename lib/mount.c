/* mount — see mount.h. */
#include "mount.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	unsigned long flag;
	const char *name;
} mount_flags[] = {
	{ MS_RDONLY, "MS_RDONLY" },   { MS_NOSUID, "MS_NOSUID" },
	{ MS_NODEV, "MS_NODEV" },     { MS_NOEXEC, "MS_NOEXEC" },
	{ MS_SYNCHRONOUS, "MS_SYNCHRONOUS" }, { MS_REMOUNT, "MS_REMOUNT" },
	{ MS_MANDLOCK, "MS_MANDLOCK" }, { MS_DIRSYNC, "MS_DIRSYNC" },
	{ MS_NOSYMFOLLOW, "MS_NOSYMFOLLOW" }, { MS_NOATIME, "MS_NOATIME" },
	{ MS_NODIRATIME, "MS_NODIRATIME" }, { MS_BIND, "MS_BIND" },
	{ MS_MOVE, "MS_MOVE" },       { MS_REC, "MS_REC" },
	{ MS_SILENT, "MS_SILENT" },   { MS_UNBINDABLE, "MS_UNBINDABLE" },
	{ MS_PRIVATE, "MS_PRIVATE" }, { MS_SLAVE, "MS_SLAVE" },
	{ MS_SHARED, "MS_SHARED" },   { MS_RELATIME, "MS_RELATIME" },
	{ MS_STRICTATIME, "MS_STRICTATIME" }, { MS_LAZYTIME, "MS_LAZYTIME" },
};

const char *mount_flags_str(unsigned long flags, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof mount_flags / sizeof mount_flags[0]; i++) {
		if (!(flags & mount_flags[i].flag))
			continue;
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? "|" : "", mount_flags[i].name);
		flags &= ~mount_flags[i].flag;
	}
	if (flags)
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%#lx", o ? "|" : "", flags);
	if (!o)
		snprintf(buf, len, "0");
	return buf;
}

/* "NULL" or the string in double quotes, for a trace line. */
static const char *quoted(const char *s, char *buf, size_t len)
{
	return s ? explain_quote(s, buf, len) : "NULL";
}

int mount_open_in_root(int rootfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(O_PATH | O_CLOEXEC | flags),
		/* RESOLVE_IN_ROOT: "/" and ".." stop at rootfd, as if it were
		 * the process's root, and absolute symlinks start there. */
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	/* A leading "/" would be read as the root itself: drop it, so the
	 * path reads as the container sees it. */
	while (*path == '/')
		path++;
	do
		fd = (int)syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof how);
	while (fd < 0 && errno == EAGAIN); /* a rename raced the lookup */
	if (fd < 0) {
		int err = errno;
		diag_set(err, err == ENOSYS ? "openat2(2) needs Linux 5.6 or later" : NULL,
			 "open /%s inside the root", path);
		errno = err;
	}
	return fd;
}

/* DEPTH counts the dangling symlinks followed, as the kernel counts
 * symlinks (at most 40, ELOOP beyond). */
static int make_in_root(int rootfd, const char *path, bool dir, int depth)
{
	char parent[4096], link[4096], next[8192];
	const char *base;
	int fd, pfd, rc;

	while (*path == '/')
		path++;
	fd = mount_open_in_root(rootfd, path, 0);
	if (fd >= 0 || errno != ENOENT)
		return fd;

	/* Missing: make its parent first, then it, relative to the parent's
	 * descriptor, never through a path string from the host. */
	if (snprintf(parent, sizeof parent, "%s", path) >= (int)sizeof parent)
		return diag_set(ENAMETOOLONG, NULL, "create /%s inside the root", path);
	size_t n = strlen(parent);
	while (n > 0 && parent[n - 1] == '/')
		parent[--n] = '\0';
	char *slash = strrchr(parent, '/');
	if (slash) {
		*slash = '\0';
		base = slash + 1;
	} else {
		base = parent;
	}
	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		return diag_set(EINVAL, NULL, "create /%s inside the root", path);
	pfd = make_in_root(rootfd, slash ? parent : "", true, depth);
	if (pfd < 0)
		return -1;
	if (dir) {
		explain("mkdirat(%d, \"%s\", 0755)  (/%s in the root)", pfd, base, path);
		rc = mkdirat(pfd, base, 0755);
	} else {
		explain("openat(%d, \"%s\", O_CREAT|O_EXCL|O_NOFOLLOW, 0644)  (/%s in the root)", pfd, base, path);
		rc = openat(pfd, base, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0644);
		if (rc >= 0)
			rc = close(rc);
	}
	int err = errno;
	if (rc < 0 && err != EEXIST) {
		close(pfd);
		return diag_set(err, NULL, "create /%s inside the root", path);
	}
	fd = mount_open_in_root(rootfd, path, 0);
	if (fd >= 0 || errno != ENOENT) {
		close(pfd);
		return fd;
	}
	/* It exists and cannot be opened: a symlink to a path that does not
	 * exist. Make that path instead, inside the root, as the kernel would
	 * resolve the link there (runc's securejoin does the same). */
	ssize_t len = readlinkat(pfd, base, link, sizeof link - 1);
	close(pfd);
	if (len < 0)
		return diag_set(errno, NULL, "read the symlink /%s inside the root", path);
	link[len] = '\0';
	if (++depth > 40)
		return diag_set(ELOOP, NULL, "create /%s inside the root", path);
	if (link[0] == '/')
		snprintf(next, sizeof next, "%s", link);
	else
		snprintf(next, sizeof next, "%s/%s", slash ? parent : "", link);
	return make_in_root(rootfd, next, dir, depth);
}

int mount_make_in_root(int rootfd, const char *path, bool dir)
{
	return make_in_root(rootfd, path, dir, 0);
}

/* Hints for the errors any mount here may meet. */
static const char *mount_hint(int err)
{
	if (err == ENOENT && access("/proc/self/fd", F_OK) != 0)
		return "/proc is not mounted: the mounts go onto /proc/self/fd/N, the files opened inside the root";
	if (err == ENOTDIR)
		return "a directory cannot be mounted on a file, nor a file on a directory";
	if (err == ENODEV)
		return "this kernel lacks the filesystem type (see /proc/filesystems)";
	if (err == EPERM)
		return "mounting needs CAP_SYS_ADMIN in the user namespace that owns this mount namespace";
	return NULL;
}

int mount_on_fd(const char *source, int targetfd, const char *where, const char *fstype,
		unsigned long flags, const char *data)
{
	char target[32], fl[256], qs[512], qt[64], qd[512];

	snprintf(target, sizeof target, "/proc/self/fd/%d", targetfd);
	mount_flags_str(flags, fl, sizeof fl);
	if (data)
		explain("mount(%s, \"%s\", %s, %s, %s)  (%s)", quoted(source, qs, sizeof qs), target,
			quoted(fstype, qt, sizeof qt), fl, quoted(data, qd, sizeof qd), where);
	else
		explain("mount(%s, \"%s\", %s, %s)  (%s)", quoted(source, qs, sizeof qs), target,
			quoted(fstype, qt, sizeof qt), fl, where);
	if (mount(source, target, fstype, flags, data) < 0) {
		int err = errno;
		if (!data)
			return diag_set(err, mount_hint(err), "mount %s on %s (%s)",
					source ? source : fstype ? fstype : "", where, fl);
		const char *hint = mount_hint(err);
		if (err == EINVAL && fstype && !strcmp(fstype, "tmpfs"))
			hint = "tmpfs refused one of the options (see dmesg): it takes size, mode, uid, gid, "
			       "nr_inodes, nr_blocks, huge, mpol";
		else if (err == EINVAL)
			hint = "the filesystem refused one of the options (see dmesg)";
		return diag_set(err, hint, "mount %s on %s (%s, %s)", source ? source : fstype ? fstype : "", where, fl,
				quoted(data, qd, sizeof qd));
	}
	return 0;
}

int mount_in_root(int rootfd, const char *target, bool dir, const char *source,
		  const char *fstype, unsigned long flags, const char *data)
{
	char where[4200];
	snprintf(where, sizeof where, "%s in the root", target);
	int fd = mount_make_in_root(rootfd, target, dir);
	if (fd < 0)
		return -1;
	int rc = mount_on_fd(source, fd, where, fstype, flags, data);
	close(fd);
	return rc;
}

int mount_read_only_in_root(int rootfd, const char *target)
{
	char where[4200];
	snprintf(where, sizeof where, "%s in the root", target);
	/* Opened again, inside the root, so the fd is the new mount's root. */
	int fd = mount_open_in_root(rootfd, target, 0);
	if (fd < 0)
		return -1;
	int rc = mount_set_read_only(fd, where, true);
	close(fd);
	return rc;
}

int mount_bind_in_root(int rootfd, const char *source, const char *target, bool read_only)
{
	struct stat st;
	if (stat(source, &st) < 0)
		return diag_set(errno, "the source of a bind mount is a path on the host", "bind %s", source);
	if (mount_in_root(rootfd, target, S_ISDIR(st.st_mode), source, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	return read_only ? mount_read_only_in_root(rootfd, target) : 0;
}

int mount_path(const char *source, const char *target, const char *fstype,
	       unsigned long flags, const char *data)
{
	char fl[256], qs[512], qt[512], qf[64], qd[1024];

	mount_flags_str(flags, fl, sizeof fl);
	if (data)
		explain("mount(%s, %s, %s, %s, %s)", quoted(source, qs, sizeof qs), quoted(target, qt, sizeof qt),
			quoted(fstype, qf, sizeof qf), fl, quoted(data, qd, sizeof qd));
	else
		explain("mount(%s, %s, %s, %s)", quoted(source, qs, sizeof qs), quoted(target, qt, sizeof qt),
			quoted(fstype, qf, sizeof qf), fl);
	if (mount(source, target, fstype, flags, data) < 0) {
		if (!source && !fstype) /* a change of flags or propagation */
			return diag_set(errno, mount_hint(errno), "change the mount at %s (%s)", target, fl);
		return diag_set(errno, mount_hint(errno), "mount %s on %s (%s)", source ? source : fstype, target, fl);
	}
	return 0;
}

int mount_set_read_only(int fd, const char *where, bool recursive)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };

	explain("mount_setattr(%d, \"\", AT_EMPTY_PATH%s, MOUNT_ATTR_RDONLY)  (%s)", fd,
		recursive ? "|AT_RECURSIVE" : "", where);
	if (mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr) < 0)
		return diag_set(errno, errno == ENOSYS ? "mount_setattr(2) needs Linux 5.12 or later" : NULL,
				"make %s read-only", where);
	return 0;
}

int mount_open_tree(const char *path)
{
	char q[4200];

	explain_quote(path, q, sizeof q);
	int fd = open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (fd < 0)
		return diag_set(errno, errno == ENOSYS ? "open_tree(2) needs Linux 5.2 or later" : NULL,
				"open_tree %s", path);
	explain("open_tree(AT_FDCWD, %s, OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC) = %d", q, fd);
	return fd;
}

int mount_set_idmap(int fd, int userns_fd, const char *where)
{
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY,
		.userns_fd = (unsigned long long)userns_fd,
	};

	explain("mount_setattr(%d, \"\", AT_EMPTY_PATH, MOUNT_ATTR_IDMAP|MOUNT_ATTR_RDONLY, userns_fd=%d)  (%s)",
		fd, userns_fd, where);
	if (mount_setattr(fd, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0) {
		int err = errno;
		struct statfs fs;
		/* The usual case: a store on tmpfs, which takes them from 6.3 on. */
		bool tmpfs = err == EINVAL && fstatfs(fd, &fs) == 0 && fs.f_type == TMPFS_MAGIC;
		return diag_set(err, err == ENOSYS ? "mount_setattr(2) needs Linux 5.12 or later" :
				tmpfs ? "tmpfs takes idmapped mounts from Linux 6.3 on: put it on ext4, xfs or btrfs" :
				err == EINVAL ? "the filesystem may not support idmapped mounts (ext4, xfs, btrfs do)" : NULL,
				"make %s an idmapped mount", where);
	}
	return 0;
}

int mount_move_fd(int fd, const char *target)
{
	char q[4200];

	explain_quote(target, q, sizeof q);
	explain("move_mount(%d, \"\", AT_FDCWD, %s, MOVE_MOUNT_F_EMPTY_PATH)", fd, q);
	if (move_mount(fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return diag_set(errno, mount_hint(errno), "move_mount onto %s", target);
	return 0;
}

int mount_umount(const char *target, int flags, const char *where)
{
	explain("umount2(\"%s\", %s)  (%s)", target, flags == MNT_DETACH ? "MNT_DETACH" : flags ? "..." : "0", where);
	if (umount2(target, flags) < 0)
		return diag_set(errno, NULL, "umount2 %s", where);
	return 0;
}
