/* cglimitrows — each limit's kernel files, but io-max's: what a value
 * writes on v2 and on v1 (plan), the value read back in the user's units
 * (show), and a hint for the kernel's refusals. */
#include "cglimit.h"
#include "cglimitrows.h"
#include "diag.h"
#include "units.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* v1 says "no limit" with the largest page count it has, in bytes
 * (9223372036854771712 with 4 KiB pages), not with "max". */
static bool v1_unlimited(uint64_t bytes)
{
	return bytes >= (1ULL << 62);
}

/* --- reading the kernel's files back --- */

int read_file(const struct cg_hierarchy *h, const char *dir, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	if (cg_file(h, dir, file, path, sizeof path) < 0)
		return -1;
	return cg_read(path, buf, len) < 0 ? -1 : 0;
}

static int read_number(const struct cg_hierarchy *h, const char *dir, const char *file, const char *key,
		       uint64_t *v)
{
	char path[PATH_MAX];
	if (cg_file(h, dir, file, path, sizeof path) < 0)
		return -1;
	if (cg_read_u64(path, key, v) < 0)
		return -1;
	if (h->version == 1 && !key && v1_unlimited(*v))
		*v = UINT64_MAX;
	return 0;
}

static const char *file_of(const struct cg_limit *l, const struct cg_hierarchy *h)
{
	return h->version == 2 ? l->v2_file : l->v1_file;
}

/* --- memory --- */

int plan_memory(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		       const struct cg_hierarchy *h, const char *dir)
{
	char value[32];
	if (v->n == UINT64_MAX)
		snprintf(value, sizeof value, h->version == 2 ? "max" : "-1");
	else
		snprintf(value, sizeof value, "%ju", (uintmax_t)v->n);
	return cg_plan_write(p, l, h, dir, file_of(l, h), value, NULL, -1);
}

int show_size(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len)
{
	uint64_t n;
	if (read_number(h, dir, file_of(l, h), NULL, &n) < 0)
		return -1;
	units_format_size(n, buf, len);
	return 0;
}

const char *hint_memory(int err, int version)
{
	if (err == EBUSY && version == 1)
		return "the group uses more memory than that, and the kernel could not reclaim enough";
	if (err == EINVAL && version == 1)
		return "v1 keeps memory.limit_in_bytes at most memory.memsw.limit_in_bytes: give --memory-swap too";
	return NULL;
}

/* --- memory-swap: the user's total, v1's total, v2's swap alone --- */

int plan_memory_swap(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
			    const struct cg_hierarchy *h, const char *dir)
{
	const struct cg_limit_value *mem_set = cg_plan_value(p, CG_LIMIT_MEMORY);
	const struct cg_limit *mem = &cg_limits[CG_LIMIT_MEMORY];
	uint64_t memory, current_total;
	char value[32];

	if (mem_set)
		memory = mem_set->n;
	else if (read_number(h, dir, file_of(mem, h), NULL, &memory) < 0)
		return -1;
	if (v->n != UINT64_MAX && memory == UINT64_MAX)
		return diag_set(0, "--memory-swap is memory and swap together: give --memory too",
				"--memory-swap needs a memory limit");
	if (v->n != UINT64_MAX && v->n < memory)
		return diag_set(0, "it is memory and swap together, so at least --memory (equal: no swap)",
				"--memory-swap is less than the memory limit");
	if (v->n == UINT64_MAX)
		snprintf(value, sizeof value, h->version == 2 ? "max" : "-1");
	else
		snprintf(value, sizeof value, "%ju", (uintmax_t)(h->version == 2 ? v->n - memory : v->n));
	if (h->version == 2)
		return cg_plan_write(p, l, h, dir, l->v2_file, value, NULL, -1);

	/* v1 keeps memory <= memory+swap at every moment: when memory rises
	 * past the old total, the new total must be written first. */
	int at = -1;
	if (mem_set && read_number(h, dir, l->v1_file, NULL, &current_total) == 0 && memory > current_total)
		for (int i = 0; i < p->nsteps && at < 0; i++)
			if (p->step[i].limit == mem)
				at = i;
	return cg_plan_write(p, l, h, dir, l->v1_file, value, NULL, at);
}

int show_memory_swap(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
			    size_t len)
{
	uint64_t swap, memory;
	if (h->version == 1)
		return show_size(l, h, dir, buf, len);
	if (read_number(h, dir, l->v2_file, NULL, &swap) < 0 || read_number(h, dir, "memory.max", NULL, &memory) < 0)
		return -1;
	units_format_size(swap == UINT64_MAX || memory == UINT64_MAX ? UINT64_MAX : swap + memory, buf, len);
	return 0;
}

const char *hint_memory_swap(int err, int version)
{
	if (err == ENOENT)
		return "this kernel does not account swap per cgroup (boot with swapaccount=1, "
		       "cgroup-v1/memory.rst)";
	if (err == EINVAL && version == 1)
		return "memory+swap must be at least the memory limit";
	return NULL;
}

/* --- cpus --- */

int plan_cpus(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		     const struct cg_hierarchy *h, const char *dir)
{
	char value[64];

	if (h->version == 2) {
		if (v->n == UINT64_MAX)
			snprintf(value, sizeof value, "max %d", CG_CPU_PERIOD_US);
		else
			snprintf(value, sizeof value, "%ju %d", (uintmax_t)v->n, CG_CPU_PERIOD_US);
		return cg_plan_write(p, l, h, dir, l->v2_file, value, NULL, -1);
	}
	snprintf(value, sizeof value, "%d", CG_CPU_PERIOD_US);
	if (cg_plan_write(p, l, h, dir, "cpu.cfs_period_us", value, NULL, -1) < 0)
		return -1;
	if (v->n == UINT64_MAX)
		snprintf(value, sizeof value, "-1");
	else
		snprintf(value, sizeof value, "%ju", (uintmax_t)v->n);
	return cg_plan_write(p, l, h, dir, l->v1_file, value, NULL, -1);
}

int show_cpus(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len)
{
	char text[128];
	uintmax_t period = 0;
	long long quota;

	if (h->version == 2) {
		if (read_file(h, dir, l->v2_file, text, sizeof text) < 0)
			return -1;
		if (!strncmp(text, "max ", 4)) {
			snprintf(buf, len, "max");
			return 0;
		}
		if (sscanf(text, "%lld %ju", &quota, &period) != 2 || quota < 0)
			return diag_set(EINVAL, NULL, "read %s/%s (it says '%s')", dir, l->v2_file, text);
	} else {
		uint64_t p;
		if (read_file(h, dir, l->v1_file, text, sizeof text) < 0 ||
		    read_number(h, dir, "cpu.cfs_period_us", NULL, &p) < 0)
			return -1;
		quota = atoll(text);
		period = p;
		if (quota < 0) {
			snprintf(buf, len, "max");
			return 0;
		}
	}
	units_format_cpus((uint64_t)quota, period, buf, len);
	return 0;
}

const char *hint_cpus(int err, int version)
{
	if (err == EINVAL)
		return version == 1 ? "a quota is at least 1 ms, and on v1 at most the parent group's"
				    : "a quota is at least 1 ms per period";
	return NULL;
}

/* --- weights --- */

int plan_cpu_weight(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
			   const struct cg_hierarchy *h, const char *dir)
{
	char value[32];
	snprintf(value, sizeof value, "%ju", (uintmax_t)(h->version == 2 ? v->n : cg_weight_to_shares(v->n)));
	return cg_plan_write(p, l, h, dir, file_of(l, h), value, NULL, -1);
}

int show_cpu_weight(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
			   size_t len)
{
	uint64_t n;
	if (read_number(h, dir, file_of(l, h), NULL, &n) < 0)
		return -1;
	snprintf(buf, len, "%ju", (uintmax_t)(h->version == 2 ? n : cg_shares_to_weight(n)));
	return 0;
}

int plan_io_weight(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
			  const struct cg_hierarchy *h, const char *dir)
{
	char value[32];
	/* v2's io.weight: "default N" sets the weight of every device
	 * without its own (cgroup-v2.rst, "IO Interface Files"). */
	if (h->version == 2)
		snprintf(value, sizeof value, "default %ju", (uintmax_t)v->n);
	else
		snprintf(value, sizeof value, "%ju", (uintmax_t)cg_weight_to_blkio(v->n));
	return cg_plan_write(p, l, h, dir, file_of(l, h), value, NULL, -1);
}

int show_io_weight(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
			  size_t len)
{
	uint64_t n;
	if (read_number(h, dir, file_of(l, h), h->version == 2 ? "default" : NULL, &n) < 0)
		return -1;
	snprintf(buf, len, "%ju", (uintmax_t)(h->version == 2 ? n : cg_blkio_to_weight(n)));
	return 0;
}

const char *hint_io_weight(int err, int version)
{
	if (err == ENOENT && version == 1)
		return "v1's blkio.weight came with the CFQ I/O scheduler, which Linux 5.0 removed";
	if (err == ENOENT)
		return "this kernel has no io.weight (it comes with the iocost controller, CONFIG_BLK_CGROUP_IOCOST)";
	return NULL;
}

/* --- files written as they are: cpuset lists, pids --- */

int plan_verbatim(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
			 const struct cg_hierarchy *h, const char *dir)
{
	char value[32];
	if (l->parse == parse_list)
		return cg_plan_write(p, l, h, dir, file_of(l, h), v->list, NULL, -1);
	if (v->n == UINT64_MAX)
		snprintf(value, sizeof value, "max");
	else
		snprintf(value, sizeof value, "%ju", (uintmax_t)v->n);
	return cg_plan_write(p, l, h, dir, file_of(l, h), value, NULL, -1);
}

int show_verbatim(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
			 size_t len)
{
	if (read_file(h, dir, file_of(l, h), buf, len) < 0)
		return -1;
	/* An empty v2 cpuset takes all of its parent's. */
	if (!*buf)
		snprintf(buf, len, "all");
	return 0;
}

const char *hint_cpuset(int err, int version)
{
	(void)version;
	if (err == EINVAL)
		return "the list must be a subset of the parent's (its cpuset.cpus / cpuset.mems), of CPUs or nodes "
		       "that are online";
	if (err == ENOSPC || err == EBUSY)
		return "a group with processes cannot be left without CPUs or memory nodes";
	return NULL;
}
