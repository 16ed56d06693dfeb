#!/usr/bin/env bats
# The lessons: every ```sh block of lessons/NN-topic/README.md is run, in
# order, as one bash script with `set -e`, as a reader would paste them into
# a root shell, and what each prints is checked against the ```text block
# after it (scripts/lesson-run). A lesson whose commands stop working, or
# whose output no longer says what the text shows, fails here.

load helpers

setup() {
	# The lessons' images and containers go in stores of the test's own.
	export CTRKIT_STORE=$BATS_TEST_TMPDIR/store CTRKIT_STATE=$BATS_TEST_TMPDIR/state
	# ctr-run's default bridge must not be made on this machine by a test.
	export CTRKIT_NETWORK=none
	# Every process the lesson starts carries this token, so teardown finds
	# exactly those (and no one else's).
	LESSON_TOKEN="lesson-$$-$BATS_TEST_NUMBER"
	export LESSON_TOKEN
}

teardown() {
	local env pid
	# The containers of the test's own state (an exercise's, should its
	# check test stop half-way), before their monitors are killed below:
	# ctr-rm -f kills each one's processes, thaws a paused one, and removes
	# its cgroup and record.
	ctr-ps -a -q 2>/dev/null | xargs -r ctr-rm -f >/dev/null 2>&1 || true
	for env in /proc/[0-9]*/environ; do
		pid=${env#/proc/}
		pid=${pid%/environ}
		if tr '\0' '\n' 2>/dev/null <"$env" | grep -qx "LESSON_TOKEN=$LESSON_TOKEN"; then
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
	# What the lessons make, should one stop half-way.
	cg-delete --ignore-missing lesson "lab-$$" >/dev/null 2>&1 || true
	[ -f "$BATS_TEST_TMPDIR/sleep.pid" ] && wait "$(cat "$BATS_TEST_TMPDIR/sleep.pid")" 2>/dev/null
	awk '$1 == "ctrkit-lesson" { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
		umount -l "$m/uts" "$m/net" 2>/dev/null || true
		umount -l "$m" 2>/dev/null || true
	done
	rm -f /tmp/ctrkit-lesson-clock /tmp/my-run
	# The exercises' namespace files, should a check test stop half-way.
	if [ -d "$BATS_TEST_TMPDIR/lab" ]; then
		umount "$BATS_TEST_TMPDIR/lab/uts" "$BATS_TEST_TMPDIR/lab/net" "$BATS_TEST_TMPDIR/lab/ipc" 2>/dev/null
		umount "$BATS_TEST_TMPDIR/lab" 2>/dev/null
	fi
	# Lesson 5's System V message queue, should the lesson stop before it
	# removes it: every queue that was not there when the test began.
	if [ -f "$BATS_TEST_TMPDIR/msqids" ]; then
		local id
		for id in $(ipcs -q | awk '$1 ~ /^0x/ { print $2 }'); do
			grep -qx "$id" "$BATS_TEST_TMPDIR/msqids" || ipcrm -q "$id" 2>/dev/null
		done
	fi
	# Lesson 8's exercise lab, should its check test stop half-way (the
	# httpd it starts carries LESSON_TOKEN, so it is gone already).
	if [ -d "$BATS_TEST_TMPDIR/netlab" ]; then
		umount "$BATS_TEST_TMPDIR/netlab/host/net" "$BATS_TEST_TMPDIR/netlab/web/net" 2>/dev/null
		umount "$BATS_TEST_TMPDIR/netlab" 2>/dev/null
	fi
	# Lesson 8's lab (its mounts, named ctrkit-lesson, are undone above)
	# and lesson 10's working directory; the PID files and scratch files
	# of lessons 4, 5 and 7.
	for d in /tmp/ctrkit-net.* /tmp/ctrkit-lesson-img.* /tmp/ctrkit-lesson.*; do
		[ -d "$d" ] && rm -rf --one-file-system "$d"
	done
	# Lesson 6 mounts only in namespaces of its own; its directories stay.
	local d
	for d in /tmp/ctrkit-lesson-rootfs.*; do
		[ -d "$d" ] && rm -rf --one-file-system "$d"
	done
	true
}

run_lesson() {
	run "$BATS_TEST_DIRNAME/../scripts/lesson-run" "$BATS_TEST_DIRNAME/../lessons/$1" 3>&-
	echo "$output"
	assert_status 0
}

@test "lesson 1, hello world: every command runs and prints what the lesson shows" {
	run_lesson 01-hello-world
}

@test "lesson 2, containers and virtual machines: every command runs and prints what the lesson shows" {
	cd "$BATS_TEST_DIRNAME/.."
	run_lesson 02-containers-vs-vms
}

@test "lesson 3, namespaces: every command runs and prints what the lesson shows" {
	run_lesson 03-namespaces
}

@test "lesson 4, PID namespaces: every command runs and prints what the lesson shows" {
	run_lesson 04-pid
	# and it cleaned up after itself
	[ -z "$(find /tmp -maxdepth 1 -name 'ctrkit-lesson.*')" ]
}

@test "lesson 5, UTS and IPC namespaces: every command runs and prints what the lesson shows" {
	ipcs -q | awk '$1 ~ /^0x/ { print $2 }' >"$BATS_TEST_TMPDIR/msqids"
	run_lesson 05-uts-ipc
	# and it cleaned up after itself: no message queue of its own is left
	[ "$(ipcs -q | awk '$1 ~ /^0x/ { print $2 }')" = "$(cat "$BATS_TEST_TMPDIR/msqids")" ]
	[ -z "$(find /tmp -maxdepth 1 -name 'ctrkit-lesson.*')" ]
}

@test "lesson 7, user namespaces: every command runs and prints what the lesson shows" {
	run_lesson 07-user-namespaces
	# and it cleaned up after itself, and left the host's /dev/null alone
	[ -z "$(find /tmp -maxdepth 1 -name 'ctrkit-lesson.*')" ]
	[ "$(stat -c '%u:%g %a' /dev/null)" = "0:0 666" ]
}

@test "lesson 6, root filesystems: every command runs and prints what the lesson shows" {
	run_lesson 06-rootfs
	# and it cleaned up after itself
	[ -z "$(find /tmp -maxdepth 1 -name 'ctrkit-lesson-rootfs.*')" ]
}

@test "lesson 8, network: every command runs and prints what the lesson shows" {
	run_lesson 08-network
	# and it cleaned up after itself
	[ -z "$(find /tmp -maxdepth 1 -name 'ctrkit-net.*')" ]
	refute grep -q '^ctrkit-lesson ' /proc/self/mounts
}

@test "lesson 10, images: every command runs and prints what the lesson shows" {
	run_lesson 10-images
	# and it cleaned up after itself
	[ -z "$(find /tmp -maxdepth 1 -name 'ctrkit-lesson-img.*')" ]
}

@test "lesson 9, cgroups: every command runs and prints what the lesson shows" {
	run_lesson 09-cgroups
	# and it cleaned up after itself
	run cg-list -n
	refute grep -q '^lesson ' <<<"$output"
}

@test "lesson 11, the lifecycle: every command runs and prints what the lesson shows" {
	run_lesson 11-lifecycle
}

@test "lesson 12, build your own ctr-run: every command runs and prints what the lesson shows" {
	run_lesson 12-build-your-own
	[ ! -e /tmp/my-run ]
}

@test "lesson-run fails a lesson whose output differs from its text, and says where" {
	local dir=$BATS_TEST_TMPDIR/99-test
	mkdir -p "$dir"
	printf '%s\n' '```sh' 'echo "one two"' 'echo three' '```' '' '```text' 'one …' 'four' '```' >"$dir/README.md"
	run "$BATS_TEST_DIRNAME/../scripts/lesson-run" "$dir"
	assert_status 1
	assert_output_contains "not ok 1: expected a line like"
	assert_output_contains "four"
	printf '%s\n' '```sh' 'echo "one two"' 'false' 'echo never' '```' >"$dir/README.md"
	run "$BATS_TEST_DIRNAME/../scripts/lesson-run" "$dir"
	assert_status 1
	assert_output_contains "stopped with status 1 in block 1"
}

@test "lessons/check 3 says what is missing, then that all is right" {
	export CTRKIT_LAB=$BATS_TEST_TMPDIR/lab
	run "$BATS_TEST_DIRNAME/../lessons/check" 3
	assert_status 1
	assert_output_contains "not yet: there is no directory $CTRKIT_LAB"
	assert_output_contains "0 of 4 checks pass"
	mkdir "$CTRKIT_LAB"
	mount -t tmpfs lab "$CTRKIT_LAB"
	mount --make-private "$CTRKIT_LAB"
	ns-clone -un --hostname lab --persist "$CTRKIT_LAB" -- true
	run "$BATS_TEST_DIRNAME/../lessons/check" 3
	assert_status 1
	assert_output_contains "not yet: lo is down in $CTRKIT_LAB/net"
	assert_output_contains "ip link set lo up"
	ns-enter --net="$CTRKIT_LAB/net" ip link set lo up
	run "$BATS_TEST_DIRNAME/../lessons/check" 3
	assert_status 0
	assert_output_contains "All 4 checks pass"
}

@test "lessons/check 9 follows the learner's group from missing to right" {
	export CTRKIT_LAB_GROUP=lab-$$
	run "$BATS_TEST_DIRNAME/../lessons/check" 9
	assert_status 1
	assert_output_contains "cg-create lab-$$"
	cg-create "lab-$$" >/dev/null
	cg-limit "lab-$$" --memory 32M
	run "$BATS_TEST_DIRNAME/../lessons/check" 9
	assert_status 1
	assert_output_contains "ok   its memory is limited to 32M"
	assert_output_contains "cg-limit lab-$$ --pids 10"
	cg-limit "lab-$$" --pids 10
	cg-exec "lab-$$" -- sleep 60 3>&- &
	echo $! >"$BATS_TEST_TMPDIR/sleep.pid"
	until [ "$(cg-list --json | jq --arg g "lab-$$" '.groups[] | select(.name == $g) | .procs')" = 1 ]; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 9
	assert_status 0
	assert_output_contains "All 4 checks pass"
}

@test "lessons/check names the lessons that have an exercise" {
	local with='' f
	for f in "$BATS_TEST_DIRNAME"/../lessons/[0-9]*/check.sh; do
		f=${f%/check.sh}
		f=${f##*/}
		with="$with${f%%-*} "
	done
	run "$BATS_TEST_DIRNAME/../lessons/check" 99
	assert_status 2
	assert_output_contains "lesson 99 has no exercise to check"
	assert_output_contains "the lessons with one: $with"
	assert_output_contains "03 "
}

@test "every Chinese lesson (README.zh.md) has the same commands and outputs as its English one" {
	local zh blocks
	blocks() { awk '/^```(sh|text)$/ { on = 1 } on { print } /^```$/ { on = 0 }' "$1"; }
	for zh in "$BATS_TEST_DIRNAME"/../lessons/[0-9]*/README.zh.md; do
		[ -f "$zh" ] || continue
		diff <(blocks "${zh%.zh.md}.md") <(blocks "$zh") || {
			echo "$zh differs from its English lesson in the lines above"
			false
		}
	done
}

@test "every lesson is in the lessons index" {
	local dir
	for dir in "$BATS_TEST_DIRNAME"/../lessons/[0-9]*/; do
		dir=$(basename "$dir")
		grep -q "$dir" "$BATS_TEST_DIRNAME/../lessons/README.md" || {
			echo "lessons/README.md does not list $dir"
			false
		}
	done
}

@test "lessons/check 8 follows the learner's network lab from missing to right" {
	export CTRKIT_NET_LAB=$BATS_TEST_TMPDIR/netlab
	local lab=$CTRKIT_NET_LAB i
	run "$BATS_TEST_DIRNAME/../lessons/check" 8
	assert_status 1
	assert_output_contains "0 of 5 checks pass"
	mkdir "$lab"
	mount -t tmpfs lab "$lab"
	mount --make-private "$lab"
	mkdir "$lab/host" "$lab/web" "$lab/www"
	ns-clone -n --persist "$lab/host" -- true
	ns-clone -n --persist "$lab/web" -- true
	ns-enter --net="$lab/host/net" net-bridge --address 10.88.0.1/16 ctrkit0
	run "$BATS_TEST_DIRNAME/../lessons/check" 8
	assert_status 1
	assert_output_contains "ok   $lab/host/net keeps a namespace whose bridge ctrkit0 is up, with 10.88.0.1/16"
	assert_output_contains "not yet: $lab/web/net has no eth0 with the address 10.88.0.2/16"
	ns-enter --net="$lab/host/net" net-veth --netns "$lab/web/net" --bridge ctrkit0 --owner web \
		--address 10.88.0.2/16 --gateway 10.88.0.1 >/dev/null
	echo "lab page" >"$lab/www/index.html"
	ns-enter --net="$lab/web/net" -- busybox httpd -f -p 80 -h "$lab/www" 3>&- &
	echo $! >"$BATS_TEST_TMPDIR/httpd.pid"
	for ((i = 0; i < 100; i++)); do
		ns-enter --net="$lab/web/net" timeout 2 busybox wget -q -O /dev/null http://127.0.0.1/ 2>/dev/null && break
		sleep 0.05
	done
	run "$BATS_TEST_DIRNAME/../lessons/check" 8
	assert_status 1
	assert_output_contains "ok   a server in web answers on port 80"
	assert_output_contains "net-port add --owner web --to 10.88.0.2 8080:80"
	ns-enter --net="$lab/host/net" net-port add --owner web --to 10.88.0.2 8080:80
	run "$BATS_TEST_DIRNAME/../lessons/check" 8
	assert_status 0
	assert_output_contains "All 5 checks pass"
	kill "$(cat "$BATS_TEST_TMPDIR/httpd.pid")"
	wait "$(cat "$BATS_TEST_TMPDIR/httpd.pid")" 2>/dev/null || true
	umount "$lab/host/net" "$lab/web/net" "$lab"
}

@test "lessons/check 10 follows the learner's image layout from missing to right" {
	export CTRKIT_IMAGE_LAB=$BATS_TEST_TMPDIR/imagelab
	local lab=$CTRKIT_IMAGE_LAB t=$BATS_TEST_TMPDIR n hex first diffs=() layers=()
	run "$BATS_TEST_DIRNAME/../lessons/check" 10
	assert_status 1
	assert_output_contains "not yet: there is no directory $lab"
	assert_output_contains "0 of 6 checks pass"
	# Two layers: etc/motd, then its whiteout.
	mkdir -p "$t/l1/etc" "$t/l2/etc" "$lab/blobs/sha256"
	echo hi >"$t/l1/etc/motd"
	: >"$t/l2/etc/.wh.motd"
	for n in 1 2; do
		tar -C "$t/l$n" -cf "$t/l$n.tar" .
		gzip -n -k "$t/l$n.tar"
		diffs+=("sha256:$(sha256sum <"$t/l$n.tar" | cut -d' ' -f1)")
		hex=$(sha256sum <"$t/l$n.tar.gz" | cut -d' ' -f1)
		cp "$t/l$n.tar.gz" "$lab/blobs/sha256/$hex"
		first=${first:-$hex}
		layers+=("{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", \"digest\": \"sha256:$hex\", \"size\": $(stat -c %s "$t/l$n.tar.gz")}")
	done
	# Config, manifest and index for these diff_ids, each a blob but the index.
	image() {
		jq -n -c '{architecture: "amd64", os: "linux", rootfs: {type: "layers", diff_ids: $ARGS.positional}}' \
			--args "$@" >"$t/config.json"
		hex=$(sha256sum <"$t/config.json" | cut -d' ' -f1)
		cp "$t/config.json" "$lab/blobs/sha256/$hex"
		jq -n -c --arg c "sha256:$hex" --argjson cs "$(stat -c %s "$t/config.json")" \
			--argjson layers "[${layers[0]}, ${layers[1]}]" '{schemaVersion: 2,
			mediaType: "application/vnd.oci.image.manifest.v1+json",
			config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
			layers: $layers}' >"$t/manifest.json"
		hex=$(sha256sum <"$t/manifest.json" | cut -d' ' -f1)
		cp "$t/manifest.json" "$lab/blobs/sha256/$hex"
		jq -n -c --arg m "sha256:$hex" --argjson s "$(stat -c %s "$t/manifest.json")" '{schemaVersion: 2,
			manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $m, size: $s}]}' \
			>"$lab/index.json"
	}
	# The diff_ids in the wrong order: the tars' digests, but not each its own.
	image "${diffs[1]}" "${diffs[0]}"
	echo '{"imageLayoutVersion": "1.0.0"}' >"$lab/oci-layout"
	run "$BATS_TEST_DIRNAME/../lessons/check" 10
	assert_status 1
	assert_output_contains "ok   every file in blobs/sha256 is named by its sha256"
	assert_output_contains "ok   the manifest names a config and two layers, each there with its size"
	assert_output_contains "not yet: diff_ids[0 1] is not the sha256 of that layer's uncompressed tar"
	assert_output_contains "ok   layer 2 deletes etc/motd, a file of layer 1, with a whiteout"
	image "${diffs[@]}"
	run "$BATS_TEST_DIRNAME/../lessons/check" 10
	assert_status 0
	assert_output_contains "All 6 checks pass"
	# A blob not named by its digest is found.
	echo changed >>"$lab/blobs/sha256/$first"
	run "$BATS_TEST_DIRNAME/../lessons/check" 10
	assert_status 1
	assert_output_contains "not yet: these blobs are not named by their sha256: $first"
}

@test "lessons/check 4 follows the learner's PID 1 from missing to right" {
	export CTRKIT_LAB_PIDFILE=$BATS_TEST_TMPDIR/lab4.pid
	local pid
	run "$BATS_TEST_DIRNAME/../lessons/check" 4
	assert_status 1
	assert_output_contains "not yet: there is no $CTRKIT_LAB_PIDFILE"
	assert_output_contains "0 of 5 checks pass"
	# A PID 1 that handles nothing, has no /proc of its own, and never waits.
	ns-clone -p --pid-file "$CTRKIT_LAB_PIDFILE" -- sh -c 'sleep 0.1 & exec sleep 60' 3>&- &
	wait_for_file "$CTRKIT_LAB_PIDFILE"
	pid=$(cat "$CTRKIT_LAB_PIDFILE")
	until ps -o stat= --ppid "$pid" | grep -q Z; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 4
	assert_status 1
	assert_output_contains "ok   it is PID 1 of a new PID namespace"
	assert_output_contains "not yet: its /proc is not one of its own"
	assert_output_contains "not yet: it has no handler for SIGTERM"
	assert_output_contains "not yet: it leaves zombies"
	kill -KILL "$pid"
	wait $! || true
	rm "$CTRKIT_LAB_PIDFILE"
	# The well-behaved one: its own /proc, a trap, a child it waits for.
	ns-clone -pm --mount-proc --pid-file "$CTRKIT_LAB_PIDFILE" -- \
		sh -c 'trap "exit 0" TERM; sleep 60 & wait' 3>&- &
	until pid=$(cat "$CTRKIT_LAB_PIDFILE") && pgrep -P "$pid" -x sleep >/dev/null; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 4
	assert_status 0
	assert_output_contains "All 5 checks pass"
	# and SIGTERM stops it, as the exercise says
	kill -TERM "$pid"
	wait $!
}

@test "lessons/check 5 says what is missing, then that all is right" {
	export CTRKIT_LAB=$BATS_TEST_TMPDIR/lab
	run "$BATS_TEST_DIRNAME/../lessons/check" 5
	assert_status 1
	assert_output_contains "not yet: there is no $CTRKIT_LAB/uts"
	assert_output_contains "0 of 5 checks pass"
	mkdir "$CTRKIT_LAB"
	mount -t tmpfs lab "$CTRKIT_LAB"
	mount --make-private "$CTRKIT_LAB"
	ns-clone -ui --hostname lab --persist "$CTRKIT_LAB" -- ipcmk -Q
	run "$BATS_TEST_DIRNAME/../lessons/check" 5
	assert_status 1
	assert_output_contains "ok   $CTRKIT_LAB/uts keeps a UTS namespace of its own, whose hostname is lab"
	assert_output_contains "ok   $CTRKIT_LAB/ipc keeps an IPC namespace of its own, with a System V message queue"
	assert_output_contains "domainname lab.example"
	assert_output_contains "ipcmk -M 1M"
	ns-enter --uts="$CTRKIT_LAB/uts" domainname lab.example
	ns-enter --ipc="$CTRKIT_LAB/ipc" ipcmk -M 1M
	run "$BATS_TEST_DIRNAME/../lessons/check" 5
	assert_status 0
	assert_output_contains "All 5 checks pass"
	umount "$CTRKIT_LAB/uts" "$CTRKIT_LAB/ipc" "$CTRKIT_LAB"
}

@test "lessons/check 7 follows a rootless container from missing to right" {
	local dir pid
	# nobody writes the PID file: a directory it may write to
	dir=$(mktemp -d /tmp/ctrkit-lesson.XXXXXX)
	chmod 1777 "$dir"
	export CTRKIT_LAB_PIDFILE=$dir/pid
	run "$BATS_TEST_DIRNAME/../lessons/check" 7
	assert_status 1
	assert_output_contains "not yet: there is no $CTRKIT_LAB_PIDFILE"
	assert_output_contains "0 of 4 checks pass"
	# Root, not nobody; no mount namespace; the wrong hostname.
	ns-clone -Ur -u --hostname lab --pid-file "$CTRKIT_LAB_PIDFILE" -- sleep 60 3>&- &
	wait_for_file "$CTRKIT_LAB_PIDFILE"
	pid=$(cat "$CTRKIT_LAB_PIDFILE")
	run "$BATS_TEST_DIRNAME/../lessons/check" 7
	assert_status 1
	assert_output_contains "runs as user 0 outside, not 65534"
	assert_output_contains 'its hostname is "lab", not rootless'
	assert_output_contains "not yet: it shares this machine's mount namespace"
	kill -KILL "$pid"
	wait $! || true
	rm "$CTRKIT_LAB_PIDFILE"
	setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		ns-clone -Ur -mu --hostname rootless --pid-file "$CTRKIT_LAB_PIDFILE" -- \
		sh -c 'mount -t tmpfs scratch /mnt && exec sleep 60' 3>&- &
	until pid=$(cat "$CTRKIT_LAB_PIDFILE" 2>/dev/null) && grep -q ' /mnt ' "/proc/$pid/mountinfo"; do
		sleep 0.05
	done
	run "$BATS_TEST_DIRNAME/../lessons/check" 7
	assert_status 0
	assert_output_contains "All 4 checks pass"
	kill -KILL "$pid"
	wait $! || true
	rm -r "$dir"
}

@test "lessons/check 1 follows the learner's first container from missing to right" {
	export CTRKIT_LAB_CONTAINER=lab-$$
	local name=$CTRKIT_LAB_CONTAINER
	run "$BATS_TEST_DIRNAME/../lessons/check" 1
	assert_status 1
	assert_output_contains "not yet: there is no container named $name"
	assert_output_contains "ctr-run -d --name $name --hostname lab busybox"
	assert_output_contains "0 of 5 checks pass"
	# From busybox, but in the foreground and with nothing to keep doing.
	ctr-run --name "$name" busybox true
	run "$BATS_TEST_DIRNAME/../lessons/check" 1
	assert_status 1
	assert_output_contains "ok   a container named $name exists"
	assert_output_contains "ok   it runs the busybox image (docker.io/library/busybox:latest)"
	assert_output_contains "not yet: it has exited (exit code 0)"
	assert_output_contains "not yet: it has no log"
	ctr-rm "$name" >/dev/null
	# In the background and lasting, but another hostname and nothing said.
	ctr-run -d --name "$name" --hostname box busybox sleep 60 >/dev/null
	run "$BATS_TEST_DIRNAME/../lessons/check" 1
	assert_status 1
	assert_output_contains "ok   it is running, in the background"
	assert_output_contains 'not yet: its hostname is "box", not lab'
	assert_output_contains "not yet: its log is empty"
	ctr-rm -f "$name" >/dev/null
	ctr-run -d --name "$name" --hostname lab busybox sh -c 'echo hello from lab; exec sleep 60' >/dev/null
	until [ -n "$(ctr-logs "$name")" ]; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 1
	assert_status 0
	assert_output_contains "ok   its hostname is lab, in a UTS namespace of its own"
	assert_output_contains "ok   it said something, kept in its log (ctr-logs $name): hello from lab"
	assert_output_contains "All 5 checks pass"
	ctr-rm -f "$name" >/dev/null
}

@test "lessons/check 2 follows the learner's limited container and notes from missing to right" {
	export CTRKIT_LAB_CONTAINER=lab-$$ CTRKIT_LAB=$BATS_TEST_TMPDIR/lab2
	local name=$CTRKIT_LAB_CONTAINER
	run "$BATS_TEST_DIRNAME/../lessons/check" 2
	assert_status 1
	assert_output_contains "not yet: there is no container named $name"
	assert_output_contains "not yet: there is no $CTRKIT_LAB, for your two notes"
	assert_output_contains "0 of 4 checks pass"
	# No limit; its PID inside, and its limit taken for what free says.
	ctr-run -d --name "$name" busybox sleep 60 >/dev/null
	printf '1\n64\n' >"$CTRKIT_LAB"
	run "$BATS_TEST_DIRNAME/../lessons/check" 2
	assert_status 1
	assert_output_contains "ok   container $name runs busybox, in the background"
	assert_output_contains "has the memory limit max, not 64M"
	assert_output_contains "not yet: 1 is its PID inside"
	assert_output_contains "not yet: 64 is its limit, but is it what free -m in it says?"
	ctr-rm -f "$name" >/dev/null
	ctr-run -d --name "$name" -m 64m busybox sleep 60 >/dev/null
	{
		ctr-inspect -f State.Pid "$name"
		ctr-exec "$name" free -m | awk '$1 == "Mem:" { print $2 }'
	} >"$CTRKIT_LAB"
	run "$BATS_TEST_DIRNAME/../lessons/check" 2
	assert_status 0
	assert_output_contains "ok   its cgroup ctr-"
	assert_output_contains "limits its memory to 64M"
	assert_output_contains "All 4 checks pass"
	ctr-rm -f "$name" >/dev/null
}

@test "lessons/check 6 follows the learner's root filesystem from chroot to pivot_root" {
	export CTRKIT_LAB=$BATS_TEST_TMPDIR/lab6
	local lab=$CTRKIT_LAB pid
	run "$BATS_TEST_DIRNAME/../lessons/check" 6
	assert_status 1
	assert_output_contains "not yet: there is no root filesystem in $lab"
	assert_output_contains "scripts/mk-busybox-rootfs $lab"
	assert_output_contains "0 of 5 checks pass"
	"$BATS_TEST_DIRNAME/../scripts/mk-busybox-rootfs" "$lab"
	mkdir "$lab-data"
	# A chroot, in this machine's mount namespace.
	chroot "$lab" /bin/sleep 60 3>&- &
	pid=$!
	until [ "$(cat "/proc/$pid/comm")" = sleep ]; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 6
	assert_status 1
	assert_output_contains "ok   $lab holds a busybox root filesystem"
	assert_output_contains "ok   process $pid (sleep) runs with $lab as its root"
	assert_output_contains "not yet: it shares this machine's mount namespace: it was chrooted"
	kill "$pid"
	wait "$pid" || true
	# pivot_root, with the root and the volume writable.
	rootfs-pivot --bind "$lab-data:/data" "$lab" -- sleep 60 3>&- &
	pid=$!
	until [ "$(cat "/proc/$pid/comm")" = sleep ]; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 6
	assert_status 1
	assert_output_contains "ok   its root is the root of a mount namespace of its own: pivot_root, not chroot"
	assert_output_contains "not yet: its root is mounted read-write"
	assert_output_contains "not yet: /data in it is bound read-write"
	kill "$pid"
	wait "$pid" || true
	rootfs-pivot --read-only --bind "$lab-data:/data:ro" "$lab" -- sleep 60 3>&- &
	pid=$!
	until [ "$(cat "/proc/$pid/comm")" = sleep ]; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 6
	assert_status 0
	assert_output_contains "ok   a directory of this machine is bound on /data in it, read-only"
	assert_output_contains "All 5 checks pass"
	kill "$pid"
	wait "$pid" || true
}

@test "lessons/check 11 follows the learner's containers through their statuses" {
	export CTRKIT_LAB_CONTAINER=lab-$$
	local p=$CTRKIT_LAB_CONTAINER
	run "$BATS_TEST_DIRNAME/../lessons/check" 11
	assert_status 1
	assert_output_contains "not yet: there is no container named $p-created"
	assert_output_contains "ctr-create --name $p-created --image busybox -- sh"
	assert_output_contains "0 of 3 checks pass"
	# Started when it should not be, not paused, exited with 0.
	ctr-run -d --name "$p-created" busybox sleep 60 >/dev/null
	ctr-run -d --name "$p-paused" busybox sleep 60 >/dev/null
	ctr-run --name "$p-exited" busybox true
	run "$BATS_TEST_DIRNAME/../lessons/check" 11
	assert_status 1
	assert_output_contains "not yet: $p-created is running: it has been started"
	assert_output_contains "not yet: $p-paused is running, not paused"
	assert_output_contains "ctr-pause $p-paused"
	assert_output_contains "not yet: $p-exited has exited with the code 0, not 3"
	ctr-rm -f "$p-created" "$p-exited" >/dev/null
	ctr-create --name "$p-created" --image busybox -- sh >/dev/null
	ctr-pause "$p-paused" >/dev/null
	run ctr-run --name "$p-exited" busybox sh -c 'exit 3'
	assert_status 3
	run "$BATS_TEST_DIRNAME/../lessons/check" 11
	assert_status 0
	assert_output_contains "ok   $p-created is created: recorded, never started"
	assert_output_contains "ok   $p-paused is paused: its cgroup ctr-"
	assert_output_contains "ok   $p-exited has exited with the code 3"
	assert_output_contains "All 3 checks pass"
	ctr-rm -f "$p-created" "$p-paused" "$p-exited" >/dev/null
}

@test "lessons/check 12 follows the learner's own runtime from missing to right" {
	export CTRKIT_LAB_SCRIPT=$BATS_TEST_TMPDIR/my-run CTRKIT_LAB_CONTAINER=lab-$$
	local script=$CTRKIT_LAB_SCRIPT name=$CTRKIT_LAB_CONTAINER pid
	run "$BATS_TEST_DIRNAME/../lessons/check" 12
	assert_status 1
	assert_output_contains "not yet: there is no $script"
	assert_output_contains "not yet: there is no container named $name"
	assert_output_contains "0 of 6 checks pass"
	img-import "$(dirname "$(command -v ns-clone)")/../images/busybox" >/dev/null
	# Step 5's script, grown: a name, a memory limit (- for none), and
	# ns-clone's namespace options in $NS.
	cat >"$script" <<'END'
#!/bin/sh
# my-run NAME MEMORY IMAGE CMD...
set -eu
name=$1 memory=$2 image=$3
shift 3
bin=$(dirname "$(command -v ns-clone)")
store=${CTRKIT_STORE:-/var/lib/ctrkit}
eval "$(img-inspect "$image")"
id=$(ctr-create --name "$name" --image "$image" --cleanup "remove:$store/containers/{id}" -- "$@")
group=ctr-$(printf '%.12s' "$id")
cg-create "$group" >/dev/null
[ "$memory" = - ] || cg-limit "$group" --memory "$memory"
dir=$store/containers/$id
mkdir -p -m 700 "$dir/rootfs"
# shellcheck disable=SC2086
exec ctr-monitor --id "$id" --rm -- "$bin/cg-exec" "$group" -- \
	"$bin/ns-clone" ${NS:--pmuiCn --loopback} --pid-file "${CTRKIT_STATE:-/run/ctrkit}/containers/$id/pid" -- \
	env -i PATH=/bin HOME=/root \
	"$bin/rootfs-pivot" --overlay "$IMAGE_LAYERS" --upper "$dir" --host-exec "$dir/rootfs" -- \
	"$bin/ctr-creds" --no-new-privs --setsid -- "$@"
END
	chmod +x "$script"
	# No memory limit, and no network namespace.
	NS=-pmuiC "$script" "$name" - busybox sleep 60 3>&- &
	until pid=$(ctr-inspect -f State.Pid "$name" 2>/dev/null) && [ "$pid" -gt 0 ] &&
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ]; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 12
	assert_status 1
	assert_output_contains "ok   $script is there, and executable"
	assert_output_contains "ok   container $name is running (sleep 60), its PID 1 is process $pid here"
	assert_output_contains "has the memory limit max, not 32M"
	assert_output_contains "not yet: it shares this machine's namespaces: net"
	assert_output_contains "ok   its root is an overlay"
	assert_output_contains "ok   its capabilities are Docker's fourteen (CapEff: 00000000a80425fb)"
	ctr-kill "$name" >/dev/null
	wait $! || true
	"$script" "$name" 32M busybox sleep 60 3>&- &
	until pid=$(ctr-inspect -f State.Pid "$name" 2>/dev/null) && [ "$pid" -gt 0 ] &&
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ]; do sleep 0.05; done
	run "$BATS_TEST_DIRNAME/../lessons/check" 12
	assert_status 0
	assert_output_contains "ok   it has PID, mount, UTS, IPC and network namespaces of its own"
	assert_output_contains "All 6 checks pass"
	ctr-kill "$name" >/dev/null
	wait $! || true
}
