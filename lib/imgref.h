/* imgref — image references as people write them.
 *
 *   [REGISTRY[:PORT]/][NAMESPACE/]REPOSITORY[:TAG][@ALGORITHM:HEX]
 *
 * with Docker's rules (github.com/distribution/reference), so a name means
 * here what it means to `docker pull`:
 *
 *   busybox                      docker.io/library/busybox:latest
 *   mysql/mysql-server:8.0       docker.io/mysql/mysql-server:8.0
 *   index.docker.io/library/x    docker.io/library/x:latest
 *   localhost:5000/app           localhost:5000/app:latest
 *   quay.io/a/b@sha256:<64 hex>  quay.io/a/b@sha256:<64 hex> (no tag added)
 *
 * The first part before a "/" is a registry only when it could not be a
 * repository path component: it has a "." or a ":" (a port), is
 * "localhost", or has upper-case letters. So "host:5000/x" is a registry
 * with a port, while in "x:5000" the 5000 is a tag.
 */
#ifndef CTRKIT_IMGREF_H
#define CTRKIT_IMGREF_H

#include <stdbool.h>
#include <stddef.h>

#define IMGREF_DEFAULT_REGISTRY "docker.io"
#define IMGREF_DEFAULT_TAG "latest"
#define IMGREF_NAME_MAX 255 /* registry/repository, as Docker limits it */
#define IMGREF_TAG_MAX 128

struct imgref {
	char registry[IMGREF_NAME_MAX + 1];   /* "docker.io", "localhost:5000" */
	char repository[IMGREF_NAME_MAX + 1]; /* "library/busybox" */
	char tag[IMGREF_TAG_MAX + 1];         /* "latest"; "" with a digest and no tag */
	char digest[160];                     /* "sha256:<hex>" or "" */
	bool tag_given;                       /* the tag was written, not defaulted */
};

/* Parse and normalise TEXT. -1 with a diagnostic that says which part is
 * wrong ("repository name must be lowercase", "tag is more than 128
 * characters", ...). */
int imgref_parse(const char *text, struct imgref *ref);

/* The normalised reference: registry/repository[:tag][@digest]. */
int imgref_format(const struct imgref *ref, char *buf, size_t len);

/* The short form Docker shows: "busybox:latest", "mysql/mysql-server:8.0",
 * "quay.io/a/b:1". */
int imgref_familiar(const struct imgref *ref, char *buf, size_t len);

/* The name alone, registry/repository: "docker.io/library/busybox". */
int imgref_name(const struct imgref *ref, char *buf, size_t len);

#endif
