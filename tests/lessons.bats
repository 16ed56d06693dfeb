#!/usr/bin/env bats
# The lessons: every ```sh block of lessons/NN-topic/README.md is run, in
# order, as one bash script with `set -e`, as a reader would paste them into
# a root shell. A lesson whose commands stop working fails here.

load helpers

setup() {
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
	cg-delete --ignore-missing lesson >/dev/null 2>&1 || true
	awk '$1 == "ctrkit-lesson" { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
		umount -l "$m/uts" "$m/net" 2>/dev/null || true
		umount -l "$m" 2>/dev/null || true
	done
	rm -f /tmp/ctrkit-lesson-clock
	# Lesson 6 mounts only in namespaces of its own; its directories stay.
	local d
	for d in /tmp/ctrkit-lesson-rootfs.*; do
		[ -d "$d" ] && rm -rf --one-file-system "$d"
	done
	true
}

# The sh blocks of lesson $1, one script.
lesson_script() {
	echo 'set -e'
	awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on' "$BATS_TEST_DIRNAME/../lessons/$1/README.md"
}

run_lesson() {
	lesson_script "$1" >"$BATS_TEST_TMPDIR/lesson.sh"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/lesson.sh")" -gt 1 ]
	run bash "$BATS_TEST_TMPDIR/lesson.sh" 3>&-
	echo "$output"
	assert_status 0
}

@test "lesson 3, namespaces: every command runs as written" {
	run_lesson 03-namespaces
	assert_output_contains "box"
	assert_output_contains "inside, my PID is 1"
	assert_output_contains "kept"
}

@test "lesson 9, cgroups: every command runs as written" {
	run_lesson 09-cgroups
	assert_output_contains "exit status 137"
	assert_output_contains "frozen: the clock file did not change"
	# and it cleaned up after itself
	run cg-list -n
	[ -z "$output" ]
}

@test "lesson 6, rootfs: every command runs as written" {
	run_lesson 06-rootfs
	# the chroot escape reached the host, and failed after pivot_root
	assert_output_contains 'PRETTY_NAME="Debian'
	assert_output_contains "lesson-root"
	assert_output_contains "pivot_root(\".\", \".\")"
	assert_output_contains "/proc/sys is read-only"
	assert_output_contains "from the container"
	assert_output_contains "the root is read-only"
	assert_output_contains "changed"
	# and it cleaned up after itself
	[ -z "$(find /tmp -maxdepth 1 -name 'ctrkit-lesson-rootfs.*')" ]
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
