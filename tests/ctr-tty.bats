#!/usr/bin/env bats
# ctr-tty: run a command on a new pseudo-terminal, relaying the caller's
# terminal to it.
#
# The caller's terminal is a pty of the test's own: tests/fixtures/pty-drive.py
# (python3, standard library only) starts the command on it, types, waits for
# answers, resizes, and reports the exit status and whether the terminal's
# modes after are those from before. Every command it starts ends (or is
# killed by it) before the test does.

load helpers

drive() {
	python3 "$BATS_TEST_DIRNAME/fixtures/pty-drive.py" "$@"
}

@test "an interactive shell inside answers typed commands, and its exit status is ctr-tty's" {
	run drive -- ctr-tty -- sh <<'END'
expect # 
send echo hel''lo\r
expect hello
send exit 3\r
END
	assert_status 0
	[ "${lines[0]}" = "status 3" ]
	[ "${lines[1]}" = "modes same" ]
	assert_output_contains "echo hel''lo"
}

@test "the pty has the caller's size, set with stty rows 33 cols 101" {
	run drive -- sh -c 'stty rows 33 cols 101; ctr-tty -- stty size'
	assert_status 0
	[ "${lines[0]}" = "status 0" ]
	grep -qx $'33 101\r' <<<"$output"
}

@test "a resize of the caller's terminal reaches the command (SIGWINCH, TIOCSWINSZ)" {
	run drive --rows 24 --cols 80 -- ctr-tty -- sh -c 'trap "echo resized \$(stty size)" WINCH; echo ready; while :; do read -r x && exit 0; done' <<'END'
expect ready
resize 40 132
expect resized 40 132
send \r
END
	assert_status 0
	[ "${lines[0]}" = "status 0" ]
}

@test "the command is in a session of its own, its stdio a tty (/dev/pts/N) that is its controlling terminal" {
	run drive -- ctr-tty -- sh -c '
		tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-ttys
		read -r _ _ _ _ _ sid tty_nr _ </proc/$$/stat; [ "$sid" = $$ ] && echo session-leader
		[ "$tty_nr" != 0 ] && : </dev/tty && echo has-ctty
		[ "$(readlink /proc/$$/fd/0)" != "$(readlink /proc/$PPID/fd/0)" ] && echo not-the-callers'
	assert_status 0
	[ "${lines[0]}" = "status 0" ]
	grep -qE $'^/dev/pts/[0-9]+\r$' <<<"$output"
	assert_output_contains all-ttys
	assert_output_contains session-leader
	assert_output_contains has-ctty
	assert_output_contains not-the-callers
}

@test "the caller's terminal modes are the same after (stty -g), raw only while it runs" {
	run drive -- sh -c 'before=$(stty -g); ctr-tty -- sh -c "exit 2"; echo "rc $?"; [ "$(stty -g)" = "$before" ] && echo restored' <<'END'
expect restored
END
	assert_status 0
	assert_output_contains "rc 2"
	# While it runs, the caller's terminal is raw: no echo, no signal keys.
	# (A background command keeps the terminal as stdin only when told.)
	run drive -- sh -c 'exec 3<&0; ctr-tty -- sleep 1 <&3 & sleep 0.5; stty -a; wait'
	assert_status 0
	assert_output_contains "-icanon"
	assert_output_contains "-echo "
	assert_output_contains "-isig"
}

@test "a signal to ctr-tty goes to the command, and the modes are still restored" {
	run drive -- sh -c 'before=$(stty -g); ctr-tty -- sh -c "kill -TERM \$PPID; exec sleep 10"; echo "rc $?"; [ "$(stty -g)" = "$before" ] && echo restored'
	assert_status 0
	assert_output_contains "rc 143"
	assert_output_contains restored
}

@test "with stdin not a terminal it relays until end of input, then sends end-of-file" {
	run ctr-tty -- sh -c 'read -r a; echo "got $a"; cat; echo "cat ended"; exit 4' < <(printf 'one\npartial')
	assert_status 4
	assert_output_contains "got one"
	assert_output_contains "partial"
	assert_output_contains "cat ended"
	run ctr-tty -- cat </dev/null
	assert_status 0
}

@test "ctr-tty --no-stdin relays no input: the command reads nothing, and is still on a pty" {
	run ctr-tty -- bash -c 'read -t 2 line; echo "got ${line:-nothing}"' <<<typed
	assert_output_contains "got typed"
	run ctr-tty --no-stdin -- bash -c '[ -t 0 ] && echo stdin-tty; read -t 1 line; echo "got ${line:-nothing}"' <<<typed
	assert_status 0
	assert_output_contains "stdin-tty"
	assert_output_contains "got nothing"
}

@test "ctr-tty passes the command's status through: 128+N for a signal, 126, 127" {
	run ctr-tty -- sh -c 'kill -KILL $$' </dev/null
	assert_status 137
	run -127 ctr-tty -- /no/such/command </dev/null
	assert_output_contains "exec /no/such/command: No such file or directory"
	touch "$BATS_TEST_TMPDIR/plain"
	run -126 ctr-tty -- "$BATS_TEST_TMPDIR/plain" </dev/null
	assert_output_contains "Permission denied"
	run ctr-tty
	assert_status 125
	assert_output_contains "no command given"
}

@test "ctr-tty works in front of a container's chain: the shell inside is interactive" {
	local rootfs=$BATS_TEST_TMPDIR/rootfs
	"$BATS_TEST_DIRNAME/../scripts/mk-busybox-rootfs" "$rootfs"
	run drive --rows 33 --cols 101 -- ctr-tty -- ns-clone -pmu -- rootfs-pivot --host-exec "$rootfs" -- ctr-creds --user nobody -- sh <<'END'
expect / \$ 
send echo "$(id -u) $$ $(stty size)"\r
expect 65534 1 33 101
send exit 6\r
END
	assert_status 0
	[ "${lines[0]}" = "status 6" ]
	[ "${lines[1]}" = "modes same" ]
}

@test "ctr-tty --explain traces the pty, the fork, the child's session and terminal" {
	run --separate-stderr ctr-tty --explain -- true </dev/null
	assert_status 0
	[[ "$stderr" == *"+ posix_openpt(O_RDWR|O_NOCTTY|O_CLOEXEC) = "*" (/dev/pts/"* ]]
	[[ "$stderr" == *"+ fork() = "* ]]
	# The child's lines went through the pty: stdout here.
	[[ "$output" == *"+ setsid() = "*"+ ioctl("*", TIOCSCTTY, 0)"*'+ execvp("true")'* ]]
}

@test "ctr-tty --help documents every option and exits 0" {
	run ctr-tty --help
	assert_status 0
	[ "${lines[0]}" = "Usage: ctr-tty [OPTIONS] [--] COMMAND [ARG...]" ]
	[[ "${lines[1]}" == *. ]]
	local opt
	for opt in --explain --help --version; do
		assert_output_contains -- "$opt"
	done
	run ctr-tty --version
	assert_status 0
	[[ "$output" == "ctr-tty (ctrkit) "* ]]
}
