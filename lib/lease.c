/* lease — see lease.h. */
#include "lease.h"
#include "diag.h"
#include "explain.h"
#include "fdio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* snprintf for paths: a path cut short would name another file. */
static int pathf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int pathf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, PATH_MAX, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= PATH_MAX)
		return diag_set(ENAMETOOLONG, "set CTRKIT_STATE to a shorter directory", "path %.40s...", buf);
	return 0;
}

int lease_owner_check(const char *owner)
{
	size_t len = strlen(owner);
	const char *hint = "an owner is 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit";

	if (len == 0 || len > LEASE_OWNER_MAX)
		return diag_set(0, hint, "bad owner '%s'", owner);
	for (size_t i = 0; i < len; i++) {
		char c = owner[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-')))
			return diag_set(0, hint, "bad owner '%s'", owner);
	}
	return 0;
}

/* mkdir -p, for the state directory: it lives on a tmpfs (/run) and is
 * gone after a reboot. */
static int make_dirs(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char end = *p;
			*p = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return diag_set(errno, errno == EACCES ? "the state directory needs root, or set CTRKIT_STATE" : NULL,
						"mkdir %s", buf);
			if (!end)
				return 0;
			*p = end;
		}
	}
}

static int write_file(const char *dir, const char *name, const char *text)
{
	char tmp[PATH_MAX], path[PATH_MAX], quoted[160];
	int fd;

	if (pathf(path, "%s/%s", dir, name) < 0)
		return -1;
	if (pathf(tmp, "%s/.%s.tmp", dir, name) < 0)
		return -1;
	explain("write %s %s", path, explain_quote(text, quoted, sizeof quoted));
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return diag_set(errno, NULL, "create %s", tmp);
	size_t len = strlen(text);
	if (fd_write_all(fd, text, len) < 0 || fsync(fd) < 0) {
		int err = errno;
		close(fd);
		unlink(tmp);
		return diag_set(err, NULL, "write %s", tmp);
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		int err = errno;
		unlink(tmp);
		return diag_set(err, NULL, "rename %s to %s", tmp, path);
	}
	return 0;
}

/* Read "address A/P" from a lease file. */
static int read_lease(const char *dir, const char *owner, struct ipnet *out)
{
	char path[PATH_MAX], line[128], text[64];
	FILE *f;
	int found = -1;

	if (pathf(path, "%s/%s", dir, owner) < 0)
		return -1;
	f = fopen(path, "re");
	if (!f)
		return diag_set(errno, NULL, "open %s", path);
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "address %63s", text) == 1 && ipnet_parse_cidr("lease address", text, out) == 0)
			found = 0;
	fclose(f);
	if (found < 0)
		return diag_set(0, "remove the file if nothing uses it", "lease file %s holds no address", path);
	return 0;
}

static int count_leases(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* The pool's subnet file: "10.88.0.0/16 10.88.0.1". */
static int pool_settings(struct lease_pool *pool, const char *network, const struct ipnet *subnet, uint32_t gateway)
{
	char path[PATH_MAX], leases[PATH_MAX], line[128], a[40], b[40], text[IPNET_STRLEN], gw[IPNET_STRLEN];
	struct ipnet old = { 0 };
	uint32_t old_gw = 0;
	bool have_old = false;
	FILE *f;

	if (pathf(path, "%s/subnet", pool->dir) < 0)
		return -1;
	if (pathf(leases, "%s/leases", pool->dir) < 0)
		return -1;
	if ((f = fopen(path, "re"))) {
		if (fgets(line, sizeof line, f) && sscanf(line, "%39s %39s", a, b) == 2 &&
		    ipnet_parse_subnet("subnet", a, &old) == 0 && ipnet_parse_addr("gateway", b, &old_gw) == 0)
			have_old = true;
		fclose(f);
	}
	if (subnet) {
		pool->subnet = *subnet;
	} else if (have_old) {
		pool->subnet = old;
	} else if (ipnet_parse_subnet("subnet", LEASE_DEFAULT_SUBNET, &pool->subnet) < 0) {
		return -1;
	}
	pool->gateway = gateway ? gateway : have_old && !subnet ? old_gw : ipnet_network(&pool->subnet) + 1;
	if (pool->subnet.prefix < 8 || pool->subnet.prefix > 30)
		return diag_set(0, "choose a subnet from /8 to /30, e.g. 10.88.0.0/16", "subnet %s",
				ipnet_str(&pool->subnet, text, sizeof text));
	if (!ipnet_contains(&pool->subnet, pool->gateway) || pool->gateway == ipnet_network(&pool->subnet) ||
	    pool->gateway == ipnet_broadcast(&pool->subnet))
		return diag_set(0, "the gateway is a host address inside the subnet", "gateway %s is not a host of %s",
				ipnet_addr_str(pool->gateway, gw, sizeof gw), ipnet_str(&pool->subnet, text, sizeof text));
	if (have_old && (old.addr != pool->subnet.addr || old.prefix != pool->subnet.prefix || old_gw != pool->gateway)) {
		if (count_leases(leases) > 0) {
			char was[IPNET_STRLEN], was_gw[IPNET_STRLEN];
			return diag_set(0, NULL, "network %s uses subnet %s with gateway %s and has leases: release them "
					"(net-lease list --bridge %s) or use another --bridge", network,
					ipnet_str(&old, was, sizeof was), ipnet_addr_str(old_gw, was_gw, sizeof was_gw), network);
		}
	}
	if (!have_old || old.addr != pool->subnet.addr || old.prefix != pool->subnet.prefix || old_gw != pool->gateway) {
		snprintf(line, sizeof line, "%s %s\n", ipnet_str(&pool->subnet, text, sizeof text),
			 ipnet_addr_str(pool->gateway, gw, sizeof gw));
		return write_file(pool->dir, "subnet", line);
	}
	return 0;
}

int lease_pool_open(struct lease_pool *pool, const char *network, const struct ipnet *subnet, uint32_t gateway)
{
	const char *root = getenv("CTRKIT_STATE");
	char path[PATH_MAX];

	if (!root || !*root)
		root = "/run/ctrkit";
	if (!*network || strchr(network, '/') || !strcmp(network, ".") || !strcmp(network, ".."))
		return diag_set(0, NULL, "bad network name '%s'", network);
	pool->lock_fd = -1;
	if (pathf(pool->dir, "%s/net/%s", root, network) < 0)
		return -1;
	if (pathf(path, "%s/leases", pool->dir) < 0)
		return -1;
	if (make_dirs(path) < 0)
		return -1;
	if (pathf(path, "%s/lock", pool->dir) < 0)
		return -1;
	pool->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (pool->lock_fd < 0)
		return diag_set(errno, NULL, "open %s", path);
	/* The lock goes with the open file: it is released when the process
	 * exits, however it exits, so a killed tool never leaves it held. */
	explain("flock(%s, LOCK_EX)", path);
	while (flock(pool->lock_fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int err = errno;
			lease_pool_close(pool);
			return diag_set(err, NULL, "flock %s", path);
		}
	}
	if (pool_settings(pool, network, subnet, gateway) < 0) {
		lease_pool_close(pool);
		return -1;
	}
	return 0;
}

void lease_pool_close(struct lease_pool *pool)
{
	if (pool->lock_fd >= 0)
		close(pool->lock_fd);
	pool->lock_fd = -1;
}

struct held {
	char owner[LEASE_OWNER_MAX + 1];
	struct ipnet addr;
};

static int by_address(const void *a, const void *b)
{
	uint32_t x = ((const struct held *)a)->addr.addr, y = ((const struct held *)b)->addr.addr;
	return x < y ? -1 : x > y;
}

/* Every lease of the pool, sorted by address. */
static int read_all(struct lease_pool *pool, struct held **out, size_t *count)
{
	char dir[PATH_MAX];
	struct held *all = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	if (pathf(dir, "%s/leases", pool->dir) < 0)
		return -1;
	if (!(d = opendir(dir)))
		return diag_set(errno, NULL, "open %s", dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || lease_owner_check(e->d_name) < 0)
			continue; /* our temporary files, or not ours */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct held *more = realloc(all, cap * sizeof *all);
			if (!more) {
				closedir(d);
				free(all);
				return diag_set(ENOMEM, NULL, "read the leases in %s", dir);
			}
			all = more;
		}
		if (read_lease(dir, e->d_name, &all[n].addr) < 0) {
			closedir(d);
			free(all);
			return -1;
		}
		memcpy(all[n].owner, e->d_name, strlen(e->d_name) + 1); /* checked: at most 64 */
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(all, n, sizeof *all, by_address);
	*out = all;
	*count = n;
	return 0;
}

int lease_take(struct lease_pool *pool, const char *owner, struct ipnet *out)
{
	char dir[PATH_MAX], line[64], text[IPNET_STRLEN];
	struct held *all;
	size_t n;

	if (lease_owner_check(owner) < 0 || read_all(pool, &all, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(all[i].owner, owner)) {
			*out = all[i].addr;
			free(all);
			return 0;
		}
	}
	/* The lowest free host address: walk up past the taken ones. */
	uint32_t candidate = ipnet_network(&pool->subnet) + 1, last = ipnet_broadcast(&pool->subnet) - 1;
	for (size_t i = 0; candidate <= last; candidate++) {
		while (i < n && all[i].addr.addr < candidate)
			i++;
		if (candidate != pool->gateway && !(i < n && all[i].addr.addr == candidate))
			break;
	}
	free(all);
	if (candidate > last)
		return diag_set(0, "release leases (net-lease list shows them) or use a larger subnet",
				"no free address left in %s", ipnet_str(&pool->subnet, text, sizeof text));
	*out = (struct ipnet){ candidate, pool->subnet.prefix };
	if (pathf(dir, "%s/leases", pool->dir) < 0)
		return -1;
	snprintf(line, sizeof line, "address %s\n", ipnet_str(out, text, sizeof text));
	return write_file(dir, owner, line);
}

int lease_release(struct lease_pool *pool, const char *owner, bool missing_ok)
{
	char path[PATH_MAX];

	if (lease_owner_check(owner) < 0)
		return -1;
	if (pathf(path, "%s/leases/%s", pool->dir, owner) < 0)
		return -1;
	explain("unlink %s", path);
	if (unlink(path) < 0) {
		if (errno == ENOENT && missing_ok)
			return 0;
		return diag_set(errno, errno == ENOENT ? "net-lease list shows who holds which address" : NULL,
				"release the lease of %s", owner);
	}
	return 0;
}

int lease_list(struct lease_pool *pool, int (*each)(const char *, const struct ipnet *, void *), void *data)
{
	struct held *all;
	size_t n;
	int rc = 0;

	if (read_all(pool, &all, &n) < 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = each(all[i].owner, &all[i].addr, data);
	free(all);
	return rc;
}
