/* cgdevices — which device nodes a group's processes may open or make: the
 * device controller, on both cgroup versions.
 *
 * A rule is written as in cgroup v1's devices.allow (cgroup-v1/devices.rst):
 *
 *   TYPE MAJOR:MINOR ACCESS     c 1:3 rwm    b 8:* r    c *:* m
 *
 * TYPE is c (character), b (block) or a (both, any number); MAJOR and MINOR
 * are numbers or *; ACCESS is some of r (open for reading), w (open for
 * writing) and m (mknod). A group with rules denies every device access no
 * rule allows.
 *
 *   v1  the devices hierarchy's files: "a" to devices.deny empties the
 *       group's list and makes it deny by default, then each rule is one
 *       write to devices.allow; devices.list reads them back.
 *   v2  there are no device files: on each open(2) or mknod(2) of a device
 *       node the kernel asks the BPF programs of type CGROUP_DEVICE attached
 *       to the cgroup and its ancestors (cgroup-v2.rst, "Device
 *       controller"), and every one must answer 1. ctrkit compiles the rules
 *       into such a program, loads it with bpf(BPF_PROG_LOAD), and attaches
 *       it to the group's directory with BPF_F_ALLOW_MULTI, replacing the
 *       one attached before (BPF_F_REPLACE) in one step. The program stays
 *       attached after cg-limit exits, for as long as the group exists. The
 *       kernel keeps the program, not the rules: what can be read back is
 *       that a program is attached (BPF_PROG_QUERY), and its id.
 *
 * The "container" preset is Docker's (runc's) default list without its
 * "c *:* m" and "b *:* m": with them, a container's root (which has
 * CAP_MKNOD) could make any node, and although the node would not open,
 * ctrkit promises that a container "cannot create device nodes" beyond the
 * ones it needs. So mknod(2) of anything else fails with EPERM.
 */
#ifndef CTRKIT_CGDEVICES_H
#define CTRKIT_CGDEVICES_H

#include "cgroup.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CG_DEV_ANY UINT32_MAX /* "*" for a major or a minor */

enum { CG_DEV_READ = 1, CG_DEV_WRITE = 2, CG_DEV_MKNOD = 4, CG_DEV_RWM = 7 };

struct cg_device_rule {
	char type;            /* 'a', 'b' or 'c' */
	uint32_t major, minor; /* CG_DEV_ANY for "*" */
	unsigned access;      /* CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD */
};

#define CG_DEVICE_RULES_MAX 64

/* What a group may do with devices: everything (ALLOW_ALL, the kernel's
 * default), or only what RULE allows. */
struct cg_device_rules {
	bool allow_all;
	int n;
	struct cg_device_rule rule[CG_DEVICE_RULES_MAX];
};

/* Parse "c 1:3 rwm". -1 with a diagnostic naming TEXT and the syntax. */
int cg_device_rule_parse(const char *text, struct cg_device_rule *r);

/* "c 1:3 rwm", as devices.list shows it. */
const char *cg_device_rule_format(const struct cg_device_rule *r, char *buf, size_t len);

/* Set RULES to preset NAME: container (see above), none (deny every
 * device), all (allow every device). -1 with a diagnostic for another. */
int cg_device_preset(const char *name, struct cg_device_rules *rules);

/* Append a rule. -1 with a diagnostic when there are too many. */
int cg_device_rules_add(struct cg_device_rules *rules, const struct cg_device_rule *r);

/* A short name for RULES: "all", "none", "container", "container + c 10:229
 * rwm", or the rules themselves, comma-separated. */
const char *cg_device_rules_describe(const struct cg_device_rules *rules, char *buf, size_t len);

/* The v2 program for RULES, as struct bpf_insn (8 bytes each) into INSNS
 * (room for MAX). Returns the count, or -1 when MAX is too small. Exposed
 * for the unit tests. */
struct bpf_insn;
int cg_device_program(const struct cg_device_rules *rules, struct bpf_insn *insns, int max);

/* Changing a group's rules, in two steps, so a plan can check everything
 * before it changes anything: prepare (v1: read devices.list, which checks
 * it is there, and keep it for the undo; v2: load the program and find the
 * one attached now), then commit (v1: write; v2: attach). A commit that
 * fails leaves the group's rules as they were. */
struct cg_devices_change {
	int version;
	char dir[PATH_MAX];
	const struct cg_hierarchy *h;
	struct cg_device_rules rules;
	char old_list[8192]; /* v1: devices.list before */
	int prog_fd, dir_fd;  /* v2 */
	uint32_t old_ids[16]; /* v2: the programs attached before */
	int nold;
};

int cg_devices_prepare(struct cg_devices_change *c, const struct cg_hierarchy *h, const char *dir,
		       const struct cg_device_rules *rules);
int cg_devices_commit(struct cg_devices_change *c);
void cg_devices_change_free(struct cg_devices_change *c);

/* The group's rules as the kernel tells them: v1 devices.list ("all" for
 * "a *:* rwm", else the rules); v2 "all" with no program attached, else
 * "bpf program ID". -1 with a diagnostic. */
int cg_devices_show(const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);

#endif
