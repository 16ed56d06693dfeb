/* cgfreeze — freezing and thawing a group (cg_freeze, cg_frozen, see
 * cggroup.h): v2's cgroup.freeze and cgroup.events, v1's freezer.state,
 * and the wait until the kernel says it is done. */
#include "cggroup.h"
#include "cggroupshared.h"
#include "diag.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

static int freezer_files(const struct cg_system *s, const char *name, const struct cg_hierarchy **h,
			 char *control, char *state, size_t len)
{
	char dir[PATH_MAX];

	if (!(*h = cg_need(s, CG_FREEZER)) || cg_group_dir(*h, name, dir, sizeof dir) < 0)
		return -1;
	if (!cg_is_dir(dir)) {
		diag_set(ENOENT, NULL, "no group %s (%s)", name, dir);
		diag_hint("create it with cg-create %s", name);
		return -1;
	}
	if ((*h)->version == 1)
		return cg_file(*h, dir, "freezer.state", control, len) < 0 ||
		       cg_file(*h, dir, "freezer.state", state, len) < 0 ? -1 : 0;
	return cg_file(*h, dir, "cgroup.freeze", control, len) < 0 || cg_file(*h, dir, "cgroup.events", state, len) < 0
		       ? -1
		       : 0;
}

/* Frozen according to the state file: 1, 0, or -1 with a diagnostic. */
static int read_frozen(const struct cg_hierarchy *h, const char *state, bool want)
{
	char buf[512];
	uint64_t v;

	if (h->version == 2)
		return cg_read_u64(state, "frozen", &v) < 0 ? -1 : v == 1;
	if (cg_read(state, buf, sizeof buf) < 0)
		return -1;
	/* FREEZING is neither: the freeze is not finished yet. */
	if (!strcmp(buf, "FROZEN"))
		return 1;
	if (!strcmp(buf, "THAWED"))
		return 0;
	return !want;
}

int cg_freeze(const struct cg_system *s, const char *name, bool freeze, int timeout_ms)
{
	const struct cg_hierarchy *h;
	char control[PATH_MAX], state[PATH_MAX];
	const char *value, *why;
	int delay = 1, r;
	long long deadline = now_ms() + timeout_ms, rewrite = now_ms() + 100;

	if (freezer_files(s, name, &h, control, state, sizeof control) < 0)
		return -1;
	if (h->version == 1) {
		value = freeze ? "FROZEN" : "THAWED";
		why = freeze ? "v1 freezer: stop every task in the group and below" : "v1 freezer: let them run again";
	} else {
		value = freeze ? "1" : "0";
		why = freeze ? "v2: freeze the group and its children; cgroup.events says when it is done"
			     : "v2: thaw; cgroup.events says when it is done";
	}
	if (cg_write(control, value, why) < 0)
		return -1;
	while ((r = read_frozen(h, state, freeze)) != (int)freeze) {
		if (r < 0)
			return -1;
		if (now_ms() >= deadline)
			return diag_set(ETIMEDOUT, "a task in uninterruptible sleep (state D, often waiting for I/O) "
					"cannot be frozen until it wakes; see ps -o pid,stat,wchan",
					"%s group %s: %s still says %s after %d ms", freeze ? "freeze" : "thaw", name, state,
					freeze ? "not frozen" : "frozen", timeout_ms);
		/* A v1 freeze that meets a busy task stays FREEZING; writing
		 * FROZEN again retries it (cgroup-v1/freezer-subsystem.rst). */
		if (h->version == 1 && freeze && now_ms() >= rewrite) {
			cg_write(control, value, "v1 freezer: still FREEZING, try again");
			rewrite = now_ms() + 100;
		}
		backoff(&delay);
	}
	return 0;
}

int cg_frozen(const struct cg_system *s, const char *name)
{
	const struct cg_hierarchy *h;
	char control[PATH_MAX], state[PATH_MAX];

	if (freezer_files(s, name, &h, control, state, sizeof control) < 0)
		return -1;
	return read_frozen(h, state, true);
}
