/* mountinfo — reading /proc/PID/mountinfo (proc(5)).
 *
 * Each line describes one mount: IDs, the device, the root of the mount in
 * its filesystem, the mount point, options, then "-", the filesystem type,
 * the source and the super block's options. Paths in it have space, tab,
 * newline and backslash written as \ooo (octal), so that fields can be
 * split at spaces; a path read from it must be unescaped before use.
 */
#ifndef CTRKIT_MOUNTINFO_H
#define CTRKIT_MOUNTINFO_H

/* Turn every \ooo in S back into its byte, in place. */
void mountinfo_unescape(char *s);

#endif
