/* hello — the program inside ctrkit's hello-world image.
 *
 * Like Docker's hello-world, it says that the whole chain worked. Unlike
 * it, it also shows the chain's work from the inside: what this process
 * can see of the machine is exactly what the tools left it. It is linked
 * statically, so the image needs no other file.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* This process's cgroup: the memory controller's line of /proc/self/cgroup
 * on cgroup v1, the single "0::PATH" line on v2; "?" when there is none. */
static const char *my_cgroup(char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[512];

	snprintf(buf, len, "?");
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, ":memory:")) {
			snprintf(buf, len, "%s", line);
			break;
		}
		if (!strncmp(line, "0::", 3))
			snprintf(buf, len, "%s", line);
	}
	if (f)
		fclose(f);
	return buf;
}

/* The names in "/", space-separated. */
static void root_entries(char *buf, size_t len)
{
	DIR *d = opendir("/");
	struct dirent *e;
	size_t used = 0;

	buf[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d)) && used + strlen(e->d_name) + 2 < len) {
		if (e->d_name[0] == '.')
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", e->d_name);
	}
	closedir(d);
}

int main(void)
{
	char host[256] = "?", cgroup[512], root[512], cwd[512] = "?";

	gethostname(host, sizeof host);
	if (!getcwd(cwd, sizeof cwd))
		snprintf(cwd, sizeof cwd, "?");
	root_entries(root, sizeof root);
	printf("\n"
	       "Hello from ctrkit!\n"
	       "This message shows that your installation appears to be working correctly.\n"
	       "\n"
	       "To generate this message, ctrkit took the following steps:\n"
	       " 1. img-unpack checked the hello-world image's digests and unpacked its\n"
	       "    one layer: this program, linked statically.\n"
	       " 2. cg-exec put the process in a cgroup, where its memory and number of\n"
	       "    processes are limited.\n"
	       " 3. ns-clone gave it new namespaces: its own PIDs, hostname, mounts, IPC\n"
	       "    and network.\n"
	       " 4. rootfs-pivot made the unpacked image its root filesystem, then\n"
	       "    exec'd this program, which prints what it sees:\n"
	       "\n"
	       "    my PID        %d\n"
	       "    hostname      %s\n"
	       "    cgroup        %s\n"
	       "    /  contains   %s\n"
	       "    working dir   %s\n"
	       "\n"
	       "To try something more ambitious, run a shell in the busybox image:\n"
	       " $ ctr-run -it busybox sh\n"
	       "\n"
	       "To learn how each step works, read lessons/ and run any tool with --explain.\n"
	       "\n",
	       (int)getpid(), host, my_cgroup(cgroup, sizeof cgroup), root, cwd);
	return 0;
}
