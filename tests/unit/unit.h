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

/* COND is evaluated once: it may have effects (adding a range). */
#define check(cond, ...)                                                        \
	do {                                                                    \
		int unit_ok = (cond);                                           \
		unit_n++;                                                       \
		printf("%sok %d - ", unit_ok ? "" : "not ", unit_n);            \
		printf(__VA_ARGS__);                                            \
		printf("\n");                                                   \
		if (!unit_ok) {                                                 \
			unit_failed++;                                          \
			printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                               \
	} while (0)

static inline int unit_done(void)
{
	return unit_failed ? 1 : 0;
}

#endif
