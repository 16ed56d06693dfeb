/* rtnl — see rtnl.h. */
#include "rtnl.h"
#include "diag.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <string.h>

/* The `ip`/`nft` command shown by --explain: a netns path may be long. */
#define EQUIV_MAX (PATH_MAX + 256)

int rtnl_name_check(const char *what, const char *name)
{
	/* The kernel's rules: dev_valid_name() in net/core/dev.c. */
	if (!*name)
		return diag_set(0, NULL, "%s is empty", what);
	if (strlen(name) >= IFNAMSIZ)
		return diag_set(0, "a link name has at most 15 bytes (IFNAMSIZ is 16, with the NUL)",
				"%s '%s' is too long (%zu bytes)", what, name, strlen(name));
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return diag_set(0, "choose another name", "%s '%s' is not allowed", what, name);
	for (const char *c = name; *c; c++)
		if (*c == '/' || *c == ':' || *c == ' ' || *c == '\t' || *c == '\n')
			return diag_set(0, "a link name has no '/', ':' or white space",
					"%s '%s' is not a valid link name", what, name);
	return 0;
}

static struct ifinfomsg *put_ifinfo(struct nlmsghdr *nlh, int index)
{
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	return ifi;
}

static int parse_link_info(const struct nlattr *info, struct rtnl_link *link)
{
	const struct nlattr *attr;
	mnl_attr_for_each_nested(attr, info) {
		if (mnl_attr_get_type(attr) == IFLA_INFO_KIND && mnl_attr_validate(attr, MNL_TYPE_STRING) == 0)
			snprintf(link->kind, sizeof link->kind, "%s", mnl_attr_get_str(attr));
	}
	return 0;
}

/* One RTM_NEWLINK answer into a struct rtnl_link. */
static int parse_link(const struct nlmsghdr *nlh, struct rtnl_link *link)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;

	memset(link, 0, sizeof *link);
	link->index = ifi->ifi_index;
	link->flags = ifi->ifi_flags;
	mnl_attr_for_each(attr, nlh, sizeof *ifi) {
		switch (mnl_attr_get_type(attr)) {
		case IFLA_IFNAME:
			snprintf(link->name, sizeof link->name, "%s", mnl_attr_get_str(attr));
			break;
		case IFLA_IFALIAS:
			snprintf(link->alias, sizeof link->alias, "%s", mnl_attr_get_str(attr));
			break;
		case IFLA_MASTER:
			link->master = (int)mnl_attr_get_u32(attr);
			break;
		case IFLA_LINKINFO:
			parse_link_info(attr, link);
			break;
		}
	}
	return 0;
}

static int got_link(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		parse_link(nlh, data);
	return MNL_CB_OK;
}

int rtnl_link_get(struct nl *nl, const char *name, struct rtnl_link *out)
{
	char equiv[EQUIV_MAX];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_GETLINK, 0);

	put_ifinfo(nlh, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	memset(out, 0, sizeof *out);
	snprintf(equiv, sizeof equiv, "%s link show %s", nl_ip(nl), name);
	if (nl_talk(nl, nlh, got_link, out, equiv, "find link %s", name) < 0)
		return -1;
	if (!out->index)
		return diag_set(ENODEV, NULL, "find link %s", name);
	return 0;
}

struct each_link {
	int (*each)(const struct rtnl_link *, void *);
	void *data;
};

static int each_link(const struct nlmsghdr *nlh, void *data)
{
	struct each_link *e = data;
	struct rtnl_link link;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	parse_link(nlh, &link);
	return e->each(&link, e->data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int rtnl_link_list(struct nl *nl, int (*each)(const struct rtnl_link *, void *), void *data)
{
	struct each_link e = { each, data };
	struct nlmsghdr *nlh = nl_msg(nl, RTM_GETLINK, NLM_F_DUMP);
	char equiv[EQUIV_MAX];

	put_ifinfo(nlh, 0);
	snprintf(equiv, sizeof equiv, "%s link show", nl_ip(nl));
	return nl_talk(nl, nlh, each_link, &e, equiv, "list links");
}

/* Name the namespace as ip(8) would take it: a PID for /proc/PID/ns/net,
 * a name for /run/netns/NAME, else the path. */
static const char *ip_netns_arg(const char *path, char *buf, size_t len)
{
	int pid, end = 0;

	if (sscanf(path, "/proc/%d/ns/net%n", &pid, &end) == 1 && path[end] == '\0')
		snprintf(buf, len, "%d", pid);
	else if (!strncmp(path, "/run/netns/", 11) && !strchr(path + 11, '/'))
		snprintf(buf, len, "%s", path + 11);
	else
		snprintf(buf, len, "%s", path);
	return buf;
}

int rtnl_bridge_add(struct nl *nl, const char *name)
{
	char equiv[EQUIV_MAX];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);

	put_ifinfo(nlh, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, info);
	snprintf(equiv, sizeof equiv, "%s link add %s type bridge", nl_ip(nl), name);
	if (nl_talk(nl, nlh, NULL, NULL, equiv, "create bridge %s", name) < 0) {
		if (diag_errno() == EOPNOTSUPP)
			nl_hint(nl, "this kernel lacks bridges: modprobe bridge");
		return -1;
	}
	return 0;
}

int rtnl_veth_add(struct nl *nl, const char *name, const char *peer, int peer_netns_fd,
		  const char *peer_netns_path)
{
	char equiv[EQUIV_MAX], ns[256];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);

	put_ifinfo(nlh, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* The peer is described like a link of its own: an ifinfomsg, then
	 * its attributes (iproute2 ip/link_veth.c). */
	struct nlattr *peer_info = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	put_ifinfo(nlh, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd);
	mnl_attr_nest_end(nlh, peer_info);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	snprintf(equiv, sizeof equiv, "%s link add %s type veth peer name %s netns %s", nl_ip(nl), name, peer,
		 ip_netns_arg(peer_netns_path, ns, sizeof ns));
	if (nl_talk(nl, nlh, NULL, NULL, equiv, "create veth pair %s/%s (%s in %s)", name, peer, peer,
		    peer_netns_path) < 0) {
		if (diag_errno() == EEXIST)
			nl_hint(nl, "a link named %s exists here, or one named %s in %s: remove it or choose "
				"other names", name, peer, peer_netns_path);
		return -1;
	}
	return 0;
}

int rtnl_link_del(struct nl *nl, const struct rtnl_link *link)
{
	char equiv[EQUIV_MAX];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_DELLINK, 0);

	put_ifinfo(nlh, link->index);
	snprintf(equiv, sizeof equiv, "%s link del %s", nl_ip(nl), link->name);
	return nl_talk(nl, nlh, NULL, NULL, equiv, "delete link %s", link->name);
}

int rtnl_link_set_up(struct nl *nl, const struct rtnl_link *link)
{
	char equiv[EQUIV_MAX];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = put_ifinfo(nlh, link->index);

	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = IFF_UP;
	snprintf(equiv, sizeof equiv, "%s link set %s up", nl_ip(nl), link->name);
	return nl_talk(nl, nlh, NULL, NULL, equiv, "bring link %s up", link->name);
}

int rtnl_link_set_master(struct nl *nl, const struct rtnl_link *link, const struct rtnl_link *master)
{
	char equiv[EQUIV_MAX];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWLINK, 0);

	put_ifinfo(nlh, link->index);
	mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master->index);
	snprintf(equiv, sizeof equiv, "%s link set %s master %s", nl_ip(nl), link->name, master->name);
	if (nl_talk(nl, nlh, NULL, NULL, equiv, "attach %s to bridge %s", link->name, master->name) < 0) {
		if (strcmp(master->kind, "bridge"))
			nl_hint(nl, "%s is a %s, not a bridge", master->name, master->kind[0] ? master->kind : "device");
		return -1;
	}
	return 0;
}

int rtnl_link_set_mtu(struct nl *nl, const struct rtnl_link *link, unsigned mtu)
{
	char equiv[EQUIV_MAX];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWLINK, 0);

	put_ifinfo(nlh, link->index);
	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	snprintf(equiv, sizeof equiv, "%s link set %s mtu %u", nl_ip(nl), link->name, mtu);
	return nl_talk(nl, nlh, NULL, NULL, equiv, "set the MTU of %s to %u", link->name, mtu);
}

int rtnl_link_set_alias(struct nl *nl, const struct rtnl_link *link, const char *alias)
{
	char equiv[EQUIV_MAX];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWLINK, 0);

	put_ifinfo(nlh, link->index);
	mnl_attr_put_strz(nlh, IFLA_IFALIAS, alias);
	snprintf(equiv, sizeof equiv, "%s link set %s alias \"%s\"", nl_ip(nl), link->name, alias);
	return nl_talk(nl, nlh, NULL, NULL, equiv, "set the alias of %s", link->name);
}

int rtnl_addr_add(struct nl *nl, const struct rtnl_link *link, const struct ipnet *addr)
{
	char equiv[EQUIV_MAX], text[IPNET_STRLEN];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
	uint32_t local = htonl(addr->addr), brd = htonl(ipnet_broadcast(addr));

	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)addr->prefix;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned)link->index;
	/* IFA_LOCAL is the address itself; IFA_ADDRESS the peer's on a
	 * point-to-point link, the same on any other. */
	mnl_attr_put(nlh, IFA_LOCAL, 4, &local);
	mnl_attr_put(nlh, IFA_ADDRESS, 4, &local);
	if (addr->prefix < 31)
		mnl_attr_put(nlh, IFA_BROADCAST, 4, &brd);
	ipnet_str(addr, text, sizeof text);
	snprintf(equiv, sizeof equiv, "%s addr add %s%s dev %s", nl_ip(nl), text,
		 addr->prefix < 31 ? " brd +" : "", link->name);
	return nl_talk(nl, nlh, NULL, NULL, equiv, "add address %s to %s", text, link->name);
}

int rtnl_route_add_default(struct nl *nl, const struct rtnl_link *link, uint32_t gateway)
{
	char equiv[EQUIV_MAX], gw[INET_ADDRSTRLEN];
	struct nlmsghdr *nlh = nl_msg(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
	uint32_t via = htonl(gateway);

	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT; /* what ip(8) uses for routes a person adds */
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_GATEWAY, 4, &via);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)link->index);
	ipnet_addr_str(gateway, gw, sizeof gw);
	snprintf(equiv, sizeof equiv, "%s route add default via %s dev %s", nl_ip(nl), gw, link->name);
	if (nl_talk(nl, nlh, NULL, NULL, equiv, "add default route via %s dev %s", gw, link->name) < 0) {
		if (diag_errno() == ENETUNREACH)
			nl_hint(nl, "the gateway %s must be inside the subnet of %s's address", gw, link->name);
		if (diag_errno() == EEXIST)
			nl_hint(nl, "a default route exists already: remove it first (%s route del default)", nl_ip(nl));
		return -1;
	}
	return 0;
}
