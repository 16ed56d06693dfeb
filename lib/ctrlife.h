/* ctrlife — what the lifecycle tools do to a container: signal its PID 1,
 * wait until its monitor has recorded the end, freeze it, and remove
 * everything it had: its cgroup, what its cleanup entries name (mounts,
 * directories, its network), its state directory.
 *
 * A signal goes to the container's PID 1 only after checking that the PID
 * still belongs to the process that started at the recorded time: a PID is
 * reused once its process is gone, and kill(2) of a reused PID would hit a
 * stranger.
 */
#ifndef CTRKIT_CTRLIFE_H
#define CTRKIT_CTRLIFE_H

#include "ctrstate.h"

#include <stdbool.h>


/* kill(2) the container's PID 1 with SIG, traced. 0 also when it is gone
 * already (*GONE set true). -1 with a diagnostic. */
int ctr_signal(const struct ctr_state *st, int sig, bool *gone);

/* Wait at most TIMEOUT_MS (-1: for ever) until the record says exited.
 * ST must be unlocked (the monitor needs the lock to write the end); it is
 * re-read as it changes. 0 when exited, 1 on timeout, -1 on failure. */
int ctr_wait_exited(struct ctr_state *st, int timeout_ms);

/* Take a created container's record for the calling process, the monitor
 * that starts it: locked and read again, its status must allow "start",
 * and no other monitor may be alive holding it (EBUSY). Records our PID
 * and its start time (while we live, the container is starting; should we
 * die first, ctr_open corrects the record), PID_FILE, removed first (a
 * stale one would read as started), and LOG (NULL: none); saves and
 * unlocks. -1 with a diagnostic, the lock perhaps still held. */
int ctr_claim_start(struct ctr_state *st, const char *pid_file, const char *log);

/* Freeze or thaw the container's cgroup (lib/cggroup), waiting until the
 * kernel says it is done. Leaves the record alone. */
int ctr_freeze(const struct ctr_state *st, bool freeze);

/* docker pause (PAUSE) or unpause: check the status allows it, freeze or
 * thaw the cgroup, then record paused or running. If the record cannot be
 * written the cgroup goes back as it was: the record and the kernel agree.
 * -1 with a diagnostic. */
int ctr_pause(struct ctr_state *st, bool pause);

/* Undo what ctr-net up made for the container OWNER (its id), found by
 * that name alone, so it works whatever was killed: its published ports
 * (nftables rules whose comment names OWNER), its veth (the link whose
 * alias is "ctrkit owner=OWNER"), the network namespace file NETNS_FILE
 * (unmounted), and last its address lease, on whichever network holds
 * one: the lease is the mark that something may be left. Run in the
 * network namespace ctr-net up ran in (the host's). Missing pieces are
 * done already; 0, or -1 with a diagnostic. */
int ctr_net_down(const char *owner, const char *netns_file);

/* Remove a container that is exited or created (ST locked): kill what is
 * left in its cgroup and remove it, undo the cleanup entries (in order;
 * "net" with ctr_net_down, the container's id as the owner), then remove
 * its state directory. On a failed cleanup the directory is kept, so
 * ctr-rm can be run again once the cause is fixed. */
int ctr_remove(struct ctr_state *st);

#endif
