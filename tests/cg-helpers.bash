# cg-helpers.bash — shared by the cg-*.bats suites. Load after helpers.
#
# Every test names its groups with its own prefix (cg_name), and
# cg_teardown removes every group with that prefix in every hierarchy:
# with cg-delete first, then by hand (SIGKILL, rmdir children first), so a
# test leaves no cgroup and no process behind even when the tools under
# test fail. Processes go into groups only as new commands started by
# cg-exec, never the test's own shell.

# The group names of this test: bt<pid>x<test number>[-suffix].
cg_setup() {
	cg_prefix="bt$$x${BATS_TEST_NUMBER}"
}

# Print a group name for this test; $1 is an optional suffix.
cg_name() {
	echo "${cg_prefix}${1:+-$1}"
}

# Where ctrkit's groups are in each mounted hierarchy: <mount><our cgroup>/ctrkit.
# One awk program, not a shell loop: bats traces every shell command, which
# makes loops slow.
cg_bases() {
	awk '
	FILENAME == "/proc/self/cgroup" {
		split($0, f, ":")
		path = substr($0, length(f[1]) + length(f[2]) + 3)
		sub(/\/$/, "", path)
		if (f[1] == "0" && f[2] == "") v2 = path
		else { n = split(f[2], c, ","); for (i = 1; i <= n; i++) v1[c[i]] = path }
		next
	}
	{
		for (i = 7; $i != "-"; i++);
		if ($4 != "/") next
		if ($(i + 1) == "cgroup2") { print $5 v2 "/ctrkit"; next }
		if ($(i + 1) != "cgroup") next
		n = split($(i + 3), o, ",")
		for (j = 1; j <= n; j++) if (o[j] in v1) { print $5 v1[o[j]] "/ctrkit"; break }
	}
	' /proc/self/cgroup /proc/self/mountinfo
}

# Every directory of this test's groups, children before parents.
cg_test_dirs() {
	# shellcheck disable=SC2046 # one word per base
	find $(cg_bases) -mindepth 1 -maxdepth 1 -type d -name "${cg_prefix}*" -exec find {} -depth -type d \; 2>/dev/null
}

cg_teardown() {
	local d g p i
	# shellcheck disable=SC2046 # one word per group
	cg-delete --ignore-missing $(cg_test_dirs | sed -n 's|.*/ctrkit/||; /\//d; p' | sort -u) >/dev/null 2>&1 || true
	# Whatever cg-delete left: kill and remove by hand.
	for i in 1 2 3 4 5 6 7 8 9 10; do
		[ -z "$(cg_test_dirs)" ] && break
		for d in $(cg_test_dirs); do
			for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
			[ -f "$d/freezer.state" ] && echo THAWED >"$d/freezer.state" 2>/dev/null
			rmdir "$d" 2>/dev/null || true
		done
		sleep 0.1
	done
	# shellcheck disable=SC2046 # one word per base
	rmdir $(cg_bases) 2>/dev/null || true
	if [ -n "$(cg_test_dirs)" ]; then
		echo "teardown could not remove: $(cg_test_dirs)" >&2
		return 1
	fi
}

# The path of FILE in group $1's directory, in whichever hierarchy has it.
cg_find() {
	cg_bases | awk -v f="/$1/$2" '{ if (system("test -e \"" $0 f "\"") == 0) { print $0 f; found = 1; exit } } END { exit !found }'
}

# Read a number from FILE of group $1 (the first of several file names
# that exists): cg_read web memory.max memory.limit_in_bytes
cg_read() {
	local g=$1 f path
	shift
	for f in "$@"; do
		if path=$(cg_find "$g" "$f"); then
			cat "$path"
			return 0
		fi
	done
	echo "none of $* in group $g" >&2
	return 1
}

# Start COMMAND in group $1 in the background, detached from bats' output.
cg_spawn() {
	local g=$1
	shift
	cg-exec "$g" -- "$@" >/dev/null 2>&1 3>&- &
}

# Wait up to 5 s until group $1 holds at least $2 processes.
cg_wait_procs() {
	local i n
	for ((i = 0; i < 100; i++)); do
		n=$(cat "$(cg_find "$1" cgroup.procs)" 2>/dev/null | wc -l)
		[ "$n" -ge "$2" ] && return 0
		sleep 0.05
	done
	echo "group $1 has $n processes, not $2" >&2
	return 1
}
