/* timens — entering a new time namespace, with its clocks' offsets
 * (time_namespaces(7)).
 *
 * A time namespace moves two clocks for the processes in it by a fixed
 * offset: CLOCK_MONOTONIC and CLOCK_BOOTTIME, never the wall clock. A
 * container checkpointed on one machine and restored on another (CRIU)
 * then sees its clocks go on from where they were.
 *
 * clone(2) cannot make one: CLONE_NEWTIME shares its bit with the exit
 * signal. So it takes three steps, and the offsets fit between two of them,
 * while no process is in the namespace yet (after that the kernel refuses
 * them):
 *
 *   unshare(CLONE_NEWTIME)                      a new namespace, for our children
 *   write /proc/self/timens_offsets             its clocks' offsets
 *   setns(/proc/self/ns/time_for_children)      and we move in ourselves
 */
#ifndef CTRKIT_TIMENS_H
#define CTRKIT_TIMENS_H

#include "ns.h"

/* The kernel keeps offsets within about ±146 years: a clock moved by one
 * may not pass KTIME_SEC_MAX / 2 seconds (kernel/time/namespace.c). */
#define TIMENS_OFFSET_MAX 4611686018LL

/* Seconds added to each clock (negative: back, but never below zero). */
struct timens_offsets {
	long long monotonic;
	long long boottime;
};

/* Move the caller into a new time namespace, its clocks moved by OFFSETS
 * (NULL: by nothing). -1 with a diagnostic; the calling process may be
 * left in the old namespace with a new one made for its children. */
int timens_enter_new(const struct timens_offsets *offsets);

#endif
