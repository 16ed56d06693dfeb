/* idmap — see idmap.h. */
#include "idmap.h"
#include "diag.h"
#include "explain.h"
#include "kfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* IDs are 32-bit and (uid_t)-1 is reserved. */
#define ID_LIMIT 4294967295UL

static int parse_id(const char *s, const char *end, unsigned long *out)
{
	char *stop;

	if (s == end || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &stop, 10);
	if (errno || stop != end || v > ID_LIMIT)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

int idmap_add(struct idmap *m, unsigned long inside, unsigned long outside, unsigned long count)
{
	if (count == 0)
		return diag_set(0, "COUNT must be at least 1", "bad ID map range %lu:%lu:%lu", inside, outside, count);
	if (inside + count > ID_LIMIT || outside + count > ID_LIMIT)
		return diag_set(0, "IDs are 32-bit: INSIDE+COUNT and OUTSIDE+COUNT must stay below 4294967295",
				"bad ID map range %lu:%lu:%lu", inside, outside, count);
	if (m->n == IDMAP_MAX_RANGES)
		return diag_set(0, "the kernel takes at most 340 ranges", "too many ID map ranges");
	/* The kernel rejects overlapping ranges with a bare EINVAL; say which. */
	for (int i = 0; i < m->n; i++) {
		const struct idmap_range *r = &m->ranges[i];
		if (inside < r->inside + r->count && r->inside < inside + count)
			return diag_set(0, "each ID inside may be mapped only once",
					"ID map range %lu:%lu:%lu overlaps %lu:%lu:%lu inside",
					inside, outside, count, r->inside, r->outside, r->count);
		if (outside < r->outside + r->count && r->outside < outside + count)
			return diag_set(0, "each ID outside may be mapped only once",
					"ID map range %lu:%lu:%lu overlaps %lu:%lu:%lu outside",
					inside, outside, count, r->inside, r->outside, r->count);
	}
	m->ranges[m->n++] = (struct idmap_range){ inside, outside, count };
	return 0;
}

int idmap_add_spec(struct idmap *m, const char *spec)
{
	const char *c1 = strchr(spec, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	unsigned long inside, outside, count;

	if (!c1 || !c2 || parse_id(spec, c1, &inside) < 0 ||
	    parse_id(c1 + 1, c2, &outside) < 0 || parse_id(c2 + 1, spec + strlen(spec), &count) < 0)
		return diag_set(0, "write INSIDE:OUTSIDE:COUNT, for example 0:100000:65536",
				"bad ID map range '%s'", spec);
	return idmap_add(m, inside, outside, count);
}

int idmap_format(const struct idmap *m, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < m->n; i++) {
		int n = snprintf(buf + o, len - o, "%lu %lu %lu\n",
				 m->ranges[i].inside, m->ranges[i].outside, m->ranges[i].count);
		if (n < 0 || (size_t)n >= len - o)
			return -1;
		o += (size_t)n;
	}
	return 0;
}

bool idmap_is_only(const struct idmap *m, unsigned long id)
{
	return m->n == 1 && m->ranges[0].count == 1 && m->ranges[0].outside == id;
}

/* newuidmap PID INSIDE OUTSIDE COUNT ...: the shadow-utils helper, setuid
 * root, that lets a user map the ranges /etc/subuid grants them. */
static int write_with_helper(pid_t pid, const char *helper, const struct idmap *m)
{
	char *argv[2 + 3 * IDMAP_MAX_RANGES + 1];
	char nums[3 * IDMAP_MAX_RANGES + 1][24];
	int a = 0, status;
	pid_t child;

	argv[a++] = (char *)helper;
	snprintf(nums[0], sizeof nums[0], "%d", (int)pid);
	argv[a++] = nums[0];
	for (int i = 0; i < m->n; i++) {
		snprintf(nums[1 + 3 * i], 24, "%lu", m->ranges[i].inside);
		snprintf(nums[2 + 3 * i], 24, "%lu", m->ranges[i].outside);
		snprintf(nums[3 + 3 * i], 24, "%lu", m->ranges[i].count);
		argv[a++] = nums[1 + 3 * i];
		argv[a++] = nums[2 + 3 * i];
		argv[a++] = nums[3 + 3 * i];
	}
	argv[a] = NULL;

	explain("exec %s %d ... (setuid helper: checks /etc/sub%cid)", helper, (int)pid,
		helper[3] == 'u' ? 'u' : 'g');
	child = fork();
	if (child < 0)
		return diag_set(errno, NULL, "fork for %s", helper);
	if (child == 0) {
		execvp(helper, argv);
		fprintf(stderr, "%s: exec %s: %s — install the uidmap package\n",
			diag_prog(), helper, strerror(errno));
		_exit(EXIT_NOT_FOUND);
	}
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return diag_set(errno, NULL, "wait for %s", helper);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return diag_set(0, WIFEXITED(status) && WEXITSTATUS(status) == EXIT_NOT_FOUND ?
				"install the uidmap package" :
				"a user may map only the ranges /etc/subuid and /etc/subgid grant them",
				"%s for process %d failed", helper, (int)pid);
	return 0;
}

int idmap_write(pid_t pid, const char *which, const struct idmap *m)
{
	bool uid = strcmp(which, "uid_map") == 0;
	unsigned long own = uid ? geteuid() : getegid();
	char path[64], text[IDMAP_MAX_RANGES * 36];

	/* Root (CAP_SETUID/CAP_SETGID in the parent namespace) may write any
	 * map; anyone may map just their own ID; everything else needs the
	 * setuid helper and a grant in /etc/subuid. */
	if (geteuid() != 0 && !idmap_is_only(m, own))
		return write_with_helper(pid, uid ? "newuidmap" : "newgidmap", m);

	if (idmap_format(m, text, sizeof text) < 0)
		return diag_set(E2BIG, NULL, "format %s", which);
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, which);
	if (kfile_write(path, text) < 0) {
		int err = diag_errno();
		if (err == EPERM && geteuid() != 0)
			diag_hint("an unprivileged user may map only their own ID (%lu)%s", own,
				  uid ? "" : ", and only after setgroups is denied");
		else if (err == EPERM)
			diag_hint("each outside ID must be mapped in the caller's own namespace, and the map may be written only once");
		else if (err == EINVAL)
			diag_hint("the kernel rejected the ranges: check for overlaps and IDs outside the caller's own map");
		return -1;
	}
	return 0;
}

bool idmap_in_user_namespace(void)
{
	char map[128];
	if (kfile_read("/proc/self/uid_map", map, sizeof map) < 0)
		return false;
	unsigned long inside, outside, count;
	return !(sscanf(map, "%lu %lu %lu", &inside, &outside, &count) == 3 &&
		 inside == 0 && outside == 0 && count == ID_LIMIT);
}
