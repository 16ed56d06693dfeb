/* nsscanner — what the files of the machine-wide scan share (see
 * nsscan.h): the table of namespaces found, indexed by inode
 * (nsscanmachine.c), reading one nsfs link (nsscan.c), and the three
 * places nsscan_machine looks: processes and their descriptors
 * (nsscanproc.c), bind mounts (nsscanmount.c), and the namespaces' parents
 * and owners (nsscanrelate.c). Private to them: the interface is nsscan.h.
 */
#ifndef CTRKIT_NSSCANNER_H
#define CTRKIT_NSSCANNER_H

#include "nsscan.h"

#include <dirent.h>
#include <stdbool.h>
#include <sys/types.h>

/* nsscan.c */
int read_ns_link(int dirfd, const char *name, ino_t *ino);

/* nsscanmachine.c */
long find_or_add(struct nsscan *s, ino_t ino, const struct ns_type *type);

/* nsscanproc.c */
int scan_processes(struct nsscan *s, DIR *proc);

/* nsscanmount.c */
int scan_all_mounts(struct nsscan *s, int proc);

/* nsscanrelate.c */
int relate_all(struct nsscan *s, int proc, bool trace);

#endif
