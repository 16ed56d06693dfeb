/* units — see units.h. */
#include "units.h"
#include "diag.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A decimal number "DIGITS[.DIGITS]" at the start of S: its whole part,
 * its fraction scaled to FRAC_DIGITS decimals, and where it ends. -1 when
 * there are no digits or too many decimals, -2 when it overflows. */
static int parse_decimal(const char *s, unsigned frac_digits, uint64_t *whole, uint64_t *frac,
			 const char **end)
{
	const char *p = s;
	unsigned n = 0;

	*whole = *frac = 0;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		if (__builtin_mul_overflow(*whole, 10, whole) || __builtin_add_overflow(*whole, (uint64_t)(*p - '0'), whole))
			return -2;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++, n++) {
			if (n == frac_digits)
				return -1;
			*frac = *frac * 10 + (uint64_t)(*p - '0');
		}
	}
	for (; n < frac_digits; n++)
		*frac *= 10;
	*end = p;
	return 0;
}

static uint64_t pow10u(unsigned n)
{
	uint64_t v = 1;
	while (n--)
		v *= 10;
	return v;
}

/* The multiplier of a unit suffix ("", "k", "M", "GiB", "gb"), 0 if none. */
static uint64_t size_unit(const char *u)
{
	static const char letters[] = "kmgtpe";
	const char *l = *u ? strchr(letters, u[0] | 0x20) : NULL;
	uint64_t mult = 1;

	if (!*u || !strcasecmp(u, "b"))
		return 1;
	if (!l)
		return 0;
	for (long i = 0; i <= l - letters; i++)
		mult *= 1024;
	u++;
	if (*u == 'i' || *u == 'I')
		u++;
	return !*u || !strcasecmp(u, "b") ? mult : 0;
}

int units_parse_size(const char *what, const char *s, bool allow_max, uint64_t *out)
{
	enum { DECIMALS = 9 }; /* more than any unit needs */
	uint64_t whole, frac, mult, bytes;
	const char *end;

	if (allow_max && (!strcmp(s, "max") || !strcmp(s, "-1"))) {
		*out = UNITS_MAX;
		return 0;
	}
	if (*s == '-')
		return diag_set(0, allow_max ? "sizes are not negative; use max (or -1) for no limit" : "sizes are not negative",
				"bad %s '%s'", what, s);
	int rc = parse_decimal(s, DECIMALS, &whole, &frac, &end);
	if (rc == -2)
		return diag_set(0, "the largest size is 16 exabytes less a byte", "%s '%s' is too large", what, s);
	if (rc < 0)
		return diag_set(0, "give a size like 100 (bytes), 512k, 64M or 1.5G", "bad %s '%s'", what, s);
	mult = size_unit(end);
	if (!mult)
		return diag_set(0, "units are k, M, G, T, P and E (powers of 1024), or none for bytes",
				"bad %s '%s': unknown unit '%s'", what, s, end);
	if (frac && mult == 1)
		return diag_set(0, "a size in bytes is a whole number", "bad %s '%s'", what, s);
	if (__builtin_mul_overflow(whole, mult, &bytes) ||
	    __builtin_add_overflow(bytes, (uint64_t)((unsigned __int128)frac * mult / pow10u(DECIMALS)), &bytes) ||
	    bytes == UNITS_MAX)
		return diag_set(0, "the largest size is 16 exabytes less a byte", "%s '%s' is too large", what, s);
	*out = bytes;
	return 0;
}

int units_parse_cpus(const char *what, const char *s, uint64_t period_us, uint64_t *quota_us)
{
	enum { DECIMALS = 5 };
	uint64_t whole, frac, quota;
	const char *end;

	if (*s == '-')
		return diag_set(0, "give a positive number of CPUs, like 0.5 or 2", "bad %s '%s'", what, s);
	int rc = parse_decimal(s, DECIMALS, &whole, &frac, &end);
	if (rc == -2)
		return diag_set(0, NULL, "%s '%s' is too large", what, s);
	if (rc < 0 || *end)
		return diag_set(0, "give a number of CPUs, like 0.5 or 2, with at most 5 decimals", "bad %s '%s'",
				what, s);
	if (__builtin_mul_overflow(whole, period_us, &quota) ||
	    __builtin_add_overflow(quota, frac * period_us / pow10u(DECIMALS), &quota))
		return diag_set(0, NULL, "%s '%s' is too large", what, s);
	if (quota == 0)
		return diag_set(0, "give a positive number of CPUs, like 0.5 or 2", "bad %s '%s'", what, s);
	*quota_us = quota;
	return 0;
}

static const char unit_letters[] = " kMGTPE";

const char *units_format_size(uint64_t bytes, char *buf, size_t len)
{
	if (bytes == UNITS_MAX) {
		snprintf(buf, len, "max");
		return buf;
	}
	/* From the largest unit down, the first that shows it exactly. */
	for (int u = 6; u >= 1; u--) {
		uint64_t mult = 1ULL << (10 * u);
		if (bytes < mult)
			continue;
		if (bytes % mult == 0) {
			snprintf(buf, len, "%ju%c", (uintmax_t)(bytes / mult), unit_letters[u]);
			return buf;
		}
		/* Two decimals: exact when bytes * 100 is a multiple of mult. */
		if (bytes <= UINT64_MAX / 100 && bytes * 100 % mult == 0) {
			uint64_t hundredths = bytes * 100 / mult;
			if (hundredths % 10 == 0)
				snprintf(buf, len, "%ju.%ju%c", (uintmax_t)(hundredths / 100), (uintmax_t)(hundredths / 10 % 10),
					 unit_letters[u]);
			else
				snprintf(buf, len, "%ju.%02ju%c", (uintmax_t)(hundredths / 100), (uintmax_t)(hundredths % 100),
					 unit_letters[u]);
			return buf;
		}
	}
	snprintf(buf, len, "%ju", (uintmax_t)bytes);
	return buf;
}

const char *units_format_size_approx(uint64_t bytes, char *buf, size_t len)
{
	int u = 0;
	double v = (double)bytes;

	if (bytes == UNITS_MAX) {
		snprintf(buf, len, "max");
		return buf;
	}
	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%juB", (uintmax_t)bytes);
	else
		snprintf(buf, len, "%.1f%c", v, unit_letters[u]);
	return buf;
}

const char *units_format_cpus(uint64_t quota_us, uint64_t period_us, char *buf, size_t len)
{
	if (quota_us == UNITS_MAX || period_us == 0) {
		snprintf(buf, len, "max");
		return buf;
	}
	/* Five decimals, trailing zeros dropped: 20000/100000 → "0.2". */
	unsigned __int128 scaled = (unsigned __int128)quota_us * 100000 / period_us;
	snprintf(buf, len, "%ju.%05u", (uintmax_t)(scaled / 100000), (unsigned)(scaled % 100000));
	char *end = buf + strlen(buf);
	while (end[-1] == '0')
		*--end = '\0';
	if (end[-1] == '.')
		end[-1] = '\0';
	return buf;
}

const char *units_format_usec(uint64_t usec, char *buf, size_t len)
{
	uint64_t secs = usec / 1000000;

	if (secs < 60)
		snprintf(buf, len, "%ju.%02jus", (uintmax_t)secs, (uintmax_t)(usec % 1000000 / 10000));
	else if (secs < 3600)
		snprintf(buf, len, "%jum%02jus", (uintmax_t)(secs / 60), (uintmax_t)(secs % 60));
	else
		snprintf(buf, len, "%juh%02jum", (uintmax_t)(secs / 3600), (uintmax_t)(secs % 3600 / 60));
	return buf;
}
