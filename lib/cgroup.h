/* cgroup — the cgroup hierarchies of this machine, and where ctrkit's groups
 * live in each of them, whichever cgroup version is mounted.
 *
 * cgroup v1 mounts one hierarchy per controller (or per set of them:
 * "cpu,cpuacct"), each with its own tree of directories; cgroup v2 mounts
 * one unified tree for every controller. A host may have both (hybrid):
 * then a controller is in the v2 tree only when no v1 hierarchy has it
 * bound. ctrkit finds the hierarchies in /proc/self/mountinfo (filesystem
 * type "cgroup" with the controllers in its super options, or "cgroup2"),
 * never by listing /sys/fs/cgroup, where a stray directory looks like a
 * hierarchy. For each controller it uses v2 when the v2 root lists it in
 * cgroup.controllers, else the v1 hierarchy it is bound to.
 *
 * A group NAME is the directory <caller's cgroup>/ctrkit/NAME in every
 * hierarchy ctrkit uses: each v1 hierarchy with one of its controllers, and
 * the v2 tree when it has controllers or is the only tree. The caller's
 * cgroup is read per hierarchy from /proc/self/cgroup, so ctrkit stays
 * inside the subtree it was started in (a container, a systemd scope, a
 * test). --parent PATH or $CTRKIT_CGROUP_PARENT puts the groups in PATH
 * instead: an absolute PATH is a cgroup path as /proc/self/cgroup shows it,
 * a relative one is taken from the caller's cgroup.
 *
 * Names: one or more components joined by "/", each of letters, digits,
 * "_", "-" and ".", not starting with "." or "-": "web", "web/db". A name
 * can never leave the ctrkit directory ("..", a leading "/", an empty
 * component are refused). A nested group's parent group must exist first.
 */
#ifndef CTRKIT_CGROUP_H
#define CTRKIT_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The controllers ctrkit uses. */
enum cg_ctrl { CG_CPU, CG_CPUACCT, CG_CPUSET, CG_MEMORY, CG_PIDS, CG_IO, CG_FREEZER, CG_DEVICES, CG_CTRL_COUNT };

struct cg_controller {
	const char *name; /* in messages: "memory" */
	const char *v1;   /* the v1 controller, a mount option: "blkio" */
	const char *v2;   /* in v2's cgroup.controllers: "io"; NULL for none */
	bool v2_core;     /* on v2 without a controller: core files (cgroup.freeze,
			     cpu.stat), or BPF programs (devices) */
};
extern const struct cg_controller cg_controllers[CG_CTRL_COUNT];

struct cg_hierarchy {
	int version;       /* 1 or 2 */
	char *mount;       /* where it is mounted: /sys/fs/cgroup/memory */
	char *root;        /* the cgroup shown at the mount point ("/" mostly) */
	char *controllers; /* v1: those bound to it, "cpu,cpuacct"; v2: cgroup.controllers */
	unsigned serves;   /* 1 << enum cg_ctrl, for each controller ctrkit uses it for */
	bool noprefix;     /* v1 mounted with -o noprefix: "cpus", not "cpuset.cpus" */
	char *caller;      /* the caller's cgroup: a directory under mount */
	char *anchor;      /* an existing directory the groups' base is made under */
	char *base;        /* where the groups are: caller/ctrkit, or the --parent */
	bool default_base; /* base is caller/ctrkit, removed when its last group goes */
};

#define CG_MAX_HIERARCHIES 16

struct cg_system {
	struct cg_hierarchy hier[CG_MAX_HIERARCHIES]; /* the ones ctrkit uses */
	int n;
	struct cg_hierarchy *by_ctrl[CG_CTRL_COUNT];  /* NULL: not mounted */
	bool v2_mounted;                              /* a v2 tree exists, used or not */
};

/* Find the hierarchies and the caller's cgroup in each. PARENT (NULL: the
 * environment's CTRKIT_CGROUP_PARENT, else the default) says where groups
 * live. -1 with a diagnostic when /proc cannot be read or PARENT is bad. */
int cg_system_load(struct cg_system *s, const char *parent);
void cg_system_free(struct cg_system *s);

/* The hierarchy that serves controller C, or NULL with a diagnostic
 * ("the kernel has no pids controller mounted"). */
struct cg_hierarchy *cg_need(const struct cg_system *s, enum cg_ctrl c);

/* Why C is handled in its hierarchy, for --explain: "v1: memory is not in
 * the v2 tree", "v2: memory is in the unified tree". */
const char *cg_why_version(const struct cg_system *s, enum cg_ctrl c, char *buf, size_t len);

/* "v2", or "v1 cpu,cpuacct": a hierarchy's name in messages. */
const char *cg_hierarchy_label(const struct cg_hierarchy *h, char *buf, size_t len);

/* Check a group name (see above). -1 with a diagnostic saying what is wrong. */
int cg_name_check(const char *name);

/* The directory of group NAME in H, and a file in it. FILE is spelled as
 * on a normal mount ("cpuset.cpus"); -o noprefix is handled here. -1 with a
 * diagnostic when the path does not fit. */
int cg_group_dir(const struct cg_hierarchy *h, const char *name, char *buf, size_t len);
int cg_file(const struct cg_hierarchy *h, const char *dir, const char *file, char *buf, size_t len);

/* Write DATA to a cgroup file in one write(2), traced by --explain with the
 * reason WHY: + write PATH "DATA"  (WHY). -1 with a diagnostic. */
int cg_write(const char *path, const char *data, const char *why);

/* The same for undoing a change after a failure: traced, but it leaves the
 * diagnostic of that failure alone and reports nothing. */
void cg_write_undo(const char *path, const char *data);

/* Read a cgroup file, the trailing newline removed. -1 with a diagnostic. */
ssize_t cg_read(const char *path, char *buf, size_t len);

/* A number in a cgroup file: the whole file ("max" gives UINT64_MAX), or
 * with KEY the sum of every "KEY N" and "KEY=N" in it (memory.events,
 * cpu.stat, io.stat per device). -1 with a diagnostic when the file cannot
 * be read or has no such number. */
int cg_read_u64(const char *path, const char *key, uint64_t *value);

/* mkdir/rmdir, traced with WHY. -1 with a diagnostic. */
int cg_mkdir(const char *path, const char *why);
int cg_rmdir(const char *path, const char *why);

bool cg_is_dir(const char *path);

#endif
