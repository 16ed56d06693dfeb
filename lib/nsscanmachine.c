/* nsscanmachine — every namespace on the machine, see nsscan.h: the
 * table of those found, indexed by inode while the scan runs, and the
 * scan itself, in order: processes (nsscanproc.c), bind mounts
 * (nsscanmount.c), parents and owners (nsscanrelate.c). */
#include "nsscanner.h"
#include "diag.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>

static size_t hash_slot(const struct nsscan *s, ino_t ino)
{
	return (size_t)(ino * 0x9e3779b97f4a7c15ULL) & (s->index_size - 1);
}

static int rebuild_index(struct nsscan *s)
{
	size_t size = s->index_size ? s->index_size * 2 : 256;
	size_t *index = calloc(size, sizeof *index);

	if (!index)
		return -1;
	free(s->index);
	s->index = index;
	s->index_size = size;
	for (size_t i = 0; i < s->count; i++) {
		size_t h = hash_slot(s, s->ns[i].ino);
		while (s->index[h])
			h = (h + 1) & (size - 1);
		s->index[h] = i + 1; /* 0 marks an empty slot */
	}
	return 0;
}

static long find_index(const struct nsscan *s, ino_t ino)
{
	if (!s->index_size)
		return -1;
	for (size_t h = hash_slot(s, ino); s->index[h]; h = (h + 1) & (s->index_size - 1))
		if (s->ns[s->index[h] - 1].ino == ino)
			return (long)s->index[h] - 1;
	return -1;
}

/* The namespace INO, added (held by nothing yet) if new; -1 on ENOMEM. */
long find_or_add(struct nsscan *s, ino_t ino, const struct ns_type *type)
{
	long i = find_index(s, ino);
	if (i >= 0)
		return i;
	if (s->count == s->capacity) {
		size_t capacity = s->capacity ? s->capacity * 2 : 64;
		struct nsscan_ns *ns = realloc(s->ns, capacity * sizeof *ns);
		if (!ns)
			return -1;
		s->ns = ns;
		s->capacity = capacity;
	}
	if ((s->count + 1) * 2 > s->index_size && rebuild_index(s) < 0)
		return -1;
	s->ns[s->count] = (struct nsscan_ns){ .ino = ino, .type = type, .fd = -1 };
	size_t h = hash_slot(s, ino);
	while (s->index[h])
		h = (h + 1) & (s->index_size - 1);
	s->index[h] = ++s->count;
	return (long)s->count - 1;
}

static int by_inode(const void *a, const void *b)
{
	ino_t x = ((const struct nsscan_ns *)a)->ino, y = ((const struct nsscan_ns *)b)->ino;
	return x < y ? -1 : x > y;
}

int nsscan_machine(struct nsscan *s, unsigned flags)
{
	int rc;

	*s = (struct nsscan){ 0 };
	DIR *proc = opendir("/proc");
	if (!proc)
		return diag_set(errno, "is /proc mounted? (mount -t proc proc /proc)", "open /proc");
	rc = scan_processes(s, proc);
	if (rc == 0)
		rc = scan_all_mounts(s, dirfd(proc));
	if (rc == 0)
		rc = relate_all(s, dirfd(proc), flags & NSSCAN_EXPLAIN_EACH_IOCTL);
	closedir(proc);
	/* The hash served the scan; lookups after it use the sorted array. */
	free(s->index);
	s->index = NULL;
	s->index_size = 0;
	if (s->count)
		qsort(s->ns, s->count, sizeof *s->ns, by_inode);
	return rc;
}

const struct nsscan_ns *nsscan_find(const struct nsscan *s, ino_t ino)
{
	struct nsscan_ns key = { .ino = ino };
	return s->count ? bsearch(&key, s->ns, s->count, sizeof *s->ns, by_inode) : NULL;
}

void nsscan_free(struct nsscan *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->ns[i].command);
		free(s->ns[i].mount);
	}
	free(s->ns);
	free(s->index);
	*s = (struct nsscan){ 0 };
}
