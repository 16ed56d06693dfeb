/* cgplan — apply limits all or nothing. See cglimit.h.
 *
 * The plan is data (bubblewrap's way with mounts): the settings parsed from
 * the command line, then the list of kernel file writes they become, each
 * with the file's old value. Building the list reads every file, so a
 * missing controller or file stops everything before the first write; a
 * write the kernel refuses has the writes before it put back.
 */
#include "cglimit.h"
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cg_plan_init(struct cg_plan *p, const struct cg_system *s, const char *name)
{
	*p = (struct cg_plan){ .sys = s, .name = name };
}

void cg_plan_free(struct cg_plan *p)
{
	free(p->step);
	p->step = NULL;
	p->nsteps = p->capacity = 0;
}

int cg_plan_add(struct cg_plan *p, const struct cg_limit *l, const char *text)
{
	struct cg_limit_value v = { 0 };
	int i;

	if (l->parse(l, text, &v) < 0)
		return -1;
	for (i = 0; i < p->nsettings; i++)
		if (p->setting[i].limit == l &&
		    (l != &cg_limits[CG_LIMIT_IO_MAX] ||
		     (p->setting[i].value.io.major == v.io.major && p->setting[i].value.io.minor == v.io.minor)))
			break;
	if (i == (int)(sizeof p->setting / sizeof p->setting[0]))
		return diag_set(0, NULL, "too many limits at once");
	p->setting[i].limit = l;
	p->setting[i].value = v;
	if (i == p->nsettings)
		p->nsettings++;
	return 0;
}

const struct cg_limit_value *cg_plan_value(const struct cg_plan *p, enum cg_limit_id id)
{
	for (int i = 0; i < p->nsettings; i++)
		if (p->setting[i].limit == &cg_limits[id])
			return &p->setting[i].value;
	return NULL;
}

/* Why a missing file is missing: on v2, usually the controller is not
 * enabled for the group by its parent. */
static void hint_missing(const struct cg_plan *p, const struct cg_limit *l, const struct cg_hierarchy *h,
			 const char *dir)
{
	char path[PATH_MAX], enabled[512];
	const char *v2 = cg_controllers[l->ctrl].v2;
	const char *slash = strrchr(dir, '/');

	if (h->version == 2 && v2 && slash) {
		snprintf(path, sizeof path, "%.*s/cgroup.subtree_control", (int)(slash - dir), dir);
		if (cg_read(path, enabled, sizeof enabled) >= 0 && !strstr(enabled, v2)) {
			diag_hint("the %s controller is not enabled for group %s: %s lacks it (is it in your cgroup's "
				  "cgroup.controllers? cg-create enables what it can)", v2, p->name, path);
			return;
		}
	}
	const char *hint = l->hint ? l->hint(ENOENT, h->version) : NULL;
	if (hint)
		diag_hint("%s", hint);
}

int cg_plan_write(struct cg_plan *p, const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir,
		  const char *file, const char *value, const char *old, int at)
{
	char path[PATH_MAX], current[512], why[128];
	struct cg_plan_step *st;

	if (cg_file(h, dir, file, path, sizeof path) < 0)
		return -1;
	if (!old) {
		if (cg_read(path, current, sizeof current) < 0) {
			if (diag_errno() == ENOENT)
				hint_missing(p, l, h, dir);
			return -1;
		}
		/* What reads back must write back: v1's "unlimited" is a huge
		 * number that means -1, an empty list is written as "\n". */
		if (h->version == 1 && current[0] >= '0' && current[0] <= '9' && strtoull(current, NULL, 10) >= (1ULL << 62))
			snprintf(current, sizeof current, "-1");
		if (!*current)
			snprintf(current, sizeof current, "\n");
		old = current;
	}
	if (p->nsteps == p->capacity) {
		int capacity = p->capacity ? p->capacity * 2 : 16;
		struct cg_plan_step *grown = realloc(p->step, sizeof *grown * (size_t)capacity);
		if (!grown)
			return diag_set(ENOMEM, NULL, "plan the limits");
		p->step = grown;
		p->capacity = capacity;
	}
	if (at < 0 || at > p->nsteps)
		at = p->nsteps;
	memmove(&p->step[at + 1], &p->step[at], sizeof *st * (size_t)(p->nsteps - at));
	p->nsteps++;
	st = &p->step[at];
	*st = (struct cg_plan_step){ .limit = l, .version = h->version };
	snprintf(st->path, sizeof st->path, "%s", path);
	snprintf(st->value, sizeof st->value, "%s", value);
	snprintf(st->old, sizeof st->old, "%s", old);
	cg_why_version(p->sys, l->ctrl, why, sizeof why);
	if (h->version == 1 && l->v1_conversion)
		snprintf(st->why, sizeof st->why, "%s; %s", why, l->v1_conversion);
	else
		snprintf(st->why, sizeof st->why, "%s", why);
	return 0;
}

/* Turn the settings into writes, in the table's order (memory before
 * memory-swap, which depends on it), reading every file on the way. */
static int plan_writes(struct cg_plan *p)
{
	char dir[PATH_MAX];

	for (int id = 0; id < CG_LIMIT_COUNT; id++)
		for (int i = 0; i < p->nsettings; i++) {
			const struct cg_limit *l = p->setting[i].limit;
			if (l != &cg_limits[id])
				continue;
			const struct cg_hierarchy *h = cg_need(p->sys, l->ctrl);
			if (!h || cg_group_dir(h, p->name, dir, sizeof dir) < 0)
				return -1;
			if (!cg_is_dir(dir)) {
				diag_set(ENOENT, NULL, "no group %s (%s)", p->name, dir);
				diag_hint("create it with cg-create %s", p->name);
				return -1;
			}
			if (l->plan(p, l, &p->setting[i].value, h, dir) < 0)
				return -1;
		}
	return 0;
}

int cg_plan_apply(struct cg_plan *p)
{
	if (plan_writes(p) < 0)
		return -1;
	for (int i = 0; i < p->nsteps; i++) {
		const struct cg_plan_step *st = &p->step[i];
		if (cg_write(st->path, st->value, st->why) == 0)
			continue;
		const char *hint = st->limit->hint ? st->limit->hint(diag_errno(), st->version) : NULL;
		if (hint)
			diag_hint("%s", hint);
		while (i-- > 0)
			cg_write_undo(p->step[i].path, p->step[i].old);
		return -1;
	}
	return 0;
}

int cg_limit_show(const struct cg_system *s, const char *name, const struct cg_limit *l, char *buf, size_t len,
		  char *files, size_t files_len)
{
	const struct cg_hierarchy *h = s->by_ctrl[l->ctrl];
	char dir[PATH_MAX];

	if (files)
		snprintf(files, files_len, "%s", h ? (h->version == 2 ? l->v2_file : l->v1_file) : "-");
	if (!(h = cg_need(s, l->ctrl)) || cg_group_dir(h, name, dir, sizeof dir) < 0)
		return -1;
	if (files && h->version == 1 && l == &cg_limits[CG_LIMIT_CPUS])
		snprintf(files, files_len, "%s, cpu.cfs_period_us", l->v1_file);
	if (files && h->version == 2 && l == &cg_limits[CG_LIMIT_MEMORY_SWAP])
		snprintf(files, files_len, "%s, memory.max", l->v2_file);
	return l->show(l, h, dir, buf, len);
}
