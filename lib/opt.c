/* opt — see opt.h. */
#include "opt.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef CTRKIT_VERSION
#define CTRKIT_VERSION "unknown"
#endif

bool opt_common(int c, const char *usage)
{
	switch (c) {
	case 'h':
		printf(usage, diag_prog());
		exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_TOOL_FAILED);
	case OPT_VERSION:
		printf("%s (ctrkit) %s\n", diag_prog(), CTRKIT_VERSION);
		exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_TOOL_FAILED);
	case OPT_EXPLAIN:
		explain_enable();
		return true;
	case '?':
		/* getopt already said what was wrong. */
		fprintf(stderr, "Try '%s --help' for more information.\n", diag_prog());
		exit(EXIT_TOOL_FAILED);
	}
	return false;
}

char **opt_command(int argc, char **argv, bool required)
{
	int i = optind;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		if (required)
			die_usage("no command given: put it after the options, for example -- /bin/sh");
		return NULL;
	}
	return &argv[i];
}

int opt_uint(const char *what, const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return diag_set(0, "give a whole number", "bad %s '%s'", what, s ? s : "");
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end)
		return diag_set(0, "give a whole number", "bad %s '%s'", what, s);
	if (errno == ERANGE || v > max)
		return diag_set(0, NULL, "%s '%s' is out of range (at most %llu)", what, s, max);
	*out = v;
	return 0;
}

int opt_int(const char *what, const char *s, long long min, long long max, long long *out)
{
	char *end;
	const char *digits = s && (*s == '-' || *s == '+') ? s + 1 : s;

	if (!digits || *digits < '0' || *digits > '9')
		return diag_set(0, "give a whole number", "bad %s '%s'", what, s ? s : "");
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end)
		return diag_set(0, "give a whole number", "bad %s '%s'", what, s);
	if (errno == ERANGE || v < min || v > max)
		return diag_set(0, NULL, "%s '%s' is out of range (%lld to %lld)", what, s, min, max);
	*out = v;
	return 0;
}

int opt_signal(const char *name)
{
	const char *n = !strncasecmp(name, "SIG", 3) ? name + 3 : name;
	unsigned long long num;

	for (int s = 1; s < NSIG; s++) {
		const char *abbrev = sigabbrev_np(s);
		if (abbrev && !strcasecmp(n, abbrev))
			return s;
	}
	if (opt_uint("signal", name, NSIG - 1, &num) == 0 && num > 0)
		return (int)num;
	return diag_set(0, "use a name like KILL, TERM or HUP, or a number (kill -l lists them)", "unknown signal '%s'",
			name);
}
