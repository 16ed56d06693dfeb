/* ociplatform — platforms in Go's (and OCI's) names, see oci.h: this
 * host's, from uname(2), and one written as OS/ARCH[/VARIANT]. */
#include "oci.h"
#include "diag.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

/* uname's machine names and the GOARCH (and variant) OCI uses for them. */
static const struct {
	const char *machine, *architecture, *variant;
} arch_names[] = {
	{ "x86_64", "amd64", "" },   { "aarch64", "arm64", "" },   { "armv7l", "arm", "v7" },
	{ "armv6l", "arm", "v6" },   { "i686", "386", "" },        { "i386", "386", "" },
	{ "ppc64le", "ppc64le", "" }, { "s390x", "s390x", "" },    { "riscv64", "riscv64", "" },
	{ "mips64", "mips64", "" },  { "loongarch64", "loong64", "" },
};

void oci_host_platform(struct oci_platform *p)
{
	struct utsname u;

	memset(p, 0, sizeof *p);
	strcpy(p->os, "linux");
	uname(&u);
	snprintf(p->architecture, sizeof p->architecture, "%.31s", u.machine);
	for (size_t i = 0; i < sizeof arch_names / sizeof *arch_names; i++) {
		if (!strcmp(u.machine, arch_names[i].machine)) {
			strcpy(p->architecture, arch_names[i].architecture);
			strcpy(p->variant, arch_names[i].variant);
		}
	}
}

int oci_parse_platform(const char *text, struct oci_platform *p)
{
	char buf[100];
	char *arch, *variant;

	memset(p, 0, sizeof *p);
	snprintf(buf, sizeof buf, "%s", text);
	arch = strchr(buf, '/');
	if (!arch || !arch[1] || arch == buf)
		return diag_set(0, "write OS/ARCH[/VARIANT], e.g. linux/arm64 or linux/arm/v7", "bad platform '%s'",
				text);
	*arch++ = '\0';
	variant = strchr(arch, '/');
	if (variant)
		*variant++ = '\0';
	if (strlen(buf) >= sizeof p->os || strlen(arch) >= sizeof p->architecture ||
	    (variant && strlen(variant) >= sizeof p->variant))
		return diag_set(0, NULL, "platform '%s' is too long", text);
	strcpy(p->os, buf);
	strcpy(p->architecture, arch);
	if (variant)
		strcpy(p->variant, variant);
	return 0;
}
