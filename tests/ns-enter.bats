#!/usr/bin/env bats
# ns-enter: run a command in the namespaces of another process.
#
# Each test starts its own target, a "sleep" under ns-clone, and joins it.

load helpers

setup() {
	PIDS_FILE=$BATS_TEST_TMPDIR/pids
	: >"$PIDS_FILE"
	mounted=()
}

teardown() {
	local procs pid start i j m
	mapfile -t procs <"$PIDS_FILE"
	# Newest first: a command before the ns-clone that reaps it, so none is
	# left for init to reap. SIGKILL: PID 1 of a pid namespace ignores
	# SIGTERM. A PID is killed only while it is still the process we
	# started (same start time).
	for ((i = ${#procs[@]} - 1; i >= 0; i--)); do
		read -r pid start <<<"${procs[i]}"
		[ "$(start_time "$pid")" != "$start" ] || kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		for ((j = 0; j < 100; j++)); do
			[ "$(start_time "$pid")" = "$start" ] || break
			sleep 0.05
		done
	done
	# Namespace files before the directory they are mounted in.
	for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || true; done
}

# The start time of PID in clock ticks since boot (field 22 of its stat),
# which tells our process from a later one given the same PID.
start_time() {
	local stat fields
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	read -ra fields <<<"$stat"
	echo "${fields[19]}"
}

# Remember PID for teardown.
track() {
	echo "$1 $(start_time "$1")" >>"$PIDS_FILE"
}

# The PID of PARENT's (newest) child, once it exists; tracked.
child_of() {
	local i child
	for ((i = 0; i < 100; i++)); do
		child=$(pgrep -n -P "$1") && {
			track "$child"
			echo "$child"
			return 0
		}
		sleep 0.05
	done
	echo "no child of $1" >&2
	return 1
}

# Wait until PID runs COMMAND (after ns-clone has set up and exec'd it).
wait_for_command() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	echo "process $1 never ran $2" >&2
	return 1
}

# Start "ns-clone ARGS" in the background, its command ending in sleep, and
# set TARGET to the command's PID once it sleeps: the process to join.
# --kill-child: the command dies with ns-clone. fd 3 is bats's own: a
# child holding it would make bats wait for it.
start_target() {
	ns-clone --kill-child "$@" 3>&- >/dev/null 2>&1 &
	track $!
	TARGET=$(child_of $!)
	wait_for_command "$TARGET" sleep
}

# A private tmpfs for ns-clone --persist: a mnt namespace file can only be
# kept on a mount that propagates nowhere. Unmounted in teardown, after the
# namespace files in it.
make_persist_dir() {
	PERSIST=$BATS_TEST_TMPDIR/ns
	mkdir "$PERSIST"
	mount -t tmpfs ctrkit-test "$PERSIST"
	mount --make-private "$PERSIST"
	local t
	for t in "$@"; do mounted+=("$PERSIST/$t"); done
	mounted+=("$PERSIST")
}

@test "ns-enter -u joins the target's UTS namespace: its hostname, not ours" {
	local before
	before=$(hostname)
	start_target -u --hostname ctrkit-inside -- sleep 1000
	run ns-enter -t "$TARGET" -u hostname
	assert_status 0
	[ "$output" = ctrkit-inside ]
	[ "$(hostname)" = "$before" ]
}

@test "each namespace flag, short or long, joins the target's namespace of that type" {
	local pair flag long type
	start_target -muinpCT -- sleep 1000
	for pair in m:mount:mnt u:uts:uts i:ipc:ipc n:net:net p:pid:pid C:cgroup:cgroup T:time:time; do
		IFS=: read -r flag long type <<<"$pair"
		[ "$(readlink "/proc/$TARGET/ns/$type")" != "$(readlink "/proc/self/ns/$type")" ]
		run ns-enter -t "$TARGET" "-$flag" readlink "/proc/self/ns/$type"
		assert_status 0
		[ "$output" = "$(readlink "/proc/$TARGET/ns/$type")" ] || { echo "-$flag: $output" >&2; return 1; }
		run ns-enter -t "$TARGET" "--$long" readlink "/proc/self/ns/$type"
		assert_status 0
		[ "$output" = "$(readlink "/proc/$TARGET/ns/$type")" ] || { echo "--$long: $output" >&2; return 1; }
	done
}

@test "ns-enter -n joins a network namespace that has only lo" {
	start_target -n -- sleep 1000
	run ns-enter -t "$TARGET" -n ip -o link show
	assert_status 0
	[ "${#lines[@]}" -eq 1 ]
	assert_output_contains "lo:"
}

@test "ns-enter -i sees the target's System V message queue, and we do not" {
	start_target -i -- sh -c 'ipcmk -Q >/dev/null && exec sleep 1000'
	run ns-enter -t "$TARGET" -i ipcs -q
	assert_status 0
	[ "$(grep -c '^0x' <<<"$output")" -eq 1 ]
	run ns-enter -t "$TARGET" -u ipcs -q
	[ "$(grep -c '^0x' <<<"$output")" -eq "$(ipcs -q | grep -c '^0x')" ]
}

@test "ns-enter -m sees a mount made in the target's mount namespace" {
	local dir=$BATS_TEST_TMPDIR/m
	mkdir "$dir"
	start_target -m -- sh -c "mount -t tmpfs ctrkit-inside '$dir' && exec sleep 1000"
	run ns-enter -t "$TARGET" -m findmnt -n -o SOURCE "$dir"
	assert_status 0
	[ "$output" = ctrkit-inside ]
	! findmnt -n "$dir"
}

@test "ns-enter -p -m runs the command in the target's PID namespace, where ps sees the target as PID 1" {
	start_target -p --mount-proc -- sleep 1000
	run ns-enter -t "$TARGET" -p -m sh -c 'readlink /proc/self/ns/pid; ps -o pid= -o comm='
	assert_status 0
	[ "${lines[0]}" = "$(readlink "/proc/$TARGET/ns/pid")" ]
	[[ "$output" =~ [[:space:]]1\ sleep ]]
}

@test "ns-enter -p forks: ns-enter stays outside, the command is its child inside" {
	start_target -p -- sleep 1000
	run --separate-stderr ns-enter --explain -t "$TARGET" -p sh -c 'echo $$; echo $PPID'
	assert_status 0
	[[ "$stderr" =~ \+\ fork\(\)\ =\ [0-9]+ ]]
	# Inside, the command has a small PID, and its parent is outside the
	# namespace, which a PID namespace shows as PID 0.
	[ "${lines[0]}" -gt 1 ]
	[ "${lines[0]}" -lt 100 ]
	[ "${lines[1]}" = 0 ]
	# The parent blocks signals to forward them; the child unblocks them.
	run ns-enter -t "$TARGET" -p grep SigBlk: /proc/self/status
	assert_status 0
	[ "$output" = "$(grep SigBlk: /proc/self/status)" ]
}

@test "ns-enter -F runs the command in its own PID namespace, and only its children in the target's" {
	start_target -p -- sleep 1000
	run ns-enter -t "$TARGET" -p -F readlink /proc/self/ns/pid /proc/self/ns/pid_for_children
	assert_status 0
	[ "${lines[0]}" = "$(readlink /proc/self/ns/pid)" ]
	[ "${lines[1]}" = "$(readlink "/proc/$TARGET/ns/pid")" ]
	run --separate-stderr ns-enter --explain -t "$TARGET" -p --no-fork true
	assert_status 0
	[[ "$stderr" != *"fork()"* ]]
}

@test "ns-enter -T joins the target's time namespace, without a fork" {
	start_target -T --boottime 86400 -- sleep 1000
	run --separate-stderr ns-enter --explain -t "$TARGET" -T cat /proc/uptime
	assert_status 0
	[ "${output%%.*}" -ge 86400 ]
	[ "$(cut -d. -f1 /proc/uptime)" -lt 86400 ]
	[[ "$stderr" != *"fork()"* ]]
}

@test "ns-enter -U makes the caller root in the target's user namespace, with its uid_map" {
	start_target -U --map-root -- sleep 1000
	run ns-enter -t "$TARGET" -U sh -c 'id -u; id -g; readlink /proc/self/ns/user; cat /proc/self/uid_map'
	assert_status 0
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[ "${lines[2]}" = "$(readlink "/proc/$TARGET/ns/user")" ]
	[ "${lines[3]}" = "$(cat "/proc/$TARGET/uid_map")" ]
}

@test "ns-enter -S and -G set the user and group IDs and drop supplementary groups" {
	start_target --uid-map 0:100000:65536 --gid-map 0:100000:65536 -- sleep 1000
	run ns-enter -t "$TARGET" -U -S 1000 -G 2000 sh -c 'id -u; id -g; id -G'
	assert_status 0
	[ "${lines[0]}" = 1000 ]
	[ "${lines[1]}" = 2000 ]
	[ "${lines[2]}" = 2000 ]
	run ns-enter -t "$TARGET" -U --setuid 65534 --setgid 65534 id -u
	assert_status 0
	[ "$output" = 65534 ]
	# Without a user namespace too: the IDs are the host's.
	start_target -u -- sleep 1000
	run ns-enter -t "$TARGET" -u -S 65534 -G 65534 sh -c 'id -u; id -G'
	assert_status 0
	[ "${lines[0]}" = 65534 ]
	[ "${lines[1]}" = 65534 ]
}

@test "ns-enter --preserve-credentials keeps the caller's IDs in the user namespace" {
	local overflow
	overflow=$(cat /proc/sys/kernel/overflowuid)
	# Root outside (0) is not mapped in this namespace: it shows as the
	# overflow ID inside, unless ns-enter becomes the namespace's root.
	start_target --uid-map 0:100000:65536 --gid-map 0:100000:65536 -- sleep 1000
	run ns-enter -t "$TARGET" -U --preserve-credentials id -u
	assert_status 0
	[ "$output" = "$overflow" ]
	run ns-enter -t "$TARGET" -U id -u
	assert_status 0
	[ "$output" = 0 ]
}

@test "ns-enter -U into a user namespace without a map fails on setgid, and says what to do" {
	start_target -U -- sleep 1000
	run ns-enter -t "$TARGET" -U true
	assert_status 125
	assert_output_contains "setgid(0): Invalid argument"
	assert_output_contains "not mapped"
	assert_output_contains "--preserve-credentials"
	run ns-enter -t "$TARGET" -U --preserve-credentials id -u
	assert_status 0
	[ "$output" = "$(cat /proc/sys/kernel/overflowuid)" ]
}

@test "ns-enter -a joins every namespace of the target" {
	start_target -a --map-root --mount-proc --hostname everything -- sleep 1000
	local types="user cgroup ipc uts net pid mnt time" t
	run ns-enter -t "$TARGET" -a sh -c "for t in $types; do readlink /proc/self/ns/\$t; done; hostname"
	assert_status 0
	[ "${#lines[@]}" -eq 9 ]
	local i=0
	for t in $types; do
		[ "${lines[i]}" = "$(readlink "/proc/$TARGET/ns/$t")" ] || { echo "$t: ${lines[i]}" >&2; return 1; }
		i=$((i + 1))
	done
	[ "${lines[8]}" = everything ]
}

@test "ns-enter -a skips the namespaces the caller already shares, the user namespace among them" {
	start_target -u -- sleep 1000
	run --separate-stderr ns-enter --explain -t "$TARGET" -a hostname
	assert_status 0
	[ "$(grep -c '^+ setns(' <<<"$stderr")" -eq 1 ]
	[[ "$stderr" == *"+ setns(/proc/$TARGET/ns/uts, CLONE_NEWUTS)"* ]]
}

@test "ns-enter -U into the caller's own user namespace fails, and says why" {
	run ns-enter -t $$ -U true
	assert_status 125
	assert_output_contains "setns(/proc/$$/ns/user, CLONE_NEWUSER): Invalid argument"
	assert_output_contains "already in this user namespace"
}

@test "ns-enter --host-exec runs a static tool of ours in a root that lacks it" {
	local root=$BATS_TEST_TMPDIR/root
	"$BATS_TEST_DIRNAME/../scripts/mk-busybox-rootfs" "$root" >/dev/null
	start_target -m -- chroot "$root" sleep 1000
	# ctr-creds is linked static: it needs nothing from the host's root.
	run ns-enter -t "$TARGET" -m -r --host-exec -- ctr-creds --user nobody -- id
	assert_status 0
	[ "$output" = "uid=65534(nobody) gid=65534(nogroup)" ]
	# Without it, ctr-creds is looked for in the target's root, in vain.
	run -127 ns-enter -t "$TARGET" -m -r -- ctr-creds -- id
	assert_status 127
	# A dynamically linked tool would load its libraries from that root.
	run -126 ns-enter -t "$TARGET" -m -r --host-exec -- ns-list
	assert_status 126
	run ns-enter -t "$TARGET" -m --host-exec
	assert_status 125
	assert_output_contains "--host-exec needs a COMMAND"
}

@test "ns-enter -r and -w follow the target into its chroot" {
	local root=$BATS_TEST_TMPDIR/root
	mkdir -p "$root/usr" "$root/work"
	ln -s usr/bin "$root/bin"
	ln -s usr/lib "$root/lib"
	ln -s usr/lib64 "$root/lib64"
	touch "$root/marker"
	# /usr is bound into the root only inside the target's mount namespace.
	start_target -m -- sh -c "mount --rbind /usr '$root/usr' && exec chroot '$root' sh -c 'cd /work && exec sleep 1000'"
	run ns-enter -t "$TARGET" -m -r -w sh -c 'pwd; ls /'
	assert_status 0
	[ "${lines[0]}" = /work ]
	assert_output_contains marker
	# -r alone: the root's top directory.
	run ns-enter -t "$TARGET" -m --root pwd
	assert_status 0
	[ "$output" = / ]
	# -m alone: the mount namespace's own root, above the chroot.
	run ns-enter -t "$TARGET" -m sh -c 'pwd; ls -d "$0"' "$root/marker"
	assert_status 0
	[ "${lines[0]}" = / ]
	[ "${lines[1]}" = "$root/marker" ]
	# -w alone: the target's directory, as a path in the namespace.
	run ns-enter -t "$TARGET" -m --wd pwd
	assert_status 0
	[ "$output" = "$root/work" ]
}

@test "ns-enter --root=DIR and --wd=DIR are opened as the caller sees them, before joining" {
	local root=$BATS_TEST_TMPDIR/root
	mkdir -p "$root/usr" "$root/work"
	ln -s usr/bin "$root/bin"
	ln -s usr/lib "$root/lib"
	ln -s usr/lib64 "$root/lib64"
	start_target -u -- sleep 1000
	run ns-enter -t "$TARGET" -u --wd="$BATS_TEST_TMPDIR" pwd
	assert_status 0
	[ "$output" = "$BATS_TEST_TMPDIR" ]
	# The bind mount of /usr is made in a mount namespace of the test's own.
	run unshare -m --propagation private sh -c \
		"mount --rbind /usr '$root/usr' && exec '$CTRKIT_BIN/ns-enter' -t '$TARGET' -u --root='$root' --wd='$root/work' pwd"
	assert_status 0
	[ "$output" = /work ]
}

@test "ns-enter -e gives the command the target's environment, and only that" {
	start_target -u -- env -i CTRKIT_FROM=target PATH=/usr/bin:/bin sleep 1000
	run env CTRKIT_MINE=caller ns-enter -t "$TARGET" -u -e env
	assert_status 0
	[ "$(sort <<<"$output")" = "$(printf 'CTRKIT_FROM=target\nPATH=/usr/bin:/bin')" ]
	run env CTRKIT_MINE=caller ns-enter -t "$TARGET" -u env
	assert_output_contains CTRKIT_MINE=caller
}

@test "ns-enter joins namespaces by file, as ns-clone --persist keeps them" {
	make_persist_dir uts ipc net mnt
	run ns-clone -uinm --hostname kept --persist "$PERSIST" -- true
	assert_status 0
	run ns-enter --uts="$PERSIST/uts" hostname
	assert_status 0
	[ "$output" = kept ]
	run ns-enter --net="$PERSIST/net" ip -o link show
	assert_status 0
	[ "${#lines[@]}" -eq 1 ]
	assert_output_contains "lo:"
	run ns-enter --mount="$PERSIST/mnt" --ipc="$PERSIST/ipc" readlink /proc/self/ns/mnt /proc/self/ns/ipc
	assert_status 0
	[ "${lines[0]}" = "mnt:[$(stat -c %i "$PERSIST/mnt")]" ]
	[ "${lines[1]}" = "ipc:[$(stat -c %i "$PERSIST/ipc")]" ]
}

@test "ns-enter takes FILE as -nFILE, -n=FILE and --net=FILE, and a FILE wins over -t" {
	make_persist_dir uts net
	run ns-clone -un --hostname kept --persist "$PERSIST" -- true
	assert_status 0
	local want
	want="net:[$(stat -c %i "$PERSIST/net")]"
	run ns-enter "-n$PERSIST/net" readlink /proc/self/ns/net
	[ "$output" = "$want" ]
	run ns-enter "-n=$PERSIST/net" readlink /proc/self/ns/net
	[ "$output" = "$want" ]
	run ns-enter --net="$PERSIST/net" readlink /proc/self/ns/net
	[ "$output" = "$want" ]
	start_target -u --hostname from-target -- sleep 1000
	run ns-enter -t "$TARGET" -a --uts="$PERSIST/uts" hostname
	assert_status 0
	[ "$output" = kept ]
}

@test "ns-enter passes the command's exit status through, with and without a fork" {
	start_target -up -- sleep 1000
	run ns-enter -t "$TARGET" -u true
	assert_status 0
	run ns-enter -t "$TARGET" -u sh -c 'exit 7'
	assert_status 7
	run ns-enter -t "$TARGET" -p true
	assert_status 0
	run ns-enter -t "$TARGET" -p sh -c 'exit 42'
	assert_status 42
}

@test "ns-enter exits 128+N when the command is killed by signal N, with and without a fork" {
	start_target -up -- sleep 1000
	run ns-enter -t "$TARGET" -u sh -c 'kill -9 $$'
	assert_status 137
	run ns-enter -t "$TARGET" -p sh -c 'kill -15 $$'
	assert_status 143
}

@test "ns-enter exits 127 when the command is not found, 126 when it cannot be executed" {
	local file=$BATS_TEST_TMPDIR/not-executable
	echo data >"$file"
	chmod 644 "$file"
	start_target -up -- sleep 1000
	run -127 --separate-stderr ns-enter -t "$TARGET" -u /no/such/command
	[[ "$stderr" == *"exec /no/such/command: No such file or directory"* ]]
	run -127 ns-enter -t "$TARGET" -p /no/such/command
	run -126 --separate-stderr ns-enter -t "$TARGET" -u "$file"
	[[ "$stderr" == *"Permission denied"* ]]
	run -126 ns-enter -t "$TARGET" -p "$file"
}

@test "ns-enter runs \$SHELL without a command, and /bin/sh without \$SHELL" {
	local shell=$BATS_TEST_TMPDIR/shell
	printf '#!/bin/sh\necho ctrkit-shell\n' >"$shell"
	chmod 755 "$shell"
	start_target -u -- sleep 1000
	run env SHELL="$shell" ns-enter -t "$TARGET" -u
	assert_status 0
	[ "$output" = ctrkit-shell ]
	run --separate-stderr env -u SHELL ns-enter --explain -t "$TARGET" -u </dev/null
	assert_status 0
	[[ "$stderr" == *'+ execvp("/bin/sh")'* ]]
}

@test "ns-enter forwards SIGTERM to the command it forked, and exits with its status" {
	local out=$BATS_TEST_TMPDIR/out
	start_target -p -- sleep 1000
	ns-enter -t "$TARGET" -p sh -c 'trap "echo got-term; exit 42" TERM; echo ready; while :; do sleep 0.1; done' \
		3>&- >"$out" 2>&1 &
	local enter=$!
	track "$enter"
	child_of "$enter" >/dev/null
	local i
	for ((i = 0; i < 200; i++)); do grep -q ready "$out" 2>/dev/null && break; sleep 0.05; done
	kill -TERM "$enter"
	status=0
	wait "$enter" || status=$?
	assert_status 42
	grep -q got-term "$out"
}

@test "ns-enter reports a PID that is gone" {
	true &
	local gone=$!
	wait "$gone"
	run ns-enter -t "$gone" -u true
	assert_status 125
	assert_output_contains "no process $gone: it exited or never existed"
}

@test "ns-enter rejects a PID that is not a number" {
	local bad
	for bad in abc 12x -5 "" 0; do
		run ns-enter -t "$bad" -u true
		assert_status 125
		assert_output_contains "bad PID '$bad'"
	done
}

@test "ns-enter refuses a namespace file of the wrong type, and names both types" {
	start_target -un -- sleep 1000
	run ns-enter --uts="/proc/$TARGET/ns/net" true
	assert_status 125
	assert_output_contains "/proc/$TARGET/ns/net is a net namespace, not a uts namespace"
}

@test "ns-enter refuses a file that is not a namespace file" {
	local file=$BATS_TEST_TMPDIR/plain
	echo data >"$file"
	run ns-enter --net="$file" true
	assert_status 125
	assert_output_contains "$file is not a namespace file"
	assert_output_contains "ns-clone --persist"
	run ns-enter --net="$BATS_TEST_TMPDIR/missing" true
	assert_status 125
	assert_output_contains "open $BATS_TEST_TMPDIR/missing: No such file or directory"
}

@test "ns-enter without -t needs a FILE for every namespace, and a namespace at all" {
	run ns-enter -u true
	assert_status 125
	assert_output_contains "--uts needs a namespace file without -t PID"
	assert_output_contains "Try 'ns-enter --help'"
	run ns-enter -a true
	assert_status 125
	assert_output_contains "--all needs -t PID"
	run ns-enter -t $$ true
	assert_status 125
	assert_output_contains "no namespace to enter"
	run ns-enter --uts=/proc/$$/ns/uts -r true
	assert_status 125
	assert_output_contains "--root and --wd without DIR need -t PID"
	run ns-enter --uts=/proc/$$/ns/uts -e true
	assert_status 125
	assert_output_contains "--env needs -t PID"
}

@test "ns-enter explains EPERM: joining needs CAP_SYS_ADMIN over the namespace" {
	make_persist_dir uts
	run ns-clone -u --persist "$PERSIST" -- true
	assert_status 0
	# Root of a new user namespace has no capability over the host's.
	run ns-clone -Ur -- ns-enter --uts="$PERSIST/uts" true
	assert_status 125
	assert_output_contains "setns($PERSIST/uts, CLONE_NEWUTS): Operation not permitted"
	assert_output_contains "CAP_SYS_ADMIN"
	assert_output_contains "-U"
}

@test "ns-enter says so when the kernel lacks a namespace type" {
	start_target -u -- sleep 1000
	# A kernel without time namespaces has no /proc/self/ns/time. Show
	# ns-enter such a kernel: hide its own ns directory under an empty
	# tmpfs, in a mount namespace of the test's own (exec keeps the PID).
	run unshare -m --propagation private sh -c \
		"mount -t tmpfs ctrkit-test /proc/\$\$/ns || exit 99; exec '$CTRKIT_BIN/ns-enter' -t '$TARGET' -T true"
	[ "$status" -ne 99 ] || skip "this kernel refuses a mount over /proc/PID/ns: $output"
	assert_status 125
	assert_output_contains "this kernel has no time namespaces (/proc/self/ns/time is missing)"
}

@test "ns-enter rejects bad IDs and unknown options" {
	run ns-enter -t $$ -u -S nobody true
	assert_status 125
	assert_output_contains "bad UID 'nobody'"
	run ns-enter -t $$ -u -G 4294967295 true
	assert_status 125
	assert_output_contains "GID '4294967295' is out of range"
	run ns-enter --bogus
	assert_status 125
	assert_output_contains "unrecognized option '--bogus'"
	run ns-enter -t $$ -t $$ -u true
	assert_status 125
	assert_output_contains "--target given twice"
}

@test "ns-enter --explain prints each open, setns, fork, chroot and exec" {
	start_target -pmu --mount-proc -- sleep 1000
	run --separate-stderr ns-enter --explain -t "$TARGET" -u -p -m -r true
	assert_status 0
	local want
	want=$(printf '%s\n' \
		"+ open(\"/proc/$TARGET/ns/uts\") = N" \
		"+ open(\"/proc/$TARGET/ns/pid\") = N" \
		"+ open(\"/proc/$TARGET/ns/mnt\") = N" \
		"+ open(\"/proc/$TARGET/root\") = N" \
		"+ setns(/proc/$TARGET/ns/uts, CLONE_NEWUTS)" \
		"+ setns(/proc/$TARGET/ns/pid, CLONE_NEWPID)" \
		"+ fork() = N" \
		"+ setns(/proc/$TARGET/ns/mnt, CLONE_NEWNS)" \
		"+ fchdir(/proc/$TARGET/root)" \
		"+ chroot(\".\")" \
		"+ chdir(\"/\")" \
		"+ execvp(\"true\")")
	# The numbers vary: bats holds fds of its own, and PIDs change.
	[ "$(sed -E 's/\) = [0-9]+$/) = N/' <<<"$stderr")" = "$want" ]
}

@test "ns-enter --explain shows the credentials it sets in a user namespace" {
	start_target -U --map-root -- sleep 1000
	run --separate-stderr ns-enter --explain -t "$TARGET" -U true
	assert_status 0
	[[ "$stderr" == *"+ setns(/proc/$TARGET/ns/user, CLONE_NEWUSER)"* ]]
	[[ "$stderr" == *"+ setgid(0)"*"+ setuid(0)"* ]]
}

@test "CTRKIT_EXPLAIN=1 traces ns-enter, and --explain passes on down the chain" {
	start_target -u -- sleep 1000
	run --separate-stderr env CTRKIT_EXPLAIN=1 ns-enter -t "$TARGET" -u true
	assert_status 0
	[[ "$stderr" == *"+ setns(/proc/$TARGET/ns/uts, CLONE_NEWUTS)"* ]]
	run --separate-stderr ns-enter --explain -t "$TARGET" -u -e "$CTRKIT_BIN/ns-clone" -i -- true
	assert_status 0
	[[ "$stderr" == *"+ clone(CLONE_NEWIPC|SIGCHLD)"* ]]
}

@test "ns-enter --help documents every option and exits 0" {
	run ns-enter --help
	assert_status 0
	[ "${lines[0]}" = "Usage: ns-enter [OPTIONS] [--] [COMMAND [ARG...]]" ]
	[[ "${lines[1]}" == *. ]]
	local opt
	for opt in --target --all --mount --uts --ipc --net --pid --user --cgroup --time --root --wd \
		--env --setuid --setgid --preserve-credentials --no-fork --host-exec --explain --help --version; do
		assert_output_contains -- "$opt"
	done
}

@test "ns-enter --version prints the version and exits 0" {
	run ns-enter --version
	assert_status 0
	[[ "$output" == "ns-enter (ctrkit) "* ]]
}
