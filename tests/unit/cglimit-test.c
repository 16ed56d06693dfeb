/* Unit tests for lib/cglimit and lib/cgroup: conversions, parsers, names. */
#include "cglimit.h"
#include "cgroup.h"
#include "diag.h"
#include "unit.h"

#include <string.h>

int main(void)
{
	struct cg_io_max io;
	char list[64];
	int ok;

	check(cg_weight_to_shares(1) == 2 && cg_weight_to_shares(100) == 2597 && cg_weight_to_shares(10000) == 262144,
	      "cpu.weight 1, 100, 10000 become cpu.shares 2, 2597, 262144");
	ok = 1;
	for (uint64_t w = 1; w <= 10000; w++)
		ok &= cg_shares_to_weight(cg_weight_to_shares(w)) == w;
	check(ok, "every weight written as shares reads back as the same weight");
	check(cg_shares_to_weight(1024) == 40, "v1's default 1024 shares read as weight 40");
	check(cg_weight_to_blkio(1) == 10 && cg_weight_to_blkio(10000) == 1000, "io weight 1..10000 is blkio 10..1000");
	ok = 1;
	for (uint64_t b = 10; b <= 1000; b++)
		ok &= cg_weight_to_blkio(cg_blkio_to_weight(b)) == b;
	check(ok, "every blkio weight read as a weight writes back as itself");

	check(cg_parse_cpuset_list("--cpuset-cpus", "0-3,6", list, sizeof list) == 0 && !strcmp(list, "0-3,6"),
	      "a cpuset list parses");
	check(cg_parse_cpuset_list("x", "0-0,2", list, sizeof list) == 0 && !strcmp(list, "0,2"), "a one-CPU range is one CPU");
	check(cg_parse_cpuset_list("x", "3-1", list, sizeof list) < 0, "a range going down is refused");
	check(cg_parse_cpuset_list("x", "", list, sizeof list) < 0 && cg_parse_cpuset_list("x", "0,", list, sizeof list) < 0 &&
	      cg_parse_cpuset_list("x", "a", list, sizeof list) < 0 && cg_parse_cpuset_list("x", "1-", list, sizeof list) < 0,
	      "junk lists are refused");
	check(cg_parse_cpuset_list("x", "9000", list, sizeof list) < 0, "CPUs past 8191 are refused");

	check(cg_parse_io_max("8:16:rbps=1M,wiops=100", &io) == 0 && io.major == 8 && io.minor == 16 &&
	      io.value[CG_IO_RBPS] == 1 << 20 && io.value[CG_IO_WIOPS] == 100 &&
	      io.set == ((1u << CG_IO_RBPS) | (1u << CG_IO_WIOPS)),
	      "io-max MAJ:MIN:rbps=1M,wiops=100 parses");
	check(cg_parse_io_max("8:0:wbps=max", &io) == 0 && io.value[CG_IO_WBPS] == UINT64_MAX, "max is no limit");
	check(cg_parse_io_max("/dev/null:rbps=1", &io) < 0, "a character device is refused");
	check(cg_parse_io_max("8:0:foo=1", &io) < 0 && cg_parse_io_max("8:0:", &io) < 0 &&
	      cg_parse_io_max("8:0:rbps", &io) < 0 && cg_parse_io_max("nodev", &io) < 0 &&
	      cg_parse_io_max("8:0:rbps=0", &io) < 0 && cg_parse_io_max("8:0:riops=1k", &io) < 0,
	      "bad io-max values are refused");

	check(cg_name_check("web") == 0 && cg_name_check("web/db") == 0 && cg_name_check("a.b_c-d") == 0, "good names pass");
	check(cg_name_check("") < 0 && cg_name_check("..") < 0 && cg_name_check("../x") < 0 &&
	      cg_name_check("a/../b") < 0 && cg_name_check("/abs") < 0 && cg_name_check(".hidden") < 0 &&
	      cg_name_check("a//b") < 0 && cg_name_check("a/") < 0 && cg_name_check("-x") < 0 &&
	      cg_name_check("x y") < 0 && cg_name_check("a/.b") < 0,
	      "names that could escape, hide or confuse are refused");

	for (int i = 0; i < CG_LIMIT_COUNT; i++)
		check(cg_limit_by_name(cg_limits[i].name) == &cg_limits[i] && cg_limits[i].parse && cg_limits[i].plan &&
		      cg_limits[i].show, "the table's %s row is complete", cg_limits[i].name);
	return unit_done();
}
