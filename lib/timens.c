/* timens — see timens.h. */
#include "timens.h"
#include "diag.h"
#include "explain.h"
#include "kfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int timens_enter_new(const struct timens_offsets *offsets)
{
	char text[128];

	explain("unshare(CLONE_NEWTIME)");
	if (unshare(CLONE_NEWTIME) < 0)
		return diag_set(errno, errno == EPERM ? "a time namespace needs CAP_SYS_TIME: run as root or add -U/--user" : NULL,
				"unshare(CLONE_NEWTIME)");
	if (offsets) {
		snprintf(text, sizeof text, "monotonic %lld 0\nboottime %lld 0\n", offsets->monotonic, offsets->boottime);
		if (kfile_write("/proc/self/timens_offsets", text) < 0) {
			if (diag_errno() == ERANGE) {
				struct timespec mono, boot;
				clock_gettime(CLOCK_MONOTONIC, &mono);
				clock_gettime(CLOCK_BOOTTIME, &boot);
				diag_hint("an offset may not take a clock below zero: here the monotonic clock "
					  "reads %llds and the boot clock %llds, so a negative offset must be smaller",
					  (long long)mono.tv_sec, (long long)boot.tv_sec);
			}
			return -1;
		}
	}
	int fd = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	explain("setns(/proc/self/ns/time_for_children, CLONE_NEWTIME)");
	if (fd < 0 || setns(fd, CLONE_NEWTIME) < 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		return diag_set(err, NULL, "setns(/proc/self/ns/time_for_children, CLONE_NEWTIME)");
	}
	close(fd);
	return 0;
}
