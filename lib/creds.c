/* creds — see creds.h. */
#include "creds.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <grp.h>
#include <unistd.h>

void creds_drop_groups_early(struct creds *c)
{
	explain("setgroups(0, NULL)");
	c->groups_dropped = setgroups(0, NULL) == 0;
}

int creds_set(const struct creds *c)
{
	if (c->set_gid) {
		explain("setgroups(0, NULL)");
		/* Fails where setgroups is denied; fine if done before joining. */
		if (setgroups(0, NULL) < 0 && !c->groups_dropped)
			return diag_set(errno, errno == EPERM ?
					"dropping supplementary groups needs CAP_SETGID; in a user namespace, "
					"also that its /proc/PID/setgroups says allow; or give --preserve-credentials" : NULL,
					"setgroups(0, NULL)");
		explain("setgid(%lu)", (unsigned long)c->gid);
		if (setgid(c->gid) < 0)
			return diag_set(errno, errno == EINVAL ?
					"the group ID is not mapped in this user namespace (see its /proc/PID/gid_map): "
					"give -G with a mapped one, or --preserve-credentials" :
					errno == EPERM ? "changing the group ID needs CAP_SETGID" : NULL,
					"setgid(%lu)", (unsigned long)c->gid);
	}
	if (c->set_uid) {
		explain("setuid(%lu)", (unsigned long)c->uid);
		if (setuid(c->uid) < 0)
			return diag_set(errno, errno == EINVAL ?
					"the user ID is not mapped in this user namespace (see its /proc/PID/uid_map): "
					"give -S with a mapped one, or --preserve-credentials" :
					errno == EPERM ? "changing the user ID needs CAP_SETUID" : NULL,
					"setuid(%lu)", (unsigned long)c->uid);
	}
	return 0;
}
