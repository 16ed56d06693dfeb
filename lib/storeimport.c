/* storeimport — see store.h (store_import): adding an image to the store.
 * Apart from store.c, since it hashes (libcrypto) and unpacks (libarchive),
 * and only img-import links those: the tools that read the store, ctr-run's
 * img-inspect among them, start without them. */
#include "store.h"
#include "storedir.h"
#include "diag.h"
#include "digest.h"
#include "explain.h"
#include "fdio.h"
#include "layer.h"
#include "rmtree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_BUF (256 * 1024)
#define CORRUPT_HINT "the blob is corrupt or was changed: fetch the image again"
#define MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_CONFIG "application/vnd.oci.image.config.v1+json"
#define MT_LAYER_TAR "application/vnd.oci.image.layer.v1.tar"

static void hex_of(const char *digest, char *hex)
{
	snprintf(hex, DIGEST_HEX_LEN + 1, "%s", digest + 7);
}


/* A new file or directory under a ".tmp-" name, renamed to FINAL at the
 * end, or removed. */
struct pending {
	int dir_fd; /* borrowed: blobs_fd or layers_fd */
	char tmp[128], final[DIGEST_HEX_LEN + 8];
	bool is_dir;
};

struct import {
	struct store *s;
	const struct oci_image *img;
	volatile sig_atomic_t *interrupted;
	struct pending *p;
	size_t np;
	unsigned serial;
};

static struct pending *add_pending(struct import *im, int dir_fd, const char *final, bool is_dir)
{
	struct pending *more = realloc(im->p, (im->np + 1) * sizeof *more);
	if (!more) {
		diag_set(ENOMEM, NULL, "import");
		return NULL;
	}
	im->p = more;
	struct pending *p = &im->p[im->np++];
	memset(p, 0, sizeof *p);
	p->dir_fd = dir_fd;
	p->is_dir = is_dir;
	snprintf(p->final, sizeof p->final, "%s", final);
	snprintf(p->tmp, sizeof p->tmp, STORE_TMP_PREFIX "%d-%u-%.64s", (int)getpid(), im->serial++, final);
	return p;
}

static void drop_pending(struct import *im)
{
	for (size_t i = 0; i < im->np; i++) {
		if (*im->p[i].tmp && rmtree_at(im->p[i].dir_fd, im->p[i].tmp) < 0)
			diag_print();
	}
	free(im->p);
	im->p = NULL;
	im->np = 0;
}

/* Is FINAL (a blob's hex, a layer's hex) there, or made by this import? */
static bool have(const struct import *im, int dir_fd, const char *final, bool want_dir)
{
	for (size_t i = 0; i < im->np; i++)
		if (im->p[i].dir_fd == dir_fd && !strcmp(im->p[i].final, final))
			return true;
	return store_exists_at(dir_fd, final, want_dir);
}

/* Copy the blob at PATH in the source into the store as DIGEST, hashing
 * as it goes: it is kept only if its sha256 (and SIZE, when >= 0) are
 * those that named it. *BYTES gets its size. */
static int copy_blob(struct import *im, const char *path, const char *digest, int64_t size, const char *what,
		     uint64_t *bytes)
{
	char hex[DIGEST_HEX_LEN + 1], got[DIGEST_TEXT_MAX], s1[32];
	struct digest d;
	int in = oci_open_file(im->img, path, what), out = -1, rc = -1;
	char *buf = NULL;

	if (in < 0)
		return -1;
	hex_of(digest, hex);
	struct pending *p = add_pending(im, im->s->blobs_fd, hex, false);
	if (!p || !(buf = malloc(COPY_BUF)) || digest_begin(&d) < 0) {
		if (p && !buf)
			diag_set(ENOMEM, NULL, "copy %s", what);
		close(in);
		free(buf);
		return -1;
	}
	out = openat(im->s->blobs_fd, p->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		diag_set(errno, NULL, "create %s in the store", p->tmp);
		p->tmp[0] = '\0'; /* nothing to remove */
		digest_abort(&d);
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, buf, COPY_BUF);
		if (n < 0 && errno == EINTR && !(im->interrupted && *im->interrupted))
			continue;
		if (im->interrupted && *im->interrupted) {
			diag_set(EINTR, NULL, "copy %s: interrupted", what);
			digest_abort(&d);
			goto out;
		}
		if (n < 0) {
			diag_set(errno, NULL, "read %s %s", what, path);
			digest_abort(&d);
			goto out;
		}
		if (n == 0)
			break;
		digest_update(&d, buf, (size_t)n);
		if (fd_write_all(out, buf, (size_t)n) < 0) {
			diag_set(errno, errno == ENOSPC ? "free some space under $CTRKIT_STORE" : NULL, "write %s", p->tmp);
			digest_abort(&d);
			goto out;
		}
	}
	*bytes = d.bytes;
	digest_end(&d, got);
	if (strcmp(got, digest)) {
		diag_set(0, CORRUPT_HINT, "%s %s: digest mismatch (the blob's sha256 is %s)", what,
			 digest_short(digest, s1, sizeof s1), got);
		goto out;
	}
	if (size >= 0 && *bytes != (uint64_t)size) {
		diag_set(0, CORRUPT_HINT, "%s %s: size mismatch (%ju bytes, the descriptor says %jd)", what,
			 digest_short(digest, s1, sizeof s1), (uintmax_t)*bytes, (intmax_t)size);
		goto out;
	}
	explain("copy %s %s: sha256 ok (%ju bytes)", what, digest, (uintmax_t)*bytes);
	rc = 0;
out:
	free(buf);
	close(in);
	if (out >= 0)
		close(out);
	return rc;
}

/* Write a blob made here (a docker save image's manifest). */
static int write_blob(struct import *im, const char *data, size_t len, const char *digest)
{
	char hex[DIGEST_HEX_LEN + 1];

	hex_of(digest, hex);
	struct pending *p = add_pending(im, im->s->blobs_fd, hex, false);
	if (!p)
		return -1;
	int fd = openat(im->s->blobs_fd, p->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		diag_set(errno, NULL, "create %s in the store", p->tmp);
		p->tmp[0] = '\0'; /* nothing to remove */
		return -1;
	}
	int rc = fd_write_all(fd, data, len);
	if (close(fd) < 0 || rc < 0)
		return diag_set(errno, NULL, "write %s", p->tmp);
	explain("write manifest %s (%zu bytes, made for this docker save image)", digest, len);
	return 0;
}

/* The blob of DIGEST as this import has it: the new copy, or the stored one. */
static int open_blob(struct import *im, const char *digest)
{
	char hex[DIGEST_HEX_LEN + 1];
	const char *name = hex;

	hex_of(digest, hex);
	for (size_t i = 0; i < im->np; i++)
		if (im->p[i].dir_fd == im->s->blobs_fd && !strcmp(im->p[i].final, hex))
			name = im->p[i].tmp;
	int fd = openat(im->s->blobs_fd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		diag_set(errno, NULL, "open blob %s in the store", digest);
	return fd;
}

static int blob_size(struct import *im, const char *digest, uint64_t *size)
{
	struct stat st;
	int fd = open_blob(im, digest);

	if (fd < 0)
		return -1;
	int rc = fstat(fd, &st);
	close(fd);
	if (rc < 0)
		return diag_set(errno, NULL, "stat blob %s", digest);
	*size = (uint64_t)st.st_size;
	return 0;
}

static int check_layer(const char *what, const struct oci_layer *l, const struct layer_result *r)
{
	if (*l->digest && strcmp(r->blob_digest, l->digest))
		return diag_set(0, CORRUPT_HINT, "%s: digest mismatch (the blob's sha256 is %s)", what, r->blob_digest);
	if (strcmp(r->diff_id, l->diff_id))
		return diag_set(0, CORRUPT_HINT,
				"%s: diff_id mismatch (the uncompressed tar's sha256 is %s, the config says %s)", what,
				r->diff_id, l->diff_id);
	return 0;
}

/* Layer I: its blob into images/blobs, unpacked into layers/ when new. */
static int import_layer(struct import *im, size_t i, uint64_t *size)
{
	const struct oci_layer *l = &im->img->layers[i];
	char what[128], s1[32], hex[DIGEST_HEX_LEN + 1], blob_hex[DIGEST_HEX_LEN + 1];
	struct layer_result r;
	bool new_blob, new_layer;

	snprintf(what, sizeof what, "layer %s", digest_short(l->digest, s1, sizeof s1));
	hex_of(l->digest, blob_hex);
	hex_of(l->diff_id, hex);
	new_blob = !have(im, im->s->blobs_fd, blob_hex, false);
	/* A directory whose record is missing (removed by hand) is made
	 * again: commit keeps the directory there and adds the record. */
	char record[DIGEST_HEX_LEN + 8];
	snprintf(record, sizeof record, "%s.json", hex);
	new_layer = !have(im, im->s->layers_fd, hex, true) || !have(im, im->s->layers_fd, record, false);
	explain("layer %zu/%zu %s: blob %s, diff_id %s %s", i + 1, im->img->nlayers, l->digest,
		new_blob ? "new" : "in the store", digest_short(l->diff_id, s1, sizeof s1),
		new_layer ? "new" : "unpacked already");
	if (new_blob && copy_blob(im, l->path, l->digest, l->size, "layer", size) < 0)
		return -1;
	if (!new_blob && blob_size(im, l->digest, size) < 0)
		return -1;
	if (!new_blob && !new_layer)
		return 0;
	int fd = open_blob(im, l->digest);
	if (fd < 0)
		return -1;
	if (!new_layer) {
		/* Only the blob is new (the same tar, compressed another way):
		 * its tar must be the layer's, though nothing is unpacked. */
		int rc = layer_hash(fd, what, &r);
		close(fd);
		if (rc < 0 || check_layer(what, l, &r) < 0)
			return -1;
		explain("diff_id %s ok (%ju bytes of tar)", digest_short(l->diff_id, s1, sizeof s1), (uintmax_t)r.tar_bytes);
		return 0;
	}
	char dir_tmp[128];
	int root = -1;
	snprintf(dir_tmp, sizeof dir_tmp, STORE_TMP_PREFIX "%d-%u-%s", (int)getpid(), im->serial++, hex);
	if (mkdirat(im->s->layers_fd, dir_tmp, 0755) < 0) {
		close(fd);
		return diag_set(errno, NULL, "make layers/sha256/%s in the store", dir_tmp);
	}
	if ((root = openat(im->s->layers_fd, dir_tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		diag_set(errno, NULL, "open layers/sha256/%s", dir_tmp);
		close(fd);
		goto fail;
	}
	explain("mkdir layers/sha256/%s: the layer alone, its whiteouts in overlayfs's form", dir_tmp);
	struct layer_options o = { .whiteouts = true, .ownership = true, .overlay_whiteouts = true,
				   .interrupted = im->interrupted };
	int rc = layer_apply(root, fd, what, &o, &r);
	close(fd);
	close(root);
	/* A corrupt blob is the better reason than what it broke. */
	if ((*l->digest && strcmp(r.blob_digest, l->digest)) || rc == 0) {
		if (check_layer(what, l, &r) < 0)
			goto fail;
	}
	if (rc < 0)
		goto fail;
	explain("diff_id %s ok (%ju bytes of tar, %ju entries, %ju whiteouts)", digest_short(l->diff_id, s1, sizeof s1),
		(uintmax_t)r.tar_bytes, (uintmax_t)r.entries, (uintmax_t)r.whiteouts);

	/* The record, so sizes are listed without walking trees. It is
	 * renamed into place before the directory: the directory is what
	 * says "this layer is here". */
	char name[DIGEST_HEX_LEN + 8];
	snprintf(name, sizeof name, "%s.json", hex);
	json_t *rec = json_pack("{s:s, s:I, s:I, s:I}", "diff_id", l->diff_id, "tar_bytes", (json_int_t)r.tar_bytes,
				"entries", (json_int_t)r.entries, "whiteouts", (json_int_t)r.whiteouts);
	char *text = rec ? json_dumps(rec, JSON_COMPACT) : NULL;
	json_decref(rec);
	struct pending *p = text ? add_pending(im, im->s->layers_fd, name, false) : NULL;
	int out = p ? openat(im->s->layers_fd, p->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
	int wrc = out < 0 || fd_write_all(out, text, strlen(text)) < 0 || fd_write_all(out, "\n", 1) < 0 ? -1 : 0;
	int err = text ? errno : ENOMEM;
	if (out >= 0 && close(out) < 0 && wrc == 0)
		wrc = -1, err = errno;
	free(text);
	if (wrc < 0) {
		diag_set(err, NULL, "write the record of layer %s", l->diff_id);
		if (p && out < 0)
			p->tmp[0] = '\0';
		goto fail;
	}
	if (!(p = add_pending(im, im->s->layers_fd, hex, true)))
		goto fail;
	snprintf(p->tmp, sizeof p->tmp, "%s", dir_tmp);
	return 0;
fail:
	if (rmtree_at(im->s->layers_fd, dir_tmp) < 0)
		diag_print();
	return -1;
}

/* A docker save image has no manifest: write an OCI one. Its layers are
 * the tars themselves (MT_LAYER_TAR), unless a blob is not its own tar. */
static char *docker_manifest(struct import *im, const uint64_t *layer_size, uint64_t config_size)
{
	json_t *layers = json_array();
	for (size_t i = 0; i < im->img->nlayers; i++) {
		const struct oci_layer *l = &im->img->layers[i];
		const char *mt = MT_LAYER_TAR;
		if (strcmp(l->digest, l->diff_id)) {
			unsigned char magic[4] = { 0 };
			int fd = open_blob(im, l->digest);
			if (fd >= 0 && read(fd, magic, sizeof magic) == (ssize_t)sizeof magic)
				mt = magic[0] == 0x1f && magic[1] == 0x8b ? MT_LAYER_TAR "+gzip"
				     : magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd
					     ? MT_LAYER_TAR "+zstd"
					     : MT_LAYER_TAR;
			if (fd >= 0)
				close(fd);
		}
		json_array_append_new(layers, json_pack("{s:s, s:s, s:I}", "mediaType", mt, "digest", l->digest, "size",
							(json_int_t)layer_size[i]));
	}
	json_t *m = json_pack("{s:i, s:s, s:{s:s, s:s, s:I}, s:o}", "schemaVersion", 2, "mediaType", MT_MANIFEST,
			      "config", "mediaType", MT_CONFIG, "digest", im->img->config_digest, "size",
			      (json_int_t)config_size, "layers", layers);
	char *text = m ? json_dumps(m, JSON_COMPACT) : NULL;
	json_decref(m);
	if (!text)
		diag_set(ENOMEM, NULL, "write a manifest for the docker save image");
	return text;
}

/* Rename every pending name into place, in order: blobs, then layer
 * records and directories, each record before its directory. */
static int commit(struct import *im)
{
	for (size_t i = 0; i < im->np; i++) {
		struct pending *p = &im->p[i];
		explain("rename(%s/%s, %s)", p->dir_fd == im->s->blobs_fd ? "images/blobs/sha256" : "layers/sha256",
			p->tmp, p->final);
		if (renameat2(p->dir_fd, p->tmp, p->dir_fd, p->final, RENAME_NOREPLACE) < 0) {
			/* Under the lock nobody else adds one: if it is there,
			 * it is the same content (its name is its digest). */
			if (errno != EEXIST)
				return diag_set(errno, NULL, "rename %s to %s in the store", p->tmp, p->final);
			if (rmtree_at(p->dir_fd, p->tmp) < 0)
				return -1;
		}
		p->tmp[0] = '\0';
	}
	return 0;
}

int store_import(struct store *s, const struct oci_image *img, const char *ref,
		 volatile sig_atomic_t *interrupted, struct store_import_result *r)
{
	struct import im = { .s = s, .img = img, .interrupted = interrupted };
	uint64_t *layer_size = calloc(img->nlayers + 1, sizeof *layer_size), config_size = 0, manifest_size = 0;
	char manifest_digest[DIGEST_TEXT_MAX], hex[DIGEST_HEX_LEN + 1];
	char *made_manifest = NULL;
	json_t *desc = NULL;
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (!layer_size)
		return diag_set(ENOMEM, NULL, "import");
	/* The config and the layers first: a docker save image's manifest
	 * needs their sizes. */
	hex_of(img->config_digest, hex);
	if (!have(&im, s->blobs_fd, hex, false)) {
		if (copy_blob(&im, img->config_path, img->config_digest, -1, "config", &config_size) < 0)
			goto out;
	} else if (blob_size(&im, img->config_digest, &config_size) < 0) {
		goto out;
	}
	for (size_t i = 0; i < img->nlayers; i++) {
		if (interrupted && *interrupted) {
			diag_set(EINTR, NULL, "import: interrupted by signal %d", (int)*interrupted);
			goto out;
		}
		if (import_layer(&im, i, &layer_size[i]) < 0)
			goto out;
	}
	const char *mt = img->manifest_media_type;
	if (*img->manifest_digest) {
		strcpy(manifest_digest, img->manifest_digest);
		hex_of(manifest_digest, hex);
		char path[100];
		snprintf(path, sizeof path, "blobs/sha256/%s", hex);
		if (!have(&im, s->blobs_fd, hex, false)) {
			if (copy_blob(&im, path, manifest_digest, -1, "manifest", &manifest_size) < 0)
				goto out;
		} else if (blob_size(&im, manifest_digest, &manifest_size) < 0) {
			goto out;
		}
	} else {
		mt = MT_MANIFEST;
		if (!(made_manifest = docker_manifest(&im, layer_size, config_size)) ||
		    digest_buffer(made_manifest, strlen(made_manifest), manifest_digest) < 0)
			goto out;
		manifest_size = strlen(made_manifest);
		hex_of(manifest_digest, hex);
		if (!have(&im, s->blobs_fd, hex, false) && write_blob(&im, made_manifest, manifest_size, manifest_digest) < 0)
			goto out;
	}

	/* The index entry: the manifest, its platform, and the name. */
	const struct oci_platform *p = &img->platform;
	desc = json_pack("{s:s, s:s, s:I, s:{s:s, s:s}, s:{s:s}}", "mediaType", mt, "digest", manifest_digest, "size",
			 (json_int_t)manifest_size, "platform", "architecture", p->architecture, "os", p->os,
			 "annotations", STORE_ANNOTATION_REF, ref);
	if (!desc) {
		diag_set(ENOMEM, NULL, "import");
		goto out;
	}
	if (*p->variant)
		json_object_set_new(json_object_get(desc, "platform"), "variant", json_string(p->variant));
	json_t *old = store_find(s, ref);
	r->new_blobs = r->new_layers = 0;
	for (size_t i = 0; i < im.np; i++)
		if (im.p[i].is_dir)
			r->new_layers++;
		else if (im.p[i].dir_fd == s->blobs_fd)
			r->new_blobs++;
	if (old && json_equal(old, desc) && !im.np) {
		explain("index.json: %s names manifest %s already: nothing to change", ref, manifest_digest);
		rc = 0;
		goto out;
	}
	if (im.np) {
		/* What the renames publish must be on disk before they are. */
		explain("syncfs(%s)", s->root);
		if (syncfs(s->root_fd) < 0) {
			diag_set(errno, NULL, "syncfs %s", s->root);
			goto out;
		}
	}
	if (commit(&im) < 0)
		goto out;
	if (old) {
		r->replaced = strcmp(json_string_value(json_object_get(old, "digest")) ?: "", manifest_digest) != 0;
		json_object_update(old, desc); /* in place: the list keeps its order */
	} else {
		json_array_append(json_object_get(s->index, "manifests"), desc);
	}
	explain("index.json: %s -> manifest %s", ref, manifest_digest);
	if (store_save_index(s) < 0)
		goto out;
	r->changed = true;
	rc = 0;
out:
	drop_pending(&im);
	json_decref(desc);
	free(made_manifest);
	free(layer_size);
	return rc;
}
