#!/usr/bin/env bats
# The image store: img-import, img-list, img-rm, img-inspect. Every test
# has its own store, $CTRKIT_STORE under its BATS_TEST_TMPDIR (never
# /var/lib/ctrkit), removed in teardown; every mount is made inside
# `unshare -m` (or by rootfs-pivot in its own mount namespace), so it goes
# when the test's process does, pass or fail. The tests of containers
# pinning their layers run containers (ctr-run, --network none) with a
# state root of their own, $CTRKIT_STATE under BATS_TEST_TMPDIR: teardown
# removes every container in it (ctr_teardown) before the store.

load helpers
load cg-helpers
load ctr-helpers

MKIMAGE=$BATS_TEST_DIRNAME/fixtures/mkimage.py

setup_file() {
	export IMAGES=$BATS_FILE_TMPDIR/images
	"$BATS_TEST_DIRNAME/../scripts/mk-images" "$IMAGES" >/dev/null
}

setup() {
	T=$BATS_TEST_TMPDIR
	export CTRKIT_STORE=$T/store CTRKIT_NETWORK=none
	ctr_setup
	cd "$T" || return 1
	mkdir -p outside p
	echo original >outside/victim
}

teardown() {
	ctr_teardown
	ctr_store_teardown
	cd / && rm -rf --one-file-system "$T/store" "$T/p" "$T/merged" "$T/ovl"
}

mkimage() { python3 "$MKIMAGE" "$@"; }

LOWER='[{"name":"etc/","type":"dir"},{"name":"etc/motd","data":"hi"},{"name":"etc/keep","data":"k"},
{"name":"var/","type":"dir"},{"name":"var/cache/","type":"dir"},{"name":"var/cache/old","data":"o"},
{"name":"var/cache/sub/deep","data":"d"},{"name":"opt/tool/","type":"dir"},{"name":"opt/tool/bin","data":"b"}]'
UPPER='[{"name":"etc/.wh.motd"},{"name":".wh.opt"},{"name":"var/cache/","type":"dir","mode":448},
{"name":"var/cache/new","data":"n"},{"name":"var/cache/.wh..wh..opq"},{"name":"etc/.wh.never-was"}]'

# A tree as find sees it (name, type, mode, owner, group, link target) and
# the sha256 of each regular file.
tree_of() {
	(cd "$1" && find . -printf '%p %y %m %U %G %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
}

# The store as it is: every name, type, mode, inode and size, and each
# file's time (a directory's time changes when a temporary name comes and
# goes: its entries say what matters).
store_state() {
	find "$CTRKIT_STORE" \( -type d -printf '%P d %m %i\n' \) -o -printf '%P %y %m %i %s %T@\n' | LC_ALL=C sort
	cat "$CTRKIT_STORE/images/index.json"
}

# The value of IMAGE_$1 in img-inspect's output for image $2.
inspect_var() {
	img-inspect "$2" | sed -n "s/^IMAGE_$1='\(.*\)'\$/\1/p"
}

# The layer blob of a layout's only image, copied to $2 (for mkimage --layer).
first_layer_blob() {
	local manifest
	manifest=$1/blobs/sha256/$(jq -r '.manifests[0].digest[7:]' "$1/index.json")
	cp "$1/blobs/sha256/$(jq -r '.layers[0].digest[7:]' "$manifest")" "$2"
}

layer_dirs() {
	find "$CTRKIT_STORE/layers/sha256" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l
}

@test "img-import names ctrkit's images by their directory and tag, and prints the manifest digest" {
	run --separate-stderr img-import "$IMAGES/busybox"
	assert_status 0
	[ "$output" = "docker.io/library/busybox:latest $(jq -r '.manifests[0].digest' "$IMAGES/busybox/index.json")" ]
	run img-import "$IMAGES/hello-world:latest"
	assert_status 0
	[[ "$output" == "docker.io/library/hello-world:latest sha256:"* ]]
	# The store's images/ is an OCI layout in its own right: img-unpack reads it.
	run img-unpack --ref docker.io/library/busybox:latest "$CTRKIT_STORE/images" p/busybox
	assert_status 0
	img-unpack "$IMAGES/busybox" p/direct >/dev/null
	[ "$(tree_of p/busybox)" = "$(tree_of p/direct)" ]
	# A layer with no whiteouts is, unpacked alone, the image itself.
	[ "$(tree_of "$(inspect_var LAYERS busybox)")" = "$(tree_of p/direct)" ]
	[ "$(stat -c %a "$CTRKIT_STORE/layers")" = 700 ]
}

@test "img-import takes an OCI archive and a docker save, and REFERENCE names the image" {
	mkimage app.tar --format archive --ref v2 --layer "$LOWER" --layer "$UPPER"
	run img-import app.tar
	assert_status 0
	[[ "$output" == "docker.io/library/app:v2 sha256:"* ]]
	mkimage saved.tar --format docker --ref repo/saved:1.0 --layer "$LOWER" --layer "$UPPER"
	run img-import saved.tar
	assert_status 0
	[[ "$output" == "docker.io/repo/saved:1.0 sha256:"* ]]
	run img-import saved.tar:1.0 localhost:5000/other
	assert_status 0
	[[ "$output" == "localhost:5000/other:latest sha256:"* ]]
	# The docker save image got an OCI manifest, its layers the tars themselves.
	local manifest=$CTRKIT_STORE/images/blobs/sha256/$(inspect_var MANIFEST repo/saved:1.0 | cut -c8-)
	[ "$(jq -r '.mediaType' "$manifest")" = application/vnd.oci.image.manifest.v1+json ]
	[ "$(jq -r '[.layers[].mediaType] | unique | join(",")' "$manifest")" = application/vnd.oci.image.layer.v1.tar ]
	[ "$(sha256sum "$manifest" | cut -d' ' -f1)" = "$(basename "$manifest")" ]
	# All three share the same two layers.
	[ "$(layer_dirs)" = 2 ]
	[ "$(img-list -n -o REFERENCE | wc -l)" = 3 ]
	# An unnamed image needs REFERENCE.
	mkimage anon --layer "$LOWER"
	run --separate-stderr img-import anon
	assert_status 125
	[[ "$stderr" == *"has no name"*"img-import SOURCE REFERENCE"* ]]
	run img-import anon anon:1
	assert_status 0
}

@test "two images on one base layer store it once, unpacked once" {
	img-import "$IMAGES/busybox" >/dev/null
	local base inode
	base=$(inspect_var LAYERS busybox)
	inode=$(stat -c %i "$base/bin/busybox")
	first_layer_blob "$IMAGES/busybox" busybox.tar.gz
	mkimage app --ref 1 --layer busybox.tar.gz --layer '[{"name":"app","data":"app"}]'
	run img-import app
	assert_status 0
	[ "$(layer_dirs)" = 2 ]
	[ "$(stat -c %i "$base/bin/busybox")" = "$inode" ]
	[ "$(inspect_var LAYERS app:1)" = "$(find "$CTRKIT_STORE/layers/sha256" -maxdepth 1 -newer "$base.json" -type d ! -name sha256 ! -name '.*'):$base" ]
	# The same tar compressed another way is the same layer: a new blob, checked, no new directory.
	mkimage zst --ref 1 --compress zstd --layer "$LOWER"
	mkimage gz --ref 1 --compress gzip --layer "$LOWER"
	img-import gz >/dev/null
	run --separate-stderr img-import --explain zst
	assert_status 0
	[[ "$stderr" == *"blob new, diff_id sha256:"*"unpacked already"* ]]
	[[ "$stderr" == *"+ diff_id sha256:"*" ok ("* ]]
	[ "$(layer_dirs)" = 3 ]
}

@test "importing an image again changes nothing, and --explain says so" {
	img-import "$IMAGES/busybox" >/dev/null
	local before
	before=$(store_state)
	run --separate-stderr img-import --explain "$IMAGES/busybox"
	assert_status 0
	[[ "$stderr" == *"blob in the store, diff_id sha256:"*"unpacked already"* ]]
	[[ "$stderr" == *"nothing changed"* ]]
	[[ "$stderr" != *rename* ]]
	[ "$(store_state)" = "$before" ]
}

@test "img-import points a reference at a new image and removes what only the old one used" {
	mkimage v1 --ref 1 --layer "$LOWER" --layer '[{"name":"version","data":"1"}]'
	mkimage v2 --ref 1 --layer "$LOWER" --layer '[{"name":"version","data":"2"}]'
	img-import v1 app:1 >/dev/null
	local old
	old=$(inspect_var LAYERS app:1)
	run --separate-stderr img-import --explain v2 app:1
	assert_status 0
	[[ "$stderr" == *"(no image uses it)"* ]]
	[ "$(img-list -n -o REFERENCE)" = docker.io/library/app:1 ]
	[ ! -e "${old%%:*}" ] && [ -d "${old#*:}" ]
	[ "$(layer_dirs)" = 2 ]
	[ "$(find "$CTRKIT_STORE/images/blobs/sha256" -type f | wc -l)" = 4 ]
}

@test "img-list shows each image's reference, ID, digest, layers, size and creation time" {
	img-import "$IMAGES/busybox" >/dev/null
	img-import "$IMAGES/hello-world" >/dev/null
	local manifest config bytes
	manifest=$(jq -r '.manifests[0].digest' "$IMAGES/busybox/index.json")
	config=$(inspect_var CONFIG busybox)
	bytes=$(jq -r .tar_bytes "$CTRKIT_STORE/layers/sha256/$(basename "$(inspect_var LAYERS busybox)").json")
	run img-list
	assert_status 0
	[ "${lines[0]}" = "$(echo "${lines[0]}" | grep -E '^REFERENCE +IMAGE-ID +DIGEST +LAYERS +SIZE +CREATED$')" ]
	[[ "${lines[1]}" =~ ^docker.io/library/busybox:latest\ +${config:7:12}\ +$manifest\ +1\ +[0-9.]+M\ +1970-01-01T00:00:00Z$ ]]
	[[ "${lines[2]}" == docker.io/library/hello-world:latest* ]]
	run img-list -n -r -o REPOSITORY,TAG,LAYERS
	[ "$output" = "$(printf 'busybox latest 1\nhello-world latest 1')" ]
	run img-list --json
	assert_status 0
	[ "$(jq -r '.images[0].reference' <<<"$output")" = docker.io/library/busybox:latest ]
	[ "$(jq -r '.images[0]["image-id"]' <<<"$output")" = "$config" ]
	[ "$(jq -r '.images[0].digest' <<<"$output")" = "$manifest" ]
	[ "$(jq -r '.images[0].size' <<<"$output")" = "$bytes" ]
	[ "$bytes" -gt 1000000 ]
	[ "$(jq -r '.images[0].layers' <<<"$output")" = 1 ]
	# A store that does not exist yet has no images, and is not made.
	CTRKIT_STORE=$T/none run img-list -n
	assert_status 0
	[ -z "$output" ] && [ ! -e "$T/none" ]
}

@test "img-rm removes images and only the layers no other image uses" {
	img-import "$IMAGES/busybox" >/dev/null
	img-import "$IMAGES/hello-world" >/dev/null
	first_layer_blob "$IMAGES/busybox" busybox.tar.gz
	mkimage app --ref 1 --layer busybox.tar.gz --layer '[{"name":"app","data":"app"}]'
	img-import app >/dev/null
	local app_layers hello_layer
	app_layers=$(inspect_var LAYERS app:1)
	hello_layer=$(inspect_var LAYERS hello-world)
	[ "$(layer_dirs)" = 3 ]
	run --separate-stderr img-rm --explain app:1
	assert_status 0
	[ "$output" = docker.io/library/app:1 ]
	[[ "$stderr" == *"+ index.json: remove docker.io/library/app:1"* ]]
	[[ "$stderr" == *"+ remove layers/sha256/$(basename "${app_layers%%:*}")/ (no image uses it)"* ]]
	[ ! -e "${app_layers%%:*}" ] && [ ! -e "${app_layers%%:*}.json" ]
	[ -d "${app_layers#*:}" ] && [ -d "$hello_layer" ]
	# The shared base goes with its last image.
	run img-rm busybox
	assert_status 0
	[ ! -e "${app_layers#*:}" ] && [ -d "$hello_layer" ]
	[ "$(layer_dirs)" = 1 ]
	# Every blob left is one hello-world uses: manifest, config, layer.
	[ "$(find "$CTRKIT_STORE/images/blobs/sha256" -type f | wc -l)" = 3 ]
	[ "$(img-list -n -o REFERENCE)" = docker.io/library/hello-world:latest ]
}

@test "img-rm of an unknown or bad reference is an error (125), and the others are still removed" {
	img-import "$IMAGES/hello-world" >/dev/null
	img-import "$IMAGES/busybox" >/dev/null
	run --separate-stderr img-rm nope hello-world 'Bad/Name'
	assert_status 125
	[ "$output" = docker.io/library/hello-world:latest ]
	[[ "$stderr" == *"no image docker.io/library/nope:latest in the store"* ]]
	[[ "$stderr" == *"lowercase"* ]]
	[ "$(img-list -n -o REFERENCE)" = docker.io/library/busybox:latest ]
	# NAME@DIGEST names it too.
	run img-rm "busybox@$(inspect_var MANIFEST busybox)"
	assert_status 0
	[ "$(layer_dirs)" = 0 ]
	[ -z "$(find "$CTRKIT_STORE/images/blobs/sha256" -type f)" ]
}

@test "img-rm refuses an image an exited container was made from, naming it, until ctr-rm removes it" {
	img-import "$IMAGES/busybox" >/dev/null
	img-import "$IMAGES/hello-world" >/dev/null
	local layers id
	layers=$(inspect_var LAYERS busybox)
	run_split ctr-run --name keep busybox true
	assert_status 0
	id=$(ctr-ps -aq --no-trunc)
	# The record names the layers its overlay mounted.
	[ "$(jq -r '.layers | join(":")' "$CTRKIT_STATE/containers/$id/state.json")" = "$layers" ]
	run_split img-rm busybox hello-world
	assert_status 125
	[ "$output" = docker.io/library/hello-world:latest ]
	[[ "$stderr" == *"remove image docker.io/library/busybox:latest ($(inspect_var CONFIG busybox | cut -c8-19)): container keep (${id:0:12}) uses it"* ]]
	[[ "$stderr" == *"ctr-rm keep first, or img-rm -f busybox to untag it only"* ]]
	[ "$(img-list -n -o REFERENCE)" = docker.io/library/busybox:latest ]
	[ -d "$layers" ]
	ctr-rm keep >/dev/null
	run img-rm busybox
	assert_status 0
	[ "$(layer_dirs)" = 0 ]
	[ -z "$(find "$CTRKIT_STORE/images/blobs/sha256" -type f)" ]
}

@test "img-rm -f untags an image containers use; their layers stay until the last is removed" {
	img-import "$IMAGES/busybox" >/dev/null
	local layer
	layer=$(inspect_var LAYERS busybox)
	ctr-run -d --name web busybox sleep 1000 >/dev/null
	ctr_wait_status web running
	ctr-run --name ended busybox true
	run_split img-rm -f --explain busybox
	assert_status 0
	[ "$output" = docker.io/library/busybox:latest ]
	[[ "$stderr" == *"+ keep layers/sha256/${layer##*/}/ (container "* ]]
	[ -z "$(img-list -n -o REFERENCE)" ]
	# The image's blobs go with its name; its layer stays, in use.
	[ -z "$(find "$CTRKIT_STORE/images/blobs/sha256" -type f)" ]
	[ -d "$layer" ] && [ -f "$layer.json" ]
	run ctr-exec web /bin/busybox echo still here
	assert_status 0
	[ "$output" = "still here" ]
	ctr-rm -f web >/dev/null
	img-rm --prune
	[ -d "$layer" ] # the exited container keeps it too
	ctr-rm ended >/dev/null
	run_split img-rm --prune --explain
	assert_status 0
	[[ "$stderr" == *"+ remove layers/sha256/${layer##*/}/ (no image uses it)"* ]]
	[ ! -e "$layer" ] && [ ! -e "$layer.json" ]
}

@test "after img-rm -f, new containers run from another name by digest and from an image sharing the layer" {
	img-import "$IMAGES/busybox" >/dev/null
	img-import "$IMAGES/busybox" mybox:1 >/dev/null
	first_layer_blob "$IMAGES/busybox" busybox.tar.gz
	mkimage app --ref 1 --layer busybox.tar.gz --layer '[{"name":"app","data":"app"}]'
	img-import app >/dev/null
	local base digest
	base=$(inspect_var LAYERS busybox)
	digest=$(inspect_var MANIFEST busybox)
	ctr-run --name old busybox true
	run img-rm -f busybox
	assert_status 0
	run_split ctr-run --rm "mybox:1@$digest" echo by digest
	assert_status 0
	[ "$output" = "by digest" ]
	# mybox:1 is the image old was made from, and now its last name.
	run_split img-rm mybox:1
	assert_status 125
	[[ "$stderr" == *"container old ("* ]]
	run_split ctr-run --rm app:1 cat /app
	assert_status 0
	[ "$output" = app ]
	[ -d "$base" ]
	ctr-rm old >/dev/null
	run img-rm mybox:1 app:1
	assert_status 0
	[ "$(layer_dirs)" = 0 ]
}

@test "img-rm goes by the image's ID, as docker rmi: one of its names just goes, the last is refused; a name moved to another image is free" {
	img-import "$IMAGES/busybox" >/dev/null
	img-import "$IMAGES/busybox" mybox:1 >/dev/null
	local config
	config=$(inspect_var CONFIG busybox)
	ctr-run --name keep busybox true
	# The record names the image by ID too, which ctr-inspect shows as docker does.
	[ "$(ctr-inspect -f Image keep)" = "$config" ]
	[ "$(ctr-inspect -f Config.Image keep)" = docker.io/library/busybox:latest ]
	# busybox is one of two names of the image: it goes, the image stays.
	run_split img-rm --explain busybox
	assert_status 0
	[[ "$stderr" == *"is also docker.io/library/mybox:1: only this name goes"* ]]
	[ "$(img-list -n -o REFERENCE)" = docker.io/library/mybox:1 ]
	# mybox:1 is the last: refused, though the container was made from busybox.
	run_split img-rm mybox:1
	assert_status 125
	[[ "$stderr" == *"container keep ("* ]]
	# busybox again, now naming another image: no container uses that one.
	img-import "$IMAGES/hello-world" busybox >/dev/null
	run img-rm busybox
	assert_status 0
	ctr-rm keep >/dev/null
	run img-rm mybox:1
	assert_status 0
	[ "$(layer_dirs)" = 0 ]
}

@test "a record made by hand without --image-id holds its image by the name it gives, in any form" {
	img-import "$IMAGES/busybox" >/dev/null
	ctr-create --name byhand --image busybox:latest -- true >/dev/null
	[ "$(ctr-inspect -f Image byhand)" = busybox:latest ]
	run_split img-rm busybox
	assert_status 125
	[[ "$stderr" == *"container byhand ("* ]]
	ctr-rm byhand >/dev/null
	run img-rm busybox
	assert_status 0
}

@test "img-rm removes an image whose config is damaged, still knowing its ID from the manifest" {
	img-import "$IMAGES/busybox" >/dev/null
	img-import "$IMAGES/busybox" bb:1 >/dev/null
	local config
	config=$(inspect_var CONFIG busybox)
	ctr-create --name byid --image bb:1 --image-id "$config" -- true >/dev/null
	img-rm bb:1 >/dev/null
	echo damaged >"$CTRKIT_STORE/images/blobs/sha256/${config#sha256:}"
	# busybox is now the last name of the image byid was made from.
	run_split img-rm busybox
	assert_status 125
	[[ "$stderr" == *"container byid ("* ]]
	ctr-rm byid >/dev/null
	run_split img-rm busybox
	assert_status 0
	[ -z "$(img-list -n -o REFERENCE 2>/dev/null)" ]
	[ "$(layer_dirs)" = 0 ]
	# A damaged manifest hides the ID: the containers are found by name.
	img-import "$IMAGES/busybox" >/dev/null
	local manifest
	manifest=$(inspect_var MANIFEST busybox)
	echo damaged >"$CTRKIT_STORE/images/blobs/sha256/${manifest#sha256:}"
	run_split img-rm --explain busybox
	assert_status 0
	[[ "$stderr" == *"the manifest of docker.io/library/busybox:latest cannot be read: its containers are found by name"* ]]
}

@test "img-rm takes an image ID, as docker rmi: whole, sha256:-less, or its first 12 digits; several names only with -f" {
	img-import "$IMAGES/busybox" >/dev/null
	img-import "$IMAGES/busybox" bb:1 >/dev/null
	img-import "$IMAGES/hello-world" >/dev/null
	local config
	config=$(inspect_var CONFIG busybox)
	run_split img-rm "${config:7:12}"
	assert_status 125
	[[ "$stderr" == *"it has 2 names: "*"img-rm -f ${config:7:12} to remove them all"* ]]
	run_split img-rm -f "${config:7:12}"
	assert_status 0
	[ "$(sort <<<"$output")" = "$(printf 'docker.io/library/bb:1\ndocker.io/library/busybox:latest')" ]
	[ "$(img-list -n -o REFERENCE)" = docker.io/library/hello-world:latest ]
	run img-rm "$(inspect_var CONFIG hello-world)"
	assert_status 0
	[ -z "$(img-list -n -o REFERENCE)" ]
	run_split img-rm deadbeefdead
	assert_status 125
	[[ "$stderr" == *"no image with ID deadbeefdead"* ]]
}

@test "ctr-create --image-id takes a sha256 digest only" {
	run_split ctr-create --image-id busybox -- true
	assert_status 125
	[[ "$stderr" == *"--image-id 'busybox' is not a digest"* ]]
	[ -z "$(ctr-ps -aq)" ]
}

@test "a corrupt blob of any kind is an error (125) and leaves the store as it was" {
	img-import "$IMAGES/hello-world" >/dev/null
	# LOWER is in the store already: each bad image has a good part to
	# share, and new layers before and after it (--corrupt spoils the
	# first layer's blob, or the last layer's diff_id).
	mkimage good --ref 1 --layer "$LOWER"
	img-import good >/dev/null
	local before kind fresh='[{"name":"fresh","data":"f"}]'
	before=$(store_state)
	for kind in manifest config layer diff_id; do
		mkimage "bad-$kind" --ref 1 --corrupt "$kind" --layer "$fresh" --layer "$LOWER" --layer "$UPPER"
		run --separate-stderr img-import "bad-$kind"
		assert_status 125
		[[ "$stderr" == *mismatch* ]] || { echo "$kind: $stderr" >&2; return 1; }
		[ "$(store_state)" = "$before" ] || { echo "$kind changed the store" >&2; return 1; }
	done
	mkimage bad-index --ref 1 --corrupt index --platforms linux/amd64,linux/arm64 --layer "$LOWER"
	run img-import bad-index
	assert_status 125
	for kind in config layer diff_id; do
		mkimage "bad-$kind.tar" --format docker --corrupt "$kind" --layer "$fresh" --layer "$LOWER" --layer "$UPPER"
		run --separate-stderr img-import "bad-$kind.tar"
		assert_status 125
		[[ "$stderr" == *mismatch* ]] || { echo "docker $kind: $stderr" >&2; return 1; }
	done
	[ "$(store_state)" = "$before" ]
	[ -z "$(find "$CTRKIT_STORE" -name '.tmp-*')" ]
}

@test "whiteouts become overlayfs whiteouts and the opaque directory an xattr, in the layer's own directory" {
	command -v getfattr >/dev/null || skip "getfattr not installed (Debian package attr)"
	mkimage img --ref 1 --layer "$LOWER" --layer "$UPPER"
	run --separate-stderr img-import --explain img
	assert_status 0
	[[ "$stderr" == *"+ whiteout etc/motd: mknod(S_IFCHR|0000, makedev(0, 0))"* ]]
	[[ "$stderr" == *"+ opaque var/cache/: setxattr(trusted.overlay.opaque, \"y\")"* ]]
	local layers top lower
	layers=$(inspect_var LAYERS img:1)
	top=${layers%%:*} lower=${layers#*:}
	[ "$(stat -c '%F %t %T' "$top/etc/motd")" = "character special file 0 0" ]
	[ "$(stat -c '%F %t %T' "$top/opt")" = "character special file 0 0" ]
	[ "$(stat -c '%F %t %T' "$top/etc/never-was")" = "character special file 0 0" ]
	[ "$(getfattr --only-values -n trusted.overlay.opaque "$top/var/cache")" = y ]
	[ "$(ls "$top/var/cache")" = new ]
	# The lower layer is untouched by the upper one: they are apart.
	[ -f "$lower/etc/motd" ] && [ -f "$lower/var/cache/old" ] && [ -d "$lower/opt/tool" ]
	[ "$(jq .whiteouts "$top.json")" = 4 ]
	# img-unpack is unchanged: it applies whiteouts, making no device.
	img-unpack img p/root >/dev/null
	[ -z "$(find p/root -type c)" ]
}

@test "the layers mounted as an overlay are the tree img-unpack makes of the same image" {
	mkimage img --ref 1 --layer "$LOWER" --layer "$UPPER"
	img-import img >/dev/null
	img-unpack img p/root >/dev/null
	local layers
	layers=$(inspect_var LAYERS img:1)
	mkdir -p merged ovl/upper ovl/work
	run unshare -m sh -c '
		mount -t overlay overlay -o "lowerdir=$1,upperdir=ovl/upper,workdir=ovl/work" merged || exit 1
		chmod 755 merged
		cd merged && find . -printf "%p %y %m %U %G %l\n" | LC_ALL=C sort &&
			find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum' sh "$layers"
	assert_status 0
	[ "$output" = "$(tree_of p/root)" ] || { diff <(echo "$output") <(tree_of p/root) >&2; return 1; }
	[[ "$output" != *"./etc/motd "* ]] && [[ "$output" != *"./opt "* ]]
	[[ "$output" == *"./var/cache/new "* ]] && [[ "$output" != *"./var/cache/old "* ]]
	# The mount went with its namespace.
	! grep -q "$T/merged" /proc/self/mountinfo
}

@test "rootfs-pivot --overlay of IMAGE_LAYERS runs busybox, the deleted file gone, the opaque dir emptied" {
	first_layer_blob "$IMAGES/busybox" busybox.tar.gz
	mkimage app --ref 1 --layer busybox.tar.gz \
		--layer '[{"name":"bin/.wh.vi"},{"name":"etc/.wh..wh..opq"},{"name":"etc/hostname","data":"app\n"}]'
	img-import app >/dev/null
	img-import "$IMAGES/busybox" >/dev/null
	[ "$(layer_dirs)" = 2 ]
	mkdir merged
	run rootfs-pivot --overlay "$(inspect_var LAYERS app:1)" "$T/merged" -- /bin/sh -c \
		'[ ! -e /bin/vi ] && [ -e /bin/ls ] && [ ! -e /etc/passwd ] && cat /etc/hostname && echo ok'
	assert_status 0
	[ "$output" = "$(printf 'app\nok')" ]
	img-unpack app p/app >/dev/null
	[ ! -e p/app/bin/vi ] && [ "$(ls p/app/etc)" = hostname ]
	# The shared base layer was never written.
	[ -e "$(inspect_var LAYERS busybox)/bin/vi" ] && [ -e "$(inspect_var LAYERS busybox)/etc/passwd" ]
	! grep -q "$T/merged" /proc/self/mountinfo
}

@test "hostile layers stay in their directory and cannot speak to overlayfs" {
	mkimage img --ref 1 --layer "[{\"name\":\"esc\",\"type\":\"symlink\",\"target\":\"$T/outside\"},
		{\"name\":\"esc/.wh.victim\"},{\"name\":\"d/\",\"type\":\"dir\",\"xattrs\":{\"trusted.overlay.redirect\":\"/etc\",\"user.ok\":\"1\"}}]"
	run --separate-stderr img-import --explain img
	assert_status 0
	[[ "$stderr" == *"skip xattr trusted.overlay.redirect"* ]]
	[ "$(cat outside/victim)" = original ]
	local layer
	layer=$(inspect_var LAYERS img:1)
	[ -z "$(getfattr -m - -d "$layer/d" 2>/dev/null | grep trusted.overlay)" ]
	[ -z "$(find "$layer" -type c)" ]
	mkimage bad --ref 1 --layer '[{"name":"x/","type":"dir"}]' --layer '[{"name":"x/.wh.."}]'
	run --separate-stderr img-import bad
	assert_status 125
	[[ "$stderr" == *"whiteout names no file"* ]]
	[ "$(layer_dirs)" = 1 ]
}

@test "two imports at once both succeed: the lock makes them one after the other" {
	mkimage a --ref 1 --layer "$LOWER" --layer '[{"name":"a","data":"a"}]'
	mkimage b --ref 1 --layer "$LOWER" --layer '[{"name":"b","data":"b"}]'
	local i
	for i in 1 2 3; do
		img-import a "a:$i" >a.out 2>a.err &
		local pa=$!
		img-import b "b:$i" >b.out 2>b.err &
		local pb=$!
		wait "$pa" || { cat a.err >&2; return 1; }
		wait "$pb" || { cat b.err >&2; return 1; }
	done
	[ "$(img-list -n -o REFERENCE | wc -l)" = 6 ]
	[ "$(layer_dirs)" = 3 ]
	[ -z "$(find "$CTRKIT_STORE" -name '.tmp-*')" ]
	[ "$(cat "$(inspect_var LAYERS b:3 | cut -d: -f1)/b")" = b ]
}

@test "what an interrupted import left is removed by the next one" {
	img-import "$IMAGES/hello-world" >/dev/null
	mkdir "$CTRKIT_STORE/layers/sha256/.tmp-1-0-abc" && touch "$CTRKIT_STORE/images/blobs/sha256/.tmp-1-1-def"
	run --separate-stderr img-import --explain "$IMAGES/busybox"
	assert_status 0
	[[ "$stderr" == *"remove layers/sha256/.tmp-1-0-abc (left by an interrupted import)"* ]]
	[ -z "$(find "$CTRKIT_STORE" -name '.tmp-*')" ]
}

@test "a layer whose record was lost is made whole by importing its image again" {
	img-import "$IMAGES/busybox" >/dev/null
	local layer inode
	layer=$(inspect_var LAYERS busybox)
	inode=$(stat -c %i "$layer")
	rm "$layer.json"
	run img-list
	assert_status 125
	run img-import "$IMAGES/busybox"
	assert_status 0
	[ -f "$layer.json" ] && [ "$(stat -c %i "$layer")" = "$inode" ]
	[ -z "$(find "$CTRKIT_STORE" -name '.tmp-*')" ]
	run img-list -n -o SIZE
	assert_status 0
	[[ "$output" == *M ]]
}

@test "img-inspect prints the config as img-unpack does, the reference, and the layers topmost first" {
	mkimage img --ref 1 --config '{"Cmd":["/bin/echo","it'"'"'s"],"Env":["A=1"]}' --layer "$LOWER" --layer "$UPPER"
	img-import img app:1 >/dev/null
	run --separate-stderr img-inspect app:1
	assert_status 0
	local unpacked
	unpacked=$(img-unpack --config-only img)
	[ "$(grep -v -e '^IMAGE_REFERENCE=' -e '^IMAGE_LAYERS=' <<<"$output")" = "$unpacked" ]
	[[ "$output" == *"IMAGE_REFERENCE='docker.io/library/app:1'"* ]]
	local diff_ids layers
	diff_ids=$(jq -r '.rootfs.diff_ids | reverse | map("'"$CTRKIT_STORE"'/layers/sha256/" + .[7:]) | join(":")' \
		"img/blobs/sha256/$(inspect_var CONFIG app:1 | cut -c8-)")
	[ "$(inspect_var LAYERS app:1)" = "$diff_ids" ]
	run img-inspect --json app:1
	assert_status 0
	[ "$(jq -r '.layers | join(":")' <<<"$output")" = "$diff_ids" ]
	[ "$(jq -r '.reference' <<<"$output")" = docker.io/library/app:1 ]
	[ "$(jq -c '.cmd' <<<"$output")" = '["/bin/echo","it'"'"'s"]' ]
	[ "$(jq -r '.config' <<<"$output")" = "$(img-unpack --config-only --json img | jq -r .config)" ]
}

@test "a bad or unknown reference is an error (125) that says why" {
	mkimage img --ref 1 --layer "$LOWER"
	run --separate-stderr img-import img 'Bad:Name'
	assert_status 125
	[[ "$stderr" == *lowercase* ]]
	run --separate-stderr img-import img "app@sha256:$(printf '%064d' 0)"
	assert_status 125
	[[ "$stderr" == *"has a digest"* ]]
	[ ! -e "$CTRKIT_STORE" ]
	run --separate-stderr img-inspect busybox
	assert_status 125
	[[ "$stderr" == *"no image docker.io/library/busybox:latest in the store"*"img-import"* ]]
	run --separate-stderr img-inspect ''
	assert_status 125
	run img-import
	assert_status 125
	run img-rm
	assert_status 125
	run img-import "$T/no-such-image"
	assert_status 125
	run img-list extra
	assert_status 125
}

@test "img-import, img-list, img-rm and img-inspect: --help documents, --version answers" {
	local tool
	for tool in img-import img-list img-rm img-inspect; do
		run "$tool" --help
		assert_status 0
		[[ "${lines[0]}" == "Usage: $tool "* ]]
		[[ "${lines[1]}" == *. ]]
		assert_output_contains CTRKIT_STORE
		assert_output_contains --explain
		run "$tool" --version
		assert_status 0
		assert_output_contains "$tool"
		run "$tool" --bogus
		assert_status 125
		assert_output_contains "--help"
	done
}
