/* store — see store.h. */
#include "store.h"
#include "diag.h"
#include "digest.h"
#include "explain.h"
#include "imgref.h"
#include "jsonfile.h"
#include "layer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_PREFIX ".tmp-"
#define COPY_BUF (256 * 1024)
#define CORRUPT_HINT "the blob is corrupt or was changed: fetch the image again"
#define MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_CONFIG "application/vnd.oci.image.config.v1+json"
#define MT_LAYER_TAR "application/vnd.oci.image.layer.v1.tar"

/* ---- opening, locking ---- */

static int open_dir(int at, const char *name, const char *shown, bool create, mode_t mode)
{
	if (create && mkdirat(at, name, mode) == 0)
		explain("mkdir %s", shown);
	else if (create && errno != EEXIST)
		return diag_set(errno, NULL, "mkdir %s in the store", name);
	int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		diag_set(errno, errno == ENOENT ? "the store is incomplete: img-import makes it" : NULL,
			 "open %s in the store", name);
	return fd;
}

/* Write DATA to NAME in DIR_FD, atomically: a temporary file, fsync'd,
 * renamed over NAME. */
static int write_file_atomic(int dir_fd, const char *name, const char *data, size_t len)
{
	char tmp[128];
	snprintf(tmp, sizeof tmp, TMP_PREFIX "%d-%s", (int)getpid(), name);
	int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return diag_set(errno, NULL, "create %s in the store", tmp);
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = errno;
			close(fd);
			unlinkat(dir_fd, tmp, 0);
			return diag_set(err, err == ENOSPC ? "free some space under $CTRKIT_STORE" : NULL, "write %s",
					name);
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		unlinkat(dir_fd, tmp, 0);
		return diag_set(errno, NULL, "write %s", name);
	}
	explain("rename(%s, %s)", tmp, name);
	if (renameat(dir_fd, tmp, dir_fd, name) < 0) {
		int err = errno;
		unlinkat(dir_fd, tmp, 0);
		return diag_set(err, NULL, "rename %s to %s", tmp, name);
	}
	fsync(dir_fd);
	return 0;
}

/* A directory stream of its own (a dup'd fd would share the offset that
 * an earlier listing left at the end). */
static DIR *open_listing(int dir_fd)
{
	int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);

	if (!d && fd >= 0) {
		int err = errno;
		close(fd);
		errno = err;
	}
	return d;
}

/* Remove what an interrupted writer left: every ".tmp-" name in DIR_FD.
 * Only a writer calls this, under LOCK_EX: no other writer is running. */
static int remove_stale(int dir_fd, const char *where)
{
	DIR *d = open_listing(dir_fd);
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d)
		return diag_set(errno, NULL, "read %s in the store", where);
	for (struct dirent *e; (e = readdir(d));) {
		if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)))
			continue;
		char **more = realloc(names, (n + 1) * sizeof *names);
		if (!more || !(more[n] = strdup(e->d_name))) {
			names = more ? more : names;
			rc = diag_set(ENOMEM, NULL, "read %s in the store", where);
			break;
		}
		names = more;
		n++;
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			explain("remove %s/%s (left by an interrupted import)", where, names[i]);
			rc = layer_remove_tree(dir_fd, names[i]);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static json_t *load_index(struct store *s)
{
	json_error_t err;
	int fd = s->images_fd < 0 ? -1 : openat(s->images_fd, "index.json", O_RDONLY | O_CLOEXEC);

	if (fd < 0 && (s->images_fd < 0 || errno == ENOENT))
		return json_pack("{s:i, s:s, s:[]}", "schemaVersion", 2, "mediaType",
				 "application/vnd.oci.image.index.v1+json", "manifests");
	if (fd < 0) {
		diag_set(errno, NULL, "open %s/images/index.json", s->root);
		return NULL;
	}
	json_t *index = jsonfile_read_fd(fd, JSON_REJECT_DUPLICATES, &err);
	if (!index || !json_is_array(json_object_get(index, "manifests"))) {
		diag_set(0, "the store's index is damaged: repair or remove $CTRKIT_STORE/images/index.json",
			 "%s/images/index.json: %s", s->root, index ? "no manifests list" : err.text);
		json_decref(index);
		return NULL;
	}
	return index;
}

int store_open(struct store *s, enum store_mode mode)
{
	const char *root = getenv("CTRKIT_STORE");
	bool write = mode == STORE_WRITE;

	memset(s, 0, sizeof *s);
	s->root_fd = s->images_fd = s->blobs_fd = s->layers_fd = s->lock_fd = -1;
	if (!root || !*root)
		root = STORE_DEFAULT_ROOT;
	if (strlen(root) >= sizeof s->root - 100)
		return diag_set(ENAMETOOLONG, NULL, "store %s", root);
	strcpy(s->root, root);
	if (write && mkdir(root, 0755) == 0)
		explain("mkdir %s", root);
	s->root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->root_fd < 0) {
		if (!write && errno == ENOENT) /* no store yet: no images */
			return (s->index = load_index(s)) ? 0 : -1;
		return diag_set(errno, errno == ENOENT ? "set CTRKIT_STORE to a directory that can be made" : NULL,
				"open the image store %s", root);
	}
	s->lock_fd = openat(s->root_fd, "lock", (write ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC, 0600);
	if (s->lock_fd < 0 && (write || errno != ENOENT)) {
		diag_set(errno, NULL, "open %s/lock", root);
		goto fail;
	}
	if (s->lock_fd >= 0) {
		int op = write ? LOCK_EX : LOCK_SH;
		/* Say so when another writer holds it: we wait, not hang. */
		if (flock(s->lock_fd, op | LOCK_NB) < 0) {
			explain("flock(%s/lock, %s): held by another import or removal: waiting", root,
				write ? "LOCK_EX" : "LOCK_SH");
			/* A signal the tool handles (SIGINT) ends the wait. */
			if (flock(s->lock_fd, op) < 0) {
				diag_set(errno, NULL, "flock %s/lock", root);
				goto fail;
			}
		}
		explain("flock(%s/lock, %s)", root, write ? "LOCK_EX" : "LOCK_SH");
	}
	s->exists = true;
	/* The layers hold images' setuid programs as they are: keep them
	 * out of other users' reach (CVE-2021-41091, Docker's 0700 data). */
	if ((s->images_fd = open_dir(s->root_fd, "images", "images", write, 0755)) < 0 && (write || diag_errno() != ENOENT))
		goto fail;
	if (s->images_fd >= 0 && (s->blobs_fd = open_dir(s->images_fd, "blobs", "images/blobs", write, 0755)) >= 0) {
		int sha = open_dir(s->blobs_fd, "sha256", "images/blobs/sha256", write, 0755);
		close(s->blobs_fd);
		s->blobs_fd = sha;
	}
	int layers = open_dir(s->root_fd, "layers", "layers", write, 0700);
	if (layers >= 0) {
		s->layers_fd = open_dir(layers, "sha256", "layers/sha256", write, 0700);
		close(layers);
	}
	if (write && (s->blobs_fd < 0 || s->layers_fd < 0))
		goto fail;
	if (write) {
		struct stat st;
		static const char layout[] = "{\"imageLayoutVersion\":\"1.0.0\"}\n";
		if (fstatat(s->images_fd, "oci-layout", &st, 0) < 0 &&
		    write_file_atomic(s->images_fd, "oci-layout", layout, sizeof layout - 1) < 0)
			goto fail;
		if (remove_stale(s->images_fd, "images") < 0 || remove_stale(s->blobs_fd, "images/blobs/sha256") < 0 ||
		    remove_stale(s->layers_fd, "layers/sha256") < 0)
			goto fail;
	}
	if (!(s->index = load_index(s)))
		goto fail;
	return 0;
fail:
	store_close(s);
	return -1;
}

void store_close(struct store *s)
{
	int *fds[] = { &s->root_fd, &s->images_fd, &s->blobs_fd, &s->layers_fd, &s->lock_fd };
	for (size_t i = 0; i < sizeof fds / sizeof *fds; i++) {
		if (*fds[i] >= 0)
			close(*fds[i]); /* the lock goes with its fd */
		*fds[i] = -1;
	}
	json_decref(s->index);
	s->index = NULL;
}

/* ---- names ---- */

int store_normalise(const char *text, char *out, size_t len)
{
	struct imgref ref;

	if (imgref_parse(text, &ref) < 0)
		return -1;
	if (imgref_format(&ref, out, len) < 0)
		return diag_set(ENAMETOOLONG, NULL, "reference %s", text);
	return 0;
}

const char *store_entry_name(json_t *desc)
{
	return json_string_value(json_object_get(json_object_get(desc, "annotations"), STORE_ANNOTATION_REF)) ?: "";
}

json_t *store_find(const struct store *s, const char *ref)
{
	json_t *m, *manifests = json_object_get(s->index, "manifests");
	const char *at = strchr(ref, '@');
	size_t i;

	json_array_foreach(manifests, i, m) {
		const char *name = store_entry_name(m), *digest = json_string_value(json_object_get(m, "digest"));
		if (!strcmp(name, ref))
			return m;
		/* NAME@DIGEST, NAME[:TAG]@DIGEST: the name, and that manifest. */
		if (at && digest && !strcmp(at + 1, digest)) {
			struct imgref want, have;
			if (imgref_parse(ref, &want) == 0 && imgref_parse(name, &have) == 0 &&
			    !strcmp(want.registry, have.registry) && !strcmp(want.repository, have.repository) &&
			    (!want.tag_given || !strcmp(want.tag, have.tag)))
				return m;
		}
	}
	return NULL;
}

static void hex_of(const char *digest, char *hex)
{
	snprintf(hex, DIGEST_HEX_LEN + 1, "%s", digest + 7);
}

void store_layer_path(const struct store *s, const char *diff_id, char *buf, size_t len)
{
	snprintf(buf, len, "%s/layers/sha256/%s", s->root, diff_id + 7);
}

static bool exists_at(int dir_fd, const char *name, bool want_dir)
{
	struct stat st;
	return dir_fd >= 0 && fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

int store_layer_record(const struct store *s, const char *diff_id, uint64_t *tar_bytes, uint64_t *entries)
{
	char name[DIGEST_HEX_LEN + 8];
	json_error_t err;

	snprintf(name, sizeof name, "%s.json", diff_id + 7);
	int fd = s->layers_fd < 0 ? -1 : openat(s->layers_fd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(s->layers_fd < 0 ? ENOENT : errno, "import the image again", "layer %s: no record",
				diff_id);
	json_t *j = jsonfile_read_fd(fd, 0, &err);
	json_t *t = json_object_get(j, "tar_bytes"), *e = json_object_get(j, "entries");
	if (!json_is_integer(t) || !json_is_integer(e)) {
		json_decref(j);
		return diag_set(0, "import the image again", "layer %s: its record is damaged", diff_id);
	}
	*tar_bytes = (uint64_t)json_integer_value(t);
	*entries = (uint64_t)json_integer_value(e);
	json_decref(j);
	return 0;
}

int store_open_image(const struct store *s, const char *ref, struct oci_image *img)
{
	char path[PATH_MAX + 16];
	struct oci_platform any;

	memset(img, 0, sizeof *img);
	img->root_fd = -1;
	json_t *m = store_find(s, ref);
	if (!m)
		return diag_set(0, "img-list shows the images there are; img-import adds one",
				"no image %s in the store %s", ref, s->root);
	/* A stored entry is one manifest, whatever its platform. */
	oci_host_platform(&any);
	snprintf(path, sizeof path, "%s/images", s->root);
	return oci_open(img, path, -1, store_entry_name(m), &any);
}

/* ---- importing ---- */

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
	snprintf(p->tmp, sizeof p->tmp, TMP_PREFIX "%d-%u-%.64s", (int)getpid(), im->serial++, final);
	return p;
}

static void drop_pending(struct import *im)
{
	for (size_t i = 0; i < im->np; i++) {
		if (*im->p[i].tmp && layer_remove_tree(im->p[i].dir_fd, im->p[i].tmp) < 0)
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
	return exists_at(dir_fd, final, want_dir);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
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
		if (write_all(out, buf, (size_t)n) < 0) {
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
	int rc = write_all(fd, data, len);
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
	snprintf(dir_tmp, sizeof dir_tmp, TMP_PREFIX "%d-%u-%s", (int)getpid(), im->serial++, hex);
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
	int wrc = out < 0 || write_all(out, text, strlen(text)) < 0 || write_all(out, "\n", 1) < 0 ? -1 : 0;
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
	if (layer_remove_tree(im->s->layers_fd, dir_tmp) < 0)
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
			if (layer_remove_tree(p->dir_fd, p->tmp) < 0)
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

/* ---- the index, removing ---- */

int store_untag(struct store *s, const char *ref)
{
	json_t *manifests = json_object_get(s->index, "manifests"), *m = store_find(s, ref);
	json_t *e;
	size_t i;

	if (!m)
		return diag_set(0, "img-list shows the images there are", "no image %s in the store %s", ref, s->root);
	json_array_foreach(manifests, i, e) {
		if (e == m) {
			explain("index.json: remove %s (manifest %s)", store_entry_name(m),
				json_string_value(json_object_get(m, "digest")));
			json_array_remove(manifests, i);
			break;
		}
	}
	return 0;
}

int store_save_index(struct store *s)
{
	char *text = json_dumps(s->index, JSON_INDENT(2));
	if (!text)
		return diag_set(ENOMEM, NULL, "write index.json");
	size_t len = strlen(text);
	text[len] = '\n'; /* json_dumps's NUL becomes the last newline */
	int rc = write_file_atomic(s->images_fd, "index.json", text, len + 1);
	free(text);
	return rc;
}

/* ---- garbage collection ---- */

struct names {
	char **v;
	size_t n;
};

static int names_add(struct names *l, const char *digest)
{
	const char *hex = strncmp(digest, "sha256:", 7) ? digest : digest + 7;
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], hex))
			return 0;
	char **more = realloc(l->v, (l->n + 1) * sizeof *more);
	if (!more || !(more[l->n] = strdup(hex))) {
		if (more)
			l->v = more;
		return diag_set(ENOMEM, NULL, "collect the store's names");
	}
	l->v = more;
	l->n++;
	return 0;
}

static bool names_has(const struct names *l, const char *hex)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], hex))
			return true;
	return false;
}

static void names_free(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* Containers will pin layers here (a later issue). A container's state
 * under $CTRKIT_STATE will name the layers its overlay has as lowerdirs;
 * they must be added to KEEP, so removing an image never pulls a layer
 * out from under a running container. No container exists yet: nothing
 * is pinned. */
static int add_pinned_layers(struct names *keep)
{
	(void)keep;
	return 0;
}

/* Everything the image of index entry M uses, into BLOBS and LAYERS. */
static int image_uses(struct store *s, json_t *m, struct names *blobs, struct names *layers)
{
	const char *name = store_entry_name(m);
	struct oci_image img;

	if (store_open_image(s, name, &img) < 0) {
		diag_hint("the store is damaged: remove %s with img-rm, or import it again", *name ? name : "it");
		return -1;
	}
	int rc = names_add(blobs, img.manifest_digest) < 0 || names_add(blobs, img.config_digest) < 0 ? -1 : 0;
	for (size_t i = 0; rc == 0 && i < img.nlayers; i++)
		if (names_add(blobs, img.layers[i].digest) < 0 || names_add(layers, img.layers[i].diff_id) < 0)
			rc = -1;
	oci_close(&img);
	return rc;
}

static int list_dir(int dir_fd, const char *where, struct names *out)
{
	DIR *d = open_listing(dir_fd);
	int rc = 0;

	if (!d)
		return diag_set(errno, NULL, "read %s in the store", where);
	for (struct dirent *e; rc == 0 && (e = readdir(d));)
		if (e->d_name[0] != '.')
			rc = names_add(out, e->d_name);
	closedir(d);
	return rc;
}

int store_gc(struct store *s, size_t *removed_blobs, size_t *removed_layers)
{
	struct names keep_blobs = { 0 }, keep_layers = { 0 }, blobs = { 0 }, layers = { 0 };
	json_t *m;
	size_t i;
	int rc = -1;

	*removed_blobs = *removed_layers = 0;
	json_array_foreach(json_object_get(s->index, "manifests"), i, m) {
		if (image_uses(s, m, &keep_blobs, &keep_layers) < 0)
			goto out;
	}
	if (add_pinned_layers(&keep_layers) < 0 || list_dir(s->blobs_fd, "images/blobs/sha256", &blobs) < 0 ||
	    list_dir(s->layers_fd, "layers/sha256", &layers) < 0)
		goto out;
	for (i = 0; i < blobs.n; i++) {
		if (names_has(&keep_blobs, blobs.v[i]))
			continue;
		explain("unlink images/blobs/sha256/%s (no image uses it)", blobs.v[i]);
		if (unlinkat(s->blobs_fd, blobs.v[i], 0) < 0 && errno != ENOENT) {
			diag_set(errno, NULL, "remove blob %s", blobs.v[i]);
			goto out;
		}
		++*removed_blobs;
	}
	/* A layer is its directory and its record (HEX.json): the record
	 * goes last, as it came first. */
	for (i = 0; i < layers.n; i++) {
		char hex[DIGEST_HEX_LEN + 8];
		bool record = strlen(layers.v[i]) > 5 && !strcmp(layers.v[i] + strlen(layers.v[i]) - 5, ".json");
		snprintf(hex, sizeof hex, "%.*s", (int)strlen(layers.v[i]) - (record ? 5 : 0), layers.v[i]);
		if (record || names_has(&keep_layers, hex))
			continue;
		explain("remove layers/sha256/%s/ (no image uses it)", hex);
		if (layer_remove_tree(s->layers_fd, hex) < 0)
			goto out;
		++*removed_layers;
	}
	for (i = 0; i < layers.n; i++) {
		size_t len = strlen(layers.v[i]);
		if (len <= 5 || strcmp(layers.v[i] + len - 5, ".json"))
			continue;
		layers.v[i][len - 5] = '\0';
		if (names_has(&keep_layers, layers.v[i]) || exists_at(s->layers_fd, layers.v[i], true))
			continue;
		explain("unlink layers/sha256/%s.json", layers.v[i]);
		strcat(layers.v[i], ".json");
		if (unlinkat(s->layers_fd, layers.v[i], 0) < 0 && errno != ENOENT) {
			diag_set(errno, NULL, "remove %s", layers.v[i]);
			goto out;
		}
	}
	rc = 0;
out:
	names_free(&keep_blobs);
	names_free(&keep_layers);
	names_free(&blobs);
	names_free(&layers);
	return rc;
}
