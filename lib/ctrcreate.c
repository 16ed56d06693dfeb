/* ctrcreate — making a container's record: a random id, a unique name
 * (given, or a generated adjective_noun one), and its directory, made
 * aside and renamed into place under the containers directory's lock. */
#include "ctrstate.h"
#include "ctrrecord.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const adjectives[] = {
	"admiring", "bold",    "brave",   "busy",  "calm",    "clever", "cool",  "eager",	"focused", "gentle",
	"happy",    "jolly",   "keen",    "kind",  "lucid",   "modest", "nifty", "patient", "quirky",  "relaxed",
	"serene",   "sharp",   "stoic",   "sweet", "tender",  "upbeat", "vivid", "wizardly", "youthful", "zealous",
};
static const char *const nouns[] = {
	"thompson", "ritchie", "kernighan", "mcilroy", "pike",    "torvalds", "hopper",  "lovelace", "turing",
	"knuth",    "dijkstra", "liskov",   "hamilton", "bernstein", "tanenbaum", "stallman", "wall", "bellard",
	"cox",      "ossanna",  "joy",      "mckusick", "morris", "lamport", "kleinrock", "cerf", "engelbart",
	"allen",    "goldberg", "shannon",
};

static int random_bytes(void *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = getrandom((char *)buf + got, len - got, 0);
		if (n < 0 && errno != EINTR)
			return diag_set(errno, NULL, "getrandom");
		if (n > 0)
			got += (size_t)n;
	}
	return 0;
}

static int make_name(struct ctr_state *st, const char *cdir)
{
	struct name_search ns = { .cdir = cdir };
	unsigned char r[2];
	char name[64];

	for (int tries = 0; tries < 64; tries++) {
		if (random_bytes(r, sizeof r) < 0)
			return -1;
		int n = snprintf(name, sizeof name, "%s_%s", adjectives[r[0] % (sizeof adjectives / sizeof *adjectives)],
				 nouns[r[1] % (sizeof nouns / sizeof *nouns)]);
		if (tries >= 8) /* crowded: add a digit, as docker does */
			snprintf(name + n, sizeof name - (size_t)n, "%d", r[0] % 10);
		ns.name = name;
		int taken = each_id(cdir, match_name, &ns);
		if (taken < 0)
			return -1;
		if (!taken) {
			st->name = strdup(name);
			return st->name ? 0 : diag_set(ENOMEM, NULL, "name a container");
		}
	}
	return diag_set(EEXIST, "give one with --name", "find a free container name");
}

/* "{id}" in a cleanup path becomes the id. */
static int expand_cleanup(struct ctr_state *st)
{
	for (int i = 0; i < st->ncleanup; i++) {
		char *p = st->cleanup[i].path, *at;
		while ((at = strstr(p, "{id}"))) {
			char *n = NULL;
			if (asprintf(&n, "%.*s%s%s", (int)(at - p), p, st->id, at + 4) < 0)
				return diag_set(ENOMEM, NULL, "record a cleanup entry");
			free(p);
			p = n;
		}
		st->cleanup[i].path = p;
	}
	return 0;
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0711) < 0 && errno != EEXIST)
			return diag_set(errno, NULL, "make the state directory %s", buf);
		*p = '/';
	}
	if (mkdir(buf, 0711) < 0 && errno != EEXIST)
		return diag_set(errno, errno == EACCES ? "the state root needs root, or set $CTRKIT_STATE" : NULL,
				"make the state directory %s", buf);
	return 0;
}

int ctr_create(struct ctr_state *st)
{
	char cdir[CDIR_MAX], tmp[PATH_MAX + 80];
	unsigned char r[CTR_ID_LEN / 2];
	int rc = -1;

	if (containers_dir(cdir, sizeof cdir) < 0 || mkdir_p(cdir) < 0)
		return -1;
	if (st->name && ctr_name_check(st->name) < 0)
		return -1;
	int cfd = open(cdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cfd < 0)
		return diag_set(errno, NULL, "open %s", cdir);
	/* One creator at a time: a name is free only until the next one takes it. */
	while (flock(cfd, LOCK_EX) < 0)
		if (errno != EINTR) {
			diag_set(errno, NULL, "lock %s", cdir);
			goto out;
		}
	if (random_bytes(r, sizeof r) < 0)
		goto out;
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(st->id + 2 * i, 3, "%02x", r[i]);
	snprintf(st->cgroup, sizeof st->cgroup, "ctr-%.*s", CTR_SHORT_ID_LEN, st->id);
	if (st->name) {
		struct name_search ns = { .cdir = cdir, .name = st->name };
		int taken = each_id(cdir, match_name, &ns);
		if (taken < 0)
			goto out;
		if (taken) {
			diag_set(EEXIST, NULL, "create container %s: the name is in use by container %.12s", st->name,
				 ns.found);
			diag_hint("remove it with ctr-rm %s, or choose another --name", st->name);
			goto out;
		}
	} else if (make_name(st, cdir) < 0) {
		goto out;
	}
	if (expand_cleanup(st) < 0)
		goto out;
	st->status = CTR_CREATED;
	ctr_time_now(st->created);
	snprintf(st->dir, sizeof st->dir, "%s/%s", cdir, st->id);

	/* Made aside, then renamed into place: a reader sees all of it or none. */
	snprintf(tmp, sizeof tmp, "%s/.new-%s", cdir, st->id);
	if (mkdir(tmp, 0700) < 0) {
		diag_set(errno, NULL, "make %s", tmp);
		goto out;
	}
	int dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		diag_set(errno, NULL, "open %s", tmp);
		rmdir(tmp);
		goto out;
	}
	if (write_record(dfd, st, st->dir) < 0 || (rename(tmp, st->dir) < 0 && diag_set(errno, NULL, "rename %s to %s", tmp, st->dir))) {
		unlinkat(dfd, "state.json", 0);
		close(dfd);
		rmdir(tmp);
		goto out;
	}
	explain("mkdir %s  (container %s, status created)", st->dir, st->name);
	st->dir_fd = dfd;
	rc = 0;
out:
	close(cfd); /* drops the lock */
	return rc;
}
