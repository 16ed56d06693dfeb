#!/usr/bin/env bats
# cg-create: make a cgroup in every cgroup hierarchy.

load helpers
load cg-helpers

setup() { cg_setup; }
teardown() { cg_teardown; }

@test "cg-create makes the group in every hierarchy, under the caller's own cgroup" {
	local g
	g=$(cg_name)
	run cg-create "$g"
	assert_status 0
	[ "${#lines[@]}" -ge 1 ]
	local expected
	expected=$(cg_bases | sed "s|\$|/$g|" | sort)
	for d in "${lines[@]}"; do
		[ -d "$d" ] || { echo "not a directory: $d" >&2; return 1; }
		grep -qxF "$d" <<<"$expected" || { echo "$d is not under our own cgroup" >&2; return 1; }
	done
	# v1: the memory group nests under the memory cgroup we run in.
	local mem
	mem=$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)
	if [ -n "$mem" ]; then
		assert_output_contains "/memory${mem%/}/ctrkit/$g"
	fi
}

@test "cg-create refuses a group that exists, and --exist-ok accepts it" {
	local g
	g=$(cg_name)
	cg-create "$g" >/dev/null
	run cg-create "$g"
	assert_status 125
	assert_output_contains "exist"
	run cg-create "$g" --exist-ok
	assert_status 0
}

@test "cg-create --exist-ok makes the group where it is missing" {
	local g d
	g=$(cg_name)
	cg-create "$g" >/dev/null
	d=$(cg-create --exist-ok "$g" | tail -n 1)
	rmdir "$d"
	run cg-create --exist-ok "$g"
	assert_status 0
	[ -d "$d" ]
}

@test "a new v1 cpuset group gets its parent's CPUs and memory nodes" {
	local g cpus
	g=$(cg_name)
	cg-create "$g" >/dev/null
	cpus=$(cg_find "$g" cpuset.cpus) || skip "no cpuset controller"
	[ -e "${cpus%/*}/cgroup.controllers" ] && skip "cpuset is in the v2 tree, where empty means inherit"
	[ "$(cat "$cpus")" = "$(cat "${cpus%/*/*}/cpuset.cpus")" ]
	[ -n "$(cat "${cpus%/*}/cpuset.mems")" ]
}

@test "cg-create refuses bad names with status 125 and creates nothing" {
	local before name
	before=$(find /sys/fs/cgroup -type d | sort)
	for name in "" "../x" "a/../b" "/abs" ".hidden" "a//b" "a/" "x y" 'a$b' "./x" ".."; do
		run cg-create -- "$name"
		assert_status 125
		assert_output_contains "name"
	done
	[ "$(find /sys/fs/cgroup -type d | sort)" = "$before" ]
}

@test "cg-create of a nested group needs its parent group first" {
	local g
	g=$(cg_name)
	run cg-create "$g/child"
	assert_status 125
	assert_output_contains "cg-create $g"
	cg-create "$g" >/dev/null
	run cg-create "$g/child"
	assert_status 0
	for d in "${lines[@]}"; do [ -d "$d" ]; done
	assert_output_contains "/ctrkit/$g/child"
}

@test "a cg-create that fails half-way removes what it made" {
	# Make the last hierarchy refuse the new directory: in the v2 tree,
	# cgroup.max.descendants 0 in the parent (cgroup-v2.rst).
	local v2 parent g
	v2=$(awk '$9 == "cgroup2" { print $5 }' /proc/self/mountinfo | head -n 1)
	[ -n "$v2" ] || skip "no cgroup v2 tree"
	g=$(cg_name)
	parent="$g-parent"
	local caller
	caller=$(awk -F: '$1 == 0 { print $3 }' /proc/self/cgroup)
	local pdir="$v2${caller%/}/$parent"
	mkdir "$pdir"
	echo 0 >"$pdir/cgroup.max.descendants"
	run cg-create --parent "$parent" "$g"
	rmdir "$pdir"
	assert_status 125
	# No trace of the parent or the group in any hierarchy.
	run find /sys/fs/cgroup -name "$g*"
	[ -z "$output" ] || { echo "left behind: $output" >&2; return 1; }
}

@test "cg-create --explain shows each directory made and file written" {
	local g
	g=$(cg_name)
	run cg-create --explain "$g"
	assert_status 0
	assert_output_contains "+ mkdir "
	assert_output_contains "/$g  ("
	if cg_find "$g" cpuset.cpus >/dev/null && ! cg_find "$g" cgroup.controllers >/dev/null; then
		assert_output_contains "cpuset.cpus"
	fi
}

@test "cg-create uses CTRKIT_CGROUP_PARENT instead of <own cgroup>/ctrkit" {
	local g
	g=$(cg_name)
	CTRKIT_CGROUP_PARENT="ctrkit/$g-p" run cg-create "$g"
	assert_status 0
	assert_output_contains "/ctrkit/$g-p/$g"
	CTRKIT_CGROUP_PARENT="ctrkit/$g-p" run cg-delete "$g"
	assert_status 0
	run env CTRKIT_CGROUP_PARENT="../escape" cg-create "$g"
	assert_status 125
}
