/* mountns — see mountns.h. */
#include "mountns.h"
#include "diag.h"
#include "explain.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *name;      /* as mount(8) --make-* and unshare(1) --propagation say it */
	unsigned long flag;
	const char *flag_name;
} propagations[] = {
	{ "private", MS_PRIVATE, "MS_PRIVATE" },
	{ "slave", MS_SLAVE, "MS_SLAVE" },
	{ "shared", MS_SHARED, "MS_SHARED" },
	{ "unchanged", 0, NULL },
};

#define N_PROPAGATIONS (sizeof propagations / sizeof propagations[0])

int mountns_propagation_by_name(const char *name, unsigned long *propagation)
{
	for (size_t i = 0; i < N_PROPAGATIONS; i++) {
		if (!strcmp(name, propagations[i].name)) {
			*propagation = propagations[i].flag;
			return 0;
		}
	}
	return diag_set(0, "use private, slave, shared or unchanged", "unknown propagation '%s'", name);
}

int mountns_set_propagation(unsigned long propagation)
{
	const char *mode = NULL;

	if (!propagation)
		return 0;
	for (size_t i = 0; i < N_PROPAGATIONS; i++)
		if (propagations[i].flag == propagation)
			mode = propagations[i].flag_name;
	if (!mode)
		return diag_set(EINVAL, "use MS_PRIVATE, MS_SLAVE or MS_SHARED", "propagation %#lx", propagation);
	explain("mount(NULL, \"/\", NULL, MS_REC|%s)", mode);
	if (mount(NULL, "/", NULL, MS_REC | propagation, NULL) < 0)
		return diag_set(errno, errno == EINVAL ? "/ is not a mount point here (inside a chroot?)" : NULL,
				"make every mount under / %s", propagation == MS_PRIVATE ? "private" :
				propagation == MS_SLAVE ? "a slave" : "shared");
	return 0;
}

int mountns_mount_proc(const char *dir)
{
	explain("mount(\"proc\", \"%s\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC)", dir);
	if (mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return diag_set(errno, errno == EPERM ?
				"a user namespace may mount proc only for a PID namespace it owns: add -p" : NULL,
				"mount proc on %s", dir);
	return 0;
}

pid_t mountns_sharer(void)
{
	struct stat self, st;
	struct dirent *d;
	pid_t found = 0;

	char me[32];
	ssize_t n = readlink("/proc/self", me, sizeof me - 1);
	DIR *proc = opendir("/proc");
	/* Our PID as this /proc counts them, which is not getpid() when it
	 * belongs to an ancestor PID namespace (ns-clone -p without a fresh /proc). */
	if (n <= 0 || !proc || stat("/proc/self/ns/mnt", &self) < 0) {
		if (proc)
			closedir(proc);
		return -1;
	}
	while (!found && (d = readdir(proc))) {
		char path[300];
		pid_t pid = (pid_t)atoi(d->d_name);
		me[n] = '\0';
		if (pid <= 0 || !strcmp(d->d_name, me))
			continue;
		snprintf(path, sizeof path, "%s/ns/mnt", d->d_name);
		/* A process we may not inspect (EACCES) cannot be counted;
		 * kthreadd and the caller's shell can, which is enough. */
		if (fstatat(dirfd(proc), path, &st, 0) == 0 && st.st_ino == self.st_ino && st.st_dev == self.st_dev)
			found = pid;
	}
	closedir(proc);
	return found;
}

int mountns_own(void)
{
	pid_t sharer = mountns_sharer();
	if (sharer == 0)
		return 0;
	if (sharer > 0)
		explain("unshare(CLONE_NEWNS)  (PID %d shares this mount namespace: keep our mounts from it)", (int)sharer);
	else
		explain("unshare(CLONE_NEWNS)  (/proc cannot tell who shares this mount namespace)");
	if (unshare(CLONE_NEWNS) < 0)
		return diag_set(errno, errno == EPERM ? "a mount namespace needs CAP_SYS_ADMIN: run as root, or under ns-clone -Ur -m" : NULL,
				"unshare(CLONE_NEWNS)");
	return 0;
}
