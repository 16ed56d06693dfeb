/* ipnet — IPv4 addresses and subnets, as text and as numbers.
 *
 * "10.88.0.5/16" is an address with a prefix length: the first 16 bits name
 * the subnet (10.88.0.0/16), the rest the host in it. A subnet has its host
 * bits zero; its first address is the network itself and its last the
 * broadcast address, so neither is given to a host. Parsing is strict
 * (inet_pton(3): four decimal parts, no leading zeros, no shorthand like
 * "10.88"), so a typo is an error rather than some other address.
 *
 * IPv4 only for now: container subnets are IPv4 in Docker's default bridge
 * too. Addresses are kept in host byte order so arithmetic reads naturally.
 */
#ifndef CTRKIT_IPNET_H
#define CTRKIT_IPNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ipnet {
	uint32_t addr;   /* host byte order */
	unsigned prefix; /* 0..32 */
};

/* Buffer size for ipnet_format: "255.255.255.255/32". */
#define IPNET_STRLEN 19

/* "10.88.0.5" -> addr. -1 with a diagnostic naming WHAT on bad input. */
int ipnet_parse_addr(const char *what, const char *s, uint32_t *addr);

/* "10.88.0.5/16" -> {addr, prefix}: an address in a subnet. */
int ipnet_parse_cidr(const char *what, const char *s, struct ipnet *out);

/* "10.88.0.0/16": as ipnet_parse_cidr, and the host bits must be zero
 * (the hint names the subnet that was probably meant). */
int ipnet_parse_subnet(const char *what, const char *s, struct ipnet *out);

/* The mask of a prefix length, the network and the broadcast address. */
uint32_t ipnet_mask(unsigned prefix);
uint32_t ipnet_network(const struct ipnet *n);
uint32_t ipnet_broadcast(const struct ipnet *n);

/* Is ADDR inside subnet N? */
bool ipnet_contains(const struct ipnet *n, uint32_t addr);

/* Text forms: "10.88.0.5" and "10.88.0.5/16". Return BUF. */
const char *ipnet_addr_str(uint32_t addr, char *buf, size_t len);
const char *ipnet_str(const struct ipnet *n, char *buf, size_t len);

#endif
