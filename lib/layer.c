/* layer — see layer.h. Reading a blob: its bytes hashed (the blob's
 * digest), decompressed, hashed again (the diff_id), and read as a tar
 * whose entries layerentry.c applies. Why a hostile tar cannot get out
 * of the root: layerroot.c. */
#include "layer.h"
#include "layerapplier.h"
#include "diag.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOB_BUF (256 * 1024)

/* ---- reading: blob -> (sha256) -> decompress -> (sha256) -> tar ---- */

struct blob_reader {
	int fd;
	struct digest digest;
	char *buf;
	const struct layer_options *o;
};

static la_ssize_t blob_read(struct archive *a, void *arg, const void **buf)
{
	struct blob_reader *b = arg;
	ssize_t n;

	do
		n = read(b->fd, b->buf, BLOB_BUF);
	while (n < 0 && errno == EINTR && !(b->o->interrupted && *b->o->interrupted));
	if (n < 0) {
		archive_set_error(a, errno, "read the blob");
		return -1;
	}
	digest_update(&b->digest, b->buf, (size_t)n);
	if (b->o->progress)
		b->o->progress(b->o->progress_arg, b->digest.bytes);
	*buf = b->buf;
	return n;
}

struct tar_reader {
	struct archive *outer; /* the decompressor, read as one raw stream */
	struct digest digest;
	bool eof;
};

static la_ssize_t tar_read(struct archive *a, void *arg, const void **buf)
{
	struct tar_reader *t = arg;
	size_t len;
	la_int64_t off;
	int r = archive_read_data_block(t->outer, buf, &len, &off);

	if (r == ARCHIVE_EOF) {
		t->eof = true;
		return 0;
	}
	if (r < ARCHIVE_WARN) {
		archive_set_error(a, archive_errno(t->outer), "%s", archive_error_string(t->outer));
		return -1;
	}
	digest_update(&t->digest, *buf, len);
	return (la_ssize_t)len;
}

/* Read what the tar reader left (the zero blocks past its end) so both
 * digests cover every byte. */
static int drain(struct tar_reader *t, struct blob_reader *b)
{
	const void *buf;
	size_t len;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(t->outer, &buf, &len, &off)) == ARCHIVE_OK)
		digest_update(&t->digest, buf, len);
	if (r != ARCHIVE_EOF)
		return -1;
	for (;;) {
		ssize_t n = read(b->fd, b->buf, BLOB_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		digest_update(&b->digest, b->buf, (size_t)n);
	}
}

int layer_hash(int blob_fd, const char *what, struct layer_result *r)
{
	struct layer_options o = { 0 };
	struct blob_reader blob = { .fd = blob_fd, .o = &o };
	struct tar_reader tar = { 0 };
	struct archive_entry *e;
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (!(blob.buf = malloc(BLOB_BUF)) || !(tar.outer = archive_read_new())) {
		diag_set(ENOMEM, NULL, "%s: start reading", what);
		goto out;
	}
	if (digest_begin(&blob.digest) < 0)
		goto out;
	if (digest_begin(&tar.digest) < 0) {
		digest_abort(&blob.digest);
		goto out;
	}
	archive_read_support_filter_all(tar.outer);
	archive_read_support_format_raw(tar.outer);
	if (archive_read_open(tar.outer, &blob, NULL, blob_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(tar.outer, &e) != ARCHIVE_OK)
		diag_set(archive_errno(tar.outer) > 0 ? archive_errno(tar.outer) : 0, CORRUPT_HINT, "%s: open: %s",
			 what, archive_error_string(tar.outer) ? archive_error_string(tar.outer) : "empty blob");
	else if (drain(&tar, &blob) < 0)
		diag_set(archive_errno(tar.outer) > 0 ? archive_errno(tar.outer) : errno, CORRUPT_HINT,
			 "%s: read: %s", what, archive_error_string(tar.outer));
	else
		rc = 0;
	/* As layer_apply: the whole blob is hashed even when it is broken. */
	for (ssize_t n = 1; rc < 0 && n > 0;) {
		n = read(blob_fd, blob.buf, BLOB_BUF);
		if (n > 0)
			digest_update(&blob.digest, blob.buf, (size_t)n);
	}
	r->blob_bytes = blob.digest.bytes;
	r->tar_bytes = tar.digest.bytes;
	digest_end(&blob.digest, r->blob_digest);
	digest_end(&tar.digest, r->diff_id);
out:
	if (tar.outer)
		archive_read_free(tar.outer);
	free(blob.buf);
	return rc;
}

int layer_apply(int root_fd, int blob_fd, const char *what, const struct layer_options *o,
		struct layer_result *r)
{
	struct applier ap = { .root = root_fd, .o = o, .what = what, .r = r, .parent_fd = -1 };
	struct blob_reader blob = { .fd = blob_fd, .o = o };
	struct tar_reader tar = { 0 };
	ap.stream_eof = &tar.eof;
	struct archive *inner = NULL;
	struct archive_entry *e;
	int rc = -1, ar;

	memset(r, 0, sizeof *r);
	posix_fadvise(blob_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (!(blob.buf = malloc(BLOB_BUF)) || !(tar.outer = archive_read_new()) || !(inner = archive_read_new())) {
		diag_set(ENOMEM, NULL, "%s: start reading", what);
		goto out;
	}
	if (digest_begin(&blob.digest) < 0)
		goto out;
	if (digest_begin(&tar.digest) < 0) {
		digest_abort(&blob.digest);
		goto out;
	}
	/* The outer archive only decompresses (whatever the filter: gzip,
	 * zstd, or none), so that the tar between the two can be hashed. */
	archive_read_support_filter_all(tar.outer);
	archive_read_support_format_raw(tar.outer);
	archive_read_support_format_tar(inner);
	if (archive_read_open(tar.outer, &blob, NULL, blob_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(tar.outer, &e) != ARCHIVE_OK) {
		diag_set(archive_errno(tar.outer) > 0 ? archive_errno(tar.outer) : 0, CORRUPT_HINT, "%s: open: %s",
			 what, archive_error_string(tar.outer) ? archive_error_string(tar.outer) : "empty blob");
		goto digests;
	}
	if (archive_read_open(inner, &tar, NULL, tar_read, NULL) != ARCHIVE_OK) {
		diag_set(0, CORRUPT_HINT, "%s: not a tar: %s", what, archive_error_string(inner));
		goto digests;
	}
	while ((ar = archive_read_next_header(inner, &e)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		if (o->interrupted && *o->interrupted) {
			diag_set(EINTR, NULL, "%s: interrupted", what);
			goto digests;
		}
		r->entries++;
		int applied = apply_entry(&ap, inner, e);
		if (applied < 0)
			goto digests;
		if (applied > 0) {
			ar = ARCHIVE_EOF;
			break;
		}
	}
	if (ar != ARCHIVE_EOF) {
		diag_set(archive_errno(inner) > 0 ? archive_errno(inner) : 0, CORRUPT_HINT, "%s: read: %s", what,
			 archive_error_string(inner));
		goto digests;
	}
	if (set_dir_times(&ap) < 0)
		goto digests;
	if (drain(&tar, &blob) < 0) {
		diag_set(archive_errno(tar.outer) > 0 ? archive_errno(tar.outer) : errno, CORRUPT_HINT,
			 "%s: read past the tar's end: %s", what, archive_error_string(tar.outer));
		goto digests;
	}
	rc = 0;
digests:
	/* On a failure, hash the rest of the blob anyway: a digest mismatch
	 * is a better reason to give than the broken gzip it caused. */
	for (ssize_t n = 1; rc < 0 && n > 0;) {
		n = read(blob_fd, blob.buf, BLOB_BUF);
		if (n > 0)
			digest_update(&blob.digest, blob.buf, (size_t)n);
	}
	r->blob_bytes = blob.digest.bytes;
	r->tar_bytes = tar.digest.bytes;
	digest_end(&blob.digest, r->blob_digest);
	digest_end(&tar.digest, r->diff_id);
out:
	for (size_t i = 0; i < ap.ndirs; i++)
		free(ap.dirs[i].path);
	free(ap.dirs);
	pathset_free(&ap.made);
	forget_parent(&ap);
	if (inner)
		archive_read_free(inner);
	if (tar.outer)
		archive_read_free(tar.outer);
	free(blob.buf);
	return rc;
}
