/* Unit tests for lib/ns: the namespace table and its flag decoding. */
#include "ns.h"
#include "unit.h"

#include <sched.h>
#include <signal.h>
#include <string.h>

int main(void)
{
	char buf[256];

	check(ns_type_by_name("mnt") == ns_type_by_name("mount"), "ns: mnt and mount name the same type");
	check(ns_type_by_name("net") && ns_type_by_name("net")->flag == CLONE_NEWNET, "ns: net is CLONE_NEWNET");
	check(ns_type_by_name("bogus") == NULL, "ns: an unknown name is not found");
	check(ns_type_by_letter('U') && !strcmp(ns_type_by_letter('U')->name, "user"), "ns: -U is user");
	check(!strcmp(ns_types[0].name, "user"), "ns: user comes first, as setns(2) needs");
	check(!strcmp(ns_flags_str(CLONE_NEWPID | CLONE_NEWUTS | SIGCHLD, buf, sizeof buf),
		      "CLONE_NEWUTS|CLONE_NEWPID|SIGCHLD"),
	      "ns: clone flags decode to names, with the exit signal");
	check(!strcmp(ns_flags_str(0x80, buf, sizeof buf), "CLONE_NEWTIME"),
	      "ns: unshare(CLONE_NEWTIME) decodes as the time flag");
	check(!strcmp(ns_flags_str(0, buf, sizeof buf), "0"), "ns: no flags decode to 0");
	for (int i = 0; i < NS_TYPE_COUNT; i++)
		check(ns_type_by_flag(ns_types[i].flag) == &ns_types[i], "ns: %s is found by its flag", ns_types[i].name);
	return unit_done();
}
