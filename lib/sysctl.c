/* sysctl — see sysctl.h. */
#include "sysctl.h"
#include "diag.h"
#include "kfile.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

/* Docker's list (moby opts.ValidateSysctl): the IPC namespace's settings,
 * by name and by prefix; every net.* is the network namespace's. */
static const char *const ipc_names[] = {
	"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
	"kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
};

int sysctl_namespace(const char *name)
{
	if (!strncmp(name, "net.", 4) && name[4])
		return CLONE_NEWNET;
	if (!strncmp(name, "fs.mqueue.", 10) && name[10])
		return CLONE_NEWIPC;
	for (size_t i = 0; i < sizeof ipc_names / sizeof ipc_names[0]; i++)
		if (!strcmp(name, ipc_names[i]))
			return CLONE_NEWIPC;
	if (!strcmp(name, "kernel.hostname") || !strcmp(name, "kernel.domainname"))
		return CLONE_NEWUTS;
	return 0;
}

int sysctl_write(const char *name, const char *value)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof path, "/proc/sys/%s", name) >= sizeof path || strstr(name, ".."))
		return diag_set(EINVAL, NULL, "sysctl %s: not a setting's name", name);
	/* net.ipv4.conf.eth0.rp_filter: the dots are the directories. */
	for (char *c = path + strlen("/proc/sys/"); *c; c++)
		if (*c == '.')
			*c = '/';
	if (kfile_write(path, value) < 0) {
		if (diag_errno() == ENOENT)
			diag_hint("this kernel has no such setting (sysctl -a lists them)");
		return -1;
	}
	return 0;
}
