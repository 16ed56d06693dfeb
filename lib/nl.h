/* nl — a netlink socket, one request at a time, with the kernel's own words.
 *
 * Netlink is how ip(8) and nft(8) talk to the kernel: a request is a header
 * (type, flags, sequence number) and a list of attributes; the kernel
 * answers with data and an acknowledgement, or an error. This module keeps
 * that exchange short and visible, on libmnl as its examples do it
 * (rtnl-link-set.c): build the message in a buffer, send it, read the ACK.
 *
 * Two things are added on top:
 * - Extended ACK. With NETLINK_EXT_ACK set, an error carries the kernel's
 *   reason as text (NLMSGERR_ATTR_MSG), e.g. "Invalid prefix for given
 *   prefix length": it becomes the hint of the diagnostic.
 * - --explain. Each request is printed in readable form, with the command
 *   that does the same, before it is sent:
 *     + RTM_NEWLINK ifname=ctrkit0 kind=bridge flags=NLM_F_CREATE|NLM_F_EXCL   (ip link add ctrkit0 type bridge)
 *
 * A socket belongs to the network namespace it was created in, for its
 * whole life (netlink(7)): nl_open_netns creates one inside another
 * namespace, so a tool can configure a container's eth0 without moving
 * itself there.
 */
#ifndef CTRKIT_NL_H
#define CTRKIT_NL_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>

struct nl;

/* A socket on BUS (NETLINK_ROUTE, NETLINK_NETFILTER) in the caller's
 * network namespace. NULL with a diagnostic on failure. */
struct nl *nl_open(int bus);

/* The same, in the network namespace of the open namespace file NETNS_FD.
 * NETNS_PATH (e.g. /proc/42/ns/net) names it in messages and in the
 * commands --explain shows ("nsenter --net=/proc/42/ns/net ip ..."). */
struct nl *nl_open_netns(int bus, int netns_fd, const char *netns_path);

void nl_close(struct nl *nl);

/* "ip" for the caller's namespace, "nsenter --net=PATH ip" for another:
 * the start of the equivalent command in --explain lines and hints. */
const char *nl_ip(const struct nl *nl);

/* Start a request of TYPE in the socket's buffer: NLM_F_REQUEST|NLM_F_ACK
 * and FLAGS, the next sequence number. Add the family header and the
 * attributes with mnl_nlmsg_put_extra_header and mnl_attr_put_*. */
struct nlmsghdr *nl_msg(struct nl *nl, uint16_t type, uint16_t flags);

/* Send the request NLH and read until its ACK (or NLMSG_DONE for a dump),
 * passing each data message to CB (may be NULL). --explain prints the
 * request and EQUIV. On an error the diagnostic names WHAT, the kernel's
 * errno and its extended-ACK text. Returns 0, or -1. */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char *equiv,
	    const char *what_fmt, ...) __attribute__((format(printf, 6, 7)));

/* Send a batch of messages (nfnetlink: BATCH_BEGIN ... BATCH_END) and read
 * ACKs until the one for LAST_SEQ or the first error. The caller has
 * explained each message. */
int nl_talk_batch(struct nl *nl, const void *buf, size_t len, uint32_t last_seq,
		  const char *what_fmt, ...) __attribute__((format(printf, 5, 6)));

/* The next sequence number, for messages a caller builds itself. */
uint32_t nl_next_seq(struct nl *nl);

/* The kernel's extended-ACK text of the last error ("" when it gave none). */
const char *nl_extack(const struct nl *nl);

/* Set the hint of the recorded failure to FIX, after the kernel's words
 * when it said any: "the kernel says: ...; FIX". */
void nl_hint(const struct nl *nl, const char *fix_fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print the --explain line of NLH: its readable form and EQUIV (may be
 * NULL). nl_talk does this itself; batches call it for each message. */
void nl_explain(const struct nlmsghdr *nlh, const char *equiv);

/* The readable form of a request, as --explain prints it (rtnetlink link,
 * address and route messages; other types by number). Returns BUF. */
const char *nl_describe(const struct nlmsghdr *nlh, char *buf, size_t len);

#endif
