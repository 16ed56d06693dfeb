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
	       " 1. ctr-run found the hello-world image in the store, where img-import\n"
	       "    had checked its digests and unpacked its one layer: this program.\n"
	       " 2. cg-exec put the process in a cgroup of its own, where its memory,\n"
	       "    CPU and number of processes can be limited.\n"
	       " 3. ns-clone gave it new namespaces: its own PIDs, hostname, mounts, IPC,\n"
	       "    cgroup view and network.\n"
	       " 4. rootfs-pivot made the image its root filesystem (an overlay: the\n"
	       "    image below, a writable layer of its own on top), ctr-creds cut its\n"
	       "    capabilities to Docker's, and this program was exec'd. It prints\n"
	       "    what it sees:\n"
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
