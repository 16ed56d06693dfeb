/* user — USER[:GROUP] as Docker reads it: names looked up in the current
 * root's /etc/passwd and /etc/group, or numbers.
 *
 * The files are parsed here (fgetpwent(3) and fgetgrent(3) on a stream),
 * never through NSS (getpwnam(3)): NSS may load libraries named in the
 * root's /etc/nsswitch.conf, and after pivot_root(2) that root is the
 * container's, a hostile image's. For the same reason a file that is not a
 * regular file (a FIFO that never ends, a symlink to /dev/zero) is refused.
 *
 * Docker's rules (runc libcontainer/user GetExecUser):
 *   USER          a name must be in /etc/passwd; a number need not be (its
 *                 group is then 0)
 *   :GROUP        a name must be in /etc/group; a number need not be
 *   groups        without :GROUP, the supplementary groups are those that
 *                 list the user's name in /etc/group; with :GROUP, none
 */
#ifndef CTRKIT_USER_H
#define CTRKIT_USER_H

#include <stddef.h>
#include <sys/types.h>

#define USER_MAX_GROUPS 256

struct user_ids {
	uid_t uid;
	gid_t gid;
	gid_t groups[USER_MAX_GROUPS]; /* supplementary, for setgroups(2) */
	size_t ngroups;
	char name[256];                /* from /etc/passwd; "" if not there */
	char home[256];                /* its home directory; "" if not there */
};

/* Resolve SPEC ("nobody", "1000", "app:staff", "0:0") against /etc/passwd
 * and /etc/group of the current root. -1 with a diagnostic when a name is
 * not found or a file cannot be read. */
int user_resolve(const char *spec, struct user_ids *ids);

#endif
