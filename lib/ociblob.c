/* ociblob — an image's files, read inside its root (see oci.h): a JSON
 * blob whole, checked against the digest and size that named it; the
 * config, which every format ends with; and a layer or any file opened for
 * the caller. */
#include "ocireader.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define JSON_MAX (16 << 20) /* the largest index, manifest or config we read */

static int open_in(int root, const char *path)
{
	/* The layout's own symlinks (if any) stay inside it. */
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	return (int)syscall(SYS_openat2, root, path, &how, sizeof how);
}

/* Read PATH whole (at most JSON_MAX bytes). NULL with a diagnostic. */
char *read_small(int root, const char *path, const char *what, size_t *len)
{
	struct stat st;
	int fd = open_in(root, path);
	char *buf = NULL;

	if (fd < 0) {
		diag_set(errno, errno == ENOENT ? "the image is incomplete: fetch it again" : NULL, "open %s %s", what,
			 path);
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > JSON_MAX) {
		diag_set(errno, NULL, "%s %s: %s", what, path,
			 !S_ISREG(st.st_mode) ? "not a regular file" : "larger than 16 MiB");
		close(fd);
		return NULL;
	}
	size_t n = 0, cap = (size_t)st.st_size + 1;
	if (!(buf = malloc(cap))) {
		close(fd);
		diag_set(ENOMEM, NULL, "read %s %s", what, path);
		return NULL;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_set(errno, NULL, "read %s %s", what, path);
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0 || n + (size_t)r == cap) {
			n += (size_t)r;
			break;
		}
		n += (size_t)r;
	}
	close(fd);
	if (n == cap) { /* it grew while we read it */
		diag_set(0, CORRUPT_HINT, "%s %s changed while it was read", what, path);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

json_t *parse_json(const char *buf, size_t len, const char *what, const char *path)
{
	json_error_t err;
	json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);

	if (!j)
		diag_set(0, CORRUPT_HINT, "%s %s: bad JSON at line %d: %s", what, path, err.line, err.text);
	else if (!json_is_object(j) && !json_is_array(j)) {
		diag_set(0, CORRUPT_HINT, "%s %s: not a JSON object", what, path);
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Read the blob named DIGEST (SIZE bytes, -1 if unknown) at PATH, check
 * both (the digest with IMG's hash function, when it has one), and parse
 * it as JSON. WHAT is "manifest", "config"... */
json_t *read_verified(const struct oci_image *img, const char *path, const char *digest, json_int_t size,
		      const char *what)
{
	char got[DIGEST_TEXT_MAX], s1[32];
	size_t len;
	char *buf = read_small(img->root_fd, path, what, &len);

	if (!buf)
		return NULL;
	if (img->hash && img->hash(buf, len, got) < 0)
		goto fail;
	if (img->hash && strcmp(got, digest) != 0) {
		diag_set(0, CORRUPT_HINT, "%s %s: digest mismatch (the file's sha256 is %s)", what,
			 digest_short(digest, s1, sizeof s1), got);
		goto fail;
	}
	if (size >= 0 && (size_t)size != len) {
		diag_set(0, CORRUPT_HINT, "%s %s: size mismatch (%zu bytes, the descriptor says %jd)", what,
			 digest_short(digest, s1, sizeof s1), len, (intmax_t)size);
		goto fail;
	}
	if (img->hash)
		explain("sha256 %.25s.. ok (%zu bytes, %s)", path, len, what);
	json_t *j = parse_json(buf, len, what, path);
	free(buf);
	return j;
fail:
	free(buf);
	return NULL;
}

int copy_text(char *dst, size_t len, const char *src, const char *what)
{
	if (!src || strlen(src) >= len)
		return diag_set(0, CORRUPT_HINT, "%s is missing or too long", what);
	strcpy(dst, src);
	return 0;
}

/* Fill IMG's config, platform and diff_ids from the config blob. */
int load_config(struct oci_image *img, json_t *config)
{
	json_t *rootfs = json_object_get(config, "rootfs");
	json_t *diff_ids = json_object_get(rootfs, "diff_ids");
	const char *type = json_string_value(json_object_get(rootfs, "type"));
	char s1[32];

	img->config = config;
	snprintf(img->platform.os, sizeof img->platform.os, "%s",
		 json_string_value(json_object_get(config, "os")) ?: "");
	snprintf(img->platform.architecture, sizeof img->platform.architecture, "%s",
		 json_string_value(json_object_get(config, "architecture")) ?: "");
	snprintf(img->platform.variant, sizeof img->platform.variant, "%s",
		 json_string_value(json_object_get(config, "variant")) ?: "");
	if (!type || strcmp(type, "layers") || !json_is_array(diff_ids))
		return diag_set(0, CORRUPT_HINT, "config %s: no rootfs of type \"layers\" with diff_ids",
				digest_short(img->config_digest, s1, sizeof s1));
	if (json_array_size(diff_ids) != img->nlayers)
		return diag_set(0, CORRUPT_HINT, "config %s lists %zu diff_ids for %zu layers",
				digest_short(img->config_digest, s1, sizeof s1), json_array_size(diff_ids), img->nlayers);
	for (size_t i = 0; i < img->nlayers; i++) {
		const char *d = json_string_value(json_array_get(diff_ids, i));
		if (!d || digest_check_text("diff_id", d) < 0)
			return d ? -1 : diag_set(0, CORRUPT_HINT, "config: diff_id %zu is not a string", i);
		strcpy(img->layers[i].diff_id, d);
	}
	return 0;
}

int oci_open_file(const struct oci_image *img, const char *path, const char *what)
{
	int fd = open_in(img->root_fd, path);
	if (fd < 0)
		return diag_set(errno, errno == ENOENT ? "the image is incomplete: fetch it again" : NULL,
				"open %s %s", what, path);
	return fd;
}

int oci_open_layer(const struct oci_image *img, size_t i)
{
	return oci_open_file(img, img->layers[i].path, "layer");
}
