/* cglimit — the limits a group can have, in one table, for both cgroup
 * versions.
 *
 * Each row is one limit as users write it (--memory 64M, --cpus 1.5), the
 * controller it needs, its v2 and v1 files, and the converters between the
 * user's units and each file's. The conversions, and why:
 *
 *   memory       v2 memory.max          v1 memory.limit_in_bytes     bytes; max is "max" / "-1"
 *   memory-swap  v2 memory.swap.max     v1 memory.memsw.limit_in_bytes
 *                The user gives memory+swap, as docker's --memory-swap;
 *                v1 takes that total, v2 takes swap alone: total - memory.
 *   cpus         v2 cpu.max "Q P"       v1 cpu.cfs_quota_us + cpu.cfs_period_us
 *                quota = cpus * period, period 100000 µs
 *   cpu-weight   v2 cpu.weight 1..10000 v1 cpu.shares 2..262144
 *                shares = 2 + (weight-1)*262142/9999 (as crun and runc);
 *                read back, weight = 1 + ceil((shares-2)*9999/262142), which
 *                gives every weight written back exactly
 *   cpuset-cpus, cpuset-mems   cpuset.cpus, cpuset.mems on both: "0-3,6"
 *   pids         pids.max on both
 *   io-weight    v2 io.weight 1..10000  v1 blkio.weight 10..1000
 *                v1 = 10 + (weight-1)*990/9999 (runc's conversion, reversed);
 *                v1 has 991 steps for v2's 10000, so a weight reads back as
 *                the nearest v1 step
 *   io-max       v2 io.max "MAJ:MIN rbps=N wbps=N riops=N wiops=N"
 *                v1 blkio.throttle.{read,write}_{bps,iops}_device "MAJ:MIN N"
 *                (0 there means no limit)
 *
 * Device rules (lib/cgdevices) are part of the same plan, but not a row:
 * they are a list, and on v2 a BPF program rather than a file. They are
 * prepared with the files (v2: the program loaded) and committed after the
 * last file write.
 *
 * A change is a plan: every value is parsed and every file read (which
 * checks it exists, and keeps its old value) before anything is written;
 * if the kernel refuses one write, the ones before it are written back.
 */
#ifndef CTRKIT_CGLIMIT_H
#define CTRKIT_CGLIMIT_H

#include "cgdevices.h"
#include "cgroup.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

enum cg_limit_id {
	CG_LIMIT_MEMORY, CG_LIMIT_MEMORY_SWAP, CG_LIMIT_CPUS, CG_LIMIT_CPU_WEIGHT, CG_LIMIT_CPUSET_CPUS,
	CG_LIMIT_CPUSET_MEMS, CG_LIMIT_PIDS, CG_LIMIT_IO_WEIGHT, CG_LIMIT_IO_MAX, CG_LIMIT_COUNT
};

/* The cfs period ctrkit writes (cgroup-v2.rst: cpu.max's default). */
#define CG_CPU_PERIOD_US 100000

enum { CG_IO_RBPS, CG_IO_WBPS, CG_IO_RIOPS, CG_IO_WIOPS, CG_IO_KEYS };

struct cg_io_max {
	unsigned major, minor;
	uint64_t value[CG_IO_KEYS]; /* UINT64_MAX for no limit */
	unsigned set;               /* 1 << key for each key given */
};

/* A parsed limit, in the user's units. */
struct cg_limit_value {
	uint64_t n;       /* bytes, quota in µs per CG_CPU_PERIOD_US, weight, count; UINT64_MAX: max */
	char list[256];   /* cpuset lists */
	struct cg_io_max io;
};

struct cg_plan;

struct cg_limit {
	const char *name;       /* as the option: "memory" */
	const char *arg;        /* what it takes, for --help: "SIZE" */
	enum cg_ctrl ctrl;
	const char *v2_file, *v1_file;
	const char *v1_conversion; /* for --explain: how the v1 value was made */
	int (*parse)(const struct cg_limit *l, const char *text, struct cg_limit_value *v);
	/* Add the writes for V to the plan: the group's directory is DIR. */
	int (*plan)(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		    const struct cg_hierarchy *h, const char *dir);
	/* The current value in the user's units. */
	int (*show)(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);
	/* A hint for the kernel's errno on a write (or ENOENT: no such file). */
	const char *(*hint)(int err, int version);
	const char *help;
};

extern const struct cg_limit cg_limits[CG_LIMIT_COUNT];

const struct cg_limit *cg_limit_by_name(const char *name);

/* One kernel file write of a plan, with what to write back on failure. */
struct cg_plan_step {
	char path[PATH_MAX];
	char value[256];
	char old[512];
	char why[256];
	const struct cg_limit *limit;
	int version;
};

struct cg_plan {
	const struct cg_system *sys;
	const char *name; /* the group */
	struct {
		const struct cg_limit *limit;
		struct cg_limit_value value;
	} setting[CG_LIMIT_COUNT + 16]; /* io-max may repeat, one per device */
	int nsettings;
	struct cg_plan_step *step;
	int nsteps, capacity;
	/* Device rules: set once a device option is given (the group then
	 * denies every device its rules do not allow). */
	bool devices_set, devices_preset_given;
	struct cg_device_rules devices;
	struct cg_device_rule devices_allow[CG_DEVICE_RULES_MAX];
	int ndevices_allow;
	struct cg_devices_change devices_change;
};

void cg_plan_init(struct cg_plan *p, const struct cg_system *s, const char *name);
void cg_plan_free(struct cg_plan *p);

/* Parse TEXT for limit L and add it to the plan. A later value for the
 * same limit (the same device, for io-max) replaces an earlier one. */
int cg_plan_add(struct cg_plan *p, const struct cg_limit *l, const char *text);

/* Device rules: --devices PRESET (container, none, all; the last one
 * given counts) and --device-allow RULE (added to the preset, or to none
 * when there is no preset). -1 with a diagnostic for a bad one. */
int cg_plan_devices(struct cg_plan *p, const char *preset);
int cg_plan_device_allow(struct cg_plan *p, const char *rule);

/* The value the plan sets for limit ID, or NULL. */
const struct cg_limit_value *cg_plan_value(const struct cg_plan *p, enum cg_limit_id id);

/* Plan every write (checking every file), then write them in order; on a
 * refusal, write back what was there. -1 with a diagnostic. */
int cg_plan_apply(struct cg_plan *p);

/* For the rows' plan functions: add a write of VALUE to FILE in DIR. OLD is
 * what to write back on failure; NULL reads it from the file now. AT is
 * where in the list (-1: at the end). */
int cg_plan_write(struct cg_plan *p, const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir,
		  const char *file, const char *value, const char *old, int at);

/* The current value of L for group NAME, in the user's units, and the
 * kernel files it came from (FILES, may be NULL). -1 with a diagnostic. */
int cg_limit_show(const struct cg_system *s, const char *name, const struct cg_limit *l, char *buf, size_t len,
		  char *files, size_t files_len);

/* The group's device rules, as cg_devices_show says them, and where they
 * are (FILES: devices.list, or "bpf CGROUP_DEVICE"). */
int cg_devices_limit_show(const struct cg_system *s, const char *name, char *buf, size_t len, char *files,
			  size_t files_len);

/* The documented conversions, exposed for the unit tests. */
uint64_t cg_weight_to_shares(uint64_t weight);
uint64_t cg_shares_to_weight(uint64_t shares);
uint64_t cg_weight_to_blkio(uint64_t weight);
uint64_t cg_blkio_to_weight(uint64_t blkio);

/* Parse a cpuset list ("0-3,6"), normalised into OUT. */
int cg_parse_cpuset_list(const char *what, const char *s, char *out, size_t len);

/* Parse an io-max value "DEV:rbps=1M,wbps=max,riops=100,wiops=100", where
 * DEV is MAJ:MIN or the path of a block device. */
int cg_parse_io_max(const char *s, struct cg_io_max *io);

#endif
