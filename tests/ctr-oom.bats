#!/usr/bin/env bats
# A container that runs out of memory: the kernel's OOM kill, recorded.

load helpers
load cg-helpers
load ctr-helpers

setup_file() {
	# The OOM victim: a tiny C program that really touches its memory.
	cc -O2 -o "$BATS_FILE_TMPDIR/memhog" "$BATS_TEST_DIRNAME/fixtures/memhog.c"
}

setup() { ctr_setup; }
teardown() { ctr_teardown; }

@test "a hog in a container limited to 32M is OOM-killed: exit 137 and OOMKilled in ctr-inspect and ctr-ps" {
	local swap=()
	ctr_new hog -- memhog 256
	if cg_find "$g" memory.swap.max >/dev/null || cg_find "$g" memory.memsw.limit_in_bytes >/dev/null; then
		swap=(--memory-swap 32M) # no swap to escape to
	fi
	cg-limit "$g" --memory 32M "${swap[@]}"
	# shellcheck disable=SC2046
	ctr-monitor --id hog -d -- $(ctr_chain) "$BATS_FILE_TMPDIR/memhog" 256 >/dev/null
	ctr_wait_status hog exited 30
	[ "$(ctr_field hog State.ExitCode)" = 137 ]
	[ "$(ctr_field hog State.OOMKilled)" = true ]
	run ctr-ps -a --json
	jq -e '.containers[0] | .names == "hog" and .exit_code == 137 and .oom_killed == true' <<<"$output"
	run ctr-ps -a -o NAMES,STATUS,OOM_KILLED
	assert_output_contains "Exited (137)"
	assert_output_contains "yes"
}

@test "the same hog with room to spare is not OOM-killed" {
	ctr_new hog -- memhog 16
	cg-limit "$g" --memory 128M
	# shellcheck disable=SC2046
	run ctr-monitor --id hog -- $(ctr_chain) "$BATS_FILE_TMPDIR/memhog" 16
	assert_status 0
	[ "$(ctr_field hog State.OOMKilled)" = false ]
	[ "$(ctr_field hog State.ExitCode)" = 0 ]
}

@test "a container stopped by SIGKILL is not taken for an OOM kill" {
	ctr_new web -- sleep 100
	cg-limit "$g" --memory 32M
	# shellcheck disable=SC2046
	ctr-monitor --id web -d -- $(ctr_chain) sleep 100 >/dev/null
	ctr-kill web >/dev/null
	ctr_wait_status web exited
	[ "$(ctr_field web State.ExitCode)" = 137 ]
	[ "$(ctr_field web State.OOMKilled)" = false ]
}
