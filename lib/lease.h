/* lease — container addresses handed out from a subnet, under a lock.
 *
 * Each network (named after its bridge) keeps its leases in the state
 * directory, one small file per owner, so that what a container holds can
 * be found by its name even after it was killed with SIGKILL:
 *
 *   $CTRKIT_STATE/net/ctrkit0/lock           flock(2)ed while leases change
 *   $CTRKIT_STATE/net/ctrkit0/subnet         "10.88.0.0/16 10.88.0.1"
 *   $CTRKIT_STATE/net/ctrkit0/leases/web     "address 10.88.0.2/16"
 *
 * Taking a lease reads every lease file and writes a new one, all while the
 * lock is held, so two containers starting at once never get the same
 * address. A lease file is written under a temporary name and renamed into
 * place: a reader sees a whole lease or none. The first address of the
 * subnet is the network, the last its broadcast address and the gateway
 * (by default the first host, .1) belongs to the bridge: none of them is
 * leased.
 */
#ifndef CTRKIT_LEASE_H
#define CTRKIT_LEASE_H

#include "ipnet.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#define LEASE_DEFAULT_SUBNET "10.88.0.0/16"
#define LEASE_OWNER_MAX 64

struct lease_pool {
	char dir[PATH_MAX];   /* $CTRKIT_STATE/net/NETWORK */
	struct ipnet subnet;
	uint32_t gateway;
	int lock_fd;
};

/* Names that are safe as file names and readable in a list: 1 to 64 of
 * A-Z a-z 0-9 _ . -, starting with a letter or digit. */
int lease_owner_check(const char *owner);

/* Open and lock the pool of NETWORK, creating it. SUBNET (may be NULL)
 * and GATEWAY (0: the first host) must agree with what the pool was made
 * with, unless it holds no lease; without them the pool's own are used,
 * or 10.88.0.0/16 for a new pool. -1 with a diagnostic. */
int lease_pool_open(struct lease_pool *pool, const char *network, const struct ipnet *subnet, uint32_t gateway);

/* Unlock and close. */
void lease_pool_close(struct lease_pool *pool);

/* The address OWNER holds, taking the lowest free one if it holds none
 * (so taking twice gives the same address). OUT has the subnet's prefix. */
int lease_take(struct lease_pool *pool, const char *owner, struct ipnet *out);

/* Give OWNER's address back. A missing lease is an error (ENOENT), unless
 * MISSING_OK. */
int lease_release(struct lease_pool *pool, const char *owner, bool missing_ok);

/* Call EACH for every lease, in address order. */
int lease_list(struct lease_pool *pool, int (*each)(const char *owner, const struct ipnet *addr, void *data),
	       void *data);

#endif
