#!/usr/bin/env bats
# net-veth: connect a network namespace to a bridge with a veth pair.

load net-helpers

setup() { net_setup; }
teardown() { net_teardown; }

@test "net-veth --netns-pid puts eth0 in the namespace with its address, lo up and the default route" {
	make_bridge
	start_container
	run_split outer net-veth --netns-pid "$container" --bridge ctrkit0 --address 10.88.0.5/16 --gateway 10.88.0.1
	assert_status 0
	local host=$output
	[[ "$host" =~ ^veth[0-9a-f]{8}$ ]]
	run inside "$container" ip -4 -o addr show dev eth0
	assert_output_contains "inet 10.88.0.5/16 brd 10.88.255.255"
	run inside "$container" ip -o link show eth0
	assert_output_contains ",UP"
	run inside "$container" ip -o link show lo
	assert_output_contains ",UP"
	run inside "$container" ip route show default
	[ "$output" = "default via 10.88.0.1 dev eth0 " ] || [ "$output" = "default via 10.88.0.1 dev eth0" ]
	# The outer end is on the bridge, up; the inner end never showed outside.
	run outer ip -o link show "$host"
	assert_output_contains "master ctrkit0"
	assert_output_contains ",UP"
	! outer_links | grep -qx eth0
}

@test "net-veth --netns takes a namespace file (ns-clone --persist)" {
	make_bridge
	local dir=$BATS_TEST_TMPDIR/c1
	mkdir "$dir"
	mounted+=("$dir/net")
	ns-clone -n --persist "$dir" -- true
	run outer net-veth --netns "$dir/net" --bridge ctrkit0 --address 10.88.0.7/16 --gateway 10.88.0.1
	assert_status 0
	run nsenter --net="$dir/net" ip -4 -o addr show dev eth0
	assert_output_contains "inet 10.88.0.7/16"
	run nsenter --net="$dir/net" ip route show default
	assert_output_contains "default via 10.88.0.1 dev eth0"
}

@test "two containers on the bridge ping each other and fetch a page from each other" {
	make_bridge
	start_container; local a=$container
	start_container; local b=$container
	outer net-veth -p "$a" -b ctrkit0 -a 10.88.0.2/16 -g 10.88.0.1
	outer net-veth -p "$b" -b ctrkit0 -a 10.88.0.3/16 -g 10.88.0.1
	run inside "$a" busybox ping -c 1 -W 2 10.88.0.3
	assert_status 0
	run inside "$b" busybox ping -c 1 -W 2 10.88.0.2
	assert_status 0
	mkdir "$BATS_TEST_TMPDIR/wa" "$BATS_TEST_TMPDIR/wb"
	echo "page of a" >"$BATS_TEST_TMPDIR/wa/index.html"
	echo "page of b" >"$BATS_TEST_TMPDIR/wb/index.html"
	serve_http "$a" 8080 "$BATS_TEST_TMPDIR/wa"
	serve_http "$b" 8080 "$BATS_TEST_TMPDIR/wb"
	run inside "$a" timeout 5 busybox wget -q -O - http://10.88.0.3:8080/
	assert_status 0
	[ "$output" = "page of b" ]
	run inside "$b" timeout 5 busybox wget -q -O - http://10.88.0.2:8080/
	assert_status 0
	[ "$output" = "page of a" ]
}

@test "net-veth reports the kernel's own reason (extended ACK) and removes the pair it made" {
	make_bridge
	start_container
	run outer net-veth -p "$container" -b ctrkit0 --mtu 60
	assert_status 125
	assert_output_contains "set the MTU of veth"
	assert_output_contains "the kernel says: mtu less than device minimum"
	[ "$(outer_links | sort | tr '\n' ' ')" = "ctrkit0 lo " ]
	[ "$(inside "$container" ip -o link show | wc -l)" -eq 1 ]
}

@test "a step that fails late leaves nothing half-configured" {
	make_bridge
	start_container
	outer net-veth -p "$container" -b ctrkit0 -a 10.88.0.5/16 -g 10.88.0.1 >/dev/null
	local before
	before=$(outer_links | sort)
	# A second default route in the same namespace: the last step fails.
	run outer net-veth -p "$container" -b ctrkit0 --ifname eth1 -a 10.88.0.6/16 -g 10.88.0.1
	assert_status 125
	assert_output_contains "add default route via 10.88.0.1 dev eth1: File exists"
	[ "$(outer_links | sort)" = "$before" ]
	! inside "$container" ip link show eth1 2>/dev/null
}

@test "net-veth refuses bad input with status 125 and creates nothing" {
	make_bridge
	start_container
	run outer net-veth -p "$container" -b ctrkit0 -a 10.88.0.5
	assert_status 125
	assert_output_contains "bad address '10.88.0.5'"
	run outer net-veth -p "$container" -b ctrkit0 -a 10.88.0.5/16 -g 10.99.0.1
	assert_status 125
	assert_output_contains "outside the subnet"
	run outer net-veth -p "$container" -b ctrkit0 -a 10.88.0.0/16
	assert_status 125
	run outer net-veth -p "$container" -b nosuch0 -a 10.88.0.5/16
	assert_status 125
	assert_output_contains "net-bridge --address"
	run outer net-veth -p "$container" -H much-too-long-name0
	assert_status 125
	assert_output_contains "too long"
	run outer net-veth -p 0
	assert_status 125
	run outer net-veth --netns "$BATS_TEST_TMPDIR"
	assert_status 125
	[ "$(outer_links | sort | tr '\n' ' ')" = "ctrkit0 lo " ]
	[ "$(inside "$container" ip -o link show | wc -l)" -eq 1 ]
}

@test "net-veth --owner tags the outer end, and --delete --owner removes the pair" {
	make_bridge
	start_container
	run outer net-veth -p "$container" -b ctrkit0 --owner web -a 10.88.0.5/16
	assert_status 0
	local host=$output
	run outer ip -d link show "$host"
	assert_output_contains "alias ctrkit owner=web"
	# The name follows from the owner, so a clean-up can compute it too.
	run outer net-veth -p "$container" --owner web --ifname eth1
	assert_status 125
	assert_output_contains "File exists"
	run outer net-veth --delete --owner web
	assert_status 0
	! outer_links | grep -qx "$host"
	! inside "$container" ip link show eth0 2>/dev/null
	run outer net-veth --delete --owner web
	assert_status 125
	run outer net-veth --delete --owner web --force
	assert_status 0
}

@test "net-veth --explain shows each netlink request with its ip(8) equivalent, inside too" {
	make_bridge
	start_container
	run_split outer net-veth --explain -p "$container" -b ctrkit0 -a 10.88.0.5/16 -g 10.88.0.1
	assert_status 0
	[[ "$stderr" =~ \+\ RTM_NEWLINK\ ifname=veth[0-9a-f]+\ kind=veth\ peer=\{ifname=eth0\ netns_fd=[0-9]+\}\ flags=NLM_F_CREATE\|NLM_F_EXCL\ +\(ip\ link\ add\ veth[0-9a-f]+\ type\ veth\ peer\ name\ eth0\ netns\ $container\) ]]
	[[ "$stderr" == *"(ip link set $output master ctrkit0)"* ]]
	[[ "$stderr" == *"(nsenter --net=/proc/$container/ns/net ip link set lo up)"* ]]
	[[ "$stderr" == *"(nsenter --net=/proc/$container/ns/net ip addr add 10.88.0.5/16 brd + dev eth0)"* ]]
	[[ "$stderr" == *"+ RTM_NEWROUTE gateway=10.88.0.1 oif="*"(nsenter --net=/proc/$container/ns/net ip route add default via 10.88.0.1 dev eth0)"* ]]
}

@test "net-veth --help documents every option, --version names the tool" {
	run net-veth --help
	assert_status 0
	[ "${lines[0]}" = "Usage: net-veth [options] --netns-pid PID | --netns FILE" ]
	[[ "${lines[1]}" == *. ]]
	local opt
	for opt in --netns-pid --netns --bridge --address --gateway --ifname --host-name --mtu --owner \
		--delete --force --explain --help --version; do
		assert_output_contains -- "$opt"
	done
	run net-veth --version
	[[ "$output" == "net-veth (ctrkit) "* ]]
	run net-veth
	assert_status 125
	assert_output_contains "Try 'net-veth --help'"
}
