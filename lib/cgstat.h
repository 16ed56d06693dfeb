/* cgstat — what a group has used: memory, OOM kills, CPU time and
 * throttling, processes, disk bytes; from either cgroup version.
 *
 * One table says where each number is on v2 and on v1, and how to bring v1's
 * to v2's units (v1 counts CPU time in nanoseconds, v2 in microseconds):
 *
 *   memory.current    v2 memory.current           v1 memory.usage_in_bytes
 *   memory.peak       v2 memory.peak (5.19)       v1 memory.max_usage_in_bytes
 *   memory.limit_hits v2 memory.events max        v1 memory.failcnt
 *   memory.oom        v2 memory.events oom        v1 -
 *   memory.oom_kill   v2 memory.events oom_kill   v1 memory.oom_control oom_kill (4.13)
 *   memory.under_oom  v2 -                        v1 memory.oom_control under_oom
 *   cpu.usage_usec    v2 cpu.stat usage_usec      v1 cpuacct.usage / 1000
 *   cpu.nr_throttled  v2 cpu.stat nr_throttled    v1 cpu.stat nr_throttled
 *   cpu.throttled_usec v2 cpu.stat throttled_usec v1 cpu.stat throttled_time / 1000
 *   pids.current, pids.max                        the same files on both
 *   io.read_bytes     v2 io.stat rbytes           v1 blkio.throttle.io_service_bytes_recursive Read
 *   io.write_bytes    v2 io.stat wbytes           v1 ... Write
 */
#ifndef CTRKIT_CGSTAT_H
#define CTRKIT_CGSTAT_H

#include "cgroup.h"

#include <stdbool.h>
#include <stdint.h>

enum cg_stat_id {
	CG_STAT_MEMORY, CG_STAT_MEMORY_PEAK, CG_STAT_LIMIT_HITS, CG_STAT_OOM, CG_STAT_OOM_KILL, CG_STAT_UNDER_OOM,
	CG_STAT_CPU_USAGE, CG_STAT_NR_THROTTLED, CG_STAT_THROTTLED, CG_STAT_PIDS, CG_STAT_PIDS_MAX, CG_STAT_IO_READ,
	CG_STAT_IO_WRITE, CG_STAT_COUNT
};

struct cg_stat_def {
	const char *section, *key; /* JSON: {"memory": {"current": N}} */
	enum cg_ctrl ctrl;
	const char *v2_file, *v2_key; /* NULL file: v2 has no such number */
	const char *v1_file, *v1_key;
	unsigned v1_divisor;          /* v1 value / this = v2's unit */
};

extern const struct cg_stat_def cg_stat_defs[CG_STAT_COUNT];

struct cg_stats {
	uint64_t value[CG_STAT_COUNT]; /* UINT64_MAX for "max" */
	bool have[CG_STAT_COUNT];      /* false: this kernel or version has no such number */
};

/* Read every number of group NAME. Only a missing group is an error (-1
 * with a diagnostic); a number the kernel does not keep is left out. */
int cg_stats_read(const struct cg_system *s, const char *name, struct cg_stats *st);

/* One number, ID, of group NAME (found where cg_system_load(NULL) puts
 * groups), for a tool that wants no more: ctr-monitor's OOM kills, before
 * and after. Read as cg_stats_read() reads them all. -1 with a diagnostic
 * when the group is missing or the kernel keeps no such number. */
int cg_stat_read_one(const char *name, enum cg_stat_id id, uint64_t *value);

#endif
