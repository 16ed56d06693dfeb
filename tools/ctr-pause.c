/* ctr-pause — freeze every process of a running container, as docker pause.
 *
 * The container's cgroup is frozen (lib/ctrlife's ctr_pause: cgroup.freeze
 * on v2, freezer.state on v1, then wait until the kernel says FROZEN): its
 * processes stay in memory and get no CPU at all, not even to see a
 * signal, until ctr-unpause. The record says paused.
 */
#include "ctrlife.h"
#include "ctrstate.h"
#include "diag.h"
#include "opt.h"

#include <stdio.h>

static const char usage[] =
	"Usage: %1$s [options] CONTAINER...\n"
	"Pause running containers: freeze every process in their cgroups.\n"
	"\n"
	"CONTAINER is a name, an id or a unique prefix of one. The container's\n"
	"cgroup is frozen (v2 cgroup.freeze, v1 freezer.state) and %1$s waits until\n"
	"the kernel says it is; its status becomes paused. ctr-unpause resumes it.\n"
	"Only a running container can be paused.\n"
	"\n"
	"Options:\n"
	"      --explain   print each freezer file and state file written\n"
	"  -h, --help      show this help and exit\n"
	"      --version   show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when every container is paused; 125 if one could not be.\n"
	"\n"
	"Examples:\n"
	"  %1$s web && ctr-unpause web\n";

static const struct option options[] = {
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static int pause_one(const char *ref)
{
	struct ctr_state st;
	int rc = ctr_open(ref, &st, true) < 0 || ctr_pause(&st, true) < 0 ? -1 : 0;

	if (rc == 0)
		printf("%s\n", ref);
	ctr_state_free(&st);
	return rc;
}

int main(int argc, char **argv)
{
	int c, failed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1)
		opt_common(c, usage);
	if (optind >= argc)
		die_usage("no container given");
	for (int i = optind; i < argc; i++)
		if (pause_one(argv[i]) < 0) {
			diag_print();
			failed = 1;
		}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(0, NULL, "write the output");
	return failed ? EXIT_TOOL_FAILED : 0;
}
