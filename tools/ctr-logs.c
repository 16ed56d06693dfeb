/* ctr-logs — the output of a detached container, as docker logs.
 *
 * A container started with ctr-monitor --detach writes its stdout and
 * stderr to one file, its log (container.log in its state directory
 * unless --log said otherwise). ctr-logs prints it; with -f it keeps
 * printing what is added, polling the file and the record, until the
 * container has exited and everything it wrote is out.
 */
#include "ctrstate.h"
#include "diag.h"
#include "opt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [options] CONTAINER\n"
	"Print the output of a detached container: its stdout and stderr, in order.\n"
	"\n"
	"CONTAINER is a name, an id or a unique prefix of one. Only a container\n"
	"started with ctr-monitor --detach has a log; the output of one in the\n"
	"foreground went to its terminal. The log goes with the container (ctr-rm).\n"
	"\n"
	"Options:\n"
	"  -f, --follow    keep printing what the container writes, until it exits\n"
	"  -n, --tail N    start with the last N lines only\n"
	"      --explain   accepted for symmetry; %1$s only reads files\n"
	"  -h, --help      show this help and exit\n"
	"      --version   show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 on success; 125 if %1$s failed (no such container, no log).\n"
	"\n"
	"Examples:\n"
	"  %1$s web\n"
	"  %1$s -f --tail 10 web\n";

static const struct option options[] = {
	{ "follow", no_argument, NULL, 'f' },
	{ "tail", required_argument, NULL, 'n' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* Where the last N lines of FD start (a final line without '\n' counts). */
static off_t tail_start(int fd, unsigned long long n)
{
	struct stat sb;
	char buf[4096];
	unsigned long long lines = 0;

	if (fstat(fd, &sb) < 0 || sb.st_size == 0)
		return 0;
	off_t end = sb.st_size;
	/* The last byte is a newline that ends the last line, not one before it. */
	for (off_t pos = end; pos > 0;) {
		size_t len = pos < (off_t)sizeof buf ? (size_t)pos : sizeof buf;
		pos -= (off_t)len;
		if (pread(fd, buf, len, pos) != (ssize_t)len)
			return 0;
		for (size_t i = len; i-- > 0;) {
			if (buf[i] != '\n' || pos + (off_t)i == end - 1)
				continue;
			if (++lines == n)
				return pos + (off_t)i + 1;
		}
	}
	return 0;
}

/* Copy FD from where it is to stdout; -1 with a diagnostic. */
static int copy_out(int fd, const char *path)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return diag_set(errno, NULL, "write the output");
	if (n < 0)
		return diag_set(errno, NULL, "read %s", path);
	return fflush(stdout) == 0 ? 0 : diag_set(errno, NULL, "write the output");
}

int main(int argc, char **argv)
{
	struct ctr_state st;
	bool follow = false, tail = false;
	unsigned long long lines = 0;
	int c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "fn:h", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			follow = true;
			break;
		case 'n':
			if (opt_uint("--tail", optarg, 1ULL << 40, &lines) < 0)
				die_diag();
			tail = true;
			break;
		default:
			opt_common(c, usage);
		}
	}
	if (optind != argc - 1)
		die_usage(optind == argc ? "no container given" : "one container only");
	if (ctr_open(argv[optind], &st, false) < 0)
		die_diag();
	if (!st.log_path)
		die(0, "only a container started with ctr-monitor --detach keeps a log; the output of one in the "
		       "foreground went to its terminal",
		    "container %s has no log", ctr_label(&st));
	int fd = open(st.log_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && !(errno == ENOENT && st.status == CTR_CREATED))
		die(errno, NULL, "open the log of container %s, %s", ctr_label(&st), st.log_path);
	if (fd >= 0 && tail)
		lseek(fd, lines ? tail_start(fd, lines) : lseek(fd, 0, SEEK_END), SEEK_SET);
	if (fd >= 0 && copy_out(fd, st.log_path) < 0)
		die_diag();

	/* Follow: poll every 100 ms. The record says exited only after the
	 * chain has ended, so a last read after that gets everything. */
	struct timespec tick = { 0, 100 * 1000000 };
	while (follow) {
		bool done = ctr_refresh(&st) < 0 || st.status == CTR_EXITED;
		if (fd < 0)
			fd = open(st.log_path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && copy_out(fd, st.log_path) < 0)
			die_diag();
		if (done)
			break;
		nanosleep(&tick, NULL);
	}
	if (fd >= 0)
		close(fd);
	ctr_state_free(&st);
	return 0;
}
