/* diag — record a failure once, print it once. See diag.h. */
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *prog = "ctrkit";

static struct {
	char what[512];
	char hint[1024];
	int err;
} last;

void diag_init(char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	prog = slash ? slash + 1 : argv[0];
	argv[0] = (char *)prog;
}

const char *diag_prog(void)
{
	return prog;
}

int diag_vset(int err, const char *hint, const char *what_fmt, va_list ap)
{
	vsnprintf(last.what, sizeof last.what, what_fmt, ap);
	snprintf(last.hint, sizeof last.hint, "%s", hint ? hint : "");
	last.err = err;
	return -1;
}

int diag_set(int err, const char *hint, const char *what_fmt, ...)
{
	va_list ap;
	va_start(ap, what_fmt);
	diag_vset(err, hint, what_fmt, ap);
	va_end(ap);
	return -1;
}

int diag_errno(void)
{
	return last.err;
}

void diag_hint(const char *hint_fmt, ...)
{
	va_list ap;
	va_start(ap, hint_fmt);
	vsnprintf(last.hint, sizeof last.hint, hint_fmt, ap);
	va_end(ap);
}

void diag_print(void)
{
	/* stdout may hold buffered output that belongs before the error. */
	fflush(stdout);
	fprintf(stderr, "%s: %s", prog, last.what[0] ? last.what : "failed");
	if (last.err)
		fprintf(stderr, ": %s", strerror(last.err));
	if (last.hint[0])
		fprintf(stderr, " — %s", last.hint);
	fputc('\n', stderr);
}

_Noreturn void die_diag(void)
{
	diag_print();
	exit(EXIT_TOOL_FAILED);
}

_Noreturn void die(int err, const char *hint, const char *what_fmt, ...)
{
	va_list ap;
	va_start(ap, what_fmt);
	diag_vset(err, hint, what_fmt, ap);
	va_end(ap);
	die_diag();
}

_Noreturn void die_usage(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	exit(EXIT_TOOL_FAILED);
}

void warn_msg(int err, const char *what_fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "%s: warning: ", prog);
	va_start(ap, what_fmt);
	vfprintf(stderr, what_fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}
