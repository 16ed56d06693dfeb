/* ocistage — see oci.h (oci_stage): a tarball source unpacked for
 * oci_open. Apart from oci.c, since it needs libarchive (lib/layer) and
 * only the tools that read tarballs link that. */
#include "oci.h"
#include "diag.h"
#include "explain.h"
#include "layer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* Unpack the tarball at SOURCE into STAGE_FD: plain files, no owners. */
int oci_stage(const char *source, int stage_fd)
{
	struct layer_options o = { .whiteouts = false, .ownership = false };
	struct layer_result r;
	char what[600];
	int fd = open(source, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_set(errno, NULL, "open image %s", source);
	snprintf(what, sizeof what, "image tarball %s", source);
	int rc = layer_apply(stage_fd, fd, what, &o, &r);
	close(fd);
	if (rc == 0)
		explain("unpack %s: %ju entries (%ju bytes) to a staging directory", source, (uintmax_t)r.entries,
			(uintmax_t)r.blob_bytes);
	return rc;
}
