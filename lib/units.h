/* units — the numbers people type for resource limits, and back.
 *
 * Sizes as docker and the kernel's own memparse write them: "64M", "1.5G",
 * "512k", "100" (bytes); k, M, G, T, P, E are powers of 1024 (an optional
 * trailing "B" or "iB" is allowed: 64MiB). "max" or "-1" means no limit.
 * CPUs as a decimal count of CPUs: "1.5", "0.2". Everything is checked
 * strictly: no sign, no unknown suffix ("64Q"), no overflow, no trailing
 * junk, so a typo is an error rather than a surprising limit.
 */
#ifndef CTRKIT_UNITS_H
#define CTRKIT_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "No limit", as the kernel writes it on v2 ("max"). */
#define UNITS_MAX UINT64_MAX

/* Parse a size in bytes into OUT; "max" and "-1" give UNITS_MAX when
 * ALLOW_MAX. -1 with a diagnostic naming WHAT on bad input. */
int units_parse_size(const char *what, const char *s, bool allow_max, uint64_t *out);

/* Parse a CPU count ("1.5") into a quota in microseconds per PERIOD_US:
 * 1.5 CPUs at 100000 is 150000. At most five decimals (1 µs per 100 ms);
 * zero and negative counts are refused. */
int units_parse_cpus(const char *what, const char *s, uint64_t period_us, uint64_t *quota_us);

/* Format BYTES exactly, in the largest unit that keeps it exact with at
 * most two decimals: 67108864 → "64M", 1610612736 → "1.5G", 1000 → "1000";
 * UNITS_MAX → "max". What cg-limit prints, so it reads back as typed. */
const char *units_format_size(uint64_t bytes, char *buf, size_t len);

/* Format BYTES for people, rounded to one decimal: "12.3M". */
const char *units_format_size_approx(uint64_t bytes, char *buf, size_t len);

/* Format a quota per period as a CPU count: 150000/100000 → "1.5". */
const char *units_format_cpus(uint64_t quota_us, uint64_t period_us, char *buf, size_t len);

/* Format microseconds of CPU time: "0.52s", "12m03s". */
const char *units_format_usec(uint64_t usec, char *buf, size_t len);

#endif
