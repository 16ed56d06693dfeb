/* Unit tests for lib/mountopts: mount(8)'s option list split into
 * mount(2)'s flags and the filesystem's data. */
#include "diag.h"
#include "mountopts.h"
#include "unit.h"

#include <string.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	unsigned long flags;
	char data[64];

	(void)argc;
	diag_init(argv);
	flags = MS_NOSUID;
	check(mountopts_parse("noexec,size=64m,mode=1777", &flags, data, sizeof data) == 0 &&
		      flags == (MS_NOSUID | MS_NOEXEC) && !strcmp(data, "size=64m,mode=1777"),
	      "mountopts: flags to FLAGS, the rest to DATA, in order");
	flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	check(mountopts_parse("exec,dev,ro", &flags, data, sizeof data) == 0 && flags == (MS_NOSUID | MS_RDONLY) &&
		      !*data, "mountopts: an opposite clears a default; no data is \"\"");
	flags = 0;
	check(mountopts_parse("noexec,exec,rw", &flags, data, sizeof data) == 0 && flags == 0,
	      "mountopts: the later of two wins");
	check(mountopts_parse("size=1m,,mode=700", &flags, data, sizeof data) < 0, "mountopts: an empty option is refused");
	check(mountopts_parse("size=1m,", &flags, data, sizeof data) < 0, "mountopts: a trailing comma is refused");
	check(mountopts_parse("noexecx", &flags, data, sizeof data) == 0 && !strcmp(data, "noexecx"),
	      "mountopts: a name is matched whole, not by prefix");
	check(mountopts_parse("size=123456789012345678901234567890,mode=1777,uid=1000,gid=1000,nr_inodes=9", &flags,
			      data, 32) < 0, "mountopts: data longer than its buffer is refused");
	flags = MS_NOSUID;
	check(mountopts_parse("defaults,rprivate,size=1m", &flags, data, sizeof data) == 0 && flags == MS_NOSUID &&
		      !strcmp(data, "size=1m"), "mountopts: defaults and private change nothing");
	check(mountopts_parse("shared", &flags, data, sizeof data) < 0, "mountopts: shared propagation is refused");
	return unit_done();
}
