/* store — see store.h. */
#include "store.h"
#include "ctrstate.h"
#include "diag.h"
#include "explain.h"
#include "fdio.h"
#include "imgref.h"
#include "jsonfile.h"
#include "rmtree.h"
#include "storedir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>


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
	snprintf(tmp, sizeof tmp, STORE_TMP_PREFIX "%d-%s", (int)getpid(), name);
	int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return diag_set(errno, NULL, "create %s in the store", tmp);
	if (fd_write_all(fd, data, len) < 0) {
		int err = errno;
		close(fd);
		unlinkat(dir_fd, tmp, 0);
		return diag_set(err, err == ENOSPC ? "free some space under $CTRKIT_STORE" : NULL, "write %s", name);
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
		if (strncmp(e->d_name, STORE_TMP_PREFIX, strlen(STORE_TMP_PREFIX)))
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
			rc = rmtree_at(dir_fd, names[i]);
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

void store_layer_path(const struct store *s, const char *diff_id, char *buf, size_t len)
{
	snprintf(buf, len, "%s/layers/sha256/%s", s->root, diff_id + 7);
}

bool store_exists_at(int dir_fd, const char *name, bool want_dir)
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
	return oci_open(img, path, -1, store_entry_name(m), &any, NULL);
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

/* A container's overlay has its image's layer directories as lowerdirs,
 * and its record names them (ctr-create --layers, lib/ctrstate). They are
 * kept while the record exists, in any status: a container is pinned to
 * the layers it mounts, not to its image's name, which img-rm -f removes
 * and img-import may point at another image. KEEP already holds what the
 * images use; --explain names each layer only a container keeps. A
 * directory whose parent is not this store's layers/sha256 belongs to
 * another store. If the records cannot be listed, nothing is removed. */
static int add_pinned_layers(const struct store *s, struct names *keep)
{
	struct ctr_state *list;
	struct stat ours, parent;
	int n, rc = 0;

	if (fstat(s->layers_fd, &ours) < 0)
		return diag_set(errno, NULL, "stat %s/layers/sha256", s->root);
	if (ctr_list(&list, &n) < 0) {
		diag_hint("the store cannot tell which layers containers use: fix $CTRKIT_STATE (%s)",
			  ctr_state_root());
		return -1;
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		for (char **dir = list[i].layers; rc == 0 && dir && *dir; dir++) {
			/* A record is only JSON: take its paths as they come. */
			size_t len = strlen(*dir);
			while (len > 1 && (*dir)[len - 1] == '/')
				(*dir)[--len] = '\0';
			char *slash = strrchr(*dir, '/');
			if (!slash)
				continue;
			*slash = '\0';
			bool here = stat(**dir ? *dir : "/", &parent) == 0 && parent.st_dev == ours.st_dev &&
				    parent.st_ino == ours.st_ino;
			if (!here || names_has(keep, slash + 1))
				continue;
			explain("keep layers/sha256/%s/ (container %s uses it)", slash + 1, ctr_label(&list[i]));
			rc = names_add(keep, slash + 1);
		}
	}
	ctr_list_free(list, n);
	return rc;
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
	if (add_pinned_layers(s, &keep_layers) < 0 || list_dir(s->blobs_fd, "images/blobs/sha256", &blobs) < 0 ||
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
		if (rmtree_at(s->layers_fd, hex) < 0)
			goto out;
		++*removed_layers;
	}
	for (i = 0; i < layers.n; i++) {
		size_t len = strlen(layers.v[i]);
		if (len <= 5 || strcmp(layers.v[i] + len - 5, ".json"))
			continue;
		layers.v[i][len - 5] = '\0';
		if (names_has(&keep_layers, layers.v[i]) || store_exists_at(s->layers_fd, layers.v[i], true))
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
