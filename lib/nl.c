/* nl — see nl.h. */
#include "nl.h"
#include "diag.h"
#include "explain.h"

#include <arpa/inet.h>
#include <errno.h>
#include <endian.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* Dumps of many links come in several datagrams; one page of them is
 * plenty for each (libmnl suggests at least 8 KiB). */
enum { NL_RECV_SIZE = 32768 };

struct nl {
	struct mnl_socket *sock;
	unsigned portid;
	uint32_t seq;
	char ip[160];       /* "ip" or "nsenter --net=PATH ip" */
	char extack[256];   /* the kernel's text for the last error */
	char buf[8192];      /* one request; MNL_SOCKET_BUFFER_SIZE is not a constant */
	char rbuf[NL_RECV_SIZE];
};

struct nl *nl_open(int bus)
{
	struct nl *nl = calloc(1, sizeof *nl);
	int one = 1;

	if (!nl) {
		diag_set(errno, NULL, "allocate a netlink socket");
		return NULL;
	}
	nl->sock = mnl_socket_open2(bus, SOCK_CLOEXEC);
	if (!nl->sock) {
		diag_set(errno, errno == EPROTONOSUPPORT ? "this kernel lacks that netlink family (is the module loaded?)" : NULL,
			 "socket(AF_NETLINK, SOCK_RAW, %s)", bus == NETLINK_ROUTE ? "NETLINK_ROUTE" :
			 bus == NETLINK_NETFILTER ? "NETLINK_NETFILTER" : "?");
		free(nl);
		return NULL;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		diag_set(errno, NULL, "bind a netlink socket");
		nl_close(nl);
		return NULL;
	}
	/* Ask for the kernel's reason as text with each error, and not for a
	 * copy of our own request back (it only takes room). Kernels before
	 * 4.12 lack extended ACKs: the errno alone still says enough. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof one);
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof one);
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	snprintf(nl->ip, sizeof nl->ip, "ip");
	return nl;
}

struct nl *nl_open_netns(int bus, int netns_fd, const char *netns_path)
{
	struct nl *nl;
	int err, self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	if (self < 0) {
		diag_set(errno, NULL, "open /proc/thread-self/ns/net");
		return NULL;
	}
	/* A netlink socket talks to the namespace it was made in, wherever
	 * its owner goes next: step in, make it, step back. */
	explain("setns(%s, CLONE_NEWNET); socket(AF_NETLINK, SOCK_RAW, %s); setns(back)", netns_path,
		bus == NETLINK_ROUTE ? "NETLINK_ROUTE" : "NETLINK_NETFILTER");
	if (setns(netns_fd, CLONE_NEWNET) < 0) {
		err = errno;
		close(self);
		diag_set(err, err == EINVAL ? "that file is not a network namespace" : NULL,
			 "setns(%s, CLONE_NEWNET)", netns_path);
		return NULL;
	}
	nl = nl_open(bus);
	err = errno;
	if (setns(self, CLONE_NEWNET) < 0) {
		/* Staying in the wrong namespace would configure the wrong
		 * machine: nothing may go on from here. */
		diag_set(errno, NULL, "setns back to our own network namespace");
		diag_print();
		abort();
	}
	close(self);
	if (!nl) {
		errno = err;
		return NULL;
	}
	snprintf(nl->ip, sizeof nl->ip, "nsenter --net=%s ip", netns_path);
	return nl;
}

void nl_close(struct nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}

const char *nl_ip(const struct nl *nl)
{
	return nl->ip;
}

uint32_t nl_next_seq(struct nl *nl)
{
	return ++nl->seq;
}

const char *nl_extack(const struct nl *nl)
{
	return nl->extack;
}

struct nlmsghdr *nl_msg(struct nl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = nl_next_seq(nl);
	return nlh;
}

void nl_hint(const struct nl *nl, const char *fix_fmt, ...)
{
	char fix[400];
	va_list ap;

	va_start(ap, fix_fmt);
	vsnprintf(fix, sizeof fix, fix_fmt, ap);
	va_end(ap);
	if (nl->extack[0])
		diag_hint("the kernel says: %s; %s", nl->extack, fix);
	else
		diag_hint("%s", fix);
}

/* The text after an error: NLMSGERR_ATTR_MSG, past our request's header
 * (or the whole request, when the kernel did not cap it). */
static void read_extack(struct nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t offset = sizeof *e;

	nl->extack[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (offset > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(attr, nlh, offset) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(nl->extack, sizeof nl->extack, "%s", mnl_attr_get_str(attr));
	}
}

/* Read answers until the ACK of LAST_SEQ, NLMSG_DONE, or an error. Answers
 * to sequence numbers between FIRST_SEQ and LAST_SEQ count (a batch). */
static int receive(struct nl *nl, uint32_t first_seq, uint32_t last_seq, mnl_cb_t cb, void *data,
		   const char *what)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rbuf, sizeof nl->rbuf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return diag_set(errno, errno == ENOBUFS ? "the kernel's answer did not fit: try again" : NULL,
					"%s: read the kernel's answer", what);
		int left = (int)n;
		for (const struct nlmsghdr *nlh = (const void *)nl->rbuf; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_pid != nl->portid || nlh->nlmsg_seq < first_seq || nlh->nlmsg_seq > last_seq)
				continue; /* not an answer to us */
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
				if (e->error) {
					read_extack(nl, nlh);
					diag_set(-e->error, NULL, "%s", what);
					if (nl->extack[0])
						diag_hint("the kernel says: %s", nl->extack);
					return -1;
				}
				if (nlh->nlmsg_seq == last_seq)
					return 0;
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (cb && cb(nlh, data) < MNL_CB_OK)
				return -1; /* the callback said why */
		}
	}
}

int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char *equiv,
	    const char *what_fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, what_fmt);
	vsnprintf(what, sizeof what, what_fmt, ap);
	va_end(ap);
	nl->extack[0] = '\0';
	nl_explain(nlh, equiv);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return diag_set(errno, NULL, "%s: send to the kernel", what);
	return receive(nl, nlh->nlmsg_seq, nlh->nlmsg_seq, cb, data, what);
}

int nl_talk_batch(struct nl *nl, const void *buf, size_t len, uint32_t last_seq, const char *what_fmt, ...)
{
	char what[512];
	va_list ap;
	const struct nlmsghdr *first = buf;

	va_start(ap, what_fmt);
	vsnprintf(what, sizeof what, what_fmt, ap);
	va_end(ap);
	nl->extack[0] = '\0';
	if (mnl_socket_sendto(nl->sock, buf, len) < 0)
		return diag_set(errno, NULL, "%s: send to the kernel", what);
	return receive(nl, first->nlmsg_seq, last_seq, NULL, NULL, what);
}

/* --- the readable form of a request --- */

struct out {
	char *buf;
	size_t len, o;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->o >= o->len)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->o, o->len - o->o, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->o += (size_t)n;
}

static const char *in4(const struct nlattr *attr, char *buf, size_t len)
{
	if (mnl_attr_get_payload_len(attr) != 4)
		return "?";
	return inet_ntop(AF_INET, mnl_attr_get_payload(attr), buf, (socklen_t)len);
}

static void link_attrs(struct out *o, const void *payload, size_t size);

static void link_info(struct out *o, const struct nlattr *info)
{
	const struct nlattr *attr;
	const char *kind = "";

	mnl_attr_for_each_nested(attr, info) {
		if (mnl_attr_get_type(attr) == IFLA_INFO_KIND) {
			kind = mnl_attr_get_str(attr);
			put(o, " kind=%s", kind);
		} else if (mnl_attr_get_type(attr) == IFLA_INFO_DATA && !strcmp(kind, "veth")) {
			const struct nlattr *peer;
			mnl_attr_for_each_nested(peer, attr) {
				if (mnl_attr_get_type(peer) != VETH_INFO_PEER ||
				    mnl_attr_get_payload_len(peer) < sizeof(struct ifinfomsg))
					continue;
				char inner[256];
				struct out p = { inner, sizeof inner, 0 };
				inner[0] = '\0';
				link_attrs(&p, (const char *)mnl_attr_get_payload(peer) + sizeof(struct ifinfomsg),
					   mnl_attr_get_payload_len(peer) - sizeof(struct ifinfomsg));
				put(o, " peer={%s", inner[0] ? inner + 1 : "");
				put(o, "}");
			}
		}
	}
}

static void link_attrs(struct out *o, const void *payload, size_t size)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload(payload, size) {
		switch (mnl_attr_get_type(attr)) {
		case IFLA_IFNAME: put(o, " ifname=%s", mnl_attr_get_str(attr)); break;
		case IFLA_MASTER: put(o, " master=%u", mnl_attr_get_u32(attr)); break;
		case IFLA_MTU: put(o, " mtu=%u", mnl_attr_get_u32(attr)); break;
		case IFLA_IFALIAS: put(o, " alias=\"%s\"", mnl_attr_get_str(attr)); break;
		case IFLA_NET_NS_FD: put(o, " netns_fd=%u", mnl_attr_get_u32(attr)); break;
		case IFLA_NET_NS_PID: put(o, " netns_pid=%u", mnl_attr_get_u32(attr)); break;
		case IFLA_LINKINFO: link_info(o, attr); break;
		default: put(o, " attr%u", mnl_attr_get_type(attr));
		}
	}
}

static void describe_link(struct out *o, const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (ifi->ifi_index)
		put(o, " index=%d", ifi->ifi_index);
	if (ifi->ifi_change & IFF_UP)
		put(o, " %s", ifi->ifi_flags & IFF_UP ? "up" : "down");
	link_attrs(o, (const char *)ifi + sizeof *ifi, mnl_nlmsg_get_payload_len(nlh) - sizeof *ifi);
}

static void describe_addr(struct out *o, const struct nlmsghdr *nlh)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	char a[INET6_ADDRSTRLEN];

	if (ifa->ifa_index)
		put(o, " index=%u", ifa->ifa_index);
	mnl_attr_for_each(attr, nlh, sizeof *ifa) {
		switch (mnl_attr_get_type(attr)) {
		case IFA_LOCAL: put(o, " local=%s/%u", in4(attr, a, sizeof a), ifa->ifa_prefixlen); break;
		case IFA_ADDRESS: put(o, " address=%s/%u", in4(attr, a, sizeof a), ifa->ifa_prefixlen); break;
		case IFA_BROADCAST: put(o, " broadcast=%s", in4(attr, a, sizeof a)); break;
		default: put(o, " attr%u", mnl_attr_get_type(attr));
		}
	}
}

static void describe_route(struct out *o, const struct nlmsghdr *nlh)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	char a[INET6_ADDRSTRLEN];
	bool dst = false;

	mnl_attr_for_each(attr, nlh, sizeof *rtm) {
		switch (mnl_attr_get_type(attr)) {
		case RTA_DST: put(o, " dst=%s/%u", in4(attr, a, sizeof a), rtm->rtm_dst_len); dst = true; break;
		case RTA_GATEWAY: put(o, " gateway=%s", in4(attr, a, sizeof a)); break;
		case RTA_OIF: put(o, " oif=%u", mnl_attr_get_u32(attr)); break;
		case RTA_TABLE: break;
		default: put(o, " attr%u", mnl_attr_get_type(attr));
		}
	}
	if (!dst && rtm->rtm_dst_len == 0 && nlh->nlmsg_type != RTM_GETROUTE)
		put(o, " dst=default");
	if (rtm->rtm_table && rtm->rtm_table != RT_TABLE_MAIN)
		put(o, " table=%u", rtm->rtm_table);
}

/* nf_tables: a table, chain or rule named by its attributes. */
static const char *const nft_names[] = {
	[NFT_MSG_NEWTABLE] = "NFT_MSG_NEWTABLE", [NFT_MSG_DELTABLE] = "NFT_MSG_DELTABLE",
	[NFT_MSG_GETTABLE] = "NFT_MSG_GETTABLE", [NFT_MSG_NEWCHAIN] = "NFT_MSG_NEWCHAIN",
	[NFT_MSG_DELCHAIN] = "NFT_MSG_DELCHAIN", [NFT_MSG_GETCHAIN] = "NFT_MSG_GETCHAIN",
	[NFT_MSG_NEWRULE] = "NFT_MSG_NEWRULE", [NFT_MSG_DELRULE] = "NFT_MSG_DELRULE",
	[NFT_MSG_GETRULE] = "NFT_MSG_GETRULE",
};

static void describe_nft(struct out *o, const struct nlmsghdr *nlh)
{
	uint16_t msg = nlh->nlmsg_type & 0xff;
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	/* NFTA_TABLE_NAME, NFTA_CHAIN_TABLE and NFTA_RULE_TABLE are all 1;
	 * chains and rules have their chain name and handle after it. */
	bool is_rule = msg == NFT_MSG_NEWRULE || msg == NFT_MSG_DELRULE || msg == NFT_MSG_GETRULE;
	bool is_chain = msg == NFT_MSG_NEWCHAIN || msg == NFT_MSG_DELCHAIN || msg == NFT_MSG_GETCHAIN;

	if (msg < sizeof nft_names / sizeof nft_names[0] && nft_names[msg])
		put(o, "%s", nft_names[msg]);
	else
		put(o, "nf_tables message %u", msg);
	put(o, " family=%s", nfg->nfgen_family == NFPROTO_IPV4 ? "ip" : nfg->nfgen_family == NFPROTO_INET ? "inet" : "?");
	mnl_attr_for_each(attr, nlh, sizeof *nfg) {
		uint16_t type = mnl_attr_get_type(attr);
		if (type == 1)
			put(o, " table=%s", mnl_attr_get_str(attr));
		else if ((is_chain && type == NFTA_CHAIN_NAME) || (is_rule && type == NFTA_RULE_CHAIN))
			put(o, " chain=%s", mnl_attr_get_str(attr));
		else if (is_chain && type == NFTA_CHAIN_HOOK)
			put(o, " hook");
		else if (is_rule && type == NFTA_RULE_HANDLE)
			put(o, " handle=%llu", (unsigned long long)be64toh(mnl_attr_get_u64(attr)));
		else if (is_rule && type == NFTA_RULE_EXPRESSIONS)
			put(o, " expressions");
		else if (is_rule && type == NFTA_RULE_USERDATA)
			put(o, " comment");
	}
}

static const char *const rtm_names[] = {
	[RTM_NEWLINK] = "RTM_NEWLINK", [RTM_DELLINK] = "RTM_DELLINK", [RTM_GETLINK] = "RTM_GETLINK",
	[RTM_SETLINK] = "RTM_SETLINK", [RTM_NEWADDR] = "RTM_NEWADDR", [RTM_DELADDR] = "RTM_DELADDR",
	[RTM_GETADDR] = "RTM_GETADDR", [RTM_NEWROUTE] = "RTM_NEWROUTE", [RTM_DELROUTE] = "RTM_DELROUTE",
	[RTM_GETROUTE] = "RTM_GETROUTE",
};

static void describe_flags(struct out *o, const struct nlmsghdr *nlh)
{
	uint16_t f = nlh->nlmsg_flags;
	const char *sep = " flags=";

	/* The same bits mean different things for NEW and GET requests. */
	bool nft = nlh->nlmsg_type >> 8 == NFNL_SUBSYS_NFTABLES;
	uint16_t msg = nlh->nlmsg_type & 0xff;
	if (nft ? msg == NFT_MSG_GETTABLE || msg == NFT_MSG_GETCHAIN || msg == NFT_MSG_GETRULE
		: nlh->nlmsg_type >= RTM_BASE && nlh->nlmsg_type % 4 == RTM_GETLINK % 4) {
		if ((f & NLM_F_DUMP) == NLM_F_DUMP)
			put(o, "%sNLM_F_DUMP", sep);
		return;
	}
	static const struct { uint16_t bit; const char *name; } bits[] = {
		{ NLM_F_CREATE, "NLM_F_CREATE" }, { NLM_F_EXCL, "NLM_F_EXCL" },
		{ NLM_F_REPLACE, "NLM_F_REPLACE" }, { NLM_F_APPEND, "NLM_F_APPEND" },
	};
	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
		if (f & bits[i].bit) {
			put(o, "%s%s", sep, bits[i].name);
			sep = "|";
		}
	}
}

void nl_explain(const struct nlmsghdr *nlh, const char *equiv)
{
	char line[768];

	if (!explain_on())
		return;
	nl_describe(nlh, line, sizeof line);
	if (equiv && *equiv)
		explain("%s   (%s)", line, equiv);
	else
		explain("%s", line);
}

const char *nl_describe(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	uint16_t type = nlh->nlmsg_type;

	buf[0] = '\0';
	if (type >> 8 == NFNL_SUBSYS_NFTABLES) {
		describe_nft(&o, nlh);
		describe_flags(&o, nlh);
		return buf;
	}
	if (type < sizeof rtm_names / sizeof rtm_names[0] && rtm_names[type])
		put(&o, "%s", rtm_names[type]);
	else
		put(&o, "netlink message type %u", type);
	switch (type) {
	case RTM_NEWLINK: case RTM_DELLINK: case RTM_GETLINK: case RTM_SETLINK:
		describe_link(&o, nlh);
		break;
	case RTM_NEWADDR: case RTM_DELADDR:
		describe_addr(&o, nlh);
		break;
	case RTM_NEWROUTE: case RTM_DELROUTE:
		describe_route(&o, nlh);
		break;
	}
	describe_flags(&o, nlh);
	return buf;
}
