/* nsrows — see nsrows.h. */
#include "nsrows.h"

#include <stdint.h>
#include <stdio.h>

const struct table_column nsrows_process_columns[NSROWS_PROCESS_COLUMNS] = {
	[NSROWS_PROCESS_PID] = { "PID", TABLE_NUMBER },       [NSROWS_PROCESS_TYPE] = { "TYPE", TABLE_TEXT },
	[NSROWS_PROCESS_NS] = { "NS", TABLE_NUMBER },         [NSROWS_PROCESS_PID1] = { "PID1", TABLE_TEXT },
	[NSROWS_PROCESS_PATH] = { "PATH", TABLE_TEXT },       [NSROWS_PROCESS_OWNER] = { "OWNER", TABLE_NUMBER },
	[NSROWS_PROCESS_PARENT] = { "PARENT", TABLE_NUMBER },
};

const struct table_column nsrows_diff_columns[NSROWS_DIFF_COLUMNS] = {
	[NSROWS_DIFF_TYPE] = { "TYPE", TABLE_TEXT },  [NSROWS_DIFF_SHARED] = { "SHARED", TABLE_BOOL },
	[NSROWS_DIFF_NS_A] = { "NS_A", TABLE_NUMBER }, [NSROWS_DIFF_NS_B] = { "NS_B", TABLE_NUMBER },
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
