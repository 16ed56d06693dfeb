/* ctrstatus — a container's statuses, their names, and which changes
 * between them Docker's lifecycle allows (the diagram is in ctrstate.h). */
#include "ctrstate.h"
#include "diag.h"

#include <stdio.h>
#include <string.h>

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
