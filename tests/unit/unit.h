/* unit.h — a tiny TAP producer for the lib/ unit tests.
 *
 *   check(idmap_add_spec(&m, "0:1000:1") == 0, "a single range parses");
 *   return unit_done();
 *
 * Each check prints "ok N - text" or "not ok N - text"; test-all counts
 * them with the bats suites. */
#ifndef CTRKIT_UNIT_H
#define CTRKIT_UNIT_H

#include <stdio.h>

static int unit_n, unit_failed;
static const char *unit_file = __FILE__;

#define check(cond, ...)                                                        \
	do {                                                                    \
		unit_n++;                                                       \
		if (cond) {                                                     \
			printf("ok %d - ", unit_n);                             \
		} else {                                                        \
			unit_failed++;                                          \
			printf("not ok %d - ", unit_n);                         \
		}                                                               \
		printf(__VA_ARGS__);                                            \
		printf("\n");                                                   \
		if (!(cond))                                                    \
			printf("#   %s:%d: %s\n", unit_file, __LINE__, #cond);  \
	} while (0)

static inline int unit_done(void)
{
	(void)unit_file;
	return unit_failed ? 1 : 0;
}

#endif
