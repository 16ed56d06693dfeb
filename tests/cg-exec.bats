#!/usr/bin/env bats
# cg-exec: run a command in a cgroup; and the limits as the command feels them.

load helpers
load cg-helpers

setup_file() {
	# A bounded fork bomb: tests/fixtures/forkbomb.c.
	cc -O2 -o "$BATS_FILE_TMPDIR/forkbomb" "$BATS_TEST_DIRNAME/fixtures/forkbomb.c"
}

setup() {
	cg_setup
	g=$(cg_name)
	cg-create "$g" >/dev/null
}
teardown() { cg_teardown; }

@test "cg-exec runs the command in the group in every hierarchy" {
	run cg-exec "$g" -- cat /proc/self/cgroup
	assert_status 0
	local line n=0
	for line in "${lines[@]}"; do
		case "$line" in
		*:name=*:* | *:devices:* | *:net_cls* | *:perf_event:* | *:hugetlb:* | *:rdma:* | *:misc:*) continue ;;
		esac
		[[ "$line" == */ctrkit/"$g" ]] || { echo "not in the group: $line" >&2; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
}

@test "cg-exec passes the command's exit status through" {
	run cg-exec "$g" -- sh -c 'exit 7'
	assert_status 7
}

@test "cg-exec exits 127 for a command not found and 126 for one it cannot execute" {
	run -127 cg-exec "$g" -- /nonexistent/cmd
	assert_status 127
	run -126 cg-exec "$g" -- /etc/passwd
	assert_status 126
}

@test "cg-exec into a missing group fails with 125 before running anything" {
	run cg-exec "$g-nope" -- touch "$BATS_TEST_TMPDIR/ran"
	assert_status 125
	assert_output_contains "cg-create $g-nope"
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "cg-exec --explain shows each write, then the exec: itself (\"0\") to cgroup.procs, to tasks in v1" {
	run cg-exec --explain "$g" -- true
	assert_status 0
	# v1 (pids here): the one thread moves itself, which takes no lock.
	assert_output_contains "pids/ctrkit/$g/tasks \"0\""
	assert_output_contains "unified/ctrkit/$g/cgroup.procs \"0\""
	[[ "$output" != *"pids/ctrkit/$g/cgroup.procs"* ]]
	assert_output_contains '+ execvp("true")'
}

@test "cg-exec --fork: the command is a child born in the group (CLONE_INTO_CGROUP on v2), cg-exec its parent outside" {
	run cg-exec --explain --fork "$g" -- sh -c 'cat /proc/self/cgroup; echo "parent $PPID"; exit 5'
	assert_status 5
	# v2 (here the unified tree): cloned in, not written; v1: the child moves itself.
	assert_output_contains "clone3({flags=CLONE_INTO_CGROUP"
	[[ "$output" != *"/unified/ctrkit/$g/cgroup.procs"* ]]
	assert_output_contains "pids/ctrkit/$g/tasks \"0\""
	local line parent
	parent=$(sed -n 's/^parent //p' <<<"$output")
	for line in "${lines[@]}"; do
		case "$line" in
		0::* | [0-9]*:pids:* | [0-9]*:memory:* | [0-9]*:cpu,cpuacct:*)
			[[ "$line" == */ctrkit/"$g" ]] || { echo "not in the group: $line" >&2; return 1; }
			;;
		esac
	done
	# The parent, cg-exec, is not in the group.
	run cat "/proc/$parent/cgroup"
	[[ "$output" != *"/ctrkit/$g"* ]] || [ ! -e "/proc/$parent" ]
}

@test "cg-exec --fork passes signals on and returns the command's status" {
	cg-exec --fork "$g" -- sh -c 'trap "exit 42" TERM; while :; do sleep 0.05; done' 3>&- &
	local pid=$! rc=0
	# The child in the group, then a signal to cg-exec, outside it.
	cg_wait_procs "$g" 1
	sleep 0.2
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	[ "$rc" -eq 42 ]
	run -127 cg-exec --fork "$g" -- /nonexistent/cmd
}

@test "a fork bomb in a group with --pids 5 stays at 5" {
	cg-limit "$g" --pids 5
	# Twelve children that sleep 2 s and exit: it ends by itself.
	cg-exec "$g" -- "$BATS_FILE_TMPDIR/forkbomb" 12 2 >"$BATS_TEST_TMPDIR/out" 3>&- &
	wait_for_file "$BATS_TEST_TMPDIR/out"
	local i n peak=0 file
	file=$(cg_find "$g" pids.current)
	for ((i = 0; i < 10; i++)); do
		n=$(cat "$file")
		[ "$n" -gt "$peak" ] && peak=$n
		sleep 0.05
	done
	[ "$peak" -eq 5 ] || { echo "peak $peak processes" >&2; return 1; }
	run cg-stat --json "$g"
	jq -e '.groups[0].pids.max == 5' <<<"$output"
	wait
	# The bomb itself and four children: the fifth fork on was refused.
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = "forked 4 refused 8" ]
}

@test "cg-exec under --cpus 0.2 holds a busy loop near 20% of a CPU" {
	cg-limit "$g" --cpus 0.2
	cg_spawn "$g" sh -c 'while :; do :; done'
	cg_wait_procs "$g" 1
	local u0 u1 t0 t1
	u0=$(cg-stat --json "$g" | jq '.groups[0].cpu.usage_usec')
	t0=$(date +%s%6N)
	sleep 1.5
	u1=$(cg-stat --json "$g" | jq '.groups[0].cpu.usage_usec')
	t1=$(date +%s%6N)
	local percent=$(((u1 - u0) * 100 / (t1 - t0)))
	echo "used $percent% of a CPU" >&2
	[ "$percent" -ge 10 ] && [ "$percent" -le 35 ]
	# The kernel held it back, and cg-stat counts how often.
	[ "$(cg-stat --json "$g" | jq '.groups[0].cpu.nr_throttled')" -gt 0 ]
}

@test "cg-exec under --cpuset-cpus 0 runs only on CPU 0" {
	cg-limit "$g" --cpuset-cpus 0
	run cg-exec "$g" -- grep Cpus_allowed_list /proc/self/status
	assert_status 0
	[ "$(awk '{ print $2 }' <<<"$output")" = 0 ]
}
