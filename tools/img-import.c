/* img-import — an image, added to the local store under a name.
 *
 * The store ($CTRKIT_STORE, lib/store) keeps images as an OCI layout and
 * each layer unpacked once, in a directory named by its diff_id, ready to
 * be an overlayfs lowerdir: a hundred containers of one image, or ten
 * images on one base, share the same files. img-import reads an image as
 * img-unpack does (lib/oci), checks every byte on its way in, and names it:
 *
 *   $ img-import build/images/busybox
 *   docker.io/library/busybox:latest sha256:4c2f...
 *
 * Importing what is there already changes nothing: every blob and layer is
 * found by its digest, and the index entry is the same.
 */
#include "diag.h"
#include "rmtree.h"
#include "explain.h"
#include "layer.h"
#include "oci.h"
#include "opt.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [OPTIONS] SOURCE [REFERENCE]\n"
	"Add an image to the local image store, its layers unpacked once and shared.\n"
	"\n"
	"SOURCE is what img-unpack takes: an OCI image layout directory, an OCI\n"
	"archive, or a docker save tarball, maybe ending in :NAME to choose the image\n"
	"(as --ref does). The image is stored under REFERENCE, normalised as img-ref\n"
	"does (busybox is docker.io/library/busybox:latest). Without REFERENCE, the\n"
	"image's own name is used:\n"
	"  a docker save       its RepoTag (the one --ref matched, else the first)\n"
	"  a layout or archive its io.containerd.image.name or\n"
	"                      org.opencontainers.image.ref.name annotation; when that\n"
	"                      is a tag alone (no '/', ':' or '@': \"latest\"), the\n"
	"                      directory's or file's name goes before it (an archive's\n"
	"                      .tar, .oci, .tar.gz, .tgz or .tar.zst dropped):\n"
	"                      build/images/busybox tagged latest is busybox:latest\n"
	"An image with no name needs REFERENCE.\n"
	"\n"
	"Every blob is checked as it is read: index, manifest and config against\n"
	"their digests, each layer blob against its digest and size as it is copied,\n"
	"and its uncompressed tar against the config's diff_id. A layer not yet in\n"
	"the store is unpacked alone into $CTRKIT_STORE/layers/sha256/<diff_id>, its\n"
	"whiteouts in overlayfs's form; one that is there is not unpacked again. A\n"
	"docker save image gets an OCI manifest written for it. All or nothing: if a\n"
	"check fails, the store is left as it was. REFERENCE is then pointed at the\n"
	"manifest (replacing the image it named, which is removed if no other name\n"
	"uses it). Importing the same image again changes nothing.\n"
	"\n"
	"Prints the reference and the manifest's digest.\n"
	"\n"
	"Options:\n"
	"  -r, --ref NAME          in SOURCE, the image whose ref.name annotation (or\n"
	"                          docker save RepoTag, or its tag) is NAME\n"
	"  -p, --platform OS/ARCH[/VARIANT]\n"
	"                          in a multi-platform image, take this one; default:\n"
	"                          this machine's\n"
	"      --explain           print each check, copy, unpack, rename and the lock\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"Environment:\n"
	"  CTRKIT_STORE            the store (default " STORE_DEFAULT_ROOT "); every change\n"
	"                          holds flock(2) on $CTRKIT_STORE/lock\n"
	"\n"
	"Exit status:\n"
	"  0 when REFERENCE names the image in the store; 125 when anything failed (a\n"
	"  bad option or reference, a missing or corrupt blob, a hostile layer).\n"
	"\n"
	"Examples:\n"
	"  %1$s build/images/busybox\n"
	"  %1$s ./debian-oci:12 debian:12\n"
	"  %1$s docker-save.tar\n";

static const struct option options[] = {
	{ "ref", required_argument, NULL, 'r' },
	{ "platform", required_argument, NULL, 'p' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

struct plan {
	char *source;
	const char *select, *reference;
	struct oci_platform platform;
};

/* A tarball's contents, staged in $TMPDIR; removed on the way out. */
static struct {
	int dir_fd;
	char name[64];
} stage = { .dir_fd = -1 };

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void remove_stage(void)
{
	if (*stage.name && rmtree_at(stage.dir_fd, stage.name) < 0)
		diag_print();
	stage.name[0] = '\0';
}

static _Noreturn void fail(void)
{
	diag_print();
	remove_stage();
	exit(EXIT_TOOL_FAILED);
}

static int make_stage(void)
{
	const char *tmp = getenv("TMPDIR") ?: "/tmp";

	if ((stage.dir_fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return diag_set(errno, "set TMPDIR to a writable directory", "open %s", tmp);
	snprintf(stage.name, sizeof stage.name, ".img-import.source-%d", (int)getpid());
	if (mkdirat(stage.dir_fd, stage.name, 0700) < 0) {
		int err = errno;
		stage.name[0] = '\0';
		return diag_set(err, NULL, "make a staging directory in %s", tmp);
	}
	explain("mkdir %s/%s", tmp, stage.name);
	int fd = openat(stage.dir_fd, stage.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		diag_set(errno, NULL, "open %s/%s", tmp, stage.name);
	return fd;
}

/* The image's own name, by the rule in the usage, into OUT (not yet
 * normalised). -1 with a diagnostic when it has none. */
static int default_reference(const struct oci_image *img, const char *source, char *out, size_t len)
{
	static const char *const suffixes[] = { ".tar.gz", ".tar.zst", ".tgz", ".tar", ".oci" };
	char path[PATH_MAX], base[256];

	if (!*img->name)
		return diag_set(0, "name it: img-import SOURCE REFERENCE", "the image in %s has no name", source);
	if (img->format == OCI_DOCKER_SAVE || strpbrk(img->name, "/:@")) {
		snprintf(out, len, "%s", img->name);
		return 0;
	}
	/* A tag alone: the directory's (or file's) name is the repository. */
	if (!realpath(source, path))
		return diag_set(errno, NULL, "resolve %s", source);
	snprintf(base, sizeof base, "%s", basename(path));
	for (size_t i = 0; img->format == OCI_ARCHIVE && i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t n = strlen(base), k = strlen(suffixes[i]);
		if (n > k && !strcmp(base + n - k, suffixes[i])) {
			base[n - k] = '\0';
			break;
		}
	}
	snprintf(out, len, "%s:%s", base, img->name);
	return 0;
}

static void parse(int argc, char **argv, struct plan *p)
{
	const char *platform = NULL;
	int c;

	memset(p, 0, sizeof *p);
	while ((c = getopt_long(argc, argv, "+r:p:h", options, NULL)) != -1) {
		switch (c) {
		case 'r': p->select = optarg; break;
		case 'p': platform = optarg; break;
		default: opt_common(c, usage);
		}
	}
	if (argc - optind < 1)
		die_usage("no SOURCE given");
	if (argc - optind > 2)
		die_usage("too many arguments");
	p->source = argv[optind];
	p->reference = argv[optind + 1]; /* NULL when not given */
	if (platform ? oci_parse_platform(platform, &p->platform) < 0 : (oci_host_platform(&p->platform), 0))
		die_diag();
	/* SOURCE:NAME, when SOURCE:NAME is not itself a path (as img-unpack). */
	char *colon = strrchr(p->source, ':');
	if (colon && access(p->source, F_OK) < 0 && !strchr(colon, '/')) {
		*colon = '\0';
		if (p->select)
			die_usage("the image is named twice: by --ref %s and by :%s", p->select, colon + 1);
		p->select = colon + 1;
	}
}

int main(int argc, char **argv)
{
	struct plan p;
	struct oci_image img;
	struct store s;
	struct store_import_result r;
	char name[1024], ref[1024];
	int stage_fd = -1;

	diag_init(argv);
	parse(argc, argv, &p);
	/* A bad REFERENCE is found before any work. */
	if (p.reference && store_normalise(p.reference, ref, sizeof ref) < 0)
		die_diag();
	struct rlimit rl; /* deep trees hold one fd per level while removed */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	int tarball = oci_source_is_tarball(p.source);
	if (tarball < 0)
		die_diag();
	if (tarball && (stage_fd = make_stage()) < 0)
		fail();
	if ((tarball && oci_stage(p.source, stage_fd) < 0) ||
	    oci_open(&img, p.source, stage_fd, p.select, &p.platform, digest_buffer) < 0)
		fail();
	if (!p.reference) {
		if (default_reference(&img, p.source, name, sizeof name) < 0)
			fail();
		if (store_normalise(name, ref, sizeof ref) < 0) {
			diag_hint("the image's name '%s' is no reference: name it, img-import SOURCE REFERENCE", name);
			fail();
		}
		explain("reference %s (the image's name: %s)", ref, name);
	}
	if (strchr(ref, '@')) {
		diag_set(0, "name a tag (busybox:1.36): the store records the manifest's digest itself",
			 "reference %s has a digest", ref);
		fail();
	}
	if (store_open(&s, STORE_WRITE) < 0)
		fail();
	if (store_import(&s, &img, ref, &interrupted, &r) < 0)
		fail();
	if (!r.changed)
		explain("%s was in the store already: nothing changed", ref);
	else
		explain("%zu new blobs, %zu new layers", r.new_blobs, r.new_layers);
	/* The image REF named before may now be unused. */
	size_t blobs, layers;
	if (r.replaced && store_gc(&s, &blobs, &layers) < 0)
		fail();
	printf("%s %s\n", ref, json_string_value(json_object_get(store_find(&s, ref), "digest")));
	store_close(&s);
	oci_close(&img);
	remove_stage();
	if (fflush(stdout) != 0 || ferror(stdout))
		die(errno, NULL, "write to stdout");
	return 0;
}
