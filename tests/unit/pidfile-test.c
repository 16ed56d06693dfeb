/* Unit tests for lib/pidfile and lib/mountns's table: a PID file written
 * and read back whole, and propagation modes by name. */
#include "diag.h"
#include "mountns.h"
#include "pidfile.h"
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char dir[] = "/tmp/ctrkit-pidfile-XXXXXX", file[64], other[80];
	unsigned long mode = 0;

	(void)argc;
	diag_init(argv);
	if (!mkdtemp(dir))
		return 1;
	snprintf(file, sizeof file, "%s/pid", dir);
	check(pidfile_read(file) == 0, "pidfile: none written yet reads as 0");
	check(pidfile_write(file, 4242) == 0 && pidfile_read(file) == 4242, "pidfile: 4242 written, 4242 read");
	check(pidfile_write(file, 7) == 0 && pidfile_read(file) == 7, "pidfile: written again, replaced whole");
	snprintf(other, sizeof other, "%s/pid.tmp%d", dir, (int)getpid());
	check(access(other, F_OK) < 0, "pidfile: no temporary file is left");
	FILE *f = fopen(file, "w");
	if (f) {
		fputs("not a pid\n", f);
		fclose(f);
	}
	check(pidfile_read(file) == 0, "pidfile: what is not a PID reads as 0");
	snprintf(other, sizeof other, "%s/no/such/dir/pid", dir);
	check(pidfile_write(other, 1) < 0 && diag_errno() == ENOENT, "pidfile: a missing directory is ENOENT");
	unlink(file);
	rmdir(dir);

	check(mountns_propagation_by_name("private", &mode) == 0 && mode == MS_PRIVATE, "mountns: private");
	check(mountns_propagation_by_name("slave", &mode) == 0 && mode == MS_SLAVE, "mountns: slave");
	check(mountns_propagation_by_name("shared", &mode) == 0 && mode == MS_SHARED, "mountns: shared");
	check(mountns_propagation_by_name("unchanged", &mode) == 0 && mode == 0, "mountns: unchanged is no change");
	check(mountns_propagation_by_name("bogus", &mode) < 0, "mountns: an unknown mode is an error");
	return unit_done();
}
