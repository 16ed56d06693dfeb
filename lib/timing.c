/* timing — see timing.h. */
#include "timing.h"
#include "diag.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* A tool's own start, for when the chain passed no time down: taken as
 * the program starts, before main(). */
static uint64_t started;
__attribute__((constructor)) static void record_start(void)
{
	started = now_us();
}

void timing_step(void)
{
	if (!getenv("CTRKIT_TIMINGS"))
		return;
	const char *t = getenv("CTRKIT_TIMING_T");
	uint64_t now = now_us(), from = t ? strtoull(t, NULL, 10) : started;
	if (from == 0 || from > now)
		from = started;
	fprintf(stderr, "timing: %s %" PRIu64 " us\n", diag_prog(), now - from);
	char text[32];
	snprintf(text, sizeof text, "%" PRIu64, now);
	setenv("CTRKIT_TIMING_T", text, 1);
}
