#!/usr/bin/env bats
# cg-freeze and cg-thaw: stop a group's processes, and let them go on.

load helpers
load cg-helpers

setup() {
	cg_setup
	g=$(cg_name)
	cg-create "$g" >/dev/null
}
teardown() { cg_teardown; }

@test "cg-freeze stops a counter in the group and cg-thaw lets it go on" {
	local f=$BATS_TEST_TMPDIR/counter a b c
	cg_spawn "$g" sh -c "i=0; while :; do i=\$((i + 1)); echo \$i >$f.new; mv $f.new $f; done"
	wait_for_file "$f"
	run cg-freeze "$g"
	assert_status 0
	a=$(cat "$f")
	sleep 0.3
	b=$(cat "$f")
	[ "$a" = "$b" ] || { echo "the counter went on while frozen: $a -> $b" >&2; return 1; }
	[ "$(cg-list --json | jq -r --arg g "$g" '.groups[] | select(.name == $g) | .state')" = frozen ]
	run cg-thaw "$g"
	assert_status 0
	sleep 0.3
	c=$(cat "$f")
	[ "$c" -gt "$b" ] || { echo "the counter did not go on after thaw: $b -> $c" >&2; return 1; }
	[ "$(cg-list --json | jq -r --arg g "$g" '.groups[] | select(.name == $g) | .state')" = running ]
}

@test "cg-freeze --explain names the freezer file of the version that has it" {
	run cg-freeze --explain "$g"
	assert_status 0
	if [ -n "$(cg_find "$g" freezer.state)" ]; then
		assert_output_contains "/ctrkit/$g/freezer.state \"FROZEN\""
	else
		assert_output_contains "/ctrkit/$g/cgroup.freeze \"1\""
	fi
	run cg-thaw --explain "$g"
	assert_status 0
}

@test "a frozen group can still be deleted" {
	cg_spawn "$g" sleep 100
	cg_wait_procs "$g" 1
	cg-freeze "$g"
	run cg-delete "$g"
	assert_status 0
	[ -z "$(cg_test_dirs)" ]
}

@test "cg-freeze and cg-thaw of a missing group fail with 125" {
	run cg-freeze "$g-nope"
	assert_status 125
	assert_output_contains "cg-create $g-nope"
	run cg-thaw "$g-nope"
	assert_status 125
}
