/* cgdevices — see cgdevices.h. */
#include "cgdevices.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char rule_syntax[] = "a rule is TYPE MAJOR:MINOR ACCESS, as in devices.allow: TYPE a, b or c; "
				  "MAJOR and MINOR numbers or *; ACCESS some of r, w, m (e.g. 'c 1:3 rwm', 'b 8:* r')";

/* --- rules --- */

static int parse_number(const char *s, size_t len, uint32_t *n)
{
	if (len == 1 && *s == '*') {
		*n = CG_DEV_ANY;
		return 0;
	}
	if (len == 0 || len > 7)
		return -1;
	uint32_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	*n = v;
	return 0;
}

int cg_device_rule_parse(const char *text, struct cg_device_rule *r)
{
	const char *p = text;

	*r = (struct cg_device_rule){ 0 };
	if (*p != 'a' && *p != 'b' && *p != 'c')
		return diag_set(0, rule_syntax, "bad device rule '%s': type '%c'", text, *p ? *p : ' ');
	r->type = *p++;
	if (r->type == 'a' && (*p == '\0' || !strcmp(p, " *:* rwm"))) {
		/* "a" alone is the kernel's word for every device, rwm. */
		r->major = r->minor = CG_DEV_ANY;
		r->access = CG_DEV_RWM;
		return 0;
	}
	if (*p++ != ' ')
		return diag_set(0, rule_syntax, "bad device rule '%s'", text);
	size_t len = strcspn(p, ":");
	if (p[len] != ':' || parse_number(p, len, &r->major) < 0)
		return diag_set(0, rule_syntax, "bad device rule '%s': major", text);
	p += len + 1;
	len = strcspn(p, " ");
	if (p[len] != ' ' || parse_number(p, len, &r->minor) < 0)
		return diag_set(0, rule_syntax, "bad device rule '%s': minor", text);
	/* The kernel's dev_t: 12 bits of major, 20 of minor. */
	if ((r->major != CG_DEV_ANY && r->major > 4095) || (r->minor != CG_DEV_ANY && r->minor > 1048575))
		return diag_set(0, "a major is at most 4095, a minor at most 1048575", "bad device rule '%s'", text);
	for (p += len + 1; *p; p++) {
		unsigned bit = *p == 'r' ? CG_DEV_READ : *p == 'w' ? CG_DEV_WRITE : *p == 'm' ? CG_DEV_MKNOD : 0;
		if (!bit)
			return diag_set(0, rule_syntax, "bad device rule '%s': access '%c'", text, *p);
		r->access |= bit;
	}
	if (!r->access)
		return diag_set(0, rule_syntax, "bad device rule '%s': no access", text);
	if (r->type == 'a' && (r->major != CG_DEV_ANY || r->minor != CG_DEV_ANY))
		return diag_set(0, "type a stands for every device: write it 'a *:* rwm', or give b or c",
				"bad device rule '%s'", text);
	return 0;
}

const char *cg_device_rule_format(const struct cg_device_rule *r, char *buf, size_t len)
{
	char major[16], minor[16];

	snprintf(major, sizeof major, r->major == CG_DEV_ANY ? "*" : "%u", r->major);
	snprintf(minor, sizeof minor, r->minor == CG_DEV_ANY ? "*" : "%u", r->minor);
	snprintf(buf, len, "%c %s:%s %s%s%s", r->type, major, minor, r->access & CG_DEV_READ ? "r" : "",
		 r->access & CG_DEV_WRITE ? "w" : "", r->access & CG_DEV_MKNOD ? "m" : "");
	return buf;
}

/* Docker's default (runc's AllowedDevices, libcontainer/specconv), less
 * "c *:* m" and "b *:* m": see cgdevices.h. These are also the nodes
 * rootfs-pivot makes in a container's /dev (ptmx is a symlink into its
 * devpts there, and the ptys are 136:*), so its mknods pass. */
static const struct cg_device_rule container_rules[] = {
	{ 'c', 1, 3, CG_DEV_RWM },          /* /dev/null */
	{ 'c', 1, 5, CG_DEV_RWM },          /* /dev/zero */
	{ 'c', 1, 7, CG_DEV_RWM },          /* /dev/full */
	{ 'c', 1, 8, CG_DEV_RWM },          /* /dev/random */
	{ 'c', 1, 9, CG_DEV_RWM },          /* /dev/urandom */
	{ 'c', 5, 0, CG_DEV_RWM },          /* /dev/tty */
	{ 'c', 5, 1, CG_DEV_RWM },          /* /dev/console */
	{ 'c', 5, 2, CG_DEV_RWM },          /* /dev/ptmx */
	{ 'c', 136, CG_DEV_ANY, CG_DEV_RWM }, /* /dev/pts/N */
	{ 'c', 10, 200, CG_DEV_RWM },       /* /dev/net/tun */
};
#define NCONTAINER (int)(sizeof container_rules / sizeof container_rules[0])

int cg_device_preset(const char *name, struct cg_device_rules *rules)
{
	*rules = (struct cg_device_rules){ 0 };
	if (!strcmp(name, "all")) {
		rules->allow_all = true;
	} else if (!strcmp(name, "container")) {
		memcpy(rules->rule, container_rules, sizeof container_rules);
		rules->n = NCONTAINER;
	} else if (strcmp(name, "none")) {
		return diag_set(0, "the presets are container (Docker's list, without mknod of other nodes), none, all",
				"unknown device preset '%s'", name);
	}
	return 0;
}

int cg_device_rules_add(struct cg_device_rules *rules, const struct cg_device_rule *r)
{
	if (rules->n == CG_DEVICE_RULES_MAX)
		return diag_set(0, NULL, "more than %d device rules", CG_DEVICE_RULES_MAX);
	rules->rule[rules->n++] = *r;
	return 0;
}

static bool same_rule(const struct cg_device_rule *a, const struct cg_device_rule *b)
{
	return a->type == b->type && a->major == b->major && a->minor == b->minor && a->access == b->access;
}

const char *cg_device_rules_describe(const struct cg_device_rules *rules, char *buf, size_t len)
{
	char one[64];
	int from = 0;
	size_t o;

	if (rules->allow_all || (rules->n == 1 && rules->rule[0].type == 'a' && rules->rule[0].access == CG_DEV_RWM)) {
		snprintf(buf, len, "all");
		return buf;
	}
	if (rules->n == 0) {
		snprintf(buf, len, "none");
		return buf;
	}
	*buf = '\0';
	if (rules->n >= NCONTAINER) {
		int i;
		for (i = 0; i < NCONTAINER && same_rule(&rules->rule[i], &container_rules[i]); i++)
			;
		if (i == NCONTAINER) {
			snprintf(buf, len, "container");
			from = NCONTAINER;
		}
	}
	for (int i = from; i < rules->n; i++) {
		o = strlen(buf);
		snprintf(buf + o, len - o, "%s%s", o ? (i == from && from ? " + " : ", ") : "",
			 cg_device_rule_format(&rules->rule[i], one, sizeof one));
	}
	return buf;
}

/* --- the v2 program --- */

/* The instructions, as runc's devicefilter and crun's ebpf.c write them,
 * without an assembler: struct bpf_insn is { code, dst_reg:4, src_reg:4,
 * off, imm } (Documentation/bpf/standardization/instruction-set.rst). */
static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	return (struct bpf_insn){ .code = code, .dst_reg = dst & 0xf, .src_reg = src & 0xf, .off = off, .imm = imm };
}

int cg_device_program(const struct cg_device_rules *rules, struct bpf_insn *insns, int max)
{
	int n = 0;
#define EMIT(i)                       \
	do {                          \
		if (n == max)         \
			return -1;    \
		insns[n++] = (i);     \
	} while (0)

	/* The context is struct bpf_cgroup_dev_ctx: u32 access_type (the
	 * device type, BPF_DEVCG_DEV_BLOCK or _CHAR, in the low 16 bits; the
	 * access, BPF_DEVCG_ACC_MKNOD|READ|WRITE, in the high 16), u32 major,
	 * u32 minor. R2 = type, R3 = access, R4 = major, R5 = minor. */
	EMIT(insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 0, 0));
	EMIT(insn(BPF_ALU | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff));
	EMIT(insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_1, 0, 0));
	EMIT(insn(BPF_ALU | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16));
	EMIT(insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1, 4, 0));
	EMIT(insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1, 8, 0));

	if (rules->allow_all) {
		EMIT(insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1));
		EMIT(insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
		return n;
	}
	/* One block per rule: each test that fails jumps past the block's
	 * end, to the next rule; a block run to its end returns 1 (allow). */
	for (int i = 0; i < rules->n; i++) {
		const struct cg_device_rule *r = &rules->rule[i];
		bool type = r->type != 'a', access = r->access != CG_DEV_RWM;
		bool major = r->major != CG_DEV_ANY, minor = r->minor != CG_DEV_ANY;
		int len = type + 3 * access + major + minor + 2, at = 0;
		int32_t bpf_access = (r->access & CG_DEV_READ ? BPF_DEVCG_ACC_READ : 0) |
				     (r->access & CG_DEV_WRITE ? BPF_DEVCG_ACC_WRITE : 0) |
				     (r->access & CG_DEV_MKNOD ? BPF_DEVCG_ACC_MKNOD : 0);

		/* A jump's offset counts from the instruction after it. */
#define SKIP() (int16_t)(len - ++at)
		if (type)
			EMIT(insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, SKIP(),
				  r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR));
		if (access) {
			/* Allowed when the access asked for is within the rule's:
			 * (access & rule) == access. */
			at += 2;
			EMIT(insn(BPF_ALU | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0));
			EMIT(insn(BPF_ALU | BPF_AND | BPF_K, BPF_REG_1, 0, 0, bpf_access));
			EMIT(insn(BPF_JMP | BPF_JNE | BPF_X, BPF_REG_1, BPF_REG_3, SKIP(), 0));
		}
		if (major)
			EMIT(insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, SKIP(), (int32_t)r->major));
		if (minor)
			EMIT(insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, SKIP(), (int32_t)r->minor));
#undef SKIP
		EMIT(insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1));
		EMIT(insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	}
	/* No rule allowed it. */
	EMIT(insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0));
	EMIT(insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
#undef EMIT
	return n;
}

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof *attr);
}

static const char no_bpf_hint[] = "cgroup v2 has no device files: device rules are a BPF program of type "
				  "CGROUP_DEVICE, which needs root (CAP_SYS_ADMIN) and a kernel with "
				  "CONFIG_CGROUP_BPF";

/* --- v1 --- */

static int v1_file(const struct cg_devices_change *c, const char *file, char *path, size_t len)
{
	return cg_file(c->h, c->dir, file, path, len);
}

/* Make the group's list RULES: "a" to devices.deny, then each rule to
 * devices.allow; or "a" to devices.allow for every device. */
static int v1_write(struct cg_devices_change *c, const struct cg_device_rules *rules, bool undo)
{
	char allow[PATH_MAX], deny[PATH_MAX], one[64];

	if (v1_file(c, "devices.allow", allow, sizeof allow) < 0 || v1_file(c, "devices.deny", deny, sizeof deny) < 0)
		return -1;
	if (undo) {
		if (rules->allow_all) {
			cg_write_undo(allow, "a");
			return 0;
		}
		cg_write_undo(deny, "a");
		for (int i = 0; i < rules->n; i++)
			cg_write_undo(allow, cg_device_rule_format(&rules->rule[i], one, sizeof one));
		return 0;
	}
	if (rules->allow_all)
		return cg_write(allow, "a", "v1 devices: every device, as a new group has");
	if (cg_write(deny, "a", "v1 devices: empty the list and deny by default") < 0)
		return -1;
	for (int i = 0; i < rules->n; i++)
		if (cg_write(allow, cg_device_rule_format(&rules->rule[i], one, sizeof one), "v1 devices: allow") < 0)
			return -1;
	return 0;
}

/* devices.list, one rule a line, as rules. */
static int v1_parse_list(const char *list, struct cg_device_rules *rules)
{
	struct cg_device_rule r;
	char line[64];

	*rules = (struct cg_device_rules){ 0 };
	for (const char *p = list; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
		if (!*line)
			continue;
		if (cg_device_rule_parse(line, &r) < 0)
			return -1;
		if (r.type == 'a') {
			rules->allow_all = true;
			rules->n = 0;
			return 0;
		}
		if (cg_device_rules_add(rules, &r) < 0)
			return -1;
	}
	return 0;
}

/* --- v2 --- */

static int v2_query(struct cg_devices_change *c)
{
	union bpf_attr attr = { 0 };

	attr.query.target_fd = (uint32_t)c->dir_fd;
	attr.query.attach_type = BPF_CGROUP_DEVICE;
	attr.query.prog_ids = (uint64_t)(uintptr_t)c->old_ids;
	attr.query.prog_cnt = sizeof c->old_ids / sizeof c->old_ids[0];
	if (sys_bpf(BPF_PROG_QUERY, &attr) < 0)
		return diag_set(errno, no_bpf_hint, "bpf(BPF_PROG_QUERY, CGROUP_DEVICE) on %s", c->dir);
	c->nold = (int)attr.query.prog_cnt;
	explain("bpf(BPF_PROG_QUERY, %s, CGROUP_DEVICE) = 0: %d program%s attached", c->dir, c->nold,
		c->nold == 1 ? "" : "s");
	return 0;
}

static int v2_prepare(struct cg_devices_change *c)
{
	struct bpf_insn prog[8 + CG_DEVICE_RULES_MAX * 9];
	char log[4096] = "";
	union bpf_attr attr = { 0 };
	int n;

	c->dir_fd = open(c->dir, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (c->dir_fd < 0)
		return diag_set(errno, NULL, "open %s", c->dir);
	if (v2_query(c) < 0)
		return -1;
	if (c->rules.allow_all)
		return 0; /* nothing to load: the old programs go */
	n = cg_device_program(&c->rules, prog, (int)(sizeof prog / sizeof prog[0]));
	if (n < 0)
		return diag_set(0, NULL, "build the device program: too many rules");

	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)prog;
	attr.insn_cnt = (uint32_t)n;
	/* The license matters only to programs that call GPL-only helpers;
	 * this one calls none (runc passes "Apache"). */
	attr.license = (uint64_t)(uintptr_t) "GPL";
	attr.log_buf = (uint64_t)(uintptr_t)log;
	attr.log_size = sizeof log;
	attr.log_level = 1;
	memcpy(attr.prog_name, "ctrkit_devices", sizeof "ctrkit_devices");
	c->prog_fd = sys_bpf(BPF_PROG_LOAD, &attr);
	int err = errno;
	explain("bpf(BPF_PROG_LOAD, CGROUP_DEVICE, %d insns) = %d", n, c->prog_fd);
	if (c->prog_fd < 0) {
		char *end = log + strlen(log);
		while (end > log && end[-1] == '\n')
			*--end = '\0';
		if (*log)
			return diag_set(err, NULL, "bpf(BPF_PROG_LOAD, CGROUP_DEVICE): the verifier says: %.300s",
					strrchr(log, '\n') ? strrchr(log, '\n') + 1 : log);
		return diag_set(err, no_bpf_hint, "bpf(BPF_PROG_LOAD, CGROUP_DEVICE, %d insns)", n);
	}
	return 0;
}

/* Detach the program with id ID from the group. */
static int v2_detach(struct cg_devices_change *c, uint32_t id)
{
	union bpf_attr attr = { 0 };
	int fd, rc;

	attr.prog_id = id;
	fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
	if (fd < 0)
		return diag_set(errno, no_bpf_hint, "bpf(BPF_PROG_GET_FD_BY_ID, %u)", id);
	attr = (union bpf_attr){ 0 };
	attr.target_fd = (uint32_t)c->dir_fd;
	attr.attach_bpf_fd = (uint32_t)fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	rc = sys_bpf(BPF_PROG_DETACH, &attr);
	int err = errno;
	explain("bpf(BPF_PROG_DETACH, %s, program %u, CGROUP_DEVICE) = %d", c->dir, id, rc);
	close(fd);
	if (rc < 0)
		return diag_set(err, no_bpf_hint, "bpf(BPF_PROG_DETACH, CGROUP_DEVICE) of program %u from %s", id, c->dir);
	return 0;
}

static int v2_commit(struct cg_devices_change *c)
{
	union bpf_attr attr = { 0 };
	int replace_fd = -1, first_old = 0, rc = 0;

	if (c->prog_fd >= 0) {
		attr.target_fd = (uint32_t)c->dir_fd;
		attr.attach_bpf_fd = (uint32_t)c->prog_fd;
		attr.attach_type = BPF_CGROUP_DEVICE;
		/* ALLOW_MULTI: a program of the group's own, beside any its
		 * ancestors have (all of them must allow). REPLACE: the one
		 * attached before goes in the same step, so there is no moment
		 * with neither. */
		attr.attach_flags = BPF_F_ALLOW_MULTI;
		if (c->nold > 0) {
			union bpf_attr get = { .prog_id = c->old_ids[0] };
			replace_fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &get);
			if (replace_fd < 0)
				return diag_set(errno, no_bpf_hint, "bpf(BPF_PROG_GET_FD_BY_ID, %u)", c->old_ids[0]);
			attr.attach_flags |= BPF_F_REPLACE;
			attr.replace_bpf_fd = (uint32_t)replace_fd;
			first_old = 1;
		}
		rc = sys_bpf(BPF_PROG_ATTACH, &attr);
		int err = errno;
		if (replace_fd >= 0)
			explain("bpf(BPF_PROG_ATTACH, %s, program fd %d, CGROUP_DEVICE, ALLOW_MULTI|REPLACE program %u) = %d",
				c->dir, c->prog_fd, c->old_ids[0], rc);
		else
			explain("bpf(BPF_PROG_ATTACH, %s, program fd %d, CGROUP_DEVICE, ALLOW_MULTI) = %d", c->dir,
				c->prog_fd, rc);
		if (replace_fd >= 0)
			close(replace_fd);
		if (rc < 0) {
			diag_set(err, no_bpf_hint, "bpf(BPF_PROG_ATTACH, CGROUP_DEVICE) to %s", c->dir);
			if (err == EPERM && c->nold > 0)
				diag_hint("a program attached without BPF_F_ALLOW_MULTI is in the way (bpftool cgroup show %s)",
					  c->dir);
			return -1;
		}
	}
	/* The rest of the old ones (none, but for someone else's). */
	for (int i = first_old; i < c->nold; i++)
		if (v2_detach(c, c->old_ids[i]) < 0)
			return -1;
	return 0;
}

/* --- both --- */

int cg_devices_prepare(struct cg_devices_change *c, const struct cg_hierarchy *h, const char *dir,
		       const struct cg_device_rules *rules)
{
	char one[64], path[PATH_MAX];

	*c = (struct cg_devices_change){ .version = h->version, .h = h, .rules = *rules, .prog_fd = -1, .dir_fd = -1 };
	if ((size_t)snprintf(c->dir, sizeof c->dir, "%s", dir) >= sizeof c->dir)
		return diag_set(ENAMETOOLONG, NULL, "path of %s", dir);
	if (explain_on()) {
		char text[2048] = "";
		if (rules->allow_all)
			snprintf(text, sizeof text, "allow every device");
		else
			for (int i = 0; i < rules->n; i++)
				snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i ? ", " : "deny all, then allow ",
					 cg_device_rule_format(&rules->rule[i], one, sizeof one));
		explain("# device rules for %s: %s", dir, *text ? text : "deny every device");
	}
	if (h->version == 2)
		return v2_prepare(c);
	if (v1_file(c, "devices.list", path, sizeof path) < 0 || cg_read(path, c->old_list, sizeof c->old_list) < 0)
		return -1;
	return 0;
}

int cg_devices_commit(struct cg_devices_change *c)
{
	struct cg_device_rules old;

	if (c->version == 2)
		return v2_commit(c);
	if (v1_write(c, &c->rules, false) == 0)
		return 0;
	if (v1_parse_list(c->old_list, &old) == 0)
		v1_write(c, &old, true);
	return -1;
}

void cg_devices_change_free(struct cg_devices_change *c)
{
	if (c->prog_fd >= 0)
		close(c->prog_fd);
	if (c->dir_fd >= 0)
		close(c->dir_fd);
	c->prog_fd = c->dir_fd = -1;
}

int cg_devices_show(const struct cg_hierarchy *h, const char *dir, char *buf, size_t len)
{
	struct cg_devices_change c = { .version = h->version, .h = h, .prog_fd = -1 };
	struct cg_device_rules rules;
	char path[PATH_MAX];

	snprintf(c.dir, sizeof c.dir, "%s", dir);
	if (h->version == 1) {
		if (v1_file(&c, "devices.list", path, sizeof path) < 0 || cg_read(path, c.old_list, sizeof c.old_list) < 0 ||
		    v1_parse_list(c.old_list, &rules) < 0)
			return -1;
		cg_device_rules_describe(&rules, buf, len);
		return 0;
	}
	c.dir_fd = open(dir, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (c.dir_fd < 0)
		return diag_set(errno, NULL, "open %s", dir);
	int rc = v2_query(&c);
	close(c.dir_fd);
	if (rc < 0)
		return -1;
	if (c.nold == 0) {
		snprintf(buf, len, "all");
		return 0;
	}
	/* The kernel keeps the program, not the rules it was made from. */
	snprintf(buf, len, "bpf program %u", c.old_ids[0]);
	for (int i = 1; i < c.nold; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), ",%u", c.old_ids[i]);
	return 0;
}
