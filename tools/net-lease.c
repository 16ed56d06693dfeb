/* net-lease — hand out container addresses from a subnet, one per owner.
 *
 * The addresses of a network are a shared resource: two containers started
 * at the same moment must not get the same one. net-lease takes the
 * network's lock (flock(2) on a file in the state directory), reads the
 * leases, writes the new one and lets go, so any number of them may run at
 * once (lib/lease). It prints the address for a script to pass on:
 *
 *   addr=$(net-lease take web)                       10.88.0.2/16
 *   net-veth --netns-pid "$pid" --address "$addr" ...
 *   net-lease release web
 */
#include "diag.h"
#include "ipnet.h"
#include "lease.h"
#include "opt.h"
#include "rtnl.h"
#include "table.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options] take|release|list [OWNER]\n"
	"Hand out container addresses from a subnet, one per owner, under a lock.\n"
	"\n"
	"Commands:\n"
	"  take OWNER       print the address OWNER holds, as ADDRESS/PREFIX; if it\n"
	"                   holds none, lease it the lowest free one first\n"
	"  release OWNER    give OWNER's address back\n"
	"  list             show every lease of the network: OWNER and ADDRESS\n"
	"\n"
	"An OWNER is a name of 1 to 64 letters, digits, '_', '.' or '-', usually\n"
	"the container's. The network's first address, its last (broadcast) and\n"
	"the gateway are never leased. Leases are files in\n"
	"$CTRKIT_STATE/net/BRIDGE/leases/ (default /run/ctrkit/...), changed only\n"
	"under a lock, so concurrent runs never get the same address.\n"
	"\n"
	"Options:\n"
	"  -b, --bridge NAME      the network, named after its bridge (default ctrkit0)\n"
	"  -s, --subnet SUBNET    the subnet to lease from, e.g. 10.88.0.0/16 (default:\n"
	"                         the one the network was made with, or 10.88.0.0/16);\n"
	"                         it can change only while the network has no lease\n"
	"  -g, --gateway ADDR     the bridge's address, never leased (default: the\n"
	"                         subnet's first host, 10.88.0.1)\n"
	"  -f, --force            release: succeed even if OWNER holds no lease\n"
	"  -n, --noheadings       list: print no header line\n"
	"  -r, --raw              list: columns separated by one space\n"
	"  -J, --json             list: print JSON {\"leases\": [{\"owner\": ...}]}\n"
	"      --explain          print each lock, file write and removal\n"
	"  -h, --help             show this help and exit\n"
	"      --version          show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 on success, 125 if %1$s failed (it says why, and what to do).\n"
	"\n"
	"Examples:\n"
	"  %1$s take web                        prints 10.88.0.2/16\n"
	"  %1$s --subnet 172.30.0.0/24 --bridge br1 take db\n"
	"  %1$s release web\n";

enum { COL_OWNER, COL_ADDRESS, COL_COUNT };
static const struct table_column columns[COL_COUNT] = {
	[COL_OWNER] = { "OWNER", TABLE_TEXT },
	[COL_ADDRESS] = { "ADDRESS", TABLE_TEXT },
};

static const struct option options[] = {
	{ "bridge", required_argument, NULL, 'b' },
	{ "subnet", required_argument, NULL, 's' },
	{ "gateway", required_argument, NULL, 'g' },
	{ "force", no_argument, NULL, 'f' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "raw", no_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'J' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static int add_row(const char *owner, const struct ipnet *addr, void *data)
{
	struct table *t = data;
	char text[IPNET_STRLEN];
	int r = table_add_row(t);

	table_set(t, r, COL_OWNER, owner);
	table_set(t, r, COL_ADDRESS, ipnet_str(addr, text, sizeof text));
	return 0;
}

int main(int argc, char **argv)
{
	const char *bridge = "ctrkit0", *command, *owner = NULL;
	struct ipnet subnet, *subnet_p = NULL, addr;
	uint32_t gateway = 0;
	bool force = false, headings = true;
	enum table_format format = TABLE_COLUMNS;
	struct lease_pool pool;
	char text[IPNET_STRLEN];
	int c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "b:s:g:fnrJh", options, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (rtnl_name_check("bridge name", optarg) < 0)
				die_diag();
			bridge = optarg;
			break;
		case 's':
			if (ipnet_parse_subnet("subnet", optarg, &subnet) < 0)
				die_diag();
			subnet_p = &subnet;
			break;
		case 'g':
			if (ipnet_parse_addr("gateway", optarg, &gateway) < 0)
				die_diag();
			break;
		case 'f': force = true; break;
		case 'n': headings = false; break;
		case 'r': format = TABLE_RAW; break;
		case 'J': format = TABLE_JSON; break;
		default: opt_common(c, usage);
		}
	}
	if (optind >= argc)
		die_usage("no command given: take, release or list");
	command = argv[optind++];
	bool list = !strcmp(command, "list");
	if (!list && strcmp(command, "take") && strcmp(command, "release"))
		die_usage("unknown command '%s': use take, release or list", command);
	if (!list) {
		if (optind >= argc)
			die_usage("%s needs an OWNER", command);
		owner = argv[optind++];
		if (lease_owner_check(owner) < 0)
			die_diag();
	}
	if (optind < argc)
		die_usage("unexpected '%s'", argv[optind]);

	if (lease_pool_open(&pool, bridge, subnet_p, gateway) < 0)
		die_diag();
	if (!strcmp(command, "take")) {
		if (lease_take(&pool, owner, &addr) < 0)
			die_diag();
		printf("%s\n", ipnet_str(&addr, text, sizeof text));
	} else if (!strcmp(command, "release")) {
		if (lease_release(&pool, owner, force) < 0) {
			if (diag_errno() == ENOENT)
				diag_hint("%s holds no lease on %s (net-lease list --bridge %s shows who does; "
					  "--force ignores this)", owner, bridge, bridge);
			die_diag();
		}
	} else {
		struct table *t = table_new(columns, COL_COUNT, "OWNER,ADDRESS");
		if (!t || lease_list(&pool, add_row, t) < 0 ||
		    table_print(t, stdout, format, headings, "leases") < 0)
			die_diag();
		table_free(t);
	}
	lease_pool_close(&pool);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(errno, NULL, "write to standard output");
	return 0;
}
