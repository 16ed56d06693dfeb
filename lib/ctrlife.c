/* ctrlife — see ctrlife.h. */
#include "ctrlife.h"
#include "cggroup.h"
#include "cgroup.h"
#include "diag.h"
#include "explain.h"
#include "lease.h"
#include "mount.h"
#include "mountinfo.h"
#include "nat.h"
#include "nl.h"
#include "rmtree.h"
#include "rtnl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int ctr_signal(const struct ctr_state *st, int sig, bool *gone)
{
	*gone = false;
	if (st->pid <= 0 || !ctr_process_alive(st->pid, st->pid_start)) {
		*gone = true;
		return 0;
	}
	explain("kill(%d, SIG%s)  (PID 1 of container %s)", (int)st->pid, sigabbrev_np(sig) ?: "?", ctr_label(st));
	if (kill(st->pid, sig) < 0) {
		if (errno == ESRCH) {
			*gone = true;
			return 0;
		}
		return diag_set(errno, NULL, "kill(%d, SIG%s) for container %s", (int)st->pid, sigabbrev_np(sig) ?: "?",
				ctr_label(st));
	}
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ctr_wait_exited(struct ctr_state *st, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct timespec pause = { 0, 20 * 1000000 };

	for (;;) {
		if (ctr_refresh(st) < 0)
			return -1;
		if (st->status == CTR_EXITED)
			return 0;
		if (timeout_ms >= 0 && now_ms() >= deadline)
			return 1;
		nanosleep(&pause, NULL);
	}
}

int ctr_claim_start(struct ctr_state *st, const char *pid_file, const char *log)
{
	if (ctr_lock(st) < 0 || ctr_refresh(st) < 0)
		return -1;
	if (ctr_check_transition(st, CTR_RUNNING, "start") < 0)
		return -1;
	if (ctr_process_alive(st->monitor_pid, st->monitor_start))
		return diag_set(EBUSY, NULL, "cannot start container %s: ctr-monitor %d is starting it", ctr_label(st),
				(int)st->monitor_pid);
	unlink(pid_file); /* a stale one would read as started */
	st->monitor_pid = getpid();
	st->monitor_start = ctr_process_start(getpid());
	free(st->pid_file);
	st->pid_file = strdup(pid_file);
	free(st->log_path);
	st->log_path = log ? strdup(log) : NULL;
	if (ctr_save(st) < 0)
		return -1;
	ctr_unlock(st);
	return 0;
}

int ctr_freeze(const struct ctr_state *st, bool freeze)
{
	struct cg_system s;

	if (cg_system_load(&s, NULL) < 0)
		return -1;
	int rc = cg_freeze(&s, st->cgroup, freeze, 10000);
	cg_system_free(&s);
	return rc;
}

int ctr_pause(struct ctr_state *st, bool pause)
{
	if (pause ? ctr_check_transition(st, CTR_PAUSED, "pause") < 0
		  : ctr_require_status(st, CTR_BIT(CTR_PAUSED), "unpause") < 0)
		return -1;
	if (ctr_freeze(st, pause) < 0)
		return -1;
	st->status = pause ? CTR_PAUSED : CTR_RUNNING;
	if (ctr_save(st) < 0) {
		ctr_freeze(st, !pause); /* not recorded: not changed either */
		return -1;
	}
	return 0;
}

/* --- cleanup --- */

static int longest_first(const void *a, const void *b)
{
	return (int)strlen(*(char *const *)b) - (int)strlen(*(char *const *)a);
}

/* Unmount every mount at or below PATH, the deepest first. MNT_DETACH, as
 * `umount -l`: a mount some process still uses goes from the tree now and
 * is freed when that process lets go. */
static int umount_below(const char *path)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, **points = NULL;
	size_t cap = 0, len = strlen(path);
	int n = 0, rc = 0;

	if (!f)
		return diag_set(errno, NULL, "read /proc/self/mountinfo");
	while (len > 1 && path[len - 1] == '/')
		len--;
	while (getline(&line, &cap, f) > 0) {
		char point[PATH_MAX];
		if (sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1)
			continue;
		mountinfo_unescape(point);
		if (strncmp(point, path, len) || (point[len] != '\0' && point[len] != '/'))
			continue;
		char **grown = realloc(points, sizeof *points * (size_t)(n + 1));
		if (!grown || !(grown[n] = strdup(point))) {
			points = grown ? grown : points;
			rc = diag_set(ENOMEM, NULL, "unmount %s", path);
			break;
		}
		points = grown;
		n++;
	}
	free(line);
	fclose(f);
	if (n)
		qsort(points, (size_t)n, sizeof *points, longest_first);
	for (int i = 0; i < n; i++) {
		/* A mount on a mount: repeat until this point holds none. */
		if (rc == 0 && mount_umount(points[i], MNT_DETACH, "cleanup") < 0 && diag_errno() != EINVAL &&
		    diag_errno() != ENOENT)
			rc = -1;
		free(points[i]);
	}
	free(points);
	return rc;
}

/* rm -r --one-file-system PATH; a missing PATH is done already. */
static int remove_tree(const char *path, const char *why)
{
	struct stat sb;

	if (lstat(path, &sb) < 0)
		return errno == ENOENT ? 0 : diag_set(errno, NULL, "remove %s", path);
	explain("remove %s  (%s; as rm -r --one-file-system)", path, why);
	return rmtree_at(AT_FDCWD, path);
}

/* --- the network: what ctr-net up made --- */

/* net-port's lock on ctrkit's nftables table, so the rules are not
 * changed under a net-port that is adding some. Held until closed. */
static int lock_nat_table(void)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int fd;

	if ((size_t)snprintf(path, sizeof path, "%s/net/nat.lock", ctr_state_root()) >= sizeof path)
		return diag_set(ENAMETOOLONG, "choose a shorter $CTRKIT_STATE", "lock %s", path);
	snprintf(dir, sizeof dir, "%s/net", ctr_state_root());
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return diag_set(errno, NULL, "mkdir %s", dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return diag_set(errno, NULL, "open %s", path);
	explain("flock(%s, LOCK_EX)", path);
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int err = errno;
			close(fd);
			return diag_set(err, NULL, "flock %s", path);
		}
	}
	return fd;
}

static int del_ports(const char *owner)
{
	struct nl *nl = nl_open(NETLINK_NETFILTER);
	int removed, lock, rc;

	if (!nl)
		return -1;
	if ((lock = lock_nat_table()) < 0) {
		nl_close(nl);
		return -1;
	}
	rc = nat_port_del(nl, owner, NULL, &removed);
	close(lock);
	nl_close(nl);
	return rc;
}

struct owned_veths {
	char alias[128];
	char names[16][IFNAMSIZ];
	int n;
};

static int collect_veth(const struct rtnl_link *link, void *data)
{
	struct owned_veths *o = data;
	if (!strcmp(link->kind, "veth") && !strcmp(link->alias, o->alias) && o->n < 16)
		snprintf(o->names[o->n++], IFNAMSIZ, "%s", link->name);
	return 0;
}

/* Delete the veth tagged with OWNER; its peer (eth0 inside) goes with it. */
static int del_veths(const char *owner)
{
	struct owned_veths o = { .n = 0 };
	struct nl *nl = nl_open(NETLINK_ROUTE);
	struct rtnl_link link;
	int rc = 0;

	if (!nl)
		return -1;
	snprintf(o.alias, sizeof o.alias, "ctrkit owner=%s", owner);
	/* Collected first, deleted after: a dump must end before the socket
	 * carries another request. */
	if (rtnl_link_list(nl, collect_veth, &o) < 0)
		rc = -1;
	for (int i = 0; rc == 0 && i < o.n; i++) {
		if (rtnl_link_get(nl, o.names[i], &link) < 0 || rtnl_link_del(nl, &link) < 0)
			rc = diag_errno() == ENODEV ? 0 : -1; /* gone with its namespace meanwhile */
	}
	nl_close(nl);
	return rc;
}

/* Release OWNER's lease on every network that has one. */
static int release_leases(const char *owner)
{
	char path[PATH_MAX];
	struct lease_pool pool;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if ((size_t)snprintf(path, sizeof path, "%s/net", ctr_state_root()) >= sizeof path)
		return diag_set(ENAMETOOLONG, "choose a shorter $CTRKIT_STATE", "read %s", path);
	if (!(d = opendir(path)))
		return errno == ENOENT ? 0 : diag_set(errno, NULL, "open %s", path);
	while (rc == 0 && (e = readdir(d))) {
		struct stat sb;
		if (e->d_name[0] == '.' ||
		    (size_t)snprintf(path, sizeof path, "%s/net/%s/leases/%s", ctr_state_root(), e->d_name, owner) >=
			    sizeof path ||
		    lstat(path, &sb) < 0)
			continue;
		if (lease_pool_open(&pool, e->d_name, NULL, 0) < 0)
			rc = -1;
		else {
			rc = lease_release(&pool, owner, true);
			lease_pool_close(&pool);
		}
	}
	closedir(d);
	return rc;
}

int ctr_net_down(const char *owner, const char *netns_file)
{
	if (lease_owner_check(owner) < 0)
		return -1;
	explain("net-port del --owner %s; net-veth --delete --owner %s; umount %s; net-lease release %s"
		"  (ctr-net down: the container's network)", owner, owner, netns_file, owner);
	if (del_ports(owner) < 0 || del_veths(owner) < 0)
		return -1;
	/* Unmounted, the namespace ends once no process is left in it. */
	if (mount_umount(netns_file, MNT_DETACH, "the container's network namespace") < 0 &&
	    diag_errno() != EINVAL && diag_errno() != ENOENT)
		return -1;
	return release_leases(owner);
}

int ctr_remove(struct ctr_state *st)
{
	struct cg_system s;
	char gone[PATH_MAX + 16];
	int rc = 0;

	if (st->cgroup[0]) {
		if (cg_system_load(&s, NULL) < 0)
			return -1;
		rc = cg_delete(&s, st->cgroup, true, 10000);
		cg_system_free(&s);
		if (rc < 0)
			return -1;
	}
	/* In the order recorded: the unmounts are listed before the removals. */
	for (int i = 0; i < st->ncleanup; i++) {
		const struct ctr_cleanup *c = &st->cleanup[i];
		int r = !strcmp(c->kind, "umount") ? umount_below(c->path)
			: !strcmp(c->kind, "net")  ? ctr_net_down(st->id, c->path)
						   : remove_tree(c->path, "cleanup");
		if (r < 0 && rc == 0) {
			diag_hint("container %s is kept; fix this and run ctr-rm %s again", ctr_label(st), ctr_label(st));
			rc = -1;
		}
	}
	if (rc < 0)
		return -1;

	/* Renamed away first, so no reader finds a half-removed record. */
	snprintf(gone, sizeof gone, "%.*s/.rm-%s", (int)(strrchr(st->dir, '/') - st->dir), st->dir, st->id);
	explain("rename(\"%s\", \"%s\")  (container %s removed)", st->dir, gone, ctr_label(st));
	if (rename(st->dir, gone) < 0)
		return diag_set(errno, NULL, "remove container %s: rename %s", ctr_label(st), st->dir);
	st->status = CTR_REMOVED;
	return remove_tree(gone, "the state directory");
}
