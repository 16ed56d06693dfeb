/* ns-clone — run a command in new namespaces.
 *
 * ns-clone creates the namespaces with one clone(2) call, so the command
 * starts life inside them, and stays outside as its parent: from there it
 * can write the new user namespace's ID maps (only a process outside may),
 * bind-mount the namespace files for --persist, pass on signals and hand
 * back the command's exit status. With a new pid namespace the command is
 * PID 1 in it.
 *
 *   parent (outside)                      child (inside)
 *   clone(CLONE_NEW*|SIGCHLD) ─────────►  waits on the pipe
 *   write uid_map, setgroups, gid_map     (lib/userns)
 *   make --idmap-mount copies idmapped    (lib/idmapmount)
 *   write the PID file                    (lib/pidfile)
 *   "maps written" ───────────────────►   time namespace (lib/timens),
 *                                         hostname, lo (lib/loopback),
 *                                         sysctls (lib/sysctl), propagation
 *                                         and /proc (lib/mountns), idmapped
 *                                         mounts, setgid/setuid (lib/creds)
 *                      ◄───────────────── "ready" (only for --persist)
 *   bind-mount ns files into DIR (lib/ns)
 *   "go" ─────────────────────────────►   execvp(COMMAND)
 *   wait, forwarding signals; exit with the command's status
 */
#include "creds.h"
#include "diag.h"
#include "exec.h"
#include "explain.h"
#include "idmap.h"
#include "idmapmount.h"
#include "loopback.h"
#include "mountns.h"
#include "ns.h"
#include "opt.h"
#include "pidfile.h"
#include "supervise.h"
#include "sysctl.h"
#include "timens.h"
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [options] [--] COMMAND [ARG...]\n"
	"Run a command in new namespaces.\n"
	"\n"
	"The command is cloned into the namespaces chosen below; %1$s stays outside\n"
	"as its parent, passes signals on to it and exits with its status.\n"
	"\n"
	"Namespaces:\n"
	"  -m, --mount             new mount namespace (mount points)\n"
	"  -u, --uts               new UTS namespace (hostname, domain name)\n"
	"  -i, --ipc               new IPC namespace (System V IPC, POSIX queues)\n"
	"  -n, --net               new network namespace (devices, addresses, ports)\n"
	"  -p, --pid               new PID namespace: the command is its PID 1\n"
	"  -U, --user              new user namespace (user IDs, capabilities)\n"
	"  -C, --cgroup            new cgroup namespace (cgroup root directory)\n"
	"  -T, --time              new time namespace (monotonic and boot clocks)\n"
	"  -a, --all               all eight of the above\n"
	"\n"
	"Setting up the new namespaces (each implies the namespace it sets up):\n"
	"      --hostname NAME     set the hostname in the new UTS namespace\n"
	"      --loopback          bring lo up in the new network namespace (it\n"
	"                          starts down), as container runtimes do\n"
	"      --sysctl NAME=VALUE set a setting of the new namespace it belongs to:\n"
	"                          net.* (network), kernel.shm*, kernel.msg*,\n"
	"                          kernel.sem, fs.mqueue.* (IPC); repeatable. Others\n"
	"                          are the whole machine's, and refused\n"
	"      --mount-proc[=DIR]  mount a new proc filesystem on DIR (default /proc),\n"
	"                          so ps(1) shows the new PID namespace\n"
	"      --propagation MODE  private (default), slave, shared or unchanged:\n"
	"                          how mounts in the new mount namespace propagate\n"
	"  -r, --map-root          map the caller's user and group to root inside\n"
	"      --uid-map IN:OUT:N  map N user IDs from IN inside to OUT outside;\n"
	"                          repeat for more ranges\n"
	"      --gid-map IN:OUT:N  the same for group IDs\n"
	"      --setgroups allow|deny\n"
	"                          whether setgroups(2) is allowed in the user\n"
	"                          namespace (default: deny for unprivileged callers,\n"
	"                          which the kernel requires before a gid map)\n"
	"      --setuid UID        become UID (inside) before running the command; with\n"
	"                          --uid-map 0:100000:65536, 0 makes it root inside\n"
	"      --setgid GID        the same for the group (and no supplementary groups)\n"
	"      --idmap-mount SRC:DST\n"
	"                          mount the host's directory SRC on DST in the new mount\n"
	"                          namespace, read-only and idmapped through the new user\n"
	"                          namespace (its files owned by 0 appear owned by 0\n"
	"                          inside); needs -m and the maps; repeatable\n"
	"      --monotonic SECS    offset of CLOCK_MONOTONIC in the time namespace\n"
	"      --boottime SECS     offset of CLOCK_BOOTTIME in the time namespace\n"
	"\n"
	"Other options:\n"
	"      --persist DIR       bind-mount each new namespace's file into DIR\n"
	"                          (DIR/net, DIR/uts, ...) so it outlives the command\n"
	"                          and ns-enter can join it by path; remove with\n"
	"                          umount DIR/TYPE\n"
	"      --kill-child[=SIG]  send SIG (default KILL) to the command if %1$s dies\n"
	"      --pid-file FILE     write the command's PID (as seen from outside) to\n"
	"                          FILE before the command starts, for tools that\n"
	"                          join or signal it later\n"
	"      --explain           print each system call and kernel file write\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  the command's own (128+N if killed by signal N); 125 if %1$s failed,\n"
	"  126 if the command could not be executed, 127 if it was not found.\n"
	"\n"
	"Notes:\n"
	"  PID 1 of a PID namespace ignores signals it has no handler for: a\n"
	"  forwarded SIGTERM may do nothing to it, SIGKILL always works.\n"
	"  Without --map-root or maps, a new user namespace runs the command as\n"
	"  the overflow user (nobody).\n"
	"\n"
	"Examples:\n"
	"  %1$s -pmu --mount-proc --hostname box -- /bin/sh\n"
	"  %1$s -Ur -- id                 (rootless: root inside, you outside)\n"
	"  %1$s -n --persist /run/ctrkit/ns/x -- true; ns-enter --net=/run/ctrkit/ns/x/net ip link\n";

/* Everything the command line asks for: the plan, executed by main(). */
struct plan {
	int flags;                /* CLONE_NEW* */
	const char *hostname;
	const char *proc_dir;     /* --mount-proc */
	bool loopback;            /* --loopback */
	int n_sysctl;             /* --sysctl NAME=VALUE */
	struct { char *name, *value; } sysctls[16];
	unsigned long propagation; /* MS_PRIVATE etc.; 0 for unchanged */
	bool map_root;
	struct idmap uid_map, gid_map;
	const char *setgroups;    /* "allow", "deny" or NULL for the default */
	struct timens_offsets clock_offsets; /* --monotonic, --boottime */
	bool time_offsets;        /* either given */
	bool parent_writes_maps;  /* uid_map & co. come from the parent */
	bool child_waits;         /* the child starts only when the parent says */
	const char *persist_dir;
	int kill_child_signal;
	const char *pid_file;     /* --pid-file */
	long setuid, setgid;      /* --setuid, --setgid; -1 for none */
	int n_idmap;              /* --idmap-mount SRC:DST */
	struct idmap_mount idmap_mounts[32];
	char **command;
};

enum {
	OPT_HOSTNAME = OPT_TOOL_BASE, OPT_MOUNT_PROC, OPT_PROPAGATION, OPT_UID_MAP,
	OPT_GID_MAP, OPT_SETGROUPS, OPT_MONOTONIC, OPT_BOOTTIME, OPT_PERSIST, OPT_KILL_CHILD, OPT_PID_FILE, OPT_LOOPBACK,
	OPT_SETUID, OPT_SETGID, OPT_IDMAP_MOUNT, OPT_SYSCTL,
};

static const struct option options[] = {
	{ "mount", no_argument, NULL, 'm' },
	{ "uts", no_argument, NULL, 'u' },
	{ "ipc", no_argument, NULL, 'i' },
	{ "net", no_argument, NULL, 'n' },
	{ "pid", no_argument, NULL, 'p' },
	{ "user", no_argument, NULL, 'U' },
	{ "cgroup", no_argument, NULL, 'C' },
	{ "time", no_argument, NULL, 'T' },
	{ "all", no_argument, NULL, 'a' },
	{ "hostname", required_argument, NULL, OPT_HOSTNAME },
	{ "mount-proc", optional_argument, NULL, OPT_MOUNT_PROC },
	{ "propagation", required_argument, NULL, OPT_PROPAGATION },
	{ "map-root", no_argument, NULL, 'r' },
	{ "map-root-user", no_argument, NULL, 'r' }, /* unshare(1)'s spelling */
	{ "uid-map", required_argument, NULL, OPT_UID_MAP },
	{ "gid-map", required_argument, NULL, OPT_GID_MAP },
	{ "setgroups", required_argument, NULL, OPT_SETGROUPS },
	{ "monotonic", required_argument, NULL, OPT_MONOTONIC },
	{ "boottime", required_argument, NULL, OPT_BOOTTIME },
	{ "persist", required_argument, NULL, OPT_PERSIST },
	{ "kill-child", optional_argument, NULL, OPT_KILL_CHILD },
	{ "pid-file", required_argument, NULL, OPT_PID_FILE },
	{ "loopback", no_argument, NULL, OPT_LOOPBACK },
	{ "sysctl", required_argument, NULL, OPT_SYSCTL },
	{ "setuid", required_argument, NULL, OPT_SETUID },
	{ "setgid", required_argument, NULL, OPT_SETGID },
	{ "idmap-mount", required_argument, NULL, OPT_IDMAP_MOUNT },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static int parse_signal(const char *name)
{
	int sig = name ? opt_signal(name) : SIGKILL;
	if (sig < 0)
		die_usage("unknown signal '%s': use a name like KILL or TERM, or a number", name);
	return sig;
}

static void parse(int argc, char **argv, struct plan *p)
{
	int c;
	long long secs;

	unsigned long long id;
	char *colon;

	*p = (struct plan){ .propagation = MS_PRIVATE, .setuid = -1, .setgid = -1 };
	while ((c = getopt_long(argc, argv, "+muinpUCTarh", options, NULL)) != -1) {
		const struct ns_type *t = ns_type_by_letter((char)c);
		if (t) {
			p->flags |= t->flag;
			continue;
		}
		switch (c) {
		case 'a':
			for (int i = 0; i < NS_TYPE_COUNT; i++)
				p->flags |= ns_types[i].flag;
			break;
		case OPT_HOSTNAME:
			p->hostname = optarg;
			p->flags |= CLONE_NEWUTS;
			break;
		case OPT_LOOPBACK:
			p->loopback = true;
			p->flags |= CLONE_NEWNET;
			break;
		case OPT_MOUNT_PROC:
			p->proc_dir = optarg ? optarg : "/proc";
			p->flags |= CLONE_NEWNS;
			break;
		case OPT_PROPAGATION:
			if (mountns_propagation_by_name(optarg, &p->propagation) < 0)
				die_usage("unknown propagation '%s': use private, slave, shared or unchanged", optarg);
			break;
		case 'r':
			p->map_root = true;
			p->flags |= CLONE_NEWUSER;
			break;
		case OPT_UID_MAP:
		case OPT_GID_MAP:
			if (idmap_add_spec(c == OPT_UID_MAP ? &p->uid_map : &p->gid_map, optarg) < 0)
				die_diag();
			p->flags |= CLONE_NEWUSER;
			break;
		case OPT_SETGROUPS:
			if (strcmp(optarg, "allow") && strcmp(optarg, "deny"))
				die_usage("--setgroups takes allow or deny, not '%s'", optarg);
			p->setgroups = optarg;
			p->flags |= CLONE_NEWUSER;
			break;
		case OPT_MONOTONIC:
		case OPT_BOOTTIME:
			if (opt_int(c == OPT_MONOTONIC ? "--monotonic offset" : "--boottime offset",
				    optarg, -TIMENS_OFFSET_MAX, TIMENS_OFFSET_MAX, &secs) < 0)
				die_diag();
			*(c == OPT_MONOTONIC ? &p->clock_offsets.monotonic : &p->clock_offsets.boottime) = secs;
			p->time_offsets = true;
			p->flags |= CLONE_NEWTIME;
			break;
		case OPT_PERSIST:
			p->persist_dir = optarg;
			break;
		case OPT_KILL_CHILD:
			p->kill_child_signal = parse_signal(optarg);
			break;
		case OPT_PID_FILE:
			p->pid_file = optarg;
			break;
		case OPT_SETUID:
		case OPT_SETGID:
			if (opt_uint(c == OPT_SETUID ? "--setuid" : "--setgid", optarg, 4294967294ULL, &id) < 0)
				die_diag();
			*(c == OPT_SETUID ? &p->setuid : &p->setgid) = (long)id;
			break;
		case OPT_IDMAP_MOUNT:
			colon = strchr(optarg, ':');
			if (!colon || colon == optarg || !colon[1])
				die_usage("--idmap-mount takes SRC:DST, not '%s'", optarg);
			if (p->n_idmap == (int)(sizeof p->idmap_mounts / sizeof p->idmap_mounts[0]))
				die_usage("too many --idmap-mount (at most %d)",
					  (int)(sizeof p->idmap_mounts / sizeof p->idmap_mounts[0]));
			*colon = '\0';
			p->idmap_mounts[p->n_idmap++] = (struct idmap_mount){ optarg, colon + 1, -1 };
			p->flags |= CLONE_NEWNS;
			break;
		case OPT_SYSCTL: {
			char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg)
				die_usage("--sysctl takes NAME=VALUE, not '%s'", optarg);
			*eq = '\0';
			int ns = sysctl_namespace(optarg);
			if (!ns)
				die_usage("--sysctl %s: not a setting of a namespace (net.*, kernel.shm*, kernel.msg*, "
					  "kernel.sem, fs.mqueue.*): writing it would change the host's", optarg);
			if (p->n_sysctl == (int)(sizeof p->sysctls / sizeof p->sysctls[0]))
				die_usage("too many --sysctl (at most %d)", (int)(sizeof p->sysctls / sizeof p->sysctls[0]));
			p->sysctls[p->n_sysctl].name = optarg;
			p->sysctls[p->n_sysctl++].value = eq + 1;
			p->flags |= ns;
			break;
		}
		default:
			opt_common(c, usage);
		}
	}
	p->command = opt_command(argc, argv, true);
}

/* What the options imply together: refuse what cannot be, and decide who
 * waits for whom. */
static void complete_plan(struct plan *p)
{
	if (p->map_root && (p->uid_map.n || p->gid_map.n))
		die_usage("--map-root and --uid-map/--gid-map both set the maps: use one or the other");
	if (p->map_root) {
		idmap_add(&p->uid_map, 0, geteuid(), 1);
		idmap_add(&p->gid_map, 0, getegid(), 1);
	}
	if (p->propagation != MS_PRIVATE && !(p->flags & CLONE_NEWNS))
		die_usage("--propagation needs a new mount namespace: add -m");
	if (p->n_idmap && !(p->uid_map.n && p->gid_map.n))
		die_usage("--idmap-mount needs a new user namespace with its maps: add --uid-map and --gid-map (or -r)");
	if (p->persist_dir && !p->flags)
		die_usage("--persist needs at least one new namespace to keep");
	p->parent_writes_maps = p->uid_map.n || p->gid_map.n || p->setgroups;
	/* With --explain the child also waits, so the trace reads in order. */
	/* The PID file is written before the command starts, so whoever
	 * reads it never finds a command that is already gone and unnamed. */
	p->child_waits = p->parent_writes_maps || p->pid_file || explain_on();
}

/* --- the child: runs inside the new namespaces, then becomes the command --- */

/* Wait for one byte from the parent; end if the parent is gone. */
static void await_parent(int fd)
{
	char go;
	ssize_t n;
	do
		n = read(fd, &go, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(EXIT_TOOL_FAILED); /* the parent failed and has said why */
}

/* In the order the steps need: the propagation before any mount of ours,
 * so none leaks out (see mountns.h), and the idmapped copies after it, so
 * they propagate nowhere; the IDs last, as setuid(2) away from root gives
 * up the capabilities the other steps need. */
static int set_up_inside(const struct plan *p)
{
	if ((p->flags & CLONE_NEWTIME) && timens_enter_new(p->time_offsets ? &p->clock_offsets : NULL) < 0)
		return -1;
	if (p->hostname) {
		explain("sethostname(\"%s\")", p->hostname);
		if (sethostname(p->hostname, strlen(p->hostname)) < 0)
			return diag_set(errno, errno == EINVAL ? "a hostname has at most 64 bytes" : NULL,
					"sethostname(\"%s\")", p->hostname);
	}
	if (p->loopback && loopback_up() < 0)
		return -1;
	for (int i = 0; i < p->n_sysctl; i++)
		if (sysctl_write(p->sysctls[i].name, p->sysctls[i].value) < 0)
			return -1;
	if ((p->flags & CLONE_NEWNS) && mountns_set_propagation(p->propagation) < 0)
		return -1;
	if (p->proc_dir && mountns_mount_proc(p->proc_dir) < 0)
		return -1;
	if (idmap_mounts_attach(p->idmap_mounts, p->n_idmap) < 0)
		return -1;
	/* --setgid, --setuid: root outside is not mapped in the new user
	 * namespace, so without them the command runs as the overflow user.
	 * There setgroups(2) may be denied: the groups then stay, unmapped. */
	struct creds ids = { .set_uid = p->setuid >= 0, .uid = (uid_t)p->setuid, .set_gid = p->setgid >= 0,
			     .gid = (gid_t)p->setgid, .groups_may_stay = true,
			     .fix = "map it with --uid-map/--gid-map, or --map-root" };
	return creds_set(&ids);
}

static _Noreturn void run_child(const struct plan *p, const sigset_t *old_mask, int from_parent, int to_parent)
{
	supervise_unblock(old_mask);
	if (p->kill_child_signal)
		prctl(PR_SET_PDEATHSIG, p->kill_child_signal);
	if (p->child_waits)
		await_parent(from_parent); /* set up from outside */
	if (set_up_inside(p) < 0) {
		diag_print();
		_exit(EXIT_TOOL_FAILED);
	}
	if (p->persist_dir) {
		if (write(to_parent, "r", 1) != 1)
			_exit(EXIT_TOOL_FAILED);
		await_parent(from_parent); /* namespace files bound */
	}
	if (from_parent >= 0)
		close(from_parent);
	if (to_parent >= 0)
		close(to_parent);

	int status = exec_command(p->command);
	diag_print();
	_exit(status);
}

/* --- the parent: stays outside --- */

/* While the child waits: what only a process outside may do. */
static int set_up_from_outside(struct plan *p, pid_t child)
{
	if (p->parent_writes_maps && userns_write_maps(child, &p->uid_map, &p->gid_map, p->setgroups) < 0)
		return -1;
	if (p->n_idmap && idmap_mounts_map(p->idmap_mounts, p->n_idmap, child) < 0)
		return -1;
	if (p->pid_file && pidfile_write(p->pid_file, child) < 0)
		return -1;
	return 0;
}

/* The parent failed after clone: stop the child, report, exit 125. */
static _Noreturn void abandon_child(pid_t child)
{
	kill(child, SIGKILL);
	supervise_wait(child);
	die_diag();
}

int main(int argc, char **argv)
{
	struct plan p;
	char flags_str[160];
	sigset_t old_mask;
	int down[2] = { -1, -1 }, up[2] = { -1, -1 };

	diag_init(argv);
	parse(argc, argv, &p);
	complete_plan(&p);

	if ((p.child_waits || p.persist_dir) && pipe2(down, O_CLOEXEC) < 0)
		die(errno, NULL, "pipe");
	if (p.persist_dir && pipe2(up, O_CLOEXEC) < 0)
		die(errno, NULL, "pipe");

	/* --idmap-mount: detached copies, opened here so the child inherits
	 * them; the parent makes them idmapped once the maps are written. */
	if (idmap_mounts_open(p.idmap_mounts, p.n_idmap) < 0)
		die_diag();

	/* clone(2) as fork(2) with namespace flags: the child starts inside
	 * (all but the time namespace, which it enters itself: see timens.h). */
	unsigned long clone_flags = (unsigned long)(p.flags & ~CLONE_NEWTIME) | SIGCHLD;
	ns_flags_str(clone_flags, flags_str, sizeof flags_str);
	supervise_block(&old_mask);
	pid_t child = (pid_t)syscall(SYS_clone, clone_flags, NULL, NULL, NULL, NULL);
	if (child < 0) {
		int err = errno; /* before the hint, which reads files */
		die(err, ns_create_hint(err, p.flags), "clone(%s)", flags_str);
	}
	if (child == 0)
		run_child(&p, &old_mask, down[0], up[1]);
	explain("clone(%s) = %d", flags_str, (int)child);

	if (p.child_waits && (set_up_from_outside(&p, child) < 0 || write(down[1], "m", 1) != 1))
		abandon_child(child);
	if (p.persist_dir) {
		char ready;
		close(up[1]);
		if (read(up[0], &ready, 1) != 1) {
			/* The child failed during set-up and has said why. */
			int status = supervise_wait(child);
			return status < 0 ? EXIT_TOOL_FAILED : exit_status_of(status);
		}
		if (ns_persist_all(child, p.flags, p.persist_dir) < 0)
			abandon_child(child);
		if (write(down[1], "g", 1) != 1)
			abandon_child(child);
	}
	if (down[1] >= 0)
		close(down[1]);

	int status = supervise_wait(child);
	if (status < 0)
		die_diag();
	return exit_status_of(status);
}
