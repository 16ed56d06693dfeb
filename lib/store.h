/* store — the local image store: images by name, their layers unpacked
 * once and shared.
 *
 *   $CTRKIT_STORE/                 (default /var/lib/ctrkit)
 *     lock                         flock(2): LOCK_EX for every change, LOCK_SH to read
 *     images/                      an OCI image layout, readable by any OCI tool:
 *       oci-layout, index.json     one manifest per reference, named by its
 *                                  org.opencontainers.image.ref.name annotation,
 *                                  normalised (docker.io/library/busybox:latest)
 *       blobs/sha256/<hex>         manifests, configs and layer blobs
 *     layers/sha256/<hex>/         one layer, unpacked alone, named by its diff_id
 *                                  (the sha256 of its tar): an overlayfs lowerdir,
 *                                  its whiteouts in overlayfs's form
 *     layers/sha256/<hex>.json     {"diff_id", "tar_bytes", "entries", "whiteouts"}
 *
 * A layer is content-addressed by its diff_id, so two images built on the
 * same base share its directory, whatever compression their blobs use, and
 * a container mounts an image as an overlay of its layers: nothing is
 * copied per container.
 *
 * A container's record names the layer directories it mounts (ctr-create
 * --layers): they stay while the record does, even when no image names
 * them any more (img-rm -f), and go with the first collection after
 * ctr-rm. The blobs (the image as shipped) go with its last name: a
 * container runs from its layers alone, and importing the image again
 * finds them unpacked.
 *
 * Every change is all or nothing. New blobs, layer directories and records
 * are made under ".tmp-" names beside their final place and renamed there
 * only when every check has passed; index.json, rewritten whole and
 * renamed over the old one, is last, so a reader sees the old store or the
 * new one. A crash leaves only ".tmp-" names, which the next writer removes
 * (it holds the lock: nobody else can be making them).
 */
#ifndef CTRKIT_STORE_H
#define CTRKIT_STORE_H

#include "oci.h"

#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#define STORE_DEFAULT_ROOT "/var/lib/ctrkit"
#define STORE_ANNOTATION_REF "org.opencontainers.image.ref.name"
/* What a writer makes is named so until it is complete (see above). */
#define STORE_TMP_PREFIX ".tmp-"

struct store {
	char root[PATH_MAX];   /* $CTRKIT_STORE */
	int root_fd, images_fd, blobs_fd, layers_fd, lock_fd;
	json_t *index;         /* images/index.json: {"manifests": [...]} */
	bool exists;           /* false: a reader found no store (it is empty) */
};

enum store_mode {
	STORE_READ,  /* shared lock; a missing store reads as empty */
	STORE_WRITE, /* exclusive lock; the store is made when missing */
};

/* Open the store at $CTRKIT_STORE (or STORE_DEFAULT_ROOT) and lock it.
 * -1 with a diagnostic. */
int store_open(struct store *s, enum store_mode mode);
void store_close(struct store *s);

/* TEXT as the store names images: normalised by lib/imgref
 * (busybox -> docker.io/library/busybox:latest). -1 with a diagnostic. */
int store_normalise(const char *text, char *out, size_t len);

/* The index entry (a manifest descriptor) named REF, a normalised
 * reference; NAME@DIGEST also matches by the manifest's digest. NULL when
 * there is none (no diagnostic). */
json_t *store_find(const struct store *s, const char *ref);

/* The name of index entry DESC ("" when it has none). */
const char *store_entry_name(json_t *desc);

/* Open stored image REF (as struct oci_image). Its blobs are not hashed
 * again: store_import checked each one on the way in (lib/oci, oci_hash_fn).
 * -1 with a diagnostic: an unknown REF says how to list and add images. */
int store_open_image(const struct store *s, const char *ref, struct oci_image *img);

/* The directory of layer DIFF_ID ("sha256:<hex>"): ROOT/layers/sha256/<hex>. */
void store_layer_path(const struct store *s, const char *diff_id, char *buf, size_t len);

/* Layer DIFF_ID's record: the bytes of its tar and its entries. -1 with a
 * diagnostic when the layer is not in the store. */
int store_layer_record(const struct store *s, const char *diff_id, uint64_t *tar_bytes, uint64_t *entries);

struct store_import_result {
	bool changed;      /* false: the image was there already, under REF */
	bool replaced;     /* REF named another image before (now unused, maybe) */
	size_t new_blobs, new_layers;
};

/* Add IMG (from oci_open, its JSON blobs already checked) to the store
 * under REF (normalised): copy each blob it needs, checking its sha256 and
 * size as it is copied; unpack each layer not yet present (checking its
 * diff_id, whiteouts in overlayfs's form); then name it in index.json.
 * A docker save image gets an OCI manifest written for it. Stops when
 * *INTERRUPTED becomes non-zero. -1 with a diagnostic: then the store is
 * as it was. */
int store_import(struct store *s, const struct oci_image *img, const char *ref,
		 volatile sig_atomic_t *interrupted, struct store_import_result *r);

/* Drop REF's entry from the index in memory (store_save_index writes it).
 * -1 with a diagnostic when there is none. */
int store_untag(struct store *s, const char *ref);

/* Write index.json: a new file, then rename(2) over the old. */
int store_save_index(struct store *s);

/* Remove every blob, layer directory and record that no image in the
 * index uses and no container's record names (--explain names each).
 * Reads every image and the records of the containers under
 * $CTRKIT_STATE (lib/ctrstate) first: if one image or the list of
 * records cannot be read, nothing is removed. -1 with a diagnostic. */
int store_gc(struct store *s, size_t *removed_blobs, size_t *removed_layers);

#endif
