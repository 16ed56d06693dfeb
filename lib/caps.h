/* caps — capability sets: by name, Docker's default list, and the calls
 * that change a process's five sets, traced.
 *
 * A process has five capability sets (capabilities(7)): the bounding set
 * (the most it or anything it execs can ever hold), permitted, effective
 * (what the kernel checks), inheritable and ambient (what passes through
 * execve(2)). Here a set is a 64-bit mask, bit N for capability N, as
 * /proc/PID/status shows them (CapBnd, CapPrm, ...); the changes are made
 * with libcap, each one shown by --explain.
 */
#ifndef CTRKIT_CAPS_H
#define CTRKIT_CAPS_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t caps_mask;

#define CAPS_BIT(cap) ((caps_mask)1 << (cap))

/* Docker's default set (moby oci/caps/defaults.go): what `docker run`
 * gives a container unless told otherwise. */
caps_mask caps_docker_default(void);

/* Every capability the running kernel knows. */
caps_mask caps_all_known(void);

/* This process's bounding set, read with PR_CAPBSET_READ. */
caps_mask caps_bounding(void);

/* A capability by name: "chown", "CAP_CHOWN", "Cap_Chown" are the same.
 * Returns its number, or -1 with a diagnostic whose hint names every
 * capability the kernel knows. */
int caps_by_name(const char *name);

/* "CAP_CHOWN CAP_KILL" (SEP between names), "none" for an empty set. */
const char *caps_mask_str(caps_mask m, const char *sep, char *buf, size_t len);

/* Drop every capability not in KEEP from the bounding set (one
 * PR_CAPBSET_DROP each, with cap_drop_bound; needs CAP_SETPCAP). */
int caps_limit_bounding(caps_mask keep);

/* Empty the ambient set (cap_reset_ambient). */
int caps_clear_ambient(void);

/* Set the effective, permitted and inheritable sets in one capset(2)
 * (cap_set_proc). */
int caps_set(caps_mask effective, caps_mask permitted, caps_mask inheritable);

#endif
