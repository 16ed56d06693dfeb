/* idmap — user namespace ID maps (user_namespaces(7)).
 *
 * A map says which IDs inside a user namespace stand for which IDs outside:
 * "0 1000 1" makes root inside be user 1000 outside. The kernel takes the
 * map once, written whole to /proc/PID/uid_map (or gid_map) by a process
 * outside the namespace, and never again.
 */
#ifndef CTRKIT_IDMAP_H
#define CTRKIT_IDMAP_H

#include <stdbool.h>
#include <sys/types.h>

/* The kernel accepts at most 340 lines per map since Linux 4.15. */
#define IDMAP_MAX_RANGES 340

struct idmap_range {
	unsigned long inside;  /* first ID inside the namespace */
	unsigned long outside; /* the ID it stands for outside */
	unsigned long count;   /* how many consecutive IDs */
};

struct idmap {
	struct idmap_range ranges[IDMAP_MAX_RANGES];
	int n;
};

/* Add a range written as INSIDE:OUTSIDE:COUNT (the order of the kernel's
 * own file, and of podman's --uidmap). Checks numbers, overflow and overlap
 * with the ranges already there. -1 with a diagnostic on bad input. */
int idmap_add_spec(struct idmap *m, const char *spec);

/* Add one range directly (same checks). */
int idmap_add(struct idmap *m, unsigned long inside, unsigned long outside, unsigned long count);

/* The map as the kernel's file wants it: one "inside outside count" line
 * per range. Returns -1 if BUF is too small. */
int idmap_format(const struct idmap *m, char *buf, size_t len);

/* True when the map maps exactly one ID, ID, outside: what an unprivileged
 * process may write for itself without a setuid helper. */
bool idmap_is_only(const struct idmap *m, unsigned long id);

/* Write the map of PID. WHICH is "uid_map" or "gid_map". An unprivileged
 * caller whose map is more than its own ID goes through the setuid helper
 * newuidmap(1)/newgidmap(1), which checks /etc/subuid and /etc/subgid. */
int idmap_write(pid_t pid, const char *which, const struct idmap *m);

/* True when the calling process is in a user namespace other than the
 * initial one: the initial namespace's uid_map alone maps all 4294967295
 * IDs onto themselves. False when /proc/self/uid_map cannot be read. */
bool idmap_in_user_namespace(void);

#endif
