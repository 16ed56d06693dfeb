/* exec — the last step of every chain-loading tool: become the command.
 *
 * execvp(3) either never returns or fails; a failure becomes the exit
 * status the shell and `env`/`chroot` use: 127 when the command is not
 * found, 126 when it is there but cannot be executed.
 */
#ifndef CTRKIT_EXEC_H
#define CTRKIT_EXEC_H

/* Exec ARGV (searching $PATH). Returns only on failure, with a diagnostic
 * set, giving the status to exit with: 126 or 127. */
int exec_command(char *const argv[]);

/* The shell's view of a waitpid(2) status: the exit code, or 128+N for a
 * process killed by signal N. */
int exit_status_of(int wstatus);

#endif
