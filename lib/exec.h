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

/* The status a failed exec (or a failed look-up of its file) gives, from
 * its errno: 127 for ENOENT/ENOTDIR, 126 for anything else. */
int exec_status_for(int err);

/* Find FILE as execvp(3) would (a name with a '/' as it is, else each
 * directory of $PATH in turn) and open it O_PATH|O_CLOEXEC, to be run
 * later with exec_fd() even from a root that does not contain it. The
 * file must be a regular, executable file that needs nothing else from the
 * host's root: not a #! script (the kernel runs its interpreter with the
 * script's name as /dev/fd/N, and a close-on-exec N is gone by then:
 * execveat(2), NOTES), not a dynamically linked ELF (its loader and
 * libraries would come from the new root, a hostile image's own): a static
 * binary. The path found goes to PATH (LEN bytes). Returns the descriptor,
 * or -1 with a diagnostic; exec_status_for(diag_errno()) is the status
 * (126 when the file is there but cannot run this way). */
int exec_open(const char *file, char *path, unsigned long len);

/* execveat(FD, "", ARGV, environ, AT_EMPTY_PATH): run the file FD was
 * opened on (by exec_open). PATH names it in the trace and in errors.
 * Returns only on failure, with a diagnostic set: 126 or 127. */
int exec_fd(int fd, const char *path, char *const argv[]);

/* The shell's view of a waitpid(2) status: the exit code, or 128+N for a
 * process killed by signal N. */
int exit_status_of(int wstatus);

#endif
