/* img-ref — what an image reference means.
 *
 * "busybox" is short for docker.io/library/busybox:latest: a registry to
 * ask, a repository in it, and a tag (or a digest, which names one exact
 * manifest). img-ref applies Docker's rules (lib/imgref) and prints the
 * full form, or its parts, so a script never has to guess them:
 *
 *   $ img-ref busybox localhost:5000/app
 *   docker.io/library/busybox:latest
 *   localhost:5000/app:latest
 */
#include "diag.h"
#include "imgref.h"
#include "opt.h"
#include "table.h"

#include <stdio.h>

static const char usage[] =
	"Usage: %1$s [options] REFERENCE...\n"
	"Normalise image references as Docker does, and show their parts.\n"
	"\n"
	"A reference is [REGISTRY[:PORT]/][NAMESPACE/]REPOSITORY[:TAG][@DIGEST].\n"
	"The registry defaults to docker.io, where a one-part repository is in\n"
	"library/, and the tag to latest (unless a digest is given). The first part\n"
	"is a registry only if it has a '.' or a ':' or is localhost:\n"
	"host:5000/app is registry host:5000, while app:5000 is tag 5000.\n"
	"\n"
	"Options:\n"
	"  -p, --parts          show a table of the parts, one row per reference\n"
	"  -o, --output LIST    the columns to show (implies --parts): REFERENCE,\n"
	"                       NAME, REGISTRY, REPOSITORY, TAG, DIGEST, FAMILIAR;\n"
	"                       +LIST adds to the default columns\n"
	"  -f, --familiar       print the short form Docker shows (busybox:latest)\n"
	"  -n, --noheadings     print no header line\n"
	"  -r, --raw            columns separated by one space, for scripts\n"
	"  -J, --json           print JSON: {\"references\": [{\"reference\": ...}]}\n"
	"      --explain        accepted for symmetry; img-ref reads no files\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when every reference is valid; 125 when one is not (it is named on\n"
	"  stderr, and the valid ones are still printed).\n"
	"\n"
	"Examples:\n"
	"  %1$s busybox                       docker.io/library/busybox:latest\n"
	"  %1$s -p quay.io/org/app:v2\n"
	"  %1$s -J debian:12 | jq -r '.references[0].repository'\n";

enum { COL_REFERENCE, COL_NAME, COL_REGISTRY, COL_REPOSITORY, COL_TAG, COL_DIGEST, COL_FAMILIAR, COL_COUNT };

static const struct table_column columns[COL_COUNT] = {
	[COL_REFERENCE] = { "REFERENCE", TABLE_TEXT }, [COL_NAME] = { "NAME", TABLE_TEXT },
	[COL_REGISTRY] = { "REGISTRY", TABLE_TEXT },   [COL_REPOSITORY] = { "REPOSITORY", TABLE_TEXT },
	[COL_TAG] = { "TAG", TABLE_TEXT },             [COL_DIGEST] = { "DIGEST", TABLE_TEXT },
	[COL_FAMILIAR] = { "FAMILIAR", TABLE_TEXT },
};

static const struct option options[] = {
	{ "parts", no_argument, NULL, 'p' },
	{ "output", required_argument, NULL, 'o' },
	{ "familiar", no_argument, NULL, 'f' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "raw", no_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'J' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static void add_row(struct table *t, const struct imgref *ref)
{
	char text[1024];
	int r = table_add_row(t);

	imgref_format(ref, text, sizeof text);
	table_set(t, r, COL_REFERENCE, text);
	imgref_name(ref, text, sizeof text);
	table_set(t, r, COL_NAME, text);
	table_set(t, r, COL_REGISTRY, ref->registry);
	table_set(t, r, COL_REPOSITORY, ref->repository);
	if (*ref->tag)
		table_set(t, r, COL_TAG, ref->tag);
	if (*ref->digest)
		table_set(t, r, COL_DIGEST, ref->digest);
	imgref_familiar(ref, text, sizeof text);
	table_set(t, r, COL_FAMILIAR, text);
}

int main(int argc, char **argv)
{
	enum table_format format = TABLE_COLUMNS;
	const char *list = NULL, *single = "REFERENCE";
	bool parts = false, headings = true;
	int c, failed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "po:fnrJh", options, NULL)) != -1) {
		switch (c) {
		case 'p': parts = true; break;
		case 'o': list = optarg; parts = true; break;
		case 'f': single = "FAMILIAR"; break;
		case 'n': headings = false; break;
		case 'r': format = TABLE_RAW; break;
		case 'J': format = TABLE_JSON; break;
		default: opt_common(c, usage);
		}
	}
	if (optind >= argc)
		die_usage("no image reference given");

	/* Without --parts, one column and no header: a name per line, for $(...). */
	const char *defaults = parts ? "REFERENCE,REGISTRY,REPOSITORY,TAG,DIGEST" : single;
	if (format == TABLE_JSON && !list)
		defaults = "REFERENCE,NAME,REGISTRY,REPOSITORY,TAG,DIGEST,FAMILIAR";
	if (!parts && format != TABLE_JSON)
		headings = false;
	struct table *t = table_new(columns, COL_COUNT, defaults);
	if (!t || (list && table_select(t, list) < 0))
		die_diag();
	for (int i = optind; i < argc; i++) {
		struct imgref ref;
		if (imgref_parse(argv[i], &ref) < 0) {
			diag_print();
			failed = 1;
			continue;
		}
		add_row(t, &ref);
	}
	if (table_print(t, stdout, format, headings, "references") < 0)
		die_diag();
	table_free(t);
	return failed ? EXIT_TOOL_FAILED : 0;
}
