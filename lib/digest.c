/* digest — see digest.h: the text of digests. The hashing is in
 * sha256.c, the one file that needs libcrypto. */
#include "digest.h"
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int digest_check_text(const char *what, const char *text)
{
	const char *colon = strchr(text, ':');

	if (!colon)
		return diag_set(0, "a digest is written sha256:<64 hex digits>", "%s '%s' is not a digest",
				what, text);
	if (colon - text != 6 || strncmp(text, "sha256", 6) != 0)
		return diag_set(0, "only sha256 digests are supported", "%s '%.*s': unsupported digest algorithm",
				what, (int)(colon - text), text);
	const char *hex = colon + 1;
	size_t n = strspn(hex, "0123456789abcdef");
	if (n != DIGEST_HEX_LEN || hex[n])
		return diag_set(0, "a sha256 digest is 64 lower-case hex digits", "%s '%s' is not a valid digest",
				what, text);
	return 0;
}

const char *digest_short(const char *text, char *buf, size_t len)
{
	/* "sha256:" and 12 hex digits say which blob, as docker shows them. */
	snprintf(buf, len, "%.19s%s", text, strlen(text) > 19 ? "…" : "");
	return buf;
}
