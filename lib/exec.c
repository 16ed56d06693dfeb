/* exec — see exec.h. */
#include "exec.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

int exec_command(char *const argv[])
{
	explain("execvp(\"%s\")", argv[0]);
	execvp(argv[0], argv);

	int err = errno;
	if (err == ENOENT || err == ENOTDIR)
		diag_set(err, "is it installed, and on PATH inside this view of the system?", "exec %s", argv[0]);
	else if (err == EACCES)
		diag_set(err, "is the file executable, and is its filesystem mounted without noexec?", "exec %s", argv[0]);
	else
		diag_set(err, NULL, "exec %s", argv[0]);
	return err == ENOENT || err == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

int exit_status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_TOOL_FAILED;
}
