/* layermeta — an entry's owner, mode, times and xattrs, for layer_apply
 * (see layer.h): on an open fd where it can be opened, else by name
 * without following it; directories' times once the layer is done. */
#include "layerapplier.h"
#include "explain.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

void entry_times(struct archive_entry *e, struct timespec ts[2])
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
int set_owner_mode_xattrs(struct applier *ap, int fd, struct archive_entry *e, const char *path)
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

/* Metadata of something that cannot be opened for writing (a symlink, a
 * device, a fifo): by name, never following it. */
int set_meta_by_name(struct applier *ap, int pfd, const char *base, struct archive_entry *e,
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

/* Directory times, deepest last-made first, once the layer is done. */
int set_dir_times(struct applier *ap)
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
