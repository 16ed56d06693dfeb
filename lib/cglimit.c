/* cglimit — the limits table and its converters. See cglimit.h; the plan
 * that applies them is in cgplan.c. The rows' functions are in
 * cglimitparse.c (the user's values), cglimitrows.c (each limit's files
 * written and read back) and cglimitiomax.c (io-max, whole). */
#include "cglimit.h"
#include "cglimitrows.h"

#include <string.h>

/* --- the documented conversions --- */

uint64_t cg_weight_to_shares(uint64_t weight)
{
	return 2 + (weight - 1) * 262142 / 9999;
}

uint64_t cg_shares_to_weight(uint64_t shares)
{
	if (shares <= 2)
		return 1;
	if (shares >= 262144)
		return 10000;
	/* The ceiling undoes the floor of cg_weight_to_shares exactly. */
	return 1 + ((shares - 2) * 9999 + 262141) / 262142;
}

uint64_t cg_weight_to_blkio(uint64_t weight)
{
	return 10 + (weight - 1) * 990 / 9999;
}

uint64_t cg_blkio_to_weight(uint64_t blkio)
{
	if (blkio <= 10)
		return 1;
	if (blkio >= 1000)
		return 10000;
	return 1 + ((blkio - 10) * 9999 + 989) / 990;
}

/* --- the table --- */

const struct cg_limit cg_limits[CG_LIMIT_COUNT] = {
	[CG_LIMIT_MEMORY] = { "memory", "SIZE", CG_MEMORY, "memory.max", "memory.limit_in_bytes", NULL,
			      parse_size, plan_memory, show_size, hint_memory,
			      "memory limit: 64M, 1.5G, 512k, 100 (bytes), max" },
	[CG_LIMIT_MEMORY_SWAP] = { "memory-swap", "SIZE", CG_MEMORY, "memory.swap.max", "memory.memsw.limit_in_bytes",
				   NULL, parse_size, plan_memory_swap, show_memory_swap, hint_memory_swap,
				   "memory and swap together, as docker's (v2: swap = this - memory)" },
	[CG_LIMIT_CPUS] = { "cpus", "N.N", CG_CPU, "cpu.max", "cpu.cfs_quota_us",
			    "quota = cpus * cpu.cfs_period_us 100000", parse_cpus, plan_cpus, show_cpus, hint_cpus,
			    "CPU time, in CPUs: 0.5 is half of one CPU, 2 is two (max: none)" },
	[CG_LIMIT_CPU_WEIGHT] = { "cpu-weight", "N", CG_CPU, "cpu.weight", "cpu.shares",
				  "shares = 2 + (weight-1)*262142/9999", parse_weight, plan_cpu_weight, show_cpu_weight,
				  NULL, "share of CPU time against other groups, 1..10000 (default 100)" },
	[CG_LIMIT_CPUSET_CPUS] = { "cpuset-cpus", "LIST", CG_CPUSET, "cpuset.cpus", "cpuset.cpus", NULL, parse_list,
				   plan_verbatim, show_verbatim, hint_cpuset, "the CPUs it may run on: 0-3,6" },
	[CG_LIMIT_CPUSET_MEMS] = { "cpuset-mems", "LIST", CG_CPUSET, "cpuset.mems", "cpuset.mems", NULL, parse_list,
				   plan_verbatim, show_verbatim, hint_cpuset, "the memory (NUMA) nodes it may use: 0" },
	[CG_LIMIT_PIDS] = { "pids", "N", CG_PIDS, "pids.max", "pids.max", NULL, parse_pids, plan_verbatim,
			    show_verbatim, NULL, "the most processes and threads at once (max: none)" },
	[CG_LIMIT_IO_WEIGHT] = { "io-weight", "N", CG_IO, "io.weight", "blkio.weight",
				 "blkio.weight = 10 + (weight-1)*990/9999", parse_weight, plan_io_weight, show_io_weight,
				 hint_io_weight, "share of disk time against other groups, 1..10000 (default 100)" },
	[CG_LIMIT_IO_MAX] = { "io-max", "DEV:KEY=N,..", CG_IO, "io.max", "blkio.throttle.*_device", NULL, parse_io_max,
			      plan_io_max, show_io_max, hint_io_max,
			      "disk limits for DEV (MAJ:MIN or /dev/...): rbps, wbps (bytes/s), riops, wiops" },
};

const struct cg_limit *cg_limit_by_name(const char *name)
{
	for (int i = 0; i < CG_LIMIT_COUNT; i++)
		if (!strcmp(cg_limits[i].name, name))
			return &cg_limits[i];
	return NULL;
}
