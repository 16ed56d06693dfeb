/* img-unpack — an image, unpacked safely into a root filesystem.
 *
 * An image is a stack of layer tars plus a config (the command, the
 * environment, the user). img-unpack finds the one asked for in an OCI
 * layout, an OCI archive or a docker save tarball (lib/oci), checks the
 * sha256 of everything it reads against the digest that named it, applies
 * the layers in order with their whiteouts, never writing outside DEST
 * whatever a tar says (lib/layer), and prints the config for ctr-run:
 *
 *   $ img-unpack --ref 12 ./debian-oci ./rootfs > rootfs.env
 *   $ . ./rootfs.env; echo "$IMAGE_CMD_0"
 *   bash
 *
 * All or nothing: the layers go into a new directory beside DEST, which is
 * renamed to DEST only when every check has passed, and removed otherwise.
 */
#include "diag.h"
#include "rmtree.h"
#include "explain.h"
#include "imgconfig.h"
#include "layer.h"
#include "oci.h"
#include "opt.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"Usage: %1$s [OPTIONS] SOURCE DEST\n"
	"Unpack a container image into a root filesystem, safely and all at once.\n"
	"\n"
	"SOURCE is an OCI image layout directory, an OCI archive (a tar of one), or a\n"
	"docker save tarball. It may end in :NAME to choose the image, as --ref does,\n"
	"when SOURCE itself does not exist by that name. DEST must not exist; it is\n"
	"made, with the image's layers applied in order (OCI whiteouts delete, opaque\n"
	"directories hide what lower layers made), only when every check passed.\n"
	"\n"
	"Every blob read (index, manifest, config, layer) must have the sha256 and\n"
	"size its descriptor says, and each layer's uncompressed tar the sha256 the\n"
	"config's rootfs.diff_ids says. No entry of a layer can write, link or delete\n"
	"outside DEST: names with '..' are refused, and symlinks in the tree resolve\n"
	"inside DEST, as they would inside the container.\n"
	"\n"
	"Then the image's config is printed on stdout, as shell assignments (or JSON):\n"
	"  IMAGE_MANIFEST='sha256:...'  IMAGE_CONFIG='sha256:...'  IMAGE_PLATFORM='linux/amd64'\n"
	"  IMAGE_USER='...'  IMAGE_WORKDIR='...'\n"
	"  IMAGE_ENV_COUNT=N  IMAGE_ENV_0='KEY=value' ... (and so for ENTRYPOINT, CMD,\n"
	"  EXPOSED_PORT ('80/tcp') and LABEL ('key=value', by key)\n"
	"Each value is one single-quoted shell word, a ' written as '\\'' : sourcing the\n"
	"file (. ./file) assigns variables and runs nothing. A value may hold a\n"
	"newline, inside its quotes; every other record is one line.\n"
	"\n"
	"Options:\n"
	"  -r, --ref NAME          the image whose org.opencontainers.image.ref.name\n"
	"                          annotation (or docker save RepoTag, or its tag) is\n"
	"                          NAME; default: the only one\n"
	"  -p, --platform OS/ARCH[/VARIANT]\n"
	"                          in a multi-platform image, take this one (Go names:\n"
	"                          linux/amd64, linux/arm64, linux/arm/v7); default:\n"
	"                          this machine's\n"
	"  -c, --config-only       check and print the config; unpack nothing (no DEST)\n"
	"  -J, --json              print the config as JSON: {\"manifest\", \"config\",\n"
	"                          \"platform\", \"user\", \"workdir\", \"env\": [],\n"
	"                          \"entrypoint\": [], \"cmd\": [], \"exposed_ports\": [],\n"
	"                          \"labels\": {}}\n"
	"  -f, --force             replace DEST if it exists (atomically, by exchanging\n"
	"                          the two, then removing the old one)\n"
	"      --explain           print each blob check, each layer and each whiteout\n"
	"  -h, --help              show this help and exit\n"
	"      --version           show the version and exit\n"
	"\n"
	"A progress line is shown on stderr when it is a terminal.\n"
	"\n"
	"Exit status:\n"
	"  0 when DEST holds the image; 125 when anything failed (a bad option, a\n"
	"  missing or corrupt blob, a hostile layer, the kernel refused): then nothing\n"
	"  is left at DEST or beside it.\n"
	"\n"
	"Examples:\n"
	"  %1$s ./busybox-oci:latest ./rootfs > rootfs.env\n"
	"  %1$s --platform linux/arm64 image.tar ./rootfs-arm64\n"
	"  %1$s -c -J docker-save.tar | jq -r '.cmd[]'\n";

static const struct option options[] = {
	{ "ref", required_argument, NULL, 'r' },
	{ "platform", required_argument, NULL, 'p' },
	{ "config-only", no_argument, NULL, 'c' },
	{ "json", no_argument, NULL, 'J' },
	{ "force", no_argument, NULL, 'f' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* The plan, from the command line. */
struct plan {
	char *source;
	const char *ref;
	const char *dest;
	struct oci_platform platform;
	bool config_only, json, force;
};

/* What exists and must go if we fail: directories beside DEST. */
static struct {
	int dir_fd;          /* DEST's parent */
	char unpack[300];    /* the new root, renamed to DEST at the end */
	char stage[300];     /* a tarball's contents */
} made = { .dir_fd = -1 };

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void remove_made(void)
{
	if (*made.unpack && rmtree_at(made.dir_fd, made.unpack) < 0)
		diag_print();
	if (*made.stage && rmtree_at(made.dir_fd, made.stage) < 0)
		diag_print();
	made.unpack[0] = made.stage[0] = '\0';
}

/* Report the recorded failure, remove what we made, exit 125. */
static _Noreturn void fail(void)
{
	diag_print();
	remove_made();
	exit(EXIT_TOOL_FAILED);
}

/* mkdtemp beside DEST (same filesystem, so the last rename is atomic):
 * ".DEST.KIND-XXXXXX". Returns an fd of the new directory. */
static int make_beside(const char *base, const char *kind, char *name, size_t len)
{
	snprintf(name, len, ".%.200s.%s-XXXXXX", base, kind);
	for (int tries = 0; tries < 100; tries++) {
		char *x = name + strlen(name) - 6;
		static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789";
		for (int i = 0; i < 6; i++)
			x[i] = abc[(unsigned)rand() % (sizeof abc - 1)];
		if (mkdirat(made.dir_fd, name, 0700) == 0) {
			explain("mkdir %s", name);
			int fd = openat(made.dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0)
				diag_set(errno, NULL, "open %s", name);
			return fd;
		}
		if (errno != EEXIST)
			break;
	}
	name[0] = '\0';
	return diag_set(errno, errno == EACCES || errno == EROFS ? "DEST's directory must be writable" : NULL,
			"make a temporary directory beside the destination");
}

struct progress {
	size_t layer, nlayers;
	int64_t size;
	struct timespec last;
};

static void show_progress(void *arg, uint64_t bytes)
{
	struct progress *p = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - p->last.tv_sec) * 1000000000L + now.tv_nsec - p->last.tv_nsec < 100000000L)
		return;
	p->last = now;
	if (p->size > 0)
		fprintf(stderr, "\r%s: layer %zu/%zu %3d%% of %.1f MiB\033[K", diag_prog(), p->layer, p->nlayers,
			(int)(bytes * 100 / (uint64_t)p->size), p->size / 1048576.0);
	else
		fprintf(stderr, "\r%s: layer %zu/%zu %.1f MiB\033[K", diag_prog(), p->layer, p->nlayers,
			bytes / 1048576.0);
}

static _Noreturn void die_layer(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static _Noreturn void die_layer(const char *what, const char *fmt, ...)
{
	char reason[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	diag_set(0, "the blob is corrupt or was changed: fetch the image again", "%s: %s", what, reason);
	fail();
}

static void unpack_layers(const struct oci_image *img, int root_fd)
{
	struct progress prog = { .nlayers = img->nlayers };
	bool tty = isatty(STDERR_FILENO) && !explain_on();
	struct layer_options o = { .whiteouts = true, .ownership = true, .interrupted = &interrupted,
				   .progress = tty ? show_progress : NULL, .progress_arg = &prog };

	for (size_t i = 0; i < img->nlayers; i++) {
		const struct oci_layer *l = &img->layers[i];
		struct layer_result r;
		char what[256], s1[32];

		snprintf(what, sizeof what, "layer %s", *l->digest ? digest_short(l->digest, s1, sizeof s1) : l->path);
		explain("layer %zu/%zu %s (%s)", i + 1, img->nlayers, *l->digest ? l->digest : l->path, l->media_type);
		int fd = oci_open_layer(img, i);
		if (fd < 0)
			fail();
		prog.layer = i + 1;
		prog.size = l->size;
		int rc = layer_apply(root_fd, fd, what, &o, &r);
		close(fd);
		if (tty)
			fprintf(stderr, "\r\033[K");
		if (*l->digest && strcmp(r.blob_digest, l->digest))
			die_layer(what, "digest mismatch (the blob's sha256 is %s)", r.blob_digest);
		if (rc < 0)
			fail();
		if (l->size >= 0 && r.blob_bytes != (uint64_t)l->size)
			die_layer(what, "size mismatch (%ju bytes, the manifest says %jd)", (uintmax_t)r.blob_bytes,
				  (intmax_t)l->size);
		if (*l->digest)
			explain("sha256 %.25s.. ok (%ju bytes)", l->path, (uintmax_t)r.blob_bytes);
		if (strcmp(r.diff_id, l->diff_id))
			die_layer(what, "diff_id mismatch (the uncompressed tar's sha256 is %s, the config says %s)",
				  r.diff_id, l->diff_id);
		explain("diff_id %s ok (%ju bytes of tar, %ju entries, %ju whiteouts)", digest_short(l->diff_id, s1, sizeof s1),
			(uintmax_t)r.tar_bytes, (uintmax_t)r.entries, (uintmax_t)r.whiteouts);
	}
}

/* The config, for ctr-run: lib/imgconfig prints it. */
static int print_config(const struct oci_image *img, bool as_json)
{
	json_t *s = imgconfig_summary(img);

	if (!s)
		return -1;
	int rc = imgconfig_print(stdout, s, as_json);
	json_decref(s);
	return rc;
}

/* ---- main ---- */

static void parse(int argc, char **argv, struct plan *p)
{
	const char *platform = NULL;
	int c;

	memset(p, 0, sizeof *p);
	while ((c = getopt_long(argc, argv, "+r:p:cJfh", options, NULL)) != -1) {
		switch (c) {
		case 'r': p->ref = optarg; break;
		case 'p': platform = optarg; break;
		case 'c': p->config_only = true; break;
		case 'J': p->json = true; break;
		case 'f': p->force = true; break;
		default: opt_common(c, usage);
		}
	}
	int want = p->config_only ? 1 : 2;
	if (argc - optind < want)
		die_usage(want == 1 ? "no SOURCE given" : argc - optind ? "no DEST given" : "no SOURCE and DEST given");
	if (argc - optind > want)
		die_usage(p->config_only ? "--config-only takes SOURCE alone" : "too many arguments");
	p->source = argv[optind];
	p->dest = p->config_only ? NULL : argv[optind + 1];
	if (platform ? oci_parse_platform(platform, &p->platform) < 0 : (oci_host_platform(&p->platform), 0))
		die_diag();
	/* SOURCE:NAME, when SOURCE:NAME is not itself a path. */
	char *colon = strrchr(p->source, ':');
	if (colon && access(p->source, F_OK) < 0 && !strchr(colon, '/')) {
		*colon = '\0';
		if (p->ref)
			die_usage("the image is named twice: by --ref %s and by :%s", p->ref, colon + 1);
		p->ref = colon + 1;
	}
	if (p->dest && !*p->dest)
		die_usage("DEST is empty");
}

int main(int argc, char **argv)
{
	struct plan p;
	struct oci_image img;
	char destbuf[4096], base[256], dirbuf[4096];
	int stage_fd = -1, root_fd = -1;

	diag_init(argv);
	parse(argc, argv, &p);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	/* Deep trees hold one fd per level while they are removed. */
	struct rlimit rl;
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
	if (p.dest) {
		struct stat st;
		snprintf(destbuf, sizeof destbuf, "%s", p.dest);
		snprintf(base, sizeof base, "%s", basename(destbuf));
		snprintf(destbuf, sizeof destbuf, "%s", p.dest);
		snprintf(dirbuf, sizeof dirbuf, "%s", dirname(destbuf));
		if (!strcmp(base, ".") || !strcmp(base, "..") || !strcmp(base, "/"))
			die(0, "name a new directory", "destination %s is not a new directory's name", p.dest);
		if (lstat(p.dest, &st) == 0 && !p.force)
			die(EEXIST, "remove it first, or pass --force to replace it", "destination %s", p.dest);
		made.dir_fd = open(dirbuf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (made.dir_fd < 0)
			die(errno, "make DEST's directory first", "open the destination's directory %s", dirbuf);
		if ((root_fd = make_beside(base, "unpack", made.unpack, sizeof made.unpack)) < 0)
			fail();
		/* The root of a container is 0755 unless the image says otherwise ("./"). */
		if (fchmod(root_fd, 0755) < 0)
			die(errno, NULL, "chmod %s", made.unpack);
		if (tarball && (stage_fd = make_beside(base, "source", made.stage, sizeof made.stage)) < 0)
			fail();
	} else if (tarball) {
		/* --config-only: the tarball's contents go to a temporary directory. */
		const char *tmp = getenv("TMPDIR") ?: "/tmp";
		made.dir_fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (made.dir_fd < 0)
			die(errno, "set TMPDIR to a writable directory", "open %s", tmp);
		if ((stage_fd = make_beside("img-unpack", "source", made.stage, sizeof made.stage)) < 0)
			fail();
	}

	if ((tarball && oci_stage(p.source, stage_fd) < 0) ||
	    oci_open(&img, p.source, stage_fd, p.ref, &p.platform, digest_buffer) < 0)
		fail();
	if (!p.config_only) {
		unpack_layers(&img, root_fd);
		if (interrupted) {
			diag_set(EINTR, NULL, "unpack %s: interrupted by signal %d", p.source, (int)interrupted);
			fail();
		}
		/* The one step that makes DEST: RENAME_NOREPLACE fails rather
		 * than replace a DEST that appeared meanwhile; --force swaps
		 * the two atomically, then the old one goes. */
		unsigned flags = RENAME_NOREPLACE;
		if (p.force && faccessat(made.dir_fd, base, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
			flags = RENAME_EXCHANGE;
		explain("renameat2(%s, %s, %s)", made.unpack, base,
			flags == RENAME_EXCHANGE ? "RENAME_EXCHANGE" : "RENAME_NOREPLACE");
		if (renameat2(made.dir_fd, made.unpack, made.dir_fd, base, flags) < 0)
			die(errno, errno == EEXIST ? "it appeared while unpacking: remove it, or pass --force" : NULL,
			    "rename %s to %s", made.unpack, p.dest);
		if (flags != RENAME_EXCHANGE)
			made.unpack[0] = '\0'; /* it is DEST now; an exchanged one is the old DEST, to remove */
		else
			explain("remove the old %s", p.dest);
	}
	remove_made();
	int rc = print_config(&img, p.json);
	oci_close(&img);
	if (rc < 0)
		die_diag();
	return 0;
}
