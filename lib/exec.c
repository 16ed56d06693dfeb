/* exec — see exec.h. */
#include "exec.h"
#include "diag.h"
#include "explain.h"
#include "timing.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int exec_status_for(int err)
{
	return err == ENOENT || err == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

static int exec_failed(int err, const char *what)
{
	if (err == ENOENT || err == ENOTDIR)
		diag_set(err, "is it installed, and on PATH inside this view of the system?", "exec %s", what);
	else if (err == EACCES)
		diag_set(err, "is the file executable, and is its filesystem mounted without noexec?", "exec %s", what);
	else
		diag_set(err, NULL, "exec %s", what);
	return exec_status_for(err);
}

int exec_command(char *const argv[])
{
	explain("execvp(\"%s\")", argv[0]);
	timing_step();
	execvp(argv[0], argv);
	return exec_failed(errno, argv[0]);
}

/* Open PATH if it is a regular file we may execute: -1 with errno if not. */
static int open_executable(const char *path)
{
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int err = fstat(fd, &st) < 0 ? errno : !S_ISREG(st.st_mode) ? EACCES
		: faccessat(fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS) < 0 ? errno : 0;
	if (err) {
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* Can the file FD was opened on run in a root that does not contain the
 * host's files? Not a #! script: the kernel runs its interpreter with the
 * script as /dev/fd/N, closed by then (close-on-exec). Not a dynamically
 * linked ELF: its loader (PT_INTERP) and libraries would be opened by path
 * in the new root, and a hostile image could supply its own, to be run
 * with every capability before they are dropped. A static binary is
 * self-contained. 0, or -1 with a diagnostic. */
static int check_self_contained(int fd, const char *path)
{
	char self[64], interp[256] = "";
	union { unsigned char ident[EI_NIDENT]; Elf64_Ehdr h64; Elf32_Ehdr h32; } eh;

	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	int rfd = open(self, O_RDONLY | O_CLOEXEC);
	if (rfd < 0)
		return diag_set(errno, "it is read to check that it can run without the host's root",
				"read %s", path);
	ssize_t n = pread(rfd, &eh, sizeof eh, 0);
	if (n >= 2 && eh.ident[0] == '#' && eh.ident[1] == '!') {
		close(rfd);
		return diag_set(ENOEXEC, "execveat(2) cannot run a #! script from a close-on-exec descriptor "
				"(its interpreter would open /dev/fd/N, closed by then): give a static ELF binary, "
				"as ctrkit builds ctr-creds", "run %s from the host", path);
	}
	if (n >= (ssize_t)sizeof eh.h64 && !memcmp(eh.ident, ELFMAG, SELFMAG)) {
		bool is64 = eh.ident[EI_CLASS] == ELFCLASS64;
		off_t off = is64 ? (off_t)eh.h64.e_phoff : (off_t)eh.h32.e_phoff;
		unsigned count = is64 ? eh.h64.e_phnum : eh.h32.e_phnum;
		for (unsigned i = 0; i < count && !interp[0]; i++) {
			Elf64_Phdr p64;
			Elf32_Phdr p32;
			off_t at = off + (off_t)i * (is64 ? (off_t)sizeof p64 : (off_t)sizeof p32);
			if (is64 ? pread(rfd, &p64, sizeof p64, at) != sizeof p64 : pread(rfd, &p32, sizeof p32, at) != sizeof p32)
				break;
			if ((is64 ? p64.p_type : p32.p_type) != PT_INTERP)
				continue;
			size_t len = is64 ? p64.p_filesz : p32.p_filesz;
			ssize_t got = pread(rfd, interp, len < sizeof interp ? len : sizeof interp - 1,
					    is64 ? (off_t)p64.p_offset : (off_t)p32.p_offset);
			interp[got > 0 ? got : 0] = '\0';
			if (!interp[0])
				strcpy(interp, "?");
		}
	}
	close(rfd);
	if (interp[0])
		return diag_set(0, "its loader and libraries would be looked up in the new root, where a hostile image "
				"could supply its own: link it statically (ctrkit builds ctr-creds so)",
				"run %s from the host: it is dynamically linked (loader %s)", path, interp);
	return 0;
}

int exec_open(const char *file, char *path, unsigned long len)
{
	int fd = -1, err = ENOENT;

	if (!*file)
		return diag_set(ENOENT, NULL, "look up the command ''");
	if (strchr(file, '/')) {
		snprintf(path, len, "%s", file);
		fd = open_executable(path);
		err = errno;
	} else {
		/* execvp(3)'s rules: an empty entry is the current directory,
		 * EACCES is remembered but the search goes on. */
		const char *dirs = getenv("PATH");
		if (!dirs)
			dirs = "/bin:/usr/bin";
		for (const char *d = dirs; fd < 0; d++) {
			const char *end = strchrnul(d, ':');
			int n = (int)(end - d);
			if ((unsigned long)snprintf(path, len, "%.*s%s%s", n, n ? d : ".", "/", file) < len) {
				fd = open_executable(path);
				if (fd < 0 && errno != ENOENT && errno != ENOTDIR)
					err = errno;
			}
			if (!*end)
				break;
			d = end;
		}
	}
	if (fd < 0) {
		if (err == ENOENT || err == ENOTDIR)
			diag_set(err, "it is looked up on the host, with the host's PATH, before the root changes",
				 "look up %s", file);
		else
			diag_set(err, "is the file executable?", "look up %s", file);
		return -1;
	}
	if (check_self_contained(fd, path) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int exec_fd(int fd, const char *path, char *const argv[])
{
	explain("execveat(%d, \"\", [\"%s\", ...], environ, AT_EMPTY_PATH)  (%s, opened on the host)", fd, argv[0], path);
	timing_step();
	execveat(fd, "", argv, environ, AT_EMPTY_PATH);
	return exec_failed(errno, path);
}

int exit_status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_TOOL_FAILED;
}
