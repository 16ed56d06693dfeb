/* mountns — a new mount namespace, set up from inside: how its mounts
 * propagate, and a proc of its own (mount_namespaces(7), proc(5)).
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
 */
#ifndef CTRKIT_MOUNTNS_H
#define CTRKIT_MOUNTNS_H

/* A propagation by the name mount(8) gives it: "private", "slave",
 * "shared" (MS_PRIVATE, MS_SLAVE, MS_SHARED), or "unchanged" (0). -1 with
 * a diagnostic for any other name. */
int mountns_propagation_by_name(const char *name, unsigned long *propagation);

/* mount(NULL, "/", NULL, MS_REC|PROPAGATION): set the propagation of every
 * mount of the caller's mount namespace; 0 leaves it unchanged. */
int mountns_set_propagation(unsigned long propagation);

/* Mount a new proc on DIR, nosuid, nodev and noexec. */
int mountns_mount_proc(const char *dir);

#endif
