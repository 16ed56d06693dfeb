# helpers.bash — shared by every bats suite. Load with `load helpers`.
#
# The suites run as root on the real kernel. Each test undoes what it made
# in its own teardown; scripts/leftovers checks after the whole run.

bats_require_minimum_version 1.5.0

# The tools under test: the sanitizer build when run by test-all.
CTRKIT_BIN=${CTRKIT_BIN:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)/build/bin}
PATH=$CTRKIT_BIN:$PATH

# Fail with a message (bats shows it) unless "$output" contains $1.
assert_output_contains() {
	case "$output" in
	*"$1"*) return 0 ;;
	esac
	printf 'expected output to contain: %s\nactual output:\n%s\n' "$1" "$output" >&2
	return 1
}

# Succeed only when the command fails. Unlike `! cmd`, which bash's
# errexit ignores, a failing refute fails the test wherever it stands.
refute() {
	! "$@"
}

# Fail unless $status equals $1.
assert_status() {
	if [ "$status" -ne "$1" ]; then
		printf 'expected status %s, got %s; output:\n%s\n' "$1" "$status" "$output" >&2
		return 1
	fi
}

# The namespace inode of TYPE for PID: the number in "net:[4026531840]".
ns_inode() {
	local link
	link=$(readlink "/proc/$1/ns/$2") || return 1
	link=${link#*[}
	echo "${link%]}"
}

# Wait up to $2 seconds (default 5) for a file to exist.
wait_for_file() {
	local i
	for ((i = 0; i < ${2:-5} * 20; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	echo "timed out waiting for $1" >&2
	return 1
}

# Run a tool and keep stdout and stderr apart: $output and $stderr.
run_split() {
	run --separate-stderr "$@"
}
