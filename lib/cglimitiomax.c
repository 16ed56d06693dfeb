/* cglimitiomax — the io-max limit, whole: its value parsed (a device, by
 * number or path, and its keys), and written and read back one line per
 * device, a file per key on v1. */
#include "cglimit.h"
#include "cglimitrows.h"
#include "diag.h"
#include "opt.h"
#include "units.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

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

int parse_io_max(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	(void)l;
	return cg_parse_io_max(text, &v->io);
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

int plan_io_max(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
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

int show_io_max(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf,
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

const char *hint_io_max(int err, int version)
{
	(void)version;
	if (err == ENODEV || err == EINVAL)
		return "I/O limits apply to whole disks the block layer knows, not to partitions (lsblk -d lists them)";
	return NULL;
}
