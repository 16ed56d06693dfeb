/* cglimit — the limits table and its converters. See cglimit.h; the plan
 * that applies them is in cgplan.c. */
#include "cglimit.h"
#include "diag.h"
#include "opt.h"
#include "units.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

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

/* v1 says "no limit" with the largest page count it has, in bytes
 * (9223372036854771712 with 4 KiB pages), not with "max". */
static bool v1_unlimited(uint64_t bytes)
{
	return bytes >= (1ULL << 62);
}

/* --- parsers --- */

static int parse_size(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	char what[32];
	snprintf(what, sizeof what, "--%s", l->name);
	if (units_parse_size(what, text, true, &v->n) < 0)
		return -1;
	if (v->n == 0)
		return diag_set(0, "a group with no memory could run nothing; use max for no limit", "bad %s '%s'",
				what, text);
	return 0;
}

static int parse_cpus(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	(void)l;
	if (!strcmp(text, "max")) {
		v->n = UINT64_MAX;
		return 0;
	}
	if (units_parse_cpus("--cpus", text, CG_CPU_PERIOD_US, &v->n) < 0)
		return -1;
	/* The kernel's bounds for a quota: 1 ms, and about 2^44 µs
	 * (kernel/sched/core.c, tg_set_cfs_bandwidth). */
	if (v->n < 1000)
		return diag_set(0, "the smallest quota is 1 ms per 100 ms period: 0.01 CPUs", "--cpus '%s' is too small",
				text);
	if (v->n >= (1ULL << 44))
		return diag_set(0, NULL, "--cpus '%s' is too large", text);
	return 0;
}

static int parse_weight(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	char what[32];
	unsigned long long n;
	snprintf(what, sizeof what, "--%s", l->name);
	if (opt_uint(what, text, 10000, &n) < 0)
		return -1;
	if (n < 1)
		return diag_set(0, "a weight is 1 to 10000, 100 being the default", "bad %s '%s'", what, text);
	v->n = n;
	return 0;
}

static int parse_pids(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	unsigned long long n;
	(void)l;
	if (!strcmp(text, "max")) {
		v->n = UINT64_MAX;
		return 0;
	}
	/* PID_MAX_LIMIT: no more processes can exist. */
	if (opt_uint("--pids", text, 4194304, &n) < 0) {
		diag_hint("give a number of processes, or max for no limit");
		return -1;
	}
	v->n = n;
	return 0;
}

int cg_parse_cpuset_list(const char *what, const char *s, char *out, size_t len)
{
	const char *p = s;
	size_t o = 0;

	if (!*s)
		return diag_set(0, "give CPUs or nodes like 0-3,6", "empty %s", what);
	while (*p) {
		unsigned long long a, b;
		char *end;
		if (*p < '0' || *p > '9')
			break;
		a = b = strtoull(p, &end, 10);
		p = end;
		if (*p == '-') {
			if (p[1] < '0' || p[1] > '9')
				break;
			b = strtoull(p + 1, &end, 10);
			p = end;
		}
		/* The kernel's own limit for CPU numbers (NR_CPUS) is 8192. */
		if (a > b || b >= 8192)
			return diag_set(0, "ranges go up, from 0 to 8191", "bad %s '%s'", what, s);
		o += (size_t)snprintf(out + o, o < len ? len - o : 0, o ? ",%llu" : "%llu", a);
		if (b != a)
			o += (size_t)snprintf(out + o, o < len ? len - o : 0, "-%llu", b);
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			break;
	}
	if (*p)
		return diag_set(0, "give CPUs or nodes like 0-3,6", "bad %s '%s'", what, s);
	if (o >= len)
		return diag_set(0, NULL, "%s '%s' is too long", what, s);
	return 0;
}

static int parse_list(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	char what[32];
	snprintf(what, sizeof what, "--%s", l->name);
	return cg_parse_cpuset_list(what, text, v->list, sizeof v->list);
}

static const char *const io_keys[CG_IO_KEYS] = { "rbps", "wbps", "riops", "wiops" };

int cg_parse_io_max(const char *s, struct cg_io_max *io)
{
	static const char hint[] = "give DEVICE:KEY=VALUE,..., where DEVICE is MAJ:MIN or a block device path and "
				   "KEY is rbps, wbps (bytes/s, 1M allowed), riops or wiops; max for no limit";
	const char *colon = strrchr(s, ':');
	char dev[256], keys[256], *save = NULL;
	struct stat st;

	*io = (struct cg_io_max){ 0 };
	if (!colon || colon == s || (size_t)(colon - s) >= sizeof dev || strlen(colon + 1) >= sizeof keys)
		return diag_set(0, hint, "bad --io-max '%s'", s);
	snprintf(dev, sizeof dev, "%.*s", (int)(colon - s), s);
	snprintf(keys, sizeof keys, "%s", colon + 1);

	if (dev[0] == '/') {
		if (stat(dev, &st) < 0)
			return diag_set(errno, NULL, "--io-max: stat %s", dev);
		if (!S_ISBLK(st.st_mode))
			return diag_set(0, "give a block device (lsblk -d lists the disks)", "--io-max: %s is not a block device",
					dev);
		io->major = major(st.st_rdev);
		io->minor = minor(st.st_rdev);
	} else {
		unsigned long long maj, min;
		char *c = strchr(dev, ':');
		if (!c)
			return diag_set(0, hint, "bad --io-max '%s'", s);
		*c = '\0';
		if (opt_uint("device major", dev, 4095, &maj) < 0 || opt_uint("device minor", c + 1, 1048575, &min) < 0)
			return -1;
		io->major = (unsigned)maj;
		io->minor = (unsigned)min;
	}
	for (char *kv = strtok_r(keys, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		int k;
		if (!eq)
			return diag_set(0, hint, "bad --io-max '%s': '%s' has no value", s, kv);
		*eq = '\0';
		for (k = 0; k < CG_IO_KEYS && strcmp(kv, io_keys[k]); k++)
			;
		if (k == CG_IO_KEYS)
			return diag_set(0, hint, "bad --io-max '%s': unknown key '%s'", s, kv);
		uint64_t n;
		unsigned long long count;
		if (!strcmp(eq + 1, "max"))
			n = UINT64_MAX;
		else if (k <= CG_IO_WBPS ? units_parse_size(kv, eq + 1, false, &n) < 0
					 : opt_uint(kv, eq + 1, UINT64_MAX - 1, &count) < 0)
			return -1;
		else if (k > CG_IO_WBPS)
			n = count;
		if (n == 0)
			return diag_set(0, "use max for no limit", "bad --io-max '%s': %s=0 would stop all I/O", s, kv);
		io->value[k] = n;
		io->set |= 1u << k;
	}
	if (!io->set)
		return diag_set(0, hint, "bad --io-max '%s': no limit given", s);
	return 0;
}

static int parse_io_max(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	(void)l;
	return cg_parse_io_max(text, &v->io);
}

/* --- reading the kernel's files back --- */

static int read_file(const struct cg_hierarchy *h, const char *dir, const char *file, char *buf, size_t len)
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

static int plan_memory(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		       const struct cg_hierarchy *h, const char *dir)
{
	char value[32];
	if (v->n == UINT64_MAX)
		snprintf(value, sizeof value, h->version == 2 ? "max" : "-1");
	else
		snprintf(value, sizeof value, "%ju", (uintmax_t)v->n);
	return cg_plan_write(p, l, h, dir, file_of(l, h), value, NULL, -1);
}

static int show_size(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len)
{
	uint64_t n;
	if (read_number(h, dir, file_of(l, h), NULL, &n) < 0)
		return -1;
	units_format_size(n, buf, len);
	return 0;
}

static const char *hint_memory(int err, int version)
{
	if (err == EBUSY && version == 1)
		return "the group uses more memory than that, and the kernel could not reclaim enough";
	if (err == EINVAL && version == 1)
		return "v1 keeps memory.limit_in_bytes at most memory.memsw.limit_in_bytes: give --memory-swap too";
	return NULL;
}

/* --- memory-swap: the user's total, v1's total, v2's swap alone --- */

static int plan_memory_swap(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
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

static int show_memory_swap(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
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

static const char *hint_memory_swap(int err, int version)
{
	if (err == ENOENT)
		return "this kernel does not account swap per cgroup (boot with swapaccount=1, "
		       "cgroup-v1/memory.rst)";
	if (err == EINVAL && version == 1)
		return "memory+swap must be at least the memory limit";
	return NULL;
}

/* --- cpus --- */

static int plan_cpus(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
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

static int show_cpus(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len)
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

static const char *hint_cpus(int err, int version)
{
	if (err == EINVAL)
		return version == 1 ? "a quota is at least 1 ms, and on v1 at most the parent group's"
				    : "a quota is at least 1 ms per period";
	return NULL;
}

/* --- weights --- */

static int plan_cpu_weight(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
			   const struct cg_hierarchy *h, const char *dir)
{
	char value[32];
	snprintf(value, sizeof value, "%ju", (uintmax_t)(h->version == 2 ? v->n : cg_weight_to_shares(v->n)));
	return cg_plan_write(p, l, h, dir, file_of(l, h), value, NULL, -1);
}

static int show_cpu_weight(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
			   size_t len)
{
	uint64_t n;
	if (read_number(h, dir, file_of(l, h), NULL, &n) < 0)
		return -1;
	snprintf(buf, len, "%ju", (uintmax_t)(h->version == 2 ? n : cg_shares_to_weight(n)));
	return 0;
}

static int plan_io_weight(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
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

static int show_io_weight(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
			  size_t len)
{
	uint64_t n;
	if (read_number(h, dir, file_of(l, h), h->version == 2 ? "default" : NULL, &n) < 0)
		return -1;
	snprintf(buf, len, "%ju", (uintmax_t)(h->version == 2 ? n : cg_blkio_to_weight(n)));
	return 0;
}

static const char *hint_io_weight(int err, int version)
{
	if (err == ENOENT && version == 1)
		return "v1's blkio.weight came with the CFQ I/O scheduler, which Linux 5.0 removed";
	if (err == ENOENT)
		return "this kernel has no io.weight (it comes with the iocost controller, CONFIG_BLK_CGROUP_IOCOST)";
	return NULL;
}

/* --- files written as they are: cpuset lists, pids --- */

static int plan_verbatim(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
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

static int show_verbatim(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
			 size_t len)
{
	if (read_file(h, dir, file_of(l, h), buf, len) < 0)
		return -1;
	/* An empty v2 cpuset takes all of its parent's. */
	if (!*buf)
		snprintf(buf, len, "all");
	return 0;
}

static const char *hint_cpuset(int err, int version)
{
	(void)version;
	if (err == EINVAL)
		return "the list must be a subset of the parent's (its cpuset.cpus / cpuset.mems), of CPUs or nodes "
		       "that are online";
	if (err == ENOSPC || err == EBUSY)
		return "a group with processes cannot be left without CPUs or memory nodes";
	return NULL;
}

/* --- io-max: one line per device, a file per key on v1 --- */

static const char *const v1_io_files[CG_IO_KEYS] = {
	"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
	"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
};

/* The line of FILE for device MAJ:MIN, or "" when it has none. */
static int device_line(const struct cg_hierarchy *h, const char *dir, const char *file, unsigned maj, unsigned min,
		       char *line, size_t len)
{
	char text[8192], dev[32];
	int n = snprintf(dev, sizeof dev, "%u:%u ", maj, min);

	*line = '\0';
	if (read_file(h, dir, file, text, sizeof text) < 0)
		return -1;
	for (char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n')
		if (!strncmp(p, dev, (size_t)n))
			snprintf(line, len, "%.*s", (int)strcspn(p, "\n"), p);
	return 0;
}

static int plan_io_max(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		       const struct cg_hierarchy *h, const char *dir)
{
	const struct cg_io_max *io = &v->io;
	char value[256], old[256], line[256];
	int o;

	if (h->version == 2) {
		o = snprintf(value, sizeof value, "%u:%u", io->major, io->minor);
		for (int k = 0; k < CG_IO_KEYS; k++) {
			if (!(io->set & (1u << k)))
				continue;
			if (io->value[k] == UINT64_MAX)
				o += snprintf(value + o, sizeof value - (size_t)o, " %s=max", io_keys[k]);
			else
				o += snprintf(value + o, sizeof value - (size_t)o, " %s=%ju", io_keys[k], (uintmax_t)io->value[k]);
		}
		if (device_line(h, dir, l->v2_file, io->major, io->minor, line, sizeof line) < 0)
			return -1;
		if (!*line)
			snprintf(line, sizeof line, "%u:%u rbps=max wbps=max riops=max wiops=max", io->major, io->minor);
		return cg_plan_write(p, l, h, dir, l->v2_file, value, line, -1);
	}
	for (int k = 0; k < CG_IO_KEYS; k++) {
		if (!(io->set & (1u << k)))
			continue;
		/* v1 has no "max": 0 removes the device's limit. */
		snprintf(value, sizeof value, "%u:%u %ju", io->major, io->minor,
			 (uintmax_t)(io->value[k] == UINT64_MAX ? 0 : io->value[k]));
		if (device_line(h, dir, v1_io_files[k], io->major, io->minor, line, sizeof line) < 0)
			return -1;
		snprintf(old, sizeof old, "%s", *line ? line : value);
		if (!*line)
			snprintf(old, sizeof old, "%u:%u 0", io->major, io->minor);
		if (cg_plan_write(p, l, h, dir, v1_io_files[k], value, old, -1) < 0)
			return -1;
	}
	return 0;
}

/* Append "MAJ:MIN:key=value" for a limit on a device to BUF, or
 * ",key=value" when the last entry is that device's already. */
static void show_io_key(char *buf, size_t len, const char *dev, int key, uint64_t value)
{
	char num[32];
	const char *last = strrchr(buf, ' ');
	size_t o = strlen(buf), dlen = strlen(dev);

	last = last ? last + 1 : buf;
	if (key <= CG_IO_WBPS)
		units_format_size(value, num, sizeof num);
	else
		snprintf(num, sizeof num, "%ju", (uintmax_t)value);
	if (o && !strncmp(last, dev, dlen) && last[dlen] == ':' && strchr(last + dlen + 1, ':') == NULL)
		snprintf(buf + o, len - o, ",%s=%s", io_keys[key], num);
	else
		snprintf(buf + o, len - o, "%s%s:%s=%s", o ? " " : "", dev, io_keys[key], num);
}

static int show_io_max(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
		       size_t len)
{
	char text[8192], dev[32];
	unsigned maj, min;
	uintmax_t n;

	*buf = '\0';
	if (h->version == 2) {
		if (read_file(h, dir, l->v2_file, text, sizeof text) < 0)
			return -1;
		for (char *line = text; *line; line += strcspn(line, "\n"), line += *line == '\n') {
			if (sscanf(line, "%u:%u", &maj, &min) != 2)
				continue;
			snprintf(dev, sizeof dev, "%u:%u", maj, min);
			for (int k = 0; k < CG_IO_KEYS; k++) {
				char key[16];
				const char *at;
				snprintf(key, sizeof key, " %s=", io_keys[k]);
				at = strstr(line, key);
				if (at && at < line + strcspn(line, "\n") && sscanf(at + strlen(key), "%ju", &n) == 1)
					show_io_key(buf, len, dev, k, n);
			}
		}
	} else {
		for (int k = 0; k < CG_IO_KEYS; k++) {
			if (read_file(h, dir, v1_io_files[k], text, sizeof text) < 0)
				return -1;
			for (char *line = text; *line; line += strcspn(line, "\n"), line += *line == '\n')
				if (sscanf(line, "%u:%u %ju", &maj, &min, &n) == 3 && n) {
					snprintf(dev, sizeof dev, "%u:%u", maj, min);
					show_io_key(buf, len, dev, k, n);
				}
		}
	}
	if (!*buf)
		snprintf(buf, len, "max");
	return 0;
}

static const char *hint_io_max(int err, int version)
{
	(void)version;
	if (err == ENODEV || err == EINVAL)
		return "I/O limits apply to whole disks the block layer knows, not to partitions (lsblk -d lists them)";
	return NULL;
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
