/* ctrstate — see ctrstate.h. */
#include "ctrstate.h"
#include "diag.h"
#include "explain.h"
#include "jsonfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const status_names[CTR_STATUS_COUNT] = {
	[CTR_CREATED] = "created", [CTR_RUNNING] = "running", [CTR_PAUSED] = "paused",
	[CTR_EXITED] = "exited",   [CTR_REMOVED] = "removed",
};

/* Docker's lifecycle: allowed[from] has a bit for each status it may go to. */
#define TO(s) (1u << (s))
static const unsigned allowed[CTR_STATUS_COUNT] = {
	[CTR_CREATED] = TO(CTR_RUNNING) | TO(CTR_EXITED) | TO(CTR_REMOVED),
	[CTR_RUNNING] = TO(CTR_PAUSED) | TO(CTR_EXITED),
	[CTR_PAUSED] = TO(CTR_RUNNING) | TO(CTR_EXITED),
	[CTR_EXITED] = TO(CTR_REMOVED),
	[CTR_REMOVED] = 0,
};

const char *ctr_status_name(enum ctr_status s)
{
	return s < CTR_STATUS_COUNT ? status_names[s] : "unknown";
}

int ctr_status_by_name(const char *name)
{
	for (int i = 0; i < CTR_STATUS_COUNT; i++)
		if (name && !strcmp(name, status_names[i]))
			return i;
	return -1;
}

const char *ctr_state_root(void)
{
	const char *root = getenv("CTRKIT_STATE");
	return root && *root ? root : "/run/ctrkit";
}

/* Room for "/<id>/state.json.tmp" after it in a PATH_MAX buffer. */
#define CDIR_MAX (PATH_MAX - 128)

static int containers_dir(char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s/containers", ctr_state_root()) >= len)
		return diag_set(ENAMETOOLONG, "choose a shorter $CTRKIT_STATE", "state directory %s", ctr_state_root());
	return 0;
}

/* A NULL-terminated list of strings (the command, the layers). */
static void strv_free(char **v)
{
	for (char **a = v; a && *a; a++)
		free(*a);
	free(v);
}

void ctr_state_init(struct ctr_state *st)
{
	*st = (struct ctr_state){ .exit_code = -1, .dir_fd = -1 };
}

void ctr_state_free(struct ctr_state *st)
{
	ctr_unlock(st);
	if (st->dir_fd >= 0)
		close(st->dir_fd);
	free(st->name);
	free(st->image);
	free(st->rootfs);
	free(st->hostname);
	free(st->error);
	free(st->log_path);
	free(st->pid_file);
	strv_free(st->command);
	strv_free(st->layers);
	for (int i = 0; i < st->ncleanup; i++) {
		free(st->cleanup[i].kind);
		free(st->cleanup[i].path);
	}
	free(st->cleanup);
	ctr_state_init(st);
}

const char *ctr_label(const struct ctr_state *st)
{
	return st->name ? st->name : st->id;
}

int ctr_name_check(const char *name)
{
	static const char hint[] = "a name is a letter or digit, then one or more letters, digits, '_', '.' or '-'";
	size_t len = strlen(name);

	if (len < 2 || len > 128)
		return diag_set(0, hint, "bad container name '%s': it must be 2 to 128 characters long", name);
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-')))
			return diag_set(0, hint, "bad container name '%s'", name);
	}
	return 0;
}

int ctr_layers_set(struct ctr_state *st, const char *dirs)
{
	size_t n = 1;
	for (const char *c = dirs; *c; c++)
		n += *c == ':';
	char **v = calloc(n + 1, sizeof *v);
	if (!v)
		return diag_set(ENOMEM, NULL, "record the layers");
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(dirs, ":");
		if (dirs[0] != '/') {
			strv_free(v);
			return diag_set(0, "give each layer directory as an absolute path, ':'-joined",
					"layer directory '%.*s' is not absolute", (int)len, dirs);
		}
		if (!(v[i] = strndup(dirs, len))) {
			strv_free(v);
			return diag_set(ENOMEM, NULL, "record the layers");
		}
		dirs += len + (dirs[len] == ':');
	}
	strv_free(st->layers);
	st->layers = v;
	return 0;
}

int ctr_cleanup_add(struct ctr_state *st, const char *kind, const char *path)
{
	if (strcmp(kind, "umount") && strcmp(kind, "remove") && strcmp(kind, "net"))
		return diag_set(0, "use umount:PATH, remove:PATH or net:PATH", "unknown cleanup kind '%s'", kind);
	if (path[0] != '/')
		return diag_set(0, "give an absolute path", "cleanup path '%s' is relative", path);
	struct ctr_cleanup *grown = realloc(st->cleanup, sizeof *grown * (size_t)(st->ncleanup + 1));
	if (!grown)
		return diag_set(ENOMEM, NULL, "record a cleanup entry");
	st->cleanup = grown;
	grown[st->ncleanup].kind = strdup(kind);
	grown[st->ncleanup].path = strdup(path);
	if (!grown[st->ncleanup].kind || !grown[st->ncleanup].path)
		return diag_set(ENOMEM, NULL, "record a cleanup entry");
	st->ncleanup++;
	return 0;
}

/* --- time --- */

void ctr_time_now(char buf[CTR_TIME_LEN])
{
	struct timespec ts;
	struct tm tm;
	char date[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, CTR_TIME_LEN, "%s.%09dZ", date, (int)ts.tv_nsec);
}

int ctr_time_parse(const char *s, struct timespec *ts)
{
	struct tm tm = { 0 };
	char frac[16] = "";
	int n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			 &tm.tm_sec, &n) != 6)
		return -1;
	if (s[n] == '.' && sscanf(s + n + 1, "%9[0-9]", frac) != 1)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	ts->tv_sec = timegm(&tm);
	ts->tv_nsec = 0;
	for (size_t i = 0; i < 9; i++)
		ts->tv_nsec = ts->tv_nsec * 10 + (i < strlen(frac) ? frac[i] - '0' : 0);
	return 0;
}

/* As go-units HumanDuration, which docker ps uses. */
const char *ctr_human_duration(double seconds, char *buf, size_t len)
{
	long long s = (long long)seconds, m = s / 60, h = s / 3600;

	if (seconds < 1)
		snprintf(buf, len, "Less than a second");
	else if (s == 1)
		snprintf(buf, len, "1 second");
	else if (s < 60)
		snprintf(buf, len, "%lld seconds", s);
	else if (m == 1)
		snprintf(buf, len, "About a minute");
	else if (m < 60)
		snprintf(buf, len, "%lld minutes", m);
	else if (h == 1)
		snprintf(buf, len, "About an hour");
	else if (h < 48)
		snprintf(buf, len, "%lld hours", h);
	else if (h < 24 * 7 * 2)
		snprintf(buf, len, "%lld days", h / 24);
	else if (h < 24 * 30 * 2)
		snprintf(buf, len, "%lld weeks", h / 24 / 7);
	else if (h < 24 * 365 * 2)
		snprintf(buf, len, "%lld months", h / 24 / 30);
	else
		snprintf(buf, len, "%lld years", h / 24 / 365);
	return buf;
}

/* --- processes --- */

unsigned long long ctr_process_start(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long start = 0;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* The command name may hold spaces and ')': fields start after the last ')'. */
	char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X')
		return 0; /* a zombie has ended; only its status is left */
	p += 2;
	for (int field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (p)
		start = strtoull(p, NULL, 10);
	return start;
}

bool ctr_process_alive(pid_t pid, unsigned long long start)
{
	if (pid <= 0)
		return false;
	/* An unknown start time cannot tell the process from a stranger
	 * that got its PID later: count it as gone. */
	return start && ctr_process_start(pid) == start;
}

/* --- JSON --- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *time_or_null(const char *s)
{
	return *s ? json_string(s) : json_null();
}

static json_t *strv_to_json(char **v)
{
	json_t *a = json_array();
	for (; a && v && *v; v++)
		json_array_append_new(a, json_string(*v));
	return a;
}

static json_t *state_to_json(const struct ctr_state *st)
{
	json_t *cmd = strv_to_json(st->command), *layers = strv_to_json(st->layers), *cleanup = json_array();

	for (int i = 0; cleanup && i < st->ncleanup; i++)
		json_array_append_new(cleanup, json_pack("{s:s, s:s}", "kind", st->cleanup[i].kind, "path",
							 st->cleanup[i].path));
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:i, s:I, s:i, s:I, s:o, s:o, s:o, s:i, s:b,"
			 " s:o, s:o, s:o, s:o}",
			 "id", st->id, "name", str_or_null(st->name), "image", str_or_null(st->image), "command",
			 cmd ? cmd : json_null(), "layers", layers ? layers : json_null(), "cgroup", st->cgroup, "rootfs",
			 str_or_null(st->rootfs), "hostname", str_or_null(st->hostname), "log_path",
			 str_or_null(st->log_path), "status",
			 ctr_status_name(st->status), "pid", (int)st->pid, "pid_start_time", (json_int_t)st->pid_start,
			 "monitor_pid", (int)st->monitor_pid, "monitor_start_time", (json_int_t)st->monitor_start,
			 "created", time_or_null(st->created), "started", time_or_null(st->started), "finished",
			 time_or_null(st->finished), "exit_code", st->exit_code, "oom_killed", st->oom_killed, "error",
			 str_or_null(st->error), "pid_file", str_or_null(st->pid_file), "cleanup",
			 cleanup ? cleanup : json_null(), "state_dir", json_string(st->dir));
}

static char *dup_str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? strdup(s) : NULL;
}

static void copy_time(json_t *obj, const char *key, char buf[CTR_TIME_LEN])
{
	const char *s = json_string_value(json_object_get(obj, key));
	snprintf(buf, CTR_TIME_LEN, "%s", s ? s : "");
}

static char **strv_from_json(json_t *a)
{
	char **v = calloc(json_array_size(a) + 1, sizeof *v);
	json_t *e;
	size_t i;

	json_array_foreach(a, i, e) {
		if (v && !(v[i] = strdup(json_string_value(e) ?: ""))) {
			strv_free(v);
			v = NULL;
		}
	}
	return v;
}

static int state_from_json(json_t *j, struct ctr_state *st, const char *path)
{
	const char *id = json_string_value(json_object_get(j, "id"));
	int status = ctr_status_by_name(json_string_value(json_object_get(j, "status")));
	json_t *cmd = json_object_get(j, "command"), *layers = json_object_get(j, "layers");
	json_t *cleanup = json_object_get(j, "cleanup"), *v;
	size_t i;

	if (!id || strlen(id) != CTR_ID_LEN || status < 0)
		return diag_set(0, "remove the directory by hand if nothing else uses it", "bad container record %s",
				path);
	snprintf(st->id, sizeof st->id, "%s", id);
	snprintf(st->cgroup, sizeof st->cgroup, "%s", json_string_value(json_object_get(j, "cgroup")) ?: "");
	st->status = (enum ctr_status)status;
	st->name = dup_str(j, "name");
	st->image = dup_str(j, "image");
	st->rootfs = dup_str(j, "rootfs");
	st->hostname = dup_str(j, "hostname");
	st->log_path = dup_str(j, "log_path");
	st->pid_file = dup_str(j, "pid_file");
	st->error = dup_str(j, "error");
	st->pid = (pid_t)json_integer_value(json_object_get(j, "pid"));
	st->pid_start = (unsigned long long)json_integer_value(json_object_get(j, "pid_start_time"));
	st->monitor_pid = (pid_t)json_integer_value(json_object_get(j, "monitor_pid"));
	st->monitor_start = (unsigned long long)json_integer_value(json_object_get(j, "monitor_start_time"));
	copy_time(j, "created", st->created);
	copy_time(j, "started", st->started);
	copy_time(j, "finished", st->finished);
	v = json_object_get(j, "exit_code");
	st->exit_code = json_is_integer(v) ? (int)json_integer_value(v) : -1;
	st->oom_killed = json_is_true(json_object_get(j, "oom_killed"));
	st->command = strv_from_json(cmd);
	/* A record made before layers were recorded has none: it pins nothing. */
	st->layers = json_array_size(layers) ? strv_from_json(layers) : NULL;
	if (!st->command || (json_array_size(layers) && !st->layers))
		return diag_set(ENOMEM, NULL, "read %s", path);
	json_array_foreach(cleanup, i, v) {
		const char *kind = json_string_value(json_object_get(v, "kind"));
		const char *p = json_string_value(json_object_get(v, "path"));
		if (kind && p && ctr_cleanup_add(st, kind, p) < 0)
			return -1;
	}
	return 0;
}

/* Read DIR_FD/state.json into ST (whose old fields are freed first). */
static int read_record(struct ctr_state *st)
{
	json_error_t jerr;
	char path[PATH_MAX + 16], dir[PATH_MAX];
	int fd = st->dir_fd;
	bool locked = st->locked;

	snprintf(path, sizeof path, "%s/state.json", st->dir);
	int jfd = openat(fd, "state.json", O_RDONLY | O_CLOEXEC);
	if (jfd < 0)
		return diag_set(errno, NULL, "read %s", path);
	json_t *j = jsonfile_read_fd(jfd, 0, &jerr);
	if (!j)
		return diag_set(0, jerr.text, "read %s", path);
	/* Keep what is not stored across the free. */
	memcpy(dir, st->dir, sizeof dir);
	st->dir_fd = -1;
	st->locked = false;
	ctr_state_free(st);
	memcpy(st->dir, dir, sizeof dir);
	st->dir_fd = fd;
	st->locked = locked;
	int rc = state_from_json(j, st, path);
	json_decref(j);
	return rc;
}

/* Write the record into directory FD, atomically. */
static int write_record(int fd, const struct ctr_state *st, const char *dir)
{
	json_t *j = state_to_json(st);
	if (!j)
		return diag_set(ENOMEM, NULL, "make the record of container %s", st->id);
	char *text = json_dumps(j, JSON_INDENT(2));
	json_decref(j);
	if (!text)
		return diag_set(ENOMEM, NULL, "make the record of container %s", st->id);

	int tfd = openat(fd, "state.json.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (tfd < 0) {
		free(text);
		return diag_set(errno, NULL, "write %s/state.json.tmp", dir);
	}
	size_t len = strlen(text);
	text[len] = '\n'; /* json_dumps left room: the NUL */
	ssize_t n = write(tfd, text, len + 1);
	int err = errno;
	free(text);
	/* fsync is not needed: the state root is a tmpfs that a reboot empties,
	 * and the rename is what makes the record whole to every reader. */
	if (close(tfd) < 0 && n == (ssize_t)len + 1) {
		err = errno;
		n = -1;
	}
	if (n != (ssize_t)len + 1 || renameat(fd, "state.json.tmp", fd, "state.json") < 0) {
		err = n != (ssize_t)len + 1 ? err : errno;
		unlinkat(fd, "state.json.tmp", 0);
		return diag_set(err, err == ENOSPC ? "the state root is full" : NULL, "write %s/state.json", dir);
	}
	explain("rename(\"state.json.tmp\", \"state.json\") in %s  (status %s%s)", dir, ctr_status_name(st->status),
		st->status == CTR_EXITED ? ", exit code recorded" : "");
	return 0;
}

int ctr_save(struct ctr_state *st)
{
	return write_record(st->dir_fd, st, st->dir);
}

int ctr_lock(struct ctr_state *st)
{
	if (st->locked)
		return 0;
	while (flock(st->dir_fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return diag_set(errno, NULL, "lock %s", st->dir);
	st->locked = true;
	return 0;
}

void ctr_unlock(struct ctr_state *st)
{
	if (st->locked && st->dir_fd >= 0)
		flock(st->dir_fd, LOCK_UN);
	st->locked = false;
}

/* --- create --- */

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
static int each_id(const char *cdir, int (*fn)(const char *id, void *arg), void *arg)
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

struct name_search {
	const char *cdir, *name;
	char found[CTR_ID_LEN + 1];
};

static int match_name(const char *id, void *arg)
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

/* "cannot pause container web: it is exited", with what to do instead. */
static int refuse(const struct ctr_state *st, bool removing, const char *verb)
{
	const char *name = ctr_label(st);
	char hint[256] = "";

	switch (st->status) {
	case CTR_RUNNING:
		if (removing)
			snprintf(hint, sizeof hint, "stop it first with ctr-stop %s, or use ctr-rm -f %s", name, name);
		break;
	case CTR_PAUSED:
		snprintf(hint, sizeof hint, "ctr-unpause %s first%s", name,
			 removing ? ", or use ctr-rm -f, which stops it" : ", or ctr-stop it");
		break;
	case CTR_EXITED:
		snprintf(hint, sizeof hint, "an exited container does not run again: make a new one");
		break;
	case CTR_CREATED:
		snprintf(hint, sizeof hint, "it has not been started: ctr-monitor --id %s starts it", name);
		break;
	default:
		break;
	}
	return diag_set(0, *hint ? hint : NULL, "cannot %s container %s: it is %s", verb, name,
			ctr_status_name(st->status));
}

int ctr_check_transition(const struct ctr_state *st, enum ctr_status to, const char *verb)
{
	return allowed[st->status] & TO(to) ? 0 : refuse(st, to == CTR_REMOVED, verb);
}

int ctr_require_status(const struct ctr_state *st, unsigned statuses, const char *verb)
{
	return statuses & TO(st->status) ? 0 : refuse(st, false, verb);
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
