/* Unit tests for lib/idmap: parsing and checking ID map ranges. */
#include "idmap.h"
#include "unit.h"

#include <string.h>

int main(void)
{
	struct idmap m = { .n = 0 };
	char text[256];

	check(idmap_add_spec(&m, "0:1000:1") == 0, "idmap: INSIDE:OUTSIDE:COUNT parses");
	check(m.n == 1 && m.ranges[0].inside == 0 && m.ranges[0].outside == 1000 && m.ranges[0].count == 1,
	      "idmap: the parsed range keeps inside, outside and count in order");
	check(idmap_add_spec(&m, "1:100000:65536") == 0, "idmap: a second, disjoint range is accepted");
	check(idmap_format(&m, text, sizeof text) == 0 && strcmp(text, "0 1000 1\n1 100000 65536\n") == 0,
	      "idmap: the map is formatted as the kernel's uid_map lines");
	check(idmap_add_spec(&m, "0:2000:1") < 0, "idmap: a range overlapping inside is refused");
	check(idmap_add_spec(&m, "5:1000:1") < 0, "idmap: a range overlapping outside is refused");
	check(idmap_add_spec(&m, "9:9:0") < 0, "idmap: a zero count is refused");
	check(idmap_add_spec(&m, "1:2") < 0, "idmap: a range with two fields is refused");
	check(idmap_add_spec(&m, "a:1:1") < 0, "idmap: a non-number is refused");
	check(idmap_add_spec(&m, "-1:1:1") < 0, "idmap: a negative ID is refused");
	check(idmap_add_spec(&m, "4294967295:7:1") < 0, "idmap: an ID past 32 bits is refused");
	check(idmap_add_spec(&m, "10:10:1 ") < 0, "idmap: trailing garbage is refused");
	check(m.n == 2, "idmap: refused ranges leave the map as it was");
	check(idmap_is_only(&(struct idmap){ .ranges = { { 0, 1000, 1 } }, .n = 1 }, 1000),
	      "idmap: a map of one ID is recognised as the caller's own");
	check(!idmap_is_only(&m, 1000), "idmap: a map of two ranges is not");
	return unit_done();
}
