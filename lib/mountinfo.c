/* mountinfo — see mountinfo.h. */
#include "mountinfo.h"

static int is_octal(char c, char max)
{
	return c >= '0' && c <= max;
}

void mountinfo_unescape(char *s)
{
	char *o = s;

	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && is_octal(p[1], '3') && is_octal(p[2], '7') && is_octal(p[3], '7')) {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}
