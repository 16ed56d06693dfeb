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
	# Every process the lesson starts carries this token, so teardown finds
	# exactly those (and no one else's).
	LESSON_TOKEN="lesson-$$-$BATS_TEST_NUMBER"
	export LESSON_TOKEN
}

teardown() {
	local env pid
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
	rm -f /tmp/ctrkit-lesson-clock
	# The exercises' namespace files, should a check test stop half-way.
	if [ -d "$BATS_TEST_TMPDIR/lab" ]; then
		umount "$BATS_TEST_TMPDIR/lab/uts" "$BATS_TEST_TMPDIR/lab/net" 2>/dev/null
		umount "$BATS_TEST_TMPDIR/lab" 2>/dev/null
	fi
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

@test "lesson 6, root filesystems: every command runs and prints what the lesson shows" {
	run_lesson 06-rootfs
	# and it cleaned up after itself
	[ -z "$(find /tmp -maxdepth 1 -name 'ctrkit-lesson-rootfs.*')" ]
}

@test "lesson 9, cgroups: every command runs and prints what the lesson shows" {
	run_lesson 09-cgroups
	# and it cleaned up after itself
	run cg-list -n
	refute grep -q '^lesson ' <<<"$output"
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
	run "$BATS_TEST_DIRNAME/../lessons/check" 1
	assert_status 2
	assert_output_contains "the lessons with one: 03 09"
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
