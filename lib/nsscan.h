/* nsscan — find namespaces: one process's, or every one on the machine.
 *
 * A namespace is known by the inode number of its file on the nsfs
 * filesystem: `readlink /proc/PID/ns/net` says net:[4026531840]. Two
 * processes are in the same namespace exactly when those numbers match.
 *
 * A namespace lives as long as something holds it (namespaces(7)):
 *   - a process in it                  /proc/PID/ns/TYPE
 *   - a bind mount of its file         "nsfs" in /proc/PID/mountinfo
 *   - an open file descriptor for it   /proc/PID/fd/N -> net:[...]
 *   - a child namespace (pid, user), or a namespace it owns (user):
 *     found with the NS_GET_PARENT and NS_GET_USERNS ioctls (ioctl_ns(2))
 * nsscan_machine() looks in all four places. lsns(8) 2.38 looks only at
 * processes, so it misses a namespace kept by `ip netns add` or by a
 * runtime holding its file open.
 *
 * Speed: one readlinkat(2) per namespace file, relative to an open /proc,
 * and the ioctls once per namespace, not once per process.
 */
#ifndef CTRKIT_NSSCAN_H
#define CTRKIT_NSSCAN_H

#include "ns.h"

#include <stdbool.h>
#include <sys/types.h>

/* One entry of /proc/PID/ns: the eight types in table order, then
 * pid_for_children and time_for_children, the namespaces the process's next
 * children will be in (they differ after unshare(CLONE_NEWPID)). */
struct nsscan_link {
	const char *file;           /* "net", "pid_for_children" */
	const struct ns_type *type;
	ino_t ino;                  /* 0 when it could not be read */
	int err;                    /* then, why */
};

#define NSSCAN_LINKS (NS_TYPE_COUNT + 2)

struct nsscan_process {
	pid_t pid;
	struct nsscan_link links[NSSCAN_LINKS];
};

/* Read /proc/PID/ns (PID 0: the calling process, /proc/self). -1 with a
 * diagnostic when the process does not exist or none of its namespaces can
 * be read. */
int nsscan_process(pid_t pid, struct nsscan_process *p);

/* The process whose namespaces others are compared with: PID 1; when PID
 * 1's cannot be read (an init with capabilities the caller lacks), kthreadd
 * (PID 2, when it is a kernel thread), which the kernel keeps in the initial
 * namespaces. -1 with a diagnostic when neither can be read. */
int nsscan_reference(struct nsscan_process *p);

/* The owning user namespace (NS_GET_USERNS) and, for pid and user
 * namespaces, the parent (NS_GET_PARENT) of the namespace in file PATH.
 * 0 for one that is hidden or does not exist (the initial namespaces have
 * no parent). -1 with a diagnostic when PATH cannot be opened. */
int nsscan_relatives(const char *path, const struct ns_type *t, ino_t *owner, ino_t *parent);

/* Every namespace found on the machine. */
struct nsscan_ns {
	ino_t ino;
	const struct ns_type *type;
	unsigned nprocs;     /* processes in it (thread group leaders, as lsns) */
	pid_t pid;           /* the lowest of them; 0 when there is none */
	uid_t uid;           /* that process's owner */
	char *command;       /* its command line; a kernel thread's [name] */
	char *mount;         /* a bind mount that keeps it, as a path from here */
	pid_t fd_pid;        /* a process holding it open, at fd_pid's FD */
	int fd;
	ino_t owner;         /* owning user namespace; 0 when unknown */
	ino_t parent;        /* parent pid or user namespace; 0 at the root */
	bool related;        /* owner and parent have been looked up */
};

struct nsscan {
	struct nsscan_ns *ns; /* sorted by inode once the scan is done */
	size_t count, capacity;
	size_t *index;        /* inode hash, used during the scan */
	size_t index_size;
	unsigned processes, gone, hidden, descriptors; /* for --explain */
};

enum {
	NSSCAN_EXPLAIN_EACH_IOCTL = 1 << 0, /* trace every ioctl, not a summary */
};

/* Fill S with every namespace: -1 with a diagnostic only when /proc cannot
 * be read. Processes that exit during the scan are skipped: that race is
 * normal on a live machine. */
int nsscan_machine(struct nsscan *s, unsigned flags);

/* A namespace by inode, or NULL. */
const struct nsscan_ns *nsscan_find(const struct nsscan *s, ino_t ino);

void nsscan_free(struct nsscan *s);

/* Parse "net:[4026531840]", as readlink and mountinfo show a namespace. */
bool nsscan_parse_name(const char *s, const struct ns_type **type, ino_t *ino);

#endif
