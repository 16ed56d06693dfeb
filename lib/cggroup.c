/* cggroup — see cggroup.h. */
#include "cggroup.h"
#include "diag.h"
#include "explain.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char no_internal_processes[] =
	"cgroup v2's no-internal-process rule: a cgroup that holds processes cannot pass controllers on to "
	"child cgroups (Documentation/admin-guide/cgroup-v2.rst, \"No Internal Process Constraint\"); ";

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

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep a little longer each round, from 1 ms up to 50 ms. */
static void backoff(int *delay_ms)
{
	struct timespec ts = { 0, (long)*delay_ms * 1000000 };
	nanosleep(&ts, NULL);
	if (*delay_ms < 50)
		*delay_ms *= 2;
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

/* --- the group as it is --- */

int cg_check_exists(const struct cg_system *s, const char *name)
{
	char dir[PATH_MAX], label[64];

	if (cg_name_check(name) < 0)
		return -1;
	for (int i = 0; i < s->n; i++) {
		if (cg_group_dir(&s->hier[i], name, dir, sizeof dir) < 0)
			return -1;
		if (!cg_is_dir(dir)) {
			diag_set(ENOENT, NULL, "no group %s in the %s hierarchy (%s)", name,
				cg_hierarchy_label(&s->hier[i], label, sizeof label), dir);
			diag_hint("create it with cg-create %s", name);
			return -1;
		}
	}
	return 0;
}

int cg_procs(const char *dir, pid_t *pids, int max)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	int n = 0;

	snprintf(path, sizeof path, "%s/cgroup.procs", dir);
	FILE *f = fopen(path, "re");
	if (!f)
		return diag_set(errno, NULL, "open %s", path);
	while (getline(&line, &cap, f) > 0) {
		if (n < max)
			pids[n] = (pid_t)atoi(line);
		n++;
	}
	free(line);
	fclose(f);
	return n;
}

static int walk_dir(const char *base, const char *rel, int depth, int (*fn)(const char *, void *), void *arg)
{
	char path[PATH_MAX], child[PATH_MAX];
	struct dirent *e;
	int rc = 0;

	snprintf(path, sizeof path, "%s%s%s", base, *rel ? "/" : "", rel);
	DIR *d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : diag_set(errno, NULL, "open directory %s", path);
	while (rc == 0 && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(child, sizeof child, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= sizeof child - 64)
			continue;
		rc = fn(child, arg);
		if (rc == 0 && depth < 64)
			rc = walk_dir(base, child, depth + 1, fn, arg);
	}
	closedir(d);
	return rc;
}

int cg_walk(const char *base, int (*fn)(const char *name, void *arg), void *arg)
{
	return walk_dir(base, "", 0, fn, arg);
}

/* --- attach --- */

int cg_attach(const struct cg_system *s, const char *name, pid_t pid)
{
	char dir[PATH_MAX], path[PATH_MAX], value[4096], label[64], why[160], pid_str[16];

	if (cg_check_exists(s, name) < 0)
		return -1;
	/* Check what can be checked before the process moves anywhere. */
	for (int i = 0; i < s->n; i++) {
		const struct cg_hierarchy *h = &s->hier[i];
		if (h->version != 1 || !(h->serves & (1u << CG_CPUSET)))
			continue;
		cg_group_dir(h, name, dir, sizeof dir);
		for (int f = 0; f < 2; f++) {
			const char *file = f ? "cpuset.mems" : "cpuset.cpus";
			if (cg_file(h, dir, file, path, sizeof path) < 0 || cg_read(path, value, sizeof value) < 0)
				return -1;
			if (!*value) {
				diag_set(ENOSPC, NULL, "attach to group %s: %s is empty", name, path);
				diag_hint("a v1 cpuset takes no task without CPUs and memory nodes: "
					 "cg-limit %s --cpuset-cpus LIST --cpuset-mems LIST", name);
				return -1;
			}
		}
	}
	snprintf(pid_str, sizeof pid_str, "%d", (int)pid);
	for (int i = 0; i < s->n; i++) {
		const struct cg_hierarchy *h = &s->hier[i];
		cg_group_dir(h, name, dir, sizeof dir);
		if (cg_file(h, dir, "cgroup.procs", path, sizeof path) < 0)
			return -1;
		snprintf(why, sizeof why, "%s: a process is in one cgroup of each hierarchy",
			 cg_hierarchy_label(h, label, sizeof label));
		if (cg_write(path, pid_str, why) < 0) {
			int err = diag_errno();
			if (err == EBUSY && h->version == 2)
				diag_hint("%sgroup %s passes controllers to its child groups, so run the command in "
					  "one of them", no_internal_processes, name);
			else if (err == ENOSPC)
				diag_hint("a v1 cpuset takes no task without CPUs and memory nodes (cpuset.cpus, cpuset.mems)");
			else if (err == EACCES || err == EPERM)
				diag_hint("moving a process needs write access to cgroup.procs of both cgroups and of "
					  "their common ancestor (cgroup-v2.rst, \"Delegation Containment\")");
			return -1;
		}
	}
	return 0;
}

/* --- freeze --- */

static int freezer_files(const struct cg_system *s, const char *name, const struct cg_hierarchy **h,
			 char *control, char *state, size_t len)
{
	char dir[PATH_MAX];

	if (!(*h = cg_need(s, CG_FREEZER)) || cg_group_dir(*h, name, dir, sizeof dir) < 0)
		return -1;
	if (!cg_is_dir(dir)) {
		diag_set(ENOENT, NULL, "no group %s (%s)", name, dir);
		diag_hint("create it with cg-create %s", name);
		return -1;
	}
	if ((*h)->version == 1)
		return cg_file(*h, dir, "freezer.state", control, len) < 0 ||
		       cg_file(*h, dir, "freezer.state", state, len) < 0 ? -1 : 0;
	return cg_file(*h, dir, "cgroup.freeze", control, len) < 0 || cg_file(*h, dir, "cgroup.events", state, len) < 0
		       ? -1
		       : 0;
}

/* Frozen according to the state file: 1, 0, or -1 with a diagnostic. */
static int read_frozen(const struct cg_hierarchy *h, const char *state, bool want)
{
	char buf[512];
	uint64_t v;

	if (h->version == 2)
		return cg_read_u64(state, "frozen", &v) < 0 ? -1 : v == 1;
	if (cg_read(state, buf, sizeof buf) < 0)
		return -1;
	/* FREEZING is neither: the freeze is not finished yet. */
	if (!strcmp(buf, "FROZEN"))
		return 1;
	if (!strcmp(buf, "THAWED"))
		return 0;
	return !want;
}

int cg_freeze(const struct cg_system *s, const char *name, bool freeze, int timeout_ms)
{
	const struct cg_hierarchy *h;
	char control[PATH_MAX], state[PATH_MAX];
	const char *value, *why;
	int delay = 1, r;
	long long deadline = now_ms() + timeout_ms, rewrite = now_ms() + 100;

	if (freezer_files(s, name, &h, control, state, sizeof control) < 0)
		return -1;
	if (h->version == 1) {
		value = freeze ? "FROZEN" : "THAWED";
		why = freeze ? "v1 freezer: stop every task in the group and below" : "v1 freezer: let them run again";
	} else {
		value = freeze ? "1" : "0";
		why = freeze ? "v2: freeze the group and its children; cgroup.events says when it is done"
			     : "v2: thaw; cgroup.events says when it is done";
	}
	if (cg_write(control, value, why) < 0)
		return -1;
	while ((r = read_frozen(h, state, freeze)) != (int)freeze) {
		if (r < 0)
			return -1;
		if (now_ms() >= deadline)
			return diag_set(ETIMEDOUT, "a task in uninterruptible sleep (state D, often waiting for I/O) "
					"cannot be frozen until it wakes; see ps -o pid,stat,wchan",
					"%s group %s: %s still says %s after %d ms", freeze ? "freeze" : "thaw", name, state,
					freeze ? "not frozen" : "frozen", timeout_ms);
		/* A v1 freeze that meets a busy task stays FREEZING; writing
		 * FROZEN again retries it (cgroup-v1/freezer-subsystem.rst). */
		if (h->version == 1 && freeze && now_ms() >= rewrite) {
			cg_write(control, value, "v1 freezer: still FREEZING, try again");
			rewrite = now_ms() + 100;
		}
		backoff(&delay);
	}
	return 0;
}

int cg_frozen(const struct cg_system *s, const char *name)
{
	const struct cg_hierarchy *h;
	char control[PATH_MAX], state[PATH_MAX];

	if (freezer_files(s, name, &h, control, state, sizeof control) < 0)
		return -1;
	return read_frozen(h, state, true);
}

/* --- delete --- */

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
