/* nat — see nat.h. */
#include "nat.h"
#include "diag.h"
#include "explain.h"
#include "opt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The `ip`/`nft` command shown by --explain: a netns path may be long. */
#define EQUIV_MAX (PATH_MAX + 256)

/* The three chains, as nft(8) names their hooks and priorities. */
static const struct {
	const char *name;
	unsigned hook;
	int priority;
	const char *priority_name;
} chains[] = {
	{ "prerouting", NF_INET_PRE_ROUTING, NF_IP_PRI_NAT_DST, "dstnat" },
	{ "output", NF_INET_LOCAL_OUT, NF_IP_PRI_NAT_DST, "-100" },
	{ "postrouting", NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC, "srcnat" },
};

const char *nat_proto_name(int proto)
{
	return proto == IPPROTO_UDP ? "udp" : "tcp";
}

int nat_port_parse(const char *spec, struct nat_port *port)
{
	char buf[64], *colon, *slash;
	unsigned long long host, ctr;
	const char *hint = "write HOSTPORT:CONTAINERPORT[/tcp|/udp], e.g. 8080:80/tcp";

	if (strlen(spec) >= sizeof buf)
		return diag_set(0, hint, "bad port '%s'", spec);
	snprintf(buf, sizeof buf, "%s", spec);
	port->proto = IPPROTO_TCP;
	if ((slash = strchr(buf, '/'))) {
		*slash++ = '\0';
		if (!strcmp(slash, "udp"))
			port->proto = IPPROTO_UDP;
		else if (strcmp(slash, "tcp"))
			return diag_set(0, "the protocol is tcp or udp", "bad port '%s'", spec);
	}
	if (!(colon = strchr(buf, ':')))
		return diag_set(0, hint, "bad port '%s'", spec);
	*colon++ = '\0';
	if (opt_uint("host port", buf, 65535, &host) < 0 || host == 0 ||
	    opt_uint("container port", colon, 65535, &ctr) < 0 || ctr == 0)
		return diag_set(0, "a port is a number from 1 to 65535; " "write HOSTPORT:CONTAINERPORT[/tcp|/udp]",
				"bad port '%s'", spec);
	port->host_port = (uint16_t)host;
	port->to_port = (uint16_t)ctr;
	return 0;
}

/* --- a batch: one transaction of nf_tables messages --- */

struct batch {
	struct nl *nl;
	struct mnl_nlmsg_batch *b;
	uint32_t last_seq;
	char buf[32768];
};

static void batch_begin(struct batch *bt, struct nl *nl)
{
	bt->nl = nl;
	bt->b = mnl_nlmsg_batch_start(bt->buf, sizeof bt->buf);
	/* Batch markers share their type numbers with rtnetlink's messages:
	 * only the socket's family tells them apart, so they are named here. */
	nftnl_batch_begin(mnl_nlmsg_batch_current(bt->b), nl_next_seq(nl));
	explain("NFNL_MSG_BATCH_BEGIN   (a transaction: what follows up to NFNL_MSG_BATCH_END applies whole or not at all)");
	mnl_nlmsg_batch_next(bt->b);
}

static struct nlmsghdr *batch_msg(struct batch *bt, uint16_t type, uint16_t flags)
{
	bt->last_seq = nl_next_seq(bt->nl);
	return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), type, NFPROTO_IPV4, flags | NLM_F_ACK,
				     bt->last_seq);
}

static void batch_add(struct batch *bt, struct nlmsghdr *nlh, const char *equiv)
{
	nl_explain(nlh, equiv);
	mnl_nlmsg_batch_next(bt->b);
}

static int batch_send(struct batch *bt, const char *what)
{
	nftnl_batch_end(mnl_nlmsg_batch_current(bt->b), nl_next_seq(bt->nl));
	explain("NFNL_MSG_BATCH_END");
	mnl_nlmsg_batch_next(bt->b);
	int rc = nl_talk_batch(bt->nl, mnl_nlmsg_batch_head(bt->b), mnl_nlmsg_batch_size(bt->b), bt->last_seq,
			       "%s", what);
	mnl_nlmsg_batch_stop(bt->b);
	if (rc < 0) {
		if (diag_errno() == ENOENT || diag_errno() == EOPNOTSUPP)
			nl_hint(bt->nl, "this kernel may lack nf_tables NAT (modprobe nft_nat nft_fib_ipv4 nft_masq)");
		return -1;
	}
	return 0;
}

static void add_table_and_chains(struct batch *bt)
{
	struct nftnl_table *t = nftnl_table_alloc();
	char equiv[EQUIV_MAX];

	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NAT_TABLE);
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
	struct nlmsghdr *nlh = batch_msg(bt, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	batch_add(bt, nlh, "nft add table ip " NAT_TABLE);

	for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
		struct nftnl_chain *c = nftnl_chain_alloc();
		nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, NAT_TABLE);
		nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, chains[i].name);
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, chains[i].hook);
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, chains[i].priority);
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "nat");
		nlh = batch_msg(bt, NFT_MSG_NEWCHAIN, NLM_F_CREATE);
		nftnl_chain_nlmsg_build_payload(nlh, c);
		nftnl_chain_free(c);
		snprintf(equiv, sizeof equiv, "nft add chain ip %s %s '{ type nat hook %s priority %s; }'", NAT_TABLE,
			 chains[i].name, chains[i].name, chains[i].priority_name);
		batch_add(bt, nlh, equiv);
	}
}

/* --- expressions: the small programs rules are made of --- */

static void expr_meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
	nftnl_rule_add_expr(r, e);
}

static void expr_cmp(struct nftnl_rule *r, uint32_t op, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	nftnl_rule_add_expr(r, e);
}

static void expr_payload(struct nftnl_rule *r, uint32_t base, uint32_t offset, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
}

static void expr_immediate(struct nftnl_rule *r, uint32_t dreg, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, dreg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
	nftnl_rule_add_expr(r, e);
}

static void set_comment(struct nftnl_rule *r, const char *comment)
{
	struct nftnl_udata_buf *u = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
	nftnl_udata_put_strz(u, NFTNL_UDATA_RULE_COMMENT, comment);
	nftnl_rule_set_data(r, NFTNL_RULE_USERDATA, nftnl_udata_buf_data(u), nftnl_udata_buf_len(u));
	nftnl_udata_buf_free(u);
}

static struct nftnl_rule *new_rule(const char *chain)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, NAT_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	return r;
}

/* fib daddr type local tcp dport HOSTPORT dnat to ADDR:PORT comment "..." */
static struct nftnl_rule *dnat_rule(const char *chain, const struct nat_port *p, const char *comment)
{
	struct nftnl_rule *r = new_rule(chain);
	uint32_t local = RTN_LOCAL, addr = htonl(p->to_addr);
	uint8_t proto = (uint8_t)p->proto;
	uint16_t dport = htons(p->host_port), to_port = htons(p->to_port);

	/* Only packets to one of this host's own addresses, as Docker's
	 * "-m addrtype --dst-type LOCAL": not those passing through. */
	struct nftnl_expr *fib = nftnl_expr_alloc("fib");
	nftnl_expr_set_u32(fib, NFTNL_EXPR_FIB_FLAGS, NFTA_FIB_F_DADDR);
	nftnl_expr_set_u32(fib, NFTNL_EXPR_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
	nftnl_expr_set_u32(fib, NFTNL_EXPR_FIB_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, fib);
	expr_cmp(r, NFT_CMP_EQ, &local, sizeof local);
	/* "tcp dport" is two steps for the kernel: is it TCP, then the two
	 * bytes at offset 2 of the transport header. */
	expr_meta(r, NFT_META_L4PROTO, NFT_REG_1);
	expr_cmp(r, NFT_CMP_EQ, &proto, sizeof proto);
	expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	expr_cmp(r, NFT_CMP_EQ, &dport, sizeof dport);
	expr_immediate(r, NFT_REG_1, &addr, sizeof addr);
	expr_immediate(r, NFT_REG_2, &to_port, sizeof to_port);
	struct nftnl_expr *nat = nftnl_expr_alloc("nat");
	nftnl_expr_set_u32(nat, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
	nftnl_expr_set_u32(nat, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
	nftnl_expr_set_u32(nat, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
	nftnl_expr_set_u32(nat, NFTNL_EXPR_NAT_REG_PROTO_MIN, NFT_REG_2);
	nftnl_rule_add_expr(r, nat);
	set_comment(r, comment);
	return r;
}

/* ip saddr SUBNET oifname != "BRIDGE" masquerade comment "..." */
static struct nftnl_rule *masquerade_rule(const struct ipnet *subnet, const char *bridge, const char *comment)
{
	struct nftnl_rule *r = new_rule("postrouting");
	uint32_t mask = htonl(ipnet_mask(subnet->prefix)), xor = 0, net = htonl(ipnet_network(subnet));
	char ifname[IFNAMSIZ] = { 0 };

	expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 4); /* the source address */
	struct nftnl_expr *bw = nftnl_expr_alloc("bitwise");
	nftnl_expr_set_u32(bw, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(bw, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(bw, NFTNL_EXPR_BITWISE_LEN, sizeof mask);
	nftnl_expr_set(bw, NFTNL_EXPR_BITWISE_MASK, &mask, sizeof mask);
	nftnl_expr_set(bw, NFTNL_EXPR_BITWISE_XOR, &xor, sizeof xor);
	nftnl_rule_add_expr(r, bw);
	expr_cmp(r, NFT_CMP_EQ, &net, sizeof net);
	snprintf(ifname, sizeof ifname, "%s", bridge);
	expr_meta(r, NFT_META_OIFNAME, NFT_REG_1);
	expr_cmp(r, NFT_CMP_NEQ, ifname, sizeof ifname);
	nftnl_rule_add_expr(r, nftnl_expr_alloc("masq"));
	set_comment(r, comment);
	return r;
}

/* --- listing --- */

static int comment_of(const struct nftnl_udata *attr, void *data)
{
	if (nftnl_udata_type(attr) == NFTNL_UDATA_RULE_COMMENT) {
		char *out = data;
		unsigned len = nftnl_udata_len(attr);
		if (len > 255)
			len = 255;
		memcpy(out, nftnl_udata_get(attr), len);
		out[len] = '\0';
	}
	return 0;
}

/* Read what a rule is from its comment: ours are written by this module. */
static void read_comment(struct nat_rule *rule)
{
	char owner[65], proto[8], to[40], subnet[40];
	unsigned host_port, to_port;
	struct nat_port *p = &rule->port;

	if (sscanf(rule->comment, "ctrkit owner=%64s %7s %u to %39[0-9.]:%u", owner, proto, &host_port, to,
		   &to_port) == 5 && host_port <= 65535 && to_port <= 65535) {
		snprintf(p->owner, sizeof p->owner, "%s", strcmp(owner, "-") ? owner : "");
		p->proto = strcmp(proto, "udp") ? IPPROTO_TCP : IPPROTO_UDP;
		p->host_port = (uint16_t)host_port;
		p->to_port = (uint16_t)to_port;
		struct in_addr in;
		if (inet_pton(AF_INET, to, &in) == 1) {
			p->to_addr = ntohl(in.s_addr);
			rule->is_port = true;
		}
	} else if (sscanf(rule->comment, "ctrkit masquerade %39s", subnet) == 1 &&
		   ipnet_parse_cidr("subnet", subnet, &rule->subnet) == 0) {
		rule->is_masquerade = true;
	}
}

struct listing {
	int (*each)(const struct nat_rule *, void *);
	void *data;
};

static int got_rule(const struct nlmsghdr *nlh, void *data)
{
	struct listing *l = data;
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nat_rule rule = { 0 };
	uint32_t len = 0;

	if (!r || nftnl_rule_nlmsg_parse(nlh, r) < 0) {
		nftnl_rule_free(r);
		diag_set(EINVAL, NULL, "read a rule of table ip %s", NAT_TABLE);
		return MNL_CB_ERROR;
	}
	snprintf(rule.chain, sizeof rule.chain, "%s", nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
	rule.handle = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
	const void *udata = nftnl_rule_get_data(r, NFTNL_RULE_USERDATA, &len);
	if (udata)
		nftnl_udata_parse(udata, len, comment_of, rule.comment);
	nftnl_rule_free(r);
	read_comment(&rule);
	return l->each(&rule, l->data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int nat_list(struct nl *nl, int (*each)(const struct nat_rule *, void *), void *data)
{
	struct listing l = { each, data };
	struct nlmsghdr *nlh = nl_msg(nl, (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETRULE, NLM_F_DUMP);
	struct nfgenmsg *nfg = mnl_nlmsg_put_extra_header(nlh, sizeof *nfg);
	struct nftnl_rule *r = nftnl_rule_alloc();

	nfg->nfgen_family = NFPROTO_IPV4;
	nfg->version = NFNETLINK_V0;
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, NAT_TABLE);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	if (nl_talk(nl, nlh, got_rule, &l, "nft -a list table ip " NAT_TABLE, "list the rules of table ip %s",
		    NAT_TABLE) < 0) {
		if (diag_errno() == ENOENT)
			return 0; /* no table, no rules */
		return -1;
	}
	return 0;
}

/* --- changing --- */

struct taken {
	const struct nat_port *want;
	struct nat_port found;
	bool is_taken;
	bool has_masquerade;
	const struct ipnet *subnet;
};

static int find_taken(const struct nat_rule *rule, void *data)
{
	struct taken *t = data;

	if (t->want && rule->is_port && rule->port.proto == t->want->proto &&
	    rule->port.host_port == t->want->host_port) {
		t->found = rule->port;
		t->is_taken = true;
	}
	if (t->subnet && rule->is_masquerade && rule->subnet.addr == t->subnet->addr &&
	    rule->subnet.prefix == t->subnet->prefix)
		t->has_masquerade = true;
	return 0;
}

int nat_port_add(struct nl *nl, const struct nat_port *port)
{
	struct taken t = { .want = port };
	char comment[256], to[IPNET_STRLEN], equiv[512];
	const char *proto = nat_proto_name(port->proto);

	if (nat_list(nl, find_taken, &t) < 0)
		return -1;
	if (t.is_taken) {
		return diag_set(EEXIST, "remove it first (net-port del --owner OWNER), or publish another host port",
				"publish %s port %u: it is published already, to %s:%u%s%s", proto, port->host_port,
				ipnet_addr_str(t.found.to_addr, to, sizeof to), t.found.to_port,
				t.found.owner[0] ? " by " : "", t.found.owner);
	}
	ipnet_addr_str(port->to_addr, to, sizeof to);
	snprintf(comment, sizeof comment, "ctrkit owner=%s %s %u to %s:%u", port->owner[0] ? port->owner : "-",
		 proto, port->host_port, to, port->to_port);

	struct batch *bt = malloc(sizeof *bt);
	if (!bt)
		return diag_set(ENOMEM, NULL, "publish a port");
	batch_begin(bt, nl);
	add_table_and_chains(bt);
	for (int i = 0; i < 2; i++) { /* prerouting and output */
		struct nftnl_rule *r = dnat_rule(chains[i].name, port, comment);
		struct nlmsghdr *nlh = batch_msg(bt, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND);
		nftnl_rule_nlmsg_build_payload(nlh, r);
		nftnl_rule_free(r);
		snprintf(equiv, sizeof equiv, "nft add rule ip %s %s fib daddr type local %s dport %u dnat to %s:%u comment \"%s\"",
			 NAT_TABLE, chains[i].name, proto, port->host_port, to, port->to_port, comment);
		batch_add(bt, nlh, equiv);
	}
	int rc = batch_send(bt, "publish port");
	free(bt);
	if (rc < 0)
		diag_set(diag_errno(), NULL, "publish %s port %u to %s:%u", proto, port->host_port, to, port->to_port);
	return rc;
}

struct doomed {
	const char *owner;
	const struct nat_port *port;
	struct { char chain[32]; uint64_t handle; } rules[256];
	int n, ports;
};

static int find_doomed(const struct nat_rule *rule, void *data)
{
	struct doomed *d = data;

	if (!rule->is_port || d->n == 256)
		return 0;
	if (d->owner && strcmp(rule->port.owner, d->owner))
		return 0;
	if (d->port && (rule->port.proto != d->port->proto || rule->port.host_port != d->port->host_port))
		return 0;
	snprintf(d->rules[d->n].chain, sizeof d->rules[d->n].chain, "%s", rule->chain);
	d->rules[d->n++].handle = rule->handle;
	if (!strcmp(rule->chain, "output"))
		d->ports++;
	return 0;
}

int nat_port_del(struct nl *nl, const char *owner, const struct nat_port *port, int *removed)
{
	struct doomed *d = calloc(1, sizeof *d);
	struct batch *bt = malloc(sizeof *bt);
	char equiv[EQUIV_MAX];
	int rc = -1;

	*removed = 0;
	if (!d || !bt) {
		diag_set(ENOMEM, NULL, "remove published ports");
		goto out;
	}
	d->owner = owner;
	d->port = port;
	if (nat_list(nl, find_doomed, d) < 0)
		goto out;
	if (d->n == 0) {
		rc = 0;
		goto out;
	}
	batch_begin(bt, nl);
	for (int i = 0; i < d->n; i++) {
		struct nftnl_rule *r = new_rule(d->rules[i].chain);
		nftnl_rule_set_u64(r, NFTNL_RULE_HANDLE, d->rules[i].handle);
		struct nlmsghdr *nlh = batch_msg(bt, NFT_MSG_DELRULE, 0);
		nftnl_rule_nlmsg_build_payload(nlh, r);
		nftnl_rule_free(r);
		snprintf(equiv, sizeof equiv, "nft delete rule ip %s %s handle %llu", NAT_TABLE, d->rules[i].chain,
			 (unsigned long long)d->rules[i].handle);
		batch_add(bt, nlh, equiv);
	}
	rc = batch_send(bt, "remove published ports");
	if (rc == 0)
		*removed = d->ports;
out:
	free(d);
	free(bt);
	return rc;
}

int nat_masquerade(struct nl *nl, const struct ipnet *subnet, const char *bridge)
{
	struct taken t = { .subnet = subnet };
	char comment[256], text[IPNET_STRLEN], equiv[512];

	if (nat_list(nl, find_taken, &t) < 0)
		return -1;
	if (t.has_masquerade)
		return 0;
	ipnet_str(subnet, text, sizeof text);
	snprintf(comment, sizeof comment, "ctrkit masquerade %s bridge %s", text, bridge);
	struct batch *bt = malloc(sizeof *bt);
	if (!bt)
		return diag_set(ENOMEM, NULL, "masquerade %s", text);
	batch_begin(bt, nl);
	add_table_and_chains(bt);
	struct nftnl_rule *r = masquerade_rule(subnet, bridge, comment);
	struct nlmsghdr *nlh = batch_msg(bt, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	snprintf(equiv, sizeof equiv, "nft add rule ip %s postrouting ip saddr %s oifname != \"%s\" masquerade comment \"%s\"",
		 NAT_TABLE, text, bridge, comment);
	batch_add(bt, nlh, equiv);
	int rc = batch_send(bt, "add masquerade rule");
	free(bt);
	return rc;
}

int nat_flush(struct nl *nl)
{
	struct batch *bt = malloc(sizeof *bt);
	struct nftnl_table *t = nftnl_table_alloc();
	int rc = -1;

	if (!bt || !t) {
		diag_set(ENOMEM, NULL, "remove table ip %s", NAT_TABLE);
		goto out;
	}
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NAT_TABLE);
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
	batch_begin(bt, nl);
	struct nlmsghdr *nlh = batch_msg(bt, NFT_MSG_DELTABLE, 0);
	nftnl_table_nlmsg_build_payload(nlh, t);
	batch_add(bt, nlh, "nft delete table ip " NAT_TABLE);
	rc = batch_send(bt, "remove table ip " NAT_TABLE);
	if (rc < 0 && diag_errno() == ENOENT)
		rc = 0;
out:
	nftnl_table_free(t);
	free(bt);
	return rc;
}
