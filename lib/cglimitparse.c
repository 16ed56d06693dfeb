/* cglimitparse — the user's values for the limits (--memory 64M,
 * --cpus 1.5, --cpuset-cpus 0-3,6 ...), checked and put in their units,
 * before any file is touched. io-max's parser is in cglimitiomax.c. */
#include "cglimit.h"
#include "cglimitrows.h"
#include "diag.h"
#include "opt.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- parsers --- */

int parse_size(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	char what[32];
	snprintf(what, sizeof what, "--%s", l->name);
	if (units_parse_size(what, text, true, &v->n) < 0)
		return -1;
	if (v->n == 0)
		return diag_set(0, "a group with no memory could run nothing; use max for no limit", "bad %s '%s'",
				what, text);
	return 0;
}

int parse_cpus(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	(void)l;
	if (!strcmp(text, "max")) {
		v->n = UINT64_MAX;
		return 0;
	}
	if (units_parse_cpus("--cpus", text, CG_CPU_PERIOD_US, &v->n) < 0)
		return -1;
	/* The kernel's bounds for a quota: 1 ms, and about 2^44 µs
	 * (kernel/sched/core.c, tg_set_cfs_bandwidth). */
	if (v->n < 1000)
		return diag_set(0, "the smallest quota is 1 ms per 100 ms period: 0.01 CPUs", "--cpus '%s' is too small",
				text);
	if (v->n >= (1ULL << 44))
		return diag_set(0, NULL, "--cpus '%s' is too large", text);
	return 0;
}

int parse_weight(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	char what[32];
	unsigned long long n;
	snprintf(what, sizeof what, "--%s", l->name);
	if (opt_uint(what, text, 10000, &n) < 0)
		return -1;
	if (n < 1)
		return diag_set(0, "a weight is 1 to 10000, 100 being the default", "bad %s '%s'", what, text);
	v->n = n;
	return 0;
}

int parse_pids(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	unsigned long long n;
	(void)l;
	if (!strcmp(text, "max")) {
		v->n = UINT64_MAX;
		return 0;
	}
	/* PID_MAX_LIMIT: no more processes can exist. */
	if (opt_uint("--pids", text, 4194304, &n) < 0) {
		diag_hint("give a number of processes, or max for no limit");
		return -1;
	}
	v->n = n;
	return 0;
}

int cg_parse_cpuset_list(const char *what, const char *s, char *out, size_t len)
{
	const char *p = s;
	size_t o = 0;

	if (!*s)
		return diag_set(0, "give CPUs or nodes like 0-3,6", "empty %s", what);
	while (*p) {
		unsigned long long a, b;
		char *end;
		if (*p < '0' || *p > '9')
			break;
		a = b = strtoull(p, &end, 10);
		p = end;
		if (*p == '-') {
			if (p[1] < '0' || p[1] > '9')
				break;
			b = strtoull(p + 1, &end, 10);
			p = end;
		}
		/* The kernel's own limit for CPU numbers (NR_CPUS) is 8192. */
		if (a > b || b >= 8192)
			return diag_set(0, "ranges go up, from 0 to 8191", "bad %s '%s'", what, s);
		o += (size_t)snprintf(out + o, o < len ? len - o : 0, o ? ",%llu" : "%llu", a);
		if (b != a)
			o += (size_t)snprintf(out + o, o < len ? len - o : 0, "-%llu", b);
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			break;
	}
	if (*p)
		return diag_set(0, "give CPUs or nodes like 0-3,6", "bad %s '%s'", what, s);
	if (o >= len)
		return diag_set(0, NULL, "%s '%s' is too long", what, s);
	return 0;
}

int parse_list(const struct cg_limit *l, const char *text, struct cg_limit_value *v)
{
	char what[32];
	snprintf(what, sizeof what, "--%s", l->name);
	return cg_parse_cpuset_list(what, text, v->list, sizeof v->list);
}
