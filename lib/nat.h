/* nat — ctrkit's nftables table: published ports and masquerading.
 *
 * Publishing a port (docker run -p 8080:80) is destination NAT: a packet to
 * port 8080 on any of the host's own addresses gets the container's address
 * and port 80 instead. It is needed twice, in the prerouting hook for
 * packets from other machines and in the output hook for the host's own.
 * Masquerading is source NAT the other way: packets from the container
 * subnet that leave through another interface take that interface's
 * address, so answers find their way back.
 *
 * Everything lives in one table, "ip ctrkit", that no other program
 * touches, and each rule carries a comment that says whose it is and what
 * it does; the comment is how rules are found again, so they can be removed
 * exactly, after a crash too:
 *
 *   table ip ctrkit {
 *     chain prerouting { type nat hook prerouting priority dstnat;
 *       fib daddr type local tcp dport 8080 dnat to 10.88.0.5:80 comment "ctrkit owner=web tcp 8080 to 10.88.0.5:80" }
 *     chain output { type nat hook output priority dstnat; (the same rule) }
 *     chain postrouting { type nat hook postrouting priority srcnat;
 *       ip saddr 10.88.0.0/16 oifname != "ctrkit0" masquerade comment "ctrkit masquerade 10.88.0.0/16 bridge ctrkit0" }
 *   }
 *
 * The messages are built with libnftnl and sent as one batch, a
 * transaction: all of its rules are added, or none.
 */
#ifndef CTRKIT_NAT_H
#define CTRKIT_NAT_H

#include "ipnet.h"
#include "nl.h"

#include <stdbool.h>
#include <stdint.h>

#define NAT_TABLE "ctrkit"

struct nat_port {
	char owner[65];     /* "" when untagged */
	int proto;          /* IPPROTO_TCP or IPPROTO_UDP */
	uint16_t host_port;
	uint32_t to_addr;   /* host byte order */
	uint16_t to_port;
};

struct nat_rule {
	char chain[32];
	uint64_t handle;
	char comment[256];
	bool is_port;       /* a published port: PORT is filled */
	struct nat_port port;
	bool is_masquerade; /* a masquerade rule: SUBNET is filled */
	struct ipnet subnet;
};

/* "8080:80", "8080:80/tcp", "53:53/udp" into PORT (owner and address
 * untouched). -1 with a diagnostic. */
int nat_port_parse(const char *spec, struct nat_port *port);

/* "tcp" or "udp". */
const char *nat_proto_name(int proto);

/* Call EACH for every rule in ctrkit's table (none if there is no table). */
int nat_list(struct nl *nl, int (*each)(const struct nat_rule *rule, void *data), void *data);

/* Publish PORT: make the table and chains if needed, refuse (EEXIST) a
 * host port that is published already, add the two DNAT rules. */
int nat_port_add(struct nl *nl, const struct nat_port *port);

/* Remove the rules of every port that OWNER published (when OWNER is not
 * NULL) and, when PORT is not NULL, of the port with its protocol and host
 * port. *REMOVED counts the ports removed. */
int nat_port_del(struct nl *nl, const char *owner, const struct nat_port *port, int *removed);

/* Masquerade SUBNET's traffic that leaves by another link than BRIDGE. Does
 * nothing when the same rule is there already. */
int nat_masquerade(struct nl *nl, const struct ipnet *subnet, const char *bridge);

/* Remove ctrkit's whole table (nothing to do if there is none). */
int nat_flush(struct nl *nl);

#endif
