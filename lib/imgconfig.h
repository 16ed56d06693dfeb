/* imgconfig — an image's config, printed for ctr-run and for programs.
 *
 * The config says how to run the image: the command (Entrypoint, Cmd),
 * the environment, the user, the working directory, ports and labels.
 * It is printed as shell assignments that only assign when sourced, or as
 * JSON, from one summary object so the two forms always agree:
 *
 *   IMAGE_CMD_COUNT=2
 *   IMAGE_CMD_0='sh'
 *   IMAGE_CMD_1='-c'
 *
 * Each value is one single-quoted shell word (a ' written as '\''): inside
 * single quotes a shell expands nothing, so `. ./file` runs nothing even
 * for a Cmd of $(rm -rf /). A list is IMAGE_X_COUNT then IMAGE_X_0...
 */
#ifndef CTRKIT_IMGCONFIG_H
#define CTRKIT_IMGCONFIG_H

#include "oci.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* The config as one JSON object: {"manifest", "config", "platform",
 * "user", "workdir", "env": [], "entrypoint": [], "cmd": [],
 * "exposed_ports": [], "labels": {}}. A caller may add keys before
 * printing. NULL with a diagnostic when the config is malformed. */
json_t *imgconfig_summary(const struct oci_image *img);

/* Print SUMMARY to OUT: as JSON (every key, in order), or as shell
 * assignments (the keys above). -1 with a diagnostic when OUT fails. */
int imgconfig_print(FILE *out, json_t *summary, bool as_json);

/* One more shell record: IMAGE_NAME='value'. */
void imgconfig_print_var(FILE *out, const char *name, const char *value);

#endif
