#!/usr/bin/env bats
# cg-delete: kill what is in a group and remove it, everywhere.

load helpers
load cg-helpers

setup() {
	cg_setup
	g=$(cg_name)
}
teardown() { cg_teardown; }

@test "cg-delete kills what is inside and leaves no directory in any hierarchy" {
	local dirs pid
	dirs=$(cg-create "$g")
	cg_spawn "$g" sh -c 'sleep 100 & sleep 100 & while :; do sleep 1; done'
	pid=$!
	cg_wait_procs "$g" 3
	run cg-delete "$g"
	assert_status 0
	for d in $dirs; do
		[ ! -e "$d" ] || { echo "left behind: $d" >&2; return 1; }
	done
	wait "$pid" || true
	refute kill -0 "$pid" 2>/dev/null
	[ -z "$(cg_test_dirs)" ]
}

@test "cg-delete removes child groups first" {
	cg-create "$g" >/dev/null
	cg-create "$g/a" >/dev/null
	cg-create "$g/a/b" >/dev/null
	cg_spawn "$g/a/b" sleep 100
	cg_wait_procs "$g/a/b" 1
	run cg-delete --explain "$g"
	assert_status 0
	[ -z "$(cg_test_dirs)" ]
	# Depth first: b before a before the group itself.
	local b a top
	b=$(grep -n "rmdir .*/$g/a/b  " <<<"$output" | head -n 1 | cut -d: -f1)
	a=$(grep -n "rmdir .*/$g/a  " <<<"$output" | head -n 1 | cut -d: -f1)
	top=$(grep -n "rmdir .*/$g  " <<<"$output" | head -n 1 | cut -d: -f1)
	[ "$b" -lt "$a" ] && [ "$a" -lt "$top" ]
}

@test "cg-delete of a missing group fails, unless --ignore-missing" {
	run cg-delete "$g"
	assert_status 125
	assert_output_contains "no such group"
	run cg-delete --ignore-missing "$g"
	assert_status 0
}

@test "cg-delete keeps the ctrkit level while another group is in it" {
	local h base
	h=$(cg_name other)
	cg-create "$g" >/dev/null
	base=$(cg-create "$h" | head -n 1)
	base=${base%/*}
	cg-delete "$g"
	[ -d "$base" ]
	cg-delete "$h"
	[ -z "$(cg_test_dirs)" ]
}

@test "cg-delete refuses to delete the group it runs in" {
	cg-create "$g" >/dev/null
	# Inside the group, the default parent is the group's own ctrkit
	# child: name the outer one with an absolute --parent.
	local own
	own=$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)
	[ -n "$own" ] || own=$(awk -F: '$1 == 0 { print $3 }' /proc/self/cgroup)
	run cg-exec "$g" -- cg-delete --parent "${own%/}/ctrkit" "$g"
	assert_status 125
	assert_output_contains "is in it"
}
