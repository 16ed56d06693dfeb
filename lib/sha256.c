/* sha256 — see digest.h: hashing, with libcrypto's EVP interface. Only
 * the tools that hash (img-import, img-unpack) link it and libcrypto. */
#include "digest.h"
#include "diag.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

int digest_begin(struct digest *d)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	d->ctx = NULL;
	d->bytes = 0;
	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return diag_set(ENOMEM, NULL, "start a sha256 digest (libcrypto)");
	}
	d->ctx = ctx;
	return 0;
}

void digest_update(struct digest *d, const void *data, size_t len)
{
	/* EVP_DigestUpdate only fails on a context that failed to start. */
	EVP_DigestUpdate(d->ctx, data, len);
	d->bytes += len;
}

void digest_end(struct digest *d, char *text)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_DigestFinal_ex(d->ctx, md, &n);
	EVP_MD_CTX_free(d->ctx);
	d->ctx = NULL;
	memcpy(text, "sha256:", 7);
	for (unsigned int i = 0; i < n && i < DIGEST_HEX_LEN / 2; i++)
		snprintf(text + 7 + 2 * i, 3, "%02x", md[i]);
	text[7 + DIGEST_HEX_LEN] = '\0';
}

void digest_abort(struct digest *d)
{
	EVP_MD_CTX_free(d->ctx);
	d->ctx = NULL;
}

int digest_buffer(const void *data, size_t len, char *text)
{
	struct digest d;

	if (digest_begin(&d) < 0)
		return -1;
	digest_update(&d, data, len);
	digest_end(&d, text);
	return 0;
}
