/* digest — content addresses: the sha256 of a blob, as OCI writes them.
 *
 * An OCI image names every blob by its digest, "sha256:<64 hex>", so a
 * reader can check that what it got is what the index asked for: a blob
 * whose sha256 differs is corrupt, truncated or tampered with. The hashing
 * is libcrypto's EVP interface (SHA-NI where the CPU has it), in sha256.c;
 * the text functions below it are in digest.c, which needs no libcrypto.
 *
 *   struct digest d;
 *   digest_begin(&d);
 *   digest_update(&d, buf, n);       // as often as data comes
 *   digest_end(&d, text);            // "sha256:9f86d0..."
 */
#ifndef CTRKIT_DIGEST_H
#define CTRKIT_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_HEX_LEN 64
/* "sha256:" + 64 hex + NUL */
#define DIGEST_TEXT_MAX (7 + DIGEST_HEX_LEN + 1)

struct digest {
	void *ctx;      /* EVP_MD_CTX */
	uint64_t bytes; /* how many bytes went in */
};

/* Start a sha256. -1 with a diagnostic when libcrypto fails (no memory). */
int digest_begin(struct digest *d);
void digest_update(struct digest *d, const void *data, size_t len);
/* Finish into TEXT ("sha256:<hex>", DIGEST_TEXT_MAX bytes) and free. */
void digest_end(struct digest *d, char *text);
/* Free without finishing (on an error path). */
void digest_abort(struct digest *d);

/* The sha256 of a buffer, in one call. */
int digest_buffer(const void *data, size_t len, char *text);

/* Is TEXT a digest we can check: "sha256:" and 64 lower-case hex digits?
 * -1 with a diagnostic naming WHAT ("manifest digest") when it is not
 * (another algorithm is named as unsupported). */
int digest_check_text(const char *what, const char *text);

/* A short form for messages: "sha256:ab12cd34ef56…". BUF of 32 bytes. */
const char *digest_short(const char *text, char *buf, size_t len);

#endif
