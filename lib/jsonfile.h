/* jsonfile — a JSON document read whole from a file descriptor.
 *
 * jansson's json_loadfd reads one byte per read(2), so as never to read
 * past the end of the document: right for a pipe shared with others, slow
 * for a file that is all one document (img-inspect made 1413 reads of one
 * index.json). A file is read through stdio instead.
 */
#ifndef CTRKIT_JSONFILE_H
#define CTRKIT_JSONFILE_H

#include <jansson.h>
#include <stddef.h>

/* Parse the file FD is open on (json_loadf FLAGS); closes FD either way.
 * NULL with ERR filled (its text says why) on failure. */
json_t *jsonfile_read_fd(int fd, size_t flags, json_error_t *err);

#endif
