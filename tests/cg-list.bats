#!/usr/bin/env bats
# cg-list: ctrkit's groups as a tree, with limits and usage.

load helpers
load cg-helpers

setup() {
	cg_setup
	g=$(cg_name)
	cg-create "$g" >/dev/null
	cg-create "$g/db" >/dev/null
	cg-limit "$g" --memory 64M --cpus 1.5 --pids 50
}
teardown() { cg_teardown; }

@test "cg-list shows the groups as a tree with their limits" {
	run cg-list
	assert_status 0
	[[ "${lines[0]}" == NAME* ]]
	local row
	row=$(grep -E "^$g " <<<"$output")
	[ "$(awk '{ print $4, $5, $7 }' <<<"$row")" = "64M 1.5 50" ]
	grep -qE "^[^[:alnum:]]+$g/db " <<<"$output" # drawn as a child
}

@test "cg-list --json nests child groups under children, sizes in bytes" {
	run cg-list --json
	assert_status 0
	jq -e --arg g "$g" '.groups[] | select(.name == $g) | ."mem-limit" == 67108864 and .children[0].name == ($g + "/db")' <<<"$output"
}

@test "cg-list counts the processes in each group" {
	cg_spawn "$g/db" sleep 100
	cg_wait_procs "$g/db" 1
	run cg-list --json
	jq -e --arg g "$g" '.groups[] | select(.name == $g) | .procs == 0 and .children[0].procs == 1' <<<"$output"
}

@test "cg-list with no group prints its heading alone, and an empty JSON list" {
	run cg-list --parent "ctrkit-empty-$$"
	assert_status 0
	[ "${#lines[@]}" = 1 ] && [[ "${lines[0]}" == NAME* ]]
	run cg-list --json --parent "ctrkit-empty-$$"
	assert_status 0
	jq -e '.groups == []' <<<"$output"
}
