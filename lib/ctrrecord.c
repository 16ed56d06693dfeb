/* ctrrecord — a container's record on disk: its JSON form in state.json,
 * read whole and replaced atomically, and the lock on its directory. */
#include "ctrstate.h"
#include "ctrrecord.h"
#include "diag.h"
#include "explain.h"
#include "fdio.h"
#include "jsonfile.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

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
	json_t *rec = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:i, s:I, s:i, s:I, s:o, s:o, s:o, s:i,"
			 " s:b, s:o, s:o, s:o, s:o}",
			 "id", st->id, "name", str_or_null(st->name), "image", str_or_null(st->image), "image_id",
			 str_or_null(st->image_id), "command",
			 cmd ? cmd : json_null(), "layers", layers ? layers : json_null(), "cgroup", st->cgroup, "rootfs",
			 str_or_null(st->rootfs), "hostname", str_or_null(st->hostname), "log_path",
			 str_or_null(st->log_path), "status",
			 ctr_status_name(st->status), "pid", (int)st->pid, "pid_start_time", (json_int_t)st->pid_start,
			 "monitor_pid", (int)st->monitor_pid, "monitor_start_time", (json_int_t)st->monitor_start,
			 "created", time_or_null(st->created), "started", time_or_null(st->started), "finished",
			 time_or_null(st->finished), "exit_code", st->exit_code, "oom_killed", st->oom_killed, "error",
			 str_or_null(st->error), "pid_file", str_or_null(st->pid_file), "cleanup",
			 cleanup ? cleanup : json_null(), "state_dir", json_string(st->dir));
	/* How its command runs, for ctr-exec: absent when as Docker's default. */
	if (rec && st->user)
		json_object_set_new(rec, "user", json_string(st->user));
	if (rec && st->cap_add)
		json_object_set_new(rec, "cap_add", strv_to_json(st->cap_add));
	if (rec && st->cap_drop)
		json_object_set_new(rec, "cap_drop", strv_to_json(st->cap_drop));
	return rec;
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
	st->image_id = dup_str(j, "image_id");
	st->user = dup_str(j, "user");
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
	json_t *cap_add = json_object_get(j, "cap_add"), *cap_drop = json_object_get(j, "cap_drop");
	st->cap_add = cap_add ? strv_from_json(cap_add) : NULL;
	st->cap_drop = cap_drop ? strv_from_json(cap_drop) : NULL;
	if (!st->command || (json_array_size(layers) && !st->layers) || (cap_add && !st->cap_add) ||
	    (cap_drop && !st->cap_drop))
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
int read_record(struct ctr_state *st)
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
int write_record(int fd, const struct ctr_state *st, const char *dir)
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
	int wrote = fd_write_all(tfd, text, len + 1);
	int err = errno;
	free(text);
	/* fsync is not needed: the state root is a tmpfs that a reboot empties,
	 * and the rename is what makes the record whole to every reader. */
	if (close(tfd) < 0 && wrote == 0) {
		err = errno;
		wrote = -1;
	}
	if (wrote < 0 || renameat(fd, "state.json.tmp", fd, "state.json") < 0) {
		err = wrote < 0 ? err : errno;
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
