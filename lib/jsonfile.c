/* jsonfile — see jsonfile.h. */
#include "jsonfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

json_t *jsonfile_read_fd(int fd, size_t flags, json_error_t *err)
{
	FILE *f = fdopen(fd, "r");

	if (!f) {
		snprintf(err->text, sizeof err->text, "%s", strerror(errno));
		close(fd);
		return NULL;
	}
	json_t *j = json_loadf(f, flags, err);
	fclose(f);
	return j;
}
