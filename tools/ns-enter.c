/* ns-enter — run a command in the namespaces of another process.
 *
 * A namespace is joined with setns(2) on an open namespace file: one of the
 * links in /proc/PID/ns, or a bind mount of one that ns-clone --persist
 * left behind. ns-enter opens everything first, joins in the order of the
 * namespace table (user first), and becomes the command. A PID namespace
 * only takes in children, so after joining one ns-enter forks and stays
 * behind as the command's parent, as ns-clone does.
 *
 *   open /proc/PID/ns/TYPE, root, cwd, environ  (paths mean what you see)
 *   setns user, cgroup, ipc, uts, net, pid
 *   fork (after pid only) ────────────────►  child: setns mnt, time
 *   wait, forwarding signals;                chroot, chdir, environment
 *   exit with the command's status           setgid, setuid; execvp(COMMAND)
 *
 * Without a PID namespace (or with --no-fork) there is no fork: one process
 * does it all, down to the exec.
 */
#include "creds.h"
#include "diag.h"
#include "exec.h"
#include "nsjoin.h"
#include "opt.h"
#include "procenv.h"
#include "rootcwd.h"
#include "supervise.h"

#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [OPTIONS] [--] [COMMAND [ARG...]]\n"
	"Run a command in the namespaces of another process, or of namespace files.\n"
	"\n"
	"%1$s opens every namespace asked for, joins them with setns(2), user\n"
	"namespace first, and runs COMMAND (default: $SHELL, or /bin/sh) inside.\n"
	"A PID namespace only takes in new children: after joining one, %1$s forks,\n"
	"stays outside as the command's parent, passes signals on to it and exits\n"
	"with its status.\n"
	"\n"
	"Target:\n"
	"  -t, --target PID        the process whose namespaces, root, working\n"
	"                          directory and environment to use\n"
	"  -a, --all               join every namespace of PID that is not already\n"
	"                          yours (a FILE given below takes precedence)\n"
	"\n"
	"Namespaces (FILE is a namespace file: /proc/PID/ns/TYPE, or one kept by\n"
	"ns-clone --persist; without FILE, that of -t PID):\n"
	"  -m, --mount[=FILE]      the mount namespace (mount points)\n"
	"  -u, --uts[=FILE]        the UTS namespace (hostname, domain name)\n"
	"  -i, --ipc[=FILE]        the IPC namespace (System V IPC, POSIX queues)\n"
	"  -n, --net[=FILE]        the network namespace (devices, addresses, ports)\n"
	"  -p, --pid[=FILE]        the PID namespace: the command runs in it as a\n"
	"                          child of %1$s (see --no-fork)\n"
	"  -U, --user[=FILE]       the user namespace (user IDs, capabilities); the\n"
	"                          command runs as root in it (see -S, -G and\n"
	"                          --preserve-credentials)\n"
	"  -C, --cgroup[=FILE]     the cgroup namespace (cgroup root directory)\n"
	"  -T, --time[=FILE]       the time namespace (monotonic and boot clocks)\n"
	"\n"
	"Inside the namespaces:\n"
	"  -r, --root[=DIR]        change the root directory to DIR (default: the\n"
	"                          root directory of PID)\n"
	"  -w, --wd[=DIR]          change the working directory to DIR (default: the\n"
	"                          working directory of PID)\n"
	"  -e, --env               give the command the environment of PID\n"
	"  -S, --setuid UID        run the command as user UID\n"
	"  -G, --setgid GID        run the command as group GID, with no\n"
	"                          supplementary groups\n"
	"      --preserve-credentials\n"
	"                          with -U, keep your own user and group IDs rather\n"
	"                          than becoming root in the user namespace\n"
	"  -F, --no-fork           do not fork after joining a PID namespace: the\n"
	"                          command stays in its own PID namespace, and only\n"
	"                          the command's children are in the new one\n"
	"      --host-exec         COMMAND is yours, not the target's: find it on your\n"
	"                          PATH and open it before joining, then run that\n"
	"                          file inside (a static ctrkit tool such as\n"
	"                          ctr-creds, in a root that does not contain it)\n"
	"\n"
	"Other options:\n"
	"      --explain           print each open, setns, fork, chroot and exec\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  the command's own (128+N if killed by signal N); 125 if %1$s failed,\n"
	"  126 if the command could not be executed, 127 if it was not found.\n"
	"\n"
	"Notes:\n"
	"  Every file and DIR is opened before any namespace is joined, so a path\n"
	"  means what it means to you now, not inside.\n"
	"  Joining a mount namespace puts the command at the root of that namespace;\n"
	"  if PID runs in a chroot(2) below it, add -r (and -w) to follow it there.\n"
	"  setns(2) refuses to re-enter the user namespace you are already in: -a\n"
	"  skips every namespace you share with PID, so it works either way.\n"
	"\n"
	"Examples:\n"
	"  %1$s -t 4242 -a                      a shell in every namespace of 4242\n"
	"  %1$s -t 4242 -p -m ps -ef            its processes, as it sees them\n"
	"  %1$s --net=/run/ctrkit/ns/x/net ip link   a namespace kept by ns-clone\n";

/* Everything the command line asks for: the plan, executed by main(). */
struct plan {
	pid_t pid;            /* -t; 0 when not given */
	bool all;
	struct nsjoin ns;     /* -m -u -i -n -p -U -C -T, in the order of joining */
	struct rootcwd dirs;  /* -r, -w */
	bool env;
	struct procenv environment; /* -e: PID's */
	struct creds creds;   /* -S, -G */
	bool preserve_credentials;
	bool no_fork;
	bool host_exec;       /* --host-exec: the command was opened before joining */
	int command_fd;
	char command_path[4096];
	bool forked;          /* we are the child that carries on */
	sigset_t old_mask;    /* to restore in the child, before exec */
	char **command;
};

enum { OPT_PRESERVE_CREDENTIALS = OPT_TOOL_BASE, OPT_HOST_EXEC };

static const struct option options[] = {
	{ "target", required_argument, NULL, 't' },
	{ "all", no_argument, NULL, 'a' },
	{ "mount", optional_argument, NULL, 'm' },
	{ "uts", optional_argument, NULL, 'u' },
	{ "ipc", optional_argument, NULL, 'i' },
	{ "net", optional_argument, NULL, 'n' },
	{ "pid", optional_argument, NULL, 'p' },
	{ "user", optional_argument, NULL, 'U' },
	{ "cgroup", optional_argument, NULL, 'C' },
	{ "time", optional_argument, NULL, 'T' },
	{ "root", optional_argument, NULL, 'r' },
	{ "wd", optional_argument, NULL, 'w' },
	{ "env", no_argument, NULL, 'e' },
	{ "setuid", required_argument, NULL, 'S' },
	{ "setgid", required_argument, NULL, 'G' },
	{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE_CREDENTIALS },
	{ "no-fork", no_argument, NULL, 'F' },
	{ "host-exec", no_argument, NULL, OPT_HOST_EXEC },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* An optional argument: --net=FILE, -nFILE, and -n=FILE as nsenter takes it. */
static const char *optional_value(const char *opt)
{
	if (!optarg)
		return NULL;
	const char *v = optarg[0] == '=' ? optarg + 1 : optarg;
	if (!*v)
		die_usage("%s= needs a value after the '='", opt);
	return v;
}

static unsigned long id_arg(const char *what)
{
	unsigned long long id;
	/* (uid_t)-1 means "leave unchanged" to the kernel: not an ID. */
	if (opt_uint(what, optarg, 4294967294ULL, &id) < 0)
		die_diag();
	return (unsigned long)id;
}

static void parse(int argc, char **argv, struct plan *p)
{
	const struct ns_type *t;
	unsigned long long pid;
	bool any_ns = false;
	int c;

	*p = (struct plan){ .creds.fix = "give -S and -G with IDs mapped there, or --preserve-credentials" };
	nsjoin_init(&p->ns);
	rootcwd_init(&p->dirs);
	while ((c = getopt_long(argc, argv, "+t:am::u::i::n::p::U::C::T::r::w::eS:G:Fh", options, NULL)) != -1) {
		if ((t = ns_type_by_letter((char)c))) {
			char opt[16];
			snprintf(opt, sizeof opt, "--%s", t->long_name);
			p->ns.file[t - ns_types].wanted = any_ns = true;
			p->ns.file[t - ns_types].path = optional_value(opt);
			continue;
		}
		switch (c) {
		case 't':
			if (p->pid)
				die_usage("--target given twice: ns-enter joins one process's namespaces");
			if (opt_uint("PID", optarg, INT_MAX, &pid) < 0)
				die_diag();
			if (pid == 0)
				die_usage("bad PID '0': give the PID of a running process");
			p->pid = (pid_t)pid;
			break;
		case 'a':
			p->all = any_ns = true;
			break;
		case 'r':
			p->dirs.root.wanted = true;
			p->dirs.root.path = optional_value("--root");
			break;
		case 'w':
			p->dirs.cwd.wanted = true;
			p->dirs.cwd.path = optional_value("--wd");
			break;
		case 'e':
			p->env = true;
			break;
		case 'S':
			p->creds.uid = (uid_t)id_arg("UID");
			p->creds.set_uid = true;
			break;
		case 'G':
			p->creds.gid = (gid_t)id_arg("GID");
			p->creds.set_gid = true;
			break;
		case OPT_PRESERVE_CREDENTIALS:
			p->preserve_credentials = true;
			break;
		case 'F':
			p->no_fork = true;
			break;
		case OPT_HOST_EXEC:
			p->host_exec = true;
			break;
		default:
			opt_common(c, usage);
		}
	}
	p->command = opt_command(argc, argv, false);
	if (p->host_exec && !p->command)
		die_usage("--host-exec needs a COMMAND");

	if (!any_ns)
		die_usage("no namespace to enter: give -t PID with -a, or any of -m -u -i -n -p -U -C -T");
	for (int i = 0; i < NS_TYPE_COUNT; i++)
		if (p->ns.file[i].wanted && !p->ns.file[i].path && !p->pid)
			die_usage("--%s needs a namespace file without -t PID: give --%s=FILE, or -t PID",
				  ns_types[i].long_name, ns_types[i].long_name);
	if (!p->pid && p->all)
		die_usage("--all needs -t PID: whose namespaces?");
	if (!p->pid && ((p->dirs.root.wanted && !p->dirs.root.path) || (p->dirs.cwd.wanted && !p->dirs.cwd.path)))
		die_usage("--root and --wd without DIR need -t PID: give --root=DIR, or -t PID");
	if (!p->pid && p->env)
		die_usage("--env needs -t PID: whose environment?");
}

/* --- opening: everything before the first setns --- */

/* Open every namespace file, and the target's root, cwd and environment,
 * before joining anything. Once we are in another mount namespace,
 * /proc/PID may name another process or nothing at all; once we are in
 * another user namespace, we may no longer be allowed to open them. And an
 * open namespace file keeps its namespace alive even if PID exits now. */
static void open_everything(struct plan *p)
{
	if (nsjoin_open(&p->ns, p->pid, p->all) < 0 || rootcwd_open(&p->dirs, p->pid) < 0 ||
	    (p->env && procenv_read(p->pid, &p->environment) < 0))
		die_diag();
}

/* --- joining --- */

/* A failure once anything is joined: report it, and leave with _exit(2),
 * running no atexit handler. We may be a forked child, and the handlers
 * are the parent's; and after a PID namespace is joined, a handler that
 * forks (a sanitizer's leak check does) would start its helper in that
 * namespace, where it cannot find itself in /proc. */
static _Noreturn void die_joined(void)
{
	diag_print();
	_exit(EXIT_TOOL_FAILED);
}

/* After the PID namespace: the child carries on with the rest of the
 * plan, and the parent stays behind to pass signals on and hand back the
 * exit status. The parent joins nothing more: it keeps its own mount
 * namespace, root and credentials, and with them its own /proc. */
static void fork_into_pid_namespace(struct plan *p)
{
	pid_t child = nsjoin_fork(&p->old_mask);
	if (child < 0)
		die_joined();
	if (child == 0) {
		p->forked = true;
		return;
	}
	nsjoin_close(&p->ns);
	rootcwd_close(&p->dirs);

	int status = supervise_wait(child);
	if (status < 0)
		die_joined();
	_exit(exit_status_of(status)); /* _exit: see die_joined() */
}

/* Join each namespace in the table's order. The user namespace comes first:
 * joining it gives us every capability in it, which joining the
 * namespaces it owns requires (setns(2)). The mount namespace comes late,
 * since after it paths name the target's files. A time namespace, unlike a
 * PID namespace, takes in the caller itself: setns(2) sets both its clocks
 * and its children's (time_namespaces(7)), so it needs no fork. */
static void join_namespaces(struct plan *p)
{
	/* In a user namespace the IDs we have outside may mean nothing there
	 * (they may not be mapped): become its root unless told otherwise, as
	 * nsenter(1) does. */
	if (nsjoin_will_join(&p->ns, CLONE_NEWUSER) && !p->preserve_credentials) {
		if (!p->creds.set_uid)
			p->creds.set_uid = true, p->creds.uid = 0;
		if (!p->creds.set_gid)
			p->creds.set_gid = true, p->creds.gid = 0;
		creds_drop_groups_early(&p->creds);
	}
	for (int i = 0; i < NS_TYPE_COUNT; i++) {
		if (p->ns.file[i].fd < 0)
			continue;
		if (nsjoin_setns(&p->ns, &ns_types[i]) < 0)
			die_joined();
		if (ns_types[i].flag == CLONE_NEWPID && !p->no_fork)
			fork_into_pid_namespace(p);
	}
}

int main(int argc, char **argv)
{
	struct plan p;
	char *shell[2];

	diag_init(argv);
	parse(argc, argv, &p);
	/* A command from our side is opened here, while our root is ours: once
	 * the target's mount namespace and root are joined, our files are out
	 * of reach (as for rootfs-pivot --host-exec). */
	if (p.host_exec) {
		p.command_fd = exec_open(p.command[0], p.command_path, sizeof p.command_path);
		if (p.command_fd < 0) {
			diag_print();
			return exec_status_for(diag_errno());
		}
	}
	open_everything(&p);
	join_namespaces(&p);

	/* Inside: the root and working directory, the environment, and last
	 * the IDs, since setuid(2) away from root gives up the capabilities
	 * chroot(2) and setgid(2) need. */
	if (rootcwd_enter(&p.dirs) < 0)
		die_joined();
	if (p.env && procenv_use(&p.environment) < 0)
		die_joined();
	if (creds_set(&p.creds) < 0)
		die_joined();

	/* The shell is looked up last, so -e gives PID's $SHELL. */
	if (!p.command) {
		const char *sh = getenv("SHELL");
		shell[0] = (char *)(sh && *sh ? sh : "/bin/sh");
		shell[1] = NULL;
		p.command = shell;
	}
	if (p.forked)
		supervise_unblock(&p.old_mask);
	int status = p.host_exec ? exec_fd(p.command_fd, p.command_path, p.command) : exec_command(p.command);
	diag_print();
	_exit(status);
}
