/* diag — the one error path every tool shares.
 *
 * A library function that fails records what went wrong here — the
 * operation, the object it acted on, the kernel's errno and a hint for the
 * fix — and returns -1 (or NULL). The tool prints that once and exits 125.
 * Nothing in lib/ prints an error or exits on its own.
 *
 *   ns-clone: clone(CLONE_NEWUSER): Operation not permitted — user
 *   namespaces are disabled (see /proc/sys/user/max_user_namespaces)
 */
#ifndef CTRKIT_DIAG_H
#define CTRKIT_DIAG_H

#include <stdarg.h>

/* Exit statuses shared by every tool, as coreutils env/chroot and docker run. */
enum {
	EXIT_TOOL_FAILED = 125, /* the tool itself failed: usage, kernel, input */
	EXIT_CANNOT_EXEC = 126, /* the command exists but could not be executed */
	EXIT_NOT_FOUND = 127,   /* the command was not found */
};

/* Set the program name used in every message to the basename of argv[0],
 * and make argv[0] that name too, so getopt's messages match ours. */
void diag_init(char **argv);
const char *diag_prog(void);

/* Record a failure. ERR is an errno value (0 when the kernel was not
 * involved); HINT may be NULL. WHAT names the operation and the object,
 * e.g. "mount proc on /proc". Always returns -1, so callers can write
 * `return diag_set(errno, hint, "open %s", path);`. */
int diag_set(int err, const char *hint, const char *what_fmt, ...)
	__attribute__((format(printf, 3, 4)));
int diag_vset(int err, const char *hint, const char *what_fmt, va_list ap);

/* Errno of the recorded failure (0 if none or not a kernel error). */
int diag_errno(void);

/* Replace the hint of the recorded failure: a caller often knows better
 * than the library what the user should do. */
void diag_hint(const char *hint_fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the recorded failure to stderr: "prog: what: strerror — hint". */
void diag_print(void);

/* For tools only: print the recorded failure and exit 125. */
_Noreturn void die_diag(void);

/* For tools only: record and print a failure, exit 125. */
_Noreturn void die(int err, const char *hint, const char *what_fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* For tools only: a usage error — one line, a pointer to --help, exit 125. */
_Noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a warning in the same shape, and carry on. */
void warn_msg(int err, const char *what_fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
