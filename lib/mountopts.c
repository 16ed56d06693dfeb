/* mountopts — see mountopts.h. */
#include "mountopts.h"
#include "diag.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

/* The generic options, as mount(8) names them: each sets or clears one
 * flag. */
static const struct {
	const char *name;
	unsigned long flag;
	bool set;
} generic[] = {
	{ "ro", MS_RDONLY, true },              { "rw", MS_RDONLY, false },
	{ "nosuid", MS_NOSUID, true },          { "suid", MS_NOSUID, false },
	{ "nodev", MS_NODEV, true },            { "dev", MS_NODEV, false },
	{ "noexec", MS_NOEXEC, true },          { "exec", MS_NOEXEC, false },
	{ "sync", MS_SYNCHRONOUS, true },       { "async", MS_SYNCHRONOUS, false },
	{ "dirsync", MS_DIRSYNC, true },
	{ "noatime", MS_NOATIME, true },        { "atime", MS_NOATIME, false },
	{ "nodiratime", MS_NODIRATIME, true },  { "diratime", MS_NODIRATIME, false },
	{ "relatime", MS_RELATIME, true },      { "norelatime", MS_RELATIME, false },
	{ "strictatime", MS_STRICTATIME, true }, { "nostrictatime", MS_STRICTATIME, false },
	{ "lazytime", MS_LAZYTIME, true },      { "nolazytime", MS_LAZYTIME, false },
	{ "nosymfollow", MS_NOSYMFOLLOW, true },
	{ "defaults", 0, true }, /* mount(8)'s "nothing special": the flags stay */
};

/* Propagation, which docker's --tmpfs also takes: a container's mounts are
 * private (rootfs-pivot makes them so), so private is no change, and the
 * others are refused rather than quietly not done. */
static const char *const propagations[] = { "private", "rprivate", "shared", "rshared", "slave", "rslave",
					    "unbindable", "runbindable" };

int mountopts_parse(const char *options, unsigned long *flags, char *data, size_t len)
{
	size_t used = 0;

	data[0] = '\0';
	for (const char *opt = options; *opt;) {
		size_t n = strcspn(opt, ",");
		if (n == 0)
			return diag_set(0, "write options as mount(8) does: size=64m,mode=1777,noexec",
					"mount options '%s': an empty option", options);
		bool known = false;
		for (size_t i = 0; i < sizeof propagations / sizeof propagations[0]; i++) {
			if (strlen(propagations[i]) != n || strncmp(opt, propagations[i], n))
				continue;
			if (strstr(propagations[i], "private"))
				known = true;
			else
				return diag_set(EINVAL, "a container's mounts are private: leave the propagation out",
						"mount options '%s': %s propagation is not supported", options,
						propagations[i]);
		}
		for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
			if (strlen(generic[i].name) != n || strncmp(opt, generic[i].name, n))
				continue;
			*flags = generic[i].set ? *flags | generic[i].flag : *flags & ~generic[i].flag;
			known = true;
		}
		if (!known) {
			int w = snprintf(data + used, len - used, "%s%.*s", used ? "," : "", (int)n, opt);
			if (w < 0 || (size_t)w >= len - used)
				return diag_set(E2BIG, NULL, "mount options '%s': too long", options);
			used += (size_t)w;
		}
		opt += n;
		if (*opt == ',' && !*++opt)
			return diag_set(0, "write options as mount(8) does: size=64m,mode=1777,noexec",
					"mount options '%s': an empty option", options);
	}
	return 0;
}
