/* sysctl — kernel settings under /proc/sys that belong to a namespace.
 *
 * Most of /proc/sys is the whole machine's. Some of it is per namespace:
 * what a process writes to net.* is its network namespace's, to the
 * System V IPC limits its IPC namespace's, to kernel.hostname its UTS
 * namespace's. A container may set only those (docker run --sysctl checks
 * the same list): written from inside a new namespace, any other would
 * change the host's value.
 *
 *   sysctl_namespace("net.ipv4.ping_group_range") == CLONE_NEWNET
 *   sysctl_write("net.ipv4.ping_group_range", "0 2147483647")
 *       -> write /proc/sys/net/ipv4/ping_group_range
 */
#ifndef CTRKIT_SYSCTL_H
#define CTRKIT_SYSCTL_H

/* The CLONE_NEW* flag of the namespace NAME (dotted, as sysctl(8) writes
 * it) belongs to; 0 when it is the machine's. */
int sysctl_namespace(const char *name);

/* Write VALUE to NAME's file under /proc/sys, in the caller's namespaces.
 * -1 with a diagnostic (ENOENT: no such setting on this kernel). */
int sysctl_write(const char *name, const char *value);

#endif
