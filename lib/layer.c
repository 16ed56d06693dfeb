/* layer — see layer.h.
 *
 * Why each hostile tar fails to get out of the root:
 *
 *   "../etc/passwd"     clean_path() refuses any ".." component: no layer
 *                       made by a real tool has one.
 *   "/etc/passwd"       a leading "/" is dropped (as GNU tar does): it means
 *                       the root's etc/passwd.
 *   "ln -s /etc x" then "x/passwd"
 *                       parents are opened with openat2(RESOLVE_IN_ROOT):
 *                       the kernel resolves the symlink's "/" as the root's
 *                       own, so x/passwd is <root>/etc/passwd.
 *   "ln -s /etc/passwd x" then a file "x"
 *                       the last component is never followed: files are
 *                       made with O_CREAT|O_EXCL (which fails on a symlink
 *                       rather than following it), anything in the way is
 *                       unlinked first (unlinkat removes the link itself).
 *   hardlink "x" -> "/etc/shadow" or -> "link/shadow"
 *                       the target is resolved in the root like any path,
 *                       and linkat(2) without AT_SYMLINK_FOLLOW links a
 *                       symlink itself, never what it points to.
 *   "/." or "." as a symlink (CVE-2021-29136: umoci replaced the root
 *                       with a symlink and then wrote through it)
 *                       a name that cleans to the root itself may only be a
 *                       directory entry, which sets the root's metadata.
 *   "x/.wh.passwd" with x -> /etc, or ".wh.." 
 *                       whiteouts resolve their directory in the root too;
 *                       ".wh..", ".wh..." name no file and are refused.
 *
 * RESOLVE_NO_MAGICLINKS also refuses /proc-style links (/proc/self/root)
 * and RESOLVE_NO_XDEV keeps every lookup on the root's own filesystem.
 * Nobody else writes into the root while we work (it is our private
 * temporary directory), so what we resolve stays what we act on.
 */
#include "layer.h"
#include "rmtree.h"
#include "diag.h"
#include "explain.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define BLOB_BUF (256 * 1024)
#define HOSTILE_HINT "the layer is hostile or broken: do not use this image"
#define CORRUPT_HINT "the blob is corrupt or truncated: fetch the image again"

static const uint64_t resolve_flags = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;

static int openat2_in_root(int root, const char *path, int flags)
{
	struct open_how how = { .flags = (uint64_t)flags, .resolve = resolve_flags };
	long fd;

	do
		fd = syscall(SYS_openat2, root, *path ? path : ".", &how, sizeof how);
	while (fd < 0 && (errno == EINTR || errno == EAGAIN));
	return (int)fd;
}

/* ---- a set of the paths this layer made (for whiteouts and opaque dirs) ---- */

struct pathset {
	char **slots;
	size_t cap, count;
};

static uint64_t hash_path(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static int pathset_add(struct pathset *set, const char *path)
{
	if (set->count * 2 >= set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 1024;
		char **slots = calloc(cap, sizeof *slots);
		if (!slots)
			return -1;
		for (size_t i = 0; i < set->cap; i++) {
			if (!set->slots[i])
				continue;
			size_t j = hash_path(set->slots[i]) & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = set->slots[i];
		}
		free(set->slots);
		set->slots = slots;
		set->cap = cap;
	}
	size_t j = hash_path(path) & (set->cap - 1);
	for (; set->slots[j]; j = (j + 1) & (set->cap - 1))
		if (!strcmp(set->slots[j], path))
			return 0;
	if (!(set->slots[j] = strdup(path)))
		return -1;
	set->count++;
	return 0;
}

static bool pathset_has(const struct pathset *set, const char *path)
{
	if (!set->cap)
		return false;
	for (size_t j = hash_path(path) & (set->cap - 1); set->slots[j]; j = (j + 1) & (set->cap - 1))
		if (!strcmp(set->slots[j], path))
			return true;
	return false;
}

static void pathset_free(struct pathset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
}

/* ---- the applier's state ---- */

struct dirtime {
	char *path;
	struct timespec times[2];
};

struct applier {
	int root;
	const struct layer_options *o;
	const char *what;
	struct layer_result *r;
	struct pathset made;
	char parent[PATH_MAX]; /* the cached parent directory, and its O_PATH fd */
	int parent_fd;
	struct dirtime *dirs;  /* directories' times, set when the layer is done */
	const bool *stream_eof; /* the uncompressed stream has ended */
	size_t ndirs, dircap;
};

static void forget_parent(struct applier *ap)
{
	if (ap->parent_fd >= 0)
		close(ap->parent_fd);
	ap->parent_fd = -1;
}

/* Clean a tar name into OUT: no leading "/" or "./", no "//" or "/./", no
 * trailing "/". "" is the root itself. -1 when a component is "..". */
static int clean_path(const char *name, char *out, size_t len)
{
	size_t o = 0;

	for (const char *p = name; *p;) {
		while (*p == '/')
			p++;
		const char *end = strchrnul(p, '/');
		size_t n = (size_t)(end - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			p = end;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		if (o + n + 2 > len) {
			errno = ENAMETOOLONG;
			return -2;
		}
		if (o)
			out[o++] = '/';
		memcpy(out + o, p, n);
		o += n;
		p = end;
	}
	out[o] = '\0';
	return 0;
}

static int entry_error(struct applier *ap, int err, const char *hint, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int entry_error(struct applier *ap, int err, const char *hint, const char *path, const char *fmt, ...)
{
	char op[256];
	va_list va;

	va_start(va, fmt);
	vsnprintf(op, sizeof op, fmt, va);
	va_end(va);
	return diag_set(err, hint, "%s: %s '%s'", ap->what, op, path);
}

/* Open the directory PARENT (a clean path, "" for the root) as an O_PATH
 * fd, resolved in the root; with CREATE, make the missing directories on
 * the way (0755, root-owned, as tar does). Returns a borrowed fd (the cache
 * owns it), or -1 with errno set. */
static int open_parent(struct applier *ap, const char *parent, bool create)
{
	if (ap->parent_fd >= 0 && !strcmp(ap->parent, parent))
		return ap->parent_fd;
	forget_parent(ap);
	int fd = openat2_in_root(ap->root, parent, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		/* Make each missing component, each in the directory the one
		 * before it resolved to in the root. */
		char prefix[PATH_MAX];
		size_t len = strlen(parent);
		int up = openat2_in_root(ap->root, "", O_PATH | O_DIRECTORY | O_CLOEXEC);
		for (size_t i = 0; up >= 0 && i <= len; i++) {
			if (parent[i] != '/' && parent[i] != '\0')
				continue;
			memcpy(prefix, parent, i);
			prefix[i] = '\0';
			const char *comp = strrchr(prefix, '/');
			comp = comp ? comp + 1 : prefix;
			if (mkdirat(up, comp, 0755) == 0 && pathset_add(&ap->made, prefix) < 0) {
				close(up);
				errno = ENOMEM;
				return -1;
			}
			close(up);
			up = openat2_in_root(ap->root, prefix, O_PATH | O_DIRECTORY | O_CLOEXEC);
		}
		fd = up;
	}
	if (fd < 0)
		return -1;
	snprintf(ap->parent, sizeof ap->parent, "%s", parent);
	ap->parent_fd = fd;
	return fd;
}

/* Split a clean PATH into the parent's fd (created when missing) and the
 * last component. -1 with a diagnostic. */
static int parent_of(struct applier *ap, const char *path, const char **base, bool create)
{
	char parent[PATH_MAX];
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - path) : 0, path);
	int fd = open_parent(ap, parent, create);
	if (fd < 0)
		return entry_error(ap, errno,
				   errno == ENOTDIR   ? "a lower entry of the same name is not a directory"
				   : errno == ENOENT ? "a symlink on the way leads to a directory DEST does not have"
						     : NULL,
				   path, "open the directory of");
	return fd;
}

/* Get NAME in PFD out of the way of a new entry. Returns 1 when KEEP_DIR
 * and NAME is already a directory (it stays), 0 when the name is free. */
static int make_room(struct applier *ap, int pfd, const char *base, const char *path, bool keep_dir)
{
	struct stat st;

	if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		return entry_error(ap, errno, NULL, path, "look at");
	}
	if (S_ISDIR(st.st_mode) && keep_dir)
		return 1;
	/* Removing a directory or a symlink may change what a cached parent
	 * path resolves to: resolve again next time. The fd stays valid
	 * until then (PFD may be the cached one). */
	if (S_ISDIR(st.st_mode)) {
		if (rmtree_at(pfd, base) < 0)
			return -1;
	} else if (unlinkat(pfd, base, 0) < 0) {
		return entry_error(ap, errno, NULL, path, "replace");
	}
	if (S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode))
		ap->parent[0] = '\1'; /* matches no clean path: the next lookup resolves afresh */
	return 0;
}

static void entry_times(struct archive_entry *e, struct timespec ts[2])
{
	ts[1].tv_sec = archive_entry_mtime(e);
	ts[1].tv_nsec = archive_entry_mtime_nsec(e);
	if (archive_entry_atime_is_set(e)) {
		ts[0].tv_sec = archive_entry_atime(e);
		ts[0].tv_nsec = archive_entry_atime_nsec(e);
	} else {
		ts[0] = ts[1];
	}
}

/* Owner, then mode (chown clears set-user-ID bits), then xattrs (chown
 * clears security.capability too), on an open FD. */
static int set_owner_mode_xattrs(struct applier *ap, int fd, struct archive_entry *e, const char *path)
{
	if (ap->o->ownership && fchown(fd, archive_entry_uid(e), archive_entry_gid(e)) < 0)
		return entry_error(ap, errno, "unpacking an image with its owners needs root", path,
				   "chown(%jd:%jd)", (intmax_t)archive_entry_uid(e), (intmax_t)archive_entry_gid(e));
	if (fchmod(fd, archive_entry_perm(e)) < 0)
		return entry_error(ap, errno, NULL, path, "chmod(%04o)", (unsigned)archive_entry_perm(e));
	if (!ap->o->ownership)
		return 0;
	const char *name;
	const void *value;
	size_t size;
	archive_entry_xattr_reset(e);
	while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
		/* In a lowerdir, trusted.overlay.* would steer overlayfs
		 * (redirect, metacopy, opaque): only the whiteout rules may. */
		if (ap->o->overlay_whiteouts && !strncmp(name, "trusted.overlay.", 16)) {
			explain("%s: skip xattr %s (overlayfs's own)", path, name);
			continue;
		}
		if (fsetxattr(fd, name, value, size, 0) < 0)
			return entry_error(ap, errno,
					   errno == EOPNOTSUPP ? "the filesystem under DEST does not support this "
								 "attribute: unpack on another one"
							       : NULL,
					   path, "setxattr(%s)", name);
	}
	return 0;
}

static int write_all(int fd, const char *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, buf, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

static int copy_data(struct applier *ap, struct archive *a, int fd, struct archive_entry *e, const char *path)
{
	const void *buf;
	size_t len;
	la_int64_t off;
	off_t end = 0;
	int r;

	while ((r = archive_read_data_block(a, &buf, &len, &off)) == ARCHIVE_OK) {
		if (ap->o->interrupted && *ap->o->interrupted)
			return diag_set(EINTR, NULL, "%s: interrupted", ap->what);
		if (write_all(fd, buf, len, off) < 0)
			return entry_error(ap, errno, errno == ENOSPC ? "free some space under DEST" : NULL, path,
					   "write");
		end = off + (off_t)len;
	}
	/* Some writers (umoci 0.4.7 among them) end the tar right after the
	 * last file's data, without its padding or the end-of-archive blocks.
	 * Go's archive/tar, and so docker and umoci, read that; so do we when
	 * every byte of the file is there: the digests, not the framing, are
	 * what vouch for the content. 1 means "and the tar ends here". */
	if (r == ARCHIVE_FATAL && *ap->stream_eof && archive_entry_size_is_set(e) && end >= archive_entry_size(e)) {
		explain("%s: the tar ends after '%s' without padding: taken as its end", ap->what, path);
		return 1;
	}
	if (r != ARCHIVE_EOF)
		return diag_set(archive_errno(a) > 0 ? archive_errno(a) : 0, CORRUPT_HINT, "%s: read '%s': %s",
				ap->what, path, archive_error_string(a));
	/* A sparse file's last hole has no data block: set the length. */
	if (archive_entry_size_is_set(e) && end < archive_entry_size(e) && ftruncate(fd, archive_entry_size(e)) < 0)
		return entry_error(ap, errno, NULL, path, "truncate");
	return 0;
}

static int make_file(struct applier *ap, struct archive *a, struct archive_entry *e, const char *path)
{
	const char *base;
	int pfd = parent_of(ap, path, &base, true);
	if (pfd < 0)
		return -1;
	/* O_EXCL: never open what is there, least of all through a symlink. */
	int fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST) {
		if (make_room(ap, pfd, base, path, false) < 0)
			return -1;
		fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	}
	if (fd < 0)
		return entry_error(ap, errno, NULL, path, "create");
	struct timespec ts[2];
	int ended = copy_data(ap, a, fd, e, path), rc = ended < 0 ? -1 : 0;
	if (rc == 0)
		rc = set_owner_mode_xattrs(ap, fd, e, path);
	entry_times(e, ts);
	if (rc == 0 && futimens(fd, ts) < 0)
		rc = entry_error(ap, errno, NULL, path, "set the times of");
	if (close(fd) < 0 && rc == 0)
		rc = entry_error(ap, errno, NULL, path, "close");
	return rc < 0 ? -1 : ended;
}

static int make_dir(struct applier *ap, struct archive_entry *e, const char *path)
{
	int fd;

	if (!*path) {
		fd = dup(ap->root); /* "./": the root's own metadata */
	} else {
		const char *base;
		int pfd = parent_of(ap, path, &base, true);
		if (pfd < 0)
			return -1;
		if (mkdirat(pfd, base, 0700) < 0) {
			if (errno != EEXIST)
				return entry_error(ap, errno, NULL, path, "mkdir");
			int kept = make_room(ap, pfd, base, path, true);
			if (kept < 0 || (!kept && mkdirat(pfd, base, 0700) < 0))
				return kept < 0 ? -1 : entry_error(ap, errno, NULL, path, "mkdir");
		}
		fd = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		return entry_error(ap, errno, NULL, path, "open directory");
	int rc = set_owner_mode_xattrs(ap, fd, e, path);
	close(fd);
	if (rc < 0)
		return -1;
	/* Its times are set when the layer is done: making its entries
	 * would change them again. */
	if (ap->ndirs == ap->dircap) {
		size_t cap = ap->dircap ? ap->dircap * 2 : 256;
		struct dirtime *d = realloc(ap->dirs, cap * sizeof *d);
		if (!d)
			return diag_set(ENOMEM, NULL, "%s: remember directory times", ap->what);
		ap->dirs = d;
		ap->dircap = cap;
	}
	if (!(ap->dirs[ap->ndirs].path = strdup(path)))
		return diag_set(ENOMEM, NULL, "%s: remember directory times", ap->what);
	entry_times(e, ap->dirs[ap->ndirs++].times);
	return 0;
}

/* Metadata of something that cannot be opened for writing (a symlink, a
 * device, a fifo): by name, never following it. */
static int set_meta_by_name(struct applier *ap, int pfd, const char *base, struct archive_entry *e,
			    const char *path, bool mode)
{
	struct timespec ts[2];

	if (ap->o->ownership &&
	    fchownat(pfd, base, archive_entry_uid(e), archive_entry_gid(e), AT_SYMLINK_NOFOLLOW) < 0)
		return entry_error(ap, errno, "unpacking an image with its owners needs root", path, "chown");
	/* fchmodat follows symlinks; MODE is only asked for a node we just
	 * made, which is not one. */
	if (mode && fchmodat(pfd, base, archive_entry_perm(e), 0) < 0)
		return entry_error(ap, errno, NULL, path, "chmod");
	entry_times(e, ts);
	if (utimensat(pfd, base, ts, AT_SYMLINK_NOFOLLOW) < 0)
		return entry_error(ap, errno, NULL, path, "set the times of");
	return 0;
}

static int make_symlink(struct applier *ap, struct archive_entry *e, const char *path)
{
	const char *base, *target = archive_entry_symlink(e);
	int pfd = parent_of(ap, path, &base, true);

	if (pfd < 0)
		return -1;
	if (!target || !*target)
		return entry_error(ap, 0, HOSTILE_HINT, path, "empty symlink target for");
	if (make_room(ap, pfd, base, path, false) < 0)
		return -1;
	/* The target is only text stored in the link: we never follow it. */
	if (symlinkat(target, pfd, base) < 0)
		return entry_error(ap, errno, NULL, path, "symlink");
	ap->parent[0] = '\1'; /* a new symlink may change what a cached path meant */
	return set_meta_by_name(ap, pfd, base, e, path, false);
}

static int make_hardlink(struct applier *ap, struct archive_entry *e, const char *path)
{
	char target[PATH_MAX], tparent[PATH_MAX];
	const char *base;
	struct stat tst, st;

	if (clean_path(archive_entry_hardlink(e), target, sizeof target) < 0)
		return entry_error(ap, 0, HOSTILE_HINT, archive_entry_hardlink(e), "hardlink %s to", path);
	if (!*target)
		return entry_error(ap, 0, HOSTILE_HINT, path, "hardlink to the root directory:");
	/* The target's directory, resolved in the root like any path: a
	 * symlink on the way cannot lead outside. */
	const char *slash = strrchr(target, '/');
	const char *tbase = slash ? slash + 1 : target;
	snprintf(tparent, sizeof tparent, "%.*s", slash ? (int)(slash - target) : 0, target);
	int tfd = openat2_in_root(ap->root, tparent, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (tfd < 0 || fstatat(tfd, tbase, &tst, AT_SYMLINK_NOFOLLOW) < 0) {
		int err = errno;
		if (tfd >= 0)
			close(tfd);
		return entry_error(ap, err, "a hardlink must name a file that an earlier entry made", target,
				   "hardlink %s to", path);
	}
	if (S_ISDIR(tst.st_mode)) {
		close(tfd);
		return entry_error(ap, 0, HOSTILE_HINT, target, "hardlink %s to the directory", path);
	}
	int pfd = parent_of(ap, path, &base, true);
	if (pfd < 0 || (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_ino == tst.st_ino &&
			st.st_dev == tst.st_dev)) {
		close(tfd);
		return pfd < 0 ? -1 : 0; /* already the same file */
	}
	int rc = make_room(ap, pfd, base, path, false);
	/* make_room may have re-resolved nothing, but PFD is still the right
	 * directory: it was only marked stale. No AT_SYMLINK_FOLLOW: a symlink
	 * target is linked as the symlink itself. */
	if (rc == 0 && linkat(tfd, tbase, pfd, base, 0) < 0)
		rc = entry_error(ap, errno, NULL, path, "hardlink %s to", target);
	close(tfd);
	return rc;
}

static int make_node(struct applier *ap, struct archive_entry *e, const char *path)
{
	const char *base;
	mode_t type = archive_entry_filetype(e);

	if (!ap->o->ownership && type != AE_IFIFO)
		return 0; /* a tarball of blobs has no business with devices */
	int pfd = parent_of(ap, path, &base, true);
	if (pfd < 0 || make_room(ap, pfd, base, path, false) < 0)
		return -1;
	dev_t dev = type == AE_IFIFO ? 0 : makedev(archive_entry_rdevmajor(e), archive_entry_rdevminor(e));
	if (mknodat(pfd, base, type | (archive_entry_perm(e) & 0777), dev) < 0)
		return entry_error(ap, errno, errno == EPERM ? "making device nodes needs CAP_MKNOD: run as root" : NULL,
				   path, "mknod");
	return set_meta_by_name(ap, pfd, base, e, path, true);
}

/* Remove what lower layers put in directory DIRFD (at clean path DIR),
 * keeping what this layer made; in directories this layer made, go on
 * down: an opaque directory hides all lower content below it. */
static int remove_lower(struct applier *ap, int at, const char *dir)
{
	int fd = openat(at, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return entry_error(ap, errno, NULL, dir, "read directory");
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char **more = realloc(names, (n + 1) * sizeof *names);
		if (!more || !(more[n] = strdup(e->d_name))) {
			names = more ? more : names;
			rc = diag_set(ENOMEM, NULL, "%s: read directory '%s'", ap->what, dir);
			break;
		}
		names = more;
		n++;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char child[PATH_MAX];
		struct stat st;
		snprintf(child, sizeof child, "%s%s%s", dir, *dir ? "/" : "", names[i]);
		if (!pathset_has(&ap->made, child)) {
			rc = rmtree_at(dirfd(d), names[i]);
		} else if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			rc = sub < 0 ? entry_error(ap, errno, NULL, child, "open directory") : remove_lower(ap, sub, child);
			if (sub >= 0)
				close(sub);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* overlay_whiteouts: keep whiteout PATH (of file NAME, in directory
 * PARENT) in overlayfs's form, in this layer's own directory. The
 * directories on the way are made when the tar did not list them: the
 * device or the xattr must be somewhere. */
static int overlay_whiteout(struct applier *ap, const char *path, const char *parent, const char *base,
			    const char *name)
{
	char victim[2 * PATH_MAX + 2];
	struct stat st;

	if (!strcmp(base, ".wh..wh..opq")) {
		int pfd = open_parent(ap, parent, true);
		int fd = pfd < 0 ? -1 : openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return entry_error(ap, errno, NULL, path, "open the directory of opaque marker");
		explain("opaque %s/: setxattr(trusted.overlay.opaque, \"y\")", *parent ? parent : ".");
		int rc = fsetxattr(fd, "trusted.overlay.opaque", "y", 1, 0);
		close(fd);
		if (rc < 0)
			return entry_error(ap, errno,
					   errno == EPERM     ? "trusted.* xattrs need CAP_SYS_ADMIN: run as root"
					   : errno == ENOTSUP ? "the store's filesystem has no trusted.* xattrs"
							      : NULL,
					   path, "setxattr(trusted.overlay.opaque) for");
		ap->r->whiteouts++;
		return 0;
	}
	snprintf(victim, sizeof victim, "%s%s%s", parent, *parent ? "/" : "", name);
	if (pathset_has(&ap->made, victim)) {
		explain("whiteout %s: kept, this layer made it", victim);
		return 0;
	}
	const char *vbase;
	int pfd = parent_of(ap, victim, &vbase, true);
	/* A directory of this layer's that is not one (a symlink, a file)
	 * has no lower content to hide. */
	if (pfd < 0 && (diag_errno() == ENOENT || diag_errno() == ENOTDIR)) {
		explain("whiteout %s: its directory is not a directory in this layer: nothing to hide", victim);
		return 0;
	}
	if (pfd < 0)
		return -1;
	/* Only an earlier whiteout of the same name can be in the way. */
	if (fstatat(pfd, vbase, &st, AT_SYMLINK_NOFOLLOW) == 0 && make_room(ap, pfd, vbase, victim, false) < 0)
		return -1;
	explain("whiteout %s: mknod(S_IFCHR|0000, makedev(0, 0))", victim);
	if (mknodat(pfd, vbase, S_IFCHR, makedev(0, 0)) < 0)
		return entry_error(ap, errno, errno == EPERM ? "making whiteouts needs CAP_MKNOD: run as root" : NULL,
				   victim, "mknod the whiteout");
	ap->r->whiteouts++;
	return 0;
}

/* PATH's last component starts with ".wh.": an OCI whiteout. */
static int whiteout(struct applier *ap, const char *path, const char *name)
{
	char parent[PATH_MAX], victim[2 * PATH_MAX + 2];
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(parent, sizeof parent, "%.*s", (int)(base - path) - (base > path ? 1 : 0), path);

	if (ap->o->overlay_whiteouts) {
		if (!strcmp(base, ".wh..wh..opq"))
			return overlay_whiteout(ap, path, parent, base, name);
		if (!strncmp(base, ".wh..wh.", 8)) {
			explain("skip %s (aufs metadata, not a whiteout)", path);
			return 0;
		}
		if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
			return entry_error(ap, 0, HOSTILE_HINT, path, "whiteout names no file:");
		return overlay_whiteout(ap, path, parent, base, name);
	}
	/* The directory is resolved in the root; a missing one hides nothing
	 * and is not made. */
	int pfd = openat2_in_root(ap->root, parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return errno == ENOENT ? 0 : entry_error(ap, errno, NULL, path, "open the directory of whiteout");
	ap->r->whiteouts++;
	ap->parent[0] = '\1'; /* what we delete may be on a cached path */
	int rc = 0;
	if (!strcmp(base, ".wh..wh..opq")) {
		explain("opaque %s/: remove the lower layers' content", *parent ? parent : ".");
		rc = remove_lower(ap, pfd, parent);
	} else if (!strncmp(base, ".wh..wh.", 8)) {
		explain("skip %s (aufs metadata, not a whiteout)", path); /* as docker does */
	} else if (!*name || !strcmp(name, ".") || !strcmp(name, "..")) {
		rc = entry_error(ap, 0, HOSTILE_HINT, path, "whiteout names no file:");
	} else {
		snprintf(victim, sizeof victim, "%s%s%s", parent, *parent ? "/" : "", name);
		/* A whiteout hides lower layers only, never its own layer's files. */
		if (pathset_has(&ap->made, victim)) {
			explain("whiteout %s: kept, this layer made it", victim);
		} else {
			explain("whiteout %s", victim);
			rc = rmtree_at(pfd, name);
		}
	}
	close(pfd);
	return rc;
}

static int apply_entry(struct applier *ap, struct archive *a, struct archive_entry *e)
{
	char path[PATH_MAX];
	const char *name = archive_entry_pathname(e);
	mode_t type = archive_entry_filetype(e);

	if (!name)
		return diag_set(0, CORRUPT_HINT, "%s: an entry has no name", ap->what);
	int c = clean_path(name, path, sizeof path);
	if (c == -1)
		return entry_error(ap, 0, HOSTILE_HINT, name, "'..' would leave the root in");
	if (c < 0)
		return entry_error(ap, ENAMETOOLONG, NULL, name, "name");
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (ap->o->whiteouts && !strncmp(base, ".wh.", 4))
		return whiteout(ap, path, base + 4);

	/* The root itself may be described ("./"), never replaced. */
	if (!*path && type != AE_IFDIR)
		return entry_error(ap, 0, HOSTILE_HINT, name, "an entry that is not a directory would replace the root:");
	if (ap->o->whiteouts && pathset_add(&ap->made, path) < 0)
		return diag_set(ENOMEM, NULL, "%s: remember '%s'", ap->what, path);
	if (archive_entry_hardlink(e))
		return make_hardlink(ap, e, path);
	switch (type) {
	case AE_IFREG: return make_file(ap, a, e, path);
	case AE_IFDIR: return make_dir(ap, e, path);
	case AE_IFLNK: return make_symlink(ap, e, path);
	case AE_IFCHR:
	case AE_IFBLK:
	case AE_IFIFO: return make_node(ap, e, path);
	default: return entry_error(ap, 0, "only files, directories, links, devices and fifos belong in a layer",
				    path, "unknown entry type %#o for", (unsigned)type);
	}
}

/* Directory times, deepest last-made first, once the layer is done. */
static int set_dir_times(struct applier *ap)
{
	while (ap->ndirs) {
		struct dirtime *d = &ap->dirs[--ap->ndirs];
		int rc = 0;
		if (!*d->path) {
			rc = futimens(ap->root, d->times);
		} else {
			const char *base;
			int pfd = parent_of(ap, d->path, &base, false);
			/* Gone since (a later entry replaced it): nothing to do. */
			if (pfd >= 0)
				rc = utimensat(pfd, base, d->times, AT_SYMLINK_NOFOLLOW);
			else
				rc = 0;
			if (rc < 0 && errno == ENOENT)
				rc = 0;
		}
		if (rc < 0)
			rc = entry_error(ap, errno, NULL, d->path, "set the times of");
		free(d->path);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- reading: blob -> (sha256) -> decompress -> (sha256) -> tar ---- */

struct blob_reader {
	int fd;
	struct digest digest;
	char *buf;
	const struct layer_options *o;
};

static la_ssize_t blob_read(struct archive *a, void *arg, const void **buf)
{
	struct blob_reader *b = arg;
	ssize_t n;

	do
		n = read(b->fd, b->buf, BLOB_BUF);
	while (n < 0 && errno == EINTR && !(b->o->interrupted && *b->o->interrupted));
	if (n < 0) {
		archive_set_error(a, errno, "read the blob");
		return -1;
	}
	digest_update(&b->digest, b->buf, (size_t)n);
	if (b->o->progress)
		b->o->progress(b->o->progress_arg, b->digest.bytes);
	*buf = b->buf;
	return n;
}

struct tar_reader {
	struct archive *outer; /* the decompressor, read as one raw stream */
	struct digest digest;
	bool eof;
};

static la_ssize_t tar_read(struct archive *a, void *arg, const void **buf)
{
	struct tar_reader *t = arg;
	size_t len;
	la_int64_t off;
	int r = archive_read_data_block(t->outer, buf, &len, &off);

	if (r == ARCHIVE_EOF) {
		t->eof = true;
		return 0;
	}
	if (r < ARCHIVE_WARN) {
		archive_set_error(a, archive_errno(t->outer), "%s", archive_error_string(t->outer));
		return -1;
	}
	digest_update(&t->digest, *buf, len);
	return (la_ssize_t)len;
}

/* Read what the tar reader left (the zero blocks past its end) so both
 * digests cover every byte. */
static int drain(struct tar_reader *t, struct blob_reader *b)
{
	const void *buf;
	size_t len;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(t->outer, &buf, &len, &off)) == ARCHIVE_OK)
		digest_update(&t->digest, buf, len);
	if (r != ARCHIVE_EOF)
		return -1;
	for (;;) {
		ssize_t n = read(b->fd, b->buf, BLOB_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		digest_update(&b->digest, b->buf, (size_t)n);
	}
}

int layer_hash(int blob_fd, const char *what, struct layer_result *r)
{
	struct layer_options o = { 0 };
	struct blob_reader blob = { .fd = blob_fd, .o = &o };
	struct tar_reader tar = { 0 };
	struct archive_entry *e;
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (!(blob.buf = malloc(BLOB_BUF)) || !(tar.outer = archive_read_new())) {
		diag_set(ENOMEM, NULL, "%s: start reading", what);
		goto out;
	}
	if (digest_begin(&blob.digest) < 0)
		goto out;
	if (digest_begin(&tar.digest) < 0) {
		digest_abort(&blob.digest);
		goto out;
	}
	archive_read_support_filter_all(tar.outer);
	archive_read_support_format_raw(tar.outer);
	if (archive_read_open(tar.outer, &blob, NULL, blob_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(tar.outer, &e) != ARCHIVE_OK)
		diag_set(archive_errno(tar.outer) > 0 ? archive_errno(tar.outer) : 0, CORRUPT_HINT, "%s: open: %s",
			 what, archive_error_string(tar.outer) ? archive_error_string(tar.outer) : "empty blob");
	else if (drain(&tar, &blob) < 0)
		diag_set(archive_errno(tar.outer) > 0 ? archive_errno(tar.outer) : errno, CORRUPT_HINT,
			 "%s: read: %s", what, archive_error_string(tar.outer));
	else
		rc = 0;
	/* As layer_apply: the whole blob is hashed even when it is broken. */
	for (ssize_t n = 1; rc < 0 && n > 0;) {
		n = read(blob_fd, blob.buf, BLOB_BUF);
		if (n > 0)
			digest_update(&blob.digest, blob.buf, (size_t)n);
	}
	r->blob_bytes = blob.digest.bytes;
	r->tar_bytes = tar.digest.bytes;
	digest_end(&blob.digest, r->blob_digest);
	digest_end(&tar.digest, r->diff_id);
out:
	if (tar.outer)
		archive_read_free(tar.outer);
	free(blob.buf);
	return rc;
}

int layer_apply(int root_fd, int blob_fd, const char *what, const struct layer_options *o,
		struct layer_result *r)
{
	struct applier ap = { .root = root_fd, .o = o, .what = what, .r = r, .parent_fd = -1 };
	struct blob_reader blob = { .fd = blob_fd, .o = o };
	struct tar_reader tar = { 0 };
	ap.stream_eof = &tar.eof;
	struct archive *inner = NULL;
	struct archive_entry *e;
	int rc = -1, ar;

	memset(r, 0, sizeof *r);
	posix_fadvise(blob_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (!(blob.buf = malloc(BLOB_BUF)) || !(tar.outer = archive_read_new()) || !(inner = archive_read_new())) {
		diag_set(ENOMEM, NULL, "%s: start reading", what);
		goto out;
	}
	if (digest_begin(&blob.digest) < 0)
		goto out;
	if (digest_begin(&tar.digest) < 0) {
		digest_abort(&blob.digest);
		goto out;
	}
	/* The outer archive only decompresses (whatever the filter: gzip,
	 * zstd, or none), so that the tar between the two can be hashed. */
	archive_read_support_filter_all(tar.outer);
	archive_read_support_format_raw(tar.outer);
	archive_read_support_format_tar(inner);
	if (archive_read_open(tar.outer, &blob, NULL, blob_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(tar.outer, &e) != ARCHIVE_OK) {
		diag_set(archive_errno(tar.outer) > 0 ? archive_errno(tar.outer) : 0, CORRUPT_HINT, "%s: open: %s",
			 what, archive_error_string(tar.outer) ? archive_error_string(tar.outer) : "empty blob");
		goto digests;
	}
	if (archive_read_open(inner, &tar, NULL, tar_read, NULL) != ARCHIVE_OK) {
		diag_set(0, CORRUPT_HINT, "%s: not a tar: %s", what, archive_error_string(inner));
		goto digests;
	}
	while ((ar = archive_read_next_header(inner, &e)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		if (o->interrupted && *o->interrupted) {
			diag_set(EINTR, NULL, "%s: interrupted", what);
			goto digests;
		}
		r->entries++;
		int applied = apply_entry(&ap, inner, e);
		if (applied < 0)
			goto digests;
		if (applied > 0) {
			ar = ARCHIVE_EOF;
			break;
		}
	}
	if (ar != ARCHIVE_EOF) {
		diag_set(archive_errno(inner) > 0 ? archive_errno(inner) : 0, CORRUPT_HINT, "%s: read: %s", what,
			 archive_error_string(inner));
		goto digests;
	}
	if (set_dir_times(&ap) < 0)
		goto digests;
	if (drain(&tar, &blob) < 0) {
		diag_set(archive_errno(tar.outer) > 0 ? archive_errno(tar.outer) : errno, CORRUPT_HINT,
			 "%s: read past the tar's end: %s", what, archive_error_string(tar.outer));
		goto digests;
	}
	rc = 0;
digests:
	/* On a failure, hash the rest of the blob anyway: a digest mismatch
	 * is a better reason to give than the broken gzip it caused. */
	for (ssize_t n = 1; rc < 0 && n > 0;) {
		n = read(blob_fd, blob.buf, BLOB_BUF);
		if (n > 0)
			digest_update(&blob.digest, blob.buf, (size_t)n);
	}
	r->blob_bytes = blob.digest.bytes;
	r->tar_bytes = tar.digest.bytes;
	digest_end(&blob.digest, r->blob_digest);
	digest_end(&tar.digest, r->diff_id);
out:
	for (size_t i = 0; i < ap.ndirs; i++)
		free(ap.dirs[i].path);
	free(ap.dirs);
	pathset_free(&ap.made);
	forget_parent(&ap);
	if (inner)
		archive_read_free(inner);
	if (tar.outer)
		archive_read_free(tar.outer);
	free(blob.buf);
	return rc;
}
