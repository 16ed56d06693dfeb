/* rootfs-pivot — run a command with a directory as its root filesystem.
 *
 * In a mount namespace no other process shares, rootfs-pivot makes ROOTFS a
 * mount of its own, fills in what a container expects (a fresh /proc, a
 * read-only /sys, a small /dev, volumes, Docker's masked paths), then swaps
 * it in as the root with pivot_root(2), detaches the old root and execs the
 * command:
 *
 *   unshare(CLONE_NEWNS)                 unless alone in a mount namespace
 *   mount / MS_REC|MS_PRIVATE            nothing we do may reach the host
 *   bind ROOTFS on itself                pivot_root needs a mount point
 *   /proc /sys /dev volumes masks        each onto /proc/self/fd/N of a target
 *                                        opened with openat2(RESOLVE_IN_ROOT)
 *   fchdir(ROOTFS); pivot_root(".", "."); umount2(".", MNT_DETACH); chdir("/")
 *   execvp(COMMAND)                      or, --host-exec, execveat(fd, "")
 *
 * --host-exec: the next link of a chain is often a ctrkit tool (ctr-creds
 * drops capabilities, which must come after the mounts), and the root does
 * not contain it. So COMMAND is looked up on the host and opened O_PATH
 * before anything changes, and that descriptor is executed once the root
 * is the container's: no bind mount of the host's binaries left behind, no
 * descriptor leaked (O_CLOEXEC: execveat closes it as it succeeds).
 *
 * The lesson of CVE-2019-5736: while that host binary runs in the
 * container's root, /proc/PID/exe of its process is the host's file, and a
 * process of the container that opens it can rewrite the host's binary
 * (runc was overwritten that way, through a container's `docker exec`).
 * A host tool run this way must make itself non-dumpable first
 * (prctl(PR_SET_DUMPABLE, 0): /proc/PID/exe and /proc/PID/fd then need
 * CAP_SYS_PTRACE, which a container does not get) and stay so until it
 * execs the container's own command; ctr-creds does.
 */
#include "diag.h"
#include "exec.h"
#include "explain.h"
#include "mount.h"
#include "mountopts.h"
#include "mountns.h"
#include "newroot.h"
#include "opt.h"
#include "overlay.h"
#include "rootfs.h"
#include "systempaths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [OPTIONS] ROOTFS [--] COMMAND [ARG...]\n"
	"Run a command with a directory as its root filesystem.\n"
	"\n"
	"%1$s makes ROOTFS a mount, gives it a new /proc, a read-only /sys and a small\n"
	"/dev, makes it the root with pivot_root(2), detaches the old root, and\n"
	"executes COMMAND in it.\n"
	"\n"
	"Options:\n"
	"      --read-only         make the root read-only once it is set up\n"
	"      --bind SRC:DST[:ro] bind-mount the host's SRC onto DST in the root, read-only\n"
	"                          with :ro; repeat for more volumes\n"
	"      --tmpfs DST[:OPTIONS]\n"
	"                          mount an empty tmpfs on DST in the root, nosuid and\n"
	"                          nodev, then OPTIONS as mount(8) takes them (noexec,\n"
	"                          ro, size=64m, mode=1777, uid=, gid=...); repeatable\n"
	"      --overlay LOWER[:LOWER...]\n"
	"                          mount an overlayfs of the LOWER directories (the first\n"
	"                          on top) on ROOTFS, with writes going to a tmpfs, so the\n"
	"                          layers stay as they are (copy-on-write)\n"
	"      --upper DIR         with --overlay: keep the writes in DIR/upper (and the\n"
	"                          overlay's work dir in DIR/work) instead of a tmpfs\n"
	"      --workdir DIR       start COMMAND in DIR of the root (made if missing)\n"
	"      --no-mask           leave /proc/kcore & co. visible and /proc/sys & co.\n"
	"                          writable (see below)\n"
	"      --chroot            use chroot(2), not pivot_root(2): the old root stays\n"
	"                          mounted and root inside can escape to it (for lessons)\n"
	"      --host-exec         COMMAND is the host's: find it on the host's PATH and\n"
	"                          open it before the root changes, then run that file\n"
	"                          in the new root (a ctrkit tool as the next link of\n"
	"                          the chain; ELF binaries only, not #! scripts)\n"
	"      --console           stdin is a pty (ctr-tty's): bind it onto /dev/console\n"
	"                          in the root, as runc does, so that the command's\n"
	"                          terminal has a name there (tty says /dev/console)\n"
	"      --explain           print each system call as it is made\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"What the root gets:\n"
	"  /proc       a new proc filesystem (under ns-clone -p: of the new PID namespace)\n"
	"  /sys        sysfs, read-only; in a user namespace without a network namespace\n"
	"              of its own, the host's /sys bound read-only (what sysfs shows\n"
	"              belongs to the network namespace, which only its owner may mount)\n"
	"  /dev        a tmpfs with null zero full random urandom tty (bind-mounted from\n"
	"              the host where mknod(2) is not permitted, as in a user namespace),\n"
	"              symlinks fd stdin stdout stderr ptmx, pts (a new devpts instance),\n"
	"              shm (tmpfs) and mqueue\n"
	"  masked      /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug\n"
	"              /proc/scsi /proc/acpi /proc/latency_stats /sys/firmware\n"
	"              /sys/devices/virtual/powercap: /dev/null or an empty read-only tmpfs\n"
	"  read-only   /proc/sys /proc/sysrq-trigger /proc/irq /proc/bus /proc/fs /proc/asound\n"
	"\n"
	"Mount namespace:\n"
	"  Mounts and pivot_root(2) change the mount namespace for every process in it.\n"
	"  When the caller shares its mount namespace with any other process (the\n"
	"  host's, or a shell's), %1$s first makes one of its own (unshare(2)\n"
	"  CLONE_NEWNS); alone in one (as under ns-clone -m) it works in that one, so\n"
	"  ns-clone --persist and ns-enter -m see the container's mounts.\n"
	"\n"
	"A hostile ROOTFS:\n"
	"  Every path in the root is opened with openat2(2) RESOLVE_IN_ROOT, so a symlink\n"
	"  such as /proc -> ../../../etc or -> /etc resolves inside ROOTFS, and the mount\n"
	"  goes onto /proc/self/fd/N of the file opened, never onto a path looked up again.\n"
	"\n"
	"A host tool in the root (--host-exec):\n"
	"  COMMAND is opened O_PATH|O_CLOEXEC on the host and run with execveat(2)\n"
	"  AT_EMPTY_PATH after pivot_root(2): nothing of the host is mounted in the root\n"
	"  for it, and no descriptor is left open. While it runs, /proc/PID/exe is the\n"
	"  host's file (CVE-2019-5736): the tool must be non-dumpable, as ctr-creds is.\n"
	"\n"
	"Exit status:\n"
	"  the command's own; 125 if %1$s failed, 126 if the command could not be\n"
	"  executed, 127 if it was not found.\n"
	"\n"
	"Examples:\n"
	"  ns-clone -pmu --hostname box -- %1$s /srv/rootfs -- /bin/sh\n"
	"  ns-clone -Ur -pm -- %1$s --read-only --tmpfs /tmp /srv/rootfs -- /bin/sh   (rootless)\n"
	"  %1$s --overlay /srv/layers/app:/srv/layers/base /mnt/merged -- /bin/sh\n"
	"  ns-clone -pmu -- %1$s --host-exec /srv/rootfs -- ctr-creds --user nobody -- sh\n";

#define MAX_VOLUMES 64

/* A volume: a --bind (SOURCE set) or a --tmpfs, in command-line order. */
struct volume {
	const char *source;
	char *target;
	bool read_only;
	unsigned long tmpfs_flags; /* --tmpfs: mount(2) flags and data */
	char tmpfs_data[256];
};

/* Everything the command line asks for: the plan, executed by main(). */
struct plan {
	const char *rootfs;
	struct volume volumes[MAX_VOLUMES];
	int nvolumes;
	const char *overlay, *upper, *workdir;
	bool read_only, no_mask, chroot, host_exec, console;
	char **command;
	int host_fd;          /* --host-exec: the command's file, opened on the host */
	char host_path[4096]; /* and where it was found */
};

enum { OPT_READ_ONLY = OPT_TOOL_BASE, OPT_BIND, OPT_TMPFS, OPT_OVERLAY, OPT_UPPER,
       OPT_WORKDIR, OPT_NO_MASK, OPT_CHROOT, OPT_HOST_EXEC, OPT_CONSOLE };

static const struct option options[] = {
	{ "read-only", no_argument, NULL, OPT_READ_ONLY },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "tmpfs", required_argument, NULL, OPT_TMPFS },
	{ "overlay", required_argument, NULL, OPT_OVERLAY },
	{ "upper", required_argument, NULL, OPT_UPPER },
	{ "workdir", required_argument, NULL, OPT_WORKDIR },
	{ "no-mask", no_argument, NULL, OPT_NO_MASK },
	{ "chroot", no_argument, NULL, OPT_CHROOT },
	{ "host-exec", no_argument, NULL, OPT_HOST_EXEC },
	{ "console", no_argument, NULL, OPT_CONSOLE },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static struct volume *add_volume(struct plan *p)
{
	if (p->nvolumes == MAX_VOLUMES)
		die_usage("at most %d --bind and --tmpfs volumes", MAX_VOLUMES);
	return &p->volumes[p->nvolumes++];
}

/* DST or DST:OPTIONS. */
static void parse_tmpfs(struct plan *p, char *spec)
{
	struct volume *v = add_volume(p);
	char *opts = strchr(spec, ':');

	if (opts)
		*opts++ = '\0';
	if (spec[0] != '/')
		die_usage("bad --tmpfs target '%s': give an absolute path inside the root", spec);
	v->target = spec;
	v->tmpfs_flags = MS_NOSUID | MS_NODEV;
	if (opts && mountopts_parse(opts, &v->tmpfs_flags, v->tmpfs_data, sizeof v->tmpfs_data) < 0)
		die_diag();
}

/* SRC:DST or SRC:DST:ro (or :rw). */
static void parse_bind(struct plan *p, char *spec)
{
	struct volume *v = add_volume(p);
	char *dst = strchr(spec, ':');
	char *mode = dst ? strchr(dst + 1, ':') : NULL;

	if (!dst || dst == spec || !dst[1] || dst[1] == ':')
		die_usage("bad --bind '%s': give SRC:DST or SRC:DST:ro", spec);
	*dst++ = '\0';
	if (mode) {
		*mode++ = '\0';
		if (strcmp(mode, "ro") && strcmp(mode, "rw"))
			die_usage("bad --bind mode '%s': use ro or rw", mode);
		v->read_only = !strcmp(mode, "ro");
	}
	if (dst[0] != '/')
		die_usage("bad --bind target '%s': give an absolute path inside the root", dst);
	v->source = spec;
	v->target = dst;
}

static void parse(int argc, char **argv, struct plan *p)
{
	int c;

	*p = (struct plan){ 0 };
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (c) {
		case OPT_READ_ONLY: p->read_only = true; break;
		case OPT_BIND: parse_bind(p, optarg); break;
		case OPT_TMPFS: parse_tmpfs(p, optarg); break;
		case OPT_OVERLAY: p->overlay = optarg; break;
		case OPT_UPPER: p->upper = optarg; break;
		case OPT_WORKDIR: p->workdir = optarg; break;
		case OPT_NO_MASK: p->no_mask = true; break;
		case OPT_CHROOT: p->chroot = true; break;
		case OPT_HOST_EXEC: p->host_exec = true; break;
		case OPT_CONSOLE: p->console = true; break;
		default: opt_common(c, usage);
		}
	}
	if (optind < argc && strcmp(argv[optind], "--"))
		p->rootfs = argv[optind++];
	if (!p->rootfs)
		die_usage("no ROOTFS given: name the directory to make the root, then the command");
	p->command = opt_command(argc, argv, true);
	if (p->upper && !p->overlay)
		die_usage("--upper goes with --overlay");
	/* overlayfs reads its options as a comma-separated list. */
	if (p->overlay && (strchr(p->overlay, ',') || (p->upper && strchr(p->upper, ','))))
		die_usage("overlay directories may not contain ','");
}

/* What must be found on the host before anything changes: ROOTFS, and for
 * --host-exec the command's file, opened while the host's paths still mean
 * what they say. */
static void look_up_on_host(struct plan *p)
{
	struct stat st;
	int err = stat(p->rootfs, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	if (err)
		die(err, "ROOTFS is the directory holding the container's files "
		    "(scripts/mk-busybox-rootfs makes a small one)", "root filesystem %s", p->rootfs);
	if (!p->host_exec)
		return;
	p->host_fd = exec_open(p->command[0], p->host_path, sizeof p->host_path);
	if (p->host_fd < 0) {
		diag_print();
		exit(exec_status_for(diag_errno()));
	}
	explain("open(\"%s\", O_PATH|O_CLOEXEC) = %d  (run after the root changes)", p->host_path, p->host_fd);
}

/* ROOTFS as a mount of its own, which pivot_root(2) wants the new root to
 * be, opened: every path in the root is resolved from this descriptor. */
static int mount_root(const struct plan *p)
{
	if (p->overlay ? overlay_mount(p->overlay, p->upper, p->rootfs) < 0
		       : mount_path(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_diag();
	int rootfd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		die(errno, NULL, "open %s", p->rootfs);
	explain("open(\"%s\", O_PATH|O_DIRECTORY) = %d  (paths in the root are opened from it with "
		"openat2(RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS))", p->rootfs, rootfd);
	return rootfd;
}

/* What the root gets (see --help), in order: the volumes after /proc, /sys
 * and /dev, so that one may go below them; the masks over whatever the
 * volumes brought; read-only once all is made. */
static void fill_root(const struct plan *p, int rootfd)
{
	bool mqueue;
	mode_t umask_was = umask(0); /* device nodes are 0666, as asked */

	if (rootfs_mount_proc(rootfd) < 0 || rootfs_mount_sys(rootfd) < 0 || rootfs_mount_dev(rootfd, &mqueue) < 0)
		die_diag();
	if (!mqueue)
		warn_msg(EPERM, "no /dev/mqueue: the IPC namespace is not this user namespace's (add -i to ns-clone for one)");
	if (p->console) {
		/* By its name in this mount namespace, which mount(2) binds
		 * from; ttyname_r checks the name leads to the same pty. */
		char tty[64];
		int err = ttyname_r(STDIN_FILENO, tty, sizeof tty);
		if (err)
			die(err, "use --console under ctr-tty, which gives the command a pty",
			    "--console: no terminal on stdin");
		if (rootfs_bind_console(rootfd, tty) < 0)
			die_diag();
	}
	for (int i = 0; i < p->nvolumes; i++) {
		const struct volume *v = &p->volumes[i];
		if (v->source ? mount_bind_in_root(rootfd, v->source, v->target, v->read_only) < 0
			      : mount_in_root(rootfd, v->target, true, "tmpfs", "tmpfs", v->tmpfs_flags,
					      *v->tmpfs_data ? v->tmpfs_data : NULL) < 0)
			die_diag();
	}
	if (!p->no_mask && systempaths_confine(rootfd) < 0)
		die_diag();
	if (p->workdir) {
		int fd = mount_make_in_root(rootfd, p->workdir, true);
		if (fd < 0)
			die_diag();
		close(fd);
	}
	umask(umask_was);
	if (p->read_only && mount_set_read_only(rootfd, "the root", false) < 0)
		die_diag();
}

int main(int argc, char **argv)
{
	struct plan p;

	diag_init(argv);
	parse(argc, argv, &p);
	look_up_on_host(&p);

	/* A mount namespace of our own. It starts with the old one's
	 * propagation: without MS_PRIVATE, a mount made below could show up
	 * in the host's namespace. */
	if (mountns_own() < 0 || mountns_set_propagation(MS_PRIVATE) < 0)
		die_diag();
	int rootfd = mount_root(&p);
	fill_root(&p, rootfd);
	if ((p.chroot ? newroot_chroot(rootfd, p.rootfs, p.workdir) : newroot_pivot(rootfd, p.rootfs, p.workdir)) < 0)
		die_diag();
	close(rootfd);

	int status = p.host_exec ? exec_fd(p.host_fd, p.host_path, p.command) : exec_command(p.command);
	diag_print();
	return status;
}
