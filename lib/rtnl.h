/* rtnl — network links, addresses and routes, one rtnetlink message each.
 *
 * Every call here is one request on an nl socket, the same one that an
 * ip(8) command sends, and --explain shows that command beside it:
 *
 *   rtnl_bridge_add(nl, "ctrkit0")        ip link add ctrkit0 type bridge
 *   rtnl_link_set_up(nl, &br)             ip link set ctrkit0 up
 *   rtnl_addr_add(nl, &br, &addr)         ip addr add 10.88.0.1/16 brd + dev ctrkit0
 *   rtnl_route_add_default(nl, &eth0, gw) ip route add default via 10.88.0.1 dev eth0
 *
 * Links are named to the user and numbered to the kernel: rtnl_link_get
 * looks a name up once, and the other calls take the struct it fills.
 */
#ifndef CTRKIT_RTNL_H
#define CTRKIT_RTNL_H

#include "ipnet.h"
#include "nl.h"

#include <net/if.h>

struct rtnl_link {
	int index;
	unsigned flags;          /* IFF_UP, ... */
	int master;              /* index of the bridge it is attached to, or 0 */
	char name[IFNAMSIZ];
	char kind[32];           /* "bridge", "veth", ... ("" for lo and real devices) */
	char alias[128];         /* IFLA_IFALIAS: ctrkit writes "ctrkit owner=NAME" */
};

/* A name the kernel accepts for a link: 1 to 15 bytes (IFNAMSIZ - 1), not
 * "." or "..", no '/', ':' or white space. WHAT says whose name it is. */
int rtnl_name_check(const char *what, const char *name);

/* Look up the link NAME. -1 with a diagnostic (errno ENODEV when there is
 * no such link). */
int rtnl_link_get(struct nl *nl, const char *name, struct rtnl_link *out);

/* Call EACH for every link; it returns 0 to go on, -1 (with a diagnostic)
 * to stop. */
int rtnl_link_list(struct nl *nl, int (*each)(const struct rtnl_link *link, void *data), void *data);

/* Create a bridge, or a veth pair whose PEER end is made directly inside
 * the network namespace open at PEER_NETNS_FD (named PEER_NETNS_PATH), so
 * it never appears in ours. Both fail with EEXIST if a name is taken. */
int rtnl_bridge_add(struct nl *nl, const char *name);
int rtnl_veth_add(struct nl *nl, const char *name, const char *peer, int peer_netns_fd,
		  const char *peer_netns_path);

/* Delete a link (a veth takes its peer with it). */
int rtnl_link_del(struct nl *nl, const struct rtnl_link *link);

int rtnl_link_set_up(struct nl *nl, const struct rtnl_link *link);
int rtnl_link_set_master(struct nl *nl, const struct rtnl_link *link, const struct rtnl_link *master);
/* The kernel checks the MTU against the device's range and says so. */
int rtnl_link_set_mtu(struct nl *nl, const struct rtnl_link *link, unsigned mtu);
int rtnl_link_set_alias(struct nl *nl, const struct rtnl_link *link, const char *alias);

/* Add ADDR (address and prefix length) to the link, with its subnet's
 * broadcast address. EEXIST if the link has it already. */
int rtnl_addr_add(struct nl *nl, const struct rtnl_link *link, const struct ipnet *addr);

/* The default route through GATEWAY (host byte order) on the link. */
int rtnl_route_add_default(struct nl *nl, const struct rtnl_link *link, uint32_t gateway);

#endif
