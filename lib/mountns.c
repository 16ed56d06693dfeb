/* mountns — see mountns.h. */
#include "mountns.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>

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
		return diag_set(errno, NULL, "make mounts under / %s", mode + 3);
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
