#!/usr/bin/env bats
# cg-stat: what a group has used, from either cgroup version.

load helpers
load cg-helpers

setup_file() {
	# The OOM victim: a tiny C program (tests/fixtures/memhog.c) that
	# really touches its memory.
	cc -O2 -o "$BATS_FILE_TMPDIR/memhog" "$BATS_TEST_DIRNAME/fixtures/memhog.c"
}

setup() {
	cg_setup
	g=$(cg_name)
	cg-create "$g" >/dev/null
}
teardown() { cg_teardown; }

@test "a memory hog in a 32M group is OOM-killed and cg-stat counts the kill" {
	local swap=()
	if cg_find "$g" memory.swap.max >/dev/null || cg_find "$g" memory.memsw.limit_in_bytes >/dev/null; then
		swap=(--memory-swap 32M) # no swap to escape to
	fi
	cg-limit "$g" --memory 32M "${swap[@]}"
	run cg-exec "$g" -- "$BATS_FILE_TMPDIR/memhog" 256
	assert_status 137 # 128 + SIGKILL
	run cg-stat --json "$g"
	assert_status 0
	jq -e '.groups[0].memory.oom_kill >= 1' <<<"$output"
	jq -e '.groups[0].memory.peak >= 30000000 and .groups[0].memory.peak <= 33554432' <<<"$output"
	run cg-stat "$g"
	assert_output_contains "OOM-KILLS"
	[ "$(awk 'NR == 2 { print $5 }' <<<"$output")" -ge 1 ]
}

@test "the same hog with room to spare is not killed" {
	cg-limit "$g" --memory 128M
	run cg-exec "$g" -- "$BATS_FILE_TMPDIR/memhog" 16
	assert_status 0
	run cg-stat --json "$g"
	jq -e '.groups[0].memory.oom_kill == 0' <<<"$output"
}

@test "cg-stat --json has every section, with numbers" {
	run cg-stat --json "$g"
	assert_status 0
	jq -e '.groups[0] | .name and (.memory.current | type == "number") and (.cpu.usage_usec | type == "number")
		and (.pids.current | type == "number") and (.io.read_bytes | type == "number")' <<<"$output"
	jq -e '.groups[0].pids.max == "max"' <<<"$output"
}

@test "cg-stat --watch --count 2 prints two tables, and CPU% the second time" {
	run cg-stat --watch --count 2 --interval 1 "$g"
	assert_status 0
	[ "$(grep -c '^NAME' <<<"$output")" -eq 2 ]
	assert_output_contains "CPU%"
	run cg-stat --json --count 2 --interval 1 "$g"
	[ "${#lines[@]}" -eq 2 ]
	jq -e '.groups[0].cpu.percent | type == "number"' <<<"${lines[1]}"
}

@test "cg-stat shows several groups, and fails with 125 on a missing one" {
	local h
	h=$(cg_name other)
	cg-create "$h" >/dev/null
	run cg-stat "$g" "$h"
	assert_status 0
	[ "${#lines[@]}" -eq 3 ]
	run cg-stat "$g-nope"
	assert_status 125
	assert_output_contains "cg-create"
}
