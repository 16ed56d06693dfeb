# net-helpers.bash — shared by the network suites (tests/net-*.bats).
#
# Every test runs in a network namespace of its own, made by ns-clone -n
# --persist: the bridge, the veths and the "containers" all live inside it,
# so no packet touches the machine's real interfaces. A container is a
# process in a network namespace of its own, made from inside the test's.
# teardown kills every process the test started and unmounts the
# namespace file; the namespaces, and every link in them, go with it.

load helpers

net_setup() {
	pids=()
	mounted=()
	export CTRKIT_STATE=$BATS_TEST_TMPDIR/state
	local dir=$BATS_TEST_TMPDIR/outer
	mkdir -p "$dir"
	mounted+=("$dir/net")
	ns-clone -n --persist "$dir" -- true
	NETNS=$dir/net
}

net_teardown() {
	local p m
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.02; done; done
	for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || true; done
}

# Run a command in the test's network namespace: `run outer net-bridge ...`.
outer() {
	nsenter --net="$NETNS" -- "$@"
}

# Run a command in container PID's network namespace.
inside() {
	local pid=$1
	shift
	nsenter --net="/proc/$pid/ns/net" -- "$@"
}

# Start a container: `sleep` in a new network namespace, made inside the
# test's. Its PID is left in $container.
start_container() {
	nsenter --net="$NETNS" -- unshare -n -- sleep 600 &
	container=$!
	pids+=("$container")
	local i
	for ((i = 0; i < 250; i++)); do
		[ "$(cat "/proc/$container/comm" 2>/dev/null)" = sleep ] && return 0
		sleep 0.02
	done
	echo "container $container did not start" >&2
	return 1
}

# Serve DIR over HTTP on PORT inside container PID (busybox httpd); waits
# until it answers.
serve_http() {
	local pid=$1 port=$2 dir=$3 i
	nsenter --net="/proc/$pid/ns/net" -- busybox httpd -f -p "$port" -h "$dir" &
	pids+=($!)
	for ((i = 0; i < 100; i++)); do
		inside "$pid" timeout 2 busybox wget -q -O /dev/null "http://127.0.0.1:$port/" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "httpd in $pid did not answer on port $port" >&2
	return 1
}

# A bridge ctrkit0 with 10.88.0.1/16 in the test's namespace.
make_bridge() {
	outer net-bridge --address 10.88.0.1/16 ctrkit0
}

# The links of the test's namespace, one name per line.
outer_links() {
	outer ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
}
