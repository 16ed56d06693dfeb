/* ctr-creds — run a command with a container's credentials: its user and
 * groups, its capabilities, no_new_privs, a session of its own.
 *
 * It runs last in the chain, after rootfs-pivot (whose mounts need
 * CAP_SYS_ADMIN, which Docker's default set does not have), in the
 * container's root, which does not contain it: rootfs-pivot --host-exec
 * runs it from a descriptor opened on the host. The order matters:
 *
 *   prctl(PR_SET_DUMPABLE, 0)      first of all: see below
 *   read /etc/passwd, /etc/group   the container's, parsed here, no NSS
 *   setsid()                       --setsid
 *   PR_CAPBSET_DROP ...            needs CAP_SETPCAP: before losing it
 *   PR_CAP_AMBIENT_CLEAR_ALL
 *   setgroups, setresgid, setresuid
 *                                  need CAP_SETGID/CAP_SETUID; setuid to a
 *                                  non-root user clears permitted and
 *                                  effective (no PR_SET_KEEPCAPS: a
 *                                  non-root user keeps nothing)
 *   HOME                           --user, HOME unset: the user's home
 *   capset(E = P = I)              root: the chosen set; others: none
 *   prctl(PR_SET_NO_NEW_PRIVS, 1)  --no-new-privs
 *   execvp(COMMAND)                the container's own, found in its root
 *
 * Non-dumpable (CVE-2019-5736): until it execs the container's command,
 * this process is a host binary running inside the container: its
 * /proc/PID/exe is the host's file, and a container process that opens it
 * (a `docker exec`'d shell, say, in the same PID namespace) could rewrite
 * the host's ctr-creds. A non-dumpable process's /proc/PID/exe, fd/ and
 * mem need CAP_SYS_PTRACE over it (ptrace access mode), which no container
 * process gets. execve(2) of the command makes it dumpable again, as any
 * process: its /proc/PID/exe is then the container's own file.
 */
#include "caps.h"
#include "diag.h"
#include "exec.h"
#include "explain.h"
#include "opt.h"
#include "supervise.h"
#include "user.h"

#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [OPTIONS] [--] COMMAND [ARG...]\n"
	"Run a command with a container's user, groups and capabilities.\n"
	"\n"
	"%1$s sets the process's credentials as Docker does for a container, then\n"
	"executes COMMAND: the user and groups, the five capability sets, and, when\n"
	"asked, no_new_privs and a new session. It runs after rootfs-pivot, in the\n"
	"container's root: names are looked up in that root's /etc/passwd and\n"
	"/etc/group, COMMAND on its PATH.\n"
	"\n"
	"Options:\n"
	"  -u, --user USER[:GROUP] run as USER (a name in /etc/passwd, or a number) and\n"
	"                          GROUP (a name in /etc/group, or a number); without\n"
	"                          :GROUP, USER's group and the groups that list USER;\n"
	"                          without --user the IDs stay as they are; HOME,\n"
	"                          when not set, becomes USER's home directory\n"
	"                          (\"/\" if it has none), as runc does\n"
	"      --caps SET          the capabilities to start from: docker (the default:\n"
	"                          Docker's fourteen), all (every one still in the\n"
	"                          bounding set) or none\n"
	"      --cap-add CAP       add CAP to the set; ALL for all of them; repeatable\n"
	"      --cap-drop CAP      drop CAP from the set; ALL for all; repeatable\n"
	"      --no-new-privs      set no_new_privs: no execve(2) can gain privileges\n"
	"                          (setuid bits and file capabilities do nothing)\n"
	"      --setsid            start a new session, without a controlling terminal,\n"
	"                          so COMMAND cannot push input into the caller's\n"
	"                          terminal (TIOCSTI) nor get its signals\n"
	"      --explain           print each system call as it is made\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"Capabilities (as Docker, capabilities(7)):\n"
	"  The set is SET, then every --cap-drop removed, then every --cap-add added;\n"
	"  --cap-add ALL gives all but the --cap-drop ones, --cap-drop ALL only the\n"
	"  --cap-add ones. CAP is a name with or without CAP_, in any case: chown,\n"
	"  CAP_NET_ADMIN, Sys_Ptrace. The bounding set becomes the set; for root\n"
	"  the permitted and effective sets too; for any other user they are\n"
	"  empty. The inheritable and ambient sets are always emptied, as Docker\n"
	"  does since 20.10.14 (CVE-2022-24769).\n"
	"  docker = CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID\n"
	"           SETFCAP SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE\n"
	"  Without CAP_SYS_ADMIN there is no mount(2): set up the root first.\n"
	"\n"
	"Security:\n"
	"  %1$s makes itself non-dumpable first (prctl PR_SET_DUMPABLE 0) and stays so\n"
	"  until it executes COMMAND: run by rootfs-pivot --host-exec, it is a host\n"
	"  binary inside the container, and its /proc/PID/exe must not be opened from\n"
	"  there (CVE-2019-5736). It is linked statically, so it needs nothing from\n"
	"  the container's root, and /etc/passwd is parsed here, never through NSS.\n"
	"\n"
	"Exit status:\n"
	"  the command's own; 125 if %1$s failed (an unknown user, group or\n"
	"  capability included), 126 if the command could not be executed, 127 if\n"
	"  it was not found.\n"
	"\n"
	"Examples:\n"
	"  ns-clone -pmu -- rootfs-pivot --host-exec /srv/rootfs -- %1$s --user nobody -- sh\n"
	"  %1$s --cap-drop ALL --cap-add NET_BIND_SERVICE --no-new-privs -- ./server\n"
	"  %1$s --caps none --user 1000:1000 --setsid -- id\n";

#define MAX_CAP_CHANGES 128

/* Everything the command line asks for: the plan, executed by main(). */
struct plan {
	const char *user;          /* --user, NULL to keep the IDs */
	caps_mask base;            /* --caps */
	bool base_all;
	caps_mask add, drop;       /* --cap-add, --cap-drop */
	bool add_all, drop_all;
	bool no_new_privs, setsid;
	char **command;
};

enum { OPT_CAPS = OPT_TOOL_BASE, OPT_CAP_ADD, OPT_CAP_DROP, OPT_NO_NEW_PRIVS, OPT_SETSID };

static const struct option options[] = {
	{ "user", required_argument, NULL, 'u' },
	{ "caps", required_argument, NULL, OPT_CAPS },
	{ "cap-add", required_argument, NULL, OPT_CAP_ADD },
	{ "cap-drop", required_argument, NULL, OPT_CAP_DROP },
	{ "no-new-privs", no_argument, NULL, OPT_NO_NEW_PRIVS },
	{ "setsid", no_argument, NULL, OPT_SETSID },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* A --cap-add/--cap-drop argument into MASK, or ALL. */
static void parse_cap(const char *name, caps_mask *mask, bool *all)
{
	if (!strcasecmp(name, "all") || !strcasecmp(name, "cap_all")) {
		*all = true;
		return;
	}
	int c = caps_by_name(name);
	if (c < 0)
		die_diag();
	*mask |= CAPS_BIT(c);
}

static void parse(int argc, char **argv, struct plan *p)
{
	int c;

	*p = (struct plan){ .base = caps_docker_default() };
	while ((c = getopt_long(argc, argv, "+hu:", options, NULL)) != -1) {
		switch (c) {
		case 'u': p->user = optarg; break;
		case OPT_CAPS:
			p->base_all = !strcmp(optarg, "all");
			if (!strcmp(optarg, "docker"))
				p->base = caps_docker_default();
			else if (p->base_all || !strcmp(optarg, "none"))
				p->base = 0;
			else
				die_usage("bad --caps '%s': use docker, all or none", optarg);
			break;
		case OPT_CAP_ADD: parse_cap(optarg, &p->add, &p->add_all); break;
		case OPT_CAP_DROP: parse_cap(optarg, &p->drop, &p->drop_all); break;
		case OPT_NO_NEW_PRIVS: p->no_new_privs = true; break;
		case OPT_SETSID: p->setsid = true; break;
		default: opt_common(c, usage);
		}
	}
	p->command = opt_command(argc, argv, true);
}

/* Docker's rule (moby oci/caps TweakCapabilities): ALL added wins, minus
 * the drops; else ALL dropped leaves only the adds; else drops, then adds.
 * ALL is what the bounding set still holds: nothing can bring back a
 * capability dropped from it. */
static caps_mask chosen_caps(const struct plan *p, caps_mask bounding)
{
	if (p->add_all)
		return bounding & ~p->drop;
	if (p->drop_all)
		return p->add;
	return ((p->base_all ? bounding : p->base) & ~p->drop) | p->add;
}

/* A new session. setsid(2) refuses a process group leader (a job started
 * by an interactive shell): then, as setsid(1) does, the command goes on
 * in a child, and this process stays as its parent (still non-dumpable) to
 * pass on signals and its exit status. */
static void new_session(void)
{
	pid_t sid = setsid();
	if (sid >= 0) {
		explain("setsid() = %d", (int)sid);
		return;
	}
	if (errno != EPERM)
		die(errno, NULL, "setsid");
	explain("setsid() refused (EPERM): a process group leader; forking, the child starts the session");
	sigset_t old;
	supervise_block(&old);
	pid_t child = fork();
	if (child < 0)
		die(errno, NULL, "fork for a new session");
	if (child > 0) {
		explain("fork() = %d", (int)child);
		int status = supervise_wait(child);
		if (status < 0)
			die_diag();
		exit(exit_status_of(status));
	}
	supervise_unblock(&old);
	sid = setsid();
	if (sid < 0)
		die(errno, NULL, "setsid");
	explain("setsid() = %d", (int)sid);
}

static void set_ids(const struct user_ids *ids, const char *spec)
{
	char list[USER_MAX_GROUPS * 12] = "";
	size_t o = 0;

	for (size_t i = 0; i < ids->ngroups && o < sizeof list; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%u", i ? ", " : "", (unsigned)ids->groups[i]);
	explain("setgroups(%zu, [%s])  (%s)", ids->ngroups, list, spec);
	if (setgroups(ids->ngroups, ids->groups) < 0)
		die(errno, errno == EPERM ? "needs CAP_SETGID; in a user namespace, setgroups(2) must be allowed "
		    "(ns-clone --setgroups allow) and the groups mapped" : NULL, "setgroups for user %s", spec);
	explain("setresgid(%u, %u, %u)", (unsigned)ids->gid, (unsigned)ids->gid, (unsigned)ids->gid);
	if (setresgid(ids->gid, ids->gid, ids->gid) < 0)
		die(errno, errno == EINVAL ? "the group ID is not mapped in this user namespace" : NULL,
		    "setresgid(%u) for user %s", (unsigned)ids->gid, spec);
	explain("setresuid(%u, %u, %u)", (unsigned)ids->uid, (unsigned)ids->uid, (unsigned)ids->uid);
	if (setresuid(ids->uid, ids->uid, ids->uid) < 0)
		die(errno, errno == EINVAL ? "the user ID is not mapped in this user namespace" : NULL,
		    "setresuid(%u) for user %s", (unsigned)ids->uid, spec);
}

int main(int argc, char **argv)
{
	struct plan p;
	struct user_ids ids;
	char names[1024];

	/* Before anything else: see the comment at the top. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	diag_init(argv);
	parse(argc, argv, &p);
	explain("prctl(PR_SET_DUMPABLE, 0)  (made first: a host binary in the container, CVE-2019-5736)");

	caps_mask bounding = caps_bounding();
	caps_mask caps = chosen_caps(&p, bounding);
	if (caps & ~bounding)
		die(0, "a capability dropped from the bounding set can never be regained: it was dropped "
		    "before (by whoever started this chain); --cap-drop it, or start with it",
		    "%s: not in this process's bounding set", caps_mask_str(caps & ~bounding, " ", names, sizeof names));
	if (p.user && user_resolve(p.user, &ids) < 0)
		die_diag();

	if (p.setsid)
		new_session();
	if (caps_limit_bounding(caps) < 0 || caps_clear_ambient() < 0)
		die_diag();
	if (p.user) {
		set_ids(&ids, p.user);
		/* runc's rule: a user that the environment gives no HOME gets
		 * the home directory of its passwd entry, or "/". */
		if (!getenv("HOME")) {
			const char *home = ids.home[0] ? ids.home : "/";
			explain("setenv(\"HOME\", \"%s\")  (the user's home directory)", home);
			if (setenv("HOME", home, 1) < 0)
				die(errno, NULL, "setenv(HOME)");
		}
	}
	/* Docker's rule: root gets the set as permitted and effective; any
	 * other user starts with none (setuid already cleared them). The
	 * inheritable set stays empty for everyone, as in Docker since
	 * 20.10.14: a non-empty one would give back, through a program's file
	 * capabilities, what the user should not have (CVE-2022-24769). */
	bool root = geteuid() == 0;
	if (caps_set(root ? caps : 0, root ? caps : 0, 0) < 0)
		die_diag();
	if (p.no_new_privs) {
		explain("prctl(PR_SET_NO_NEW_PRIVS, 1)");
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			die(errno, NULL, "prctl(PR_SET_NO_NEW_PRIVS)");
	}
	int status = exec_command(p.command);
	diag_print();
	return status;
}
