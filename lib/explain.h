/* explain — the --explain trace.
 *
 * Each system call or kernel file write that matters is printed to stderr,
 * "+ "-prefixed, right next to the call it describes and in the order it
 * happens:
 *
 *   + clone(CLONE_NEWPID|CLONE_NEWUTS|SIGCHLD) = 4242
 *   + write /proc/4242/uid_map "0 1000 1"
 *
 * --explain sets CTRKIT_EXPLAIN=1 in the environment, so every tool later in
 * an exec chain traces too.
 */
#ifndef CTRKIT_EXPLAIN_H
#define CTRKIT_EXPLAIN_H

#include <stdbool.h>

/* Turn tracing on for this process and the commands it execs. */
void explain_enable(void);

/* True when --explain was given or CTRKIT_EXPLAIN=1 was inherited. */
bool explain_on(void);

/* Print one trace line: "+ " then the formatted text. */
void explain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Quote DATA for a trace line: printable text in double quotes, newlines
 * as \n, other bytes as \xNN; the result is cut to fit LEN. */
const char *explain_quote(const char *data, char *buf, unsigned long len);

#endif
