/* ocilayout — an OCI image layout (or a staged OCI archive), see oci.h:
 * index.json down to the manifest, the config and the layers, choosing the
 * image by its ref.name annotation and, in a multi-platform index, by
 * platform. */
#include "ocireader.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define ANNOTATION_REF "org.opencontainers.image.ref.name"
#define ANNOTATION_CONTAINERD "io.containerd.image.name"

/* The path of a blob: blobs/sha256/<hex>. */
static void blob_path(const char *digest, char *path, size_t len)
{
	snprintf(path, len, "blobs/sha256/%s", digest + 7);
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

/* An OCI layout (or a staged OCI archive): index.json down to the layers. */
int open_layout(struct oci_image *img, const char *ref, const struct oci_platform *want)
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
