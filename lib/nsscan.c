/* nsscan — see nsscan.h. */
#include "nsscan.h"
#include "diag.h"
#include "explain.h"
#include "mountinfo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define PF_KTHREAD 0x00200000 /* in /proc/PID/stat's flags: a kernel thread */

bool nsscan_parse_name(const char *s, const struct ns_type **type, ino_t *ino)
{
	char name[16];
	const char *colon = strchr(s, ':');
	char *end;

	if (!colon || (size_t)(colon - s) >= sizeof name || colon[1] != '[' || colon[2] < '0' || colon[2] > '9')
		return false;
	memcpy(name, s, (size_t)(colon - s));
	name[colon - s] = '\0';
	*type = ns_type_by_name(name);
	*ino = (ino_t)strtoull(colon + 2, &end, 10);
	return *type && end[0] == ']' && end[1] == '\0';
}

/* The link names of /proc/PID/ns, in the order nsscan_process fills them. */
static const char *link_file(int i)
{
	return i < NS_TYPE_COUNT ? ns_types[i].name : i == NS_TYPE_COUNT ? "pid_for_children" : "time_for_children";
}

static const struct ns_type *link_type(int i)
{
	return i < NS_TYPE_COUNT ? &ns_types[i] : ns_type_by_name(i == NS_TYPE_COUNT ? "pid" : "time");
}

/* readlinkat(2) an nsfs link: "net:[4026531840]" -> its inode. */
static int read_ns_link(int dirfd, const char *name, ino_t *ino)
{
	char buf[64];
	const struct ns_type *type;
	ssize_t n = readlinkat(dirfd, name, buf, sizeof buf - 1);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return nsscan_parse_name(buf, &type, ino) ? 0 : -EINVAL;
}

int nsscan_process(pid_t pid, struct nsscan_process *p)
{
	char path[64], self[32];
	int readable = 0, err = 0;

	/* /proc/self is the caller as this /proc numbers it, which may not be
	 * getpid() when /proc belongs to another PID namespace. */
	if (pid == 0) {
		ssize_t n = readlink("/proc/self", self, sizeof self - 1);
		self[n > 0 ? n : 0] = '\0';
		pid = atoi(self);
	}
	snprintf(path, sizeof path, "/proc/%d/ns", (int)pid);
	int dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		err = errno;
		diag_set(err, NULL, "open %s", path);
		if (err == ENOENT)
			diag_hint("no process %d (has it exited?)", (int)pid);
		return -1;
	}
	explain("readlink %s/*", path);
	p->pid = pid;
	for (int i = 0; i < NSSCAN_LINKS; i++) {
		struct nsscan_link *l = &p->links[i];
		*l = (struct nsscan_link){ .file = link_file(i), .type = link_type(i) };
		int rc = read_ns_link(dir, l->file, &l->ino);
		if (rc == 0)
			readable++;
		else
			l->err = err = -rc;
	}
	close(dir);
	if (readable == 0) {
		diag_set(err, NULL, "readlink %s/%s", path, p->links[0].file);
		if (err == EACCES)
			diag_hint("reading another process's namespaces needs ptrace access to it: run as "
				  "root (even root is refused a process holding capabilities it lacks; see "
				  "\"Ptrace access mode checking\" in ptrace(2))");
		else if (err == ENOENT)
			diag_hint("no process %d (has it exited?)", (int)pid);
		return -1;
	}
	return 0;
}

/* Is PID a kernel thread? Field 9 of /proc/PID/stat holds the task flags;
 * the command name before it may hold spaces, so count from the last ')'. */
static bool is_kernel_thread(pid_t pid)
{
	char path[64], buf[512];
	unsigned flags = 0;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	const char *p = strrchr(buf, ')');
	return p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %u", &flags) == 1 && (flags & PF_KTHREAD);
}

int nsscan_reference(struct nsscan_process *p)
{
	if (nsscan_process(1, p) == 0 && p->links[0].err == 0)
		return 0;
	/* kthreadd is the parent of every kernel thread; they all run in the
	 * initial namespaces (the kernel's init_nsproxy), where PID 1 starts. */
	if (!is_kernel_thread(2))
		return -1;
	explain("PID 1's namespaces cannot be read: comparing with kthreadd (PID 2) instead");
	return nsscan_process(2, p);
}

/* The inode of the namespace behind an nsfs file descriptor. */
static ino_t fd_ino(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

static bool has_parent(const struct ns_type *t)
{
	return t->flag == CLONE_NEWPID || t->flag == CLONE_NEWUSER;
}

/* One of the two ioctls that walk the namespace hierarchy (ioctl_ns(2)):
 * each returns a new file descriptor for the related namespace, of type
 * RESULT. EPERM means it lies outside the caller's view, or that an
 * initial namespace has no parent. */
static int ns_ioctl(int fd, unsigned long request, const char *label, const struct ns_type *result, bool trace)
{
	const char *name = request == NS_GET_PARENT ? "NS_GET_PARENT" : "NS_GET_USERNS";
	int related = ioctl(fd, request);

	if (trace && related >= 0)
		explain("ioctl(%s, %s) = %s:[%ju]", label, name, result->name, (uintmax_t)fd_ino(related));
	else if (trace)
		explain("ioctl(%s, %s): %s", label, name, strerror(errno));
	return related;
}

int nsscan_relatives(const char *path, const struct ns_type *t, ino_t *owner, ino_t *parent)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int related;

	*owner = *parent = 0;
	if (fd < 0)
		return diag_set(errno, NULL, "open %s", path);
	if ((related = ns_ioctl(fd, NS_GET_USERNS, path, ns_type_by_flag(CLONE_NEWUSER), true)) >= 0) {
		*owner = fd_ino(related);
		close(related);
	}
	if (has_parent(t) && (related = ns_ioctl(fd, NS_GET_PARENT, path, t, true)) >= 0) {
		*parent = fd_ino(related);
		close(related);
	}
	close(fd);
	return 0;
}

/* --- the machine-wide scan --- */

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
static long find_or_add(struct nsscan *s, ino_t ino, const struct ns_type *type)
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

/* What the lowest PID of a namespace shows: its owner and command line,
 * read once per process and only when some namespace needs it. */
struct process_info {
	pid_t pid;
	bool read;
	uid_t uid;
	char command[4096];
};

static void read_command(int proc, pid_t pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n = 0;

	snprintf(path, sizeof path, "%d/cmdline", (int)pid);
	int fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, len - 1);
		close(fd);
	}
	n = n > 0 ? n : 0;
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' '; /* the arguments are NUL-separated */
	buf[n] = '\0';
	if (n)
		return;
	/* A kernel thread has no command line: show its name as ps(1) does. */
	snprintf(path, sizeof path, "%d/comm", (int)pid);
	fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	buf[0] = '[';
	n = read(fd, buf + 1, len - 3);
	close(fd);
	n = n > 0 ? n : 0;
	if (n && buf[n] == '\n')
		n--;
	snprintf(buf + 1 + n, len - 1 - (size_t)n, "]");
}

static void read_process_info(int proc, struct process_info *info)
{
	char path[32];
	struct stat st;

	info->read = true;
	snprintf(path, sizeof path, "%d", (int)info->pid);
	/* /proc/PID belongs to the process's effective user, as lsns reads it. */
	info->uid = fstatat(proc, path, &st, 0) == 0 ? st.st_uid : (uid_t)-1;
	read_command(proc, info->pid, info->command, sizeof info->command);
}

static int count_process(struct nsscan *s, int proc, const struct ns_type *type, ino_t ino,
			 struct process_info *info)
{
	long i = find_or_add(s, ino, type);
	if (i < 0)
		return -1;
	struct nsscan_ns *ns = &s->ns[i];
	ns->nprocs++;
	if (ns->pid && ns->pid < info->pid)
		return 0;
	if (!info->read)
		read_process_info(proc, info);
	char *command = strdup(info->command);
	if (!command)
		return -1;
	free(ns->command);
	ns->command = command;
	ns->pid = info->pid;
	ns->uid = info->uid;
	return 0;
}

/* An open file descriptor for a namespace shows as net:[...] in /proc/PID/fd. */
static int scan_descriptors(struct nsscan *s, int proc, pid_t pid)
{
	char path[32], link[64];
	const struct ns_type *type;
	ino_t ino;
	struct dirent *d;

	snprintf(path, sizeof path, "%d/fd", (int)pid);
	int fd = openat(proc, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0; /* exited, or not ours to read */
	DIR *dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return 0;
	}
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		s->descriptors++;
		ssize_t n = readlinkat(fd, d->d_name, link, sizeof link - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (!nsscan_parse_name(link, &type, &ino))
			continue;
		long i = find_or_add(s, ino, type);
		if (i < 0) {
			closedir(dir);
			return -1;
		}
		if (!s->ns[i].fd_pid) {
			s->ns[i].fd_pid = pid;
			s->ns[i].fd = atoi(d->d_name);
		}
	}
	closedir(dir);
	return 0;
}

static int scan_process(struct nsscan *s, int proc, pid_t pid)
{
	char path[32];
	struct process_info info; /* not zeroed: its command is filled only on need */
	ino_t ino;

	info.pid = pid;
	info.read = false;

	snprintf(path, sizeof path, "%d/ns", (int)pid);
	int dir = openat(proc, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		s->gone++;
		return 0;
	}
	for (int t = 0; t < NS_TYPE_COUNT; t++) {
		int rc = read_ns_link(dir, ns_types[t].name, &ino);
		if (rc == -EACCES || rc == -ESRCH || (rc == -ENOENT && t == 0)) {
			/* Not ours to read (ptrace(2) access), or exited:
			 * either way the other links say the same. */
			*(rc == -EACCES ? &s->hidden : &s->gone) += 1;
			close(dir);
			return 0; /* the same check guards /proc/PID/fd */
		}
		if (rc == 0 && count_process(s, proc, &ns_types[t], ino, &info) < 0) {
			close(dir);
			return -1;
		}
	}
	close(dir);
	return scan_descriptors(s, proc, pid);
}

static int scan_processes(struct nsscan *s, DIR *proc)
{
	struct dirent *d;
	char *end;

	while ((d = readdir(proc))) {
		long pid = strtol(d->d_name, &end, 10);
		if (*end || pid <= 0)
			continue; /* not a process: /proc/self, /proc/meminfo, ... */
		s->processes++;
		if (scan_process(s, dirfd(proc), (pid_t)pid) < 0)
			return diag_set(ENOMEM, NULL, "scan /proc/%ld", pid);
	}
	explain("readlink /proc/PID/ns/* and /proc/PID/fd/* of %u processes (%u descriptors): "
		"%u exited meanwhile, %u not readable (ptrace access denied)",
		s->processes, s->descriptors, s->gone, s->hidden);
	return 0;
}

/* Record the nsfs mounts of one mount namespace, as seen by the process
 * whose /proc entry is WHO ("self" or a PID). A mount point is a path in
 * that process's root: from here it is reached through /proc/PID/root. */
static int scan_mounts(struct nsscan *s, int proc, const char *who)
{
	char path[64], *line = NULL;
	size_t len = 0;
	const struct ns_type *type;
	ino_t ino;
	int rc = 0;

	snprintf(path, sizeof path, "%s/mountinfo", who);
	explain("read /proc/%s", path);
	int fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return 0; /* the process exited: its mounts went with it */
	}
	while (rc == 0 && getline(&line, &len, f) > 0) {
		/* id parent major:minor root mountpoint options ... - fstype ... */
		char root[128], point[4096];
		const char *fstype = strstr(line, " - ");
		if (!fstype || strncmp(fstype + 3, "nsfs ", 5) ||
		    sscanf(line, "%*s %*s %*s %127s %4095s", root, point) != 2 ||
		    !nsscan_parse_name(root, &type, &ino))
			continue;
		mountinfo_unescape(point);
		long i = find_or_add(s, ino, type);
		if (i < 0) {
			rc = diag_set(ENOMEM, NULL, "read /proc/%s", path);
		} else if (!s->ns[i].mount) {
			char where[4200];
			if (!strcmp(who, "self"))
				snprintf(where, sizeof where, "%s", point);
			else
				snprintf(where, sizeof where, "/proc/%s/root%s", who, point);
			if (!(s->ns[i].mount = strdup(where)))
				rc = diag_set(ENOMEM, NULL, "read /proc/%s", path);
		}
	}
	free(line);
	fclose(f);
	return rc;
}

/* Bind mounts belong to a mount namespace. Read the caller's own first (its
 * paths work as they are), then, through one of its processes, each other
 * mount namespace the process scan found: a namespace bind-mounted inside
 * a container is kept there, not here. */
static int scan_all_mounts(struct nsscan *s, int proc)
{
	ino_t own = 0;
	size_t scanned = s->count; /* those found by scan_mounts have no process */

	read_ns_link(proc, "self/ns/mnt", &own);
	if (scan_mounts(s, proc, "self") < 0)
		return -1;
	for (size_t i = 0; i < scanned; i++) {
		char who[16];
		if (s->ns[i].type->flag != CLONE_NEWNS || s->ns[i].ino == own || !s->ns[i].pid)
			continue;
		snprintf(who, sizeof who, "%d", (int)s->ns[i].pid);
		if (scan_mounts(s, proc, who) < 0)
			return -1;
	}
	return 0;
}

/* Open namespace I by any way that still leads to it: its lowest process,
 * its bind mount, the descriptor that holds it. The inode is checked, as a
 * PID may now belong to another process. LABEL gets the path, for --explain. */
static int open_ns(const struct nsscan *s, int proc, size_t i, char *label, size_t len)
{
	const struct nsscan_ns *ns = &s->ns[i];

	for (int way = 0; way < 3; way++) {
		int fd = -1;
		if (way == 0 && ns->pid) {
			snprintf(label, len, "/proc/%d/ns/%s", (int)ns->pid, ns->type->name);
			fd = openat(proc, label + 6, O_RDONLY | O_CLOEXEC);
		} else if (way == 1 && ns->mount) {
			snprintf(label, len, "%s", ns->mount);
			fd = open(label, O_RDONLY | O_CLOEXEC);
		} else if (way == 2 && ns->fd_pid) {
			snprintf(label, len, "/proc/%d/fd/%d", (int)ns->fd_pid, ns->fd);
			fd = openat(proc, label + 6, O_RDONLY | O_CLOEXEC);
		}
		if (fd >= 0 && fd_ino(fd) == ns->ino)
			return fd;
		if (fd >= 0)
			close(fd);
	}
	return -1;
}

static int relate(struct nsscan *s, size_t i, int fd, const char *label, bool trace);

/* Record the namespace behind RELATED, a descriptor an ioctl returned,
 * and follow its own relations while it is open: a namespace kept alive
 * only as a parent or an owner has no other way in. */
static int follow(struct nsscan *s, int related, const struct ns_type *type, ino_t *ino, bool trace)
{
	char label[48];
	long j;
	int rc = 0;

	*ino = fd_ino(related);
	j = find_or_add(s, *ino, type);
	if (j < 0) {
		rc = -1;
	} else if (!s->ns[j].related) {
		snprintf(label, sizeof label, "%s:[%ju]", type->name, (uintmax_t)*ino);
		rc = relate(s, (size_t)j, related, label, trace);
	}
	close(related);
	return rc;
}

static int relate(struct nsscan *s, size_t i, int fd, const char *label, bool trace)
{
	const struct ns_type *type = s->ns[i].type, *user = ns_type_by_flag(CLONE_NEWUSER);
	int related;
	ino_t ino;

	s->ns[i].related = true;
	if (has_parent(type) && (related = ns_ioctl(fd, NS_GET_PARENT, label, type, trace)) >= 0) {
		if (follow(s, related, type, &ino, trace) < 0)
			return -1;
		s->ns[i].parent = ino;
	}
	/* The owner of a user namespace is its parent (ioctl_ns(2)). */
	if (type == user) {
		s->ns[i].owner = s->ns[i].parent;
		return 0;
	}
	if ((related = ns_ioctl(fd, NS_GET_USERNS, label, user, trace)) >= 0) {
		if (follow(s, related, user, &ino, trace) < 0)
			return -1;
		s->ns[i].owner = ino;
	}
	return 0;
}

static int relate_all(struct nsscan *s, int proc, bool trace)
{
	char label[4200];
	unsigned related = 0;

	for (size_t i = 0; i < s->count; i++) {
		if (s->ns[i].related)
			continue;
		int fd = open_ns(s, proc, i, label, sizeof label);
		if (fd < 0)
			continue; /* every holder went away since the scan */
		int rc = relate(s, i, fd, label, trace);
		close(fd);
		if (rc < 0)
			return diag_set(ENOMEM, NULL, "follow the namespace hierarchy");
	}
	for (size_t i = 0; i < s->count; i++)
		related += s->ns[i].related;
	if (!trace)
		explain("ioctl(NS_GET_USERNS) and, for pid and user namespaces, ioctl(NS_GET_PARENT) "
			"on %u namespaces, each opened by /proc/PID/ns/TYPE, a bind mount or /proc/PID/fd/N",
			related);
	return 0;
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
