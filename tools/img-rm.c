/* img-rm — images removed from the local store, and what only they used.
 *
 * Removing a name is one edit of index.json; the space comes back when
 * nothing names the blobs and layers any more. img-rm drops each name, then
 * collects the garbage: every blob, layer directory and layer record that
 * no image left in the index uses (lib/store's store_gc). A layer shared
 * with another image stays, as it must:
 *
 *   $ img-rm --explain app:1
 *   + flock(/var/lib/ctrkit/lock, LOCK_EX)
 *   + index.json: remove docker.io/library/app:1 (manifest sha256:...)
 *   + unlink images/blobs/sha256/9c1e... (no image uses it)
 *   + remove layers/sha256/77ab.../ (no image uses it)
 *   docker.io/library/app:1
 */
#include "diag.h"
#include "explain.h"
#include "opt.h"
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static const char usage[] =
	"Usage: %1$s [options] REFERENCE...\n"
	"Remove images from the local image store, and the layers only they used.\n"
	"\n"
	"Each REFERENCE is normalised as img-ref does (busybox is\n"
	"docker.io/library/busybox:latest); NAME@sha256:DIGEST names the image by its\n"
	"manifest's digest too. Its entry leaves the store's index.json; then every\n"
	"blob, unpacked layer and layer record that no image left in the store uses\n"
	"is deleted. Layers shared with another image stay.\n"
	"\n"
	"A REFERENCE that is not valid, or names no image in the store, is reported\n"
	"on stderr and the others are still removed (as docker rmi does); the exit\n"
	"status is then 125. Each reference removed is printed on stdout.\n"
	"\n"
	"Options:\n"
	"      --explain        print the lock, the index change and each blob and\n"
	"                       layer deleted\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Environment:\n"
	"  CTRKIT_STORE         the store (default " STORE_DEFAULT_ROOT "); the removal\n"
	"                       holds flock(2) on $CTRKIT_STORE/lock\n"
	"\n"
	"Exit status:\n"
	"  0 when every image named was removed; 125 when one was not (bad or unknown\n"
	"  reference) or the store could not be changed.\n"
	"\n"
	"Examples:\n"
	"  %1$s busybox\n"
	"  %1$s --explain hello-world busybox:latest\n";

static const struct option options[] = {
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct store s;
	char ref[1024];
	int c, failed = 0, removed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1)
		opt_common(c, usage);
	if (optind >= argc)
		die_usage("no image reference given");
	struct rlimit rl; /* deep trees hold one fd per level while removed */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (store_open(&s, STORE_WRITE) < 0)
		die_diag();
	char **done = calloc((size_t)(argc - optind) + 1, sizeof *done);
	if (!done)
		die(ENOMEM, NULL, "remove images");
	for (int i = optind; i < argc; i++) {
		if (store_normalise(argv[i], ref, sizeof ref) < 0 || store_untag(&s, ref) < 0) {
			diag_print();
			failed = 1;
			continue;
		}
		done[removed++] = argv[i];
	}
	/* The index first: once it is written, the images are gone, and
	 * what the collection below removes is what nothing names. */
	if (removed && store_save_index(&s) < 0)
		die_diag();
	size_t blobs, layers;
	if (store_gc(&s, &blobs, &layers) < 0)
		die_diag();
	explain("%zu blobs and %zu layers removed", blobs, layers);
	for (int i = 0; i < removed; i++) {
		store_normalise(done[i], ref, sizeof ref);
		printf("%s\n", ref);
	}
	free(done);
	store_close(&s);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(errno, NULL, "write to stdout");
	return failed ? EXIT_TOOL_FAILED : 0;
}
