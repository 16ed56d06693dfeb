/* layerapplier — the state of one layer_apply and the functions its files
 * share: layer.c reads the tar, layerentry.c makes each entry, layerroot.c
 * resolves its path inside the root, layermeta.c sets its owner, mode,
 * times and xattrs, layerwhiteout.c applies whiteouts. Private to them:
 * the interface is layer.h.
 *
 * Only layerentry.c, layermeta.c and layer.c call libarchive; the others
 * see an entry only as a path.
 */
#ifndef CTRKIT_LAYERAPPLIER_H
#define CTRKIT_LAYERAPPLIER_H

#include "layer.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define HOSTILE_HINT "the layer is hostile or broken: do not use this image"
#define CORRUPT_HINT "the blob is corrupt or truncated: fetch the image again"

struct archive;
struct archive_entry;

/* ---- a set of the paths this layer made (for whiteouts and opaque dirs) ---- */

struct pathset {
	char **slots;
	size_t cap, count;
};

/* ---- the applier's state ---- */

struct dirtime {
	char *path;
	struct timespec times[2];
};

struct applier {
	int root;
	const struct layer_options *o;
	const char *what;
	struct layer_result *r;
	struct pathset made;
	char parent[PATH_MAX]; /* the cached parent directory, and its O_PATH fd */
	int parent_fd;
	struct dirtime *dirs;  /* directories' times, set when the layer is done */
	const bool *stream_eof; /* the uncompressed stream has ended */
	size_t ndirs, dircap;
};

/* layerentry.c */
int entry_error(struct applier *ap, int err, const char *hint, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int apply_entry(struct applier *ap, struct archive *a, struct archive_entry *e);

/* layerroot.c */
int openat2_in_root(int root, const char *path, int flags);
void forget_parent(struct applier *ap);
int clean_path(const char *name, char *out, size_t len);
int open_parent(struct applier *ap, const char *parent, bool create);
int parent_of(struct applier *ap, const char *path, const char **base, bool create);
int make_room(struct applier *ap, int pfd, const char *base, const char *path, bool keep_dir);

/* layermeta.c */
void entry_times(struct archive_entry *e, struct timespec ts[2]);
int set_owner_mode_xattrs(struct applier *ap, int fd, struct archive_entry *e, const char *path);
int set_meta_by_name(struct applier *ap, int pfd, const char *base, struct archive_entry *e,
		     const char *path, bool mode);
int set_dir_times(struct applier *ap);

/* layerwhiteout.c */
int pathset_add(struct pathset *set, const char *path);
bool pathset_has(const struct pathset *set, const char *path);
void pathset_free(struct pathset *set);
int whiteout(struct applier *ap, const char *path, const char *name);

#endif
