/* ipnet — see ipnet.h. */
#include "ipnet.h"
#include "diag.h"
#include "opt.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

int ipnet_parse_addr(const char *what, const char *s, uint32_t *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return diag_set(0, "write an IPv4 address as four numbers 0-255, e.g. 10.88.0.5",
				"bad %s '%s'", what, s);
	*addr = ntohl(in.s_addr);
	return 0;
}

int ipnet_parse_cidr(const char *what, const char *s, struct ipnet *out)
{
	char host[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	unsigned long long prefix;

	if (!slash || (size_t)(slash - s) >= sizeof host)
		return diag_set(0, "write ADDRESS/PREFIX, e.g. 10.88.0.5/16", "bad %s '%s'", what, s);
	memcpy(host, s, (size_t)(slash - s));
	host[slash - s] = '\0';
	if (ipnet_parse_addr(what, host, &out->addr) < 0) {
		diag_set(0, "write ADDRESS/PREFIX, e.g. 10.88.0.5/16", "bad %s '%s'", what, s);
		return -1;
	}
	if (opt_uint("prefix length", slash + 1, 32, &prefix) < 0) {
		diag_set(0, "the prefix length after '/' is a number from 0 to 32, e.g. /16",
			 "bad %s '%s'", what, s);
		return -1;
	}
	out->prefix = (unsigned)prefix;
	return 0;
}

int ipnet_parse_subnet(const char *what, const char *s, struct ipnet *out)
{
	char net[IPNET_STRLEN];

	if (ipnet_parse_cidr(what, s, out) < 0)
		return -1;
	if (out->addr != ipnet_network(out)) {
		struct ipnet n = { ipnet_network(out), out->prefix };
		return diag_set(0, NULL, "bad %s '%s': host bits are set — did you mean %s?", what, s,
				ipnet_str(&n, net, sizeof net));
	}
	return 0;
}

uint32_t ipnet_mask(unsigned prefix)
{
	return prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
}

uint32_t ipnet_network(const struct ipnet *n)
{
	return n->addr & ipnet_mask(n->prefix);
}

uint32_t ipnet_broadcast(const struct ipnet *n)
{
	return ipnet_network(n) | ~ipnet_mask(n->prefix);
}

bool ipnet_contains(const struct ipnet *n, uint32_t addr)
{
	return (addr & ipnet_mask(n->prefix)) == ipnet_network(n);
}

const char *ipnet_addr_str(uint32_t addr, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff);
	return buf;
}

const char *ipnet_str(const struct ipnet *n, char *buf, size_t len)
{
	char a[INET_ADDRSTRLEN];
	snprintf(buf, len, "%s/%u", ipnet_addr_str(n->addr, a, sizeof a), n->prefix);
	return buf;
}
