/* nsscan — see nsscan.h: one process's namespaces, read from
 * /proc/PID/ns, and the process others are compared with. The
 * machine-wide scan is in nsscanmachine.c and the files it names. */
#include "nsscanner.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
int read_ns_link(int dirfd, const char *name, ino_t *ino)
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
