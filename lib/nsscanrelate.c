/* nsscanrelate — the namespace hierarchy, see nsscan.h: a namespace's
 * owning user namespace and its parent, by the ioctls of ioctl_ns(2), for
 * one file (nsscan_relatives) or every namespace the scan found. */
#include "nsscanner.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

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

int relate_all(struct nsscan *s, int proc, bool trace)
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
