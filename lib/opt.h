/* opt — what every tool's command line shares.
 *
 * Every tool takes -h/--help (its usage, which is also its documentation),
 * --version and --explain. Options stop at the first word that is not one
 * (getopt's "+"), so a chained command keeps its own flags; "--" may mark
 * where the command starts.
 */
#ifndef CTRKIT_OPT_H
#define CTRKIT_OPT_H

#include <getopt.h>
#include <stdbool.h>

/* Long-option values for the common options, above any char. */
enum { OPT_VERSION = 0x1000, OPT_EXPLAIN, OPT_TOOL_BASE };

#define OPT_COMMON_LONG                                      \
	{ "help", no_argument, NULL, 'h' },                  \
	{ "version", no_argument, NULL, OPT_VERSION },       \
	{ "explain", no_argument, NULL, OPT_EXPLAIN }

/* Handle a common option C: print USAGE (a printf format taking the program
 * name as every %1$s) or the version and exit 0, or turn on --explain.
 * Returns true when C was one of them. A '?' (unknown option or missing
 * argument, already reported by getopt) becomes the usual pointer to
 * --help and exit 125. */
bool opt_common(int c, const char *usage);

/* The command after the options: argv[optind...], "--" skipped. Exits 125
 * with a usage error when there is none and REQUIRED is true. */
char **opt_command(int argc, char **argv, bool required);

/* Strict numbers: all digits, no sign where none is allowed, in range.
 * -1 with a diagnostic naming WHAT on bad input. */
int opt_uint(const char *what, const char *s, unsigned long long max, unsigned long long *out);
int opt_int(const char *what, const char *s, long long min, long long max, long long *out);

/* A signal by name ("TERM", "SIGTERM", any case) or number, as kill(1)
 * takes it; -1 with a diagnostic when there is no such signal. */
int opt_signal(const char *name);

#endif
