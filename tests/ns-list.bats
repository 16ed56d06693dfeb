#!/usr/bin/env bats
# ns-list: what it shows must be what the kernel says (/proc/PID/ns) and
# what lsns(8) says on the same machine.

load helpers

setup() {
	PIDS_FILE=$BATS_TEST_TMPDIR/pids
	: >"$PIDS_FILE"
}

teardown() {
	local pid
	# SIGKILL: PID 1 of a pid namespace ignores SIGTERM.
	while read -r pid; do
		kill -9 "$pid" 2>/dev/null || true
	done <"$PIDS_FILE"
	while read -r pid; do
		wait "$pid" 2>/dev/null || true
	done <"$PIDS_FILE"
}

# Start a command in the background, kept for teardown; prints its PID.
# fd 3 is bats's own: a child holding it would make bats wait for it.
start() {
	"$@" 3>&- >/dev/null 2>&1 &
	echo $! >>"$PIDS_FILE"
	echo $!
}

# The PID of PARENT's (newest) child, once it exists; kept for teardown.
child_of() {
	local i child
	for ((i = 0; i < 100; i++)); do
		child=$(pgrep -n -P "$1") && {
			echo "$child" >>"$PIDS_FILE"
			echo "$child"
			return 0
		}
		sleep 0.05
	done
	echo "no child of $1" >&2
	return 1
}

# Wait until PID runs COMMAND (after ns-clone has exec'd it).
wait_for_command() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	echo "process $1 never ran $2" >&2
	return 1
}

# A process in new net, uts and ipc namespaces: "sleep 60" under ns-clone.
start_sleeper() {
	local clone
	clone=$(start ns-clone "$@" -- sleep 60)
	SLEEPER=$(child_of "$clone")
	wait_for_command "$SLEEPER" sleep
}

@test "ns-list shows the shell's namespaces as /proc/\$\$/ns has them" {
	run ns-list -n -r -o TYPE,NS
	assert_status 0
	[ "${#lines[@]}" -eq 8 ]
	for line in "${lines[@]}"; do
		read -r type ns <<<"$line"
		[ "$ns" = "$(ns_inode $$ "$type")" ] || { echo "$type: $ns, /proc/$$/ns says $(ns_inode $$ "$type")"; false; }
	done
}

@test "ns-list lists the eight types in a stable order, user first" {
	run ns-list -n -o TYPE
	assert_status 0
	[ "$(echo "$output" | tr '\n' ' ')" = "user cgroup ipc uts net pid mnt time " ]
}

@test "ns-list PID shows that process's namespaces as readlink /proc/PID/ns shows them" {
	start_sleeper -n -u -i
	run ns-list -n -r -o PID,TYPE,NS "$SLEEPER"
	assert_status 0
	for line in "${lines[@]}"; do
		read -r pid type ns <<<"$line"
		[ "$pid" = "$SLEEPER" ]
		[ "$ns" = "$(ns_inode "$SLEEPER" "$type")" ]
	done
}

@test "ns-list marks a namespace that PID 1 is not in as differs" {
	start_sleeper -n -u
	run ns-list -n -r -o TYPE,PID1 "$SLEEPER"
	assert_status 0
	assert_output_contains "net differs"
	assert_output_contains "uts differs"
	assert_output_contains "user same"
	assert_output_contains "mnt same"
}

@test "ns-list shows pid_for_children when the next child will be in a new pid namespace" {
	# unshare -p without --fork: the shell's children go into a new pid
	# namespace, the shell itself stays where it was.
	pid=$(start unshare -p sh -c 'sleep 60 & exec sleep 60')
	child_of "$pid" >/dev/null
	wait_for_command "$pid" sleep
	run ns-list -n -r -o TYPE,NS,PID1 -t pid "$pid"
	assert_status 0
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "pid $(ns_inode "$pid" pid) same" ]
	[ "${lines[1]}" = "pid_for_children $(ns_inode "$pid" pid_for_children) differs" ]
	run ns-list -n -o TYPE
	[[ "$output" != *pid_for_children* ]]
}

@test "ns-list PID PID shows both processes" {
	start_sleeper -n
	run ns-list -n -r -o PID -t net $$ "$SLEEPER"
	assert_status 0
	[ "${lines[0]}" = "$$" ]
	[ "${lines[1]}" = "$SLEEPER" ]
}

@test "ns-list -o PATH,OWNER,PARENT shows where a namespace's file is and its relatives" {
	start_sleeper -U -p
	run ns-list -n -r -o TYPE,PATH,OWNER,PARENT -t user,pid "$SLEEPER"
	assert_status 0
	[ "${lines[0]}" = "user /proc/$SLEEPER/ns/user $(ns_inode $$ user) $(ns_inode $$ user)" ]
	[ "${lines[1]}" = "pid /proc/$SLEEPER/ns/pid $(ns_inode "$SLEEPER" user) $(ns_inode $$ pid)" ]
}

@test "ns-list --all agrees with lsns on a process in new namespaces" {
	start_sleeper -n -u -i
	run lsns -J -o NS,TYPE,NPROCS,PID
	assert_status 0
	theirs=$(echo "$output" | jq -c --argjson p "$SLEEPER" '[.namespaces[] | select(.pid == $p)] | sort_by(.ns)')
	run ns-list --all --json -o NS,TYPE,NPROCS,PID
	assert_status 0
	ours=$(echo "$output" | jq -c --argjson p "$SLEEPER" '[.namespaces[] | select(.pid == $p)] | sort_by(.ns)')
	echo "lsns: $theirs"
	echo "ns-list: $ours"
	[ "$(echo "$ours" | jq length)" -eq 3 ]
	[ "$ours" = "$theirs" ]
}

@test "ns-list --all lists every namespace lsns lists" {
	# Processes come and go: compare the namespaces lsns saw both before
	# and after ns-list looked.
	before=$(lsns -n -r -o NS | sort -u)
	run ns-list --all -n -r -o NS
	assert_status 0
	ours=$(echo "$output" | sort -u)
	after=$(lsns -n -r -o NS | sort -u)
	missing=$(comm -12 <(echo "$before") <(echo "$after") | comm -23 - <(echo "$ours"))
	[ -z "$missing" ] || { echo "lsns lists, ns-list does not: $missing"; false; }
}

@test "ns-list --all counts the processes in a namespace, and names the lowest" {
	start_sleeper -n
	pid2=$(start nsenter -t "$SLEEPER" -n sleep 60)
	wait_for_command "$pid2" sleep
	run ns-list --all -n -r -o NPROCS,PID,COMMAND -t net
	assert_status 0
	assert_output_contains "2 $SLEEPER sleep\\x2060"
}

@test "ns-list --all finds a namespace held only by a bind mount" {
	dir=$BATS_TEST_TMPDIR/keep
	mkdir -p "$dir"
	# In a private mount namespace, so nothing leaks to the host's mounts:
	# the namespace and its mounts end with the process that holds them.
	holder=$(start ns-clone -m -- sh -c "mount -t tmpfs keep '$dir' &&
		ns-clone -n --persist '$dir' -- true &&
		ns-list --all -n -r -o NS,NPROCS,PATH -t net >'$BATS_TEST_TMPDIR/inside' &&
		exec sleep 60")
	inside=$(child_of "$holder")
	wait_for_command "$inside" sleep
	# Seen from the mount namespace that holds it: its path as it is.
	net=$(findmnt -N "$inside" -n -o SOURCE,FSROOT "$dir/net" | sed 's/.*net:\[\([0-9]*\)\].*/\1/')
	[ -n "$net" ]
	grep -qx "$net 0 $dir/net" "$BATS_TEST_TMPDIR/inside"
	# Seen from here: through the holding process's root.
	run ns-list --all -n -r -o NS,NPROCS,PATH,NSFS -t net
	assert_status 0
	assert_output_contains "$net 0 /proc/$inside/root$dir/net /proc/$inside/root$dir/net"
}

@test "ns-list --all finds a namespace held only by an open file descriptor" {
	start_sleeper -n
	net=$(ns_inode "$SLEEPER" net)
	holder=$(start sh -c "exec 7</proc/$SLEEPER/ns/net; exec sleep 60")
	wait_for_command "$holder" sleep
	kill -9 "$SLEEPER"
	while [ -e "/proc/$SLEEPER/ns" ]; do sleep 0.05; done
	run ns-list --all -n -r -o NS,NPROCS,PATH -t net
	assert_status 0
	assert_output_contains "$net 0 /proc/$holder/fd/7"
}

@test "ns-list --tree shows a user namespace made by ns-clone -U under the initial one" {
	start_sleeper -U
	run ns-list --tree --json
	assert_status 0
	echo "$output" | jq -e --argjson root "$(ns_inode $$ user)" --argjson mine "$(ns_inode "$SLEEPER" user)" \
		'.namespaces[] | select(.ns == $root and .type == "user") | .children[] | select(.ns == $mine)'
}

@test "ns-list --tree shows a nested pid namespace under its parent" {
	clone=$(start ns-clone -Ur -p -- ns-clone -p -- sleep 60)
	middle=$(child_of "$clone")
	inner=$(child_of "$middle")
	wait_for_command "$inner" sleep
	run ns-list --tree --json -t pid
	assert_status 0
	echo "$output" | jq -e --argjson a "$(ns_inode $$ pid)" --argjson b "$(ns_inode "$middle" pid)" \
		--argjson c "$(ns_inode "$inner" pid)" \
		'.namespaces[] | select(.ns == $a) | .children[] | select(.ns == $b) | .children[] | select(.ns == $c)'
	# And drawn as a tree for people.
	run ns-list --tree -t pid -o NS
	assert_status 0
	# (├─ or └─: other pid namespaces on the machine may be its siblings)
	grep -qE "^[├└]─$(ns_inode "$middle" pid)$" <<<"$output"
	grep -qE "^[│ ] └─$(ns_inode "$inner" pid)$" <<<"$output"
}

@test "ns-list --tree=owner puts each namespace under the user namespace that owns it" {
	start_sleeper -U -n
	run ns-list --tree=owner --json
	assert_status 0
	echo "$output" | jq -e --argjson u "$(ns_inode "$SLEEPER" user)" --argjson n "$(ns_inode "$SLEEPER" net)" \
		'.. | objects | select(.ns? == $u) | .children[] | select(.ns == $n and .type == "net")'
}

@test "ns-list --diff shows which namespaces two processes share" {
	start_sleeper -n -u
	run ns-list --diff $$ "$SLEEPER"
	assert_status 0
	assert_output_contains "TYPE"
	run ns-list --diff -n -r $$ "$SLEEPER"
	assert_status 0
	assert_output_contains "net no $(ns_inode $$ net) $(ns_inode "$SLEEPER" net)"
	assert_output_contains "uts no $(ns_inode $$ uts) $(ns_inode "$SLEEPER" uts)"
	assert_output_contains "user yes $(ns_inode $$ user) $(ns_inode $$ user)"
	run ns-list --diff --json $$ "$SLEEPER"
	[ "$(echo "$output" | jq '[.namespaces[] | select(.shared == false) | .type] | sort | join(",")')" = '"net,uts"' ]
}

@test "ns-list --diff needs exactly two PIDs" {
	run ns-list --diff $$
	assert_status 125
	assert_output_contains "give two PIDs"
}

@test "ns-list -o picks the columns, in the order given, any case" {
	run ns-list -o ns,type
	assert_status 0
	[[ "${lines[0]}" =~ ^\ +NS\ TYPE$ ]]
	run ns-list -o +PATH
	assert_status 0
	[[ "${lines[0]}" =~ PID1\ PATH$ ]]
}

@test "ns-list -o with an unknown column fails with status 125 and names the known ones" {
	run_split ns-list -o NS,BOGUS
	assert_status 125
	[ -z "$output" ]
	[[ "$stderr" == *"unknown column 'BOGUS'"*"choose from PID, TYPE, NS, PID1"* ]]
	run ns-list --all -o PID1
	assert_status 125
	assert_output_contains "unknown column 'PID1'"
}

@test "ns-list -n prints no header" {
	run ns-list -n
	assert_status 0
	[ "${#lines[@]}" -eq 8 ]
	[[ "$output" != *TYPE* ]]
}

@test "ns-list -r separates columns by one space and escapes spaces" {
	start_sleeper -n
	run ns-list --all -r -t net -o NS,COMMAND
	assert_status 0
	[ "${lines[0]}" = "NS COMMAND" ]
	assert_output_contains "$(ns_inode "$SLEEPER" net) sleep\\x2060"
}

@test "ns-list --json prints numbers as numbers, for jq" {
	run ns-list --json
	assert_status 0
	[ "$(echo "$output" | jq '.namespaces | length')" -eq 8 ]
	[ "$(echo "$output" | jq '.namespaces[] | select(.type == "net") | .ns')" = "$(ns_inode $$ net)" ]
	[ "$(echo "$output" | jq -r '.namespaces[0].pid1')" = same ]
	run ns-list --all --json
	assert_status 0
	echo "$output" | jq -e '.namespaces | all(.nprocs | type == "number")'
}

@test "ns-list --type shows only the types asked for" {
	run ns-list -n -o TYPE -t net,uts --type user
	assert_status 0
	[ "$(echo "$output" | tr '\n' ' ')" = "user uts net " ]
	run ns-list --all -n -r -o TYPE -t mnt
	assert_status 0
	[ "$(echo "$output" | sort -u)" = mnt ]
	run ns-list -t bogus
	assert_status 125
	assert_output_contains "unknown namespace type 'bogus'"
}

@test "ns-list rejects a PID that is not a number, with status 125" {
	run_split ns-list abc
	assert_status 125
	[[ "$stderr" == "ns-list: bad PID 'abc'"* ]]
	run_split ns-list -- -1
	assert_status 125
	[[ "$stderr" == "ns-list: bad PID '-1'"* ]]
	run_split ns-list -1
	assert_status 125
	[[ "$stderr" == "ns-list: bad PID '-1'"* ]]
	run ns-list 0
	assert_status 125
}

@test "ns-list says when a process does not exist, with status 125" {
	# PIDs stay below pid_max, so that one is never a process.
	gone=$(cat /proc/sys/kernel/pid_max)
	run_split ns-list "$gone"
	assert_status 125
	[ -z "$output" ]
	[ "$stderr" = "ns-list: open /proc/$gone/ns: No such file or directory — no process $gone (has it exited?)" ]
}

@test "ns-list --all is not upset by processes that exit during the scan" {
	for i in 1 2 3 4 5 6 7 8; do start sh -c 'while :; do /bin/true; done'; done >/dev/null
	for i in $(seq 20); do
		run ns-list --all -n
		assert_status 0
	done
}

@test "ns-list --explain traces what it reads, one line per source, not per process" {
	run_split ns-list --explain --all
	assert_status 0
	[[ "$stderr" == *"+ readlink /proc/PID/ns/* and /proc/PID/fd/* of "*" processes"* ]]
	[[ "$stderr" == *"+ read /proc/self/mountinfo"* ]]
	[ "$(echo "$stderr" | wc -l)" -lt 20 ]
	run_split ns-list --explain --tree
	assert_status 0
	[[ "$stderr" == *"NS_GET_PARENT) = "* || "$stderr" == *"NS_GET_PARENT): Operation not permitted"* ]]
	run_split ns-list --explain $$
	[[ "$stderr" == *"+ readlink /proc/$$/ns/*"* ]]
}

@test "ns-list --help documents every option and column, and exits 0" {
	run ns-list --help
	assert_status 0
	[[ "${lines[0]}" == "Usage: ns-list [options] [PID...]" ]]
	[[ "${lines[1]}" == "List namespaces"* ]]
	for opt in --all --tree --diff --type --output --noheadings --raw --json --explain --help --version; do
		assert_output_contains "$opt"
	done
	for col in PID TYPE NS PID1 PATH OWNER PARENT NPROCS UID USER COMMAND NSFS SHARED NS_A NS_B; do
		assert_output_contains "  $col"
	done
	assert_output_contains "Options:"
}

@test "ns-list --version prints the version and exits 0" {
	run ns-list --version
	assert_status 0
	[[ "$output" == "ns-list (ctrkit) "* ]]
}

@test "ns-list with an unknown option fails with status 125" {
	run ns-list --bogus
	assert_status 125
	assert_output_contains "Try 'ns-list --help'"
}

@test "ns-list --all and --tree are different views, and take no PID" {
	run ns-list --all --tree
	assert_status 125
	run ns-list --all $$
	assert_status 125
	assert_output_contains "give no PID"
}
