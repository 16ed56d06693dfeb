/* net-veth — connect a network namespace to a bridge with a veth pair.
 *
 * A veth pair is a cable with two ends: what goes in one comes out of the
 * other. One end stays here and is plugged into the bridge; the other is
 * made directly inside the container's network namespace under its final
 * name (eth0), so it never shows on the host. Inside, it gets the address,
 * and the default route through the bridge's address; lo comes up too:
 *
 *   ip link add veth1a2b3c4d type veth peer name eth0 netns 4242
 *   ip link set veth1a2b3c4d master ctrkit0
 *   ip link set veth1a2b3c4d up
 *   nsenter --net=/proc/4242/ns/net ip link set lo up
 *   nsenter --net=/proc/4242/ns/net ip addr add 10.88.0.5/16 brd + dev eth0
 *   nsenter --net=/proc/4242/ns/net ip link set eth0 up
 *   nsenter --net=/proc/4242/ns/net ip route add default via 10.88.0.1 dev eth0
 *
 * The inside is configured through a netlink socket made in that namespace
 * (lib/nl): net-veth itself never moves. A failed step deletes the pair
 * again (a veth takes its peer with it), so nothing is left half-made. With
 * --owner the host end is named after the owner and tagged with an alias,
 * so a later clean-up finds it even if everything else was killed.
 */
#include "diag.h"
#include "explain.h"
#include "ipnet.h"
#include "lease.h"
#include "nl.h"
#include "ns.h"
#include "opt.h"
#include "rtnl.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [options] --netns-pid PID | --netns FILE\n"
	"Connect a network namespace to a bridge with a veth pair.\n"
	"\n"
	"Creates a veth pair whose inner end (eth0) is made inside the namespace,\n"
	"plugs the outer end into the bridge, gives eth0 its address and the\n"
	"default route, and brings eth0, lo and the outer end up. Prints the name\n"
	"of the outer end. If a step fails, the pair is removed again.\n"
	"\n"
	"Options:\n"
	"  -p, --netns-pid PID        the network namespace of process PID\n"
	"  -n, --netns FILE           a network namespace file: ns-clone --persist\n"
	"                             DIR makes DIR/net, ip netns add makes\n"
	"                             /run/netns/NAME\n"
	"  -b, --bridge NAME          plug the outer end into this bridge\n"
	"  -a, --address ADDR/PREFIX  the address of eth0, e.g. 10.88.0.5/16 (as\n"
	"                             net-lease take prints it)\n"
	"  -g, --gateway ADDR         add the default route via ADDR, the bridge's\n"
	"                             address (needs --address in the same subnet)\n"
	"  -i, --ifname NAME          name of the inner end (default eth0)\n"
	"  -H, --host-name NAME       name of the outer end (default: veth and 8 hex\n"
	"                             digits, from --owner when given, else random)\n"
	"  -m, --mtu BYTES            the MTU of both ends (default: the kernel's, 1500)\n"
	"  -o, --owner OWNER          tag the outer end with the alias\n"
	"                             \"ctrkit owner=OWNER\" and name it after OWNER\n"
	"  -d, --delete               remove a veth pair instead: the one named by\n"
	"                             --host-name, or every one tagged with --owner\n"
	"  -f, --force                --delete: succeed when there is nothing to remove\n"
	"      --explain              print each netlink request and its ip(8) equivalent\n"
	"  -h, --help                 show this help and exit\n"
	"      --version              show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 on success, 125 if %1$s failed (it says why, and what to do).\n"
	"\n"
	"Examples:\n"
	"  %1$s --netns-pid 4242 --bridge ctrkit0 --address 10.88.0.5/16 --gateway 10.88.0.1\n"
	"  %1$s --netns /run/ctrkit/ns/web/net --bridge ctrkit0 --owner web --address \"$(net-lease take web)\"\n"
	"  %1$s --delete --owner web\n";

struct plan {
	const char *netns_path;
	char netns_buf[64];
	const char *bridge;
	struct ipnet address;
	bool has_address;
	uint32_t gateway;
	const char *ifname;
	char host_name[IFNAMSIZ];
	const char *owner;
	char alias[128];
	unsigned mtu;
	bool delete, force;
};

static const struct option options[] = {
	{ "netns-pid", required_argument, NULL, 'p' },
	{ "netns", required_argument, NULL, 'n' },
	{ "bridge", required_argument, NULL, 'b' },
	{ "address", required_argument, NULL, 'a' },
	{ "gateway", required_argument, NULL, 'g' },
	{ "ifname", required_argument, NULL, 'i' },
	{ "host-name", required_argument, NULL, 'H' },
	{ "owner", required_argument, NULL, 'o' },
	{ "mtu", required_argument, NULL, 'm' },
	{ "delete", no_argument, NULL, 'd' },
	{ "force", no_argument, NULL, 'f' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* The outer end's default name: from the owner (FNV-1a), so a clean-up
 * can compute it, or random. */
static void default_host_name(struct plan *p)
{
	uint32_t h = 2166136261u;

	if (p->owner) {
		for (const char *c = p->owner; *c; c++)
			h = (h ^ (unsigned char)*c) * 16777619u;
	} else if (getrandom(&h, sizeof h, 0) != sizeof h) {
		h = (uint32_t)getpid() * 2654435761u;
	}
	snprintf(p->host_name, sizeof p->host_name, "veth%08x", h);
}

static void parse(int argc, char **argv, struct plan *p)
{
	unsigned long long pid;
	int c;

	*p = (struct plan){ .ifname = "eth0" };
	while ((c = getopt_long(argc, argv, "p:n:b:a:g:i:H:o:m:dfh", options, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (opt_uint("PID", optarg, 4194304, &pid) < 0 || pid == 0)
				die(0, "give the PID of a process in the namespace", "bad PID '%s'", optarg);
			snprintf(p->netns_buf, sizeof p->netns_buf, "/proc/%llu/ns/net", pid);
			p->netns_path = p->netns_buf;
			break;
		case 'n': p->netns_path = optarg; break;
		case 'b':
			if (rtnl_name_check("bridge name", optarg) < 0)
				die_diag();
			p->bridge = optarg;
			break;
		case 'a':
			if (ipnet_parse_cidr("address", optarg, &p->address) < 0)
				die_diag();
			p->has_address = true;
			break;
		case 'g':
			if (ipnet_parse_addr("gateway", optarg, &p->gateway) < 0)
				die_diag();
			break;
		case 'i':
			if (rtnl_name_check("inner link name", optarg) < 0)
				die_diag();
			p->ifname = optarg;
			break;
		case 'H':
			if (rtnl_name_check("outer link name", optarg) < 0)
				die_diag();
			snprintf(p->host_name, sizeof p->host_name, "%s", optarg);
			break;
		case 'o':
			if (lease_owner_check(optarg) < 0)
				die_diag();
			p->owner = optarg;
			snprintf(p->alias, sizeof p->alias, "ctrkit owner=%s", optarg);
			break;
		case 'm':
			/* The range is the kernel's to check, per device type: it
			 * says so in its own words. */
			if (opt_uint("MTU", optarg, 65535, &pid) < 0 || pid == 0)
				die(0, "give the MTU in bytes, e.g. 1450", "bad MTU '%s'", optarg);
			p->mtu = (unsigned)pid;
			break;
		case 'd': p->delete = true; break;
		case 'f': p->force = true; break;
		default: opt_common(c, usage);
		}
	}
	if (optind < argc)
		die_usage("unexpected '%s'", argv[optind]);
	if (p->delete) {
		if (!p->host_name[0] && !p->owner)
			die_usage("--delete needs --host-name or --owner");
		return;
	}
	if (!p->netns_path)
		die_usage("no network namespace given: use --netns-pid PID or --netns FILE");
	if (p->gateway && !p->has_address)
		die_usage("--gateway needs --address: the route goes through eth0's subnet");
	if (p->gateway && !ipnet_contains(&p->address, p->gateway)) {
		char a[IPNET_STRLEN], g[IPNET_STRLEN];
		die(0, "the gateway is the bridge's address, inside the container's subnet",
		    "gateway %s is outside the subnet of %s", ipnet_addr_str(p->gateway, g, sizeof g),
		    ipnet_str(&p->address, a, sizeof a));
	}
	if (p->has_address && (p->address.addr == ipnet_network(&p->address) ||
			       (p->address.prefix < 31 && p->address.addr == ipnet_broadcast(&p->address)) ||
			       p->address.addr == p->gateway)) {
		char a[IPNET_STRLEN];
		die(0, "use a host address of the subnet other than the gateway (net-lease take picks one)",
		    "address %s is the network, broadcast or gateway address", ipnet_str(&p->address, a, sizeof a));
	}
	if (!p->host_name[0])
		default_host_name(p);
}

/* --- delete --- */

struct owned {
	const char *alias;
	char names[64][IFNAMSIZ];
	int n;
};

static int collect_owned(const struct rtnl_link *link, void *data)
{
	struct owned *o = data;
	if (!strcmp(link->alias, o->alias) && o->n < 64)
		snprintf(o->names[o->n++], IFNAMSIZ, "%s", link->name);
	return 0;
}

static int delete_pairs(struct nl *nl, const struct plan *p)
{
	struct owned o = { .alias = p->alias };
	struct rtnl_link link;

	if (p->host_name[0]) {
		snprintf(o.names[0], IFNAMSIZ, "%s", p->host_name);
		o.n = 1;
	} else if (rtnl_link_list(nl, collect_owned, &o) < 0) {
		return -1;
	}
	if (o.n == 0 && !p->force)
		return diag_set(0, "it is gone already if its namespace ended; --force ignores this",
				"no veth tagged \"%s\" here", p->alias);
	/* Collected first, deleted after: a dump must end before the socket
	 * can carry other requests. */
	for (int i = 0; i < o.n; i++) {
		if (rtnl_link_get(nl, o.names[i], &link) < 0) {
			if (diag_errno() == ENODEV && p->force)
				continue;
			return -1;
		}
		if (strcmp(link.kind, "veth"))
			return diag_set(0, "net-veth removes only veth pairs", "link %s is not a veth", link.name);
		if (rtnl_link_del(nl, &link) < 0)
			return -1;
	}
	return 0;
}

/* --- create --- */

static int configure_inside(struct nl *in, const struct plan *p)
{
	struct rtnl_link lo, eth;

	if (rtnl_link_get(in, "lo", &lo) < 0 || rtnl_link_set_up(in, &lo) < 0)
		return -1;
	if (rtnl_link_get(in, p->ifname, &eth) < 0)
		return -1;
	if (p->mtu && rtnl_link_set_mtu(in, &eth, p->mtu) < 0)
		return -1;
	if (p->has_address && rtnl_addr_add(in, &eth, &p->address) < 0)
		return -1;
	if (rtnl_link_set_up(in, &eth) < 0)
		return -1;
	if (p->gateway && rtnl_route_add_default(in, &eth, p->gateway) < 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct plan p;
	struct rtnl_link host, bridge;
	struct nl *in = NULL;

	diag_init(argv);
	parse(argc, argv, &p);

	struct nl *nl = nl_open(NETLINK_ROUTE);
	if (!nl)
		die_diag();
	if (p.delete) {
		if (delete_pairs(nl, &p) < 0)
			die_diag();
		nl_close(nl);
		return 0;
	}

	int netns_fd = ns_open(p.netns_path, ns_type_by_name("net"));
	if (netns_fd < 0) {
		if (diag_errno() == ENOENT && !strncmp(p.netns_path, "/proc/", 6))
			diag_hint("is the process still running?");
		die_diag();
	}
	if (p.bridge && rtnl_link_get(nl, p.bridge, &bridge) < 0) {
		if (diag_errno() == ENODEV)
			diag_hint("create it first: net-bridge --address 10.88.0.1/16 %s", p.bridge);
		die_diag();
	}
	if (p.bridge && strcmp(bridge.kind, "bridge"))
		die(0, "give the name of a bridge (net-bridge makes one)", "link %s is not a bridge", p.bridge);
	if (!(in = nl_open_netns(NETLINK_ROUTE, netns_fd, p.netns_path)))
		die_diag();

	if (rtnl_veth_add(nl, p.host_name, p.ifname, netns_fd, p.netns_path) < 0)
		die_diag();
	if (rtnl_link_get(nl, p.host_name, &host) < 0)
		goto fail;
	if (p.owner && rtnl_link_set_alias(nl, &host, p.alias) < 0)
		goto fail;
	if (p.mtu && rtnl_link_set_mtu(nl, &host, p.mtu) < 0)
		goto fail;
	if (p.bridge && rtnl_link_set_master(nl, &host, &bridge) < 0)
		goto fail;
	if (rtnl_link_set_up(nl, &host) < 0)
		goto fail;
	if (configure_inside(in, &p) < 0)
		goto fail;
	nl_close(in);
	nl_close(nl);
	close(netns_fd);
	printf("%s\n", p.host_name);
	return fflush(stdout) == 0 ? 0 : EXIT_TOOL_FAILED;

fail:
	/* Report first: undoing may record failures of its own. */
	diag_print();
	if (!host.index && rtnl_link_get(nl, p.host_name, &host) < 0)
		host.index = 0;
	if (host.index && rtnl_link_del(nl, &host) < 0)
		warn_msg(diag_errno(), "could not remove the veth pair %s again", p.host_name);
	nl_close(in);
	nl_close(nl);
	return EXIT_TOOL_FAILED;
}
