/* explain — see explain.h. */
#include "explain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int enabled = -1; /* -1: not yet read from the environment */

void explain_enable(void)
{
	enabled = 1;
	setenv("CTRKIT_EXPLAIN", "1", 1);
}

bool explain_on(void)
{
	if (enabled < 0) {
		const char *v = getenv("CTRKIT_EXPLAIN");
		enabled = v && strcmp(v, "1") == 0;
	}
	return enabled;
}

void explain(const char *fmt, ...)
{
	va_list ap;
	char line[1024];

	if (!explain_on())
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* One write per line, so lines from a parent and its child interleave
	 * whole rather than mid-line. */
	fflush(stdout);
	fprintf(stderr, "+ %s\n", line);
	fflush(stderr);
}

const char *explain_quote(const char *data, char *buf, unsigned long len)
{
	unsigned long o = 0;

	if (len < 8)
		return "\"...\"";
	buf[o++] = '"';
	for (const unsigned char *p = (const unsigned char *)data; *p; p++) {
		char piece[8];
		if (*p == '\n')
			strcpy(piece, "\\n");
		else if (*p == '"' || *p == '\\')
			snprintf(piece, sizeof piece, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			snprintf(piece, sizeof piece, "\\x%02x", *p);
		else
			snprintf(piece, sizeof piece, "%c", *p);
		if (o + strlen(piece) + 5 > len) {
			strcpy(buf + o, "...");
			o += 3;
			break;
		}
		strcpy(buf + o, piece);
		o += strlen(piece);
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}
