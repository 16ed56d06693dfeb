/* cgcreate — making a group (cg_create, see cggroup.h): its directories in
 * every hierarchy, the controllers enabled down the path on v2, a new v1
 * cpuset filled from its parent; and, when any step fails, every step
 * before it taken back. */
#include "cggroup.h"
#include "cggroupshared.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		p += strspn(p, " \n");
		size_t len = strcspn(p, " \n");
		if (len == n && !strncmp(p, word, n))
			return true;
		p += len;
	}
	return false;
}

/* --- undo: what a failed create has to take back --- */

struct undo_step {
	char path[PATH_MAX];
	char old[128]; /* a value to write back; "" for a directory to remove */
};

struct undo {
	struct undo_step step[128];
	int n;
};

static void undo_push(struct undo *u, const char *path, const char *old)
{
	if (u->n == (int)(sizeof u->step / sizeof u->step[0]))
		return;
	snprintf(u->step[u->n].path, sizeof u->step[0].path, "%s", path);
	snprintf(u->step[u->n].old, sizeof u->step[0].old, "%s", old);
	u->n++;
}

static void undo_all(struct undo *u)
{
	while (u->n > 0) {
		struct undo_step *st = &u->step[--u->n];
		if (st->old[0]) {
			cg_write_undo(st->path, st->old);
		} else {
			explain("rmdir %s  (undo)", st->path);
			rmdir(st->path);
		}
	}
}

/* --- create --- */

/* On v2, let the children of DIR use the controllers ctrkit wants: write
 * "+memory +pids ..." to DIR/cgroup.subtree_control, only for those DIR has
 * (cgroup.controllers) and has not enabled yet ("Top-down Constraint"). */
static int enable_controllers(const struct cg_system *s, const struct cg_hierarchy *h, const char *dir,
			      struct undo *u, char *missing, size_t missing_len)
{
	char path[PATH_MAX], have[512], enabled[512], why[PATH_MAX + 160];
	char names[256] = "", add[256] = "", drop[256] = "";

	if (cg_file(h, dir, "cgroup.controllers", path, sizeof path) < 0 || cg_read(path, have, sizeof have) < 0)
		return -1;
	if (cg_file(h, dir, "cgroup.subtree_control", path, sizeof path) < 0 || cg_read(path, enabled, sizeof enabled) < 0)
		return -1;
	for (int c = 0; c < CG_CTRL_COUNT; c++) {
		const char *v2 = cg_controllers[c].v2;
		/* NAMES: each v2 controller once, though two rows share one
		 * (cpu and cpuacct are both v2's "cpu"). */
		if (s->by_ctrl[c] != h || !v2 || !has_word(h->controllers, v2) || has_word(names, v2) ||
		    has_word(enabled, v2))
			continue;
		snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", *names ? " " : "", v2);
		if (!has_word(have, v2)) {
			if (missing && !has_word(missing, v2))
				snprintf(missing + strlen(missing), missing_len - strlen(missing), "%s%s",
					 *missing ? " " : "", v2);
			explain("# %s is not in %s/cgroup.controllers: its parent does not delegate it", v2, dir);
			continue;
		}
		snprintf(add + strlen(add), sizeof add - strlen(add), "%s+%s", *add ? " " : "", v2);
		snprintf(drop + strlen(drop), sizeof drop - strlen(drop), "%s-%s", *drop ? " " : "", v2);
	}
	if (!*add)
		return 0;
	snprintf(why, sizeof why, "v2: a cgroup's children get only the controllers it enables for them");
	if (cg_write(path, add, why) < 0) {
		if (diag_errno() == EBUSY)
			diag_hint("%s%s holds processes: run from a cgroup whose controllers are already delegated, "
				  "or point --parent or CTRKIT_CGROUP_PARENT at a cgroup without processes",
				  no_internal_processes, dir);
		return -1;
	}
	undo_push(u, path, drop);
	return 0;
}

/* A new v1 cpuset cgroup has empty cpuset.cpus and cpuset.mems and takes no
 * task (ENOSPC) until they are filled (cgroup-v1/cpusets.rst): copy the
 * parent's, as cgroup.clone_children would, without changing the parent. */
static int copy_cpuset(const struct cg_hierarchy *h, const char *parent, const char *dir)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	char from[PATH_MAX], to[PATH_MAX], value[4096];

	for (int i = 0; i < 2; i++) {
		if (cg_file(h, parent, files[i], from, sizeof from) < 0 || cg_file(h, dir, files[i], to, sizeof to) < 0)
			return -1;
		if (cg_read(from, value, sizeof value) < 0)
			return -1;
		if (cg_write(to, value, "v1 cpuset: a new cpuset takes no task until it has CPUs and memory nodes; "
					"copied from the parent") < 0)
			return -1;
	}
	return 0;
}

/* Create the missing directories of NAME in H, from its anchor down. */
static int create_in(const struct cg_system *s, const struct cg_hierarchy *h, const char *name, struct undo *u,
		     char *missing, size_t missing_len)
{
	char rel[PATH_MAX], dir[PATH_MAX], parent[PATH_MAX], label[64], why[256];
	size_t alen = strlen(h->anchor);
	const char *base_rel = h->base + alen + (h->base[alen] == '/');

	snprintf(rel, sizeof rel, "%s%s%s", base_rel, *base_rel ? "/" : "", name);
	snprintf(dir, sizeof dir, "%s", h->anchor);
	cg_hierarchy_label(h, label, sizeof label);
	for (char *p = rel; *p;) {
		size_t len = strcspn(p, "/");
		bool last = !p[len];
		snprintf(parent, sizeof parent, "%s", dir);
		snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/%.*s", (int)len, p);
		p += len + !last;
		if (cg_is_dir(dir))
			continue;
		if (h->version == 2 && enable_controllers(s, h, parent, u, missing, missing_len) < 0)
			return -1;
		snprintf(why, sizeof why, "%s: %s", label,
			 last ? "the group" : h->default_base ? "ctrkit's groups live here, under your own cgroup"
							      : "the parent of ctrkit's groups");
		if (cg_mkdir(dir, why) < 0) {
			if (diag_errno() == EEXIST && !last)
				continue; /* made by someone else just now */
			if (diag_errno() == EAGAIN)
				diag_hint("an ancestor's cgroup.max.descendants or cgroup.max.depth is reached");
			return -1;
		}
		undo_push(u, dir, "");
		if (h->version == 1 && (h->serves & (1u << CG_CPUSET)) && copy_cpuset(h, parent, dir) < 0)
			return -1;
	}
	return 0;
}

/* Before changing anything: how many hierarchies have the group already,
 * and is the nested group's parent there? */
static int check_create(const struct cg_system *s, const char *name, int *existing)
{
	char dir[PATH_MAX], up[PATH_MAX];
	const char *slash = strrchr(name, '/');

	*existing = 0;
	for (int i = 0; i < s->n; i++) {
		if (cg_group_dir(&s->hier[i], name, dir, sizeof dir) < 0)
			return -1;
		if (access(dir, F_OK) == 0 && !cg_is_dir(dir))
			return diag_set(EEXIST, "a cgroup interface file has that name: choose another name",
					"create group %s: %s is a file", name, dir);
		*existing += cg_is_dir(dir);
		if (slash) {
			snprintf(up, sizeof up, "%.*s", (int)(slash - name), name);
			if (cg_group_dir(&s->hier[i], up, dir, sizeof dir) < 0)
				return -1;
			if (!cg_is_dir(dir)) {
				diag_set(ENOENT, NULL, "create group %s: there is no group %s", name, up);
				diag_hint("create the parent group first: cg-create %s", up);
				return -1;
			}
		}
	}
	return 0;
}

int cg_create(struct cg_system *s, const char *name, bool exist_ok, char *missing, size_t missing_len)
{
	int existing, rc = -1;
	struct undo *u;

	if (missing && missing_len)
		*missing = '\0';
	if (cg_name_check(name) < 0 || check_create(s, name, &existing) < 0)
		return -1;
	if (existing && !exist_ok)
		return diag_set(EEXIST, "delete it first with cg-delete, or pass --exist-ok", "create group %s", name);
	if (existing == s->n)
		return 1;
	u = calloc(1, sizeof *u);
	if (!u)
		return diag_set(ENOMEM, NULL, "create group %s", name);
	/* A concurrent cg-delete may remove the empty "ctrkit" level between
	 * two of our mkdirs (ENOENT): then start again, a few times. */
	for (int attempt = 0; attempt < 3 && rc < 0; attempt++) {
		rc = 0;
		for (int i = 0; i < s->n && rc == 0; i++)
			rc = create_in(s, &s->hier[i], name, u, missing, missing_len);
		if (rc < 0) {
			undo_all(u);
			if (diag_errno() != ENOENT)
				break;
		}
	}
	free(u);
	return rc;
}
