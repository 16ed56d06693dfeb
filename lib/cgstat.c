/* cgstat — see cgstat.h. */
#include "cgstat.h"
#include "diag.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

const struct cg_stat_def cg_stat_defs[CG_STAT_COUNT] = {
	[CG_STAT_MEMORY] = { "memory", "current", CG_MEMORY, "memory.current", NULL, "memory.usage_in_bytes", NULL, 1 },
	[CG_STAT_MEMORY_PEAK] = { "memory", "peak", CG_MEMORY, "memory.peak", NULL, "memory.max_usage_in_bytes", NULL, 1 },
	[CG_STAT_LIMIT_HITS] = { "memory", "limit_hits", CG_MEMORY, "memory.events", "max", "memory.failcnt", NULL, 1 },
	[CG_STAT_OOM] = { "memory", "oom", CG_MEMORY, "memory.events", "oom", NULL, NULL, 1 },
	[CG_STAT_OOM_KILL] = { "memory", "oom_kill", CG_MEMORY, "memory.events", "oom_kill", "memory.oom_control",
			       "oom_kill", 1 },
	[CG_STAT_UNDER_OOM] = { "memory", "under_oom", CG_MEMORY, NULL, NULL, "memory.oom_control", "under_oom", 1 },
	[CG_STAT_CPU_USAGE] = { "cpu", "usage_usec", CG_CPUACCT, "cpu.stat", "usage_usec", "cpuacct.usage", NULL, 1000 },
	[CG_STAT_NR_THROTTLED] = { "cpu", "nr_throttled", CG_CPU, "cpu.stat", "nr_throttled", "cpu.stat",
				   "nr_throttled", 1 },
	[CG_STAT_THROTTLED] = { "cpu", "throttled_usec", CG_CPU, "cpu.stat", "throttled_usec", "cpu.stat",
				"throttled_time", 1000 },
	[CG_STAT_PIDS] = { "pids", "current", CG_PIDS, "pids.current", NULL, "pids.current", NULL, 1 },
	[CG_STAT_PIDS_MAX] = { "pids", "max", CG_PIDS, "pids.max", NULL, "pids.max", NULL, 1 },
	[CG_STAT_IO_READ] = { "io", "read_bytes", CG_IO, "io.stat", "rbytes", "blkio.throttle.io_service_bytes_recursive",
			      "Read", 1 },
	[CG_STAT_IO_WRITE] = { "io", "write_bytes", CG_IO, "io.stat", "wbytes",
			       "blkio.throttle.io_service_bytes_recursive", "Write", 1 },
};

int cg_stats_read(const struct cg_system *s, const char *name, struct cg_stats *st)
{
	char dir[PATH_MAX], path[PATH_MAX];

	*st = (struct cg_stats){ 0 };
	for (int i = 0; i < CG_STAT_COUNT; i++) {
		const struct cg_stat_def *d = &cg_stat_defs[i];
		const struct cg_hierarchy *h = s->by_ctrl[d->ctrl];
		if (!h)
			continue;
		const char *file = h->version == 2 ? d->v2_file : d->v1_file;
		const char *key = h->version == 2 ? d->v2_key : d->v1_key;
		if (cg_group_dir(h, name, dir, sizeof dir) < 0)
			return -1;
		if (!cg_is_dir(dir)) {
			diag_set(ENOENT, NULL, "no group %s (%s)", name, dir);
			diag_hint("create it with cg-create %s", name);
			return -1;
		}
		if (!file || cg_file(h, dir, file, path, sizeof path) < 0)
			continue;
		if (access(path, R_OK) < 0)
			continue; /* not kept by this kernel, or the controller is off */
		if (cg_read_u64(path, key, &st->value[i]) < 0) {
			/* io.stat lists only devices that saw I/O: none is 0. */
			if (d->ctrl == CG_IO && diag_errno() == ENOENT) {
				st->value[i] = 0;
				st->have[i] = true;
			}
			continue;
		}
		if (h->version == 1 && d->v1_divisor > 1 && st->value[i] != UINT64_MAX)
			st->value[i] /= d->v1_divisor;
		st->have[i] = true;
	}
	return 0;
}

int cg_stat_read_one(const char *name, enum cg_stat_id id, uint64_t *value)
{
	struct cg_system s;
	struct cg_stats st;

	if (cg_system_load(&s, NULL) < 0)
		return -1;
	int rc = cg_stats_read(&s, name, &st);
	cg_system_free(&s);
	if (rc < 0)
		return -1;
	if (!st.have[id])
		return diag_set(0, NULL, "group %s: this kernel keeps no %s.%s", name, cg_stat_defs[id].section,
				cg_stat_defs[id].key);
	*value = st.value[id];
	return 0;
}
