/* ns — see ns.h. */
#include "ns.h"
#include "diag.h"
#include "explain.h"
#include "kfile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

const struct ns_type ns_types[NS_TYPE_COUNT] = {
	{ "user",   "user",   CLONE_NEWUSER,   'U', "user and group IDs, capabilities" },
	{ "cgroup", "cgroup", CLONE_NEWCGROUP, 'C', "the cgroup root directory" },
	{ "ipc",    "ipc",    CLONE_NEWIPC,    'i', "System V IPC, POSIX message queues" },
	{ "uts",    "uts",    CLONE_NEWUTS,    'u', "hostname and NIS domain name" },
	{ "net",    "net",    CLONE_NEWNET,    'n', "network devices, stacks, ports" },
	{ "pid",    "pid",    CLONE_NEWPID,    'p', "process IDs" },
	{ "mnt",    "mount",  CLONE_NEWNS,     'm', "mount points" },
	{ "time",   "time",   CLONE_NEWTIME,   'T', "boot and monotonic clocks" },
};

const struct ns_type *ns_type_by_name(const char *name)
{
	for (int i = 0; i < NS_TYPE_COUNT; i++)
		if (!strcmp(name, ns_types[i].name) || !strcmp(name, ns_types[i].long_name))
			return &ns_types[i];
	return NULL;
}

const struct ns_type *ns_type_by_flag(int flag)
{
	for (int i = 0; i < NS_TYPE_COUNT; i++)
		if (ns_types[i].flag == flag)
			return &ns_types[i];
	return NULL;
}

const struct ns_type *ns_type_by_letter(char letter)
{
	for (int i = 0; i < NS_TYPE_COUNT; i++)
		if (ns_types[i].letter == letter)
			return &ns_types[i];
	return NULL;
}

/* The flag names as the kernel headers spell them, for --explain. */
static const char *flag_name(int flag)
{
	switch (flag) {
	case CLONE_NEWUSER: return "CLONE_NEWUSER";
	case CLONE_NEWCGROUP: return "CLONE_NEWCGROUP";
	case CLONE_NEWIPC: return "CLONE_NEWIPC";
	case CLONE_NEWUTS: return "CLONE_NEWUTS";
	case CLONE_NEWNET: return "CLONE_NEWNET";
	case CLONE_NEWPID: return "CLONE_NEWPID";
	case CLONE_NEWNS: return "CLONE_NEWNS";
	case CLONE_NEWTIME: return "CLONE_NEWTIME";
	}
	return "?";
}

const char *ns_flags_str(unsigned long flags, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < NS_TYPE_COUNT; i++) {
		/* CLONE_NEWTIME (0x80) sits inside the exit-signal byte of clone(2)'s
		 * flags; it is only ever passed to unshare(2) and setns(2). */
		if (ns_types[i].flag == CLONE_NEWTIME && (flags & 0xff) != CLONE_NEWTIME)
			continue;
		if (flags & (unsigned long)ns_types[i].flag)
			o += snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? "|" : "",
				      flag_name(ns_types[i].flag));
	}
	int sig = flags & 0xff;
	if (sig && sig != CLONE_NEWTIME)
		o += snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? "|" : "",
			      sig == SIGCHLD ? "SIGCHLD" : "signal");
	if (o == 0)
		snprintf(buf, len, "0");
	return buf;
}

int ns_fd_type(int fd)
{
	int t = ioctl(fd, NS_GET_NSTYPE);
	if (t < 0)
		return diag_set(errno, "the file is not a namespace file (like /proc/PID/ns/net)",
				"ioctl(NS_GET_NSTYPE)");
	return t;
}

int ns_fd_owner(int fd)
{
	int owner = ioctl(fd, NS_GET_USERNS);
	if (owner < 0)
		return diag_set(errno,
				errno == EPERM ? "the owning user namespace is outside this process's own" : NULL,
				"ioctl(NS_GET_USERNS)");
	return owner;
}

int ns_fd_parent(int fd)
{
	int parent = ioctl(fd, NS_GET_PARENT);
	if (parent < 0)
		return diag_set(errno,
				errno == EPERM ? "the parent is outside this process's namespace" :
				errno == EINVAL ? "only pid and user namespaces have parents" : NULL,
				"ioctl(NS_GET_PARENT)");
	return parent;
}

int ns_fd_owner_uid(int fd, uid_t *uid)
{
	if (ioctl(fd, NS_GET_OWNER_UID, uid) < 0)
		return diag_set(errno, "only user namespaces have an owner UID",
				"ioctl(NS_GET_OWNER_UID)");
	return 0;
}

int ns_open(const char *path, const struct ns_type *t)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(errno, errno == ENOENT ? "check the path, or that the process still exists" : NULL,
				"open %s", path);
	if (!t)
		return fd;
	int type = ns_fd_type(fd);
	if (type < 0) {
		close(fd);
		return diag_set(diag_errno(), "give a file from /proc/PID/ns/ or one left by ns-clone --persist",
				"%s is not a namespace file", path);
	}
	if (type != t->flag) {
		const struct ns_type *actual = ns_type_by_flag(type);
		close(fd);
		return diag_set(0, "give the file for the matching type",
				"%s is a %s namespace, not a %s namespace", path,
				actual ? actual->name : "unknown", t->name);
	}
	return fd;
}

int ns_persist(pid_t pid, const struct ns_type *t, const char *dir)
{
	char src[64], dst[4096];
	int fd;

	snprintf(src, sizeof src, "/proc/%d/ns/%s", (int)pid, t->name);
	if (snprintf(dst, sizeof dst, "%s/%s", dir, t->name) >= (int)sizeof dst)
		return diag_set(ENAMETOOLONG, NULL, "persist into %s", dir);

	/* A bind mount needs something to mount over: an empty file. */
	fd = open(dst, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0444);
	if (fd < 0)
		return diag_set(errno, errno == ENOENT ? "create the directory first (mkdir -p)" : NULL,
				"create %s", dst);
	close(fd);

	explain("mount(\"%s\", \"%s\", MS_BIND)", src, dst);
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0) {
		int err = errno;
		/* A mount of a mnt namespace file could make a reference loop,
		 * so the kernel refuses (EINVAL) to copy one to another namespace
		 * — the bind fails where it would propagate: onto a shared mount
		 * with peers (mount_namespaces(7)) — and refuses one made by a
		 * process whose own mount namespace has a higher ID than the kept
		 * one (mnt_ns_loop() in fs/namespace.c). */
		const char *hint = t->flag == CLONE_NEWNS && err == EINVAL ?
			"a mnt namespace can only be kept on a mount that propagates nowhere "
			"(mount --bind DIR DIR && mount --make-private DIR first), and only when its ID "
			"is above that of the caller's own mount namespace: if DIR is private, try again" : NULL;
		unlink(dst);
		return diag_set(err, hint, "bind-mount %s onto %s", src, dst);
	}
	return 0;
}

int ns_unpersist(const struct ns_type *t, const char *dir)
{
	char dst[4096];

	snprintf(dst, sizeof dst, "%s/%s", dir, t->name);
	explain("umount2(\"%s\", MNT_DETACH)", dst);
	if (umount2(dst, MNT_DETACH) < 0)
		return diag_set(errno, NULL, "unmount %s", dst);
	if (unlink(dst) < 0)
		return diag_set(errno, NULL, "remove %s", dst);
	return 0;
}

int ns_persist_all(pid_t pid, int flags, const char *dir)
{
	int done = 0;

	for (int i = 0; i < NS_TYPE_COUNT; i++) {
		if (!(flags & ns_types[i].flag))
			continue;
		if (ns_persist(pid, &ns_types[i], dir) < 0)
			goto undo;
		done |= ns_types[i].flag;
	}
	return 0;
undo:
	/* Leave nothing half-made: unbind what was bound. */
	for (int i = 0; i < NS_TYPE_COUNT; i++)
		if (done & ns_types[i].flag)
			ns_unpersist(&ns_types[i], dir);
	return -1;
}

const char *ns_create_hint(int err, int flags)
{
	char buf[32];

	if (err == EPERM && (flags & CLONE_NEWUSER)) {
		if (kfile_read("/proc/sys/user/max_user_namespaces", buf, sizeof buf) > 0 && atoi(buf) == 0)
			return "user namespaces are disabled (see /proc/sys/user/max_user_namespaces)";
		if (kfile_read("/proc/sys/kernel/unprivileged_userns_clone", buf, sizeof buf) > 0 && atoi(buf) == 0)
			return "unprivileged user namespaces are disabled (see /proc/sys/kernel/unprivileged_userns_clone)";
		return "the kernel or a security module refused a new user namespace";
	}
	if (err == EPERM)
		return "new namespaces need CAP_SYS_ADMIN: run as root, or add -U/--user to create them inside a new user namespace";
	if (err == ENOSPC || err == EUSERS)
		return "the limit for this namespace type is reached (see /proc/sys/user/max_*_namespaces)";
	if (err == EINVAL)
		return "this kernel lacks one of the namespace types asked for";
	return NULL;
}
