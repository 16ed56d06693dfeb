/* overlay — see overlay.h. */
#include "overlay.h"
#include "diag.h"
#include "explain.h"
#include "idmap.h"
#include "mount.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

int overlay_mount(const char *lowers, const char *upper_dir, const char *target)
{
	char upper[4096], work[4096], data[8192];
	const char *dir = upper_dir ? upper_dir : target;

	if (!upper_dir && mount_path("tmpfs", target, "tmpfs", 0, "mode=755") < 0)
		return -1;
	snprintf(upper, sizeof upper, "%s/upper", dir);
	snprintf(work, sizeof work, "%s/work", dir);
	for (const char *d = upper; d; d = d == upper ? work : NULL) {
		explain("mkdir(\"%s\", 0755)", d);
		if (mkdir(d, 0755) < 0 && errno != EEXIST)
			return diag_set(errno, NULL, "mkdir %s for the overlay", d);
	}
	/* In a user namespace overlayfs keeps its metadata in user.overlay.*
	 * xattrs (trusted.* needs CAP_SYS_ADMIN in the initial namespace). */
	if (snprintf(data, sizeof data, "lowerdir=%s,upperdir=%s,workdir=%s%s", lowers, upper, work,
		     idmap_in_user_namespace() ? ",userxattr" : "") >= (int)sizeof data)
		return diag_set(ENAMETOOLONG, NULL, "overlay options");
	if (mount_path("overlay", target, "overlay", 0, data) < 0) {
		if (diag_errno() == EINVAL)
			diag_hint("each LOWER and the upper directory must exist, and the upper and work dirs be on one filesystem that is not overlayfs (see dmesg)");
		return -1;
	}
	return 0;
}
