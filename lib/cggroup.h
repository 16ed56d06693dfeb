/* cggroup — a ctrkit group's life: create it, put a process in it, freeze
 * and thaw it, kill what is in it and remove it; in every hierarchy at once.
 *
 * Each operation checks everything it can before it changes anything, and
 * an operation that fails half-way undoes what it did: a failed create
 * leaves no directory and no subtree_control change behind.
 */
#ifndef CTRKIT_CGGROUP_H
#define CTRKIT_CGGROUP_H

#include "cgroup.h"

#include <stdbool.h>
#include <sys/types.h>

/* Make group NAME in every hierarchy, and the levels above it that are
 * missing (the "ctrkit" directory, a --parent). On v2 the controllers are
 * enabled in cgroup.subtree_control down the path; on v1 each new cpuset
 * level gets its parent's CPUs and memory nodes. An existing group is an
 * error unless EXIST_OK. Returns 1 when it existed everywhere, 0 when made,
 * -1 with a diagnostic. MISSING gets the v2 controllers that could not be
 * enabled because the caller's cgroup does not have them (for a warning). */
int cg_create(struct cg_system *s, const char *name, bool exist_ok, char *missing, size_t missing_len);

/* Does group NAME exist in every hierarchy? -1 with a diagnostic
 * ("no group web: create it with cg-create web") when it is missing from
 * any; 0 when it is there. */
int cg_check_exists(const struct cg_system *s, const char *name);

/* Move the calling process into group NAME in every hierarchy ("0", the
 * kernel's name for the writer, to cgroup.procs; in v1, to tasks when the
 * process is one thread, which skips the kernel's wait for its cgroup lock).
 * With SKIP_V2, in the v1 hierarchies only (a child cloned into the v2 group
 * with CLONE_INTO_CGROUP is there already). */
int cg_enter(const struct cg_system *s, const char *name, bool skip_v2);

/* Open group NAME's directory in the v2 hierarchy (O_PATH), for clone3's
 * CLONE_INTO_CGROUP, into *FD; *FD is -1 when there is no v2 hierarchy.
 * -1 with a diagnostic. */
int cg_open_v2(const struct cg_system *s, const char *name, int *fd);

/* Freeze (or thaw) group NAME and wait until the kernel says it is frozen
 * (thawed), at most TIMEOUT_MS. v2: cgroup.freeze, then cgroup.events;
 * v1: freezer.state, until it reads FROZEN rather than FREEZING. */
int cg_freeze(const struct cg_system *s, const char *name, bool freeze, int timeout_ms);

/* Is group NAME frozen? -1 with a diagnostic when there is no freezer. */
int cg_frozen(const struct cg_system *s, const char *name);

/* Kill every process in group NAME and its children, wait until they are
 * gone, remove the directories depth-first in every hierarchy, and the
 * "ctrkit" level when that was its last group. A missing group is an error
 * unless IGNORE_MISSING. At most TIMEOUT_MS for the processes to go. */
int cg_delete(const struct cg_system *s, const char *name, bool ignore_missing, int timeout_ms);

/* The processes directly in directory DIR (its cgroup.procs). Returns the
 * count, up to MAX stored in PIDS, or -1 with a diagnostic. */
int cg_procs(const char *dir, pid_t *pids, int max);

/* Call FN for each group below BASE (depth-first, parents first), with its
 * name relative to BASE ("web", "web/db"). Stops at FN's non-zero return. */
int cg_walk(const char *base, int (*fn)(const char *name, void *arg), void *arg);

#endif
