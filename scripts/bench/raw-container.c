/* raw-container — the least a container start can cost: the near-physical
 * limit that scripts/bench/ctr-run measures ctr-run, runc and crun against.
 *
 *   raw-container ROOTFS COMMAND [ARG...]
 *
 * One clone(2) into new PID, mount, UTS, IPC and network namespaces; in
 * the child: every mount private, ROOTFS bind-mounted onto itself (a mount
 * point, as pivot_root(2) needs) and made read-only, a new /proc in it, pivot_root(".", ".")
 * and the old root detached (the trick runc uses: no directory for the old
 * root is needed, so ROOTFS is not written), then execv(COMMAND). The
 * parent waits and exits with the command's status.
 *
 * No cgroup, no capabilities dropped, no record, no overlay, no error
 * messages worth the name: what is left when a runtime does nothing else.
 * Built by the benchmark script, not by the Makefile.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char **command;
static const char *rootfs;
static char stack[64 * 1024];

static int fail(const char *what)
{
	perror(what);
	return 125;
}

static int child(void *arg)
{
	(void)arg;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail("mount private");
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return fail("bind rootfs");
	/* The store's layer is shared: never written, as the peers' roots. */
	if (mount(NULL, rootfs, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
		return fail("remount rootfs read-only");
	if (chdir(rootfs) < 0)
		return fail("chdir rootfs");
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return fail("mount proc");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return fail("pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		return fail("umount old root");
	if (chdir("/") < 0)
		return fail("chdir /");
	execv(command[0], command);
	return fail("execv") + 2; /* 127 */
}

int main(int argc, char **argv)
{
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: raw-container ROOTFS COMMAND [ARG...]\n");
		return 125;
	}
	rootfs = argv[1];
	command = argv + 2;
	pid_t pid = clone(child, stack + sizeof stack,
			  CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | SIGCHLD, NULL);
	if (pid < 0)
		return fail("clone");
	if (waitpid(pid, &status, 0) < 0)
		return fail("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
