/* rootfs — see rootfs.h. */
#include "rootfs.h"
#include "diag.h"
#include "explain.h"
#include "idmap.h"
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* The device nodes every container gets, as runc and Docker make them. */
static const struct { const char *name; unsigned major, minor; } dev_nodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};
static const struct { const char *name, *target; } dev_links[] = {
	{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	{ "ptmx", "pts/ptmx" },
};

int rootfs_mount_proc(int rootfd)
{
	if (mount_in_root(rootfd, "/proc", true, "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
		return 0;
	if (diag_errno() == EPERM && idmap_in_user_namespace())
		diag_hint("in a user namespace, proc can be mounted only for a PID namespace it owns: "
			  "start with ns-clone -Ur -pm -- %s ...", diag_prog());
	return -1;
}

int rootfs_mount_sys(int rootfd)
{
	if (mount_in_root(rootfd, "/sys", true, "sysfs", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
		return 0;
	/* The kernel lets only the user namespace that owns the network
	 * namespace mount sysfs (it shows that namespace's devices). Without a
	 * network namespace of our own, a sysfs of our own would show the
	 * host's devices anyway: bind the host's, read-only, as runc does. */
	if (diag_errno() != EPERM || !idmap_in_user_namespace())
		return -1;
	explain("sysfs refused (EPERM): the network namespace is not this user namespace's; binding the host's /sys read-only");
	return mount_bind_in_root(rootfd, "/sys", "/sys", true);
}

/* The nodes, in the /dev directory DEV of the root. */
static int make_dev_nodes(int rootfd, int dev)
{
	bool bind_nodes = false;
	char path[64];

	for (size_t i = 0; i < sizeof dev_nodes / sizeof dev_nodes[0]; i++) {
		snprintf(path, sizeof path, "/dev/%s", dev_nodes[i].name);
		if (!bind_nodes) {
			explain("mknodat(%d, \"%s\", S_IFCHR|0666, makedev(%u, %u))  (%s in the root)", dev,
				dev_nodes[i].name, dev_nodes[i].major, dev_nodes[i].minor, path);
			if (mknodat(dev, dev_nodes[i].name, S_IFCHR | 0666, makedev(dev_nodes[i].major, dev_nodes[i].minor)) == 0)
				continue;
			if (errno != EPERM)
				return diag_set(errno, NULL, "mknod %s in the root", path);
			/* Only the initial user namespace may make device nodes. */
			explain("mknodat refused (EPERM): bind-mounting the host's device nodes instead");
			bind_nodes = true;
		}
		if (mount_in_root(rootfd, path, false, path, NULL, MS_BIND, NULL) < 0)
			return -1;
	}
	return 0;
}

static int make_dev_links(int dev)
{
	for (size_t i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++) {
		explain("symlinkat(\"%s\", %d, \"%s\")", dev_links[i].target, dev, dev_links[i].name);
		if (symlinkat(dev_links[i].target, dev, dev_links[i].name) < 0)
			return diag_set(errno, NULL, "symlink /dev/%s in the root", dev_links[i].name);
	}
	return 0;
}

int rootfs_mount_dev(int rootfd, bool *mqueue)
{
	*mqueue = false;
	if (mount_in_root(rootfd, "/dev", true, "tmpfs", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k") < 0)
		return -1;
	int dev = mount_open_in_root(rootfd, "/dev", O_DIRECTORY);
	if (dev < 0)
		return -1;
	int rc = make_dev_nodes(rootfd, dev) < 0 || make_dev_links(dev) < 0 ? -1 : 0;
	close(dev);
	if (rc < 0)
		return -1;

	/* A devpts of its own: the container's ptys are not the host's. gid=5
	 * (tty) exists only where the user namespace maps it. */
	if (mount_in_root(rootfd, "/dev/pts", true, "devpts", "devpts", MS_NOSUID | MS_NOEXEC,
			  "newinstance,ptmxmode=0666,mode=0620,gid=5") < 0) {
		if (diag_errno() != EINVAL ||
		    mount_in_root(rootfd, "/dev/pts", true, "devpts", "devpts", MS_NOSUID | MS_NOEXEC,
				  "newinstance,ptmxmode=0666,mode=0620") < 0)
			return -1;
	}
	if (mount_in_root(rootfd, "/dev/shm", true, "shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "mode=1777,size=65536k") < 0)
		return -1;
	if (mount_in_root(rootfd, "/dev/mqueue", true, "mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0) {
		*mqueue = true;
		return 0;
	}
	/* mqueue shows the IPC namespace's queues: only its owner may mount
	 * it. The caller says so, and goes on without. */
	return diag_errno() == EPERM && idmap_in_user_namespace() ? 0 : -1;
}

int rootfs_bind_console(int rootfd, const char *tty)
{
	return mount_in_root(rootfd, "/dev/console", false, tty, NULL, MS_BIND, NULL);
}
