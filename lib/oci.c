/* oci — see oci.h. */
#include "oci.h"
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
#include <sys/utsname.h>
#include <unistd.h>

#define JSON_MAX (16 << 20) /* the largest index, manifest or config we read */
#define CORRUPT_HINT "the blob is corrupt or was changed: fetch the image again"

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define ANNOTATION_REF "org.opencontainers.image.ref.name"
#define ANNOTATION_CONTAINERD "io.containerd.image.name"

/* uname's machine names and the GOARCH (and variant) OCI uses for them. */
static const struct {
	const char *machine, *architecture, *variant;
} arch_names[] = {
	{ "x86_64", "amd64", "" },   { "aarch64", "arm64", "" },   { "armv7l", "arm", "v7" },
	{ "armv6l", "arm", "v6" },   { "i686", "386", "" },        { "i386", "386", "" },
	{ "ppc64le", "ppc64le", "" }, { "s390x", "s390x", "" },    { "riscv64", "riscv64", "" },
	{ "mips64", "mips64", "" },  { "loongarch64", "loong64", "" },
};

void oci_host_platform(struct oci_platform *p)
{
	struct utsname u;

	memset(p, 0, sizeof *p);
	strcpy(p->os, "linux");
	uname(&u);
	snprintf(p->architecture, sizeof p->architecture, "%.31s", u.machine);
	for (size_t i = 0; i < sizeof arch_names / sizeof *arch_names; i++) {
		if (!strcmp(u.machine, arch_names[i].machine)) {
			strcpy(p->architecture, arch_names[i].architecture);
			strcpy(p->variant, arch_names[i].variant);
		}
	}
}

int oci_parse_platform(const char *text, struct oci_platform *p)
{
	char buf[100];
	char *arch, *variant;

	memset(p, 0, sizeof *p);
	snprintf(buf, sizeof buf, "%s", text);
	arch = strchr(buf, '/');
	if (!arch || !arch[1] || arch == buf)
		return diag_set(0, "write OS/ARCH[/VARIANT], e.g. linux/arm64 or linux/arm/v7", "bad platform '%s'",
				text);
	*arch++ = '\0';
	variant = strchr(arch, '/');
	if (variant)
		*variant++ = '\0';
	if (strlen(buf) >= sizeof p->os || strlen(arch) >= sizeof p->architecture ||
	    (variant && strlen(variant) >= sizeof p->variant))
		return diag_set(0, NULL, "platform '%s' is too long", text);
	strcpy(p->os, buf);
	strcpy(p->architecture, arch);
	if (variant)
		strcpy(p->variant, variant);
	return 0;
}

static int open_in(int root, const char *path)
{
	/* The layout's own symlinks (if any) stay inside it. */
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	return (int)syscall(SYS_openat2, root, path, &how, sizeof how);
}

/* Read PATH whole (at most JSON_MAX bytes). NULL with a diagnostic. */
static char *read_small(int root, const char *path, const char *what, size_t *len)
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

static json_t *parse_json(const char *buf, size_t len, const char *what, const char *path)
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

/* The path of a blob: blobs/sha256/<hex>. */
static void blob_path(const char *digest, char *path, size_t len)
{
	snprintf(path, len, "blobs/sha256/%s", digest + 7);
}

/* Read the blob named DIGEST (SIZE bytes, -1 if unknown) at PATH, check
 * both (the digest with IMG's hash function, when it has one), and parse
 * it as JSON. WHAT is "manifest", "config"... */
static json_t *read_verified(const struct oci_image *img, const char *path, const char *digest, json_int_t size,
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

/* A descriptor's digest, checked; -1 with a diagnostic. */
static const char *desc_digest(json_t *desc, const char *what)
{
	const char *d = json_string_value(json_object_get(desc, "digest"));

	if (!d) {
		diag_set(0, CORRUPT_HINT, "%s descriptor has no digest", what);
		return NULL;
	}
	return digest_check_text(what, d) < 0 ? NULL : d;
}

static json_int_t desc_size(json_t *desc)
{
	json_t *s = json_object_get(desc, "size");
	return json_is_integer(s) ? json_integer_value(s) : -1;
}

static bool platform_matches(json_t *p, const struct oci_platform *want)
{
	const char *os = json_string_value(json_object_get(p, "os"));
	const char *arch = json_string_value(json_object_get(p, "architecture"));
	const char *variant = json_string_value(json_object_get(p, "variant"));

	if (!os || !arch || strcmp(os, want->os) || strcmp(arch, want->architecture))
		return false;
	/* No wanted variant takes any; arm64's "v8" is the only arm64 there is. */
	return !*want->variant || (variant && !strcmp(variant, want->variant)) ||
	       (!variant && !strcmp(want->architecture, "arm64") && !strcmp(want->variant, "v8"));
}

static void list_platforms(json_t *manifests, char *buf, size_t len)
{
	size_t i, o = 0;
	json_t *m;

	buf[0] = '\0';
	json_array_foreach(manifests, i, m) {
		json_t *p = json_object_get(m, "platform");
		const char *os = json_string_value(json_object_get(p, "os"));
		const char *arch = json_string_value(json_object_get(p, "architecture"));
		const char *var = json_string_value(json_object_get(p, "variant"));
		if (!os || !arch || !strcmp(os, "unknown"))
			continue;
		int n = snprintf(buf + o, len - o, "%s%s/%s%s%s", o ? ", " : "", os, arch, var ? "/" : "", var ? var : "");
		if (n < 0 || (size_t)n >= len - o)
			break;
		o += (size_t)n;
	}
}

static bool is_index(json_t *desc, json_t *doc)
{
	const char *mt = json_string_value(json_object_get(desc, "mediaType"));
	if (doc && !mt)
		mt = json_string_value(json_object_get(doc, "mediaType"));
	if (mt)
		return !strcmp(mt, MT_OCI_INDEX) || !strcmp(mt, MT_DOCKER_LIST);
	return doc && json_is_array(json_object_get(doc, "manifests"));
}

/* In MANIFESTS (an index's list), the one for platform WANT. */
static json_t *pick_platform(json_t *manifests, const struct oci_platform *want, const char *where)
{
	size_t i;
	json_t *m;
	char have[512];

	json_array_foreach(manifests, i, m) {
		if (platform_matches(json_object_get(m, "platform"), want))
			return m;
	}
	list_platforms(manifests, have, sizeof have);
	diag_set(0, NULL, "%s has no image for %s/%s%s%s (it has: %s)", where, want->os, want->architecture,
		 *want->variant ? "/" : "", want->variant, *have ? have : "none named");
	diag_hint("choose one with --platform OS/ARCH[/VARIANT]");
	return NULL;
}

/* Does index entry M carry the name REF? */
static bool ref_matches(json_t *m, const char *ref)
{
	json_t *ann = json_object_get(m, "annotations");
	const char *name = json_string_value(json_object_get(ann, ANNOTATION_REF));
	const char *full = json_string_value(json_object_get(ann, ANNOTATION_CONTAINERD));

	return (name && !strcmp(name, ref)) || (full && !strcmp(full, ref));
}

static void list_refs(json_t *manifests, char *buf, size_t len)
{
	size_t i, o = 0;
	json_t *m;

	buf[0] = '\0';
	json_array_foreach(manifests, i, m) {
		const char *name = json_string_value(json_object_get(json_object_get(m, "annotations"), ANNOTATION_REF));
		int n = snprintf(buf + o, len - o, "%s%s", o ? ", " : "", name ? name : "(unnamed)");
		if (n < 0 || (size_t)n >= len - o)
			break;
		o += (size_t)n;
	}
}

/* From index.json: the descriptor of the image asked for. */
static json_t *pick_from_top(json_t *index, const char *ref, const struct oci_platform *want)
{
	json_t *manifests = json_object_get(index, "manifests"), *m, *found = NULL;
	size_t i, matches = 0;
	char names[1024];

	if (!json_is_array(manifests) || !json_array_size(manifests)) {
		diag_set(0, "the layout holds no image", "index.json lists no manifests");
		return NULL;
	}
	if (ref) {
		json_array_foreach(manifests, i, m) {
			if (ref_matches(m, ref) && !matches++)
				found = m;
		}
		if (!matches) {
			list_refs(manifests, names, sizeof names);
			diag_set(0, NULL, "no image named '%s' in index.json (it has: %s)", ref, names);
			diag_hint("name one of those with --ref or SOURCE:REF");
			return NULL;
		}
		if (matches == 1)
			return found;
	} else if (json_array_size(manifests) == 1) {
		return json_array_get(manifests, 0);
	}
	/* Several candidates: a multi-platform image listed at the top, or
	 * several images. The first may be told apart by platform. */
	json_array_foreach(manifests, i, m) {
		if ((!ref || ref_matches(m, ref)) && json_object_get(m, "platform") &&
		    platform_matches(json_object_get(m, "platform"), want))
			return m;
	}
	list_refs(manifests, names, sizeof names);
	diag_set(0, NULL, "index.json lists %zu images (%s)", json_array_size(manifests), names);
	diag_hint("choose one with --ref NAME or SOURCE:NAME");
	return NULL;
}

static int copy_text(char *dst, size_t len, const char *src, const char *what)
{
	if (!src || strlen(src) >= len)
		return diag_set(0, CORRUPT_HINT, "%s is missing or too long", what);
	strcpy(dst, src);
	return 0;
}

/* Fill IMG's config, platform and diff_ids from the config blob. */
static int load_config(struct oci_image *img, json_t *config)
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

/* An OCI layout (or a staged OCI archive): index.json down to the layers. */
static int open_layout(struct oci_image *img, const char *ref, const struct oci_platform *want)
{
	size_t len;
	char *buf = read_small(img->root_fd, "index.json", "image index", &len);
	char path[160];
	json_t *index, *desc, *doc = NULL, *manifest = NULL, *config = NULL;
	int rc = -1;

	if (!buf)
		return -1;
	/* index.json is where trust starts: nothing names its digest. */
	explain("read index.json (%zu bytes): the layout's root, named by no digest", len);
	index = parse_json(buf, len, "image index", "index.json");
	free(buf);
	if (!index)
		return -1;
	if (!(desc = pick_from_top(index, ref, want)))
		goto out;
	json_t *ann = json_object_get(desc, "annotations");
	const char *name = json_string_value(json_object_get(ann, ANNOTATION_CONTAINERD));
	if (!name)
		name = json_string_value(json_object_get(ann, ANNOTATION_REF));
	if (name && strlen(name) < sizeof img->name)
		strcpy(img->name, name);
	json_incref(desc);
	/* A nested index (multi-platform): down to the manifest for WANT. */
	for (int depth = 0;; depth++) {
		const char *d = desc_digest(desc, "manifest");
		if (!d)
			goto out;
		blob_path(d, path, sizeof path);
		json_decref(doc);
		if (!(doc = read_verified(img, path, d, desc_size(desc), is_index(desc, NULL) ? "index" : "manifest")))
			goto out;
		if (!is_index(desc, doc)) {
			strcpy(img->manifest_digest, d);
			break;
		}
		if (depth == 4) {
			diag_set(0, CORRUPT_HINT, "index %s: indexes nested more than 4 deep", path);
			goto out;
		}
		json_t *next = pick_platform(json_object_get(doc, "manifests"), want, "the image index");
		if (!next)
			goto out;
		json_incref(next);
		json_decref(desc);
		desc = next;
	}
	manifest = doc;
	doc = NULL;
	snprintf(img->manifest_media_type, sizeof img->manifest_media_type, "%s",
		 json_string_value(json_object_get(manifest, "mediaType")) ?:
		 json_string_value(json_object_get(desc, "mediaType")) ?: "application/vnd.oci.image.manifest.v1+json");

	json_t *cdesc = json_object_get(manifest, "config");
	const char *cd = desc_digest(cdesc, "config");
	json_t *layers = json_object_get(manifest, "layers");
	if (!cd)
		goto out;
	if (!json_is_array(layers)) {
		diag_set(0, CORRUPT_HINT, "manifest %s lists no layers", img->manifest_digest);
		goto out;
	}
	img->nlayers = json_array_size(layers);
	if (!(img->layers = calloc(img->nlayers + 1, sizeof *img->layers))) {
		diag_set(ENOMEM, NULL, "read the manifest");
		goto out;
	}
	size_t i;
	json_t *l;
	json_array_foreach(layers, i, l) {
		struct oci_layer *layer = &img->layers[i];
		const char *ld = desc_digest(l, "layer");
		const char *mt = json_string_value(json_object_get(l, "mediaType"));
		if (!ld || copy_text(layer->media_type, sizeof layer->media_type, mt ?: "", "layer media type") < 0)
			goto out;
		if (strstr(layer->media_type, "encrypted")) {
			diag_set(0, "decrypt the image first (ctr images decrypt, skopeo copy --decryption-key)",
				 "layer %s is encrypted (%s)", ld, mt);
			goto out;
		}
		strcpy(layer->digest, ld);
		blob_path(ld, layer->path, sizeof layer->path);
		layer->size = desc_size(l);
	}
	strcpy(img->config_digest, cd);
	blob_path(cd, path, sizeof path);
	strcpy(img->config_path, path);
	if (!(config = read_verified(img, path, cd, desc_size(cdesc), "config")))
		goto out;
	rc = load_config(img, config);
	config = NULL;
out:
	json_decref(config);
	json_decref(manifest);
	json_decref(doc);
	json_decref(desc);
	json_decref(index);
	return rc;
}

/* A docker save file name that says its own digest: blobs/sha256/<hex>
 * (Docker 25+) or <hex>.json (a config, before). "" when it does not. */
static void digest_from_name(const char *name, char *digest)
{
	char hex[DIGEST_HEX_LEN + 1];

	digest[0] = '\0';
	if (!strncmp(name, "blobs/sha256/", 13) && strlen(name + 13) == DIGEST_HEX_LEN)
		snprintf(hex, sizeof hex, "%s", name + 13);
	else if (strlen(name) == DIGEST_HEX_LEN + 5 && !strcmp(name + DIGEST_HEX_LEN, ".json"))
		snprintf(hex, sizeof hex, "%.64s", name);
	else
		return;
	snprintf(digest, DIGEST_TEXT_MAX, "sha256:%s", hex);
	if (digest_check_text("file name", digest) < 0)
		digest[0] = '\0';
}

/* A docker save tarball's manifest.json: [{"Config", "RepoTags", "Layers"}]. */
static int open_docker_save(struct oci_image *img, const char *ref)
{
	size_t len, i, matches = 0;
	char *buf = read_small(img->root_fd, "manifest.json", "docker manifest", &len);
	json_t *list, *m, *found = NULL, *config = NULL;
	char names[1024] = "";
	int rc = -1;

	if (!buf)
		return -1;
	explain("read manifest.json (%zu bytes): the tarball's root, named by no digest", len);
	list = parse_json(buf, len, "docker manifest", "manifest.json");
	free(buf);
	if (!list)
		return -1;
	json_array_foreach(list, i, m) {
		json_t *tags = json_object_get(m, "RepoTags"), *t;
		size_t j;
		bool hit = !ref;
		const char *first = json_string_value(json_array_get(tags, 0)), *named = NULL;
		json_array_foreach(tags, j, t) {
			const char *tag = json_string_value(t), *colon = tag ? strrchr(tag, ':') : NULL;
			if (tag && ref && (!strcmp(tag, ref) || (colon && !strcmp(colon + 1, ref)))) {
				hit = true;
				named = named ? named : tag;
			}
			if (tag && strlen(names) + strlen(tag) + 3 < sizeof names)
				strcat(strcat(names, *names ? ", " : ""), tag);
		}
		if (hit && !matches++) {
			found = m;
			if ((named = named ? named : first) && strlen(named) < sizeof img->name)
				strcpy(img->name, named);
		}
	}
	if (!matches) {
		if (ref)
			diag_set(0, "name one of those with --ref or SOURCE:NAME",
				 "no image named '%s' in manifest.json (it has: %s)", ref, *names ? names : "none");
		else
			diag_set(0, CORRUPT_HINT, "manifest.json lists no image");
		goto out;
	}
	if (matches > 1) {
		diag_set(0, "choose one with --ref NAME or SOURCE:NAME", "manifest.json lists %zu images (%s)", matches,
			 names);
		goto out;
	}
	const char *cpath = json_string_value(json_object_get(found, "Config"));
	json_t *layers = json_object_get(found, "Layers");
	if (!cpath || !json_is_array(layers)) {
		diag_set(0, CORRUPT_HINT, "manifest.json: an image without Config or Layers");
		goto out;
	}
	digest_from_name(cpath, img->config_digest);
	if (!*img->config_digest) {
		diag_set(0, "the tarball was not made by docker save", "docker config %s: its name is not its digest",
			 cpath);
		goto out;
	}
	img->nlayers = json_array_size(layers);
	if (!(img->layers = calloc(img->nlayers + 1, sizeof *img->layers))) {
		diag_set(ENOMEM, NULL, "read manifest.json");
		goto out;
	}
	json_t *l;
	json_array_foreach(layers, i, l) {
		const char *p = json_string_value(l);
		if (copy_text(img->layers[i].path, sizeof img->layers[i].path, p, "manifest.json layer path") < 0)
			goto out;
		/* Older saves name a layer <v1 id>/layer.tar, which is no
		 * digest: its diff_id checks it, below. */
		digest_from_name(p, img->layers[i].digest);
		strcpy(img->layers[i].media_type, "application/vnd.docker.image.rootfs.diff.tar");
		img->layers[i].size = -1;
	}
	snprintf(img->config_path, sizeof img->config_path, "%s", cpath);
	if (!(config = read_verified(img, cpath, img->config_digest, -1, "config")))
		goto out;
	rc = load_config(img, config);
	config = NULL;
	/* A layer.tar is the uncompressed tar itself: its sha256 is its diff_id. */
	for (i = 0; rc == 0 && i < img->nlayers; i++)
		if (!*img->layers[i].digest)
			strcpy(img->layers[i].digest, img->layers[i].diff_id);
out:
	json_decref(config);
	json_decref(list);
	return rc;
}

int oci_source_is_tarball(const char *source)
{
	struct stat st;

	if (stat(source, &st) < 0)
		return diag_set(errno, errno == ENOENT ? "give an OCI layout directory, an OCI archive or a docker save tarball" : NULL,
				"image %s", source);
	if (S_ISDIR(st.st_mode))
		return 0;
	if (S_ISREG(st.st_mode))
		return 1;
	return diag_set(0, "give an OCI layout directory, an OCI archive or a docker save tarball",
			"image %s is neither a directory nor a file", source);
}

int oci_open(struct oci_image *img, const char *source, int stage_fd, const char *ref,
	     const struct oci_platform *platform, oci_hash_fn *hash)
{
	struct stat st;

	memset(img, 0, sizeof *img);
	img->root_fd = -1;
	img->hash = hash;
	if (stage_fd >= 0) {
		img->root_fd = dup(stage_fd);
	} else {
		img->root_fd = open(source, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (img->root_fd < 0)
		return diag_set(errno, NULL, "open image %s", source);
	/* index.json makes a layout (Docker 25+ saves one too: prefer it);
	 * manifest.json alone is an older docker save. */
	if (fstatat(img->root_fd, "index.json", &st, 0) == 0) {
		img->format = stage_fd >= 0 ? OCI_ARCHIVE : OCI_LAYOUT;
		return open_layout(img, ref, platform);
	}
	if (fstatat(img->root_fd, "manifest.json", &st, 0) == 0) {
		img->format = OCI_DOCKER_SAVE;
		return open_docker_save(img, ref);
	}
	return diag_set(0, "give an OCI layout (with index.json), an OCI archive or a docker save tarball",
			"image %s: no index.json or manifest.json", source);
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

void oci_close(struct oci_image *img)
{
	if (img->root_fd >= 0)
		close(img->root_fd);
	json_decref(img->config);
	free(img->layers);
	memset(img, 0, sizeof *img);
	img->root_fd = -1;
}
