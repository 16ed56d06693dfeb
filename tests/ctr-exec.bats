#!/usr/bin/env bats
# ctr-exec: another command in a running container — its cgroup, its
# namespaces, its root, its environment, Docker's credentials.

load helpers

setup_file() {
	export CTRKIT_STORE=$BATS_FILE_TMPDIR/store
	"$BATS_TEST_DIRNAME/../scripts/mk-images" "$BATS_FILE_TMPDIR/images" >/dev/null
	CTRKIT_STATE=$BATS_FILE_TMPDIR/state img-import "$BATS_FILE_TMPDIR/images/busybox" >/dev/null
}

setup() {
	export CTRKIT_STORE=$BATS_FILE_TMPDIR/store CTRKIT_STATE=$BATS_TEST_TMPDIR/state
	# ctr-run's default bridge must not be made on this machine by a test.
	export CTRKIT_NETWORK=none
	unset CTRKIT_CGROUP_PARENT
}

teardown() {
	local id
	for id in $(ctr-ps -aq --no-trunc 2>/dev/null || ctr-ps -aq 2>/dev/null); do
		ctr-rm -f "$id" >/dev/null 2>&1 || true
	done
}

# A detached busybox container NAME running `sleep 60`, with -e FOO=bar.
start() {
	ctr-run -d --name "$1" -e FOO=bar --hostname "$1" busybox sleep 60 3>&- >/dev/null
}

@test "ctr-exec runs in the container's PID namespace, hostname, root and cgroup" {
	start web
	run ctr-exec web sh -c 'ps -o pid,comm; hostname; cat /etc/hostname; cat /proc/self/cgroup | grep -c "::/$\|:/$"'
	assert_status 0
	[[ "${lines[1]}" =~ ^\ +1\ sleep ]]
	assert_output_contains "web"
	assert_output_contains "busybox"
	# the container's own cgroup namespace: its group is the root
	[ "${lines[-1]}" -ge 1 ]
	# and the same cgroup on the host
	run cat "/proc/$(ctr-inspect -f State.Pid web)/cgroup"
	assert_output_contains "$(ctr-inspect -f Cgroup web)"
}

@test "ctr-exec gives the command PID 1's environment, and -e on top" {
	start web
	run ctr-exec -e EXTRA=1 -e FOO=baz web sh -c 'echo "$FOO $EXTRA $HOSTNAME"; env | grep -c CTRKIT_STORE'
	[ "${lines[0]}" = "baz 1 web" ]
	[ "${lines[1]}" = 0 ]
}

@test "ctr-exec has Docker's capabilities and no_new_privs; -u runs as a user of the image" {
	start web
	run ctr-exec web grep -E '^(CapBnd|CapEff|CapInh|NoNewPrivs)' /proc/self/status
	assert_status 0
	assert_output_contains "CapBnd:	00000000a80425fb"
	assert_output_contains "CapEff:	00000000a80425fb"
	assert_output_contains "CapInh:	0000000000000000"
	assert_output_contains "NoNewPrivs:	1"
	run ctr-exec -u nobody web id
	[ "$output" = "uid=65534(nobody) gid=65534(nogroup)" ]
	run ctr-exec web mount -t tmpfs x /mnt
	[ "$status" -ne 0 ]
}

@test "ctr-exec runs as the container does, as docker exec: its user, its --cap-add and --cap-drop" {
	ctr-run -d --name narrow -u nobody --cap-drop ALL --cap-add NET_RAW busybox sleep 60 3>&- >/dev/null
	[ "$(ctr-inspect -f '{{.Config.User}} {{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}}' narrow)" = \
		'nobody ["NET_RAW"] ["ALL"]' ]
	run ctr-exec narrow sh -c 'id; grep -E "^(CapBnd|CapEff)" /proc/self/status'
	assert_status 0
	[ "${lines[0]}" = "uid=65534(nobody) gid=65534(nogroup)" ]
	# NET_RAW (bit 13) alone in its bounding set; nobody has none in effect.
	[ "${lines[1]}" = "CapEff:	0000000000000000" ]
	[ "${lines[2]}" = "CapBnd:	0000000000002000" ]
	# -u 0 is root, but with the container's capabilities, not Docker's.
	run ctr-exec -u 0 narrow grep CapEff /proc/self/status
	[ "$output" = "CapEff:	0000000000002000" ]
}

@test "ctr-exec passes the command's status through: N, 126, 127" {
	start web
	run ctr-exec web sh -c 'exit 7'
	assert_status 7
	run -127 ctr-exec web /no/such
	assert_status 127
	run -126 ctr-exec web /etc/passwd
	assert_status 126
}

@test "ctr-exec -i passes stdin; without it the command reads nothing" {
	start web
	run bash -c 'echo typed | ctr-exec -i web cat'
	[ "$output" = typed ]
	run bash -c 'echo typed | ctr-exec web cat'
	[ -z "$output" ]
}

@test "ctr-exec -it gives an interactive shell a terminal" {
	start web
	run python3 "$BATS_TEST_DIRNAME/fixtures/pty-drive.py" --rows 30 --cols 90 -- ctr-exec -it web sh <<'EOF'
expect / # 
send stty size; tty\r
expect 30 90
send exit 3\r
EOF
	assert_status 0
	assert_output_contains "status 3"
	assert_output_contains "30 90"
}

@test "ctr-exec refuses a paused, an exited and a missing container" {
	start web
	ctr-pause web >/dev/null
	run ctr-exec web true
	assert_status 125
	assert_output_contains "it is paused"
	ctr-unpause web >/dev/null
	ctr-stop -t 0 web >/dev/null
	run ctr-exec web true
	assert_status 125
	assert_output_contains "it is exited"
	run ctr-exec nosuch true
	assert_status 125
	assert_output_contains "no such container"
}

@test "ctr-exec --explain shows the chain's system calls; usage errors are 125" {
	start web
	run --separate-stderr ctr-exec --explain web true
	assert_status 0
	[[ "$stderr" == *"setns("*"CLONE_NEWPID"* ]]
	[[ "$stderr" == *"execveat("*"ctr-creds"* ]]
	[[ "$stderr" == *"capset("* ]]
	run ctr-exec web
	assert_status 125
	assert_output_contains "give a container and a command"
	run ctr-exec --bogus web true
	assert_status 125
}

@test "ctr-exec --help documents every option and exits 0" {
	run ctr-exec --help
	assert_status 0
	[[ "${lines[0]}" == "Usage: ctr-exec "* ]]
	local opt
	for opt in --interactive --tty --env --user --explain --help --version; do
		assert_output_contains -- "$opt"
	done
}
