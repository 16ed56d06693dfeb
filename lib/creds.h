/* creds — the user and group IDs a process runs as (credentials(7)):
 * setgroups(2), setgid(2), setuid(2), traced, in that order.
 *
 * The order matters: setgid(2) and setgroups(2) need CAP_SETGID, which
 * setuid(2) away from root gives up. In a user namespace an ID must be
 * mapped there (its uid_map, gid_map) to be taken, and setgroups(2) may be
 * denied altogether (its /proc/PID/setgroups), as in one made by an
 * unprivileged user (user_namespaces(7)).
 *
 *   ns-clone --setuid 0 --setgid 0     inside the user namespace it made
 *   ns-enter -U                        after joining one (root there)
 */
#ifndef CTRKIT_CREDS_H
#define CTRKIT_CREDS_H

#include <stdbool.h>
#include <sys/types.h>

/* The IDs to take: each only when its set_ flag is on. */
struct creds {
	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;
	/* A refused setgroups(2) is no failure: the groups were dropped
	 * before (creds_drop_groups_early), or the caller accepts keeping
	 * them where the user namespace denies it (they show as nobody). */
	bool groups_may_stay;
	/* What the caller's user can do when an ID is refused, added to the
	 * hint: "give -G with a mapped one, or --preserve-credentials".
	 * NULL when there is nothing more to say. */
	const char *fix;
};

/* Drop the supplementary groups now, before joining a user namespace
 * where setgroups(2) may be denied: once inside, they could no longer be
 * dropped. When that worked, creds_set() may find setgroups refused. */
void creds_drop_groups_early(struct creds *c);

/* With a GID: drop the supplementary groups and setgid(2). Then, with a
 * UID, setuid(2). -1 with a diagnostic whose hint names what is missing
 * (a capability, a mapping), then C's fix. */
int creds_set(const struct creds *c);

#endif
