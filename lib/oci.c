/* oci — see oci.h: a source told apart (a directory or a tarball), opened
 * as an OCI layout (ocilayout.c) or a docker save (ocidocker.c), and
 * closed. */
#include "oci.h"
#include "ocireader.h"
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	int rc;
	if (fstatat(img->root_fd, "index.json", &st, 0) == 0) {
		img->format = stage_fd >= 0 ? OCI_ARCHIVE : OCI_LAYOUT;
		rc = open_layout(img, ref, platform);
	} else if (fstatat(img->root_fd, "manifest.json", &st, 0) == 0) {
		img->format = OCI_DOCKER_SAVE;
		rc = open_docker_save(img, ref);
	} else {
		rc = diag_set(0, "give an OCI layout (with index.json), an OCI archive or a docker save tarball",
			      "image %s: no index.json or manifest.json", source);
	}
	/* A damaged image fails half-way: it keeps nothing open. */
	if (rc < 0)
		oci_close(img);
	return rc;
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
