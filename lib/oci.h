/* oci — finding one image's manifest, config and layers in what a user has.
 *
 * Three shapes hold the same thing:
 *
 *   an OCI image layout   a directory: oci-layout, index.json, and every
 *                         blob at blobs/sha256/<hex of its sha256>
 *   an OCI archive        a tar of such a directory (`skopeo copy oci-archive:`)
 *   a docker save tarball manifest.json naming each image's config file and
 *                         layer tars (and, since Docker 25, an OCI layout too)
 *
 * The index.json of a layout is the root of trust: it names a manifest by
 * digest, the manifest names the config and each layer by digest, and the
 * config names each layer's uncompressed tar by its "diff_id". Every blob
 * read here is hashed and compared with the digest and size that named it,
 * so a changed byte anywhere below index.json is caught. A nested index (a
 * multi-platform image) is resolved to the manifest for the wanted
 * platform: this host's, by Go's names (linux/amd64, linux/arm64/v8...).
 *
 * A tarball is first unpacked, with lib/layer's safe extraction, into a
 * staging directory the caller made; it is then read as a layout.
 */
#ifndef CTRKIT_OCI_H
#define CTRKIT_OCI_H

#include "digest.h"

#include <jansson.h>
#include <stdint.h>

enum oci_format { OCI_LAYOUT, OCI_ARCHIVE, OCI_DOCKER_SAVE };

struct oci_platform {
	char os[32];           /* "linux" */
	char architecture[32]; /* GOARCH: "amd64", "arm64", "arm", "386"... */
	char variant[32];      /* "v7", "v8" or "" */
};

struct oci_layer {
	char digest[DIGEST_TEXT_MAX];  /* the blob's; "" when its name does not say */
	char diff_id[DIGEST_TEXT_MAX]; /* the uncompressed tar's, from the config */
	char media_type[128];
	char path[160];                /* where the blob is, under the source root */
	int64_t size;                  /* from the manifest; -1 when not given */
};

/* How oci_open checks a blob against its digest: digest_buffer (lib/digest,
 * sha256.c) for an image from outside. The store passes NULL for its own
 * blobs: it checked each one on the way in (as containerd's content store
 * does), and its unpacked layers, which matter more, are not hashed on
 * every run either. */
typedef int oci_hash_fn(const void *data, size_t len, char *text);

struct oci_image {
	enum oci_format format;
	int root_fd;                              /* the layout (or the staged tarball) */
	char manifest_digest[DIGEST_TEXT_MAX];    /* "" for a docker save image */
	char manifest_media_type[128];            /* "" for a docker save image */
	char config_digest[DIGEST_TEXT_MAX];
	char config_path[160];                    /* where the config is, under root_fd */
	/* The image's own name, as the source has it: a layout's
	 * io.containerd.image.name or org.opencontainers.image.ref.name
	 * annotation (often a tag alone: "latest"), a docker save's RepoTag
	 * ("busybox:1.36", the one REF matched); "" when it has none. */
	char name[512];
	struct oci_platform platform;             /* from the config */
	json_t *config;                           /* the whole config document */
	struct oci_layer *layers;                 /* lowest first */
	size_t nlayers;
	oci_hash_fn *hash;                        /* how blobs are checked (oci_open) */
};

/* The platform this program runs on, in Go's (and OCI's) names. */
void oci_host_platform(struct oci_platform *p);

/* Parse "OS/ARCH[/VARIANT]" (e.g. linux/arm64/v8). -1 with a diagnostic. */
int oci_parse_platform(const char *text, struct oci_platform *p);

/* Open the image at SOURCE: a layout directory, or a tarball (an OCI
 * archive or a docker save) that oci_stage has unpacked into STAGE_FD
 * (pass -1 for a directory). REF picks the image by its
 * org.opencontainers.image.ref.name annotation (or a docker save RepoTag);
 * NULL takes the only one. PLATFORM chooses in a multi-platform index.
 * Every blob read on the way is checked with HASH (and its size).
 * -1 with a diagnostic, and then nothing is left to oci_close. */
int oci_open(struct oci_image *img, const char *source, int stage_fd, const char *ref,
	     const struct oci_platform *platform, oci_hash_fn *hash);

/* Unpack the tarball at SOURCE (plain files, no owners) into STAGE_FD, an
 * empty directory the caller made and will remove, for oci_open.
 * -1 with a diagnostic. */
int oci_stage(const char *source, int stage_fd);

/* Open layer I's blob for reading: a file descriptor, or -1 with a
 * diagnostic. */
int oci_open_layer(const struct oci_image *img, size_t i);

/* Open PATH (a blob's path under the source root, as in struct
 * oci_layer, or config_path) for reading, resolved inside the root:
 * a file descriptor, or -1 with a diagnostic naming WHAT. */
int oci_open_file(const struct oci_image *img, const char *path, const char *what);

/* Is SOURCE a regular file (a tarball) rather than a directory? -1 with a
 * diagnostic when it is neither or cannot be read. */
int oci_source_is_tarball(const char *source);

void oci_close(struct oci_image *img);

#endif
