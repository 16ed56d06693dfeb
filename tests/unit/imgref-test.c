/* Unit tests for lib/imgref: the cases follow Docker's own
 * (distribution/reference normalize_test.go and reference_test.go). */
#include "imgref.h"
#include "unit.h"

#include <string.h>

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* TEXT normalises to WANT, and its familiar form is FAMILIAR. */
static void normalises(const char *text, const char *want, const char *familiar)
{
	struct imgref ref;
	char got[600] = "", fam[600] = "";
	int rc = imgref_parse(text, &ref);

	if (rc == 0) {
		imgref_format(&ref, got, sizeof got);
		imgref_familiar(&ref, fam, sizeof fam);
	}
	check(rc == 0 && !strcmp(got, want) && !strcmp(fam, familiar), "imgref: %s is %s (familiar %s); got %s (%s)",
	      text, want, familiar, got, fam);
}

static void refused(const char *text, const char *why)
{
	struct imgref ref;

	check(imgref_parse(text, &ref) < 0, "imgref: \"%.60s\" is refused: %s", text, why);
}

static void parts(const char *text, const char *registry, const char *repository, const char *tag,
		  const char *digest)
{
	struct imgref ref;

	check(imgref_parse(text, &ref) == 0 && !strcmp(ref.registry, registry) &&
		      !strcmp(ref.repository, repository) && !strcmp(ref.tag, tag) && !strcmp(ref.digest, digest),
	      "imgref: %s has registry %s, repository %s, tag \"%s\", digest \"%.20s\"", text, registry,
	      repository, tag, digest);
}

int main(void)
{
	char long_tag[200], long_name[300];

	normalises("busybox", "docker.io/library/busybox:latest", "busybox:latest");
	normalises("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36");
	normalises("library/busybox", "docker.io/library/busybox:latest", "busybox:latest");
	normalises("docker.io/busybox", "docker.io/library/busybox:latest", "busybox:latest");
	normalises("index.docker.io/mysql/mysql-server:5.5", "docker.io/mysql/mysql-server:5.5",
		   "mysql/mysql-server:5.5");
	normalises("mysql/mysql-server", "docker.io/mysql/mysql-server:latest", "mysql/mysql-server:latest");
	normalises("docker.io/library/a/b", "docker.io/library/a/b:latest", "library/a/b:latest");
	normalises("host:5000/x", "host:5000/x:latest", "host:5000/x:latest");
	normalises("localhost/app:1", "localhost/app:1", "localhost/app:1");
	normalises("localhost:5000/app", "localhost:5000/app:latest", "localhost:5000/app:latest");
	normalises("localhost:5000", "docker.io/library/localhost:5000", "localhost:5000");
	normalises("quay.io/org/app@sha256:" HEX64, "quay.io/org/app@sha256:" HEX64,
		   "quay.io/org/app@sha256:" HEX64);
	normalises("debian:12@sha256:" HEX64, "docker.io/library/debian:12@sha256:" HEX64,
		   "debian:12@sha256:" HEX64);
	normalises("[::1]:5000/app", "[::1]:5000/app:latest", "[::1]:5000/app:latest");
	normalises("Example.com/app", "Example.com/app:latest", "Example.com/app:latest");
	normalises("a__b/c-d---e/f.g_h:T_1.x-y", "docker.io/a__b/c-d---e/f.g_h:T_1.x-y", "a__b/c-d---e/f.g_h:T_1.x-y");
	normalises("sub-domain.example.com:443/a/b/c", "sub-domain.example.com:443/a/b/c:latest",
		   "sub-domain.example.com:443/a/b/c:latest");

	parts("quay.io/org/app:v2", "quay.io", "org/app", "v2", "");
	parts("busybox@sha256:" HEX64, "docker.io", "library/busybox", "", "sha256:" HEX64);

	refused("", "empty");
	refused(HEX64, "an image ID is not a reference");
	refused("Busybox", "upper case in the repository");
	refused("docker.io/Library/busybox", "upper case after the registry");
	refused("busybox:", "empty tag");
	refused("busybox:-tag", "a tag starting with '-'");
	refused("busybox:a/b", "a '/' cannot be in a tag");
	refused("busybox@sha256:abc", "a short digest");
	refused("busybox@sha256:" HEX64 "00", "a long digest");
	refused("busybox@md5:0123456789abcdef0123456789abcdef", "an unknown digest algorithm");
	refused("busybox@" HEX64, "a digest without algorithm");
	refused("a/../b", "'..' is not a path component");
	refused("a//b", "an empty path component");
	refused("a/", "a trailing slash");
	refused("/a", "a leading slash");
	refused("-a", "a component starting with '-'");
	refused("a_", "a component ending with a separator");
	refused("a___b", "three underscores");
	refused("a..b", "two dots");
	refused("-host.io/a", "a registry label starting with '-'");
	refused("host.io:port/a", "a port that is not a number");
	refused("host.io:/a", "an empty port");
	refused(":tag", "no repository");
	memset(long_tag, 'a', 129);
	strcpy(long_tag + 129, "");
	char ref_long_tag[300] = "busybox:";
	strcat(ref_long_tag, long_tag);
	refused(ref_long_tag, "a tag of 129 characters");
	memset(long_name, 'a', 256);
	long_name[256] = '\0';
	refused(long_name, "a name of more than 255 characters");
	return unit_done();
}
