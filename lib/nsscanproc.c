/* nsscanproc — the namespaces processes hold, for nsscan_machine (see
 * nsscan.h): each process's /proc/PID/ns links, with the lowest PID's
 * owner and command line, and the namespace descriptors in /proc/PID/fd. */
#include "nsscanner.h"
#include "diag.h"
#include "explain.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int scan_processes(struct nsscan *s, DIR *proc)
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
