/* Unit tests for lib/username: the name shown for a user ID. */
#include "unit.h"
#include "username.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
	char name[64];

	check(!strcmp(username_of(0), "root"), "username: uid 0 is root");
	/* An ID no database has is shown as its number. */
	check(!strcmp(username_of(4242424), "4242424"), "username: an unknown ID is its number");
	snprintf(name, sizeof name, "%s", username_of(0));
	check(!strcmp(username_of(0), name), "username: asked again, the same name");
	/* Past the 32 the cache keeps, names are still right. */
	for (uid_t u = 5000000; u < 5000040; u++)
		username_of(u);
	check(!strcmp(username_of(0), "root") && !strcmp(username_of(5000039), "5000039"),
	      "username: past the cache's 32 places, still right");
	return unit_done();
}
