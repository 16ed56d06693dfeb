/* idmapmount — see idmapmount.h. */
#include "idmapmount.h"
#include "diag.h"
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void close_all(struct idmap_mount *mounts, int n)
{
	for (int i = 0; i < n; i++) {
		if (mounts[i].fd >= 0)
			close(mounts[i].fd);
		mounts[i].fd = -1;
	}
}

int idmap_mounts_open(struct idmap_mount *mounts, int n)
{
	for (int i = 0; i < n; i++) {
		if ((mounts[i].fd = mount_open_tree(mounts[i].src)) < 0) {
			close_all(mounts, i);
			return -1;
		}
	}
	return 0;
}

int idmap_mounts_map(struct idmap_mount *mounts, int n, pid_t pid)
{
	char path[64];
	int rc = 0;

	snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
	int userns = open(path, O_RDONLY | O_CLOEXEC);
	if (userns < 0)
		return diag_set(errno, NULL, "open %s", path);
	for (int i = 0; i < n && rc == 0; i++)
		rc = mount_set_idmap(mounts[i].fd, userns, mounts[i].src);
	close(userns);
	close_all(mounts, n);
	return rc;
}

int idmap_mounts_attach(const struct idmap_mount *mounts, int n)
{
	for (int i = 0; i < n; i++) {
		if (mount_move_fd(mounts[i].fd, mounts[i].dst) < 0)
			return -1;
		close(mounts[i].fd);
	}
	return 0;
}
