/* rmtree — remove a directory tree, as rm -rf --one-file-system does.
 *
 * The store drops half-made layers with it, the image tools their staging
 * directories, ctr-rm a container's writable layer and record. It never
 * follows a symlink, and it stops at a mount point instead of emptying
 * what is mounted there.
 */
#ifndef CTRKIT_RMTREE_H
#define CTRKIT_RMTREE_H

/* Remove NAME under AT (a directory fd, or AT_FDCWD) and everything below
 * it. ENOENT is success. -1 with a diagnostic: EXDEV for a mount point
 * below it, with the hint to unmount it first. */
int rmtree_at(int at, const char *name);

#endif
