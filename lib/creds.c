/* creds — see creds.h. */
#include "creds.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <stdarg.h>
#include <grp.h>
#include <unistd.h>

void creds_drop_groups_early(struct creds *c)
{
	explain("setgroups(0, NULL)");
	if (setgroups(0, NULL) == 0)
		c->groups_may_stay = true;
}

/* The failure of the call CALL_FMT names (its errno ERR): WHY, the
 * kernel's reason (NULL when errno says it all), then the caller's fix. */
static int refused(const struct creds *c, int err, const char *why, const char *call_fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int refused(const struct creds *c, int err, const char *why, const char *call_fmt, ...)
{
	va_list ap;

	va_start(ap, call_fmt);
	diag_vset(err, NULL, call_fmt, ap);
	va_end(ap);
	if (why || c->fix)
		diag_hint("%s%s%s", why ? why : "", why && c->fix ? "; " : "", c->fix ? c->fix : "");
	return -1;
}

int creds_set(const struct creds *c)
{
	if (c->set_gid) {
		explain("setgroups(0, NULL)");
		if (setgroups(0, NULL) < 0 && !c->groups_may_stay)
			return refused(c, errno, errno == EPERM ? "dropping supplementary groups needs CAP_SETGID; in "
				       "a user namespace, also that its /proc/PID/setgroups says allow" : NULL,
				       "setgroups(0, NULL)");
		explain("setgid(%lu)", (unsigned long)c->gid);
		if (setgid(c->gid) < 0)
			return refused(c, errno, errno == EINVAL ? "the group ID is not mapped in this user namespace "
				       "(see its /proc/PID/gid_map)" : errno == EPERM ? "changing the group ID needs "
				       "CAP_SETGID" : NULL, "setgid(%lu)", (unsigned long)c->gid);
	}
	if (c->set_uid) {
		explain("setuid(%lu)", (unsigned long)c->uid);
		if (setuid(c->uid) < 0)
			return refused(c, errno, errno == EINVAL ? "the user ID is not mapped in this user namespace "
				       "(see its /proc/PID/uid_map)" : errno == EPERM ? "changing the user ID needs "
				       "CAP_SETUID" : NULL, "setuid(%lu)", (unsigned long)c->uid);
	}
	return 0;
}
