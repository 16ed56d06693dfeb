/* overlay — overlayfs: an image's layers merged into one tree, copy-on-write
 * (Documentation/filesystems/overlayfs.rst).
 *
 * The lower directories are read only; the first named is on top. A write
 * goes to the upper directory: a file of a lower layer is copied up before
 * it changes, and one deleted leaves a whiteout there, so the layers stay
 * as they are and any number of containers can share them. The work
 * directory, on the same filesystem as the upper one, is overlayfs's
 * scratch space for those copies.
 *
 * overlayfs reads its options as one comma-separated list: a directory
 * whose name holds ',' cannot be given.
 */
#ifndef CTRKIT_OVERLAY_H
#define CTRKIT_OVERLAY_H

/* Mount an overlay of LOWERS ("top:...:bottom", as lowerdir= takes them) on
 * the host path TARGET. The writes go to UPPER_DIR/upper, with
 * UPPER_DIR/work as the work directory (both made when missing); with
 * UPPER_DIR NULL, to a tmpfs mounted on TARGET first, which the overlay
 * then covers, so they go when the mount namespace does. -1 with a
 * diagnostic. */
int overlay_mount(const char *lowers, const char *upper_dir, const char *target);

#endif
