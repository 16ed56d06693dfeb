/* nsscanmount — the namespaces bind mounts keep, for nsscan_machine (see
 * nsscan.h): "nsfs" entries in the mountinfo of each mount namespace. */
#include "nsscanner.h"
#include "diag.h"
#include "explain.h"
#include "mountinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Record the nsfs mounts of one mount namespace, as seen by the process
 * whose /proc entry is WHO ("self" or a PID). A mount point is a path in
 * that process's root: from here it is reached through /proc/PID/root. */
static int scan_mounts(struct nsscan *s, int proc, const char *who)
{
	char path[64], *line = NULL;
	size_t len = 0;
	const struct ns_type *type;
	ino_t ino;
	int rc = 0;

	snprintf(path, sizeof path, "%s/mountinfo", who);
	explain("read /proc/%s", path);
	int fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return 0; /* the process exited: its mounts went with it */
	}
	while (rc == 0 && getline(&line, &len, f) > 0) {
		/* id parent major:minor root mountpoint options ... - fstype ... */
		char root[128], point[4096];
		const char *fstype = strstr(line, " - ");
		if (!fstype || strncmp(fstype + 3, "nsfs ", 5) ||
		    sscanf(line, "%*s %*s %*s %127s %4095s", root, point) != 2 ||
		    !nsscan_parse_name(root, &type, &ino))
			continue;
		mountinfo_unescape(point);
		long i = find_or_add(s, ino, type);
		if (i < 0) {
			rc = diag_set(ENOMEM, NULL, "read /proc/%s", path);
		} else if (!s->ns[i].mount) {
			char where[4200];
			if (!strcmp(who, "self"))
				snprintf(where, sizeof where, "%s", point);
			else
				snprintf(where, sizeof where, "/proc/%s/root%s", who, point);
			if (!(s->ns[i].mount = strdup(where)))
				rc = diag_set(ENOMEM, NULL, "read /proc/%s", path);
		}
	}
	free(line);
	fclose(f);
	return rc;
}

/* Bind mounts belong to a mount namespace. Read the caller's own first (its
 * paths work as they are), then, through one of its processes, each other
 * mount namespace the process scan found: a namespace bind-mounted inside
 * a container is kept there, not here. */
int scan_all_mounts(struct nsscan *s, int proc)
{
	ino_t own = 0;
	size_t scanned = s->count; /* those found by scan_mounts have no process */

	read_ns_link(proc, "self/ns/mnt", &own);
	if (scan_mounts(s, proc, "self") < 0)
		return -1;
	for (size_t i = 0; i < scanned; i++) {
		char who[16];
		if (s->ns[i].type->flag != CLONE_NEWNS || s->ns[i].ino == own || !s->ns[i].pid)
			continue;
		snprintf(who, sizeof who, "%d", (int)s->ns[i].pid);
		if (scan_mounts(s, proc, who) < 0)
			return -1;
	}
	return 0;
}
