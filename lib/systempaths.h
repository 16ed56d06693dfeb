/* systempaths — what a container must not read or change of the host
 * through /proc and /sys: Docker's masked and read-only paths (moby
 * oci/defaults.go; the OCI config's maskedPaths and readonlyPaths; docker
 * run --security-opt systempaths=unconfined turns both off).
 *
 * A new proc or sysfs still shows some of the whole machine, whatever the
 * namespaces: /proc/kcore is the kernel's memory, /proc/timer_list and
 * /proc/sched_debug name the host's processes, /sys/firmware holds the
 * firmware's tables. Those are masked: /dev/null bound over a file, an
 * empty read-only tmpfs over a directory. Others are knobs for the whole
 * host: /proc/sys, /proc/sysrq-trigger (writing b to it reboots the
 * machine), /proc/irq. Those are bound onto themselves and made read-only.
 *
 * A path this kernel does not have is skipped. Each is opened inside the
 * root by descriptor, like every other mount target (mount.h).
 */
#ifndef CTRKIT_SYSTEMPATHS_H
#define CTRKIT_SYSTEMPATHS_H

/* Mask the masked paths and make the read-only ones read-only, in the root
 * ROOTFD, whose /proc and /sys are already mounted. -1 with a diagnostic. */
int systempaths_confine(int rootfd);

#endif
