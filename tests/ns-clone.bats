#!/usr/bin/env bats
# ns-clone: run a command in new namespaces.

load helpers

setup() {
	pids=()
	mounted=()
}

teardown() {
	local p m
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.05; done; done
	for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || true; done
}

# Each namespace type, its flag, and how to read it from inside.
@test "each namespace flag gives the command a new namespace of that type" {
	local flag type
	for pair in m:mnt u:uts i:ipc n:net p:pid U:user C:cgroup T:time; do
		flag=${pair%%:*} type=${pair#*:}
		run ns-clone "-$flag" -- readlink "/proc/self/ns/$type"
		assert_status 0
		[ "$output" != "$(readlink "/proc/self/ns/$type")" ] || {
			echo "-$flag left the $type namespace unchanged: $output" >&2
			return 1
		}
	done
}

@test "each long namespace option is the same as its letter" {
	local long type
	for pair in mount:mnt uts:uts ipc:ipc net:net pid:pid user:user cgroup:cgroup time:time; do
		long=${pair%%:*} type=${pair#*:}
		run ns-clone "--$long" -- readlink "/proc/self/ns/$type"
		assert_status 0
		[ "$output" != "$(readlink "/proc/self/ns/$type")" ]
	done
}

@test "ns-clone --all gives the command all eight new namespaces" {
	run ns-clone --all -- sh -c 'for t in mnt uts ipc net pid user cgroup time; do readlink /proc/self/ns/$t; done'
	assert_status 0
	local host
	host=$(for t in mnt uts ipc net pid user cgroup time; do readlink "/proc/self/ns/$t"; done)
	[ "$(comm -12 <(sort <<<"$output") <(sort <<<"$host"))" = "" ]
	[ "$(wc -l <<<"$output")" -eq 8 ]
}

@test "ns-clone -p makes the command PID 1" {
	run ns-clone -p -- sh -c 'echo $$'
	assert_status 0
	[ "$output" = 1 ]
}

@test "ns-clone --mount-proc shows only the new PID namespace in /proc" {
	run ns-clone -p --mount-proc -- sh -c 'ls -d /proc/[0-9]* | wc -l; cat /proc/1/comm'
	assert_status 0
	[ "${lines[0]}" -le 3 ]
	[ "${lines[1]}" = sh ]
	# The host's /proc is untouched.
	[ -e /proc/1/comm ] && [ "$(ls -d /proc/[0-9]* | wc -l)" -gt 3 ]
}

@test "ns-clone --mount-proc implies a new mount namespace" {
	run ns-clone -p --mount-proc -- readlink /proc/self/ns/mnt
	assert_status 0
	[ "$output" != "$(readlink /proc/self/ns/mnt)" ]
}

@test "ns-clone -m makes mounts private by default, and --propagation chooses otherwise" {
	run ns-clone -m -- findmnt -n -o PROPAGATION /
	assert_status 0
	[ "$output" = private ]
	# A slave needs a shared master: give the test's own namespace one.
	run unshare -m --propagation shared -- "$CTRKIT_BIN/ns-clone" -m --propagation slave -- findmnt -n -o PROPAGATION /
	assert_status 0
	[ "$output" = private,slave ]
	run unshare -m --propagation shared -- "$CTRKIT_BIN/ns-clone" -m --propagation unchanged -- findmnt -n -o PROPAGATION /
	assert_status 0
	[ "$output" = shared ]
}

@test "a mount made inside ns-clone -m does not appear outside" {
	run ns-clone -m -- sh -c "mount -t tmpfs ctrkit-inside '$BATS_TEST_TMPDIR' && findmnt -n -o SOURCE '$BATS_TEST_TMPDIR'"
	assert_status 0
	[ "$output" = ctrkit-inside ]
	refute findmnt -n "$BATS_TEST_TMPDIR"
}

@test "ns-clone --hostname sets the hostname only inside" {
	local before
	before=$(hostname)
	run ns-clone --hostname ctrkit-box -- hostname
	assert_status 0
	[ "$output" = ctrkit-box ]
	[ "$(hostname)" = "$before" ]
}

@test "ns-clone -u lets the command change its hostname without touching the host's" {
	local before
	before=$(hostname)
	run ns-clone -u -- sh -c 'hostname changed-inside && hostname'
	assert_status 0
	[ "$output" = changed-inside ]
	[ "$(hostname)" = "$before" ]
}

@test "ns-clone -C makes the command's cgroup its cgroup root" {
	run ns-clone -C -- cat /proc/self/cgroup
	assert_status 0
	assert_output_contains "0::/"
	refute grep -q process_api <<<"$output"
}

@test "ns-clone --map-root makes the caller root inside a new user namespace" {
	run ns-clone --map-root -- sh -c 'id -u; id -g; cat /proc/self/uid_map'
	assert_status 0
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[ "$(echo "${lines[2]}" | tr -s ' ')" = " 0 0 1" ]
}

@test "ns-clone --uid-map and --gid-map write the given ranges" {
	run ns-clone --uid-map 0:100000:65536 --gid-map 0:200000:1000 --gid-map 1000:300000:1 -- \
		sh -c 'cat /proc/self/uid_map /proc/self/gid_map'
	assert_status 0
	[ "$(tr -s ' ' <<<"$output" | sed 's/^ //')" = "$(printf '0 100000 65536\n0 200000 1000\n1000 300000 1')" ]
}

@test "ns-clone -U without a map runs the command as the overflow user" {
	run ns-clone -U -- id -u
	assert_status 0
	[ "$output" = "$(cat /proc/sys/kernel/overflowuid)" ]
}

@test "ns-clone --setgroups deny is visible in the new user namespace" {
	run ns-clone -r --setgroups deny -- cat /proc/self/setgroups
	assert_status 0
	[ "$output" = deny ]
}

@test "ns-clone --boottime moves the boot clock of a new time namespace" {
	run ns-clone --boottime 86400 -- cat /proc/uptime
	assert_status 0
	local up=${output%%.*}
	[ "$up" -ge 86400 ]
	[ "$(cut -d. -f1 /proc/uptime)" -lt "$up" ]
}

@test "ns-clone --monotonic sets the monotonic offset of a new time namespace" {
	run ns-clone --monotonic 3600 -- cat /proc/self/timens_offsets
	assert_status 0
	[[ "$output" =~ monotonic\ +3600\ +0 ]]
	run ns-clone --monotonic -1 -- cat /proc/self/timens_offsets
	assert_status 0
	[[ "$output" =~ monotonic\ +-1\ +0 ]]
}

@test "ns-clone --monotonic refuses an offset that takes the clock below zero, and says why" {
	run ns-clone --monotonic -999999999 -- true
	assert_status 125
	assert_output_contains "Numerical result out of range"
	assert_output_contains "may not take a clock below zero"
}

@test "ns-clone passes the command's exit status through" {
	run ns-clone -u -- sh -c 'exit 7'
	assert_status 7
	run ns-clone -p -- sh -c 'exit 42'
	assert_status 42
}

@test "ns-clone exits 128+N when the command is killed by signal N" {
	run ns-clone -u -- sh -c 'kill -9 $$'
	assert_status 137
}

@test "ns-clone exits 127 when the command is not found" {
	run -127 --separate-stderr ns-clone -u -- /no/such/command
	assert_status 127
	[[ "$stderr" == *"exec /no/such/command: No such file or directory"* ]]
}

@test "ns-clone exits 126 when the command cannot be executed" {
	local file=$BATS_TEST_TMPDIR/not-executable
	echo data >"$file"
	chmod 644 "$file"
	run -126 --separate-stderr ns-clone -u -- "$file"
	assert_status 126
	[[ "$stderr" == *"Permission denied"* ]]
}

@test "ns-clone forwards SIGTERM to the command and exits with its status" {
	local out=$BATS_TEST_TMPDIR/out
	ns-clone -p -- sh -c 'trap "echo got-term; exit 42" TERM; echo ready; while :; do sleep 0.1; done' >"$out" &
	pids+=($!)
	wait_for_file "$out"
	until grep -q ready "$out"; do sleep 0.05; done
	kill -TERM "${pids[0]}"
	status=0
	wait "${pids[0]}" || status=$?
	assert_status 42
	grep -q got-term "$out"
}

@test "ns-clone forwards SIGHUP and SIGUSR1 as well" {
	local out=$BATS_TEST_TMPDIR/out
	ns-clone -u -- sh -c 'trap "echo hup" HUP; trap "echo usr1; exit 3" USR1; echo ready; while :; do sleep 0.1; done' >"$out" &
	pids+=($!)
	until grep -q ready "$out" 2>/dev/null; do sleep 0.05; done
	kill -HUP "${pids[0]}"
	until grep -q hup "$out"; do sleep 0.05; done
	kill -USR1 "${pids[0]}"
	status=0
	wait "${pids[0]}" || status=$?
	assert_status 3
}

@test "ns-clone reaps the command: no zombie is left behind" {
	run ns-clone -p -- sh -c 'sleep 0.1 & exit 0'
	assert_status 0
	[ -z "$(ps -eo stat,comm | grep '^Z.*ns-clone')" ]
}

@test "ns-clone --kill-child kills the command when ns-clone dies" {
	local out=$BATS_TEST_TMPDIR/pid
	ns-clone --kill-child -u -- sh -c 'echo $$ > '"$out"'; exec sleep 100' &
	pids+=($!)
	wait_for_file "$out"
	local inner
	until inner=$(cat "$out") && [ -n "$inner" ]; do sleep 0.05; done
	pids+=("$inner")
	kill -9 "${pids[0]}"
	local i
	for ((i = 0; i < 100; i++)); do kill -0 "$inner" 2>/dev/null || break; sleep 0.05; done
	refute kill -0 "$inner" 2>/dev/null
}

@test "ns-clone --persist keeps each namespace as a bind-mounted file" {
	local dir=$BATS_TEST_TMPDIR/ns
	mkdir "$dir"
	mounted+=("$dir/uts" "$dir/net" "$dir/ipc")
	run ns-clone -uni --hostname kept --persist "$dir" -- true
	assert_status 0
	# The command is gone; its namespaces are still there, as nsfs mounts.
	[ "$(awk -v d="$dir" '$5 ~ "^" d "/" { for (i = 7; $i != "-"; i++); print $(i + 1) }' /proc/self/mountinfo | sort -u)" = nsfs ]
	run nsenter --uts="$dir/uts" hostname
	[ "$output" = kept ]
	run nsenter --net="$dir/net" ip -o link show
	[ "$(wc -l <<<"$output")" -eq 1 ]
	assert_output_contains "lo:"
}

@test "ns-clone --persist keeps a user and a time namespace too" {
	local dir=$BATS_TEST_TMPDIR/ns
	mkdir "$dir"
	mounted+=("$dir/user" "$dir/time")
	run ns-clone -r -T --boottime 3600 --persist "$dir" -- true
	assert_status 0
	run nsenter --user="$dir/user" --time="$dir/time" cat /proc/uptime
	assert_status 0
	[ "${output%%.*}" -ge 3600 ]
}

@test "ns-clone --persist of a mount namespace needs a mount that propagates nowhere, and says so" {
	local dir=$BATS_TEST_TMPDIR/ns
	mkdir "$dir"
	# All of this runs in a mount namespace of the test's own, so nothing
	# shows outside. A second mount namespace made from a shared mount is
	# its peer: a mnt namespace file bound there would propagate into it,
	# which the kernel refuses (it cannot copy such a mount).
	run unshare -m --propagation shared -- sh -c "
		unshare -m --propagation unchanged sleep 5 & peer=\$!
		while [ \"\$(readlink /proc/\$peer/ns/mnt)\" = \"\$(readlink /proc/self/ns/mnt)\" ]; do sleep 0.01; done
		'$CTRKIT_BIN/ns-clone' -m --persist '$dir' -- true; rc=\$?
		kill \$peer; wait \$peer; exit \$rc"
	assert_status 125
	assert_output_contains "mount --make-private"
	[ ! -e "$dir/mnt" ]
	# The kernel also refuses to keep a namespace whose ID is not above
	# that of the caller's own mount namespace; on 6.18 new IDs do not
	# always follow creation order, so each try starts from a fresh one.
	local try
	for try in 1 2 3 4 5 6; do
		run unshare -m --propagation shared -- sh -c "
			unshare -m --propagation unchanged sleep 5 & peer=\$!
			while [ \"\$(readlink /proc/\$peer/ns/mnt)\" = \"\$(readlink /proc/self/ns/mnt)\" ]; do sleep 0.01; done
			mount --bind '$dir' '$dir' && mount --make-private '$dir' &&
			'$CTRKIT_BIN/ns-clone' -m --persist '$dir' -- true && nsenter --mount='$dir/mnt' true && echo joined
			rc=\$?; kill \$peer; wait \$peer; exit \$rc"
		[ "$status" -eq 0 ] && break
	done
	assert_status 0
	assert_output_contains joined
}

@test "ns-clone --persist into a missing directory fails cleanly" {
	run ns-clone -u --persist "$BATS_TEST_TMPDIR/missing" -- true
	assert_status 125
	assert_output_contains "create the directory first"
	[ ! -e "$BATS_TEST_TMPDIR/missing" ]
}

@test "ns-clone --sysctl sets a namespace's own setting, leaves the host's, and refuses the machine's" {
	local host_start
	host_start=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)
	run ns-clone --explain --sysctl net.ipv4.ip_unprivileged_port_start=0 --sysctl "net.ipv4.ping_group_range=0 2147483647" \
		-- cat /proc/sys/net/ipv4/ip_unprivileged_port_start /proc/sys/net/ipv4/ping_group_range
	assert_status 0
	# --sysctl net.* implies -n: the write lands in the new namespace.
	assert_output_contains 'write /proc/sys/net/ipv4/ip_unprivileged_port_start "0"'
	[ "${lines[-2]}" = 0 ]
	[ "${lines[-1]}" = $'0\t2147483647' ]
	[ "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" = "$host_start" ]
	run ns-clone -i --sysctl kernel.msgmax=4096 -- cat /proc/sys/kernel/msgmax
	[ "$output" = 4096 ]
	run_split ns-clone --sysctl vm.swappiness=1 -- true
	assert_status 125
	[[ "$stderr" == *"not a setting of a namespace"*"would change the host's"* ]]
	run_split ns-clone --sysctl net.ipv4.no_such_thing=1 -- true
	assert_status 125
	[[ "$stderr" == *"no such setting"* ]]
	run_split ns-clone --sysctl net.ipv4.ip_forward -- true
	assert_status 125
	[[ "$stderr" == *"NAME=VALUE"* ]]
}

@test "ns-clone --loopback brings lo up in a new network namespace, which -n alone leaves down" {
	# (ip, not /sys/class/net: sysfs shows the namespace it was mounted in)
	run ns-clone -n -- ip -o link show lo
	assert_status 0
	assert_output_contains "<LOOPBACK>"
	run ns-clone --explain --loopback -- sh -c 'ip -o link show lo; busybox ping -c1 -W1 127.0.0.1 >/dev/null && echo reached'
	assert_status 0
	assert_output_contains 'ioctl(SIOCSIFFLAGS, "lo", IFF_UP)'
	assert_output_contains "<LOOPBACK,UP,LOWER_UP>"
	assert_output_contains reached
}

@test "ns-clone --pid-file names the command, as seen from outside, before it starts" {
	run ns-clone -p --pid-file "$BATS_TEST_TMPDIR/pid" -- sh -c 'cat "$0"; echo "inside: $$"; readlink /proc/self/ns/pid' "$BATS_TEST_TMPDIR/pid"
	assert_status 0
	[[ "${lines[0]}" =~ ^[0-9]+$ ]]
	[ "${lines[0]}" != 1 ]
	[ "${lines[1]}" = "inside: 1" ]
	[ -z "$(find "$BATS_TEST_TMPDIR" -name 'pid.tmp*')" ]
}

@test "ns-clone --pid-file in a missing directory fails before the command runs" {
	run ns-clone -u --pid-file "$BATS_TEST_TMPDIR/missing/pid" -- touch "$BATS_TEST_TMPDIR/ran"
	assert_status 125
	assert_output_contains "create PID file"
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "ns-clone --explain prints the clone call with decoded flags" {
	run --separate-stderr ns-clone --explain -pu --hostname x -- true
	assert_status 0
	[[ "$stderr" =~ \+\ clone\(CLONE_NEWUTS\|CLONE_NEWPID\|SIGCHLD\)\ =\ [0-9]+ ]]
	[[ "$stderr" == *'+ sethostname("x")'* ]]
	[[ "$stderr" == *'+ execvp("true")'* ]]
}

@test "ns-clone --explain shows the ID maps as they are written" {
	run --separate-stderr ns-clone --explain -r -- true
	assert_status 0
	[[ "$stderr" =~ \+\ write\ /proc/[0-9]+/uid_map\ \"0\ 0\ 1\\n\" ]]
	[[ "$stderr" =~ \+\ write\ /proc/[0-9]+/gid_map ]]
}

@test "CTRKIT_EXPLAIN=1 is inherited through a chain of tools" {
	run --separate-stderr ns-clone --explain -u -- ns-clone -i -- true
	assert_status 0
	[ "$(grep -c '^+ clone(' <<<"$stderr")" -eq 2 ]
	run --separate-stderr env CTRKIT_EXPLAIN=1 ns-clone -u -- true
	[[ "$stderr" == *"+ clone(CLONE_NEWUTS|SIGCHLD)"* ]]
}

@test "ns-clone --help documents every option and exits 0" {
	run ns-clone --help
	assert_status 0
	[ "${lines[0]}" = "Usage: ns-clone [options] [--] COMMAND [ARG...]" ]
	local opt
	for opt in --mount --uts --ipc --net --pid --user --cgroup --time --all --hostname --mount-proc \
		--propagation --map-root --uid-map --gid-map --setgroups --monotonic --boottime --persist \
		--kill-child --pid-file --loopback --explain --help --version; do
		assert_output_contains -- "$opt"
	done
}

@test "ns-clone --version prints the version and exits 0" {
	run ns-clone --version
	assert_status 0
	[[ "$output" == "ns-clone (ctrkit) "* ]]
}

@test "ns-clone without a command is a usage error" {
	run ns-clone -u
	assert_status 125
	assert_output_contains "no command given"
	assert_output_contains "Try 'ns-clone --help'"
}

@test "ns-clone with an unknown option is a usage error" {
	run ns-clone --bogus -- true
	assert_status 125
	assert_output_contains "unrecognized option '--bogus'"
}

@test "ns-clone rejects a malformed uid map before creating anything" {
	local bad
	for bad in 0:1000 x:1:1 0:1000:0 -1:0:1 0:4294967295:1; do
		run ns-clone --uid-map "$bad" -- true
		assert_status 125
		assert_output_contains "ID map range"
	done
	run ns-clone --uid-map 0:1000:10 --uid-map 5:2000:1 -- true
	assert_status 125
	assert_output_contains "overlaps"
}

@test "ns-clone rejects bad values with a clear error" {
	run ns-clone --monotonic 1.5 -- true
	assert_status 125
	assert_output_contains "bad --monotonic offset '1.5'"
	run ns-clone --propagation sideways -m -- true
	assert_status 125
	assert_output_contains "unknown propagation 'sideways'"
	run ns-clone --setgroups maybe -- true
	assert_status 125
	run ns-clone --kill-child=NOSUCH -u -- true
	assert_status 125
	assert_output_contains "unknown signal"
	run ns-clone --map-root --uid-map 0:0:1 -- true
	assert_status 125
}

@test "ns-clone reports a set-up failure inside the namespaces with status 125" {
	run ns-clone -p --mount-proc=/no/such/dir -- true
	assert_status 125
	assert_output_contains "mount proc on /no/such/dir: No such file or directory"
	run ns-clone --hostname "$(printf 'x%.0s' {1..70})" -- true
	assert_status 125
	assert_output_contains "sethostname"
}
