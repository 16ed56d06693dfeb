/* ctrfind — finding containers: walking the containers directory, a
 * reference resolved as docker does (full id, name, unique id prefix),
 * a record opened or listed, and a stale one corrected on the way. */
#include "ctrstate.h"
#include "ctrrecord.h"
#include "diag.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_id(const char *s)
{
	if (strlen(s) != CTR_ID_LEN)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* Call FN for each container directory's id; the dot entries are half-made
 * or half-removed ones. */
int each_id(const char *cdir, int (*fn)(const char *id, void *arg), void *arg)
{
	DIR *d = opendir(cdir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : diag_set(errno, NULL, "list %s", cdir);
	while (rc == 0 && (e = readdir(d)))
		if (is_id(e->d_name))
			rc = fn(e->d_name, arg);
	closedir(d);
	return rc;
}

int match_name(const char *id, void *arg)
{
	struct name_search *ns = arg;
	char path[PATH_MAX];
	json_error_t jerr;

	snprintf(path, sizeof path, "%s/%s/state.json", ns->cdir, id);
	json_t *j = json_load_file(path, 0, &jerr);
	const char *name = json_string_value(json_object_get(j, "name"));
	bool same = name && !strcmp(name, ns->name);
	json_decref(j);
	if (same)
		snprintf(ns->found, sizeof ns->found, "%s", id);
	return same;
}

/* --- find --- */

struct ref_search {
	const char *ref;
	char match[CTR_ID_LEN + 1];
	int prefix_matches;
	char examples[3][CTR_SHORT_ID_LEN + 1];
};

static int match_prefix(const char *id, void *arg)
{
	struct ref_search *rs = arg;
	if (strncmp(id, rs->ref, strlen(rs->ref)))
		return 0;
	if (rs->prefix_matches < 3)
		snprintf(rs->examples[rs->prefix_matches], sizeof rs->examples[0], "%s", id);
	if (rs->prefix_matches++ == 0)
		snprintf(rs->match, sizeof rs->match, "%s", id);
	return 0;
}

/* Resolve REF to an id: full id, then name, then unique id prefix. */
static int resolve(const char *cdir, const char *ref, char id[CTR_ID_LEN + 1])
{
	char path[PATH_MAX];
	struct stat sb;

	if (!*ref)
		return diag_set(0, NULL, "an empty container name");
	if (is_id(ref)) {
		snprintf(path, sizeof path, "%s/%s", cdir, ref);
		if (stat(path, &sb) == 0) {
			snprintf(id, CTR_ID_LEN + 1, "%s", ref);
			return 0;
		}
	}
	struct name_search ns = { .cdir = cdir, .name = ref };
	int r = each_id(cdir, match_name, &ns);
	if (r < 0)
		return -1;
	if (r) {
		snprintf(id, CTR_ID_LEN + 1, "%s", ns.found);
		return 0;
	}
	struct ref_search rs = { .ref = ref };
	bool hex = strspn(ref, "0123456789abcdef") == strlen(ref);
	if (hex && each_id(cdir, match_prefix, &rs) < 0)
		return -1;
	if (rs.prefix_matches == 1) {
		snprintf(id, CTR_ID_LEN + 1, "%s", rs.match);
		return 0;
	}
	if (rs.prefix_matches > 1)
		return diag_set(0, "give more of the ID, or the name",
				"container reference '%s' is ambiguous: it matches %d containers (%s, %s%s)", ref,
				rs.prefix_matches, rs.examples[0], rs.examples[1], rs.prefix_matches > 2 ? ", ..." : "");
	return diag_set(ENOENT, "ctr-ps -a lists every container", "no such container: %s", ref);
}

/* Worth a look under the lock: a live status, and no monitor. */
static bool looks_stale(const struct ctr_state *st)
{
	bool live = st->status == CTR_RUNNING || st->status == CTR_PAUSED;
	return (live || (st->status == CTR_CREATED && st->monitor_pid)) &&
	       !ctr_process_alive(st->monitor_pid, st->monitor_start);
}

/* A record that says running or paused, whose PID 1 and monitor are both
 * gone: the monitor was killed before it could write the end. Say so. */
static int correct_stale(struct ctr_state *st)
{
	bool live = st->status == CTR_RUNNING || st->status == CTR_PAUSED;
	bool starting = st->status == CTR_CREATED && st->monitor_pid;

	if (!live && !starting)
		return 0;
	if (ctr_process_alive(st->monitor_pid, st->monitor_start) ||
	    (live && ctr_process_alive(st->pid, st->pid_start)))
		return 0;
	st->status = CTR_EXITED;
	st->exit_code = 255;
	ctr_time_now(st->finished);
	free(st->error);
	st->error = strdup(live ? "its monitor ended before the container did: the exit status is unknown"
				: "its monitor ended before the container started");
	return ctr_save(st);
}

int ctr_refresh(struct ctr_state *st)
{
	bool was_locked = st->locked;

	if (ctr_lock(st) < 0)
		return -1;
	int rc = read_record(st);
	if (rc == 0)
		rc = correct_stale(st);
	if (!was_locked)
		ctr_unlock(st);
	return rc;
}

int ctr_open(const char *ref, struct ctr_state *st, bool lock)
{
	char cdir[CDIR_MAX], id[CTR_ID_LEN + 1];

	ctr_state_init(st);
	if (containers_dir(cdir, sizeof cdir) < 0 || resolve(cdir, ref, id) < 0)
		return -1;
	snprintf(st->dir, sizeof st->dir, "%s/%s", cdir, id);
	st->dir_fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dir_fd < 0)
		return diag_set(errno, errno == ENOENT ? "it was removed meanwhile" : NULL, "open container %s", ref);
	if (lock && ctr_lock(st) < 0)
		return -1;
	/* Read through the locked descriptor: if the container was removed
	 * while we waited for the lock, state.json is gone from it. */
	if (read_record(st) < 0) {
		if (diag_errno() == ENOENT)
			diag_set(ENOENT, "ctr-ps -a lists every container", "no such container: %s (removed meanwhile)",
				 ref);
		return -1;
	}
	if (lock && correct_stale(st) < 0)
		return -1;
	if (!lock && looks_stale(st) && ctr_refresh(st) < 0)
		return -1;
	return 0;
}

/* --- list --- */

struct list_acc {
	struct ctr_state *v;
	int n;
	const char *cdir;
};

static int add_to_list(const char *id, void *arg)
{
	struct list_acc *acc = arg;
	struct ctr_state *grown = realloc(acc->v, sizeof *grown * (size_t)(acc->n + 1));

	if (!grown)
		return diag_set(ENOMEM, NULL, "list containers");
	acc->v = grown;
	struct ctr_state *st = &acc->v[acc->n];
	ctr_state_init(st);
	snprintf(st->dir, sizeof st->dir, "%s/%s", acc->cdir, id);
	st->dir_fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dir_fd < 0 || read_record(st) < 0) {
		ctr_state_free(st); /* removed meanwhile, or unreadable: not listed */
		return 0;
	}
	if (looks_stale(st)) {
		/* Perhaps stale: look again under the lock, and correct it. */
		if (ctr_lock(st) < 0 || read_record(st) < 0 || correct_stale(st) < 0) {
			ctr_state_free(st);
			return 0;
		}
		ctr_unlock(st);
	}
	close(st->dir_fd);
	st->dir_fd = -1;
	acc->n++;
	return 0;
}

static int newest_first(const void *a, const void *b)
{
	return strcmp(((const struct ctr_state *)b)->created, ((const struct ctr_state *)a)->created);
}

int ctr_list(struct ctr_state **out, int *n)
{
	char cdir[CDIR_MAX];
	struct list_acc acc = { NULL, 0, cdir };

	if (containers_dir(cdir, sizeof cdir) < 0)
		return -1;
	if (each_id(cdir, add_to_list, &acc) < 0) {
		ctr_list_free(acc.v, acc.n);
		return -1;
	}
	if (acc.n)
		qsort(acc.v, (size_t)acc.n, sizeof *acc.v, newest_first);
	*out = acc.v;
	*n = acc.n;
	return 0;
}

void ctr_list_free(struct ctr_state *list, int n)
{
	for (int i = 0; i < n; i++)
		ctr_state_free(&list[i]);
	free(list);
}
