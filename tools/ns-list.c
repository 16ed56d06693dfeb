/* ns-list — list namespaces: a process's, every one on the machine, their tree.
 *
 * A process's namespaces are the links in /proc/PID/ns: `net -> net:[4026531840]`.
 * The number is the inode of the namespace's file on nsfs; two processes
 * share a namespace exactly when their numbers match. ns-list reads those
 * links (lib/nsscan), makes them rows (lib/nsrows), and prints them as
 * columns, raw words or JSON (lib/table), as lsns(8) does. Four views of
 * the same facts:
 *
 *   ns-list [PID...]      one row per namespace type of each process
 *   ns-list --all         every namespace on the machine, and what holds it
 *   ns-list --tree        user and pid namespaces under their parents
 *   ns-list --diff A B    which namespaces two processes share
 */
#include "diag.h"
#include "nsrows.h"
#include "nsscan.h"
#include "opt.h"
#include "table.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options] [PID...]\n"
	"List namespaces: a process's, every one on the machine, or their tree.\n"
	"\n"
	"For each PID (default: %1$s itself, which is in its shell's namespaces), show\n"
	"the namespaces in /proc/PID/ns, one row per type, and whether PID 1 is in\n"
	"the same one. A namespace is known by its inode number: two processes share\n"
	"a namespace when the numbers match.\n"
	"\n"
	"Options:\n"
	"  -a, --all               list every namespace on the machine, as lsns(8):\n"
	"                          those of every process, and those kept alive only\n"
	"                          by a bind mount, an open file descriptor, or a\n"
	"                          child namespace\n"
	"  -T, --tree[=parent|owner]\n"
	"                          user and PID namespaces as a tree under their\n"
	"                          parents (ioctl NS_GET_PARENT); with owner, every\n"
	"                          namespace under the user namespace that owns it\n"
	"                          (ioctl NS_GET_USERNS)\n"
	"  -d, --diff              with two PIDs: which namespaces they share\n"
	"  -t, --type TYPE[,TYPE]  only these types: user, cgroup, ipc, uts, net, pid,\n"
	"                          mnt, time; may be repeated\n"
	"  -o, --output COL[,COL]  the columns to show, from the lists below;\n"
	"                          +COL adds to the default ones\n"
	"  -n, --noheadings        print no header line\n"
	"  -r, --raw               separate columns by one space, without alignment or\n"
	"                          tree drawing; spaces and odd characters as \\xNN\n"
	"  -J, --json              print JSON, for programs: {\"namespaces\": [...]},\n"
	"                          a tree as nested \"children\"\n"
	"      --explain           print each system call that reads the kernel's state\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"Columns for PIDs (default PID,TYPE,NS,PID1):\n"
	"  PID      the process\n"
	"  TYPE     the namespace type, as the file in /proc/PID/ns is named\n"
	"  NS       the namespace's inode number\n"
	"  PID1     same or differs: is PID 1 in this namespace too? (see Notes)\n"
	"  PATH     the namespace's file, /proc/PID/ns/TYPE\n"
	"  OWNER    the user namespace that owns it\n"
	"  PARENT   the parent namespace (pid and user namespaces only)\n"
	"\n"
	"Columns for --all and --tree (default NS,TYPE,NPROCS,PID,USER,COMMAND):\n"
	"  NS, TYPE, OWNER, PARENT  as above\n"
	"  NPROCS   how many processes are in it (0: something else holds it)\n"
	"  PID      the lowest of them\n"
	"  UID      that process's user ID\n"
	"  USER     that process's user\n"
	"  COMMAND  that process's command line; a kernel thread's [name]\n"
	"  PATH     a file that leads to it: /proc/PID/ns/TYPE, else its bind mount,\n"
	"           else the open descriptor /proc/PID/fd/N that holds it\n"
	"  NSFS     the bind mount that keeps it, if any\n"
	"\n"
	"Columns for --diff (default TYPE,SHARED,NS_A,NS_B):\n"
	"  TYPE     the namespace type\n"
	"  SHARED   yes or no: are both processes in the same namespace?\n"
	"  NS_A     the first PID's namespace\n"
	"  NS_B     the second PID's namespace\n"
	"\n"
	"Exit status:\n"
	"  0 on success; 125 if %1$s failed: a bad option, column or PID, or no such\n"
	"  process.\n"
	"\n"
	"Notes:\n"
	"  Rows for pid_for_children and time_for_children appear only when they\n"
	"  differ from the process's own pid and time namespaces: after\n"
	"  unshare(CLONE_NEWPID) the process's next child starts in a new one.\n"
	"  PID1 compares with PID 1. When PID 1's namespaces cannot be read (ptrace\n"
	"  access is refused, even to root, to a process with capabilities the caller\n"
	"  lacks), it compares with kthreadd (PID 2), which stays in the initial\n"
	"  namespaces; PID1 is ? when neither can be read.\n"
	"  Like lsns, --all reads processes, not their threads. A bind mount is found\n"
	"  in the mount namespace of some process; one kept only in a mount namespace\n"
	"  with no process left cannot be seen.\n"
	"\n"
	"Examples:\n"
	"  %1$s                          the shell's namespaces\n"
	"  %1$s --diff $$ 4242           what a container shares with this shell\n"
	"  %1$s -a -t net -o +PATH       every network namespace, and its file\n"
	"  %1$s --tree --json | jq .     the hierarchy, for a program\n";

enum view { VIEW_PROCESSES, VIEW_ALL, VIEW_TREE, VIEW_DIFF };

/* What each view can show (lib/nsrows), and what it shows without -o. */
static const struct {
	const struct table_column *columns;
	int count;
	const char *defaults;
} views[] = {
	[VIEW_PROCESSES] = { nsrows_process_columns, NSROWS_PROCESS_COLUMNS, "PID,TYPE,NS,PID1" },
	[VIEW_ALL] = { nsrows_namespace_columns, NSROWS_NAMESPACE_COLUMNS, "NS,TYPE,NPROCS,PID,USER,COMMAND" },
	[VIEW_TREE] = { nsrows_namespace_columns, NSROWS_NAMESPACE_COLUMNS, "NS,TYPE,NPROCS,PID,USER,COMMAND" },
	[VIEW_DIFF] = { nsrows_diff_columns, NSROWS_DIFF_COLUMNS, "TYPE,SHARED,NS_A,NS_B" },
};

/* What the command line asks for: the plan main() carries out. */
struct plan {
	enum view view;
	enum nsrows_tree tree;  /* --tree=parent or owner */
	int types;              /* CLONE_NEW* flags to show; 0 for all */
	const char *columns;    /* -o */
	enum table_format format;
	bool headings;
	char **pid_args;        /* the PIDs, checked by parse() */
	int npids;
};

static const struct option options[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "tree", optional_argument, NULL, 'T' },
	{ "diff", no_argument, NULL, 'd' },
	{ "type", required_argument, NULL, 't' },
	{ "output", required_argument, NULL, 'o' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "raw", no_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'J' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static pid_t parse_pid(const char *arg)
{
	unsigned long long pid;

	if (opt_uint("PID", arg, INT_MAX, &pid) < 0 || pid == 0) {
		diag_set(0, "a PID is a whole number above 0, as ps -e lists them", "bad PID '%s'", arg);
		die_diag();
	}
	return (pid_t)pid;
}

static int parse_types(const char *list)
{
	int flags = 0;
	char name[32];

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), p);
		const struct ns_type *t = ns_type_by_name(name);
		if (!t)
			die_usage("unknown namespace type '%s': use user, cgroup, ipc, uts, net, pid, mnt or time", name);
		flags |= t->flag;
		p += len + (p[len] == ',');
	}
	return flags;
}

static void set_view(struct plan *p, enum view v)
{
	if (p->view != VIEW_PROCESSES && p->view != v)
		die_usage("--all, --tree and --diff are different views: choose one");
	p->view = v;
}

static void parse(int argc, char **argv, struct plan *p)
{
	int c;

	*p = (struct plan){ .format = TABLE_COLUMNS, .headings = true };
	/* "-1" would read as an unknown option; it is a bad PID. */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9')
			parse_pid(argv[i]);
	while ((c = getopt_long(argc, argv, "aT::dt:o:nrJh", options, NULL)) != -1) {
		switch (c) {
		case 'a': set_view(p, VIEW_ALL); break;
		case 'd': set_view(p, VIEW_DIFF); break;
		case 'T':
			set_view(p, VIEW_TREE);
			if (optarg && strcmp(optarg, "parent") && strcmp(optarg, "owner"))
				die_usage("--tree takes parent or owner, not '%s'", optarg);
			p->tree = optarg && !strcmp(optarg, "owner") ? NSROWS_TREE_BY_OWNER : NSROWS_TREE_BY_PARENT;
			break;
		case 't': p->types |= parse_types(optarg); break;
		case 'o': p->columns = optarg; break;
		case 'n': p->headings = false; break;
		case 'r': p->format = TABLE_RAW; break;
		case 'J': p->format = TABLE_JSON; break;
		default: opt_common(c, usage);
		}
	}
	char **args = opt_command(argc, argv, false);
	p->npids = args ? argc - (int)(args - argv) : 0;
	p->pid_args = args;
	for (int i = 0; i < p->npids; i++)
		parse_pid(args[i]);
	if ((p->view == VIEW_ALL || p->view == VIEW_TREE) && p->npids)
		die_usage("--all and --tree look at every process: give no PID");
	if (p->view == VIEW_DIFF && p->npids != 2)
		die_usage("--diff compares two processes: give two PIDs, e.g. --diff $$ 4242");
}

/* --- the per-process view --- */

static void list_processes(struct table *t, const struct plan *p)
{
	struct nsscan_process proc, reference;
	bool have_reference = table_shows(t, NSROWS_PROCESS_PID1) && nsscan_reference(&reference) == 0;

	for (int i = 0; i < (p->npids ? p->npids : 1); i++) {
		pid_t pid = p->npids ? parse_pid(p->pid_args[i]) : 0;
		if (nsscan_process(pid, &proc) < 0)
			die_diag();
		if (nsrows_add_process(t, &proc, have_reference ? &reference : NULL, p->types) < 0)
			die_diag();
	}
}

/* --- --diff --- */

static void list_diff(struct table *t, const struct plan *p)
{
	struct nsscan_process a, b;

	if (nsscan_process(parse_pid(p->pid_args[0]), &a) < 0 || nsscan_process(parse_pid(p->pid_args[1]), &b) < 0)
		die_diag();
	nsrows_add_diff(t, &a, &b, p->types);
}

/* --- --all and --tree --- */

static void list_machine(struct table *t, const struct plan *p)
{
	struct nsscan s = { 0 };

	if (nsscan_machine(&s, p->view == VIEW_TREE ? NSSCAN_EXPLAIN_EACH_IOCTL : 0) < 0)
		die_diag();
	if (p->view == VIEW_ALL)
		nsrows_add_namespaces(t, &s, p->types);
	else if (nsrows_add_tree(t, &s, p->types, p->tree) < 0)
		die_diag();
	nsscan_free(&s);
}

int main(int argc, char **argv)
{
	struct plan p;

	diag_init(argv);
	setlocale(LC_CTYPE, ""); /* tree lines in UTF-8 where the terminal has it */
	parse(argc, argv, &p);

	struct table *t = table_new(views[p.view].columns, views[p.view].count, views[p.view].defaults);
	if (!t)
		die_diag();
	if (p.columns && table_select(t, p.columns) < 0)
		die_diag();
	switch (p.view) {
	case VIEW_PROCESSES:
		list_processes(t, &p);
		break;
	case VIEW_DIFF:
		list_diff(t, &p);
		break;
	case VIEW_ALL:
	case VIEW_TREE:
		list_machine(t, &p);
		break;
	}
	int rc = table_print(t, stdout, p.format, p.headings, "namespaces");
	table_free(t);
	if (rc < 0)
		die_diag();
	return 0;
}
