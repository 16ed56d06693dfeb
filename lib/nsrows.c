/* nsrows — see nsrows.h. */
#include "nsrows.h"
#include "diag.h"
#include "username.h"

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

const struct table_column nsrows_process_columns[NSROWS_PROCESS_COLUMNS] = {
	[NSROWS_PROCESS_PID] = { "PID", TABLE_NUMBER },
	[NSROWS_PROCESS_TYPE] = { "TYPE", TABLE_TEXT },
	[NSROWS_PROCESS_NS] = { "NS", TABLE_NUMBER },
	[NSROWS_PROCESS_PID1] = { "PID1", TABLE_TEXT },
	[NSROWS_PROCESS_PATH] = { "PATH", TABLE_TEXT },
	[NSROWS_PROCESS_OWNER] = { "OWNER", TABLE_NUMBER },
	[NSROWS_PROCESS_PARENT] = { "PARENT", TABLE_NUMBER },
};

const struct table_column nsrows_diff_columns[NSROWS_DIFF_COLUMNS] = {
	[NSROWS_DIFF_TYPE] = { "TYPE", TABLE_TEXT },
	[NSROWS_DIFF_SHARED] = { "SHARED", TABLE_BOOL },
	[NSROWS_DIFF_NS_A] = { "NS_A", TABLE_NUMBER },
	[NSROWS_DIFF_NS_B] = { "NS_B", TABLE_NUMBER },
};

const struct table_column nsrows_namespace_columns[NSROWS_NAMESPACE_COLUMNS] = {
	[NSROWS_NAMESPACE_NS] = { "NS", TABLE_NUMBER },
	[NSROWS_NAMESPACE_TYPE] = { "TYPE", TABLE_TEXT },
	[NSROWS_NAMESPACE_NPROCS] = { "NPROCS", TABLE_NUMBER },
	[NSROWS_NAMESPACE_PID] = { "PID", TABLE_NUMBER },
	[NSROWS_NAMESPACE_UID] = { "UID", TABLE_NUMBER },
	[NSROWS_NAMESPACE_USER] = { "USER", TABLE_TEXT },
	[NSROWS_NAMESPACE_COMMAND] = { "COMMAND", TABLE_TEXT },
	[NSROWS_NAMESPACE_PATH] = { "PATH", TABLE_TEXT },
	[NSROWS_NAMESPACE_NSFS] = { "NSFS", TABLE_TEXT },
	[NSROWS_NAMESPACE_OWNER] = { "OWNER", TABLE_NUMBER },
	[NSROWS_NAMESPACE_PARENT] = { "PARENT", TABLE_NUMBER },
};

static bool wanted(int types, const struct ns_type *t)
{
	return !types || (types & t->flag);
}

int nsrows_add_process(struct table *t, const struct nsscan_process *proc, const struct nsscan_process *reference,
		       int types)
{
	for (int i = 0; i < NSSCAN_LINKS; i++) {
		/* The first NS_TYPE_COUNT links are in ns_types order, so a type's
		 * index there finds the process's own namespace of that type. */
		const struct nsscan_link *l = &proc->links[i], *own = &proc->links[l->type - ns_types];
		if (!wanted(types, l->type) || l->err)
			continue; /* e.g. no time namespaces before Linux 5.6 */
		if (i >= NS_TYPE_COUNT && l->ino == own->ino)
			continue; /* *_for_children: shown only when they differ */
		int r = table_add_row(t);
		const struct nsscan_link *theirs = reference ? &reference->links[l->type - ns_types] : NULL;
		table_setf(t, r, NSROWS_PROCESS_PID, "%d", (int)proc->pid);
		table_set(t, r, NSROWS_PROCESS_TYPE, l->file);
		table_setf(t, r, NSROWS_PROCESS_NS, "%ju", (uintmax_t)l->ino);
		table_set(t, r, NSROWS_PROCESS_PID1,
			  !theirs || theirs->err ? "?" : theirs->ino == l->ino ? "same" : "differs");
		table_setf(t, r, NSROWS_PROCESS_PATH, "/proc/%d/ns/%s", (int)proc->pid, l->file);
		if (table_shows(t, NSROWS_PROCESS_OWNER) || table_shows(t, NSROWS_PROCESS_PARENT)) {
			char path[64];
			ino_t owner, parent;
			snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)proc->pid, l->file);
			if (nsscan_relatives(path, l->type, &owner, &parent) < 0)
				return -1;
			if (owner)
				table_setf(t, r, NSROWS_PROCESS_OWNER, "%ju", (uintmax_t)owner);
			if (parent)
				table_setf(t, r, NSROWS_PROCESS_PARENT, "%ju", (uintmax_t)parent);
		}
	}
	return 0;
}

void nsrows_add_diff(struct table *t, const struct nsscan_process *a, const struct nsscan_process *b, int types)
{
	for (int i = 0; i < NS_TYPE_COUNT; i++) {
		const struct nsscan_link *la = &a->links[i], *lb = &b->links[i];
		if (!wanted(types, &ns_types[i]) || (la->err && lb->err))
			continue;
		int r = table_add_row(t);
		table_set(t, r, NSROWS_DIFF_TYPE, ns_types[i].name);
		if (!la->err && !lb->err)
			table_set(t, r, NSROWS_DIFF_SHARED, la->ino == lb->ino ? "yes" : "no");
		if (!la->err)
			table_setf(t, r, NSROWS_DIFF_NS_A, "%ju", (uintmax_t)la->ino);
		if (!lb->err)
			table_setf(t, r, NSROWS_DIFF_NS_B, "%ju", (uintmax_t)lb->ino);
	}
}

static int add_namespace_row(struct table *t, const struct nsscan_ns *ns)
{
	int r = table_add_row(t);

	table_setf(t, r, NSROWS_NAMESPACE_NS, "%ju", (uintmax_t)ns->ino);
	table_set(t, r, NSROWS_NAMESPACE_TYPE, ns->type->name);
	table_setf(t, r, NSROWS_NAMESPACE_NPROCS, "%u", ns->nprocs);
	if (ns->pid) {
		table_setf(t, r, NSROWS_NAMESPACE_PID, "%d", (int)ns->pid);
		if (ns->uid != (uid_t)-1) {
			table_setf(t, r, NSROWS_NAMESPACE_UID, "%u", (unsigned)ns->uid);
			if (table_shows(t, NSROWS_NAMESPACE_USER))
				table_set(t, r, NSROWS_NAMESPACE_USER, username_of(ns->uid));
		}
		table_set(t, r, NSROWS_NAMESPACE_COMMAND, ns->command);
		table_setf(t, r, NSROWS_NAMESPACE_PATH, "/proc/%d/ns/%s", (int)ns->pid, ns->type->name);
	} else if (ns->mount) {
		table_set(t, r, NSROWS_NAMESPACE_PATH, ns->mount);
	} else if (ns->fd_pid) {
		table_setf(t, r, NSROWS_NAMESPACE_PATH, "/proc/%d/fd/%d", (int)ns->fd_pid, ns->fd);
	}
	table_set(t, r, NSROWS_NAMESPACE_NSFS, ns->mount);
	if (ns->owner)
		table_setf(t, r, NSROWS_NAMESPACE_OWNER, "%ju", (uintmax_t)ns->owner);
	if (ns->parent)
		table_setf(t, r, NSROWS_NAMESPACE_PARENT, "%ju", (uintmax_t)ns->parent);
	return r;
}

void nsrows_add_namespaces(struct table *t, const struct nsscan *s, int types)
{
	for (size_t i = 0; i < s->count; i++)
		if (wanted(types, s->ns[i].type))
			add_namespace_row(t, &s->ns[i]);
}

int nsrows_add_tree(struct table *t, const struct nsscan *s, int types, enum nsrows_tree tree)
{
	bool by_owner = tree == NSROWS_TREE_BY_OWNER;
	int *row_of = malloc(sizeof *row_of * (s->count + 1));

	if (!row_of)
		return diag_set(ENOMEM, NULL, "build the tree");
	for (size_t i = 0; i < s->count; i++)
		row_of[i] = -1;
	for (int k = 0; k < NS_TYPE_COUNT; k++) {
		const struct ns_type *type = &ns_types[k];
		bool in_tree = by_owner || type->flag == CLONE_NEWUSER || type->flag == CLONE_NEWPID;
		if (!in_tree || !wanted(types, type))
			continue;
		for (size_t i = 0; i < s->count; i++)
			if (s->ns[i].type == type)
				row_of[i] = add_namespace_row(t, &s->ns[i]);
	}
	for (size_t i = 0; i < s->count; i++) {
		const struct nsscan_ns *up = nsscan_find(s, by_owner ? s->ns[i].owner : s->ns[i].parent);
		if (row_of[i] >= 0 && up)
			table_set_parent(t, row_of[i], row_of[up - s->ns]);
	}
	free(row_of);
	return 0;
}
