/* systempaths — see systempaths.h. */
#include "systempaths.h"
#include "diag.h"
#include "mount.h"

#include <errno.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* Docker's defaults (moby oci/defaults.go): files and directories that
 * leak the host's secrets or state, hidden; knobs for the whole host,
 * read-only. */
static const char *const masked_paths[] = {
	"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/proc/scsi",
	"/proc/acpi", "/proc/latency_stats", "/sys/firmware", "/sys/devices/virtual/powercap",
};
static const char *const read_only_paths[] = {
	"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs", "/proc/asound",
};

static int mask_paths(int rootfd)
{
	for (size_t i = 0; i < sizeof masked_paths / sizeof masked_paths[0]; i++) {
		struct stat st;
		int fd = mount_open_in_root(rootfd, masked_paths[i], 0);
		if (fd < 0 && errno == ENOENT)
			continue; /* not on this kernel */
		if (fd < 0)
			return -1;
		if (fstat(fd, &st) < 0) {
			int err = errno;
			close(fd);
			return diag_set(err, NULL, "stat %s in the root", masked_paths[i]);
		}
		char where[300];
		snprintf(where, sizeof where, "%s in the root, masked", masked_paths[i]);
		int rc = S_ISDIR(st.st_mode) ? mount_on_fd("tmpfs", fd, where, "tmpfs", MS_RDONLY, NULL)
					     : mount_on_fd("/dev/null", fd, where, NULL, MS_BIND, NULL);
		close(fd);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int make_paths_read_only(int rootfd)
{
	for (size_t i = 0; i < sizeof read_only_paths / sizeof read_only_paths[0]; i++) {
		char self[32], where[300];
		int fd = mount_open_in_root(rootfd, read_only_paths[i], 0);
		if (fd < 0 && errno == ENOENT)
			continue;
		if (fd < 0)
			return -1;
		/* Bound onto itself, so it is a mount that can be made read-only. */
		snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
		snprintf(where, sizeof where, "%s in the root", read_only_paths[i]);
		int rc = mount_on_fd(self, fd, where, NULL, MS_BIND | MS_REC, NULL);
		if (rc == 0)
			rc = mount_read_only_in_root(rootfd, read_only_paths[i]);
		close(fd);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int systempaths_confine(int rootfd)
{
	return mask_paths(rootfd) < 0 || make_paths_read_only(rootfd) < 0 ? -1 : 0;
}
