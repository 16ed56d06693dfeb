/* nsrows — namespaces as rows of a table (lib/table): the columns that
 * describe them, as lsns(8) names them and a few of ours, filled from what
 * lib/nsscan found. Each listing has its own columns:
 *
 *   processes   a row per namespace of a process, and whether PID 1 is in
 *               it too
 *   diff        a row per type for two processes: do they share it?
 *   namespaces  a row per namespace on the machine (nsscan_machine) and what
 *               holds it, flat or as a tree under parents or owners
 *
 * The add functions take TYPES, the CLONE_NEW* flags of the types to list
 * (0 for every type), and fill only the columns the table shows: a column
 * nobody sees costs no ioctl and no user lookup.
 */
#ifndef CTRKIT_NSROWS_H
#define CTRKIT_NSROWS_H

#include "nsscan.h"
#include "table.h"

/* The processes listing's columns, for table_new. */
enum {
	NSROWS_PROCESS_PID,
	NSROWS_PROCESS_TYPE,   /* as /proc/PID/ns names the file: pid_for_children too */
	NSROWS_PROCESS_NS,     /* the inode number */
	NSROWS_PROCESS_PID1,   /* same, differs, or ? when PID 1 cannot be read */
	NSROWS_PROCESS_PATH,   /* /proc/PID/ns/TYPE */
	NSROWS_PROCESS_OWNER,  /* the owning user namespace */
	NSROWS_PROCESS_PARENT, /* the parent, for pid and user namespaces */
	NSROWS_PROCESS_COLUMNS
};
extern const struct table_column nsrows_process_columns[NSROWS_PROCESS_COLUMNS];

/* The diff listing's columns. */
enum {
	NSROWS_DIFF_TYPE,
	NSROWS_DIFF_SHARED, /* empty when either process's cannot be read */
	NSROWS_DIFF_NS_A,
	NSROWS_DIFF_NS_B,
	NSROWS_DIFF_COLUMNS
};
extern const struct table_column nsrows_diff_columns[NSROWS_DIFF_COLUMNS];

/* The namespaces listing's columns. */
enum {
	NSROWS_NAMESPACE_NS,
	NSROWS_NAMESPACE_TYPE,
	NSROWS_NAMESPACE_NPROCS,  /* processes in it; 0: something else holds it */
	NSROWS_NAMESPACE_PID,     /* the lowest of them */
	NSROWS_NAMESPACE_UID,     /* that process's */
	NSROWS_NAMESPACE_USER,    /* its name (lib/username) */
	NSROWS_NAMESPACE_COMMAND, /* its command line; a kernel thread's [name] */
	NSROWS_NAMESPACE_PATH,    /* /proc/PID/ns/TYPE, else a bind mount, else /proc/PID/fd/N */
	NSROWS_NAMESPACE_NSFS,    /* the bind mount that keeps it */
	NSROWS_NAMESPACE_OWNER,
	NSROWS_NAMESPACE_PARENT,
	NSROWS_NAMESPACE_COLUMNS
};
extern const struct table_column nsrows_namespace_columns[NSROWS_NAMESPACE_COLUMNS];

/* The rows of process PROC, one per type, in ns_types order; then
 * pid_for_children and time_for_children, only where they differ from its
 * own pid and time namespaces (after unshare(CLONE_NEWPID) the next child
 * starts in a new one). A link the kernel does not have (no time namespace
 * before Linux 5.6) makes no row. PID1 compares with REFERENCE, the process
 * nsscan_reference reads (NULL: ?). OWNER and PARENT cost the ioctls of
 * nsscan_relatives: -1 with a diagnostic when a file cannot be opened. */
int nsrows_add_process(struct table *t, const struct nsscan_process *proc, const struct nsscan_process *reference,
		       int types);

/* The rows comparing processes A and B, one per type that either of them
 * has. */
void nsrows_add_diff(struct table *t, const struct nsscan_process *a, const struct nsscan_process *b, int types);

/* A row per namespace of scan S, in its order (by inode). */
void nsrows_add_namespaces(struct table *t, const struct nsscan *s, int types);

/* Which namespace a row hangs under in nsrows_add_tree (ioctl_ns(2)). */
enum nsrows_tree {
	NSROWS_TREE_BY_PARENT, /* user and pid namespaces, the kinds that nest */
	NSROWS_TREE_BY_OWNER,  /* every kind, under the user namespace that owns it */
};

/* The rows of nsrows_add_namespaces, of the kinds TREE holds, as a tree:
 * added type by type, user first as it owns the rest, then each hung under
 * the row of its parent or owner (table_set_parent); one whose parent or
 * owner is not listed is a root. -1 with a diagnostic when memory runs
 * out. */
int nsrows_add_tree(struct table *t, const struct nsscan *s, int types, enum nsrows_tree tree);

#endif
