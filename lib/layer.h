/* layer — applying one image layer (a tar, maybe gzip or zstd) to a root
 * directory, safely, whatever the tar says.
 *
 * A layer is a changeset: files to add or replace, and OCI "whiteouts" to
 * delete what lower layers made (image-spec layer.md):
 *
 *   usr/bin/vi          a file (or directory, symlink, hardlink, device, fifo)
 *   etc/.wh.motd        delete etc/motd from the layers below
 *   var/cache/.wh..wh..opq   var/cache is opaque: empty it of lower content
 *
 * A tar from an image is input from a stranger. Every path is resolved with
 * openat2(RESOLVE_IN_ROOT) against the root directory's fd, so ".." and
 * absolute symlinks in the tree stop at the root, as they would inside the
 * container; the last component is never followed (O_EXCL, O_NOFOLLOW,
 * AT_SYMLINK_NOFOLLOW, or unlinked first); names with ".." are refused.
 * Nothing outside the root can be written, linked to, or deleted.
 *
 * While it extracts, layer_apply hashes the bytes it reads (the blob's
 * digest) and the uncompressed tar (the layer's diff_id), so one pass
 * checks both.
 */
#ifndef CTRKIT_LAYER_H
#define CTRKIT_LAYER_H

#include "digest.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct layer_options {
	bool whiteouts;  /* apply .wh. entries (a layer); false: plain files (a tarball) */
	bool ownership;  /* set owners and xattrs, make device nodes (as root) */
	/* With whiteouts: record them in overlayfs's own form instead of
	 * applying them, for a layer unpacked alone into an empty directory
	 * that will be an overlayfs lowerdir (Documentation/filesystems/
	 * overlayfs.rst, "whiteouts and opaque directories"):
	 *   etc/.wh.motd          etc/motd, a character device 0/0
	 *   var/.wh..wh..opq      var/ with xattr trusted.overlay.opaque="y"
	 * The layer's own trusted.overlay.* xattrs are not set: only these
	 * two rules may speak to overlayfs. Needs root (mknod, trusted.*). */
	bool overlay_whiteouts;
	/* Called as the blob is read, with the bytes read so far. */
	void (*progress)(void *arg, uint64_t blob_bytes);
	void *progress_arg;
	/* Stop with an error as soon as this becomes non-zero (a signal). */
	volatile sig_atomic_t *interrupted;
};

struct layer_result {
	char blob_digest[DIGEST_TEXT_MAX]; /* sha256 of every byte of the blob */
	char diff_id[DIGEST_TEXT_MAX];     /* sha256 of the uncompressed tar */
	uint64_t blob_bytes, tar_bytes;
	uint64_t entries, whiteouts;
};

/* Apply the tar read from BLOB_FD (plain, gzip, zstd, xz or bzip2) to the
 * directory ROOT_FD. WHAT names the layer in messages ("layer
 * sha256:ab12…"). The caller compares R's digests with what it expected.
 * -1 with a diagnostic: the root may then hold part of the layer, and
 * R->blob_digest is still the whole blob's (to tell a corrupt blob). */
int layer_apply(int root_fd, int blob_fd, const char *what, const struct layer_options *o,
		struct layer_result *r);

/* Hash the layer read from BLOB_FD without unpacking it: R's
 * blob_digest, diff_id, blob_bytes and tar_bytes (not entries). For a
 * layer already unpacked whose blob is new (the same tar, compressed
 * another way). -1 with a diagnostic. */
int layer_hash(int blob_fd, const char *what, struct layer_result *r);

#endif
