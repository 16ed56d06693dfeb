#!/usr/bin/env bats
# img-unpack: images in every shape, checked blob by blob, unpacked all or
# nothing, and never a write outside DEST. The images are made by
# fixtures/mkimage.py (any tar, hostile ones included) and, for the oracle
# tests, by umoci. Everything a test makes is under its BATS_TEST_TMPDIR;
# the hostile tars aim at $T/outside, which each test checks is unchanged.

load helpers

MKIMAGE=$BATS_TEST_DIRNAME/fixtures/mkimage.py

setup() {
	T=$BATS_TEST_TMPDIR
	cd "$T" || return 1
	mkdir -p outside p
	echo original >outside/victim
	before=$(outside_state)
}

mkimage() { python3 "$MKIMAGE" "$@"; }

# What a hostile layer could have changed: names, types, modes, link counts,
# sizes, times, link targets, contents.
outside_state() {
	(cd "$T" && find outside -printf '%p %y %m %n %s %T@ %l\n' | LC_ALL=C sort && cat outside/victim)
}

assert_outside_unchanged() {
	local now
	now=$(outside_state)
	[ "$now" = "$before" ] || { printf 'outside changed:\n%s\n---\n%s\n' "$before" "$now" >&2; return 1; }
}

# Nothing at DEST, and no temporary directory beside it.
assert_nothing_left() {
	local left
	left=$(ls -A "$T/p")
	[ -z "$left" ] || { echo "left in DEST's directory: $left" >&2; return 1; }
}

# A tree as find sees it (name, type, mode, owner, group, link target) and
# the sha256 of each regular file.
tree_of() {
	(cd "$1" && find . -printf '%p %y %m %U %G %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
}

LOWER='[{"name":"etc/","type":"dir"},{"name":"etc/motd","data":"hi"},{"name":"etc/keep","data":"k"},
{"name":"var/","type":"dir"},{"name":"var/cache/","type":"dir"},{"name":"var/cache/old","data":"o"},
{"name":"var/cache/sub/deep","data":"d"},{"name":"opt/tool/","type":"dir"},{"name":"opt/tool/bin","data":"b"}]'
UPPER='[{"name":"etc/.wh.motd"},{"name":".wh.opt"},{"name":"var/cache/","type":"dir","mode":448},
{"name":"var/cache/new","data":"n"},{"name":"var/cache/.wh..wh..opq"},{"name":"etc/.wh.never-was"}]'

@test "img-unpack unpacks an OCI layout, an OCI archive and a docker save tarball alike" {
	local f
	for f in layout archive docker; do
		mkimage "img-$f" --format "$f" --layer "$LOWER" --layer "$UPPER"
		run img-unpack "img-$f" "p/$f"
		assert_status 0
	done
	[ "$(tree_of p/layout)" = "$(tree_of p/archive)" ]
	[ "$(tree_of p/layout)" = "$(tree_of p/docker)" ]
	[ "$(cat p/layout/etc/keep)" = k ]
	[ ! -e p/layout/etc/motd ]
}

@test "img-unpack reads gzip, zstd and plain layers" {
	local c
	for c in gzip zstd none; do
		mkimage "img-$c" --compress "$c" --layer "$LOWER" --layer "$UPPER"
		run --separate-stderr img-unpack --explain "img-$c" "p/$c"
		assert_status 0
		local mt=application/vnd.oci.image.layer.v1.tar+$c
		[[ "$stderr" == *"(${mt%+none})"* ]]
	done
	[ "$(tree_of p/gzip)" = "$(tree_of p/zstd)" ]
	[ "$(tree_of p/gzip)" = "$(tree_of p/none)" ]
}

@test "a whiteout deletes a file or a whole directory of the layers below" {
	mkimage img --layer "$LOWER" --layer "$UPPER"
	run --separate-stderr img-unpack --explain img p/root
	assert_status 0
	[ ! -e p/root/etc/motd ] && [ -f p/root/etc/keep ]
	[ ! -e p/root/opt ]
	[[ "$stderr" == *"+ whiteout etc/motd"* ]]
	[[ "$stderr" == *"+ whiteout opt"* ]]
}

@test "an opaque directory hides lower content but keeps its own layer's, in any order" {
	mkimage img --layer "$LOWER" --layer "$UPPER"
	run --separate-stderr img-unpack --explain img p/root
	assert_status 0
	[ "$(ls -A p/root/var/cache)" = new ]
	[ "$(stat -c %a p/root/var/cache)" = 700 ]
	[[ "$stderr" == *"+ opaque var/cache/: remove the lower layers' content"* ]]
}

@test "files keep their types, modes, owners, times, links and xattrs" {
	local e
	e='[{"name":"bin/","type":"dir","mtime":1500000000},
	{"name":"bin/su","data":"#!/bin/sh\n","mode":2541,"uid":0,"gid":0},
	{"name":"home/u/","type":"dir","mode":448,"uid":1234,"gid":5678},
	{"name":"home/u/f","data":"secret","mode":384,"uid":1234,"gid":5678,"mtime":1600000000,"xattrs":{"user.color":"blue"}},
	{"name":"tmp/","type":"dir","mode":1023},
	{"name":"home/u/hard","type":"hardlink","target":"home/u/f"},
	{"name":"home/u/soft","type":"symlink","target":"../../bin/su","uid":1234,"gid":5678,"mtime":1400000000},
	{"name":"dev/null","type":"char","major":1,"minor":3,"mode":438},
	{"name":"dev/loop9","type":"block","major":7,"minor":9,"mode":432,"gid":6},
	{"name":"run/fifo","type":"fifo","mode":420}]'
	mkimage img --layer "$e"
	run img-unpack img p/root
	assert_status 0
	cd p/root
	[ "$(stat -c '%a %u %g' bin/su)" = "4755 0 0" ]
	[ "$(stat -c '%a %u %g %Y' home/u/f)" = "600 1234 5678 1600000000" ]
	[ "$(stat -c '%a %u %g' home/u)" = "700 1234 5678" ]
	[ "$(stat -c '%a' tmp)" = 1777 ]
	[ "$(stat -c %Y bin)" = 1500000000 ]
	[ "$(stat -c %i home/u/f)" = "$(stat -c %i home/u/hard)" ]
	[ "$(stat -c %h home/u/f)" = 2 ]
	[ "$(readlink home/u/soft)" = ../../bin/su ]
	[ "$(stat -c '%u %g %Y' home/u/soft)" = "1234 5678 1400000000" ]
	[ "$(stat -c '%F %t %T %a' dev/null)" = "character special file 1 3 666" ]
	[ "$(stat -c '%F %t %T %a %g' dev/loop9)" = "block special file 7 9 660 6" ]
	[ "$(stat -c '%F %a' run/fifo)" = "fifo 644" ]
	if ! command -v getfattr >/dev/null; then
		skip "getfattr not installed (Debian package attr): the xattr is not checked"
	fi
	[ "$(getfattr --only-values -n user.color home/u/f)" = blue ]
}

@test "a later layer replaces a file by a directory, a directory by a symlink" {
	mkimage img --layer '[{"name":"a","data":"file"},{"name":"b/c","data":"x"}]' \
		--layer '[{"name":"a/","type":"dir"},{"name":"a/inner","data":"i"},{"name":"b","type":"symlink","target":"a"}]'
	run img-unpack img p/root
	assert_status 0
	[ "$(cat p/root/a/inner)" = i ]
	[ "$(readlink p/root/b)" = a ]
}

@test "a corrupt blob of each kind is an error (125), and nothing is left at DEST or beside it" {
	local kind
	for kind in index manifest config layer; do
		mkimage "img-$kind" --corrupt "$kind" --platforms linux/amd64,linux/arm64 --layer "$LOWER"
		run --separate-stderr img-unpack "img-$kind" p/root
		assert_status 125
		[[ "$stderr" == *"$kind sha256:"*"digest mismatch"* ]] || { echo "$kind: $stderr" >&2; return 1; }
		[[ "$stderr" == *"fetch the image again"* ]]
		assert_nothing_left
	done
}

@test "a layer whose uncompressed tar is not the config's diff_id is an error (125)" {
	mkimage img --corrupt diff_id --layer "$LOWER" --layer "$UPPER"
	run --separate-stderr img-unpack img p/root
	assert_status 125
	[[ "$stderr" == *"diff_id mismatch"*"fetch the image again"* ]]
	assert_nothing_left
}

@test "a docker save tarball's corrupt config, layer or diff_id is an error (125)" {
	local kind
	for kind in config layer diff_id; do
		mkimage "img-$kind.tar" --format docker --corrupt "$kind" --layer "$LOWER" --layer "$UPPER"
		run --separate-stderr img-unpack "img-$kind.tar" p/root
		assert_status 125
		[[ "$stderr" == *mismatch* ]] || { echo "$kind: $stderr" >&2; return 1; }
		assert_nothing_left
	done
}

@test "bytes after a layer's compressed stream are part of its digest" {
	mkimage img --layer "$LOWER"
	local manifest layer
	manifest=img/blobs/sha256/$(jq -r '.manifests[0].digest[7:]' img/index.json)
	layer=img/blobs/sha256/$(jq -r '.layers[0].digest[7:]' "$manifest")
	printf '\0' >>"$layer"
	run --separate-stderr img-unpack img p/root
	assert_status 125
	[[ "$stderr" == *"layer sha256:"*"digest mismatch"* ]]
	assert_nothing_left
}

@test "hostile: '../' names are refused and write nothing outside" {
	mkimage img --layer '[{"name":"ok","data":"fine"},{"name":"../../outside/pwned","data":"x"}]'
	run --separate-stderr img-unpack img p/root
	assert_status 125
	[[ "$stderr" == *"'..' would leave the root"* ]]
	assert_nothing_left
	assert_outside_unchanged
}

@test "hostile: an absolute name lands inside DEST" {
	mkimage img --layer "[{\"name\":\"$T/outside/victim\",\"data\":\"evil\"}]"
	run img-unpack img p/root
	assert_status 0
	[ "$(cat "p/root$T/outside/victim")" = evil ]
	assert_outside_unchanged
}

@test "hostile: a symlink to outside, then a write through it, stays inside DEST" {
	# The symlinks resolve as they would in the container: to DEST$T/outside.
	mkimage img --layer "[{\"name\":\"$T/outside/\",\"type\":\"dir\"},
		{\"name\":\"esc\",\"type\":\"symlink\",\"target\":\"$T/outside\"},
		{\"name\":\"esc/victim\",\"data\":\"evil\"},
		{\"name\":\"rel\",\"type\":\"symlink\",\"target\":\"../../../../../../../../..$T/outside\"},
		{\"name\":\"rel/pwned\",\"data\":\"evil\"}]"
	run img-unpack img p/root
	assert_status 0
	[ "$(readlink p/root/esc)" = "$T/outside" ]
	[ "$(cat "p/root$T/outside/victim")" = evil ]
	[ "$(cat "p/root$T/outside/pwned")" = evil ]
	assert_outside_unchanged
}

@test "hostile: a write through a symlink to a directory DEST lacks fails, outside untouched" {
	mkimage img --layer "[{\"name\":\"esc\",\"type\":\"symlink\",\"target\":\"$T/outside\"},
		{\"name\":\"esc/pwned\",\"data\":\"evil\"}]"
	run --separate-stderr img-unpack img p/root
	assert_status 125
	[[ "$stderr" == *"open the directory of 'esc/pwned': No such file or directory"* ]]
	assert_nothing_left
	assert_outside_unchanged
}

@test "hostile: a file over a symlink replaces the symlink, never writes through it" {
	mkimage img --layer "[{\"name\":\"f\",\"type\":\"symlink\",\"target\":\"$T/outside/victim\"}]" \
		--layer '[{"name":"f","data":"evil"}]'
	run img-unpack img p/root
	assert_status 0
	[ -f p/root/f ] && [ ! -L p/root/f ]
	[ "$(cat p/root/f)" = evil ]
	assert_outside_unchanged
}

@test "hostile: a hardlink to a file outside DEST is refused" {
	local target
	for target in "$T/outside/victim" ../../outside/victim esc/victim; do
		mkimage "img-$RANDOM" --layer "[{\"name\":\"esc\",\"type\":\"symlink\",\"target\":\"$T/outside\"},
			{\"name\":\"h\",\"type\":\"hardlink\",\"target\":\"$target\"}]"
	done
	for img in img-*; do
		run img-unpack "$img" p/root
		assert_status 125
		assert_nothing_left
	done
	[ "$(stat -c %h outside/victim)" = 1 ]
	assert_outside_unchanged
}

@test "hostile: the '/.' symlink (CVE-2021-29136) cannot replace the root" {
	local name
	for name in /. . ./ /; do
		mkimage "img-$RANDOM" --layer "[{\"name\":\"$name\",\"type\":\"symlink\",\"target\":\"$T/outside\"},
			{\"name\":\"pwned\",\"data\":\"evil\"}]"
	done
	for img in img-*; do
		run --separate-stderr img-unpack "$img" p/root
		assert_status 125
		[[ "$stderr" == *"would replace the root"* ]]
		assert_nothing_left
	done
	assert_outside_unchanged
}

@test "hostile: a whiteout through a symlink deletes nothing outside" {
	mkimage img --layer "[{\"name\":\"esc\",\"type\":\"symlink\",\"target\":\"$T/outside\"}]" \
		--layer '[{"name":"esc/.wh.victim"},{"name":"esc/.wh..wh..opq"}]'
	run img-unpack img p/root
	assert_status 0
	assert_outside_unchanged
}

@test "hostile: whiteouts that name no file ('.wh..', '.wh...') are refused" {
	local name
	for name in .wh.. .wh... x/.wh.. ; do
		mkimage "img-$RANDOM" --layer '[{"name":"x/","type":"dir"}]' --layer "[{\"name\":\"$name\"}]"
	done
	for img in img-*; do
		run --separate-stderr img-unpack "$img" p/root
		assert_status 125
		[[ "$stderr" == *"whiteout names no file"* ]]
		assert_nothing_left
	done
	assert_outside_unchanged
}

@test "hostile: an OCI archive whose own tar climbs out is refused" {
	python3 - "$T/evil.tar" <<-'EOF'
		import io, sys, tarfile
		with tarfile.open(sys.argv[1], "w") as t:
		    ti = tarfile.TarInfo("../outside/pwned"); ti.size = 4
		    t.addfile(ti, io.BytesIO(b"evil"))
	EOF
	run img-unpack evil.tar p/root
	assert_status 125
	assert_nothing_left
	assert_outside_unchanged
}

@test "DEST must not exist; --force replaces it in one step" {
	mkimage img --layer "$LOWER"
	mkdir p/root && echo old >p/root/old
	run --separate-stderr img-unpack img p/root
	assert_status 125
	[[ "$stderr" == *"destination p/root: File exists — remove it first, or pass --force"* ]]
	[ "$(ls p/root)" = old ]
	run --separate-stderr img-unpack --force --explain img p/root
	assert_status 0
	[[ "$stderr" == *RENAME_EXCHANGE* ]]
	[ ! -e p/root/old ] && [ -f p/root/etc/keep ]
	[ "$(ls -A p)" = root ]
}

@test "a failure in the last layer leaves nothing behind, even with --force" {
	mkimage img --corrupt diff_id --layer "$LOWER" --layer "$UPPER"
	mkdir p/root && echo old >p/root/old
	run img-unpack --force img p/root
	assert_status 125
	[ "$(ls -A p)" = root ] && [ "$(ls p/root)" = old ]
}

HOSTILE_CONFIG='{"Env":["PATH=/usr/bin","Q=it'"'"'s \"quoted\"","X=$(touch pwned1)","Y=`touch pwned2`","NL=a\nb"],
"Entrypoint":["/bin/sh","-c"],"Cmd":["echo '"'"'$HOME'"'"'; touch pwned3","a b","", "\\\\"],
"WorkingDir":"/my dir","User":"1000:1000","ExposedPorts":{"80/tcp":{},"53/udp":{}},
"Labels":{"org.x":"a'"'"'b","z":"$(touch pwned4)"}}'

@test "the config prints as shell assignments that source safely, even with hostile values" {
	mkimage img --config "$HOSTILE_CONFIG" --layer "$LOWER"
	run --separate-stderr img-unpack img p/root
	assert_status 0
	printf '%s\n' "$output" >config.env
	run img-unpack --config-only --json img
	assert_status 0
	printf '%s\n' "$output" >config.json
	local sh key i n
	for sh in sh bash; do
		# Each list element, read back through the shell, equals the JSON's.
		for key in ENV:env ENTRYPOINT:entrypoint CMD:cmd EXPOSED_PORT:exposed_ports; do
			n=$("$sh" -c ". ./config.env; echo \$IMAGE_${key%%:*}_COUNT")
			[ "$n" = "$(jq ".${key#*:} | length" config.json)" ]
			for ((i = 0; i < n; i++)); do
				[ "$("$sh" -c ". ./config.env; printf %s \"\$IMAGE_${key%%:*}_$i\"")" = \
					"$(jq -j ".${key#*:}[$i]" config.json)" ] || { echo "$sh $key $i differs" >&2; return 1; }
			done
		done
		[ "$("$sh" -c '. ./config.env; printf %s "$IMAGE_WORKDIR|$IMAGE_USER|$IMAGE_LABEL_0|$IMAGE_LABEL_1"')" = \
			"/my dir|1000:1000|org.x=a'b|z=\$(touch pwned4)" ]
	done
	[ "$(sh -c '. ./config.env; printf %s "$IMAGE_ENV_4"')" = "NL=a
b" ]
	[ "$(sh -c '. ./config.env; printf %s "$IMAGE_CMD_3"')" = '\\' ]
	[ ! -e pwned1 ] && [ ! -e pwned2 ] && [ ! -e pwned3 ] && [ ! -e pwned4 ]
	# Every record starts a line with IMAGE_NAME=; only a value's own newline breaks one.
	[ "$(grep -cvE "^IMAGE_[A-Z0-9_]+=|^b'\$" config.env)" = 0 ]
}

@test "--json prints the config for programs" {
	mkimage img --config "$HOSTILE_CONFIG" --layer "$LOWER"
	run --separate-stderr img-unpack --json img p/root
	assert_status 0
	[ "$(jq -r .workdir <<<"$output")" = "/my dir" ]
	[ "$(jq -r .user <<<"$output")" = 1000:1000 ]
	[ "$(jq -r '.cmd[0]' <<<"$output")" = "echo '\$HOME'; touch pwned3" ]
	[ "$(jq -r '.env[4]' <<<"$output")" = "NL=a
b" ]
	[ "$(jq -r '.exposed_ports | sort | join(",")' <<<"$output")" = 53/udp,80/tcp ]
	[ "$(jq -r '.labels.z' <<<"$output")" = '$(touch pwned4)' ]
	[[ "$(jq -r .config <<<"$output")" == sha256:* ]]
	[[ "$(jq -r .manifest <<<"$output")" == sha256:* ]]
	[ ! -e pwned1 ] && [ ! -e pwned4 ]
}

@test "--config-only checks and prints the config, and unpacks nothing" {
	mkimage img.tar --format archive --layer "$LOWER"
	run --separate-stderr img-unpack --config-only --explain img.tar
	assert_status 0
	[[ "$output" == *"IMAGE_CMD_0='/bin/sh'"* ]]
	[[ "$stderr" == *"+ sha256 blobs/sha256/"*" ok ("*"bytes, config)"* ]]
	[[ "$stderr" != *"layer 1/1"* ]]
	assert_nothing_left
	run img-unpack --config-only img.tar p/root
	assert_status 125
}

@test "a multi-platform index gives this machine's platform, or the one asked for" {
	local host
	case $(uname -m) in x86_64) host=linux/amd64 ;; aarch64) host=linux/arm64 ;; *) skip "no test image for $(uname -m)" ;; esac
	mkimage img --platforms linux/amd64,linux/arm64 --layer "$LOWER"
	run img-unpack img p/host
	assert_status 0
	[ "$(cat p/host/platform)" = "$host" ]
	run img-unpack --platform linux/arm64 img p/arm64
	assert_status 0
	[ "$(cat p/arm64/platform)" = linux/arm64 ]
	[[ "$output" == *"IMAGE_PLATFORM='linux/arm64'"* ]]
	run --separate-stderr img-unpack --platform linux/s390x img p/s390x
	assert_status 125
	[[ "$stderr" == *"no image for linux/s390x (it has: linux/amd64, linux/arm64)"*"--platform"* ]]
	[ ! -e p/s390x ]
}

@test "an image is chosen by its ref name: --ref, SOURCE:NAME, or the only one" {
	mkimage img --ref v1 --also-ref v2 --layer "$LOWER"
	run --separate-stderr img-unpack img p/none
	assert_status 125
	[[ "$stderr" == *"index.json lists 2 images (v1, v2)"*"--ref"* ]]
	run img-unpack --ref v2 img p/v2
	assert_status 0
	[ "$(cat p/v2/which)" = v2 ]
	run img-unpack img:v2 p/v2b
	assert_status 0
	[ "$(cat p/v2b/which)" = v2 ]
	run img-unpack img:v1 p/v1
	assert_status 0
	[ ! -e p/v1/which ]
	run --separate-stderr img-unpack --ref v3 img p/v3
	assert_status 125
	[[ "$stderr" == *"no image named 'v3' in index.json (it has: v1, v2)"* ]]
	mkimage one.tar --format docker --ref repo/app:1.0 --layer "$LOWER"
	run img-unpack one.tar:1.0 p/docker
	assert_status 0
}

# The oracle: umoci builds the images; umoci unpack and img-unpack must
# make the same tree of them.
umoci_or_skip() {
	command -v umoci >/dev/null || skip "umoci is not installed (Debian package umoci): no oracle"
}

compare_with_umoci() { # IMAGE:TAG
	umoci unpack --image "$1" bundle >/dev/null 2>&1
	run img-unpack "$1" p/mine
	assert_status 0
	diff <(tree_of bundle/rootfs) <(tree_of p/mine)
}

@test "oracle: a tree of every file type unpacks as umoci unpacks it" {
	umoci_or_skip
	mkdir -p src/etc src/bin src/home/u src/dev src/tmp
	echo hello >src/etc/hello
	printf '#!/bin/sh\n' >src/bin/tool && chmod 4755 src/bin/tool
	echo secret >src/home/u/f && chmod 600 src/home/u/f && chown -R 1234:5678 src/home/u
	ln src/etc/hello src/etc/hello.hard
	ln -s ../etc/hello src/bin/link && ln -s /nowhere src/bin/dangling
	mkfifo src/tmp/fifo && mknod src/dev/null c 1 3 && chmod 1777 src/tmp
	umoci init --layout img && umoci new --image img:t
	umoci insert --image img:t src / >/dev/null
	compare_with_umoci img:t
}

@test "oracle: whiteouts and an opaque directory over a base layer, as umoci has them" {
	umoci_or_skip
	mkdir -p base/etc base/opt/a base/var/lib/x new/lib
	echo 1 >base/etc/one && echo 2 >base/etc/two && echo a >base/opt/a/f && echo x >base/var/lib/x/y
	echo n >new/lib/n
	umoci init --layout img && umoci new --image img:t
	umoci insert --image img:t base / >/dev/null
	umoci insert --image img:t --opaque new /var >/dev/null
	umoci insert --image img:t --whiteout /etc/two >/dev/null
	umoci insert --image img:t --whiteout /opt/a >/dev/null
	compare_with_umoci img:t
	[ "$(ls p/mine/var)" = lib ] && [ "$(ls p/mine/var/lib)" = n ]
	[ ! -e p/mine/etc/two ] && [ ! -e p/mine/opt/a ] && [ -f p/mine/etc/one ]
}

@test "oracle: a layer made by umoci repack (deletes, changes, new links)" {
	umoci_or_skip
	mkdir -p base/etc/dir base/usr/bin
	echo a >base/etc/a && echo b >base/etc/dir/b && echo tool >base/usr/bin/tool
	umoci init --layout img && umoci new --image img:t
	umoci insert --image img:t base / >/dev/null
	umoci unpack --image img:t work >/dev/null 2>&1
	rm work/rootfs/etc/a && rm -r work/rootfs/etc/dir
	chmod 700 work/rootfs/usr/bin/tool && chown 7:8 work/rootfs/usr/bin/tool
	ln -s tool work/rootfs/usr/bin/alias && ln work/rootfs/usr/bin/tool work/rootfs/usr/bin/hard
	umoci repack --image img:t work >/dev/null
	compare_with_umoci img:t
}

@test "img-unpack with no SOURCE or DEST, or a bad option, is a usage error" {
	run img-unpack
	assert_status 125
	assert_output_contains "no SOURCE and DEST given"
	run img-unpack img
	assert_status 125
	assert_output_contains "no DEST given"
	run img-unpack --bogus a b
	assert_status 125
	assert_output_contains "--help"
	run img-unpack --platform arm64 a b
	assert_status 125
	assert_output_contains "OS/ARCH"
	run img-unpack --ref x img:y p/root
	assert_status 125
	run img-unpack "$T/no-such-image" p/root
	assert_status 125
	assert_output_contains "no-such-image"
}

@test "img-unpack --help is its documentation, --version its version, CTRKIT_EXPLAIN=1 traces" {
	run img-unpack --help
	assert_status 0
	[ "${lines[0]}" = "Usage: img-unpack [OPTIONS] SOURCE DEST" ]
	[[ "${lines[1]}" == *. ]]
	for opt in --ref --platform --config-only --json --force --explain --version; do
		assert_output_contains "$opt"
	done
	run img-unpack --version
	assert_status 0
	assert_output_contains img-unpack
	mkimage img --layer "$LOWER"
	CTRKIT_EXPLAIN=1 run --separate-stderr img-unpack img p/root
	assert_status 0
	[[ "$stderr" == *"+ sha256 blobs/sha256/"*" ok ("*" bytes, manifest)"* ]]
	[[ "$stderr" == *"+ diff_id sha256:"*" ok ("* ]]
}
