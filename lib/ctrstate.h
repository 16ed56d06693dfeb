/* ctrstate — a container's record: one directory per container, a JSON
 * file in it, and the rules for how its status may change.
 *
 *   $CTRKIT_STATE/containers/<64 hex id>/state.json    (default /run/ctrkit)
 *
 * state.json is only ever replaced whole: written to state.json.tmp, then
 * rename(2)d over the old one, so a reader sees the old record or the new
 * one, never half of either. A directory appears the same way (made as
 * .new-<id>, then renamed), and disappears the same way (renamed to
 * .rm-<id>, then removed), so listing the directory never meets a
 * half-made container.
 *
 * Tools that change a record hold flock(2) on the container's directory
 * while they read, check and write it; ctr-monitor holds it only for its
 * writes, never while it waits. Creating a container holds the lock of
 * the containers directory, which keeps names unique.
 *
 * The statuses follow Docker's lifecycle:
 *
 *   created ──► running ◄──► paused
 *      │           │           │
 *      └───────────┴─► exited ◄┘ ──► removed
 *
 * The record names the image's layer directories its overlay mounts
 * (ctr-create --layers): while it exists, the store keeps them, whatever
 * becomes of the image's name (lib/store: store_gc).
 *
 * created → exited is a start that failed (the chain ended before the
 * container's PID 1 existed). Every other change is refused with the
 * reason: "cannot pause container web: it is exited".
 */
#ifndef CTRKIT_CTRSTATE_H
#define CTRKIT_CTRSTATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

enum ctr_status { CTR_CREATED, CTR_RUNNING, CTR_PAUSED, CTR_EXITED, CTR_REMOVED, CTR_STATUS_COUNT };

/* "created", "running", ...; ctr_status_by_name() is -1 for an unknown one. */
const char *ctr_status_name(enum ctr_status s);
int ctr_status_by_name(const char *name);

#define CTR_ID_LEN 64
#define CTR_SHORT_ID_LEN 12

#define CTR_TIME_LEN 40 /* "2024-05-01T12:00:00.123456789Z" */

/* Something ctr-rm undoes, in the order recorded: "umount" unmounts every
 * mount at or below PATH (MNT_DETACH); "remove" removes PATH and what is
 * under it, never crossing into another filesystem; "net" undoes what
 * ctr-net up made for the container, whose network namespace file is PATH
 * (lib/ctrlife: ctr_net_down). */
struct ctr_cleanup {
	char *kind;
	char *path;
};

struct ctr_state {
	char id[CTR_ID_LEN + 1];
	char *name, *image, *rootfs, *hostname;
	char *image_id;           /* the image's ID, its config's digest ("sha256:..."),
				     as docker names images; NULL when not recorded */
	char *user;               /* USER[:GROUP] its command runs as; NULL: root */
	char **cap_add, **cap_drop; /* NULL-terminated, may be NULL: its changes to
				     Docker's capabilities. ctr-exec runs as the
				     container does, so it reads these and user */
	char **command;           /* NULL-terminated */
	char **layers;            /* NULL-terminated, may be NULL: the image's layer
				     directories, its overlay's lowerdirs */
	char cgroup[32];          /* ctrkit group name: ctr-<short id> */
	enum ctr_status status;
	pid_t pid;                /* the container's PID 1, as the host sees it */
	unsigned long long pid_start; /* its start time (/proc/PID/stat), against PID reuse */
	pid_t monitor_pid;        /* the ctr-monitor that waits for it */
	unsigned long long monitor_start;
	char created[CTR_TIME_LEN], started[CTR_TIME_LEN], finished[CTR_TIME_LEN]; /* "" until then */
	int exit_code;            /* -1 until exited */
	bool oom_killed;
	char *error;              /* why it failed to start, or ended unseen */
	char *log_path;           /* output of a detached container; NULL otherwise */
	char *pid_file;           /* where the chain writes PID 1 (ns-clone --pid-file) */
	struct ctr_cleanup *cleanup;
	int ncleanup;

	/* not stored: where the record is, and its lock */
	char dir[PATH_MAX];
	int dir_fd;               /* -1 when not open */
	bool locked;
};

/* The state root: $CTRKIT_STATE, else /run/ctrkit. */
const char *ctr_state_root(void);

/* An empty record: exit_code -1, dir_fd -1. */
void ctr_state_init(struct ctr_state *st);
void ctr_state_free(struct ctr_state *st);

/* Docker's rule for names: [a-zA-Z0-9][a-zA-Z0-9_.-]+. -1 with a diagnostic. */
int ctr_name_check(const char *name);

/* Add a cleanup entry (copied). KIND is "umount", "remove" or "net"; "{id}" in
 * PATH is replaced by the container's id when it is created. */
int ctr_cleanup_add(struct ctr_state *st, const char *kind, const char *path);

/* Append CAP to ST's --cap-add list (ADD) or --cap-drop list, as given:
 * ctr-creds checks the names. -1 with a diagnostic. */
int ctr_cap_record(struct ctr_state *st, bool add, const char *cap);

/* Set ST's layers from DIRS, ':'-joined as an overlay's lowerdir is
 * (img-inspect's IMAGE_LAYERS); each must be absolute. -1 with a diagnostic. */
int ctr_layers_set(struct ctr_state *st, const char *dirs);

/* Give ST a new id (getrandom), its name (the one set, checked for being
 * unique, or a generated adjective_noun one), its cgroup name, the created
 * time and status created, and write its directory. -1 with a diagnostic. */
int ctr_create(struct ctr_state *st);

/* Find a container by full id, name, or a unique id prefix, in that order
 * (as docker does), read its record and, when LOCK, lock it. A record that
 * says running or paused although both its PID 1 and its monitor are gone
 * (a kill -9 of the monitor) is corrected to exited when locked. -1 with a
 * diagnostic: no such container, or an ambiguous prefix. */
int ctr_open(const char *ref, struct ctr_state *st, bool lock);

/* Read the record again (same directory), under the lock, correcting a
 * stale one as ctr_open does: for waiting until something changes. */
int ctr_refresh(struct ctr_state *st);

/* Lock or unlock an open record (flock on its directory). */
int ctr_lock(struct ctr_state *st);
void ctr_unlock(struct ctr_state *st);

/* Write the record atomically (state.json.tmp, then rename). */
int ctr_save(struct ctr_state *st);

/* May ST go to status TO? VERB is the user's word for it ("pause",
 * "start"). -1 with "cannot pause container web: it is exited" and a hint. */
int ctr_check_transition(const struct ctr_state *st, enum ctr_status to, const char *verb);

/* Is ST in one of STATUSES (a mask of CTR_BIT(status))? The same
 * message as above when not, for an action that is no transition ("kill"). */
#define CTR_BIT(s) (1u << (s))
int ctr_require_status(const struct ctr_state *st, unsigned statuses, const char *verb);

/* Every container's record (unlocked), newest first. */
int ctr_list(struct ctr_state **out, int *n);
void ctr_list_free(struct ctr_state *list, int n);

/* Is PID alive and the process that started at START? A zombie counts as
 * gone, and so does any PID when START is 0 (not known). */
bool ctr_process_alive(pid_t pid, unsigned long long start);

/* The start time of PID in clock ticks since boot (field 22 of
 * /proc/PID/stat); 0 when it cannot be read. */
unsigned long long ctr_process_start(pid_t pid);

/* Now, as RFC 3339 in UTC with nanoseconds; and back to a time. */
void ctr_time_now(char buf[CTR_TIME_LEN]);
int ctr_time_parse(const char *s, struct timespec *ts);

/* "5 seconds", "About a minute", "3 hours": Docker's way to say how long. */
const char *ctr_human_duration(double seconds, char *buf, size_t len);

/* The user's name for a container in messages: its name, else short id. */
const char *ctr_label(const struct ctr_state *st);

#endif
