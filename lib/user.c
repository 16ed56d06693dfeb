/* user — see user.h. */
#include "user.h"
#include "diag.h"
#include "opt.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Open PATH of the current root for reading, if it is a regular file. NULL
 * with errno ENOENT when it is missing (a root without /etc/group is
 * fine), NULL with a diagnostic for anything worse. */
static FILE *open_db(const char *path, bool *failed)
{
	struct stat st;
	*failed = false;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return NULL;
		*failed = true;
		diag_set(errno, NULL, "open %s", path);
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		*failed = true;
		diag_set(0, "the root's user database must be a regular file", "read %s: not a regular file", path);
		return NULL;
	}
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		*failed = true;
		diag_set(errno, NULL, "read %s", path);
	}
	return f;
}

static bool is_number(const char *s)
{
	return *s >= '0' && *s <= '9';
}

/* /etc/passwd: the entry for NAME, or for UID when NAME is NULL. */
static int find_user(const char *name, uid_t uid, struct user_ids *ids, bool *found)
{
	bool failed;
	struct passwd *pw;
	FILE *f = open_db("/etc/passwd", &failed);

	*found = false;
	if (!f)
		return failed ? -1 : 0;
	while ((pw = fgetpwent(f)))
		if (name ? !strcmp(pw->pw_name, name) : pw->pw_uid == uid) {
			ids->uid = pw->pw_uid;
			ids->gid = pw->pw_gid;
			snprintf(ids->name, sizeof ids->name, "%s", pw->pw_name);
			snprintf(ids->home, sizeof ids->home, "%s", pw->pw_dir ? pw->pw_dir : "");
			*found = true;
			break;
		}
	fclose(f);
	return 0;
}

/* /etc/group: the GID of group NAME (FOUND tells), and, when MEMBER is
 * not NULL, every group that lists MEMBER, into IDS->groups. */
static int scan_groups(const char *name, gid_t *gid, bool *found, const char *member, struct user_ids *ids)
{
	bool failed;
	struct group *gr;
	FILE *f = open_db("/etc/group", &failed);

	*found = false;
	if (!f)
		return failed ? -1 : 0;
	while ((gr = fgetgrent(f))) {
		if (name && !*found && !strcmp(gr->gr_name, name)) {
			*gid = gr->gr_gid;
			*found = true;
		}
		for (char **m = gr->gr_mem; member && *m; m++) {
			if (strcmp(*m, member))
				continue;
			if (ids->ngroups == USER_MAX_GROUPS) {
				fclose(f);
				return diag_set(0, NULL, "user %s is in more than %d groups", member, USER_MAX_GROUPS);
			}
			ids->groups[ids->ngroups++] = gr->gr_gid;
			break;
		}
	}
	fclose(f);
	return 0;
}

int user_resolve(const char *spec, struct user_ids *ids)
{
	char user[256];
	const char *colon = strchr(spec, ':');
	const char *group = colon ? colon + 1 : NULL;
	unsigned long long n;
	bool found;

	*ids = (struct user_ids){ 0 };
	snprintf(user, sizeof user, "%.*s", colon ? (int)(colon - spec) : (int)strlen(spec), spec);
	if (!*user || (group && !*group))
		return diag_set(0, "give USER, USER:GROUP, UID or UID:GID", "bad user '%s'", spec);

	if (is_number(user)) {
		if (opt_uint("user ID", user, 4294967294ULL, &n) < 0)
			return -1;
		/* Docker: a number need not be in /etc/passwd; its group is 0. */
		if (find_user(NULL, (uid_t)n, ids, &found) < 0)
			return -1;
		ids->uid = (uid_t)n;
	} else {
		if (find_user(user, 0, ids, &found) < 0)
			return -1;
		if (!found)
			return diag_set(0, "a user name must be in the root's /etc/passwd; a number need not be",
					"unknown user '%s'", user);
	}

	if (group && is_number(group)) {
		if (opt_uint("group ID", group, 4294967294ULL, &n) < 0)
			return -1;
		ids->gid = (gid_t)n;
	} else if (group) {
		if (scan_groups(group, &ids->gid, &found, NULL, ids) < 0)
			return -1;
		if (!found)
			return diag_set(0, "a group name must be in the root's /etc/group; a number need not be",
					"unknown group '%s'", group);
	} else if (ids->name[0]) {
		/* Only the implicit form gets the user's groups, as in Docker. */
		if (scan_groups(NULL, NULL, &found, ids->name, ids) < 0)
			return -1;
	}
	return 0;
}
