/* Unit tests for lib/units: sizes and CPU counts, parsed and formatted. */
#include "diag.h"
#include "units.h"
#include "unit.h"

#include <stdint.h>
#include <string.h>

static uint64_t size(const char *s)
{
	uint64_t v = 0;
	return units_parse_size("size", s, true, &v) == 0 ? v : 12345;
}

static int bad_size(const char *s)
{
	uint64_t v;
	return units_parse_size("size", s, true, &v) < 0;
}

static uint64_t cpus(const char *s)
{
	uint64_t q = 0;
	return units_parse_cpus("cpus", s, 100000, &q) == 0 ? q : 12345;
}

int main(void)
{
	char buf[64];
	uint64_t v;

	check(size("100") == 100, "a bare number is bytes");
	check(size("512k") == 512 * 1024 && size("512K") == 512 * 1024, "k and K are KiB");
	check(size("64M") == 64ULL << 20 && size("64MiB") == 64ULL << 20 && size("64mb") == 64ULL << 20,
	      "64M, 64MiB and 64mb are 64 MiB");
	check(size("1.5G") == 3ULL << 29, "1.5G is one and a half GiB");
	check(size("1T") == 1ULL << 40 && size("2P") == 2ULL << 50 && size("1E") == 1ULL << 60, "T, P and E");
	check(size("max") == UNITS_MAX && size("-1") == UNITS_MAX, "max and -1 mean no limit");
	check(units_parse_size("size", "max", false, &v) < 0, "max is refused where no limit makes no sense");
	check(bad_size("64Q"), "an unknown unit is refused");
	check(bad_size("-5") && bad_size("-1k"), "negative sizes are refused");
	check(bad_size("") && bad_size("M") && bad_size(" 1") && bad_size("1 ") && bad_size("0x10"), "junk is refused");
	check(bad_size("1.5"), "a fraction of a byte is refused");
	check(bad_size("1."), "a dot without decimals is refused");
	check(bad_size("99999999999999999999") && bad_size("16E") && bad_size("17179869184G"), "overflow is refused");
	check(size("18446744073709551614") == UINT64_MAX - 1, "the largest size below max parses");
	check(bad_size("18446744073709551615"), "a size equal to max is refused, not taken as max");

	check(cpus("1") == 100000 && cpus("1.5") == 150000 && cpus("0.2") == 20000, "CPU counts become quotas");
	check(cpus("0.00001") == 1, "five decimals are one microsecond per period");
	check(cpus("1.000001") == 12345, "six decimals are refused");
	check(cpus("0") == 12345 && cpus("0.0") == 12345, "zero CPUs are refused");
	check(cpus("-1") == 12345 && cpus("") == 12345 && cpus("1x") == 12345, "negative and junk are refused");
	check(cpus("99999999999999999999") == 12345, "overflow is refused");

	check(!strcmp(units_format_size(64ULL << 20, buf, sizeof buf), "64M"), "64 MiB formats as 64M");
	check(!strcmp(units_format_size(3ULL << 29, buf, sizeof buf), "1.5G"), "1.5 GiB formats as 1.5G");
	check(!strcmp(units_format_size(1000, buf, sizeof buf), "1000"), "1000 bytes stay bytes");
	check(!strcmp(units_format_size(1024 + 256, buf, sizeof buf), "1.25k"), "two exact decimals");
	check(!strcmp(units_format_size(UNITS_MAX, buf, sizeof buf), "max"), "no limit formats as max");
	for (uint64_t b = 1; b < (1ULL << 62); b = b * 3 + 7) {
		uint64_t back;
		units_format_size(b, buf, sizeof buf);
		if (units_parse_size("size", buf, false, &back) < 0 || back != b) {
			check(0, "%ju formats as %s, which reads back as the same", (uintmax_t)b, buf);
			break;
		}
	}
	check(1, "every formatted size reads back as the same number");

	check(!strcmp(units_format_cpus(20000, 100000, buf, sizeof buf), "0.2"), "20000/100000 is 0.2 CPUs");
	check(!strcmp(units_format_cpus(150000, 100000, buf, sizeof buf), "1.5"), "150000/100000 is 1.5 CPUs");
	check(!strcmp(units_format_cpus(200000, 100000, buf, sizeof buf), "2"), "whole CPUs have no decimals");
	check(!strcmp(units_format_cpus(50000, 200000, buf, sizeof buf), "0.25"), "other periods count too");
	check(!strcmp(units_format_usec(1520000, buf, sizeof buf), "1.52s"), "CPU time in seconds");
	check(!strcmp(units_format_usec(723000000, buf, sizeof buf), "12m03s"), "CPU time in minutes");
	check(!strcmp(units_format_size_approx(12900000, buf, sizeof buf), "12.3M"), "approximate sizes for people");
	return unit_done();
}
