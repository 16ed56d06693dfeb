/* cglimitrows — the functions the rows of cg_limits (cglimit.c) point to,
 * and the file reader the rows' files share. Private to cglimit*.c: the
 * interface is cglimit.h.
 */
#ifndef CTRKIT_CGLIMITROWS_H
#define CTRKIT_CGLIMITROWS_H

#include "cglimit.h"

#include <stddef.h>

/* cglimitparse.c: the user's text into a value */
int parse_size(const struct cg_limit *l, const char *text, struct cg_limit_value *v);
int parse_cpus(const struct cg_limit *l, const char *text, struct cg_limit_value *v);
int parse_weight(const struct cg_limit *l, const char *text, struct cg_limit_value *v);
int parse_pids(const struct cg_limit *l, const char *text, struct cg_limit_value *v);
int parse_list(const struct cg_limit *l, const char *text, struct cg_limit_value *v);

/* cglimitrows.c: every limit's files but io-max's */
int read_file(const struct cg_hierarchy *h, const char *dir, const char *file, char *buf, size_t len);
int plan_memory(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		const struct cg_hierarchy *h, const char *dir);
int show_size(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);
const char *hint_memory(int err, int version);
int plan_memory_swap(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		     const struct cg_hierarchy *h, const char *dir);
int show_memory_swap(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);
const char *hint_memory_swap(int err, int version);
int plan_cpus(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
	      const struct cg_hierarchy *h, const char *dir);
int show_cpus(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);
const char *hint_cpus(int err, int version);
int plan_cpu_weight(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		    const struct cg_hierarchy *h, const char *dir);
int show_cpu_weight(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);
int plan_io_weight(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		   const struct cg_hierarchy *h, const char *dir);
int show_io_weight(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);
const char *hint_io_weight(int err, int version);
int plan_verbatim(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		  const struct cg_hierarchy *h, const char *dir);
int show_verbatim(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);
const char *hint_cpuset(int err, int version);

/* cglimitiomax.c: io-max, parsed, written and read back */
int parse_io_max(const struct cg_limit *l, const char *text, struct cg_limit_value *v);
int plan_io_max(struct cg_plan *p, const struct cg_limit *l, const struct cg_limit_value *v,
		const struct cg_hierarchy *h, const char *dir);
int show_io_max(const struct cg_limit *l, const struct cg_hierarchy *h, const char *dir, char *buf, size_t len);
const char *hint_io_max(int err, int version);

#endif
