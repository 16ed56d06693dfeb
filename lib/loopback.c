/* loopback — see loopback.h. */
#include "loopback.h"
#include "diag.h"
#include "explain.h"

#include <errno.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	explain("ioctl(SIOCSIFFLAGS, \"lo\", IFF_UP)");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 ||
	    (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		return diag_set(err, NULL, "bring lo up in the new network namespace");
	}
	close(fd);
	return 0;
}
