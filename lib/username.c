/* username — see username.h. */
#include "username.h"

#include <pwd.h>
#include <stdio.h>

const char *username_of(uid_t uid)
{
	static struct { uid_t uid; char name[64]; } cache[32];
	static int cached;

	for (int i = 0; i < cached; i++)
		if (cache[i].uid == uid)
			return cache[i].name;
	struct passwd *pw = getpwuid(uid);
	int slot = cached < 32 ? cached++ : 31;
	cache[slot].uid = uid;
	if (pw)
		snprintf(cache[slot].name, sizeof cache[slot].name, "%s", pw->pw_name);
	else
		snprintf(cache[slot].name, sizeof cache[slot].name, "%u", (unsigned)uid);
	return cache[slot].name;
}
