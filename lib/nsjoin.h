/* nsjoin — joining the namespaces of another process, with setns(2).
 *
 * A namespace is joined through an open namespace file: a link in
 * /proc/PID/ns, or a bind mount of one (ns-clone --persist). The files are
 * all opened before the first setns(2), then joined one by one in the
 * order of the namespace table (ns.h): user first, mnt late.
 *
 *   nsjoin_open      open /proc/PID/ns/TYPE or FILE, for each type asked for
 *   nsjoin_setns     setns(2) into one of them, with a hint when refused
 *   nsjoin_fork      after a PID namespace: fork, so the command is born in it
 */
#ifndef CTRKIT_NSJOIN_H
#define CTRKIT_NSJOIN_H

#include "ns.h"

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* One namespace to join. */
struct nsjoin_file {
	bool wanted;
	const char *path;     /* FILE as given, else proc_path */
	char proc_path[64];   /* /proc/PID/ns/NAME */
	int fd;               /* open and not yet joined; else -1 */
	bool joined;          /* setns(2) done */
};

/* The namespaces to join: one slot per type, in ns_types order. */
struct nsjoin {
	struct nsjoin_file file[NS_TYPE_COUNT];
};

/* Nothing wanted, nothing open. */
void nsjoin_init(struct nsjoin *j);

/* Open the file of every wanted namespace: its FILE, or /proc/PID/ns/NAME
 * when none was given. With ALL, every namespace of PID the caller is not
 * already in is wanted too. PID is 0 when every wanted slot has a FILE.
 * Each open is traced. -1 with a diagnostic: no process PID, a type the
 * kernel lacks, a file that cannot be opened or is not a namespace of its
 * slot's type. */
int nsjoin_open(struct nsjoin *j, pid_t pid, bool all);

/* True when a namespace of type FLAG (CLONE_NEW*) is open, to be joined. */
bool nsjoin_will_join(const struct nsjoin *j, int flag);

/* setns(2) into the open namespace of type T, traced; its file is closed
 * once joined. -1 with a diagnostic whose hint says why the kernel
 * refused: a missing capability, a user namespace already ours, threads. */
int nsjoin_setns(struct nsjoin *j, const struct ns_type *t);

/* The PID namespace is the one setns(2) does not move the caller into: its
 * own PID cannot change, so only the children it makes from now on are
 * born in it (/proc/self/ns/pid_for_children). Fork, with the signals
 * supervise_wait() forwards blocked (the old mask goes to OLD_MASK, for
 * the child to restore before exec). Returns the child's PID in the
 * parent, 0 in the child, -1 with a diagnostic. With --explain the child
 * waits until the parent has traced the fork, so the trace reads in order. */
pid_t nsjoin_fork(sigset_t *old_mask);

/* Close every namespace file still open. */
void nsjoin_close(struct nsjoin *j);

#endif
