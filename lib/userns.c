/* userns — see userns.h. */
#include "userns.h"
#include "diag.h"
#include "explain.h"
#include "kfile.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <unistd.h>

int userns_write_maps(pid_t pid, const struct idmap *uid_map, const struct idmap *gid_map,
		      const char *setgroups)
{
	char path[64];

	/* An unprivileged process may write a gid map only after denying
	 * setgroups(2), or it could drop supplementary groups that deny it
	 * access (CVE-2014-8989). Root may leave it allowed. */
	if (!setgroups && geteuid() != 0 && idmap_is_only(gid_map, getegid()))
		setgroups = "deny";
	if (uid_map->n && idmap_write(pid, "uid_map", uid_map) < 0)
		return -1;
	if (setgroups) {
		snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
		if (kfile_write(path, setgroups) < 0)
			return -1;
	}
	if (gid_map->n && idmap_write(pid, "gid_map", gid_map) < 0)
		return -1;
	return 0;
}
