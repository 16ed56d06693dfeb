#!/bin/sh
# cgroups.sh — the cg tools on a pure cgroup v2 kernel, as TAP.
#
# Run inside the VM (scripts/test-v2 boots it; scripts/vm-test is the VM),
# where /sys/fs/cgroup is cgroup2 alone: the behaviours tests/cg-*.bats
# show on the v1/hybrid host, and the ones only v2 has (subtree_control,
# the no-internal-process rule, cgroup.kill, cgroup.events), written for
# busybox sh. Each test checks the kernel's own file, not only what the
# tool says.
#
#   CTRKIT_BIN       the tools (default /payload/bin)
#   CTRKIT_FIXTURES  memhog and forkbomb, built from tests/fixtures/*.c on
#                    the host (default /payload/fixtures); their tests skip
#                    without them
#   CTRKIT_VM_DISK_DEV  MAJ:MIN of the guest's scratch disk (vm-test -d),
#                    for io.max; its tests skip without it
#
# It writes under /sys/fs/cgroup, so it refuses to run unless
# CTRKIT_VM_GUEST=1 says this is the throwaway guest.
set -u

if [ "${CTRKIT_VM_GUEST:-}" != 1 ]; then
	echo "cgroups.sh: runs only in the test VM (CTRKIT_VM_GUEST=1): it writes under /sys/fs/cgroup" >&2
	exit 2
fi
bin=${CTRKIT_BIN:-/payload/bin}
fixtures=${CTRKIT_FIXTURES:-/payload/fixtures}
PATH=$bin:$PATH
export PATH
CG=/sys/fs/cgroup
tmp=$(mktemp -d)
n=0
failed=0

# --- TAP ---------------------------------------------------------------

# t "text" FUNCTION: run FUNCTION in a subshell with set -e (not in an if:
# there -e would be ignored), print its TAP line, then clean up.
t() {
	n=$((n + 1))
	(
		set -e
		"$2"
	) >"$tmp/out" 2>&1
	status=$?
	out=$(cat "$tmp/out")
	if [ "$status" -eq 0 ]; then
		case $out in
		SKIP*) echo "ok $n - $1 # skip ${out#SKIP }" ;;
		*) echo "ok $n - $1" ;;
		esac
		# a passing test's own "# " notes (measurements) are shown too
		printf '%s\n' "$out" | grep '^# ' || true
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		printf '%s\n' "${out:-(no message: a command failed under set -e)}" | sed 's/^/#   /'
	fi
	cleanup
}

skip() {
	echo "SKIP $*"
	exit 0
}
fail() {
	echo "$*"
	exit 1
}
# expect STATUS CMD...: run CMD, keep its output in $out, check its status.
expect() {
	want=$1
	shift
	set +e
	out=$("$@" 2>&1)
	got=$?
	set -e
	[ "$got" = "$want" ] || fail "expected status $want, got $got from $*: $out"
}
contains() { case $1 in *"$2"*) ;; *) fail "expected '$2' in: $1" ;; esac; }
# file_is FILE EXPECTED: the kernel's file says exactly that.
file_is() {
	got=$(cat "$1") || fail "cannot read $1"
	[ "$got" = "$2" ] || fail "$1 says '$got', expected '$2'"
}
# file_has FILE "WORD...": each WORD is one of the file's words.
file_has() {
	for w in $2; do
		grep -qw -- "$w" "$1" || fail "$1 lacks '$w': $(cat "$1")"
	done
}
# shown_is LIMIT EXPECTED: what `cg-limit $g` shows for LIMIT.
shown_is() {
	got=$(cg-limit "$g" | awk -v l="$1" '$1 == l { print $2 }')
	[ "$got" = "$2" ] || fail "cg-limit $g shows $1 '$got', expected '$2'"
}
# wait_for WHAT COMMAND...: until COMMAND succeeds, at most 10 s.
wait_for() {
	what=$1
	shift
	i=0
	until "$@"; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "timed out waiting for $what"
		sleep 0.05
	done
}
# jq_ok JSON FILTER: jq -e on JSON, or skip when the guest has no jq.
jq_ok() {
	command -v jq >/dev/null || skip "no jq in the guest"
	printf '%s\n' "$1" | jq -e "$2" >/dev/null || fail "jq -e '$2' is false for: $1"
}

# --- where the groups are ----------------------------------------------

# The caller's cgroup, from /proc/self/cgroup ("0::/PATH" on v2).
own=$(sed -n 's/^0:://p' /proc/self/cgroup)
own=${own%/}
if [ -n "$own" ] && [ -n "$(cat "$CG$own/cgroup.procs")" ]; then
	# Our cgroup holds processes: by the no-internal-process rule it
	# cannot pass controllers on, so the groups go elsewhere.
	CTRKIT_CGROUP_PARENT=/ctrkit-v2-tests
	export CTRKIT_CGROUP_PARENT
	base=$CG/ctrkit-v2-tests
	echo "# $own holds processes: groups under $CTRKIT_CGROUP_PARENT"
else
	base=$CG$own/ctrkit
fi
g=v2test
controllers="cpu cpuset io memory pids"

# Everything a test may leave: its groups (and the processes in them), the
# cgroups it made by hand, and the root's controllers as the guest had them.
cleanup() {
	for name in "$g" "$g-other"; do cg-delete --ignore-missing "$name" >/dev/null 2>&1; done
	for parent in /v2test-elsewhere /v2test-a/v2test-b; do
		cg-delete --ignore-missing --parent "$parent" "$g" >/dev/null 2>&1
	done
	find "$base" "$CG/v2test-scope" "$CG/v2test-elsewhere" "$CG/v2test-a" "$CG/v2test-parent" \
		-depth -type d 2>/dev/null | while read -r d; do
		xargs -r kill -9 <"$d/cgroup.procs" 2>/dev/null
		rmdir "$d" 2>/dev/null
	done
	read -r all <"$CG/cgroup.controllers"
	for c in $all; do echo "+$c" >"$CG/cgroup.subtree_control"; done 2>/dev/null
	rm -f "$tmp"/c "$tmp"/c.new "$tmp"/bomb
	return 0
}

# in_scope COMMAND...: run COMMAND as a member of $CG/v2test-scope.
in_scope() { sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$CG/v2test-scope" "$@"; }

# Start COMMAND in group $g, in the background.
spawn() { cg-exec "$g" -- "$@" >/dev/null 2>&1 & }

has_procs() { [ "$(wc -l <"$1/cgroup.procs")" -ge "$2" ]; }
wait_procs() { wait_for "$1 processes in $base/$g" has_procs "$base/$g" "$1"; }

# CPU time (µs) group $g has used, and the guest's uptime (µs).
usage_usec() { awk '$1 == "usage_usec" { print $2 }' "$base/$g/cpu.stat"; }
uptime_usec() { awk '{ printf "%.0f\n", $1 * 1000000 }' /proc/uptime; }
# busy_share SECS: the percentage of one CPU group $g used over SECS.
busy_share() {
	u0=$(usage_usec) t0=$(uptime_usec)
	sleep "$1"
	u1=$(usage_usec) t1=$(uptime_usec)
	echo $(((u1 - u0) * 100 / (t1 - t0)))
}

# --- the tests ---------------------------------------------------------

echo "TAP version 13"

creates_in_the_v2_tree() {
	grep -q ' - cgroup ' /proc/self/mountinfo && skip "a v1 hierarchy is mounted: not a pure v2 kernel"
	expect 0 cg-create "$g"
	[ "$out" = "$base/$g" ] || fail "cg-create printed: $out"
	[ -d "$base/$g" ] || fail "no $base/$g"
	# The controllers were passed down at each level: enabled in the
	# caller's cgroup and in ctrkit/, so the group has their files.
	file_has "${base%/*}/cgroup.subtree_control" "$controllers"
	file_has "$base/cgroup.subtree_control" "$controllers"
	file_has "$base/$g/cgroup.controllers" "$controllers"
	for f in memory.max pids.max cpu.max cpuset.cpus io.max; do
		[ -e "$base/$g/$f" ] || fail "no $f in the group"
	done
}
t "cg-create makes NAME in <caller's cgroup>/ctrkit with the controllers enabled down the path" creates_in_the_v2_tree

enables_every_level() {
	[ -z "$own" ] || skip "the suite does not run in the root cgroup"
	# A root that enables nothing, as a host without systemd has it.
	read -r enabled <"$CG/cgroup.subtree_control" || true
	for c in $enabled; do echo "-$c" >"$CG/cgroup.subtree_control"; done
	[ -z "$(cat "$CG/cgroup.subtree_control")" ] || fail "cannot empty the root's subtree_control"
	expect 0 cg-create --explain --parent /v2test-a/v2test-b "$g"
	contains "$out" "cgroup.subtree_control"
	file_has "$CG/cgroup.subtree_control" "$controllers"
	file_has "$CG/v2test-a/cgroup.subtree_control" "$controllers"
	file_has "$CG/v2test-a/v2test-b/cgroup.subtree_control" "$controllers"
	[ -e "$CG/v2test-a/v2test-b/$g/memory.max" ] || fail "the group has no memory.max"
	# Each controller once in the write: "+cpu" is the cpu and the cpuacct row.
	line=$(printf '%s\n' "$out" | grep -m1 'v2test-a/cgroup.subtree_control')
	[ "$(printf '%s\n' "$line" | grep -o '+cpu ' | wc -l)" = 1 ] || fail "a controller is enabled twice: $line"
}
t "cg-create enables the controllers in every level it makes, from the root down" enables_every_level

exist_ok() {
	cg-create "$g" >/dev/null
	expect 125 cg-create "$g"
	contains "$out" "exist"
	expect 0 cg-create --exist-ok "$g"
	[ -d "$base/$g" ] || fail "the group is gone"
}
t "cg-create refuses an existing group unless --exist-ok" exist_ok

refuses_bad_names() {
	before=$(find "$CG" -type d | wc -l)
	for name in "" "../x" "a/../b" "/abs" ".hidden" "-dash" "a//b" "a/" "sp ace"; do
		expect 125 cg-create -- "$name"
	done
	[ "$(find "$CG" -type d | wc -l)" = "$before" ] || fail "a directory appeared"
}
t "cg-create refuses bad names with status 125 and creates nothing" refuses_bad_names

caller_holds_processes() {
	# As under systemd: the caller's own cgroup (a session scope) holds
	# processes, so it cannot enable controllers for a ctrkit/ child.
	mkdir "$CG/v2test-scope"
	expect 125 in_scope cg-create "$g"
	contains "$out" "no-internal-process"
	contains "$out" "$CG/v2test-scope holds processes"
	contains "$out" "--parent"
	[ ! -e "$CG/v2test-scope/ctrkit" ] || fail "cg-create left $CG/v2test-scope/ctrkit"
	# The fix the message gives: a parent without processes.
	expect 0 in_scope cg-create --parent /v2test-elsewhere "$g"
	expect 0 in_scope cg-exec --parent /v2test-elsewhere "$g" -- cat /proc/self/cgroup
	[ "$out" = "0::/v2test-elsewhere/$g" ] || fail "the command is in $out"
}
t "run from a cgroup with processes, cg-create explains the no-internal-process rule; --parent works" caller_holds_processes

nested_under_busy_group() {
	cg-create "$g" >/dev/null
	spawn sleep 100
	wait_procs 1
	expect 125 cg-create "$g/child"
	contains "$out" "no-internal-process"
	[ ! -e "$base/$g/child" ] || fail "the child was left behind"
}
t "a nested group under a group with processes explains the no-internal-process rule" nested_under_busy_group

exec_into_parent_group() {
	cg-create "$g" >/dev/null
	cg-create "$g/child" >/dev/null
	file_has "$base/$g/cgroup.subtree_control" "memory pids"
	expect 125 cg-exec "$g" -- true
	contains "$out" "no-internal-process"
	contains "$out" "run the command in one of them"
	expect 0 cg-exec "$g/child" -- true
}
t "cg-exec into a group that passes controllers to its children explains the rule" exec_into_parent_group

exec_fork_clones_in() {
	cg-create "$g" >/dev/null
	# shellcheck disable=SC2016 # expanded by the command's shell
	expect 6 cg-exec --explain --fork "$g" -- sh -c 'cat /proc/self/cgroup; echo "parent $PPID"; exit 6'
	contains "$out" "clone3({flags=CLONE_INTO_CGROUP"
	contains "$out" "0::${base#"$CG"}/$g"
	# Cloned in: no cgroup.procs written at all on a v2-only kernel.
	case $out in *cgroup.procs*) fail "a cgroup.procs write: $out" ;; esac
	parent=$(printf '%s\n' "$out" | sed -n 's/^parent //p')
	! grep -q "/ctrkit/$g" "/proc/$parent/cgroup" 2>/dev/null || fail "cg-exec itself is in the group"
}
t "cg-exec --fork clones the command into the group (CLONE_INTO_CGROUP): no cgroup.procs write, cg-exec outside" exec_fork_clones_in

# --- cg-limit, one flag at a time: the v2 file, and what cg-limit shows ---

memory_limit() {
	cg-create "$g" >/dev/null
	expect 0 cg-limit --explain "$g" --memory 64M
	file_is "$base/$g/memory.max" 67108864
	contains "$out" "/$g/memory.max \"67108864\"  (v2: memory is in the unified tree)"
	shown_is memory 64M
	cg-limit "$g" --memory max
	file_is "$base/$g/memory.max" max
	shown_is memory max
}
t "cg-limit --memory writes memory.max and --explain says why" memory_limit

memory_swap() {
	cg-create "$g" >/dev/null
	[ -e "$base/$g/memory.swap.max" ] || skip "no swap accounting"
	expect 0 cg-limit "$g" --memory 64M --memory-swap 96M
	file_is "$base/$g/memory.swap.max" 33554432
	shown_is memory-swap 96M
	expect 0 cg-limit "$g" --memory-swap 64M
	file_is "$base/$g/memory.swap.max" 0
	shown_is memory-swap 64M
}
t "cg-limit --memory-swap writes memory.swap.max: the total less memory" memory_swap

cpus_limit() {
	cg-create "$g" >/dev/null
	expect 0 cg-limit "$g" --cpus 1.5
	file_is "$base/$g/cpu.max" "150000 100000"
	shown_is cpus 1.5
	expect 0 cg-limit "$g" --cpus max
	file_is "$base/$g/cpu.max" "max 100000"
	shown_is cpus max
}
t "cg-limit --cpus writes cpu.max as quota and period" cpus_limit

cpu_weight() {
	cg-create "$g" >/dev/null
	expect 0 cg-limit "$g" --cpu-weight 200
	file_is "$base/$g/cpu.weight" 200
	shown_is cpu-weight 200
}
t "cg-limit --cpu-weight writes cpu.weight" cpu_weight

cpuset_cpus() {
	cg-create "$g" >/dev/null
	expect 0 cg-limit "$g" --cpuset-cpus 0
	file_is "$base/$g/cpuset.cpus" 0
	file_is "$base/$g/cpuset.cpus.effective" 0
	shown_is cpuset-cpus 0
}
t "cg-limit --cpuset-cpus writes cpuset.cpus" cpuset_cpus

cpuset_mems() {
	cg-create "$g" >/dev/null
	expect 0 cg-limit "$g" --cpuset-mems 0
	file_is "$base/$g/cpuset.mems" 0
	shown_is cpuset-mems 0
}
t "cg-limit --cpuset-mems writes cpuset.mems" cpuset_mems

pids_limit() {
	cg-create "$g" >/dev/null
	expect 0 cg-limit "$g" --pids 42
	file_is "$base/$g/pids.max" 42
	shown_is pids 42
}
t "cg-limit --pids writes pids.max" pids_limit

io_weight() {
	cg-create "$g" >/dev/null
	[ -e "$base/$g/io.weight" ] || skip "this kernel has no io.weight"
	expect 0 cg-limit "$g" --io-weight 300
	file_is "$base/$g/io.weight" "default 300"
	shown_is io-weight 300
}
t "cg-limit --io-weight writes io.weight's default" io_weight

io_max() {
	cg-create "$g" >/dev/null
	dev=${CTRKIT_VM_DISK_DEV:-}
	[ -n "$dev" ] || skip "no scratch disk (vm-test -d)"
	expect 0 cg-limit "$g" --io-max "$dev:rbps=1M,wiops=100"
	file_is "$base/$g/io.max" "$dev rbps=1048576 wbps=max riops=max wiops=100"
	shown_is io-max "$dev:rbps=1M,wiops=100"
	# The device by its path, a key changed, the others kept.
	expect 0 cg-limit "$g" --io-max "$CTRKIT_VM_DISK:wbps=2M"
	file_is "$base/$g/io.max" "$dev rbps=1048576 wbps=2097152 riops=max wiops=100"
}
t "cg-limit --io-max writes one io.max line for the scratch disk" io_max

shows_limits() {
	cg-create "$g" >/dev/null
	cg-limit "$g" --memory 64M --pids 42 --cpus 0.5
	expect 0 cg-limit "$g"
	for l in memory memory-swap cpus cpu-weight cpuset-cpus cpuset-mems pids io-weight io-max devices; do
		printf '%s\n' "$out" | grep -q "^$l .* v2 " || fail "no v2 row for $l in: $out"
	done
	shown_is memory 64M
	shown_is pids 42
	shown_is cpus 0.5
	expect 0 cg-limit --json "$g"
	jq_ok "$out" '(.limits | length == 10) and (.limits[] | select(.limit == "memory") | .value == "64M")'
}
t "cg-limit with no limit shows every limit, from the v2 files" shows_limits

bad_values() {
	cg-create "$g" >/dev/null
	for bad in "--memory 64Q" "--pids -1" "--cpus 0" "--memory 99999999999999999999" "--cpu-weight 0"; do
		# shellcheck disable=SC2086 # option and value are two words
		expect 125 cg-limit "$g" --memory 32M $bad
	done
	file_is "$base/$g/memory.max" max
}
t "bad values are refused with status 125 and no limit is set" bad_values

rolls_back() {
	cg-create "$g" >/dev/null
	expect 125 cg-limit "$g" --memory 100M --cpuset-cpus 4000
	file_is "$base/$g/memory.max" max
}
t "a limit the kernel refuses puts back the ones written before it" rolls_back

exec_in_group() {
	cg-create "$g" >/dev/null
	expect 0 cg-exec "$g" -- cat /proc/self/cgroup
	[ "$out" = "0::${base#"$CG"}/$g" ] || fail "in $out"
	expect 7 cg-exec "$g" -- sh -c 'exit 7'
	expect 127 cg-exec "$g" -- /nonexistent
}
t "cg-exec runs the command in the group and passes its status through" exec_in_group

# --- devices: a BPF program, not a file ----------------------------------

# shown_devices: the devices row of `cg-limit $g`, its value alone.
shown_devices() { cg-limit "$g" | sed -n 's/^devices  *//p' | sed 's/  *v2  *bpf CGROUP_DEVICE$//'; }

devices_bpf() {
	cg-create "$g" >/dev/null
	[ "$(shown_devices)" = all ] || fail "a new group shows devices '$(shown_devices)'"
	expect 0 cg-limit --explain "$g" --devices container
	contains "$out" "deny all, then allow c 1:3 rwm"
	contains "$out" "bpf(BPF_PROG_LOAD, CGROUP_DEVICE, "
	contains "$out" "bpf(BPF_PROG_ATTACH, $base/$g, "
	contains "$out" "ALLOW_MULTI) = 0"
	# Attached, and still there after cg-limit has exited.
	first=$(shown_devices)
	case $first in "bpf program "[0-9]*) ;; *) fail "cg-limit shows devices '$first'" ;; esac
	expect 0 cg-exec "$g" -- head -c 1 /dev/urandom
	expect 1 cg-exec "$g" -- mknod "$tmp/disk" b 8 0
	contains "$out" "Operation not permitted"
	expect 1 cg-exec "$g" -- mknod "$tmp/mem" c 1 1
	expect 0 cg-exec "$g" -- mknod "$tmp/null" c 1 3
	rm -f "$tmp/null"
	# A new list replaces the program in one step: still one attached.
	expect 0 cg-limit --explain "$g" --device-allow 'c 1:3 rw'
	contains "$out" "ALLOW_MULTI|REPLACE program ${first#bpf program }) = 0"
	second=$(shown_devices)
	case $second in "bpf program "[0-9]*) ;; *) fail "after the change cg-limit shows devices '$second'" ;; esac
	[ "$second" != "$first" ] || fail "the program was not replaced: $second"
	expect 0 cg-exec "$g" -- sh -c 'echo x >/dev/null'
	expect 1 cg-exec "$g" -- head -c 1 /dev/urandom
	contains "$out" "Operation not permitted"
	expect 1 cg-exec "$g" -- mknod "$tmp/null" c 1 3
	# all: the program is detached.
	expect 0 cg-limit --explain "$g" --devices all
	contains "$out" "BPF_PROG_DETACH"
	[ "$(shown_devices)" = all ] || fail "after --devices all cg-limit shows '$(shown_devices)'"
	expect 0 cg-exec "$g" -- head -c 1 /dev/urandom
	# Bad rules: 125, the rule named, nothing attached.
	expect 125 cg-limit "$g" --device-allow 'c 1:3'
	contains "$out" "TYPE MAJOR:MINOR ACCESS"
	[ "$(shown_devices)" = all ] || fail "a bad rule left devices '$(shown_devices)'"
}
t "cg-limit --devices and --device-allow attach a CGROUP_DEVICE BPF program that the kernel obeys" devices_bpf

# --- the limits at work ------------------------------------------------

oom_kill() {
	[ -x "$fixtures/memhog" ] || skip "no $fixtures/memhog"
	cg-create "$g" >/dev/null
	if [ -e "$base/$g/memory.swap.max" ]; then swap="--memory-swap 32M"; else swap=; fi
	# shellcheck disable=SC2086 # option and value are two words
	cg-limit "$g" --memory 32M $swap
	expect 137 cg-exec "$g" -- "$fixtures/memhog" 256
	kills=$(awk '$1 == "oom_kill" { print $2 }' "$base/$g/memory.events")
	[ "$kills" -ge 1 ] || fail "memory.events oom_kill is $kills"
	expect 0 cg-stat --json "$g"
	jq_ok "$out" '.groups[0].memory.oom_kill >= 1 and .groups[0].memory.peak <= 33554432'
}
t "a memory hog in a 32M group is OOM-killed and cg-stat counts the kill" oom_kill

fork_bomb() {
	[ -x "$fixtures/forkbomb" ] || skip "no $fixtures/forkbomb"
	cg-create "$g" >/dev/null
	cg-limit "$g" --pids 5
	cg-exec "$g" -- "$fixtures/forkbomb" 12 2 >"$tmp/bomb" 2>&1 &
	wait_for "the bomb to fork" has_procs "$base/$g" 1
	sleep 1
	[ "$(cat "$base/$g/pids.current")" -le 5 ] || fail "pids.current is $(cat "$base/$g/pids.current")"
	wait
	[ "$(cat "$tmp/bomb")" = "forked 4 refused 8" ] || fail "the bomb says: $(cat "$tmp/bomb")"
	if [ -e "$base/$g/pids.peak" ]; then file_is "$base/$g/pids.peak" 5; fi
	file_is "$base/$g/pids.events" "max 8"
}
t "a fork bomb with --pids 5 stays at 5" fork_bomb

cpu_quota() {
	cg-create "$g" >/dev/null
	spawn sh -c 'while :; do :; done'
	wait_procs 1
	# The same loop, unlimited then at 0.2 CPUs: the ratio, not the
	# absolute numbers, since an emulated guest runs at its own speed.
	free=$(busy_share 2)
	cg-limit "$g" --cpus 0.2
	sleep 0.3
	limited=$(busy_share 3)
	echo "# unlimited: $free% of a CPU; --cpus 0.2: $limited%"
	[ "$free" -ge 50 ] || fail "the unlimited loop got only $free% of a CPU"
	ratio=$((limited * 100 / free))
	if [ "$ratio" -lt 10 ] || [ "$ratio" -gt 35 ]; then
		fail "limited/unlimited is $ratio% (unlimited $free%, limited $limited%), not near 20%"
	fi
	expect 0 cg-stat --json "$g"
	jq_ok "$out" '.groups[0].cpu.nr_throttled > 0'
}
t "--cpus 0.2 holds a busy loop near 20% of a CPU, against the same loop unlimited" cpu_quota

cpuset_pins() {
	[ "$(grep -c '^processor' /proc/cpuinfo)" -ge 2 ] || skip "the guest has one CPU"
	cg-create "$g" >/dev/null
	cg-limit "$g" --cpuset-cpus 1
	spawn sh -c 'while :; do :; done'
	wait_procs 1
	pid=$(head -n 1 "$base/$g/cgroup.procs")
	allowed=$(awk '$1 == "Cpus_allowed_list:" { print $2 }' "/proc/$pid/status")
	[ "$allowed" = 1 ] || fail "the loop may run on CPUs $allowed"
	# Field 39 of /proc/PID/stat: the CPU it last ran on (proc(5)).
	for i in 1 2 3 4 5; do
		cpu=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f37)
		[ "$cpu" = 1 ] || fail "the loop ran on CPU $cpu"
		sleep 0.1
	done
	cg-limit "$g" --cpuset-cpus 0
	sleep 0.3
	allowed=$(awk '$1 == "Cpus_allowed_list:" { print $2 }' "/proc/$pid/status")
	[ "$allowed" = 0 ] || fail "after --cpuset-cpus 0 the loop may run on CPUs $allowed"
	cpu=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f37)
	[ "$cpu" = 0 ] || fail "after --cpuset-cpus 0 the loop ran on CPU $cpu"
}
t "--cpuset-cpus pins the group's processes to those CPUs, and moves them" cpuset_pins

counter_moves() { [ "$(cat "$tmp/c" 2>/dev/null || echo 0)" -gt "$1" ]; }
freeze_thaw() {
	cg-create "$g" >/dev/null
	spawn sh -c "i=0; while :; do i=\$((i + 1)); echo \$i >$tmp/c.new; mv $tmp/c.new $tmp/c; done"
	wait_for "the counter" counter_moves 0
	expect 0 cg-freeze --explain "$g"
	contains "$out" "cgroup.freeze \"1\""
	# cg-freeze returns once the kernel says the group is frozen.
	grep -qx "frozen 1" "$base/$g/cgroup.events" || fail "cgroup.events: $(cat "$base/$g/cgroup.events")"
	a=$(cat "$tmp/c")
	sleep 0.5
	b=$(cat "$tmp/c")
	[ "$a" = "$b" ] || fail "the counter went on while frozen: $a -> $b"
	expect 0 cg-list --json
	jq_ok "$out" ".groups[] | select(.name == \"$g\") | .state == \"frozen\""
	expect 0 cg-thaw "$g"
	grep -qx "frozen 0" "$base/$g/cgroup.events" || fail "cgroup.events: $(cat "$base/$g/cgroup.events")"
	wait_for "the counter to go on after cg-thaw" counter_moves "$b"
}
t "cg-freeze stops progress (cgroup.events frozen 1) and cg-thaw resumes it" freeze_thaw

delete_all() {
	cg-create "$g" >/dev/null
	cg-create "$g/child" >/dev/null
	cg-exec "$g/child" -- sleep 100 >/dev/null 2>&1 &
	pid=$!
	wait_for "a process in $g/child" has_procs "$base/$g/child" 1
	cg-freeze "$g"
	expect 0 cg-delete --explain "$g"
	contains "$out" "/$g/cgroup.kill \"1\""
	[ ! -e "$base/$g" ] || fail "$base/$g is still there"
	if [ "$base" = "$CG$own/ctrkit" ]; then
		[ ! -e "$base" ] || fail "$base is left with no group in it"
	fi
	wait "$pid" 2>/dev/null || true
	! kill -0 "$pid" 2>/dev/null || fail "the process lives"
}
t "cg-delete kills a frozen group and its children with cgroup.kill, and leaves no directory" delete_all

half_way() {
	mkdir "$CG/v2test-parent"
	echo 0 >"$CG/v2test-parent/cgroup.max.descendants"
	expect 125 cg-create --parent /v2test-parent "$g"
	contains "$out" "cgroup.max.descendants"
	[ -z "$(find "$CG/v2test-parent" -mindepth 1 -type d)" ] || fail "something was left"
	file_is "$CG/v2test-parent/cgroup.subtree_control" ""
}
t "a cg-create the kernel refuses leaves nothing made, not even subtree_control" half_way

json_output() {
	cg-create "$g" >/dev/null
	cg-create "$g-other" >/dev/null
	cg-limit "$g" --memory 64M --pids 10
	spawn sleep 100
	wait_procs 1
	expect 0 cg-list --json
	jq_ok "$out" "[.groups[].name] == [\"$g\", \"$g-other\"]"
	jq_ok "$out" ".groups[0] | .\"mem-limit\" == 67108864 and .procs == 1 and .\"pids-max\" == 10 and .state == \"running\""
	expect 0 cg-stat --json "$g"
	jq_ok "$out" '.groups[0] | (.memory.current | type == "number") and .memory.oom_kill == 0 and (.cpu.usage_usec | type == "number") and .pids.current == 1 and .pids.max == 10'
}
t "cg-list --json and cg-stat --json parse, with the v2 numbers" json_output

empty_list() {
	expect 0 cg-list
	[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "cg-list printed: $out"
	expect 0 cg-list --json
	jq_ok "$out" '.groups == []'
}
t "cg-list with no group prints its heading alone" empty_list

rm -rf "$tmp"
echo "1..$n"
[ "$failed" -eq 0 ]
