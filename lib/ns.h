/* ns — the namespace table, and the nsfs file operations built on it.
 *
 * One table describes the eight namespace types: their /proc/PID/ns names,
 * CLONE_NEW* flags and command-line letters. Every tool reads this table,
 * so adding a type is one row (as util-linux's nsenter does it).
 *
 * The table's order is the order in which setns(2) must join them: user
 * first (joining it grants the capabilities needed for the rest), mnt after
 * the others (joining it changes what paths mean), time last.
 */
#ifndef CTRKIT_NS_H
#define CTRKIT_NS_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Linux 5.6; older C libraries' <sched.h> do not name it. */
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct ns_type {
	const char *name;      /* as in /proc/PID/ns: "mnt", "net", ... */
	const char *long_name; /* as unshare(1)/nsenter(1) spell the flag */
	int flag;              /* CLONE_NEW* */
	char letter;           /* short option: -m -u -i -n -p -U -C -T */
	const char *what;      /* what it isolates, for --help and lessons */
};

#define NS_TYPE_COUNT 8
extern const struct ns_type ns_types[NS_TYPE_COUNT];

/* Look a type up by "mnt" or "mount", by CLONE_NEW* flag, by letter. */
const struct ns_type *ns_type_by_name(const char *name);
const struct ns_type *ns_type_by_flag(int flag);
const struct ns_type *ns_type_by_letter(char letter);

/* Decode clone/unshare flags for --explain: "CLONE_NEWUSER|CLONE_NEWPID",
 * plus the exit signal in the low byte when there is one ("|SIGCHLD"). */
const char *ns_flags_str(unsigned long flags, char *buf, size_t len);

/* The nsfs ioctls (ioctl_ns(2)), on an open namespace file. Each returns -1
 * with a diagnostic on failure. */
int ns_fd_type(int fd);          /* NS_GET_NSTYPE: a CLONE_NEW* flag */
int ns_fd_owner(int fd);         /* NS_GET_USERNS: fd of the owning user ns */
int ns_fd_parent(int fd);        /* NS_GET_PARENT: fd of the parent (pid, user) */
int ns_fd_owner_uid(int fd, uid_t *uid); /* NS_GET_OWNER_UID (user ns only) */

/* Open a namespace file and check it is of type T (when T is not NULL):
 * a path given by the user may be anything. */
int ns_open(const char *path, const struct ns_type *t);

/* Bind-mount /proc/PID/ns/NAME onto DIR/NAME, creating the file, so the
 * namespace outlives its processes (as `ip netns add` does). */
int ns_persist(pid_t pid, const struct ns_type *t, const char *dir);

/* Undo ns_persist: unmount DIR/NAME and remove the file. */
int ns_unpersist(const struct ns_type *t, const char *dir);

/* ns_persist for each type in FLAGS (CLONE_NEW*), all or nothing: after a
 * failure, what was bound is unbound again. */
int ns_persist_all(pid_t pid, int flags, const char *dir);

/* Why clone(2) or unshare(2) refused, with ERR, to create the namespaces
 * in FLAGS: a hint for the diagnostic (which sysctl disables them, which
 * capability is missing), or NULL. */
const char *ns_create_hint(int err, int flags);

#endif
