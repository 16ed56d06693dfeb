/* layerwhiteout — a layer's OCI whiteouts (see layer.h): deleting what
 * the layers below made, or, with overlay_whiteouts, recording them as
 * overlayfs reads them; and the set of the paths this layer made, which
 * its whiteouts never delete. */
#include "layerapplier.h"
#include "rmtree.h"
#include "diag.h"
#include "explain.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

/* ---- a set of the paths this layer made (for whiteouts and opaque dirs) ---- */

static uint64_t hash_path(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

int pathset_add(struct pathset *set, const char *path)
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

bool pathset_has(const struct pathset *set, const char *path)
{
	if (!set->cap)
		return false;
	for (size_t j = hash_path(path) & (set->cap - 1); set->slots[j]; j = (j + 1) & (set->cap - 1))
		if (!strcmp(set->slots[j], path))
			return true;
	return false;
}

void pathset_free(struct pathset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
}

/* ---- whiteouts ---- */

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
int whiteout(struct applier *ap, const char *path, const char *name)
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
