/* timing — where the time of a chain goes (ctr-run --timings).
 *
 * With CTRKIT_TIMINGS set, each tool says on stderr how long it took, from
 * the moment the previous tool of the chain exec'd it to the moment it
 * execs the next one: "timing: ns-clone 412 us". The moment is passed down
 * the chain in CTRKIT_TIMING_T (microseconds, CLOCK_REALTIME, which every
 * process shares); a tool that finds none counts from its own start.
 */
#ifndef CTRKIT_TIMING_H
#define CTRKIT_TIMING_H

/* Just before an exec: print this tool's step and pass the time on. */
void timing_step(void);

#endif
