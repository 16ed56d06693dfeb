/* layerentry — one tar entry applied to the root, for layer_apply (see
 * layer.h): a file, directory, symlink, hardlink, device or fifo made at
 * its cleaned path, or a whiteout handed on; and the message that names
 * the entry when it fails. */
#include "layerapplier.h"
#include "diag.h"
#include "explain.h"
#include "fdio.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int entry_error(struct applier *ap, int err, const char *hint, const char *path, const char *fmt, ...)
{
	char op[256];
	va_list va;

	va_start(va, fmt);
	vsnprintf(op, sizeof op, fmt, va);
	va_end(va);
	return diag_set(err, hint, "%s: %s '%s'", ap->what, op, path);
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
		if (fd_pwrite_all(fd, buf, len, off) < 0)
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

int apply_entry(struct applier *ap, struct archive *a, struct archive_entry *e)
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
