/* username — the name to show for a user ID, as ps(1) and lsns(8) show the
 * owner of a process: the host's user database, through NSS (getpwuid(3)).
 *
 * For reports about the host only. NSS may load the libraries that
 * /etc/nsswitch.conf names (LDAP, systemd's dynamic users), which is why the
 * tools that use it are linked dynamic (see DYNAMIC_TOOLS in the Makefile),
 * and why it must never run inside a container's root, where those files
 * are the image's: there, lib/user reads /etc/passwd itself.
 *
 * A report looks up the same few IDs again and again, and each lookup may
 * read a file or ask a daemon: each ID is looked up once (the first 32 IDs
 * keep their names; past them, the last place is reused).
 */
#ifndef CTRKIT_USERNAME_H
#define CTRKIT_USERNAME_H

#include <sys/types.h>

/* UID's name, or UID as a number when the user database has none. Never
 * fails. The string is the cache's: copy it before the next call. */
const char *username_of(uid_t uid);

#endif
