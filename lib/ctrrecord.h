/* ctrrecord — what the files of the container records (lib/ctr{state,
 * record,create,find}.c) share with each other and not with the tools:
 * where the records are, walking them, and reading and writing one. The
 * tools' interface is ctrstate.h.
 */
#ifndef CTRKIT_CTRRECORD_H
#define CTRKIT_CTRRECORD_H

#include "ctrstate.h"

#include <stddef.h>

/* ctrstate.c */

/* Room for "/<id>/state.json.tmp" after it in a PATH_MAX buffer. */
#define CDIR_MAX (PATH_MAX - 128)

/* $CTRKIT_STATE/containers into BUF. -1 with a diagnostic when too long. */
int containers_dir(char *buf, size_t len);
void strv_free(char **v);

/* ctrrecord.c */

int read_record(struct ctr_state *st);
int write_record(int fd, const struct ctr_state *st, const char *dir);

/* ctrfind.c */

int each_id(const char *cdir, int (*fn)(const char *id, void *arg), void *arg);

/* For each_id: is a container named NAME in CDIR? Its id goes to FOUND. */
struct name_search {
	const char *cdir, *name;
	char found[CTR_ID_LEN + 1];
};
int match_name(const char *id, void *arg);

#endif
