#!/usr/bin/env bats
# ctrkit's own images (scripts/mk-images, scripts/oci-pack): valid OCI
# layouts that other OCI tools read, reproducible, and they run.

load helpers

setup_file() {
	export IMAGES=$BATS_FILE_TMPDIR/images
	"$BATS_TEST_DIRNAME/../scripts/mk-images" "$IMAGES"
}

# The blob that DIGEST ("sha256:HEX") names in layout $1.
blob() {
	echo "$1/blobs/sha256/${2#sha256:}"
}

@test "every blob of both images is stored under its own sha256, and sizes match" {
	local image f manifest config
	for image in hello-world busybox; do
		for f in "$IMAGES/$image"/blobs/sha256/*; do
			[ "$(sha256sum "$f" | cut -d' ' -f1)" = "$(basename "$f")" ] || {
				echo "$f: content does not match its name"
				false
			}
		done
		manifest=$(jq -r '.manifests[0].digest' "$IMAGES/$image/index.json")
		[ "$(stat -c %s "$(blob "$IMAGES/$image" "$manifest")")" = "$(jq '.manifests[0].size' "$IMAGES/$image/index.json")" ]
		config=$(jq -r '.config.digest' "$(blob "$IMAGES/$image" "$manifest")")
		[ "$(stat -c %s "$(blob "$IMAGES/$image" "$config")")" = "$(jq '.config.size' "$(blob "$IMAGES/$image" "$manifest")")" ]
		[ "$(jq -r '.imageLayoutVersion' "$IMAGES/$image/oci-layout")" = 1.0.0 ]
	done
}

@test "the layer's diff_id is the sha256 of the uncompressed tar" {
	local manifest layer config
	manifest=$(blob "$IMAGES/busybox" "$(jq -r '.manifests[0].digest' "$IMAGES/busybox/index.json")")
	layer=$(blob "$IMAGES/busybox" "$(jq -r '.layers[0].digest' "$manifest")")
	config=$(blob "$IMAGES/busybox" "$(jq -r '.config.digest' "$manifest")")
	[ "sha256:$(zcat "$layer" | sha256sum | cut -d' ' -f1)" = "$(jq -r '.rootfs.diff_ids[0]' "$config")" ]
}

@test "the images are tagged latest and say how to run them" {
	local image manifest config
	for image in hello-world busybox; do
		[ "$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]' "$IMAGES/$image/index.json")" = latest ]
		manifest=$(blob "$IMAGES/$image" "$(jq -r '.manifests[0].digest' "$IMAGES/$image/index.json")")
		config=$(blob "$IMAGES/$image" "$(jq -r '.config.digest' "$manifest")")
		[ "$(jq -r '.os' "$config")" = linux ]
		jq -e '.config.Env | map(startswith("PATH=")) | any' "$config"
	done
	[ "$(jq -c '.config.Cmd' "$(blob "$IMAGES/hello-world" "$(jq -r '.config.digest' "$(blob "$IMAGES/hello-world" "$(jq -r '.manifests[0].digest' "$IMAGES/hello-world/index.json")")")")")" = '["/hello"]' ]
}

@test "the same sources give the same digests" {
	"$BATS_TEST_DIRNAME/../scripts/mk-images" "$BATS_TEST_TMPDIR/again"
	diff -r "$IMAGES" "$BATS_TEST_TMPDIR/again"
}

@test "umoci reads both images; hello-world's program greets, busybox's shell runs" {
	command -v umoci >/dev/null || skip "umoci is not installed (scripts/install-deps installs it)"
	cd "$BATS_TEST_TMPDIR"
	umoci unpack --image "$IMAGES/hello-world:latest" hello >/dev/null
	umoci unpack --image "$IMAGES/busybox:latest" busybox >/dev/null
	[ "$(jq -c '.process.args' hello/config.json)" = '["/hello"]' ]
	run hello/rootfs/hello
	assert_status 0
	assert_output_contains "Hello from ctrkit!"
	run chroot busybox/rootfs /bin/sh -c 'echo "$(id -un) in $(cat /etc/hostname)"; ls /bin /usr/bin | wc -l'
	assert_status 0
	[ "${lines[0]}" = "root in busybox" ]
	[ "${lines[1]}" -gt 100 ]
	rm -rf --one-file-system hello busybox
}

@test "oci-pack adds a second tag to a layout, and replaces a tag that exists" {
	local layout=$BATS_TEST_TMPDIR/layout rootfs=$BATS_TEST_TMPDIR/rootfs
	mkdir -p "$rootfs" && echo one >"$rootfs/file"
	"$BATS_TEST_DIRNAME/../scripts/oci-pack" --ref v1 "$rootfs" "$layout"
	echo two >"$rootfs/file"
	"$BATS_TEST_DIRNAME/../scripts/oci-pack" --ref v2 --env A=1 --workdir /tmp --entrypoint /bin/sh "$rootfs" "$layout"
	"$BATS_TEST_DIRNAME/../scripts/oci-pack" --ref v2 --env A=2 "$rootfs" "$layout"
	run jq -r '.manifests[].annotations["org.opencontainers.image.ref.name"]' "$layout/index.json"
	[ "$output" = "$(printf 'v1\nv2')" ]
}

@test "oci-pack writes Env, Cmd, Entrypoint, WorkingDir and User into the config" {
	local layout=$BATS_TEST_TMPDIR/layout rootfs=$BATS_TEST_TMPDIR/rootfs manifest config
	mkdir -p "$rootfs" && echo one >"$rootfs/file"
	"$BATS_TEST_DIRNAME/../scripts/oci-pack" --env A=1 --cmd -c --cmd 'echo hi' --entrypoint /bin/sh \
		--workdir /srv --user 1000:50 "$rootfs" "$layout"
	manifest=$(blob "$layout" "$(jq -r '.manifests[0].digest' "$layout/index.json")")
	config=$(blob "$layout" "$(jq -r '.config.digest' "$manifest")")
	jq -e '.config | .Env[-1] == "A=1" and .Cmd == ["-c", "echo hi"] and .Entrypoint == ["/bin/sh"]
		and .WorkingDir == "/srv" and .User == "1000:50"' "$config"
	# Without --user the config has no User, as Docker's images.
	"$BATS_TEST_DIRNAME/../scripts/oci-pack" --ref v2 "$rootfs" "$layout"
	manifest=$(blob "$layout" "$(jq -r '.manifests[1].digest' "$layout/index.json")")
	jq -e '.config | has("User") | not' "$(blob "$layout" "$(jq -r '.config.digest' "$manifest")")"
}

@test "oci-pack refuses a missing rootfs with status 125" {
	run "$BATS_TEST_DIRNAME/../scripts/oci-pack" /no/such/dir "$BATS_TEST_TMPDIR/x"
	assert_status 125
	assert_output_contains "not a directory"
}
