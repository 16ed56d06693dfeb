#!/usr/bin/env bats
# net-bridge: create a network bridge, give it an address, bring it up.

load net-helpers

setup() { net_setup; }
teardown() { net_teardown; }

@test "net-bridge creates a bridge, gives it the address and brings it up" {
	run outer net-bridge --address 10.88.0.1/16 ctrkit0
	assert_status 0
	run outer ip -d link show ctrkit0
	assert_status 0
	assert_output_contains "bridge"
	assert_output_contains ",UP"
	run outer ip -4 -o addr show dev ctrkit0
	assert_output_contains "inet 10.88.0.1/16 brd 10.88.255.255"
}

@test "net-bridge on a bridge that exists reuses it, adding nothing twice" {
	make_bridge
	run outer net-bridge --address 10.88.0.1/16 ctrkit0
	assert_status 0
	[ "$(outer ip -4 -o addr show dev ctrkit0 | wc -l)" -eq 1 ]
	[ "$(outer_links | grep -c '^ctrkit0$')" -eq 1 ]
}

@test "net-bridge without an address makes a bridge that is up" {
	run outer net-bridge br-plain
	assert_status 0
	run outer ip -o link show br-plain
	assert_output_contains ",UP"
}

@test "net-bridge --delete removes the bridge" {
	make_bridge
	run outer net-bridge --delete ctrkit0
	assert_status 0
	! outer_links | grep -qx ctrkit0
}

@test "net-bridge --delete of a missing bridge fails and says how to list bridges" {
	run outer net-bridge --delete nosuch0
	assert_status 125
	assert_output_contains "No such device"
	assert_output_contains "ip link show type bridge"
}

@test "net-bridge refuses a name longer than IFNAMSIZ allows, and creates nothing" {
	run outer net-bridge --address 10.88.0.1/16 ctrkit-much-too-long
	assert_status 125
	assert_output_contains "too long"
	assert_output_contains "at most 15 bytes"
	[ "$(outer_links)" = lo ]
}

@test "net-bridge refuses malformed addresses, and creates nothing" {
	local bad
	for bad in 10.88.0.300/16 10.88.0.1/33 10.88.0.1 10.88/16 10.88.0.1/ x/16 10.88.0.1/16x; do
		run outer net-bridge --address "$bad" ctrkit0
		assert_status 125
		assert_output_contains "bad bridge address '$bad'"
	done
	run outer net-bridge --address 10.88.0.0/16 ctrkit0
	assert_status 125
	assert_output_contains "not a usable gateway"
	[ "$(outer_links)" = lo ]
}

@test "net-bridge will not take over or delete a link that is not a bridge" {
	outer ip link add v-test0 type veth peer name v-test1
	run outer net-bridge --address 10.88.0.1/16 v-test0
	assert_status 125
	assert_output_contains "not a bridge"
	run outer net-bridge --delete v-test0
	assert_status 125
	outer_links | grep -qx v-test0
	[ -z "$(outer ip -4 -o addr show dev v-test0)" ]
}

@test "net-bridge --explain prints each netlink request with its ip(8) equivalent" {
	run_split outer net-bridge --explain --address 10.88.0.1/16 ctrkit0
	assert_status 0
	[[ "$stderr" == *"+ RTM_NEWLINK ifname=ctrkit0 kind=bridge flags=NLM_F_CREATE|NLM_F_EXCL   (ip link add ctrkit0 type bridge)"* ]]
	[[ "$stderr" == *"local=10.88.0.1/16"*"(ip addr add 10.88.0.1/16 brd + dev ctrkit0)"* ]]
	[[ "$stderr" =~ \+\ RTM_NEWLINK\ index=[0-9]+\ up\ +\(ip\ link\ set\ ctrkit0\ up\) ]]
	run_split env CTRKIT_EXPLAIN=1 nsenter --net="$NETNS" net-bridge --delete ctrkit0
	assert_status 0
	[[ "$stderr" == *"(ip link del ctrkit0)"* ]]
}

@test "net-bridge --help documents every option, --version names the tool" {
	run net-bridge --help
	assert_status 0
	[ "${lines[0]}" = "Usage: net-bridge [options] NAME" ]
	[[ "${lines[1]}" == *. ]]
	local opt
	for opt in --address --delete --explain --help --version; do
		assert_output_contains -- "$opt"
	done
	run net-bridge --version
	assert_status 0
	[[ "$output" == "net-bridge (ctrkit) "* ]]
	run net-bridge
	assert_status 125
	assert_output_contains "Try 'net-bridge --help'"
}
