/* ctr-create — record a new container, in status created, and print its id.
 *
 * The first step of ctr-run: before anything is set up, the container gets
 * an id, a name and a directory under $CTRKIT_STATE/containers, and the
 * record says what must be undone when it is removed (--cleanup). Recorded
 * first, done after: whatever is killed half-way, ctr-rm still finds every
 * mount and directory that may exist. Nothing runs yet; ctr-monitor --id
 * starts it.
 *
 * The record also names the image's layer directories the container will
 * mount (--layers): from then until ctr-rm, img-rm and every other
 * collection of the store keep them, even when the image's name goes
 * (img-rm -f). Recorded before the overlay is mounted, so a collection
 * either sees the record and keeps the layers, or ran before it and the
 * mount fails: never a container whose layers vanish under it.
 */
#include "ctrstate.h"
#include "diag.h"
#include "digest.h"
#include "opt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options] [--] [COMMAND [ARG...]]\n"
	"Record a new container in status created, and print its id.\n"
	"\n"
	"The container gets a random 64-hex-digit id, a name, its cgroup's name\n"
	"(ctr-<first 12 digits of the id>) and a directory\n"
	"$CTRKIT_STATE/containers/ID (default /run/ctrkit/containers/ID) holding\n"
	"state.json. COMMAND is what the container will run, as ctr-ps shows it.\n"
	"Nothing is started: ctr-monitor --id ID does that.\n"
	"\n"
	"Options:\n"
	"      --name NAME          the container's name, unique among containers:\n"
	"                           a letter or digit, then letters, digits, '_', '.'\n"
	"                           or '-' (default: a generated one, like\n"
	"                           brave_hopper)\n"
	"      --image IMAGE        the image it runs, by name, for ctr-ps and\n"
	"                           ctr-inspect (Config.Image)\n"
	"      --image-id ID        the image's ID, the digest of its config\n"
	"                           (img-inspect's IMAGE_CONFIG), as docker identifies\n"
	"                           images: ctr-inspect's Image; img-rm refuses to\n"
	"                           remove the image's last name while the container\n"
	"                           exists (img-rm -f untags it anyway). Without it,\n"
	"                           img-rm goes by the name given to --image\n"
	"      --layers DIR[:DIR...]\n"
	"                           the image's layer directories its overlay will\n"
	"                           mount (img-inspect's IMAGE_LAYERS): the image store\n"
	"                           keeps them until the container is removed\n"
	"      --user USER[:GROUP]  the user its command runs as (ctr-creds --user);\n"
	"                           ctr-exec runs as it too, as docker exec does\n"
	"      --cap-add CAP, --cap-drop CAP\n"
	"                           its changes to Docker's capabilities, as given to\n"
	"                           ctr-creds; ctr-exec makes the same; repeatable\n"
	"      --rootfs DIR         its root filesystem, for ctr-inspect\n"
	"      --hostname NAME      its hostname, for ctr-inspect\n"
	"      --cleanup KIND:PATH  something ctr-rm must undo; KIND is umount (every\n"
	"                           mount at or below PATH, MNT_DETACH), remove\n"
	"                           (PATH and all below it, on its filesystem only)\n"
	"                           or net (what ctr-net up made: published ports,\n"
	"                           veth, the network namespace file PATH, address\n"
	"                           lease, all found by the id as their owner);\n"
	"                           {id} in PATH becomes the id; repeat as needed,\n"
	"                           ctr-rm undoes them in this order, so list\n"
	"                           the unmounts before the removals\n"
	"      --explain            print each state directory and file written\n"
	"  -h, --help               show this help and exit\n"
	"      --version            show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 when the container was recorded; 125 on failure (a bad or used name).\n"
	"\n"
	"Examples:\n"
	"  id=$(%1$s --name web --image busybox -- httpd -f)\n"
	"  %1$s --image \"$IMAGE_REFERENCE\" --image-id \"$IMAGE_CONFIG\" --layers \"$IMAGE_LAYERS\" -- sh\n"
	"  %1$s --cleanup remove:/var/lib/ctrkit/containers/{id} -- sh\n"
	"  %1$s --cleanup net:/run/ctrkit/containers/{id}/ns/net -- httpd -f\n";

enum {
	OPT_NAME = OPT_TOOL_BASE, OPT_IMAGE, OPT_IMAGE_ID, OPT_USER, OPT_CAP_ADD, OPT_CAP_DROP,
	OPT_LAYERS, OPT_ROOTFS, OPT_HOSTNAME, OPT_CLEANUP,
};

static const struct option options[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "image", required_argument, NULL, OPT_IMAGE },
	{ "image-id", required_argument, NULL, OPT_IMAGE_ID },
	{ "user", required_argument, NULL, OPT_USER },
	{ "cap-add", required_argument, NULL, OPT_CAP_ADD },
	{ "cap-drop", required_argument, NULL, OPT_CAP_DROP },
	{ "layers", required_argument, NULL, OPT_LAYERS },
	{ "rootfs", required_argument, NULL, OPT_ROOTFS },
	{ "hostname", required_argument, NULL, OPT_HOSTNAME },
	{ "cleanup", required_argument, NULL, OPT_CLEANUP },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static char *must_dup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		die(0, NULL, "out of memory");
	return d;
}

int main(int argc, char **argv)
{
	struct ctr_state st;
	int c;

	diag_init(argv);
	ctr_state_init(&st);
	/* "+": the command keeps its own options. */
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (c) {
		case OPT_NAME:
			if (ctr_name_check(optarg) < 0)
				die_diag();
			free(st.name);
			st.name = must_dup(optarg);
			break;
		case OPT_IMAGE:
			free(st.image);
			st.image = must_dup(optarg);
			break;
		case OPT_IMAGE_ID:
			if (digest_check_text("--image-id", optarg) < 0)
				die_diag();
			free(st.image_id);
			st.image_id = must_dup(optarg);
			break;
		case OPT_USER:
			free(st.user);
			st.user = must_dup(optarg);
			break;
		case OPT_CAP_ADD:
		case OPT_CAP_DROP:
			if (ctr_cap_record(&st, c == OPT_CAP_ADD, optarg) < 0)
				die_diag();
			break;
		case OPT_LAYERS:
			if (ctr_layers_set(&st, optarg) < 0)
				die_diag();
			break;
		case OPT_ROOTFS:
			free(st.rootfs);
			st.rootfs = must_dup(optarg);
			break;
		case OPT_HOSTNAME:
			free(st.hostname);
			st.hostname = must_dup(optarg);
			break;
		case OPT_CLEANUP: {
			char *colon = strchr(optarg, ':');
			if (!colon)
				die_usage("--cleanup takes KIND:PATH, e.g. umount:/run/x or remove:/var/lib/x, not '%s'",
					  optarg);
			*colon = '\0';
			if (ctr_cleanup_add(&st, optarg, colon + 1) < 0)
				die_diag();
			break;
		}
		default:
			opt_common(c, usage);
		}
	}
	char **command = opt_command(argc, argv, false);
	int n = 0;
	while (command && command[n])
		n++;
	st.command = calloc((size_t)n + 1, sizeof *st.command);
	if (!st.command)
		die(0, NULL, "out of memory");
	for (int i = 0; i < n; i++)
		st.command[i] = must_dup(command[i]);

	if (ctr_create(&st) < 0)
		die_diag();
	printf("%s\n", st.id);
	ctr_state_free(&st);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(0, NULL, "write the output");
	return 0;
}
