/* nsjoin — see nsjoin.h. */
#include "nsjoin.h"
#include "diag.h"
#include "explain.h"
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

void nsjoin_init(struct nsjoin *j)
{
	*j = (struct nsjoin){ 0 };
	for (int i = 0; i < NS_TYPE_COUNT; i++)
		j->file[i].fd = -1;
}

/* The slot of type FLAG: where it sits in ns_types. */
static const struct nsjoin_file *slot(const struct nsjoin *j, int flag)
{
	return &j->file[ns_type_by_flag(flag) - ns_types];
}

/* True when the kernel has namespaces of type T at all: each type it has
 * shows as a link in /proc/self/ns. */
static bool kernel_has(const struct ns_type *t)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof path, "/proc/self/ns/%s", t->name);
	return lstat(path, &st) == 0;
}

/* True when this process is already in PID's namespace of type T: the
 * same namespace is the same nsfs inode. */
static bool already_in(pid_t pid, const struct ns_type *t)
{
	char path[64];
	struct stat mine, theirs;

	snprintf(path, sizeof path, "/proc/self/ns/%s", t->name);
	if (stat(path, &mine) < 0)
		return false;
	snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, t->name);
	if (stat(path, &theirs) < 0)
		return false; /* let the open report it */
	return mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino;
}

int nsjoin_open(struct nsjoin *j, pid_t pid, bool all)
{
	char path[64];
	struct stat st;

	if (pid) {
		snprintf(path, sizeof path, "/proc/%d", (int)pid);
		if (stat(path, &st) < 0 && errno == ENOENT)
			return diag_set(0, "look the PID up again (ps, pgrep); a namespace outlives its processes only "
					"when something keeps it, as ns-clone --persist does",
					"no process %d: it exited or never existed", (int)pid);
	}
	for (int i = 0; i < NS_TYPE_COUNT; i++) {
		const struct ns_type *t = &ns_types[i];
		struct nsjoin_file *f = &j->file[i];

		if (!f->wanted && all) {
			/* setns(2) refuses to re-enter one's own user namespace,
			 * and joining any other one we are in changes nothing. */
			f->wanted = kernel_has(t) && !already_in(pid, t);
		}
		if (!f->wanted)
			continue;
		if (!kernel_has(t))
			return diag_set(0, "the kernel is too old for it or was built without it (see namespaces(7))",
					"this kernel has no %s namespaces (/proc/self/ns/%s is missing)", t->name, t->name);
		if (!f->path) {
			snprintf(f->proc_path, sizeof f->proc_path, "/proc/%d/ns/%s", (int)pid, t->name);
			f->path = f->proc_path;
		}
		/* ns_open checks the type (ioctl NS_GET_NSTYPE): a FILE given by
		 * the user may be any file, or a namespace of another type. */
		f->fd = ns_open(f->path, t);
		if (f->fd < 0) {
			int err = diag_errno();
			if (f->path == f->proc_path && (err == EACCES || err == EPERM))
				diag_hint("opening another process's namespace files takes the right to ptrace "
					  "it (see ptrace(2), access mode checking): run as root or as its user");
			return -1;
		}
		explain("open(\"%s\") = %d", f->path, f->fd);
	}
	return 0;
}

bool nsjoin_will_join(const struct nsjoin *j, int flag)
{
	return slot(j, flag)->fd >= 0;
}

static const char *setns_hint(const struct nsjoin *j, const struct nsjoin_file *f, const struct ns_type *t, int err)
{
	struct stat mine, theirs;

	if (err == EPERM && t->flag == CLONE_NEWUSER)
		return "joining a user namespace needs CAP_SYS_ADMIN in it, and a caller that is not in a chroot: run as root";
	if (err == EPERM && slot(j, CLONE_NEWUSER)->joined)
		return "inside the joined user namespace you hold capabilities only over namespaces it owns, "
		       "and this one belongs to another: leave out -U, or give the user namespace that owns it";
	if (err == EPERM)
		return "joining needs CAP_SYS_ADMIN in the user namespace that owns the namespace "
		       "(and CAP_SYS_CHROOT for a mount namespace): run as root, or join that user namespace too with -U";
	if (err == EINVAL && t->flag == CLONE_NEWUSER) {
		if (stat("/proc/self/ns/user", &mine) == 0 && fstat(f->fd, &theirs) == 0 &&
		    mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino)
			return "you are already in this user namespace, and setns(2) will not re-enter it: "
			       "leave out -U (-a skips the namespaces you share)";
		return "a process with threads cannot join a user namespace";
	}
	if (err == EINVAL && t->flag == CLONE_NEWPID)
		return "a process can only join a PID namespace below its own (pid_namespaces(7))";
	if (err == EUSERS && t->flag == CLONE_NEWTIME)
		return "a process with threads cannot join a time namespace";
	return NULL;
}

int nsjoin_setns(struct nsjoin *j, const struct ns_type *t)
{
	struct nsjoin_file *f = &j->file[t - ns_types];
	char flag[32];

	ns_flags_str((unsigned long)t->flag, flag, sizeof flag);
	explain("setns(%s, %s)", f->path, flag);
	if (setns(f->fd, t->flag) < 0) {
		int err = errno;
		return diag_set(err, setns_hint(j, f, t, err), "setns(%s, %s)", f->path, flag);
	}
	close(f->fd);
	f->fd = -1;
	f->joined = true;
	return 0;
}

pid_t nsjoin_fork(sigset_t *old_mask)
{
	int order[2] = { -1, -1 };
	char go;

	if (explain_on() && pipe2(order, O_CLOEXEC) < 0)
		return diag_set(errno, NULL, "pipe");
	supervise_block(old_mask);
	pid_t child = fork();
	if (child < 0) {
		int err = errno;
		supervise_unblock(old_mask);
		if (order[0] >= 0) {
			close(order[0]);
			close(order[1]);
		}
		/* Once a PID namespace's init has exited, no process can be
		 * made in it: fork(2) fails with ENOMEM (pid_namespaces(7)). */
		return diag_set(err, err == ENOMEM ?
				"the PID namespace's init (its PID 1) has exited: no new process can enter it" : NULL,
				"fork into the PID namespace");
	}
	if (child == 0) {
		if (order[0] >= 0) {
			close(order[1]);
			while (read(order[0], &go, 1) < 0 && errno == EINTR)
				;
			close(order[0]);
		}
		return 0;
	}
	explain("fork() = %d", (int)child);
	if (order[0] >= 0) {
		close(order[0]);
		close(order[1]); /* end of file: the child goes on */
	}
	return child;
}

void nsjoin_close(struct nsjoin *j)
{
	for (int i = 0; i < NS_TYPE_COUNT; i++)
		if (j->file[i].fd >= 0) {
			close(j->file[i].fd);
			j->file[i].fd = -1;
		}
}
