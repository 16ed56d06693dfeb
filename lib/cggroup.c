/* cggroup — see cggroup.h. A group as it is: whether it exists, the
 * processes directly in it, the groups below it; and a process put in it.
 * Creating it is in cgcreate.c, freezing it in cgfreeze.c, deleting it in
 * cgdelete.c. */
#include "cggroup.h"
#include "cggroupshared.h"
#include "diag.h"
#include "kfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char no_internal_processes[] =
	"cgroup v2's no-internal-process rule: a cgroup that holds processes cannot pass controllers on to "
	"child cgroups (Documentation/admin-guide/cgroup-v2.rst, \"No Internal Process Constraint\"); ";

long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep a little longer each round, from 1 ms up to 50 ms. */
void backoff(int *delay_ms)
{
	struct timespec ts = { 0, (long)*delay_ms * 1000000 };
	nanosleep(&ts, NULL);
	if (*delay_ms < 50)
		*delay_ms *= 2;
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

/* Is the calling process one thread? Then moving the thread is moving the
 * process. */
static bool single_threaded(void)
{
	char status[4096];
	const char *threads;

	if (kfile_read("/proc/self/status", status, sizeof status) < 0)
		return false;
	threads = strstr(status, "\nThreads:");
	return threads && strtol(threads + 9, NULL, 10) == 1;
}

int cg_enter(const struct cg_system *s, const char *name, bool skip_v2)
{
	char dir[PATH_MAX], path[PATH_MAX], value[4096], label[64], why[200];

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
	/*
	 * Moving a process write-locks cgroup_threadgroup_rwsem, and the first
	 * writer after a quiet spell waits for an RCU grace period: 7-11 ms.
	 * A thread that moves itself, "0" written to v1's tasks, is the one
	 * move the kernel makes without that lock (commit "cgroup: Optimize
	 * single thread migration"), and for a single-threaded process it is
	 * the same move. v2 moves threads only inside a threaded subtree, so
	 * there the process is moved: cgroup.procs.
	 */
	bool one_thread = single_threaded();
	for (int i = 0; i < s->n; i++) {
		const struct cg_hierarchy *h = &s->hier[i];
		if (skip_v2 && h->version == 2)
			continue;
		bool by_thread = one_thread && h->version == 1;
		cg_group_dir(h, name, dir, sizeof dir);
		if (cg_file(h, dir, by_thread ? "tasks" : "cgroup.procs", path, sizeof path) < 0)
			return -1;
		snprintf(why, sizeof why, "%s: a process is in one cgroup of each hierarchy%s",
			 cg_hierarchy_label(h, label, sizeof label),
			 by_thread ? "; our one thread moves itself, which takes no lock" : "");
		if (cg_write(path, "0", why) < 0) {
			int err = diag_errno();
			if (err == EBUSY && h->version == 2)
				diag_hint("%sgroup %s passes controllers to its child groups, so run the command in "
					  "one of them", no_internal_processes, name);
			else if (err == ENOSPC)
				diag_hint("a v1 cpuset takes no task without CPUs and memory nodes (cpuset.cpus, cpuset.mems)");
			else if (err == EACCES || err == EPERM)
				diag_hint("moving a process needs write access to %s of both cgroups and of their "
					  "common ancestor (cgroup-v2.rst, \"Delegation Containment\")",
					  by_thread ? "tasks" : "cgroup.procs");
			return -1;
		}
	}
	return 0;
}

int cg_open_v2(const struct cg_system *s, const char *name, int *fd)
{
	char dir[PATH_MAX];

	*fd = -1;
	for (int i = 0; i < s->n; i++) {
		const struct cg_hierarchy *h = &s->hier[i];
		if (h->version != 2)
			continue;
		if (cg_group_dir(h, name, dir, sizeof dir) < 0)
			return -1;
		if ((*fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
			return diag_set(errno, errno == ENOENT ? "create it with cg-create" : NULL, "open group %s: %s",
					name, dir);
		return 0;
	}
	return 0;
}
