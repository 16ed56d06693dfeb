/* mountopts — mount options as mount(8) and docker --tmpfs write them:
 * "rw,noexec,size=64m,mode=1777".
 *
 * mount(2) takes them in two halves: the generic ones are bits of FLAGS
 * (ro is MS_RDONLY, noexec MS_NOEXEC), read from one table here; the rest
 * is DATA, a string the filesystem parses itself (tmpfs: size, mode, uid,
 * gid, nr_inodes), and refuses with EINVAL when it does not know one.
 */
#ifndef CTRKIT_MOUNTOPTS_H
#define CTRKIT_MOUNTOPTS_H

#include <stddef.h>

/* Apply OPTIONS, in order, to *FLAGS (which holds the defaults): a flag's
 * name sets it (noexec), its opposite clears it (exec), so a later one
 * wins; "defaults" and "private" (or "rprivate") change nothing. Every
 * other NAME[=VALUE] is appended to DATA (LEN bytes, comma-joined; "" when
 * none). -1 with a diagnostic: an empty option, a propagation other than
 * private, or a list too long. */
int mountopts_parse(const char *options, unsigned long *flags, char *data, size_t len);

#endif
