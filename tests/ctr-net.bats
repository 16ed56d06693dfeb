#!/usr/bin/env bats
# ctr-net: containers on the bridge, with their own address, published
# ports and /etc files, and nothing of it left once they are removed.
#
# Every test runs in a network namespace of its own (net_setup): the bridge,
# the veths, the nftables rules and the containers' namespaces are all made
# from inside it, and the tools that touch the network (ctr-net, ctr-monitor,
# ctr-rm) are run there with `outer`. State and store are the test's own.
# Most tests start a container with the chain ctr-run uses for its default
# --network bridge (the last ones use ctr-run itself):
#
#   ctr-create --cleanup net:STATE/containers/{id}/ns/net; cg-create
#   netns=$(ctr-net up NAME ...)
#   ctr-monitor -d -- cg-exec G -- ns-enter --net=$netns -- ns-clone -pu --pid-file ... -- CMD
#
# (no rootfs: the command is the host's static busybox).
# shellcheck disable=SC2153,SC2154 # CTRKIT_STATE, id, g, stderr: set by the helpers

load helpers
load cg-helpers
load ctr-helpers
load net-helpers

setup() {
	net_setup
	ctr_setup
	export CTRKIT_STORE=$BATS_TEST_TMPDIR/store
}

teardown() {
	local ids
	ids=$(ctr-ps -aq --no-trunc 2>/dev/null) || true
	# shellcheck disable=SC2086 # one word per id
	[ -z "$ids" ] || outer ctr-rm -f $ids >/dev/null 2>&1 || true
	# Namespace files that ctr-rm could not take away (a failed test).
	findmnt -rn -o TARGET | grep "^$CTRKIT_STATE/" | sort -r | xargs -r umount -l 2>/dev/null || true
	ctr_teardown
	net_teardown
}

# net_container NAME [ctr-net up options] -- CMD...: record container NAME,
# put it on the bridge, start CMD in it detached. Sets $id, $g, $netns.
net_container() {
	local name=$1 opts=()
	shift
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	ctr_new "$name" --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- "$@" || return 1
	netns=$(outer ctr-net up "$name" "${opts[@]}") || return 1
	outer ctr-monitor --id "$name" -d -- cg-exec "$g" -- ns-enter --net="$netns" -- \
		ns-clone -pu --pid-file "$CTRKIT_STATE/containers/$id/pid" -- "$@" >/dev/null
}

# The IPv4 address of eth0 in container NAME, without the prefix.
address_of() {
	nsenter --net="/proc/$(ctr_field "$1" State.Pid)/ns/net" ip -4 -o addr show dev eth0 |
		awk '{ sub(/\/.*/, "", $4); print $4 }'
}

# A web server container NAME serving "page of NAME" on port 80; waits
# until it answers. Extra ctr-net up options may follow.
web_container() {
	local name=$1 i
	shift
	mkdir -p "$BATS_TEST_TMPDIR/www-$name"
	echo "page of $name" >"$BATS_TEST_TMPDIR/www-$name/index.html"
	net_container "$name" "$@" -- busybox httpd -f -p 80 -h "$BATS_TEST_TMPDIR/www-$name" || return 1
	local pid
	pid=$(ctr_field "$name" State.Pid)
	for ((i = 0; i < 100; i++)); do
		inside "$pid" timeout 2 busybox wget -q -O /dev/null http://127.0.0.1/ 2>/dev/null && return 0
		sleep 0.05
	done
	echo "httpd in $name did not answer" >&2
	return 1
}

# What ctrkit made in the test's namespace, for "nothing left" checks.
lease_files() { find "$CTRKIT_STATE/net" -path '*/leases/*' 2>/dev/null; }
owned_rules() { outer nft list table ip ctrkit 2>/dev/null | grep -c 'owner=' || true; }
ns_mounts() { findmnt -rn -o TARGET | grep -c "^$CTRKIT_STATE/" || true; }

# Nothing of any container's network is left: only the bridge and lo.
assert_no_network_left() {
	[ "$(outer_links | sort | tr '\n' ' ')" = "ctrkit0 lo " ] || { outer_links >&2; return 1; }
	[ -z "$(lease_files)" ] || { lease_files >&2; return 1; }
	[ "$(owned_rules)" -eq 0 ] || { outer nft list table ip ctrkit >&2; return 1; }
	[ "$(ns_mounts)" -eq 0 ] || { findmnt -rn -o TARGET | grep "^$CTRKIT_STATE/" >&2; return 1; }
}

setup_file() {
	# ctr-run's images, for the tests that go through it.
	export CTRKIT_IMAGES=$BATS_FILE_TMPDIR/images
	"$BATS_TEST_DIRNAME/../scripts/mk-images" "$CTRKIT_IMAGES" >/dev/null
}

@test "ctr-net up gives the container eth0 with a leased address, the default route and lo, in a namespace file" {
	ctr_new web --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	run_split outer ctr-net up web
	assert_status 0
	[ "$output" = "$CTRKIT_STATE/containers/$id/ns/net" ]
	local ns=$output
	findmnt -rn -o TARGET,FSTYPE "$ns" | grep -q nsfs
	run nsenter --net="$ns" ip -4 -o addr show dev eth0
	assert_output_contains "inet 10.88.0.2/16 brd 10.88.255.255"
	run nsenter --net="$ns" ip route show default
	assert_output_contains "default via 10.88.0.1 dev eth0"
	run nsenter --net="$ns" ip -o link show lo
	assert_output_contains ",UP"
	# The bridge has the gateway address; the host end is tagged with the id.
	run outer ip -4 -o addr show dev ctrkit0
	assert_output_contains "inet 10.88.0.1/16"
	run outer ip -d link show type veth
	assert_output_contains "master ctrkit0"
	assert_output_contains "alias ctrkit owner=$id"
	[ "$(cat "$CTRKIT_STATE/net/ctrkit0/leases/$id")" = "address 10.88.0.2/16" ]
}

@test "--etc writes hosts with the container's address, host name and name; hostname; resolv.conf" {
	ctr_new web --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	local etc=$BATS_TEST_TMPDIR/etc
	printf 'nameserver 192.0.2.1\nnameserver 127.0.0.53\nnameserver 2001:db8::1\nsearch example.org\noptions edns0\n' \
		>"$BATS_TEST_TMPDIR/resolv"
	outer ctr-net up web --hostname box --etc "$etc" --resolv-conf "$BATS_TEST_TMPDIR/resolv" >/dev/null
	run cat "$etc/hosts"
	assert_output_contains "127.0.0.1	localhost"
	assert_output_contains "10.88.0.2	box web"
	[ "$(cat "$etc/hostname")" = box ]
	# Only what a container can reach: no loopback, no IPv6 nameserver.
	[ "$(cat "$etc/resolv.conf")" = "$(printf 'nameserver 192.0.2.1\nsearch example.org\noptions edns0')" ]
	[ "$(stat -c %a "$etc/hosts" "$etc/hostname" "$etc/resolv.conf" | sort -u)" = 644 ]
}

@test "resolv.conf gets no public resolver when the host's nameservers are all on its loopback; --dns sets them" {
	local etc=$BATS_TEST_TMPDIR/etc
	printf 'nameserver 127.0.0.53\nsearch lan\n' >"$BATS_TEST_TMPDIR/resolv"
	ctr_new ca --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	outer ctr-net up ca --etc "$etc" --resolv-conf "$BATS_TEST_TMPDIR/resolv" >/dev/null
	run cat "$etc/resolv.conf"
	refute grep -q '^nameserver' "$etc/resolv.conf"
	assert_output_contains "# ctr-net: no nameserver: the host's are on its own loopback (127.x)"
	assert_output_contains "search lan"
	# Without --hostname: the short id, as ctr-run's default.
	[ "$(cat "$etc/hostname")" = "${id:0:12}" ]
	ctr_new cb --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	outer ctr-net up cb --etc "$etc" --resolv-conf "$BATS_TEST_TMPDIR/resolv" --dns 192.0.2.53 >/dev/null
	[ "$(cat "$etc/resolv.conf")" = "$(printf 'nameserver 192.0.2.53\nsearch lan')" ]
}

@test "two containers on the bridge ping each other and fetch a page from each other" {
	web_container ca --
	web_container cb --
	local addr_a addr_b pid_a pid_b
	addr_a=$(address_of ca) addr_b=$(address_of cb)
	[ "$addr_a" != "$addr_b" ]
	pid_a=$(ctr_field ca State.Pid) pid_b=$(ctr_field cb State.Pid)
	run inside "$pid_a" busybox ping -c 1 -W 2 "$addr_b"
	assert_status 0
	run inside "$pid_b" busybox ping -c 1 -W 2 "$addr_a"
	assert_status 0
	run inside "$pid_a" timeout 5 busybox wget -q -O - "http://$addr_b/"
	assert_status 0
	[ "$output" = "page of cb" ]
	run inside "$pid_b" timeout 5 busybox wget -q -O - "http://$addr_a/"
	assert_status 0
	[ "$output" = "page of ca" ]
}

@test "the outer namespace reaches a container through a published port" {
	web_container web -p 8080:80
	run outer timeout 5 busybox wget -q -O - http://10.88.0.1:8080/
	assert_status 0
	[ "$output" = "page of web" ]
	run outer net-port list -r -n
	[ "$output" = "$id tcp 8080 $(address_of web):80" ]
}

@test "a container sharing another's network (container:NAME) sees the same eth0" {
	web_container ca --
	local pid_a pid_b
	pid_a=$(ctr_field ca State.Pid)
	# What ctr-run does for --network container:a: join a's namespace.
	ctr_new cb -- sleep 600
	outer ctr-monitor --id cb -d -- cg-exec "$g" -- ns-enter --net="/proc/$pid_a/ns/net" -- \
		ns-clone -pu --pid-file "$CTRKIT_STATE/containers/$id/pid" -- sleep 600 >/dev/null
	pid_b=$(ctr_field cb State.Pid)
	[ "$(ns_inode "$pid_b" net)" = "$(ns_inode "$pid_a" net)" ]
	[ "$(inside "$pid_b" ip -o link show eth0)" = "$(inside "$pid_a" ip -o link show eth0)" ]
	# a's server is on b's own loopback.
	run inside "$pid_b" timeout 5 busybox wget -q -O - http://127.0.0.1/
	assert_status 0
	[ "$output" = "page of ca" ]
}

@test "20 containers started at once get 20 distinct addresses; all removed leave no veth, lease, rule or namespace file" {
	local i
	for i in $(seq 20); do
		net_container "c$i" -p "$((9000 + i)):80" -- sleep 600 &
	done
	wait
	run outer net-lease list -r -n
	[ "${#lines[@]}" -eq 20 ]
	[ "$(printf '%s\n' "${lines[@]}" | awk '{ print $2 }' | sort -u | wc -l)" -eq 20 ]
	for i in $(seq 20); do
		[ "$(ctr_field "c$i" State.Status)" = running ]
		grep -qx "address $(address_of "c$i")/16" "$CTRKIT_STATE/net/ctrkit0/leases/$(ctr_field "c$i" Id)"
	done
	[ "$(outer_links | grep -c '^veth')" -eq 20 ]
	[ "$(owned_rules)" -eq 40 ] # prerouting and output, for each port
	[ "$(ns_mounts)" -eq 20 ]

	# shellcheck disable=SC2046 # one word per id
	run outer ctr-rm -f $(ctr-ps -aq)
	assert_status 0
	[ "${#lines[@]}" -eq 20 ]
	assert_no_network_left
	[ -z "$(ls -A "$CTRKIT_STATE/containers")" ]
}

@test "after kill -9 of the monitor and the container, ctr-rm removes the network" {
	net_container web -p 8080:80 -- sleep 600
	local pid monitor
	pid=$(ctr_field web State.Pid) monitor=$(ctr_field web MonitorPid)
	kill -9 "$monitor" "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
	# Its namespace is still kept by the file, with the veth in it.
	[ "$(outer_links | grep -c '^veth')" -eq 1 ]
	run outer ctr-rm web
	assert_status 0
	assert_no_network_left
}

@test "ctr-monitor --rm takes the network down when the container ends" {
	ctr_new web --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- true
	netns=$(outer ctr-net up web -p 8080:80)
	run outer ctr-monitor --id web --rm -- cg-exec "$g" -- ns-enter --net="$netns" -- \
		ns-clone -pu --pid-file "$CTRKIT_STATE/containers/$id/pid" -- ip -4 -o addr show dev eth0
	assert_status 0
	assert_output_contains "inet 10.88.0.2/16"
	refute ctr-inspect web 2>/dev/null
	assert_no_network_left
}

@test "ctr-rm cleans up after a ctr-net up that was killed half-way" {
	ctr_new web --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	# What ctr-net up had made when it was killed: a lease, a namespace
	# file, the veth; no port yet.
	outer net-bridge --address 10.88.0.1/16 ctrkit0
	local addr
	addr=$(outer net-lease take "$id")
	mkdir -p "$CTRKIT_STATE/containers/$id/ns"
	outer ns-clone -n --persist "$CTRKIT_STATE/containers/$id/ns" -- true
	outer net-veth --netns "$CTRKIT_STATE/containers/$id/ns/net" --bridge ctrkit0 --owner "$id" --address "$addr" >/dev/null
	run outer ctr-rm web
	assert_status 0
	assert_no_network_left
}

@test "ctr-net down takes everything off by the container's id, and is harmless twice" {
	net_container web -p 8080:80 -- sleep 600
	run outer ctr-net down web
	assert_status 0
	assert_no_network_left
	run outer ctr-net down web
	assert_status 0
	# The record is there still; ctr-rm finds nothing left to do.
	run outer ctr-rm -f web
	assert_status 0
}

@test "the next ctr-net up reclaims the lease, veth and ports of a container whose record is gone" {
	net_container old -p 8080:80 -- sleep 600
	local old_id=$id pid
	pid=$(ctr_field old State.Pid)
	# Everything killed, and the record lost without ctr-rm.
	kill -9 "$(ctr_field old MonitorPid)" "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
	# Its namespace, and so its veth, is kept alive by something else.
	touch "$BATS_TEST_TMPDIR/kept"
	mounted+=("$BATS_TEST_TMPDIR/kept")
	mount --move "$CTRKIT_STATE/containers/$old_id/ns/net" "$BATS_TEST_TMPDIR/kept"
	rm -rf "$CTRKIT_STATE/containers/$old_id"
	[ "$(outer_links | grep -c "^veth")" -eq 1 ]
	# Someone else's lease (not a container id) is not touched.
	outer net-lease take by-hand >/dev/null
	[ -e "$CTRKIT_STATE/net/ctrkit0/leases/$old_id" ]
	web_container new -p 8080:80
	[ ! -e "$CTRKIT_STATE/net/ctrkit0/leases/$old_id" ]
	[ -e "$CTRKIT_STATE/net/ctrkit0/leases/by-hand" ]
	refute grep -q "owner=$old_id" < <(outer ip -o link show)
	[ "$(outer_links | grep -c "^veth")" -eq 1 ]
	# The port is the new container's now, and so is the first address.
	run outer timeout 5 busybox wget -q -O - http://10.88.0.1:8080/
	[ "$output" = "page of new" ]
	[ "$(address_of new)" = 10.88.0.2 ]
}

@test "bad input is refused with 125 before anything is made" {
	ctr_new web --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	local bad
	for bad in "--subnet 10.88.0.5/16" "--subnet 10.88.0/16" "--subnet 10.88.0.0/33" "--subnet 010.88.0.0/16" \
		"-p 8080" "-p 0:80" "-p 8080:80/sctp" "-p 70000:80" "-p 8080:80 -p 8080:81" \
		"--bridge ctrkit-long-name0" "--hostname bad/name" "--dns 1.2.3"; do
		# shellcheck disable=SC2086 # the option and its value
		run_split outer ctr-net up web $bad
		assert_status 125
		[[ "$stderr" == "ctr-net: "* ]] || { echo "$bad: $stderr" >&2; return 1; }
		[ -z "$output" ]
	done
	run outer ctr-net up web --subnet 10.88.0.5/16
	assert_output_contains "bad subnet '10.88.0.5/16': its host bits are not zero — did you mean 10.88.0.0/16?"
	run outer ctr-net up web --bridge ctrkit-long-name0
	assert_output_contains "it is longer than 15 bytes"
	run outer ctr-net up web -p 8080:80/sctp
	assert_output_contains "bad port '8080:80/sctp': the protocol is tcp or udp"
	# Nothing at all: no link, no lease, no table, no namespace file.
	[ "$(outer_links)" = lo ]
	[ -z "$(lease_files)" ]
	refute outer nft list table ip ctrkit >/dev/null 2>&1
	[ "$(ns_mounts)" -eq 0 ]
	[ ! -e "$CTRKIT_STATE/containers/$id/ns" ]
}

@test "a port that is published already is refused, and the second container gets nothing" {
	web_container ca -p 8080:80
	local a_id=$id
	ctr_new cb --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	run outer ctr-net up cb -p 9090:90 -p 8080:80
	assert_status 125
	assert_output_contains "ctr-net: publish tcp port 8080: it is published already, to $(address_of ca):80 by $a_id"
	[ ! -e "$CTRKIT_STATE/net/ctrkit0/leases/$id" ]
	[ "$(outer_links | grep -c '^veth')" -eq 1 ]
	[ "$(ns_mounts)" -eq 1 ]
	run outer net-port list -r -n
	[ "${#lines[@]}" -eq 1 ]
	run outer timeout 5 busybox wget -q -O - http://10.88.0.1:8080/
	[ "$output" = "page of ca" ]
}

@test "a step that fails late takes down what ctr-net up had made" {
	# lo is no bridge: net-bridge refuses it, after the lease was taken.
	ctr_new web --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	run outer ctr-net up web --bridge lo -p 8080:80
	assert_status 125
	assert_output_contains "link lo exists and is a device, not a bridge"
	assert_output_contains "ctr-net: put container $id on network lo: make the bridge lo failed"
	[ -z "$(lease_files)" ]
	[ "$(ns_mounts)" -eq 0 ]
	[ "$(outer_links)" = lo ]
	refute outer nft list table ip ctrkit >/dev/null 2>&1
}

@test "ctr-net up refuses a container without a net cleanup entry, or one that is up already" {
	ctr_new bare -- sleep 600
	run outer ctr-net up bare
	assert_status 125
	assert_output_contains "has no cleanup entry net:$CTRKIT_STATE/containers/$id/ns/net"
	assert_output_contains "ctr-create --cleanup net:"
	ctr_new web --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	outer ctr-net up web >/dev/null
	run outer ctr-net up web
	assert_status 125
	assert_output_contains "is on a network already"
	run outer ctr-net up nosuch
	assert_status 125
	assert_output_contains "nosuch"
	run outer ctr-net
	assert_status 125
	assert_output_contains "no command given"
}

@test "ctr-net --explain shows each tool it runs and their system calls" {
	ctr_new web --cleanup "net:$CTRKIT_STATE/containers/{id}/ns/net" -- sleep 600
	run_split outer ctr-net --explain up web -p 8080:80
	assert_status 0
	[[ "$stderr" == *"+ net-lease --bridge ctrkit0 take $id"* ]]
	[[ "$stderr" == *"+ net-bridge --address 10.88.0.1/16 ctrkit0"* ]]
	[[ "$stderr" == *"+ ns-clone -n --persist $CTRKIT_STATE/containers/$id/ns --sysctl net.ipv4.ip_unprivileged_port_start=0 --sysctl net.ipv4.ping_group_range=0 2147483647 -- true"* ]]
	[[ "$stderr" == *'+ write /proc/sys/net/ipv4/ip_unprivileged_port_start "0"'* ]]
	[[ "$stderr" == *"+ RTM_NEWROUTE gateway=10.88.0.1"* ]]
	[[ "$stderr" == *"+ net-port add --owner $id --to 10.88.0.2 8080:80"* ]]
	run_split outer ctr-rm --explain web
	[[ "$stderr" == *"(ctr-net down: the container's network)"* ]]
	[[ "$stderr" == *"RTM_DELLINK"* ]]
}

# --- through ctr-run, whose default network is the bridge ----------------

# fetch_from_outer URL: wget URL from the outer namespace until the server
# in the container answers (5 s at most); $status and $output are the last
# try's.
fetch_from_outer() {
	local i
	for ((i = 0; i < 100; i++)); do
		run outer timeout 5 busybox wget -q -O- "$1"
		[ "$status" -eq 0 ] && return 0
		sleep 0.05
	done
}

@test "ctr-run: the bridge is the default; two containers ping each other and fetch a page" {
	unset CTRKIT_NETWORK
	run_split outer ctr-run -d --name ca --hostname alpha busybox httpd -f -p 80 -h /etc
	assert_status 0
	outer ctr-run -d --name cb busybox sleep 600 >/dev/null
	local a_addr b_addr i
	a_addr=$(address_of ca)
	b_addr=$(address_of cb)
	[[ "$a_addr" == 10.88.* && "$b_addr" == 10.88.* && "$a_addr" != "$b_addr" ]]
	run outer ctr-exec cb ping -c 1 -W 2 "$a_addr"
	assert_status 0
	run outer ctr-exec ca ping -c 1 -W 2 "$b_addr"
	assert_status 0
	for ((i = 0; i < 100; i++)); do
		run outer ctr-exec cb timeout 5 busybox wget -q -O- "http://$a_addr/hostname"
		[ "$status" -eq 0 ] && break
		sleep 0.05
	done
	[ "$output" = alpha ]
	# Its /etc/hosts names it, as Docker's does.
	run outer ctr-exec ca cat /etc/hosts
	assert_output_contains "$a_addr	alpha ca"
	outer ctr-rm -f ca cb >/dev/null
	assert_no_network_left
}

@test "ctr-run -p publishes a port, reached from the outer namespace; ctr-rm takes the rule away" {
	unset CTRKIT_NETWORK
	outer ctr-run -d --name web -p 8080:80 --hostname webhost busybox httpd -f -p 80 -h /etc >/dev/null
	fetch_from_outer http://10.88.0.1:8080/hostname
	[ "$output" = webhost ]
	run outer ctr-run --rm -p 8080:80 busybox true
	assert_status 125
	outer ctr-rm -f web >/dev/null
	assert_no_network_left
}

@test "ctr-run --userns on the bridge: root inside, 100000 outside, serves port 80 through a published port" {
	unset CTRKIT_NETWORK
	# Root in a user namespace has no capability over the bridge's network
	# namespace (ctr-net up made it, outside): port 80 binds because of
	# Docker's default, net.ipv4.ip_unprivileged_port_start=0.
	mkdir -p "$CTRKIT_STORE"
	searchable_to_others "$CTRKIT_STORE"
	outer ctr-run -d --userns --name uweb -p 8081:80 --hostname userweb busybox httpd -f -p 80 -h /etc >/dev/null
	run outer ctr-exec uweb cat /proc/sys/net/ipv4/ip_unprivileged_port_start /proc/sys/net/ipv4/ping_group_range
	[ "${lines[0]}" = 0 ] && [ "${lines[1]}" = $'0\t2147483647' ]
	local pid
	pid=$(ctr-inspect -f State.Pid uweb)
	[ "$(awk '$1 == "Uid:" { print $2 }' "/proc/$pid/status")" = 100000 ]
	fetch_from_outer http://10.88.0.1:8081/hostname
	[ "$output" = userweb ]
	outer ctr-rm -f uweb >/dev/null
	assert_no_network_left
}

@test "ctr-run: 20 containers started at once on the bridge get 20 distinct addresses, and leave nothing" {
	unset CTRKIT_NETWORK
	local i
	for ((i = 0; i < 20; i++)); do
		outer ctr-run -d --name "c$i" busybox sleep 600 >/dev/null 3>&- &
	done
	wait
	[ "$(for ((i = 0; i < 20; i++)); do address_of "c$i"; done | sort -u | wc -l)" -eq 20 ]
	# shellcheck disable=SC2046 # one word per id
	outer ctr-rm -f $(ctr-ps -aq --no-trunc) >/dev/null
	assert_no_network_left
}
