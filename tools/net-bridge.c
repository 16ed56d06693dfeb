/* net-bridge — create a network bridge, give it an address, bring it up.
 *
 * A bridge is a switch made of software: every container's veth is plugged
 * into one, and the bridge's own address is the containers' gateway, as
 * docker0 is for Docker's default network. Three rtnetlink requests make
 * it, the same three an administrator types:
 *
 *   ip link add ctrkit0 type bridge
 *   ip addr add 10.88.0.1/16 brd + dev ctrkit0
 *   ip link set ctrkit0 up
 *
 * A bridge that is there already is reused (every container start may run
 * net-bridge), and a bridge this run created is deleted again when a later
 * step fails, so nothing is left half-configured.
 */
#include "diag.h"
#include "explain.h"
#include "ipnet.h"
#include "nl.h"
#include "opt.h"
#include "rtnl.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options] NAME\n"
	"Create a network bridge, give it an address and bring it up.\n"
	"\n"
	"A bridge is a virtual switch: net-veth plugs each container into it, and\n"
	"its address is the containers' gateway. If NAME exists and is a bridge it\n"
	"is reused: the address is added if it lacks it and the bridge is brought\n"
	"up, so running %1$s again is harmless. If a step fails, a bridge this run\n"
	"created is removed again.\n"
	"\n"
	"Options:\n"
	"  -a, --address ADDR/PREFIX  give the bridge this address, e.g. 10.88.0.1/16\n"
	"                             (the gateway of the subnet 10.88.0.0/16)\n"
	"  -d, --delete               remove the bridge NAME instead; links attached\n"
	"                             to it are detached, not removed\n"
	"      --explain              print each netlink request and its ip(8) equivalent\n"
	"  -h, --help                 show this help and exit\n"
	"      --version              show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 on success, 125 if %1$s failed (it says why, and what to do).\n"
	"\n"
	"Examples:\n"
	"  %1$s --address 10.88.0.1/16 ctrkit0\n"
	"  %1$s --delete ctrkit0\n";

struct plan {
	const char *name;
	struct ipnet address;
	bool has_address;
	bool delete;
};

static const struct option options[] = {
	{ "address", required_argument, NULL, 'a' },
	{ "delete", no_argument, NULL, 'd' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static void parse(int argc, char **argv, struct plan *p)
{
	int c;

	*p = (struct plan){ 0 };
	while ((c = getopt_long(argc, argv, "a:dh", options, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (ipnet_parse_cidr("bridge address", optarg, &p->address) < 0)
				die_diag();
			p->has_address = true;
			break;
		case 'd':
			p->delete = true;
			break;
		default:
			opt_common(c, usage);
		}
	}
	if (optind >= argc)
		die_usage("no bridge name given");
	if (optind + 1 < argc)
		die_usage("one bridge at a time: unexpected '%s'", argv[optind + 1]);
	p->name = argv[optind];
	if (rtnl_name_check("bridge name", p->name) < 0)
		die_diag();
	if (p->delete && p->has_address)
		die_usage("--delete takes no --address");
	if (p->has_address && (p->address.prefix > 30 || p->address.addr == ipnet_network(&p->address) ||
			       p->address.addr == ipnet_broadcast(&p->address))) {
		char text[IPNET_STRLEN];
		die(0, "give a host address in a subnet with room for containers, e.g. 10.88.0.1/16",
		    "bridge address %s is not a usable gateway", ipnet_str(&p->address, text, sizeof text));
	}
}

static const struct rtnl_link *find_bridge(struct nl *nl, const char *name, struct rtnl_link *br)
{
	if (rtnl_link_get(nl, name, br) < 0)
		return NULL;
	if (strcmp(br->kind, "bridge")) {
		diag_set(0, "choose another name for the bridge", "link %s exists and is %s%s, not a bridge", name,
			 br->kind[0] ? "a " : "a device", br->kind);
		return NULL;
	}
	return br;
}

static int delete_bridge(struct nl *nl, const char *name)
{
	struct rtnl_link br;

	if (!find_bridge(nl, name, &br)) {
		if (diag_errno() == ENODEV)
			diag_hint("there is no bridge %s here (ip link show type bridge lists them)", name);
		return -1;
	}
	return rtnl_link_del(nl, &br);
}

int main(int argc, char **argv)
{
	struct plan p;
	struct rtnl_link br;
	bool created = false;

	diag_init(argv);
	parse(argc, argv, &p);

	struct nl *nl = nl_open(NETLINK_ROUTE);
	if (!nl)
		die_diag();
	if (p.delete) {
		if (delete_bridge(nl, p.name) < 0)
			die_diag();
		nl_close(nl);
		return 0;
	}

	if (rtnl_bridge_add(nl, p.name) == 0)
		created = true;
	else if (diag_errno() != EEXIST)
		die_diag();
	if (!find_bridge(nl, p.name, &br))
		goto fail;
	if (p.has_address && rtnl_addr_add(nl, &br, &p.address) < 0 && diag_errno() != EEXIST)
		goto fail;
	if (rtnl_link_set_up(nl, &br) < 0)
		goto fail;
	nl_close(nl);
	return 0;

fail:
	/* Report first: undoing may record failures of its own. */
	diag_print();
	if (created && rtnl_link_del(nl, &br) < 0)
		warn_msg(diag_errno(), "could not remove the bridge %s again", p.name);
	nl_close(nl);
	return EXIT_TOOL_FAILED;
}
