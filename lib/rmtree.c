/* rmtree — see rmtree.h. */
#include "rmtree.h"
#include "diag.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int rmtree_at(int at, const char *name)
{
	struct stat st, top;

	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : diag_set(errno, NULL, "remove %s", name);
	if (!S_ISDIR(st.st_mode)) {
		if (unlinkat(at, name, 0) < 0 && errno != ENOENT)
			return diag_set(errno, NULL, "remove %s", name);
		return 0;
	}
	/* Stay on the filesystem we started on: a mount point below is left
	 * alone (rmdir then fails with EBUSY, and we say so). */
	if (fstat(at, &top) == 0 && top.st_dev != st.st_dev)
		return diag_set(EXDEV, "unmount it first", "remove %s: a mount point", name);
	int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return diag_set(errno, NULL, "open %s to remove it", name);
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return diag_set(errno, NULL, "read %s to remove it", name);
	}
	int rc = 0;
	for (;;) {
		/* Deleting while reading a directory may skip entries: read, delete, rewind. */
		struct dirent *e;
		bool removed = false;
		errno = 0;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (rmtree_at(dirfd(d), e->d_name) < 0) {
				rc = -1;
				break;
			}
			removed = true;
		}
		if (rc < 0 || !removed)
			break;
		rewinddir(d);
	}
	closedir(d);
	if (rc == 0 && unlinkat(at, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		rc = diag_set(errno, NULL, "remove directory %s", name);
	return rc;
}
