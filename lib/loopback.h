/* loopback — bringing lo up in a new network namespace (netdevice(7)).
 *
 * A new network namespace has one device, lo, and it is down: not even
 * 127.0.0.1 answers until it is up, so container runtimes bring it up at
 * once. Up is a flag, and a flag takes one ioctl(2) on any socket of the
 * namespace (SIOCGIFFLAGS, then SIOCSIFFLAGS with IFF_UP): no netlink, so
 * no libmnl in the tools that are linked static.
 */
#ifndef CTRKIT_LOOPBACK_H
#define CTRKIT_LOOPBACK_H

/* Bring lo up in the caller's network namespace. -1 with a diagnostic. */
int loopback_up(void);

#endif
