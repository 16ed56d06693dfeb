#!/usr/bin/env bats
# What every cg tool shares: documentation, version, usage errors.

load helpers

tools=(cg-create cg-limit cg-exec cg-stat cg-freeze cg-thaw cg-delete cg-list)

@test "every cg tool's --help is its documentation, in help2man's shape" {
	local t
	for t in "${tools[@]}"; do
		run "$t" --help
		assert_status 0
		[[ "${lines[0]}" == "Usage: $t "* ]] || { echo "$t: first line: ${lines[0]}" >&2; return 1; }
		[[ "${lines[1]}" == *. ]] || { echo "$t: second line is not a sentence: ${lines[1]}" >&2; return 1; }
		assert_output_contains "Options:"
		assert_output_contains "  -h, --help"
		assert_output_contains "--version"
	done
}

@test "every cg tool prints its version" {
	local t
	for t in "${tools[@]}"; do
		run "$t" --version
		assert_status 0
		[[ "$output" == "$t (ctrkit) "* ]]
	done
}

@test "an unknown option or a missing name is a usage error with status 125" {
	local t
	for t in "${tools[@]}"; do
		run "$t" --no-such-option x
		assert_status 125
		assert_output_contains "--help"
	done
	for t in cg-create cg-limit cg-exec cg-stat cg-freeze cg-thaw cg-delete; do
		run "$t"
		assert_status 125
		assert_output_contains "--help"
	done
}
