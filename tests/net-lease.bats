#!/usr/bin/env bats
# net-lease: hand out container addresses from a subnet, under a lock.

load net-helpers

setup() { net_setup; }
teardown() { net_teardown; }

@test "net-lease take gives the first free host address, and the same one again to the same owner" {
	run net-lease take web
	assert_status 0
	[ "$output" = 10.88.0.2/16 ]
	run net-lease take db
	[ "$output" = 10.88.0.3/16 ]
	run net-lease take web
	[ "$output" = 10.88.0.2/16 ]
	[ "$(cat "$CTRKIT_STATE/net/ctrkit0/leases/web")" = "address 10.88.0.2/16" ]
	[ "$(cat "$CTRKIT_STATE/net/ctrkit0/subnet")" = "10.88.0.0/16 10.88.0.1" ]
}

@test "20 leases taken in parallel are all different" {
	local i
	for i in $(seq 1 20); do
		net-lease take "c$i" >"$BATS_TEST_TMPDIR/out.$i" &
	done
	wait
	[ "$(cat "$BATS_TEST_TMPDIR"/out.* | wc -l)" -eq 20 ]
	[ "$(cat "$BATS_TEST_TMPDIR"/out.* | sort -u | wc -l)" -eq 20 ]
	! grep -qx 10.88.0.1/16 "$BATS_TEST_TMPDIR"/out.*
	run net-lease list -n
	[ "${#lines[@]}" -eq 20 ]
}

@test "net-lease release frees the address for the next owner" {
	net-lease take a >/dev/null
	net-lease take b >/dev/null
	run net-lease release a
	assert_status 0
	[ ! -e "$CTRKIT_STATE/net/ctrkit0/leases/a" ]
	run net-lease take c
	[ "$output" = 10.88.0.2/16 ]
}

@test "net-lease release of a lease nobody holds fails, unless --force" {
	run net-lease release ghost
	assert_status 125
	assert_output_contains "ghost holds no lease"
	run net-lease release --force ghost
	assert_status 0
}

@test "net-lease list shows owners and addresses as columns, raw or JSON" {
	net-lease take web >/dev/null
	net-lease take db >/dev/null
	run net-lease list
	[ "${lines[0]}" = "OWNER ADDRESS" ]
	[ "${lines[1]}" = "web   10.88.0.2/16" ]
	run net-lease list -r -n
	[ "${lines[1]}" = "db 10.88.0.3/16" ]
	run net-lease list --json
	[ "$(jq -r '.leases[1].owner' <<<"$output")" = db ]
}

@test "net-lease --subnet and --gateway choose the pool, per bridge" {
	run net-lease --bridge br1 --subnet 172.30.0.0/24 --gateway 172.30.0.254 take x
	[ "$output" = 172.30.0.1/24 ]
	run net-lease --bridge br1 take y
	[ "$output" = 172.30.0.2/24 ]
	run net-lease take z
	[ "$output" = 10.88.0.2/16 ]
}

@test "net-lease runs out of addresses with a clear error" {
	run net-lease --subnet 192.168.77.0/30 take a
	[ "$output" = 192.168.77.2/30 ]
	run net-lease take b
	assert_status 125
	assert_output_contains "no free address left in 192.168.77.0/30"
}

@test "net-lease refuses to change the subnet of a network that has leases" {
	net-lease take web >/dev/null
	run net-lease --subnet 10.99.0.0/16 take db
	assert_status 125
	assert_output_contains "uses subnet 10.88.0.0/16"
	net-lease release web
	run net-lease --subnet 10.99.0.0/16 take db
	[ "$output" = 10.99.0.2/16 ]
}

@test "net-lease refuses malformed subnets, gateways and owners with status 125" {
	run net-lease --subnet 10.88.0.1/16 take a
	assert_status 125
	assert_output_contains "did you mean 10.88.0.0/16"
	run net-lease --subnet 10.88.0.0 take a
	assert_status 125
	run net-lease --subnet 10.88.0.0/31 take a
	assert_status 125
	run net-lease --gateway 10.99.0.1 take a
	assert_status 125
	assert_output_contains "not a host of 10.88.0.0/16"
	run net-lease take ../etc
	assert_status 125
	assert_output_contains "bad owner"
	run net-lease --bridge much-too-long-bridge take a
	assert_status 125
	[ ! -e "$CTRKIT_STATE/net/ctrkit0/leases/a" ]
}

@test "net-lease --explain shows the lock and each file it writes" {
	run_split net-lease --explain take web
	assert_status 0
	[[ "$stderr" == *"+ flock($CTRKIT_STATE/net/ctrkit0/lock, LOCK_EX)"* ]]
	[[ "$stderr" == *"+ write $CTRKIT_STATE/net/ctrkit0/leases/web \"address 10.88.0.2/16\\n\""* ]]
	run_split env CTRKIT_EXPLAIN=1 net-lease release web
	[[ "$stderr" == *"+ unlink $CTRKIT_STATE/net/ctrkit0/leases/web"* ]]
}

@test "net-lease --help documents every option, --version names the tool" {
	run net-lease --help
	assert_status 0
	[ "${lines[0]}" = "Usage: net-lease [options] take|release|list [OWNER]" ]
	[[ "${lines[1]}" == *. ]]
	local opt
	for opt in --bridge --subnet --gateway --force --noheadings --raw --json --explain --help --version; do
		assert_output_contains -- "$opt"
	done
	run net-lease --version
	[[ "$output" == "net-lease (ctrkit) "* ]]
	run net-lease frob
	assert_status 125
	assert_output_contains "Try 'net-lease --help'"
}
