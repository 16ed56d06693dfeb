/* img-list — the images in the local store.
 *
 * One row per reference in $CTRKIT_STORE/images/index.json, as docker
 * images shows them: the name, the config's digest (the image's ID), the
 * manifest's digest, the layers, the size unpacked (from each layer's
 * record, so no tree is walked) and when it was built. Rows are gathered,
 * then printed by lib/table: columns, raw words, or JSON.
 *
 *   $ img-list
 *   REFERENCE                        IMAGE-ID     DIGEST          LAYERS SIZE CREATED
 *   docker.io/library/busybox:latest 3f2a9c0d1e2b sha256:4c2f...        1 2.1M 1970-01-01T00:00:00Z
 */
#include "diag.h"
#include "imgref.h"
#include "opt.h"
#include "store.h"
#include "table.h"
#include "units.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options]\n"
	"List the images in the local image store, with their size and digests.\n"
	"\n"
	"Columns: REFERENCE (normalised), REPOSITORY and TAG (the short form docker\n"
	"images shows), IMAGE-ID (the config's digest, its first 12 hex digits),\n"
	"DIGEST (the manifest's), LAYERS, SIZE (of the layers' tars, unpacked: shared\n"
	"layers count in each image), CREATED (the config's), PLATFORM.\n"
	"\n"
	"Options:\n"
	"  -o, --output LIST    the columns to show: REFERENCE, REPOSITORY, TAG,\n"
	"                       IMAGE-ID, DIGEST, LAYERS, SIZE, CREATED, PLATFORM;\n"
	"                       +LIST adds to the default columns\n"
	"  -n, --noheadings     print no header line\n"
	"  -r, --raw            columns separated by one space, for scripts\n"
	"  -J, --json           print JSON: {\"images\": [{\"reference\": ...}]}, the\n"
	"                       whole config digest as image-id, sizes in bytes\n"
	"      --explain        print the lock taken\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Environment:\n"
	"  CTRKIT_STORE         the store (default " STORE_DEFAULT_ROOT "); a store that\n"
	"                       does not exist has no images\n"
	"\n"
	"Examples:\n"
	"  %1$s\n"
	"  %1$s -n -o REFERENCE\n"
	"  %1$s --json | jq -r '.images[] | \"\\(.reference) \\(.size)\"'\n";

enum { COL_REFERENCE, COL_REPOSITORY, COL_TAG, COL_ID, COL_DIGEST, COL_LAYERS, COL_SIZE, COL_CREATED,
       COL_PLATFORM, COL_COUNT };

static const struct table_column columns[COL_COUNT] = {
	[COL_REFERENCE] = { "REFERENCE", TABLE_TEXT }, [COL_REPOSITORY] = { "REPOSITORY", TABLE_TEXT },
	[COL_TAG] = { "TAG", TABLE_TEXT },             [COL_ID] = { "IMAGE-ID", TABLE_TEXT },
	[COL_DIGEST] = { "DIGEST", TABLE_TEXT },       [COL_LAYERS] = { "LAYERS", TABLE_NUMBER },
	[COL_SIZE] = { "SIZE", TABLE_NUMBER },         [COL_CREATED] = { "CREATED", TABLE_TEXT },
	[COL_PLATFORM] = { "PLATFORM", TABLE_TEXT },
};

static const struct option options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "raw", no_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'J' },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static int by_name(const void *a, const void *b)
{
	return strcmp(store_entry_name(*(json_t *const *)a), store_entry_name(*(json_t *const *)b));
}

/* One image's row. -1 with a diagnostic when it cannot be read. */
static int add_row(struct table *t, const struct store *s, const char *name, bool json)
{
	struct oci_image img;
	struct imgref ref;
	char text[1024];
	uint64_t size = 0;

	if (store_open_image(s, name, &img) < 0)
		return -1;
	for (size_t i = 0; i < img.nlayers; i++) {
		uint64_t bytes, entries;
		if (store_layer_record(s, img.layers[i].diff_id, &bytes, &entries) < 0) {
			oci_close(&img);
			return -1;
		}
		size += bytes;
	}
	int r = table_add_row(t);
	table_set(t, r, COL_REFERENCE, name);
	if (imgref_parse(name, &ref) == 0) {
		imgref_familiar(&ref, text, sizeof text);
		*strchrnul(text, *ref.tag ? ':' : '@') = '\0';
		table_set(t, r, COL_REPOSITORY, text);
		table_set(t, r, COL_TAG, *ref.tag ? ref.tag : "<none>");
	}
	if (json)
		table_set(t, r, COL_ID, img.config_digest);
	else
		table_setf(t, r, COL_ID, "%.12s", img.config_digest + 7);
	table_set(t, r, COL_DIGEST, img.manifest_digest);
	table_setf(t, r, COL_LAYERS, "%zu", img.nlayers);
	if (json)
		table_setf(t, r, COL_SIZE, "%ju", (uintmax_t)size);
	else
		table_set(t, r, COL_SIZE, units_format_size_approx(size, text, sizeof text));
	const char *created = json_string_value(json_object_get(img.config, "created"));
	if (created)
		table_set(t, r, COL_CREATED, created);
	table_setf(t, r, COL_PLATFORM, "%s/%s%s%s", img.platform.os, img.platform.architecture,
		   *img.platform.variant ? "/" : "", img.platform.variant);
	oci_close(&img);
	return 0;
}

int main(int argc, char **argv)
{
	enum table_format format = TABLE_COLUMNS;
	const char *list = NULL;
	bool headings = true;
	struct store s;
	int c, failed = 0;

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "o:nrJh", options, NULL)) != -1) {
		switch (c) {
		case 'o': list = optarg; break;
		case 'n': headings = false; break;
		case 'r': format = TABLE_RAW; break;
		case 'J': format = TABLE_JSON; break;
		default: opt_common(c, usage);
		}
	}
	if (optind != argc)
		die_usage("%s takes no arguments", diag_prog());
	struct table *t = table_new(columns, COL_COUNT, "REFERENCE,IMAGE-ID,DIGEST,LAYERS,SIZE,CREATED");
	if (!t || (list && table_select(t, list) < 0))
		die_diag();
	if (store_open(&s, STORE_READ) < 0)
		die_diag();
	json_t *manifests = json_object_get(s.index, "manifests");
	size_t n = json_array_size(manifests);
	json_t **sorted = calloc(n + 1, sizeof *sorted);
	if (!sorted)
		die(ENOMEM, NULL, "list the images");
	for (size_t i = 0; i < n; i++)
		sorted[i] = json_array_get(manifests, i);
	if (n)
		qsort(sorted, n, sizeof *sorted, by_name);
	/* An image that cannot be read is named on stderr; the others are listed. */
	for (size_t i = 0; i < n; i++) {
		if (add_row(t, &s, store_entry_name(sorted[i]), format == TABLE_JSON) < 0) {
			diag_print();
			failed = 1;
		}
	}
	free(sorted);
	if (table_print(t, stdout, format, headings, "images") < 0)
		die_diag();
	table_free(t);
	store_close(&s);
	return failed ? EXIT_TOOL_FAILED : 0;
}
