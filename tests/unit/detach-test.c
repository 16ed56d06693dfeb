/* Unit tests for lib/detach: the report reaches a caller that waits, and
 * a caller gone does not take the sender with it (SIGPIPE). */
#include "detach.h"
#include "unit.h"

#include <signal.h>
#include <unistd.h>

int main(void)
{
	struct detach_report r;
	int p[2];

	check(pipe(p) == 0, "detach: a pipe");
	detach_report(p[1], true, 0);
	check(detach_read_report(p[0], &r) == 0 && r.started && r.status == 0, "detach: the report arrives whole");

	/* SIGPIPE at its default (terminate), the reader gone. */
	signal(SIGPIPE, SIG_DFL);
	check(pipe(p) == 0 && close(p[0]) == 0, "detach: a pipe nobody reads");
	detach_report(p[1], false, 125);
	sigset_t pending;
	sigpending(&pending);
	check(!sigismember(&pending, SIGPIPE), "detach: a caller gone kills nobody, and leaves no SIGPIPE pending");
	return unit_done();
}
