/* cgroup — see cgroup.h. */
#include "cgroup.h"
#include "diag.h"
#include "explain.h"
#include "kfile.h"
#include "mountinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cpu.stat's usage_usec and cgroup.freeze are part of the v2 core
 * (Documentation/admin-guide/cgroup-v2.rst, "Core Interface Files"): they
 * are there in every non-root v2 cgroup, whatever controllers it has. */
const struct cg_controller cg_controllers[CG_CTRL_COUNT] = {
	[CG_CPU] = { "cpu", "cpu", "cpu", false },
	[CG_CPUACCT] = { "cpuacct", "cpuacct", "cpu", true },
	[CG_CPUSET] = { "cpuset", "cpuset", "cpuset", false },
	[CG_MEMORY] = { "memory", "memory", "memory", false },
	[CG_PIDS] = { "pids", "pids", "pids", false },
	[CG_IO] = { "io", "blkio", "io", false },
	[CG_FREEZER] = { "freezer", "freezer", NULL, true },
	/* v2 has no devices controller: a BPF program attached to the
	 * cgroup does its work (cgroup-v2.rst, "Device controller"). */
	[CG_DEVICES] = { "devices", "devices", NULL, true },
};

/* Is WORD one of the comma-separated words of LIST? */
static bool in_list(const char *list, const char *word, char sep)
{
	size_t n = strlen(word);
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, (char[]){ sep, '\0' });
		if (len == n && !strncmp(p, word, n))
			return true;
		p += len + (p[len] != '\0');
	}
	return false;
}

/* The caller's cgroup path in the hierarchy with controllers CTRLS (v1),
 * or in the v2 tree (CTRLS NULL): a line of /proc/self/cgroup is
 * "ID:CONTROLLERS:PATH", v2's being "0::PATH". */
static char *caller_cgroup(const char *proc_cgroup, const char *ctrls)
{
	char *copy = strdup(proc_cgroup), *save = NULL, *found = NULL;

	for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *c = strchr(line, ':'), *path = c ? strchr(c + 1, ':') : NULL;
		if (!path)
			continue;
		*path++ = '\0';
		*c++ = '\0';
		bool match = false;
		if (!ctrls)
			match = !strcmp(line, "0") && !*c;
		else
			for (const char *p = ctrls; *p && !match;) {
				size_t len = strcspn(p, ",");
				char word[64];
				snprintf(word, sizeof word, "%.*s", (int)len, p);
				match = *c && in_list(c, word, ',');
				p += len + (p[len] == ',');
			}
		if (match) {
			found = strdup(path);
			break;
		}
	}
	free(copy);
	return found;
}

/* The directory of cgroup PATH (as /proc/self/cgroup shows it) under a
 * mount of cgroup ROOT at MOUNT; NULL when the mount does not show it. */
static char *dir_under_mount(const char *mount, const char *root, const char *path)
{
	size_t rlen = strcmp(root, "/") ? strlen(root) : 0;
	char *dir;

	if (strncmp(path, root, rlen) || (path[rlen] != '/' && path[rlen] != '\0'))
		return NULL;
	if (asprintf(&dir, "%s%s", mount, strcmp(path + rlen, "/") ? path + rlen : "") < 0)
		return NULL;
	return dir;
}

/* A --parent PATH: components without "." or ".." so it cannot climb. */
static int parent_check(const char *parent)
{
	const char *p = parent + (*parent == '/');
	while (*p) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return diag_set(0, "give a cgroup path like /ctrkit-tests, or one relative to your own cgroup",
					"bad cgroup parent '%s'", parent);
		p += len + (p[len] == '/');
	}
	return 0;
}

/* Where the groups go in H: caller/ctrkit, caller/PARENT, or mount/PARENT. */
static int set_base(struct cg_hierarchy *h, const char *parent)
{
	h->default_base = !parent;
	if (!parent) {
		h->anchor = strdup(h->caller);
		if (asprintf(&h->base, "%s/ctrkit", h->caller) < 0)
			h->base = NULL;
	} else if (*parent == '/') {
		h->anchor = dir_under_mount(h->mount, h->root, "/");
		h->base = dir_under_mount(h->mount, h->root, parent);
		if (!h->base)
			return diag_set(0, "an absolute parent must be inside the cgroup this mount shows", "cgroup parent %s is not under %s",
					parent, h->mount);
	} else {
		h->anchor = strdup(h->caller);
		if (asprintf(&h->base, "%s/%s", h->caller, parent) < 0)
			h->base = NULL;
	}
	if (!h->anchor || !h->base)
		return diag_set(ENOMEM, NULL, "remember the cgroup paths");
	/* The path must fit wherever a file name is added to it later. */
	if (strlen(h->base) > PATH_MAX - 512)
		return diag_set(ENAMETOOLONG, NULL, "cgroup parent %s", h->base);
	return 0;
}

/* Add one cgroup mount (a mountinfo line's fields) if ctrkit can use it. */
static int add_mount(struct cg_system *s, const char *proc_cgroup, char *root, char *mount, const char *fstype,
		     const char *super)
{
	int version = !strcmp(fstype, "cgroup2") ? 2 : !strcmp(fstype, "cgroup") ? 1 : 0;
	unsigned serves = 0;
	char ctrls[256] = "";

	if (!version)
		return 0;
	if (version == 1) {
		for (int c = 0; c < CG_CTRL_COUNT; c++)
			if (in_list(super, cg_controllers[c].v1, ',')) {
				serves |= 1u << c;
				snprintf(ctrls + strlen(ctrls), sizeof ctrls - strlen(ctrls), "%s%s", *ctrls ? "," : "",
					 cg_controllers[c].v1);
			}
		if (!serves)
			return 0; /* name=systemd, net_cls: not ctrkit's business */
	}
	/* A hierarchy mounted twice is one hierarchy: keep its first mount. */
	for (int i = 0; i < s->n; i++)
		if (s->hier[i].version == version && (version == 2 || !strcmp(s->hier[i].controllers, ctrls)))
			return 0;
	if (s->n == CG_MAX_HIERARCHIES)
		return 0;
	mountinfo_unescape(root);
	mountinfo_unescape(mount);
	char *path = caller_cgroup(proc_cgroup, version == 1 ? ctrls : NULL);
	char *caller = path ? dir_under_mount(mount, root, path) : NULL;
	free(path);
	if (!caller)
		return 0; /* a mount of some other part of the tree: not ours */

	struct cg_hierarchy *h = &s->hier[s->n++];
	*h = (struct cg_hierarchy){ .version = version, .serves = serves, .caller = caller,
				    .noprefix = version == 1 && in_list(super, "noprefix", ',') };
	h->mount = strdup(mount);
	h->root = strdup(root);
	if (version == 2) {
		char file[PATH_MAX], buf[512] = "";
		snprintf(file, sizeof file, "%s/cgroup.controllers", mount);
		if (kfile_read(file, buf, sizeof buf) < 0)
			return -1;
		buf[strcspn(buf, "\n")] = '\0';
		h->controllers = strdup(buf);
		s->v2_mounted = true;
	} else {
		h->controllers = strdup(ctrls);
	}
	if (!h->mount || !h->root || !h->controllers)
		return diag_set(ENOMEM, NULL, "remember the cgroup mounts");
	return 0;
}

static void free_hierarchy(struct cg_hierarchy *h)
{
	free(h->mount);
	free(h->root);
	free(h->controllers);
	free(h->caller);
	free(h->anchor);
	free(h->base);
	*h = (struct cg_hierarchy){ 0 };
}

/* Decide which hierarchy serves each controller, and drop the v2 tree when
 * it has nothing to offer next to v1 hierarchies. */
static void assign_controllers(struct cg_system *s)
{
	struct cg_hierarchy *v2 = NULL;
	bool any_v1 = false;

	for (int i = 0; i < s->n; i++)
		any_v1 |= s->hier[i].version == 1;
	for (int i = 0; i < s->n; i++) {
		if (s->hier[i].version != 2)
			continue;
		if (*s->hier[i].controllers == '\0' && any_v1) {
			/* An empty v2 tree next to v1 hierarchies (hybrid): unused. */
			free_hierarchy(&s->hier[i]);
			s->hier[i] = s->hier[--s->n];
			break;
		}
		v2 = &s->hier[i];
	}
	for (int c = 0; c < CG_CTRL_COUNT; c++) {
		const struct cg_controller *ctl = &cg_controllers[c];
		s->by_ctrl[c] = NULL;
		if (v2 && ctl->v2 && in_list(v2->controllers, ctl->v2, ' '))
			s->by_ctrl[c] = v2;
		for (int i = 0; !s->by_ctrl[c] && i < s->n; i++)
			if (s->hier[i].version == 1 && (s->hier[i].serves & (1u << c)))
				s->by_ctrl[c] = &s->hier[i];
		if (!s->by_ctrl[c] && v2 && ctl->v2_core)
			s->by_ctrl[c] = v2;
		if (s->by_ctrl[c] == v2 && v2)
			v2->serves |= 1u << c;
	}
}

int cg_system_load(struct cg_system *s, const char *parent)
{
	char *proc_cgroup = NULL, *line = NULL;
	size_t cap = 0, size = 0;
	FILE *f;
	int rc = 0;

	*s = (struct cg_system){ 0 };
	if (!parent)
		parent = getenv("CTRKIT_CGROUP_PARENT");
	if (parent && !*parent)
		parent = NULL;
	if (parent && parent_check(parent) < 0)
		return -1;

	f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return diag_set(errno, NULL, "open /proc/self/cgroup");
	FILE *mem = open_memstream(&proc_cgroup, &size);
	while (mem && getline(&line, &cap, f) > 0)
		fputs(line, mem);
	fclose(f);
	if (!mem || fclose(mem) != 0) {
		free(line);
		free(proc_cgroup);
		return diag_set(ENOMEM, NULL, "read /proc/self/cgroup");
	}

	f = fopen("/proc/self/mountinfo", "re");
	if (!f) {
		free(line);
		free(proc_cgroup);
		return diag_set(errno, NULL, "open /proc/self/mountinfo");
	}
	/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - FSTYPE SOURCE SUPER */
	while (rc == 0 && getline(&line, &cap, f) > 0) {
		char *field[64], *save = NULL;
		int n = 0, dash = -1;
		line[strcspn(line, "\n")] = '\0';
		for (char *t = strtok_r(line, " ", &save); t && n < 64; t = strtok_r(NULL, " ", &save)) {
			if (dash < 0 && n >= 6 && !strcmp(t, "-"))
				dash = n;
			field[n++] = t;
		}
		if (dash < 0 || dash + 3 >= n)
			continue;
		rc = add_mount(s, proc_cgroup, field[3], field[4], field[dash + 1], field[dash + 3]);
	}
	fclose(f);
	free(line);
	free(proc_cgroup);
	if (rc < 0) {
		cg_system_free(s);
		return -1;
	}
	assign_controllers(s);
	if (s->n == 0)
		return diag_set(ENOENT, "mount cgroup2 on /sys/fs/cgroup, or the v1 controllers (see /proc/cgroups)",
				"find a cgroup hierarchy in /proc/self/mountinfo");
	for (int i = 0; i < s->n; i++)
		if (set_base(&s->hier[i], parent) < 0) {
			cg_system_free(s);
			return -1;
		}
	return 0;
}

void cg_system_free(struct cg_system *s)
{
	for (int i = 0; i < s->n; i++)
		free_hierarchy(&s->hier[i]);
	s->n = 0;
}

struct cg_hierarchy *cg_need(const struct cg_system *s, enum cg_ctrl c)
{
	if (s->by_ctrl[c])
		return s->by_ctrl[c];
	diag_set(ENOTSUP, NULL, "use the %s controller", cg_controllers[c].name);
	if (c == CG_FREEZER)
		diag_hint("the kernel has no freezer controller mounted and no cgroup v2 tree (see /proc/cgroups)");
	else
		diag_hint("the kernel has no %s controller mounted (see /proc/cgroups and /proc/self/mountinfo)",
			  cg_controllers[c].v1);
	return NULL;
}

const char *cg_why_version(const struct cg_system *s, enum cg_ctrl c, char *buf, size_t len)
{
	const struct cg_hierarchy *h = s->by_ctrl[c];
	const struct cg_controller *ctl = &cg_controllers[c];

	if (!h)
		snprintf(buf, len, "%s is not mounted", ctl->name);
	else if (h->version == 2 && ctl->v2 && in_list(h->controllers, ctl->v2, ' '))
		snprintf(buf, len, "v2: %s is in the unified tree", ctl->v2);
	else if (h->version == 2 && c == CG_DEVICES)
		snprintf(buf, len, "v2: no device files, a BPF program of the cgroup's");
	else if (h->version == 2)
		snprintf(buf, len, "v2: part of the cgroup core");
	else if (s->v2_mounted)
		snprintf(buf, len, "v1: %s is not in the v2 tree", ctl->v1);
	else
		snprintf(buf, len, "v1: there is no v2 tree");
	return buf;
}

const char *cg_hierarchy_label(const struct cg_hierarchy *h, char *buf, size_t len)
{
	if (h->version == 2)
		snprintf(buf, len, "v2");
	else
		snprintf(buf, len, "v1 %s", h->controllers);
	return buf;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	       c == '.';
}

int cg_name_check(const char *name)
{
	static const char hint[] = "a name is letters, digits, '_', '-' and '.', not starting with '.' or '-'; "
				   "'/' separates a nested group from its parent (web/db)";
	const char *p = name;

	if (!*name)
		return diag_set(0, hint, "empty group name");
	if (strlen(name) > 255)
		return diag_set(0, "use at most 255 characters", "group name '%.40s...' is too long", name);
	while (*p) {
		size_t len = strcspn(p, "/");
		if (len == 0)
			return diag_set(0, hint, "bad group name '%s': empty component", name);
		if (p[0] == '.' || p[0] == '-')
			return diag_set(0, hint, "bad group name '%s': '%.*s' starts with '%c'", name, (int)len, p, p[0]);
		for (size_t i = 0; i < len; i++)
			if (!name_char(p[i]))
				return diag_set(0, hint, "bad group name '%s': character '%c'", name, p[i]);
		p += len;
		if (*p == '/' && !*++p)
			return diag_set(0, hint, "bad group name '%s': empty component", name);
	}
	return 0;
}

int cg_group_dir(const struct cg_hierarchy *h, const char *name, char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s/%s", h->base, name) >= len)
		return diag_set(ENAMETOOLONG, NULL, "path of group %s", name);
	return 0;
}

int cg_file(const struct cg_hierarchy *h, const char *dir, const char *file, char *buf, size_t len)
{
	/* -o noprefix (cgroup-v1/cgroups.rst) drops the "controller." part. */
	if (h->noprefix && h->version == 1) {
		const char *dot = strchr(file, '.');
		if (dot && strncmp(file, "cgroup.", 7)) {
			char ctl[32];
			snprintf(ctl, sizeof ctl, "%.*s", (int)(dot - file), file);
			if (in_list(h->controllers, ctl, ','))
				file = dot + 1;
		}
	}
	if ((size_t)snprintf(buf, len, "%s/%s", dir, file) >= len)
		return diag_set(ENAMETOOLONG, NULL, "path of %s in %s", file, dir);
	return 0;
}

/* One write(2) of the whole value, as the kernel wants it. */
static int write_once(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	size_t len = strlen(data);

	if (fd < 0)
		return -1;
	do
		n = write(fd, data, len);
	while (n < 0 && errno == EINTR);
	int err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	if (close(fd) < 0 && !err)
		err = errno;
	errno = err;
	return err ? -1 : 0;
}

int cg_write(const char *path, const char *data, const char *why)
{
	char quoted[256];

	explain_quote(data, quoted, sizeof quoted);
	if (why)
		explain("write %s %s  (%s)", path, quoted, why);
	else
		explain("write %s %s", path, quoted);
	if (write_once(path, data) < 0)
		return diag_set(errno, NULL, "write %s to %s", quoted, path);
	return 0;
}

void cg_write_undo(const char *path, const char *data)
{
	char quoted[256];

	explain("write %s %s  (undo)", path, explain_quote(data, quoted, sizeof quoted));
	write_once(path, data);
}

ssize_t cg_read(const char *path, char *buf, size_t len)
{
	ssize_t n = kfile_read(path, buf, len);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return n;
}

int cg_read_u64(const char *path, const char *key, uint64_t *value)
{
	char buf[65536], *end;
	bool found = false;
	uint64_t sum = 0;

	if (cg_read(path, buf, sizeof buf) < 0)
		return -1;
	if (!key) {
		if (!strcmp(buf, "max")) {
			*value = UINT64_MAX;
			return 0;
		}
		errno = 0;
		*value = strtoull(buf, &end, 10);
		if (end == buf || *end || errno || buf[0] == '-')
			return diag_set(EINVAL, NULL, "read a number from %s (it says '%.40s')", path, buf);
		return 0;
	}
	/* Words separated by blanks: "KEY N" or "KEY=N", on any line. */
	size_t klen = strlen(key);
	for (char *p = buf; *p;) {
		p += strspn(p, " \t\n");
		size_t wlen = strcspn(p, " \t\n");
		char *num = NULL;
		if (wlen == klen && !strncmp(p, key, klen) && (p[wlen] == ' ' || p[wlen] == '\t'))
			num = p + wlen + 1;
		else if (wlen > klen && !strncmp(p, key, klen) && p[klen] == '=')
			num = p + klen + 1;
		if (num && *num >= '0' && *num <= '9') {
			errno = 0;
			uint64_t v = strtoull(num, &end, 10);
			if (!errno && (*end == '\0' || *end == ' ' || *end == '\n')) {
				sum += v;
				found = true;
			}
		}
		p += wlen;
	}
	if (!found)
		return diag_set(ENOENT, NULL, "find %s in %s", key, path);
	*value = sum;
	return 0;
}

int cg_mkdir(const char *path, const char *why)
{
	explain("mkdir %s  (%s)", path, why);
	if (mkdir(path, 0755) < 0)
		return diag_set(errno, NULL, "mkdir %s", path);
	return 0;
}

int cg_rmdir(const char *path, const char *why)
{
	explain("rmdir %s  (%s)", path, why);
	if (rmdir(path) < 0)
		return diag_set(errno, NULL, "rmdir %s", path);
	return 0;
}

bool cg_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
