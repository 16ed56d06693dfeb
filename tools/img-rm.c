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
#include "jsonfile.h"
#include "opt.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
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
	"manifest's digest too. A REFERENCE that names no image but is an image ID\n"
	"(its config's digest, sha256: or not, whole or its first 12 digits or more,\n"
	"as img-list's IMAGE-ID) removes every name of that image, as docker rmi\n"
	"does: with more than one name, only with -f. The names leave the store's\n"
	"index.json; then every blob, unpacked layer and layer record that no image\n"
	"left in the store uses is deleted. Layers shared with another image stay,\n"
	"and so do the layers a container mounts, until ctr-rm removes it: every\n"
	"container recorded under $CTRKIT_STATE names its layer directories\n"
	"(ctr-create --layers).\n"
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
	"does); the exit status is then 125. Each name removed is printed on stdout.\n"
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
	"  %1$s bece63144797\n"
	"  %1$s -f busybox; ctr-rm web; %1$s --prune\n";

enum { OPT_PRUNE = OPT_TOOL_BASE };

static const struct option options[] = {
	{ "force", no_argument, NULL, 'f' },
	{ "prune", no_argument, NULL, OPT_PRUNE },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

/* The ID of index entry M's image: the digest of its config, read from
 * its manifest (so a damaged config blob still has one), as docker names
 * images. -1 (no diagnostic) when the manifest cannot be read. */
static int image_id(const struct store *s, json_t *m, char id[DIGEST_TEXT_MAX])
{
	const char *manifest = json_string_value(json_object_get(m, "digest"));
	json_error_t err;

	if (!manifest || strncmp(manifest, "sha256:", 7))
		return -1;
	int fd = openat(s->blobs_fd, manifest + 7, O_RDONLY | O_CLOEXEC);
	json_t *doc = fd >= 0 ? jsonfile_read_fd(fd, 0, &err) : NULL;
	const char *config = json_string_value(json_object_get(json_object_get(doc, "config"), "digest"));
	int rc = config && strlen(config) < DIGEST_TEXT_MAX ? 0 : -1;
	if (rc == 0)
		snprintf(id, DIGEST_TEXT_MAX, "%s", config);
	json_decref(doc);
	return rc;
}

/* Another name in the index for image ID than NAME, or NULL. */
static const char *other_name(const struct store *s, const char *name, const char *id)
{
	json_t *m;
	size_t i;
	char other_id[DIGEST_TEXT_MAX];

	json_array_foreach(json_object_get(s->index, "manifests"), i, m) {
		const char *other = store_entry_name(m);
		if (*other && strcmp(other, name) && image_id(s, m, other_id) == 0 && !strcmp(other_id, id))
			return other;
	}
	return NULL;
}

/* Does container ST use image NAME, whose ID is ID? Its record names the
 * ID (ctr-create --image-id); a record made without one, the name (by
 * hand, in any form); and so does every record when the image's manifest
 * cannot be read (ID NULL), so a damaged image can still be removed. */
static bool uses(const struct ctr_state *st, const char *name, const char *id)
{
	char ref[1024];

	if (st->image_id && id)
		return !strcmp(st->image_id, id);
	return st->image && (!strcmp(st->image, name) ||
			     (store_normalise(st->image, ref, sizeof ref) == 0 && !strcmp(ref, name)));
}

/* The containers that use image NAME (ID), as "web (4f0c3a9e1b2d), db (...)"
 * into USERS and "web db" into LABELS. Their number, or -1 with a
 * diagnostic. */
static int find_users(const char *name, const char *id, char users[512], char labels[256])
{
	struct ctr_state *list;
	int n, found = 0;

	users[0] = labels[0] = '\0';
	if (ctr_list(&list, &n) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!uses(&list[i], name, id))
			continue;
		size_t u = strlen(users), l = strlen(labels);
		snprintf(users + u, 512 - u, "%s%s (%.*s)", found ? ", " : "", ctr_label(&list[i]), CTR_SHORT_ID_LEN,
			 list[i].id);
		snprintf(labels + l, 256 - l, "%s%s", found ? " " : "", ctr_label(&list[i]));
		found++;
	}
	ctr_list_free(list, n);
	return found;
}

/* As docker rmi: the last name of an image that containers were made
 * from is refused (removing it would leave them an image without a
 * name); one of several names just goes. BY_ID: every name of the image
 * goes, so any user refuses. -1 with a diagnostic naming the containers,
 * and what to do. */
static int refuse_if_used(const struct store *s, json_t *m, const char *given, bool by_id)
{
	const char *name = store_entry_name(m);
	char id[DIGEST_TEXT_MAX], users[512], labels[256];
	const char *known = image_id(s, m, id) == 0 ? id : NULL;

	if (!known)
		explain("the manifest of %s cannot be read: its containers are found by name", name);
	int found = find_users(name, known, users, labels);
	if (found <= 0)
		return found;
	const char *other = known && !by_id ? other_name(s, name, known) : NULL;
	if (other) {
		explain("%s is also %s: only this name goes", name, other);
		return 0;
	}
	char hint[1024];
	snprintf(hint, sizeof hint, "ctr-rm %s first, or img-rm -f %s to untag it only (its layers stay while a "
		 "container uses them)", labels, given);
	if (known)
		return diag_set(0, hint, "remove image %s (%.12s): container%s %s %s it", name, known + 7,
				found > 1 ? "s" : "", users, found > 1 ? "use" : "uses");
	return diag_set(0, hint, "remove image %s: container%s %s %s it", name, found > 1 ? "s" : "", users,
			found > 1 ? "use" : "uses");
}

/* Is TEXT an image ID as docker rmi takes one: sha256:HEX, or HEX alone,
 * in full or cut to 12 digits or more (img-list's IMAGE-ID)? */
static bool looks_like_id(const char *text)
{
	const char *hex = strncmp(text, "sha256:", 7) ? text : text + 7;
	size_t n = strspn(hex, "0123456789abcdef");
	return !hex[n] && n >= 12 && n <= DIGEST_HEX_LEN;
}

/* The names of the image whose ID starts with TEXT, into NAMES (at most
 * MAX). Their number: 0 when no image has that ID; -1 with a diagnostic
 * when two images do. */
static int names_by_id(const struct store *s, const char *text, const char **names, int max)
{
	const char *hex = strncmp(text, "sha256:", 7) ? text : text + 7;
	char id[DIGEST_TEXT_MAX], first[DIGEST_TEXT_MAX] = "";
	json_t *m;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(s->index, "manifests"), i, m) {
		if (image_id(s, m, id) < 0 || strncmp(id + 7, hex, strlen(hex)) || !*store_entry_name(m))
			continue;
		if (*first && strcmp(first, id))
			return diag_set(0, "give more of the ID (img-list --json shows it whole)",
					"image ID %s names two images, %.19s and %.19s", text, first, id);
		snprintf(first, sizeof first, "%s", id);
		if (n < max)
			names[n++] = store_entry_name(m);
	}
	return n;
}

/* Drop REFERENCE's entry from the index in memory (or, for an image ID,
 * every name of that image: with more than one, only with -f, as docker
 * rmi), unless a container was made from it and -f is not given. Each
 * name dropped is added to GONE. -1 with a diagnostic. */
static int untag(struct store *s, const char *given, bool force, char ***gone, size_t *ngone)
{
	char ref[1024];
	const char *names[64];
	int n = 1;

	bool valid = store_normalise(given, ref, sizeof ref) == 0;
	json_t *m = valid ? store_find(s, ref) : NULL;
	if (m) {
		names[0] = store_entry_name(m);
	} else if (looks_like_id(given)) {
		if ((n = names_by_id(s, given, names, 64)) < 0)
			return -1;
		if (n == 0)
			return diag_set(0, "img-list shows the images there are", "no image with ID %s in the store %s",
					given, s->root);
		if (n > 1 && !force) {
			char list[1024] = "", hint[1200];
			for (int i = 0; i < n; i++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
			snprintf(hint, sizeof hint, "remove each name, or img-rm -f %s to remove them all", given);
			return diag_set(0, hint, "remove image %s: it has %d names: %s", given, n, list);
		}
	} else {
		return valid ? store_untag(s, ref) : -1; /* says there is no such image */
	}
	for (int i = 0; i < n; i++) {
		if (!force && refuse_if_used(s, store_find(s, names[i]), given, !m) < 0)
			return -1;
		if (force)
			explain("-f: %s goes; the layers of containers made from it stay", names[i]);
		/* Kept for the list printed at the end: the entry goes now. */
		char *name = strdup(names[i]);
		char **grown = name ? realloc(*gone, sizeof *grown * (*ngone + 1)) : NULL;
		if (!grown) {
			free(name);
			return diag_set(ENOMEM, NULL, "remove image %s", given);
		}
		*gone = grown;
		grown[(*ngone)++] = name;
		if (store_untag(s, name) < 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct store s;
	bool force = false, prune = false;
	int c, failed = 0;

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
	char **gone = NULL;
	size_t removed = 0;
	for (int i = optind; i < argc; i++) {
		if (untag(&s, argv[i], force, &gone, &removed) < 0) {
			diag_print();
			failed = 1;
		}
	}
	/* The index first: once it is written, the images are gone, and
	 * what the collection below removes is what nothing names. */
	if (removed && store_save_index(&s) < 0)
		die_diag();
	size_t blobs, layers;
	if (store_gc(&s, &blobs, &layers) < 0)
		die_diag();
	explain("%zu blobs and %zu layers removed", blobs, layers);
	for (size_t i = 0; i < removed; i++) {
		printf("%s\n", gone[i]);
		free(gone[i]);
	}
	free(gone);
	store_close(&s);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(errno, NULL, "write to stdout");
	return failed ? EXIT_TOOL_FAILED : 0;
}
