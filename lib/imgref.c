/* imgref — parse and normalise image references (see imgref.h). */
#include "imgref.h"

#include "diag.h"

#include <stdio.h>
#include <string.h>

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_alnum(char c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

static bool is_word(char c)
{
	return is_alnum(c) || c == '_';
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_hex(s[i]))
			return false;
	return true;
}

/* A repository path component: runs of [a-z0-9] joined by one separator,
 * ".", "_", "__" or any number of "-": "my-app", "a__b", "v1.2". */
static bool path_component_ok(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (!is_lower_alnum(s[i]))
			return false;
		while (i < n && is_lower_alnum(s[i]))
			i++;
		if (i == n)
			return true;
		if (s[i] == '.')
			i++;
		else if (s[i] == '_')
			i += (i + 1 < n && s[i + 1] == '_') ? 2 : 1;
		else if (s[i] == '-')
			while (i < n && s[i] == '-')
				i++;
		else
			return false;
		if (i == n) /* a separator must be followed by more */
			return false;
	}
	return false; /* empty */
}

/* A DNS label: letters, digits and inner hyphens. */
static bool domain_component_ok(const char *s, size_t n)
{
	if (n == 0 || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '-')
			return false;
	return true;
}

/* HOST[:PORT], where HOST is a dotted name or a bracketed IPv6 address. */
static bool registry_ok(const char *s)
{
	const char *end = s + strlen(s), *port = NULL;

	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close || close == s + 1)
			return false;
		for (const char *p = s + 1; p < close; p++)
			if (!is_hex(*p) && !(*p >= 'A' && *p <= 'F') && *p != ':')
				return false;
		if (close[1] && close[1] != ':')
			return false;
		port = close[1] ? close + 1 : NULL;
	} else {
		port = strchr(s, ':');
		const char *host_end = port ? port : end;
		for (const char *p = s;;) {
			const char *dot = memchr(p, '.', (size_t)(host_end - p));
			const char *label_end = dot ? dot : host_end;
			if (!domain_component_ok(p, (size_t)(label_end - p)))
				return false;
			if (!dot)
				break;
			p = dot + 1;
		}
	}
	if (port) {
		if (!port[1])
			return false;
		for (const char *p = port + 1; *p; p++)
			if (*p < '0' || *p > '9')
				return false;
	}
	return true;
}

static int check_digest(const char *text, const char *digest)
{
	const char *colon = strchr(digest, ':');
	size_t want;

	if (!colon)
		return diag_set(0, "a digest is ALGORITHM:HEX, e.g. sha256:<64 hex digits>",
				"image reference %s: digest \"%s\" has no algorithm", text, digest);
	if (!strncmp(digest, "sha256:", 7))
		want = 64;
	else if (!strncmp(digest, "sha512:", 7))
		want = 128;
	else
		return diag_set(0, "the digests images use are sha256 (and sha512)",
				"image reference %s: unsupported digest algorithm \"%.*s\"", text,
				(int)(colon - digest), digest);
	if (strlen(colon + 1) != want || !all_hex(colon + 1, want))
		return diag_set(0, "copy the digest whole, as `docker images --digests` prints it",
				"image reference %s: a %.*s digest is %zu lower-case hex digits", text,
				(int)(colon - digest), digest, want);
	return 0;
}

static int check_tag(const char *text, const char *tag)
{
	size_t n = strlen(tag);

	if (n == 0)
		return diag_set(0, "leave out the \":\", or write a tag after it",
				"image reference %s: empty tag", text);
	if (n > IMGREF_TAG_MAX)
		return diag_set(0, NULL, "image reference %s: the tag is more than %d characters", text,
				IMGREF_TAG_MAX);
	if (!is_word(tag[0]))
		return diag_set(0, NULL, "image reference %s: a tag starts with a letter, digit or '_'", text);
	for (size_t i = 1; i < n; i++)
		if (!is_word(tag[i]) && tag[i] != '.' && tag[i] != '-')
			return diag_set(0, "a tag is letters, digits, '_', '.' and '-'",
					"image reference %s: '%c' is not allowed in tag \"%s\"", text, tag[i], tag);
	return 0;
}

static int check_repository(const char *text, const char *repo)
{
	for (const char *p = repo; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			return diag_set(0, "write it in lower case",
					"image reference %s: the repository name must be lowercase", text);
	for (const char *p = repo;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (!path_component_ok(p, n))
			return diag_set(0,
					"each part between slashes is lower-case letters and digits, joined "
					"by '.', '_', '__' or '-'",
					"image reference %s: bad repository name part \"%.*s\"", text, (int)n, p);
		if (!slash)
			return 0;
		p = slash + 1;
	}
}

static int copy(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		return -1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

static int fit(int n, size_t len)
{
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int imgref_parse(const char *text, struct imgref *ref)
{
	char name[2 * IMGREF_NAME_MAX + 2];
	const char *at, *slash, *colon;
	size_t name_len;

	memset(ref, 0, sizeof *ref);
	if (!*text)
		return diag_set(0, "name an image: busybox, debian:12, quay.io/org/app@sha256:...",
				"image reference \"\": empty");
	if (strlen(text) == 64 && all_hex(text, 64))
		return diag_set(0, "name the image by repository[:tag], or by repository@sha256:ID",
				"image reference %s: a 64-hex string is an image ID, not a reference", text);

	/* NAME[:TAG][@DIGEST]: the digest follows the first "@"; a tag is
	 * the part after the last ":" that comes after the last "/" (a ":"
	 * before a "/" is a registry's port). */
	at = strchr(text, '@');
	name_len = at ? (size_t)(at - text) : strlen(text);
	if (at) {
		if (copy(ref->digest, sizeof ref->digest, at + 1, strlen(at + 1)) < 0)
			return diag_set(0, NULL, "image reference %s: the digest is too long", text);
		if (check_digest(text, ref->digest) < 0)
			return -1;
	}
	if (name_len >= sizeof name)
		return diag_set(0, NULL, "image reference %s: the name is more than %d characters", text,
				IMGREF_NAME_MAX);
	memcpy(name, text, name_len);
	name[name_len] = '\0';
	slash = strrchr(name, '/');
	colon = strrchr(slash ? slash : name, ':');
	if (colon) {
		if (copy(ref->tag, sizeof ref->tag, colon + 1, strlen(colon + 1)) < 0)
			return diag_set(0, NULL, "image reference %s: the tag is more than %d characters", text,
					IMGREF_TAG_MAX);
		if (check_tag(text, ref->tag) < 0)
			return -1;
		ref->tag_given = true;
		name[colon - name] = '\0';
	}
	if (!*name)
		return diag_set(0, NULL, "image reference %s: no repository name", text);

	/* Registry or first path component? */
	const char *remainder = name;
	const char *first_slash = strchr(name, '/');
	if (first_slash) {
		size_t n = (size_t)(first_slash - name);
		bool has_upper = false;
		for (size_t i = 0; i < n; i++)
			has_upper |= name[i] >= 'A' && name[i] <= 'Z';
		if (memchr(name, '.', n) || memchr(name, ':', n) || (n == 9 && !strncmp(name, "localhost", 9)) ||
		    has_upper) {
			if (copy(ref->registry, sizeof ref->registry, name, n) < 0)
				return diag_set(0, NULL, "image reference %s: the name is more than %d characters",
						text, IMGREF_NAME_MAX);
			remainder = first_slash + 1;
		}
	}
	if (!*ref->registry || !strcmp(ref->registry, "index.docker.io"))
		strcpy(ref->registry, IMGREF_DEFAULT_REGISTRY);
	else if (!registry_ok(ref->registry))
		return diag_set(0, "a registry is HOST[:PORT], e.g. registry.example.com:5000",
				"image reference %s: bad registry \"%s\"", text, ref->registry);
	/* Official images live under library/ on Docker Hub. */
	const char *prefix = !strcmp(ref->registry, IMGREF_DEFAULT_REGISTRY) && !strchr(remainder, '/') ? "library/" : "";
	if (fit(snprintf(ref->repository, sizeof ref->repository, "%s%.*s", prefix, IMGREF_NAME_MAX, remainder),
		sizeof ref->repository) < 0 || strlen(remainder) > IMGREF_NAME_MAX)
		return diag_set(0, NULL, "image reference %s: the name is more than %d characters", text,
				IMGREF_NAME_MAX);
	if (check_repository(text, ref->repository) < 0)
		return -1;
	if (strlen(ref->registry) + 1 + strlen(ref->repository) > IMGREF_NAME_MAX)
		return diag_set(0, NULL, "image reference %s: the name is more than %d characters", text,
				IMGREF_NAME_MAX);
	if (!ref->tag_given && !*ref->digest)
		strcpy(ref->tag, IMGREF_DEFAULT_TAG);
	return 0;
}

int imgref_name(const struct imgref *ref, char *buf, size_t len)
{
	return fit(snprintf(buf, len, "%s/%s", ref->registry, ref->repository), len);
}

/* NAME plus ":tag" and "@digest" where present. */
static int with_tag_and_digest(const struct imgref *ref, const char *name, char *buf, size_t len)
{
	return fit(snprintf(buf, len, "%s%s%s%s%s", name, *ref->tag ? ":" : "", ref->tag,
			    *ref->digest ? "@" : "", ref->digest),
		   len);
}

int imgref_format(const struct imgref *ref, char *buf, size_t len)
{
	char name[2 * IMGREF_NAME_MAX + 2];

	if (imgref_name(ref, name, sizeof name) < 0)
		return -1;
	return with_tag_and_digest(ref, name, buf, len);
}

int imgref_familiar(const struct imgref *ref, char *buf, size_t len)
{
	char name[2 * IMGREF_NAME_MAX + 2];
	const char *repo = ref->repository;

	if (strcmp(ref->registry, IMGREF_DEFAULT_REGISTRY) != 0)
		return imgref_format(ref, buf, len);
	/* library/busybox is shown as busybox, library/a/b stays as it is. */
	if (!strncmp(repo, "library/", 8) && !strchr(repo + 8, '/'))
		repo += 8;
	snprintf(name, sizeof name, "%s", repo);
	return with_tag_and_digest(ref, name, buf, len);
}
