/* ocireader — what oci_open's files share (see oci.h): a JSON blob read
 * inside the image's root and checked against the digest and size that
 * named it, and the config every format ends with (ociblob.c); the two
 * formats oci_open chooses between (ocilayout.c, ocidocker.c). Private to
 * them: the interface is oci.h.
 *
 * None of them calls libarchive or libcrypto: img-inspect, linked static
 * without either, opens images through them (a blob's hash comes in as an
 * oci_hash_fn).
 */
#ifndef CTRKIT_OCIREADER_H
#define CTRKIT_OCIREADER_H

#include "oci.h"

#include <jansson.h>
#include <stddef.h>

#define CORRUPT_HINT "the blob is corrupt or was changed: fetch the image again"

/* ociblob.c */
char *read_small(int root, const char *path, const char *what, size_t *len);
json_t *parse_json(const char *buf, size_t len, const char *what, const char *path);
json_t *read_verified(const struct oci_image *img, const char *path, const char *digest, json_int_t size,
		      const char *what);
int copy_text(char *dst, size_t len, const char *src, const char *what);
int load_config(struct oci_image *img, json_t *config);

/* ocilayout.c */
int open_layout(struct oci_image *img, const char *ref, const struct oci_platform *want);

/* ocidocker.c */
int open_docker_save(struct oci_image *img, const char *ref);

#endif
