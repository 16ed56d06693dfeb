/* cgdelete — deleting a group (cg_delete, see cggroup.h): every process in
 * it and below killed (cgroup.kill, or frozen and killed on v1) and waited
 * for, then its directories removed depth-first, and the "ctrkit" level
 * with its last group. */
#include "cggroup.h"
#include "cggroupshared.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pid_set {
	pid_t pid[4096];
	int n;
	const struct cg_hierarchy *h;
	const char *group_dir;
};

static int add_procs_of(const char *dir, struct pid_set *set)
{
	pid_t found[1024];
	int n = cg_procs(dir, found, 1024);

	if (n < 0)
		return diag_errno() == ENOENT ? 0 : -1;
	for (int i = 0; i < n && i < 1024; i++) {
		bool seen = false;
		for (int j = 0; j < set->n && !seen; j++)
			seen = set->pid[j] == found[i];
		if (!seen && set->n < (int)(sizeof set->pid / sizeof set->pid[0]))
			set->pid[set->n++] = found[i];
	}
	return 0;
}

static int add_procs_of_child(const char *name, void *arg)
{
	struct pid_set *set = arg;
	char dir[PATH_MAX];

	snprintf(dir, sizeof dir, "%s/%s", set->group_dir, name);
	return add_procs_of(dir, set);
}

/* Every process in group NAME or below it, in any hierarchy. */
static int group_pids(const struct cg_system *s, const char *name, struct pid_set *set)
{
	char dir[PATH_MAX];

	set->n = 0;
	for (int i = 0; i < s->n; i++) {
		if (cg_group_dir(&s->hier[i], name, dir, sizeof dir) < 0)
			return -1;
		set->group_dir = dir;
		if (add_procs_of(dir, set) < 0 || cg_walk(dir, add_procs_of_child, set) < 0)
			return -1;
	}
	return 0;
}

static void kill_all(const struct pid_set *set)
{
	for (int i = 0; i < set->n; i++) {
		explain("kill(%d, SIGKILL)", (int)set->pid[i]);
		kill(set->pid[i], SIGKILL);
	}
}

struct thaw_walk {
	const struct cg_hierarchy *h;
	const char *group_dir;
};

/* Thaw one frozen cgroup, so the SIGKILL it has pending can end its
 * processes: a frozen task dies only once thawed. */
static int thaw_one(const char *name, void *arg)
{
	const struct thaw_walk *w = arg;
	char dir[PATH_MAX], path[PATH_MAX], state[64];
	uint64_t frozen;

	snprintf(dir, sizeof dir, "%s%s%s", w->group_dir, *name ? "/" : "", name);
	if (w->h->version == 1) {
		if (cg_file(w->h, dir, "freezer.state", path, sizeof path) == 0 && cg_read(path, state, sizeof state) >= 0 &&
		    strcmp(state, "THAWED"))
			cg_write(path, "THAWED", "v1 freezer: a frozen task dies only once thawed");
	} else if (cg_file(w->h, dir, "cgroup.events", path, sizeof path) == 0 && cg_read_u64(path, "frozen", &frozen) == 0 &&
		   frozen && cg_file(w->h, dir, "cgroup.freeze", path, sizeof path) == 0) {
		cg_write(path, "0", "v2: a frozen task dies only once thawed");
	}
	return 0;
}

/* Thaw group NAME and every frozen group below it. */
static void thaw_tree(const struct cg_system *s, const char *name)
{
	char dir[PATH_MAX];
	struct thaw_walk w = { s->by_ctrl[CG_FREEZER], dir };

	if (!w.h || cg_group_dir(w.h, name, dir, sizeof dir) < 0 || !cg_is_dir(dir))
		return;
	thaw_one("", &w);
	cg_walk(dir, thaw_one, &w);
}

/* The fastest race-free way this kernel has to kill the whole group. */
static void kill_at_once(const struct cg_system *s, const char *name, int timeout_ms)
{
	char dir[PATH_MAX], path[PATH_MAX];
	const struct cg_hierarchy *freezer = s->by_ctrl[CG_FREEZER];
	struct pid_set *set;

	for (int i = 0; i < s->n; i++) {
		const struct cg_hierarchy *h = &s->hier[i];
		if (h->version != 2 || cg_group_dir(h, name, dir, sizeof dir) < 0 ||
		    cg_file(h, dir, "cgroup.kill", path, sizeof path) < 0 || access(path, W_OK) < 0)
			continue;
		cg_write(path, "1", "v2: SIGKILL every process in the group and below, with no race against fork "
				    "(Linux 5.14)");
		return;
	}
	/* v1: processes killed one by one could fork behind our back. Frozen
	 * ones cannot; they die as soon as they are thawed. */
	if (!freezer || freezer->version != 1 || !(set = malloc(sizeof *set)))
		return;
	if (cg_freeze(s, name, true, timeout_ms / 2) == 0 && group_pids(s, name, set) == 0)
		kill_all(set);
	cg_freeze(s, name, false, timeout_ms / 2);
	free(set);
}

/* Kill until no process is left in the group; at most TIMEOUT_MS. */
static int empty_group(const struct cg_system *s, const char *name, int timeout_ms)
{
	struct pid_set *set = malloc(sizeof *set);
	long long deadline = now_ms() + timeout_ms;
	int delay = 1, rc = 0;

	if (!set)
		return diag_set(ENOMEM, NULL, "delete group %s", name);
	kill_at_once(s, name, timeout_ms);
	thaw_tree(s, name);
	for (;;) {
		if ((rc = group_pids(s, name, set)) < 0 || set->n == 0)
			break;
		if (now_ms() >= deadline) {
			rc = diag_set(ETIMEDOUT, "a process in uninterruptible sleep (state D) dies only when its "
					"I/O ends; see ps -o pid,stat,wchan",
				      "delete group %s: process %d (and %d more) still there after %d ms", name,
				      (int)set->pid[0], set->n - 1, timeout_ms);
			break;
		}
		kill_all(set);
		thaw_tree(s, name);
		backoff(&delay);
	}
	free(set);
	return rc;
}

struct name_list {
	char **name;
	int n, cap;
};

static int add_name(const char *name, void *arg)
{
	struct name_list *l = arg;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		char **grown = realloc(l->name, sizeof *grown * (size_t)cap);
		if (!grown)
			return diag_set(ENOMEM, NULL, "list child groups");
		l->name = grown;
		l->cap = cap;
	}
	if (!(l->name[l->n] = strdup(name)))
		return diag_set(ENOMEM, NULL, "list child groups");
	l->n++;
	return 0;
}

/* rmdir DIR, waiting out EBUSY: the kernel may still count a process that
 * has just exited as a member for a moment. */
static int remove_dir(const char *dir, const char *why, long long deadline)
{
	int delay = 1;

	explain("rmdir %s  (%s)", dir, why);
	while (rmdir(dir) < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno != EBUSY || now_ms() >= deadline)
			return diag_set(errno, errno == EBUSY ? "a process is still in it" : NULL, "rmdir %s", dir);
		backoff(&delay);
	}
	return 0;
}

/* Remove DIR and every cgroup below it, children first. */
static int remove_tree(const struct cg_hierarchy *h, const char *dir, long long deadline)
{
	struct name_list l = { 0 };
	char path[PATH_MAX], label[64], why[128];
	int rc = cg_walk(dir, add_name, &l);

	snprintf(why, sizeof why, "%s: a cgroup is removed with rmdir, once empty", cg_hierarchy_label(h, label, sizeof label));
	/* cg_walk lists parents before children: remove in reverse. */
	for (int i = l.n - 1; i >= 0 && rc == 0; i--) {
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, l.name[i]) >= sizeof path)
			rc = diag_set(ENAMETOOLONG, NULL, "remove %s/%s", dir, l.name[i]);
		else
			rc = remove_dir(path, why, deadline);
	}
	for (int i = 0; i < l.n; i++)
		free(l.name[i]);
	free(l.name);
	return rc < 0 ? -1 : remove_dir(dir, why, deadline);
}

/* The "ctrkit" level goes with its last group; one still in use stays
 * (rmdir fails with EBUSY or ENOTEMPTY, and that is fine). */
static void remove_empty_base(const struct cg_system *s)
{
	for (int i = 0; i < s->n; i++) {
		const struct cg_hierarchy *h = &s->hier[i];
		if (!h->default_base || !cg_is_dir(h->base))
			continue;
		explain("rmdir %s  (ctrkit's level goes when it has no group left)", h->base);
		rmdir(h->base);
	}
}

int cg_delete(const struct cg_system *s, const char *name, bool ignore_missing, int timeout_ms)
{
	char dir[PATH_MAX];
	bool found = false;
	long long deadline;

	if (cg_name_check(name) < 0)
		return -1;
	for (int i = 0; i < s->n; i++) {
		const struct cg_hierarchy *h = &s->hier[i];
		if (cg_group_dir(h, name, dir, sizeof dir) < 0)
			return -1;
		found |= cg_is_dir(dir);
		size_t len = strlen(dir);
		if (!strncmp(h->caller, dir, len) && (h->caller[len] == '\0' || h->caller[len] == '/'))
			return diag_set(EBUSY, "run it from outside the group", "delete group %s: %s itself is in it",
					name, diag_prog());
	}
	if (!found && !ignore_missing)
		return diag_set(ENOENT, "cg-list shows the groups there are; --ignore-missing makes this no error",
				"delete group %s: no such group", name);
	if (found && empty_group(s, name, timeout_ms) < 0)
		return -1;
	deadline = now_ms() + timeout_ms;
	for (int i = 0; found && i < s->n; i++) {
		cg_group_dir(&s->hier[i], name, dir, sizeof dir);
		if (cg_is_dir(dir) && remove_tree(&s->hier[i], dir, deadline) < 0)
			return -1;
	}
	remove_empty_base(s);
	return 0;
}
