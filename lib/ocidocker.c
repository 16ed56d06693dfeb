/* ocidocker — a docker save tarball's staged contents, see oci.h:
 * manifest.json names each image's config and layer tars by path, and the
 * names say their digests. */
#include "ocireader.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
int open_docker_save(struct oci_image *img, const char *ref)
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
