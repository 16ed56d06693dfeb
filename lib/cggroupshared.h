/* cggroupshared — what the files of a group's life share: cggroup.c (a
 * group as it is, attach), cgcreate.c, cgfreeze.c and cgdelete.c. Private
 * to them: the interface is cggroup.h.
 */
#ifndef CTRKIT_CGGROUPSHARED_H
#define CTRKIT_CGGROUPSHARED_H

/* The rule cited when v2 refuses to enable controllers (create) or to take
 * a process (attach): the start of a hint. */
extern const char no_internal_processes[];

/* The monotonic clock in milliseconds, for the deadlines of freeze and
 * delete. */
long long now_ms(void);

/* Sleep a little longer each round, from 1 ms up to 50 ms. */
void backoff(int *delay_ms);

#endif
