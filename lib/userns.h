/* userns — a new user namespace, set up from both sides
 * (user_namespaces(7)).
 *
 * A process cloned into a new user namespace has no ID there yet: it runs
 * as the overflow user (nobody) until a process outside writes its maps
 * (lib/idmap), each once, in the order the kernel requires: uid_map, then
 * setgroups, then gid_map. Inside, it may then become any mapped ID.
 *
 *   outside:  userns_write_maps(pid, &uid_map, &gid_map, NULL)
 *               write /proc/PID/uid_map "0 1000 1"
 *               write /proc/PID/setgroups "deny"      (unprivileged only)
 *               write /proc/PID/gid_map "0 1000 1"
 *   inside:   creds_set (lib/creds): setgroups(0, NULL), setgid(0), setuid(0)
 */
#ifndef CTRKIT_USERNS_H
#define CTRKIT_USERNS_H

#include "idmap.h"

#include <sys/types.h>

/* Write the maps of PID's user namespace: UID_MAP and GID_MAP (either may
 * be empty: not written) and SETGROUPS ("allow", "deny", or NULL for the
 * kernel's rule: denied when an unprivileged caller maps its own group).
 * -1 with a diagnostic. */
int userns_write_maps(pid_t pid, const struct idmap *uid_map, const struct idmap *gid_map,
		      const char *setgroups);

#endif
