/* mountns — a new mount namespace, set up from inside: one of one's own
 * when the caller shares its namespace, how its mounts propagate, and a
 * proc of its own (mount_namespaces(7), proc(5)).
 *
 * A new mount namespace starts as a copy of its parent's, with the same
 * propagation: where the host's / is shared (systemd makes it so), a mount
 * made inside would appear outside, and one made outside inside. So the
 * first thing done in one is to choose, for every mount under /:
 *
 *   private    nothing passes either way (the default of container runtimes)
 *   slave      mounts made outside still appear inside, none go out
 *   shared     both ways, as before
 *
 * A proc filesystem shows the processes of the PID namespace of whoever
 * mounted it: after a new PID namespace, ps(1) needs a new /proc.
 *
 * A tool that mounts without having been cloned into a new namespace
 * (rootfs-pivot) must not mount in one it shares with the host or with the
 * shell that started it: mounts, and pivot_root(2), change the namespace
 * for every process in it. So it makes one of its own (unshare(2)
 * CLONE_NEWNS), unless it is alone in its namespace already (as under
 * ns-clone -m), where it stays, so that ns-clone --persist and ns-enter -m
 * see the container's mounts. "Alone" is asked of /proc: two processes
 * share a mount namespace when their /proc/PID/ns/mnt files are the same
 * inode on the same device.
 */
#ifndef CTRKIT_MOUNTNS_H
#define CTRKIT_MOUNTNS_H

#include <sys/types.h>

/* A propagation by the name mount(8) gives it: "private", "slave",
 * "shared" (MS_PRIVATE, MS_SLAVE, MS_SHARED), or "unchanged" (0). -1 with
 * a diagnostic for any other name. */
int mountns_propagation_by_name(const char *name, unsigned long *propagation);

/* mount(NULL, "/", NULL, MS_REC|PROPAGATION): set the propagation of every
 * mount of the caller's mount namespace; 0 leaves it unchanged. */
int mountns_set_propagation(unsigned long propagation);

/* Mount a new proc on DIR, nosuid, nodev and noexec. */
int mountns_mount_proc(const char *dir);

/* The first other process found in the caller's mount namespace, 0 when
 * there is none, -1 when /proc cannot tell. A process the caller may not
 * inspect is not counted. */
pid_t mountns_sharer(void);

/* unshare(CLONE_NEWNS) unless the caller is alone in its mount namespace
 * (when /proc cannot tell, it is taken not to be). The new namespace is a
 * copy, with the old one's propagation: make its mounts private before
 * mounting. -1 with a diagnostic. */
int mountns_own(void);

#endif
