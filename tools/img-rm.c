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
 *
 * A container mounts its image's layers, and its record names them and
 * the image it was made from, by ID (ctr-create --image-id, --layers). As
 * docker rmi does, img-rm refuses the last name of an image a container
 * was made from, until ctr-rm removes the container; one of several names
 * just goes. -f untags it anyway, and the collection keeps every layer a
 * record names, so the container never loses its root. What a removed
 * container kept is collected by the next img-rm (--prune collects alone).
 */
#include "ctrstate.h"
#include "diag.h"
#include "digest.h"
#include "explain.h"
#include "oci.h"
#include "opt.h"
#include "store.h"

#include <errno.h>
#include <stdbool.h>
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
	"is deleted. Layers shared with another image stay, and so do the layers a\n"
	"container mounts, until ctr-rm removes it: every container recorded under\n"
	"$CTRKIT_STATE names its layer directories (ctr-create --layers).\n"
	"\n"
	"The last name of an image that a container was made from (its record's\n"
	"ctr-create --image-id, or --image when it has no ID; in any status:\n"
	"running or exited but not removed) is refused, naming the containers, as\n"
	"docker rmi does: ctr-rm them first, or use -f, which removes the name but\n"
	"keeps every layer a container uses. A name the image has among others\n"
	"is removed: the image keeps its other names.\n"
	"\n"
	"A REFERENCE that is not valid, names no image in the store, or is refused\n"
	"is reported on stderr and the others are still removed (as docker rmi\n"
	"does); the exit status is then 125. Each reference removed is printed on\n"
	"stdout.\n"
	"\n"
	"Options:\n"
	"  -f, --force          remove the last name even when containers were made\n"
	"                       from the image; the layers they mount stay until they\n"
	"                       are removed\n"
	"      --prune          with no REFERENCE, remove only what no image and no\n"
	"                       container uses (what a container removed since\n"
	"                       img-rm -f kept)\n"
	"      --explain        print the lock, the index change, each blob and layer\n"
	"                       deleted, and each layer a container keeps\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Environment:\n"
	"  CTRKIT_STORE         the store (default " STORE_DEFAULT_ROOT "); the removal\n"
	"                       holds flock(2) on $CTRKIT_STORE/lock\n"
	"  CTRKIT_STATE         the containers' records (default /run/ctrkit)\n"
	"\n"
	"Exit status:\n"
	"  0 when every image named was removed; 125 when one was not (bad or unknown\n"
	"  reference, or a container uses it) or the store could not be changed.\n"
	"\n"
	"Examples:\n"
	"  %1$s busybox\n"
	"  %1$s --explain hello-world busybox:latest\n"
	"  %1$s -f busybox; ctr-rm web; %1$s --prune\n";

enum { OPT_PRUNE = OPT_TOOL_BASE };

static const struct option options[] = {
	{ "force", no_argument, NULL, 'f' },
	{ "prune", no_argument, NULL, OPT_PRUNE },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* The ID of stored image NAME: its config's digest, as docker names
 * images. -1 with a diagnostic. */
static int image_id(const struct store *s, const char *name, char id[DIGEST_TEXT_MAX])
{
	struct oci_image img;

	if (store_open_image(s, name, &img) < 0)
		return -1;
	snprintf(id, DIGEST_TEXT_MAX, "%s", img.config_digest);
	oci_close(&img);
	return 0;
}

/* Another name in the index for image ID than NAME, or NULL. */
static const char *other_name(const struct store *s, const char *name, const char *id)
{
	json_t *m;
	size_t i;
	char other_id[DIGEST_TEXT_MAX];

	json_array_foreach(json_object_get(s->index, "manifests"), i, m) {
		const char *other = store_entry_name(m);
		if (*other && strcmp(other, name) && image_id(s, other, other_id) == 0 && !strcmp(other_id, id))
			return other;
	}
	return NULL;
}

/* Does container ST use image NAME, whose ID is ID? Its record names the
 * ID (ctr-create --image-id); a record made without one, the name (by
 * hand, in any form); and so does every record when the image cannot be
 * read (ID NULL), so a damaged image can still be removed. */
static bool uses(const struct ctr_state *st, const char *name, const char *id)
{
	char ref[1024];

	if (st->image_id && id)
		return !strcmp(st->image_id, id);
	return st->image && (!strcmp(st->image, name) ||
			     (store_normalise(st->image, ref, sizeof ref) == 0 && !strcmp(ref, name)));
}

/* As docker rmi: the last name of an image that containers were made
 * from is refused (removing it would leave them an image without a
 * name); one of several names just goes. -1 with a diagnostic naming
 * the containers, and what to do. */
static int refuse_if_used(const struct store *s, const char *name, const char *given)
{
	struct ctr_state *list;
	char id[DIGEST_TEXT_MAX], users[512] = "", labels[256] = "";
	int n, found = 0;

	const char *known = id;
	if (image_id(s, name, id) < 0) {
		explain("image %s cannot be read: its containers are found by name", name);
		known = NULL;
		*id = '\0';
	}
	const char *other = known ? other_name(s, name, known) : NULL;
	if (other) {
		explain("%s is also %s: only this name goes", name, other);
		return 0;
	}
	if (ctr_list(&list, &n) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!uses(&list[i], name, known))
			continue;
		size_t u = strlen(users), l = strlen(labels);
		snprintf(users + u, sizeof users - u, "%s%s (%.*s)", found ? ", " : "", ctr_label(&list[i]),
			 CTR_SHORT_ID_LEN, list[i].id);
		snprintf(labels + l, sizeof labels - l, "%s%s", found ? " " : "", ctr_label(&list[i]));
		found++;
	}
	ctr_list_free(list, n);
	if (!found)
		return 0;
	char hint[1024];
	snprintf(hint, sizeof hint, "ctr-rm %s first, or img-rm -f %s to untag it only (its layers stay while a "
		 "container uses them)", labels, given);
	return diag_set(0, hint, "remove image %s%s%.12s%s: container%s %s %s it", name, known ? " (" : "",
			known ? id + 7 : "", known ? ")" : "", found > 1 ? "s" : "", users, found > 1 ? "use" : "uses");
}

/* Drop REFERENCE's entry from the index in memory, unless a container was
 * made from it and -f is not given. -1 with a diagnostic. */
static int untag(struct store *s, const char *given, bool force)
{
	char ref[1024];

	if (store_normalise(given, ref, sizeof ref) < 0)
		return -1;
	json_t *m = store_find(s, ref);
	if (m && !force && refuse_if_used(s, store_entry_name(m), given) < 0)
		return -1;
	if (m && force)
		explain("-f: %s goes; the layers of containers made from it stay", store_entry_name(m));
	return store_untag(s, ref);
}

int main(int argc, char **argv)
{
	struct store s;
	char ref[1024];
	bool force = false, prune = false;
	int c, failed = 0, removed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "fh", options, NULL)) != -1) {
		if (c == 'f')
			force = true;
		else if (c == OPT_PRUNE)
			prune = true;
		else
			opt_common(c, usage);
	}
	if (optind >= argc && !prune)
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
		if (untag(&s, argv[i], force) < 0) {
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
