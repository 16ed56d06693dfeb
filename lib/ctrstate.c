/* ctrstate — a container's record in memory: its fields, the checks on
 * what goes into them (names, layers, cleanup entries), the times it
 * stores and the process identities it keeps; where records are kept.
 * Reading and writing a record is ctrrecord.c, its statuses ctrstatus.c,
 * making one ctrcreate.c, finding and listing them ctrfind.c. */
#include "ctrstate.h"
#include "ctrrecord.h"
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *ctr_state_root(void)
{
	const char *root = getenv("CTRKIT_STATE");
	return root && *root ? root : "/run/ctrkit";
}

int containers_dir(char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s/containers", ctr_state_root()) >= len)
		return diag_set(ENAMETOOLONG, "choose a shorter $CTRKIT_STATE", "state directory %s", ctr_state_root());
	return 0;
}

/* A NULL-terminated list of strings (the command, the layers). */
void strv_free(char **v)
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
	free(st->image_id);
	free(st->user);
	strv_free(st->cap_add);
	strv_free(st->cap_drop);
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

int ctr_cap_record(struct ctr_state *st, bool add, const char *cap)
{
	char ***list = add ? &st->cap_add : &st->cap_drop;
	size_t n = 0;

	while (*list && (*list)[n])
		n++;
	char **grown = realloc(*list, sizeof *grown * (n + 2));
	if (!grown)
		return diag_set(ENOMEM, NULL, "record --cap-%s %s", add ? "add" : "drop", cap);
	*list = grown;
	grown[n + 1] = NULL;
	if (!(grown[n] = strdup(cap)))
		return diag_set(ENOMEM, NULL, "record --cap-%s %s", add ? "add" : "drop", cap);
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
