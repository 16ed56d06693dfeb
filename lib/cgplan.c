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
	p->devices_change.prog_fd = p->devices_change.dir_fd = -1;
}

void cg_plan_free(struct cg_plan *p)
{
	free(p->step);
	p->step = NULL;
	p->nsteps = p->capacity = 0;
	cg_devices_change_free(&p->devices_change);
}

int cg_plan_devices(struct cg_plan *p, const char *preset)
{
	if (cg_device_preset(preset, &p->devices) < 0)
		return -1;
	p->devices_set = p->devices_preset_given = true;
	return 0;
}

int cg_plan_device_allow(struct cg_plan *p, const char *rule)
{
	struct cg_device_rule r;

	if (cg_device_rule_parse(rule, &r) < 0)
		return -1;
	if (p->ndevices_allow == CG_DEVICE_RULES_MAX)
		return diag_set(0, NULL, "more than %d --device-allow rules", CG_DEVICE_RULES_MAX);
	p->devices_allow[p->ndevices_allow++] = r;
	p->devices_set = true;
	return 0;
}

/* The device rules the options add up to: the preset (none when there is
 * none), then each --device-allow. */
static int devices_rules(struct cg_plan *p, struct cg_device_rules *rules)
{
	if (!p->devices_preset_given)
		cg_device_preset("none", &p->devices);
	*rules = p->devices;
	if (rules->allow_all && p->ndevices_allow)
		return diag_set(0, "use --devices container or none with --device-allow, or --devices all alone",
				"--devices all allows every device already: --device-allow would add nothing");
	for (int i = 0; i < p->ndevices_allow; i++)
		if (p->devices_allow[i].type == 'a')
			rules->allow_all = true;
		else if (cg_device_rules_add(rules, &p->devices_allow[i]) < 0)
			return -1;
	if (rules->allow_all)
		rules->n = 0;
	return 0;
}

/* Check the device rules can be set, and get ready (v2: load the program). */
static int plan_devices(struct cg_plan *p)
{
	struct cg_device_rules rules;
	const struct cg_hierarchy *h;
	char dir[PATH_MAX];

	if (devices_rules(p, &rules) < 0)
		return -1;
	if (!(h = cg_need(p->sys, CG_DEVICES)) || cg_group_dir(h, p->name, dir, sizeof dir) < 0)
		return -1;
	if (!cg_is_dir(dir)) {
		diag_set(ENOENT, NULL, "no group %s (%s)", p->name, dir);
		diag_hint("create it with cg-create %s", p->name);
		return -1;
	}
	if (cg_devices_prepare(&p->devices_change, h, dir, &rules) < 0) {
		if (h->version == 1 && diag_errno() == ENOENT)
			diag_hint("the devices hierarchy has no devices.list there: is it the devices controller?");
		return -1;
	}
	return 0;
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
	int i;

	if (plan_writes(p) < 0 || (p->devices_set && plan_devices(p) < 0))
		return -1;
	for (i = 0; i < p->nsteps; i++) {
		const struct cg_plan_step *st = &p->step[i];
		if (cg_write(st->path, st->value, st->why) == 0)
			continue;
		const char *hint = st->limit->hint ? st->limit->hint(diag_errno(), st->version) : NULL;
		if (hint)
			diag_hint("%s", hint);
		goto undo;
	}
	/* Last: a v2 attach cannot be taken back once made, and a failed
	 * commit leaves the device rules as they were. */
	if (!p->devices_set || cg_devices_commit(&p->devices_change) == 0)
		return 0;
undo:
	while (i-- > 0)
		cg_write_undo(p->step[i].path, p->step[i].old);
	return -1;
}

int cg_devices_limit_show(const struct cg_system *s, const char *name, char *buf, size_t len, char *files,
			  size_t files_len)
{
	const struct cg_hierarchy *h = s->by_ctrl[CG_DEVICES];
	char dir[PATH_MAX];

	if (files)
		snprintf(files, files_len, "%s", h ? (h->version == 2 ? "bpf CGROUP_DEVICE" : "devices.list") : "-");
	if (!(h = cg_need(s, CG_DEVICES)) || cg_group_dir(h, name, dir, sizeof dir) < 0)
		return -1;
	return cg_devices_show(h, dir, buf, len);
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
