/* idmapmount — a host directory mounted in a new mount namespace, seen
 * through the new user namespace's maps (mount_setattr(2),
 * MOUNT_ATTR_IDMAP).
 *
 * An idmapped mount shows each file's owner as the user namespace maps
 * it: with the map 0:100000:65536, a file owned by 0 on disk is owned by
 * 0 inside (100000 outside), though nothing on disk changes. It is made
 * across a clone, in three steps, each by the only process that can:
 *
 *   before the clone, the parent:  open_tree(SRC, OPEN_TREE_CLONE)
 *       a detached copy of the mount, as a descriptor the child inherits
 *   once the child's maps are written, the parent:  mount_setattr(IDMAP)
 *       this needs CAP_SYS_ADMIN where the filesystem was mounted (the
 *       host's user namespace), and the maps written, which the mount
 *       takes from the namespace; the child's descriptor is the same
 *       mount, so it sees the change
 *   in its own mount namespace, the child:  move_mount onto DST
 *       attached there, the mount is the child's: overlayfs in its user
 *       namespace then takes it as a layer, which it refuses while the
 *       mount is detached, in the host's keeping
 */
#ifndef CTRKIT_IDMAPMOUNT_H
#define CTRKIT_IDMAPMOUNT_H

#include <sys/types.h>

struct idmap_mount {
	char *src;  /* the host's directory */
	char *dst;  /* where it goes in the new mount namespace */
	int fd;     /* the detached copy of SRC; -1 until opened */
};

/* Before the clone: open a detached copy of each SRC (read-only and
 * idmapped later). -1 with a diagnostic, none left open. */
int idmap_mounts_open(struct idmap_mount *mounts, int n);

/* In the parent, once PID's maps are written: make each copy idmapped
 * through PID's user namespace, and read-only; then close the parent's
 * descriptors (PID keeps its own). -1 with a diagnostic. */
int idmap_mounts_map(struct idmap_mount *mounts, int n, pid_t pid);

/* In the child, in its own mount namespace: attach each copy on its DST,
 * and close its descriptor. -1 with a diagnostic. */
int idmap_mounts_attach(const struct idmap_mount *mounts, int n);

#endif
