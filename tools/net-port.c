/* net-port — publish container ports on the host, with nftables.
 *
 * `docker run -p 8080:80` in two rules: a packet to port 8080 on any of the
 * host's own addresses is sent on to the container's address and port 80
 * (DNAT, in the prerouting hook for other machines and in the output hook
 * for the host itself). The rules live in ctrkit's own table, ip ctrkit,
 * each with a comment naming its owner, so `net-port del --owner web`
 * removes exactly what web published, after a crash too (lib/nat).
 *
 *   net-port add --owner web --to 10.88.0.5 8080:80/tcp
 *   net-port masquerade 10.88.0.0/16          containers reach beyond the host
 *   net-port del --owner web
 */
#include "diag.h"
#include "explain.h"
#include "ipnet.h"
#include "kfile.h"
#include "lease.h"
#include "nat.h"
#include "nl.h"
#include "opt.h"
#include "rtnl.h"
#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [options] add|del|list|masquerade|flush [ARG]\n"
	"Publish container ports on the host with nftables, and masquerade a subnet.\n"
	"\n"
	"Commands:\n"
	"  add HOSTPORT:PORT[/tcp|/udp]\n"
	"                    send connections to HOSTPORT on any of this host's own\n"
	"                    addresses on to --to ADDR, port PORT (tcp by default)\n"
	"  del [HOSTPORT[:PORT][/PROTO]]\n"
	"                    remove that published port, or with --owner every port\n"
	"                    the owner published\n"
	"  list              show the published ports: OWNER PROTO HOSTPORT TO\n"
	"  masquerade SUBNET let SUBNET's traffic leave through other links with\n"
	"                    their address (source NAT), and turn on IPv4 forwarding\n"
	"  flush             remove ctrkit's whole nftables table\n"
	"\n"
	"The rules live in the nftables table 'ip ctrkit' (nft list table ip ctrkit\n"
	"shows them), each with a comment naming its owner. A host port can be\n"
	"published once per protocol. Connections to 127.0.0.1 are not forwarded.\n"
	"\n"
	"Options:\n"
	"  -t, --to ADDR       add: the container's address, e.g. 10.88.0.5\n"
	"  -o, --owner OWNER   add: tag the rules with OWNER; del: remove every port\n"
	"                      OWNER published\n"
	"  -b, --bridge NAME   masquerade: traffic leaving by this bridge is the\n"
	"                      containers' own and keeps its address (default ctrkit0)\n"
	"  -f, --force         del: succeed when nothing matches\n"
	"  -n, --noheadings    list: print no header line\n"
	"  -r, --raw           list: columns separated by one space\n"
	"  -J, --json          list: print JSON {\"ports\": [{\"owner\": ...}]}\n"
	"      --explain       print each netlink message and its nft(8) equivalent\n"
	"  -h, --help          show this help and exit\n"
	"      --version       show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 on success, 125 if %1$s failed (it says why, and what to do).\n"
	"\n"
	"Examples:\n"
	"  %1$s add --owner web --to 10.88.0.5 8080:80\n"
	"  %1$s del --owner web\n"
	"  %1$s masquerade 10.88.0.0/16 --bridge ctrkit0\n";

enum { COL_OWNER, COL_PROTO, COL_HOSTPORT, COL_TO, COL_COUNT };
static const struct table_column columns[COL_COUNT] = {
	[COL_OWNER] = { "OWNER", TABLE_TEXT },
	[COL_PROTO] = { "PROTO", TABLE_TEXT },
	[COL_HOSTPORT] = { "HOSTPORT", TABLE_NUMBER },
	[COL_TO] = { "TO", TABLE_TEXT },
};

static const struct option options[] = {
	{ "to", required_argument, NULL, 't' },
	{ "owner", required_argument, NULL, 'o' },
	{ "bridge", required_argument, NULL, 'b' },
	{ "force", no_argument, NULL, 'f' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "raw", no_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'J' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* Checking that a port is free and adding it must not interleave with
 * another net-port doing the same: one lock for the table. */
static int lock_table(void)
{
	const char *root = getenv("CTRKIT_STATE");
	char path[4096];
	int fd;

	if (!root || !*root)
		root = "/run/ctrkit";
	if (mkdir(root, 0755) < 0 && errno != EEXIST)
		return diag_set(errno, NULL, "mkdir %s", root);
	snprintf(path, sizeof path, "%s/net", root);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return diag_set(errno, NULL, "mkdir %s", path);
	snprintf(path, sizeof path, "%s/net/nat.lock", root);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return diag_set(errno, NULL, "open %s", path);
	explain("flock(%s, LOCK_EX)", path);
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return diag_set(errno, NULL, "flock %s", path);
	return fd; /* held until exit */
}

static int add_row(const struct nat_rule *rule, void *data)
{
	struct table *t = data;
	char to[IPNET_STRLEN];

	/* Each port has a rule in prerouting and in output: show it once. */
	if (!rule->is_port || strcmp(rule->chain, "output"))
		return 0;
	int r = table_add_row(t);
	table_set(t, r, COL_OWNER, rule->port.owner[0] ? rule->port.owner : "-");
	table_set(t, r, COL_PROTO, nat_proto_name(rule->port.proto));
	table_setf(t, r, COL_HOSTPORT, "%u", rule->port.host_port);
	table_setf(t, r, COL_TO, "%s:%u", ipnet_addr_str(rule->port.to_addr, to, sizeof to), rule->port.to_port);
	return 0;
}

/* "8080", "8080/udp" or a whole "8080:80/tcp" names a port to delete. */
static void parse_del_port(const char *spec, struct nat_port *port)
{
	char buf[80];
	const char *slash = strchr(spec, '/');

	if (strchr(spec, ':')) {
		if (nat_port_parse(spec, port) < 0)
			die_diag();
		return;
	}
	snprintf(buf, sizeof buf, "%.*s:1%s", (int)(slash ? slash - spec : (long)strlen(spec)), spec, slash ? slash : "");
	if (nat_port_parse(buf, port) < 0)
		die(0, "write HOSTPORT[/tcp|/udp], e.g. 8080/tcp", "bad port '%s'", spec);
}

int main(int argc, char **argv)
{
	const char *bridge = "ctrkit0", *owner = NULL, *command, *arg = NULL;
	struct nat_port port = { 0 };
	bool has_to = false, force = false, headings = true;
	enum table_format format = TABLE_COLUMNS;
	int c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "t:o:b:fnrJh", options, NULL)) != -1) {
		switch (c) {
		case 't':
			if (ipnet_parse_addr("container address", optarg, &port.to_addr) < 0)
				die_diag();
			has_to = true;
			break;
		case 'o':
			if (lease_owner_check(optarg) < 0)
				die_diag();
			owner = optarg;
			break;
		case 'b':
			if (rtnl_name_check("bridge name", optarg) < 0)
				die_diag();
			bridge = optarg;
			break;
		case 'f': force = true; break;
		case 'n': headings = false; break;
		case 'r': format = TABLE_RAW; break;
		case 'J': format = TABLE_JSON; break;
		default: opt_common(c, usage);
		}
	}
	if (optind >= argc)
		die_usage("no command given: add, del, list, masquerade or flush");
	command = argv[optind++];
	if (optind < argc)
		arg = argv[optind++];
	if (optind < argc)
		die_usage("unexpected '%s'", argv[optind]);

	bool add = !strcmp(command, "add"), del = !strcmp(command, "del"), list = !strcmp(command, "list"),
	     masq = !strcmp(command, "masquerade"), flush = !strcmp(command, "flush");
	if (!add && !del && !list && !masq && !flush)
		die_usage("unknown command '%s': use add, del, list, masquerade or flush", command);
	if ((add || masq) && !arg)
		die_usage("%s needs %s", command, add ? "HOSTPORT:PORT[/tcp|/udp]" : "a SUBNET, e.g. 10.88.0.0/16");
	if ((list || flush) && arg)
		die_usage("%s takes no argument", command);
	if (add && !has_to)
		die_usage("add needs --to ADDR, the container's address");
	if (del && !arg && !owner)
		die_usage("del needs a HOSTPORT or --owner OWNER");

	struct nl *nl = nl_open(NETLINK_NETFILTER);
	if (!nl)
		die_diag();
	if (add) {
		if (nat_port_parse(arg, &port) < 0)
			die_diag();
		if (owner)
			snprintf(port.owner, sizeof port.owner, "%s", owner);
		if (lock_table() < 0 || nat_port_add(nl, &port) < 0)
			die_diag();
	} else if (del) {
		int removed;
		if (arg)
			parse_del_port(arg, &port);
		if (lock_table() < 0 || nat_port_del(nl, owner, arg ? &port : NULL, &removed) < 0)
			die_diag();
		if (!removed && !force)
			die(0, "net-port list shows what is published; --force ignores this", "no published port matches");
	} else if (list) {
		struct table *t = table_new(columns, COL_COUNT, "OWNER,PROTO,HOSTPORT,TO");
		if (!t || nat_list(nl, add_row, t) < 0 || table_print(t, stdout, format, headings, "ports") < 0)
			die_diag();
		table_free(t);
	} else if (masq) {
		struct ipnet subnet;
		if (ipnet_parse_subnet("subnet", arg, &subnet) < 0)
			die_diag();
		if (lock_table() < 0 || nat_masquerade(nl, &subnet, bridge) < 0)
			die_diag();
		/* Without forwarding, the host drops what it should route on. */
		if (kfile_write("/proc/sys/net/ipv4/ip_forward", "1") < 0)
			die_diag();
	} else if (lock_table() < 0 || nat_flush(nl) < 0) {
		die_diag();
	}
	nl_close(nl);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(errno, NULL, "write to standard output");
	return 0;
}
