/* layerroot — paths inside the root, for layer_apply (see layer.h): a tar
 * name cleaned, its directory opened with openat2(RESOLVE_IN_ROOT), and
 * what is at its last component moved out of the way, never followed.
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
#include "layerapplier.h"
#include "rmtree.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const uint64_t resolve_flags = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;

int openat2_in_root(int root, const char *path, int flags)
{
	struct open_how how = { .flags = (uint64_t)flags, .resolve = resolve_flags };
	long fd;

	do
		fd = syscall(SYS_openat2, root, *path ? path : ".", &how, sizeof how);
	while (fd < 0 && (errno == EINTR || errno == EAGAIN));
	return (int)fd;
}

void forget_parent(struct applier *ap)
{
	if (ap->parent_fd >= 0)
		close(ap->parent_fd);
	ap->parent_fd = -1;
}

/* Clean a tar name into OUT: no leading "/" or "./", no "//" or "/./", no
 * trailing "/". "" is the root itself. -1 when a component is "..". */
int clean_path(const char *name, char *out, size_t len)
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

/* Open the directory PARENT (a clean path, "" for the root) as an O_PATH
 * fd, resolved in the root; with CREATE, make the missing directories on
 * the way (0755, root-owned, as tar does). Returns a borrowed fd (the cache
 * owns it), or -1 with errno set. */
int open_parent(struct applier *ap, const char *parent, bool create)
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
int parent_of(struct applier *ap, const char *path, const char **base, bool create)
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
int make_room(struct applier *ap, int pfd, const char *base, const char *path, bool keep_dir)
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
