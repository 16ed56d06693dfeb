/* img-inspect — a stored image's config, and its layers for an overlay.
 *
 * What ctr-run needs to start a container of an image in the store: how to
 * run it (the config, printed as img-unpack prints it, by lib/imgconfig)
 * and where its layers are, in the order overlayfs takes them as
 * lowerdir, the topmost first:
 *
 *   $ . <(img-inspect busybox)
 *   $ rootfs-pivot --overlay "$IMAGE_LAYERS" /run/ctrkit/web/rootfs -- $IMAGE_CMD_0
 */
#include "diag.h"
#include "imgconfig.h"
#include "opt.h"
#include "store.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options] REFERENCE\n"
	"Print a stored image's config and its layer directories, for an overlay.\n"
	"\n"
	"REFERENCE is normalised as img-ref does (busybox is\n"
	"docker.io/library/busybox:latest), or NAME@sha256:DIGEST. Its blobs are\n"
	"read as they are: img-import checked each against its digest on the way in.\n"
	"The config is printed as img-unpack prints it: shell assignments that only\n"
	"assign when sourced\n"
	"(IMAGE_MANIFEST, IMAGE_CONFIG, IMAGE_PLATFORM, IMAGE_USER, IMAGE_WORKDIR,\n"
	"IMAGE_ENV_COUNT and IMAGE_ENV_0..., and so ENTRYPOINT, CMD, EXPOSED_PORT and\n"
	"LABEL), then\n"
	"  IMAGE_REFERENCE='docker.io/library/busybox:latest'\n"
	"  IMAGE_LAYERS='DIR:DIR...'  the unpacked layers, topmost first, ':'-joined:\n"
	"                             overlayfs's lowerdir order, for\n"
	"                             rootfs-pivot --overlay \"$IMAGE_LAYERS\"\n"
	"\n"
	"Options:\n"
	"  -J, --json           print JSON: img-unpack's keys, then \"reference\" and\n"
	"                       \"layers\": [the directories, topmost first]\n"
	"      --explain        print the lock and each blob check\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Environment:\n"
	"  CTRKIT_STORE         the store (default " STORE_DEFAULT_ROOT ")\n"
	"\n"
	"Exit status:\n"
	"  0 when the image was printed; 125 when the reference is bad or names no\n"
	"  image in the store, or the store is damaged.\n"
	"\n"
	"Examples:\n"
	"  %1$s busybox\n"
	"  %1$s --json hello-world | jq -r '.layers[]'\n";

static const struct option options[] = {
	{ "json", no_argument, NULL, 'J' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct store s;
	struct oci_image img;
	char ref[1024], dir[PATH_MAX];
	bool json = false;
	int c;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "Jh", options, NULL)) != -1) {
		if (c == 'J')
			json = true;
		else
			opt_common(c, usage);
	}
	if (argc - optind != 1)
		die_usage(optind == argc ? "no image reference given" : "one image at a time");
	if (store_normalise(argv[optind], ref, sizeof ref) < 0)
		die_diag();
	/* overlayfs splits its options at ',' and lowerdir at ':'. */
	const char *root = getenv("CTRKIT_STORE");
	if (root && strpbrk(root, ",:"))
		die(0, "move the store to a path without them",
		    "CTRKIT_STORE=%s has a ',' or ':', which an overlayfs lowerdir cannot hold", root);
	if (store_open(&s, STORE_READ) < 0 || store_open_image(&s, ref, &img) < 0)
		die_diag();
	json_t *summary = imgconfig_summary(&img), *layers = json_array();
	char *joined = calloc(img.nlayers + 1, sizeof dir);
	if (!summary || !layers || !joined)
		die_diag();
	/* Topmost first: overlayfs stacks lowerdir's first entry on top. */
	for (size_t i = img.nlayers; i-- > 0;) {
		uint64_t bytes, entries;
		if (store_layer_record(&s, img.layers[i].diff_id, &bytes, &entries) < 0)
			die_diag();
		store_layer_path(&s, img.layers[i].diff_id, dir, sizeof dir);
		json_array_append_new(layers, json_string(dir));
		strcat(strcat(joined, *joined ? ":" : ""), dir);
	}
	json_t *name = json_object_get(store_find(&s, ref), "annotations");
	json_object_set(summary, "reference", json_object_get(name, STORE_ANNOTATION_REF));
	json_object_set(summary, "layers", layers);
	if (imgconfig_print(stdout, summary, json) < 0)
		die_diag();
	if (!json) {
		imgconfig_print_var(stdout, "REFERENCE", json_string_value(json_object_get(summary, "reference")));
		imgconfig_print_var(stdout, "LAYERS", joined);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(errno, NULL, "write to stdout");
	free(joined);
	json_decref(layers);
	json_decref(summary);
	oci_close(&img);
	store_close(&s);
	return 0;
}
