/* storedir — what store.c and storeimport.c share of the store's
 * directories (private: the store's own files include it). */
#ifndef CTRKIT_STOREDIR_H
#define CTRKIT_STOREDIR_H

#include <stdbool.h>

/* Is NAME in DIR_FD a directory (WANT_DIR) or a regular file, not
 * following a symlink? False for DIR_FD -1. */
bool store_exists_at(int dir_fd, const char *name, bool want_dir);

#endif
