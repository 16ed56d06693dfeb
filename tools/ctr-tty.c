/* ctr-tty — run a command on a terminal of its own: a new pseudo-terminal.
 *
 * `docker run -t`: the command gets a pty, not the caller's terminal, so
 * it cannot read or change the caller's terminal, and it has job control
 * and a window size of its own. ctr-tty opens the pair, forks, and stays
 * as the relay between the caller's terminal and the pty's master side:
 *
 *   parent (caller's terminal)            child
 *   posix_openpt, grantpt, unlockpt
 *   copy modes and window size
 *   fork() ─────────────────────────────► setsid()          a new session
 *   caller's terminal in raw mode         ioctl(TIOCSCTTY)  the pty is its terminal
 *   poll: stdin → master, master → stdout dup2 to 0, 1, 2
 *   SIGWINCH → ioctl(TIOCSWINSZ)          execvp(COMMAND)
 *   other signals → kill(child)
 *   child exits: drain, restore the caller's terminal, exit with its status
 *
 * Raw mode hands every key to the pty's own line discipline, so ^C, ^Z and
 * line editing act in the container, not on ctr-tty. The caller's modes are
 * restored on every way out: the end of the command, an error (atexit), a
 * signal (signals are read from a signalfd, never left to kill us). With
 * stdin not a terminal it relays until end of input, then sends the pty's
 * end-of-file character (VEOF, ^D), which a program reading a line at a
 * time sees as end of file. With --no-stdin (docker run -t without -i, and
 * every detached container) it reads no input at all: the pty gets none,
 * so a shell on it waits for a line instead of ending at once.
 *
 * ctr-tty goes before ns-clone in a chain: the pty comes from the host's
 * /dev/ptmx, and the relay stays outside the container's PID namespace. It
 * is non-dumpable all the same (the lesson of CVE-2019-5736, see
 * rootfs-pivot.c): a long-lived host binary must not offer its
 * /proc/PID/exe to anyone who can see it.
 */
#include "diag.h"
#include "exec.h"
#include "explain.h"
#include "fdio.h"
#include "opt.h"
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [OPTIONS] [--] COMMAND [ARG...]\n"
	"Run a command on a new pseudo-terminal, relaying the caller's terminal to it.\n"
	"\n"
	"%1$s opens a pseudo-terminal pair, starts COMMAND in a new session with the\n"
	"pty as its controlling terminal and as its stdin, stdout and stderr, and\n"
	"relays bytes between it and the caller's stdin and stdout until COMMAND\n"
	"ends, as docker run -t does. The caller's terminal is put in raw mode\n"
	"meanwhile (keys such as ^C reach COMMAND's terminal) and restored after;\n"
	"its size is copied to the pty, and copied again on every SIGWINCH.\n"
	"\n"
	"Options:\n"
	"      --no-stdin          relay no input: COMMAND's terminal gets none and\n"
	"                          stdin is not read (docker run -t without -i; -d)\n"
	"      --explain           print each system call as it is made\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"Input that is not a terminal:\n"
	"  Without a terminal on stdin there is no raw mode; input is relayed until\n"
	"  it ends, then the pty's end-of-file character (VEOF, ^D) is sent, which a\n"
	"  program reading lines (a shell, cat) takes as the end of its input. The\n"
	"  pty echoes what it is sent, as terminals do.\n"
	"\n"
	"In a chain:\n"
	"  Put %1$s first, before ns-clone: the pty is the host's (/dev/ptmx), and\n"
	"  the relay stays outside the container. COMMAND is already a session\n"
	"  leader, so ctr-creds --setsid is not needed after it.\n"
	"  Signals sent to %1$s (TERM, HUP, INT, ...) are passed on to COMMAND.\n"
	"\n"
	"Exit status:\n"
	"  the command's own (128+N if killed by signal N); 125 if %1$s failed,\n"
	"  126 if the command could not be executed, 127 if it was not found.\n"
	"\n"
	"Examples:\n"
	"  %1$s -- ns-clone -pmu -- rootfs-pivot --host-exec /srv/rootfs -- ctr-creds -- sh\n"
	"  %1$s -- sh -c 'tty; stty size'\n";

enum { OPT_NO_STDIN = 0x100 };

static const struct option options[] = {
	{ "no-stdin", no_argument, NULL, OPT_NO_STDIN },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* The caller's terminal modes, put back by restore_terminal(). */
static struct termios caller_modes;
static bool caller_raw;

static void restore_terminal(void)
{
	if (!caller_raw)
		return;
	caller_raw = false;
	tcsetattr(STDIN_FILENO, TCSANOW, &caller_modes);
	explain("tcsetattr(0, TCSANOW, the caller's modes)  (restored)");
}

/* The caller's window size, from whichever of 0, 1, 2 is a terminal, onto
 * the pty (the kernel then sends SIGWINCH to the pty's foreground group). */
static void copy_window_size(int master)
{
	struct winsize ws;
	for (int fd = 0; fd <= 2; fd++) {
		if (ioctl(fd, TIOCGWINSZ, &ws) < 0)
			continue;
		explain("ioctl(%d, TIOCSWINSZ, {rows %u, cols %u})", master, ws.ws_row, ws.ws_col);
		if (ioctl(master, TIOCSWINSZ, &ws) < 0)
			warn_msg(errno, "ioctl(TIOCSWINSZ) on the pty");
		return;
	}
}

/* In the child: the pty becomes the session's terminal and stdio. */
static _Noreturn void start_command(int slave, const char *slave_name, const sigset_t *old, char **command)
{
	supervise_unblock(old);
	signal(SIGPIPE, SIG_DFL);
	pid_t sid = setsid();
	if (sid < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
		diag_set(errno, NULL, sid < 0 ? "setsid" : "ioctl(TIOCSCTTY) on %s", slave_name);
		diag_print();
		_exit(EXIT_TOOL_FAILED);
	}
	for (int fd = 0; fd <= 2; fd++)
		if (dup2(slave, fd) < 0) {
			diag_set(errno, NULL, "dup2 %s to %d", slave_name, fd);
			diag_print();
			_exit(EXIT_TOOL_FAILED);
		}
	/* Traced only now, on the pty, so the lines come out in order with
	 * the rest of the chain's (the caller's terminal is raw by now). */
	explain("setsid() = %d", (int)sid);
	explain("ioctl(%d, TIOCSCTTY, 0)  (%s: the session's controlling terminal)", slave, slave_name);
	explain("dup2(%d, 0), dup2(%d, 1), dup2(%d, 2)", slave, slave, slave);
	if (slave > 2)
		close(slave);
	int status = exec_command(command);
	diag_print();
	_exit(status);
}

/* End of input that is not a terminal: the pty's VEOF, as a line of its
 * own (after a partial line, the first VEOF only ends that line). */
static size_t end_of_input(int master, bool at_line_start, char *buf)
{
	struct termios t;
	size_t n = 0;
	if (tcgetattr(master, &t) < 0 || !(t.c_lflag & ICANON))
		return 0; /* not reading lines: no byte means end of file */
	if (!at_line_start)
		buf[n++] = (char)t.c_cc[VEOF];
	buf[n++] = (char)t.c_cc[VEOF];
	explain("write(%d, VEOF)  (end of input, sent as the pty's end-of-file character)", master);
	return n;
}

/* Relay until the child ends; returns its waitpid(2) status. */
static int relay(int master, int sigfd, pid_t child, bool interactive, bool read_stdin)
{
	char in[4096], out[4096];
	size_t in_len = 0, in_off = 0;
	bool stdin_open = read_stdin, master_open = true, stdout_open = true, at_line_start = true;
	int wstatus = 0;
	bool child_done = false;

	while (!child_done || master_open) {
		struct pollfd fds[3] = {
			{ .fd = sigfd, .events = POLLIN },
			{ .fd = master, .events = (short)((master_open ? POLLIN : 0) | (in_off < in_len ? POLLOUT : 0)) },
			{ .fd = stdin_open && in_off == in_len && !child_done ? STDIN_FILENO : -1, .events = POLLIN },
		};
		if (!fds[1].events)
			fds[1].fd = -1;
		/* Once the command has ended, what is left on the pty is read
		 * until it closes (EIO), or for as long as it keeps coming: a
		 * process the command left behind may hold the pty open. */
		int ready = poll(fds, 3, child_done ? 200 : -1);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0)
			die(errno, NULL, "poll");
		if (ready == 0)
			break;

		if (fds[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			while (read(sigfd, &si, sizeof si) == sizeof si) {
				if (si.ssi_signo == SIGCHLD) {
					if (!child_done && waitpid(child, &wstatus, WNOHANG) == child)
						child_done = true;
				} else if (si.ssi_signo == SIGWINCH) {
					copy_window_size(master);
				} else {
					kill(child, (int)si.ssi_signo);
				}
			}
		}
		if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(master, out, sizeof out);
			if (n > 0) {
				if (stdout_open && fd_write_all(STDOUT_FILENO, out, (size_t)n) < 0)
					stdout_open = false; /* nobody reads: keep draining */
			} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				master_open = false; /* EIO: every holder of the pty closed it */
			}
		}
		if ((fds[1].revents & POLLOUT) && in_off < in_len) {
			ssize_t n = write(master, in + in_off, in_len - in_off);
			if (n > 0) {
				at_line_start = in[in_off + (size_t)n - 1] == '\n';
				in_off += (size_t)n;
			} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				in_off = in_len; /* the pty is gone: drop the input */
			}
		}
		if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(STDIN_FILENO, in, sizeof in);
			if (n > 0) {
				in_off = 0;
				in_len = (size_t)n;
			} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				stdin_open = false;
				in_off = 0;
				in_len = interactive ? 0 : end_of_input(master, at_line_start, in);
			}
		}
	}
	if (!child_done && waitpid(child, &wstatus, 0) < 0)
		die(errno, NULL, "wait for process %d", (int)child);
	return wstatus;
}

int main(int argc, char **argv)
{
	char slave_name[64];
	sigset_t old;
	bool read_stdin = true;
	int c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		if (c == OPT_NO_STDIN)
			read_stdin = false;
		else
			opt_common(c, usage);
	}
	char **command = opt_command(argc, argv, true);

	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	explain("prctl(PR_SET_DUMPABLE, 0)");

	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		die(errno, "is devpts mounted on /dev/pts, with /dev/ptmx?", "posix_openpt");
	if (grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, slave_name, sizeof slave_name))
		die(errno, NULL, "unlock the new pty");
	explain("posix_openpt(O_RDWR|O_NOCTTY|O_CLOEXEC) = %d  (%s)", master, slave_name);
	/* Opened here, so the pty has a holder from the first moment on: a
	 * master whose slave is not open yet reads as closed (EIO). */
	int slave = open(slave_name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		die(errno, NULL, "open %s", slave_name);
	explain("open(\"%s\", O_RDWR|O_NOCTTY) = %d", slave_name, slave);

	/* Raw mode only for a terminal it reads from. */
	bool interactive = read_stdin && isatty(STDIN_FILENO);
	if (interactive) {
		if (tcgetattr(STDIN_FILENO, &caller_modes) < 0)
			die(errno, NULL, "tcgetattr on stdin");
		/* The pty starts with the caller's modes (erase key & co.), as
		 * script(1) and ssh do. */
		explain("tcsetattr(%d, TCSANOW, the caller's modes)", slave);
		if (tcsetattr(slave, TCSANOW, &caller_modes) < 0)
			die(errno, NULL, "tcsetattr on %s", slave_name);
	}
	copy_window_size(master);

	supervise_block(&old);
	int sigfd = supervise_signalfd();
	if (sigfd < 0)
		die_diag();
	/* A reader that goes away is an EPIPE to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	pid_t child = fork();
	if (child < 0)
		die(errno, NULL, "fork");
	if (child == 0)
		start_command(slave, slave_name, &old, command);
	explain("fork() = %d", (int)child);
	close(slave);

	if (interactive) {
		struct termios raw = caller_modes;
		cfmakeraw(&raw);
		explain("tcsetattr(0, TCSANOW, raw)  (every key goes to the pty)");
		atexit(restore_terminal);
		caller_raw = true;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) < 0)
			die(errno, NULL, "tcsetattr(raw) on stdin");
	}
	if (fcntl(master, F_SETFL, O_NONBLOCK) < 0)
		die(errno, NULL, "fcntl(O_NONBLOCK) on the pty");
	int status = relay(master, sigfd, child, interactive, read_stdin);
	restore_terminal();
	return exit_status_of(status);
}
