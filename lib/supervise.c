/* supervise — see supervise.h. */
#include "supervise.h"
#include "diag.h"

#include <errno.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

/* What a terminal, a service manager or kill(1) may send to the whole
 * container. SIGTSTP/SIGTTIN/SIGTTOU stay default so job control still
 * stops the tool along with the command. */
static const int forwarded[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT, SIGALRM,
};

static void forwarded_set(sigset_t *set)
{
	sigemptyset(set);
	for (unsigned i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaddset(set, forwarded[i]);
	sigaddset(set, SIGCHLD);
}

void supervise_block(sigset_t *old)
{
	sigset_t set;
	forwarded_set(&set);
	sigprocmask(SIG_BLOCK, &set, old);
}

void supervise_unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

int supervise_signalfd(void)
{
	sigset_t set;
	forwarded_set(&set);
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		return diag_set(errno, NULL, "signalfd");
	return fd;
}

int supervise_wait(pid_t child)
{
	sigset_t set;
	siginfo_t info;
	int status;

	forwarded_set(&set);
	for (;;) {
		pid_t done = waitpid(child, &status, WNOHANG);
		if (done == child)
			return status;
		if (done < 0 && errno != EINTR)
			return diag_set(errno, NULL, "wait for process %d", (int)child);

		int sig = sigwaitinfo(&set, &info);
		if (sig < 0 || sig == SIGCHLD)
			continue;
		/* PID 1 of a pid namespace ignores signals it has no handler
		 * for: this is the kernel's rule, not a lost signal. */
		kill(child, sig);
	}
}
