#!/usr/bin/env bats
# net-port: publish container ports on the host with nftables.

load net-helpers

setup() { net_setup; }
teardown() { net_teardown; }

# A container at 10.88.0.5 serving a page on port 80; its PID in $web.
start_web() {
	make_bridge
	start_container
	web=$container
	outer net-veth -p "$web" -b ctrkit0 --owner web -a 10.88.0.5/16 -g 10.88.0.1 >/dev/null
	mkdir -p "$BATS_TEST_TMPDIR/www"
	echo "published page" >"$BATS_TEST_TMPDIR/www/index.html"
	serve_http "$web" 80 "$BATS_TEST_TMPDIR/www"
}

@test "a published port reaches the container from the host side" {
	start_web
	run outer net-port add --owner web --to 10.88.0.5 8080:80/tcp
	assert_status 0
	run outer timeout 5 busybox wget -q -O - http://10.88.0.1:8080/
	assert_status 0
	[ "$output" = "published page" ]
	run outer net-port list
	[ "${lines[0]}" = "OWNER PROTO HOSTPORT TO" ]
	[ "${lines[1]}" = "web   tcp       8080 10.88.0.5:80" ]
}

@test "a port that is published already is refused, and the rules stay as they were" {
	outer net-port add --owner web --to 10.88.0.5 8080:80
	run outer net-port add --owner db --to 10.88.0.6 8080:5432/tcp
	assert_status 125
	assert_output_contains "publish tcp port 8080: it is published already, to 10.88.0.5:80 by web"
	run outer net-port list -n
	[ "${#lines[@]}" -eq 1 ]
	# The same number over UDP is another port.
	run outer net-port add --owner db --to 10.88.0.6 8080:53/udp
	assert_status 0
}

@test "net-port del --owner removes exactly the owner's rules" {
	outer net-port add --owner web --to 10.88.0.5 8080:80
	outer net-port add --owner web --to 10.88.0.5 8443:443
	outer net-port add --owner db --to 10.88.0.6 5432:5432
	run outer net-port del --owner web
	assert_status 0
	run outer net-port list -r -n
	[ "$output" = "db tcp 5432 10.88.0.6:5432" ]
	run outer net-port del --owner web
	assert_status 125
	run outer net-port del --owner web --force
	assert_status 0
	run outer net-port del 5432/tcp
	assert_status 0
	run outer net-port list -n
	[ -z "$output" ]
}

@test "net-port masquerade adds one rule for the subnet, once, and flush removes the table" {
	command -v nft >/dev/null || skip "nft (package nftables) is not installed"
	run outer net-port masquerade 10.88.0.0/16 --bridge ctrkit0
	assert_status 0
	outer net-port masquerade 10.88.0.0/16
	run outer nft list chain ip ctrkit postrouting
	[ "$(grep -c masquerade <<<"$output")" -eq 1 ]
	assert_output_contains 'ip saddr 10.88.0.0/16 oifname != "ctrkit0" masquerade'
	[ "$(outer cat /proc/sys/net/ipv4/ip_forward)" = 1 ]
	run outer net-port flush
	assert_status 0
	! outer nft list table ip ctrkit 2>/dev/null
}

@test "net-port refuses malformed ports and addresses with status 125, and adds nothing" {
	local bad
	for bad in 8080 8080: :80 0:80 8080:0 70000:80 8080:80/sctp 8080:80/ x:80; do
		run outer net-port add --to 10.88.0.5 "$bad"
		assert_status 125
		assert_output_contains "bad port '$bad'"
	done
	run outer net-port add --to 10.88.0 8080:80
	assert_status 125
	assert_output_contains "bad container address"
	run outer net-port add 8080:80
	assert_status 125
	assert_output_contains "needs --to"
	run outer net-port masquerade 10.88.0.1/16
	assert_status 125
	run outer net-port list -n
	[ -z "$output" ]
}

@test "net-port --explain shows each nf_tables message with its nft(8) equivalent" {
	run_split outer net-port --explain add --owner web --to 10.88.0.5 8080:80
	assert_status 0
	[[ "$stderr" == *"+ NFNL_MSG_BATCH_BEGIN"* ]]
	[[ "$stderr" == *"+ NFT_MSG_NEWTABLE family=ip table=ctrkit flags=NLM_F_CREATE   (nft add table ip ctrkit)"* ]]
	[[ "$stderr" == *"(nft add rule ip ctrkit prerouting fib daddr type local tcp dport 8080 dnat to 10.88.0.5:80 comment \"ctrkit owner=web tcp 8080 to 10.88.0.5:80\")"* ]]
	[[ "$stderr" == *"chain=output"*"(nft add rule ip ctrkit output"* ]]
	run_split outer net-port --explain del --owner web
	[[ "$stderr" =~ \(nft\ delete\ rule\ ip\ ctrkit\ prerouting\ handle\ [0-9]+\) ]]
}

@test "everything an owner added is found and removed by owner after kill -9" {
	make_bridge
	local dir=$BATS_TEST_TMPDIR/c1
	mkdir "$dir"
	mounted+=("$dir/net")
	# The container's namespace outlives it (kept by a file), as a runtime's would.
	nsenter --net="$NETNS" -- ns-clone -n --persist "$dir" -- sleep 600 &
	local runtime=$! child=
	pids+=("$runtime")
	until child=$(pgrep -P "$runtime" -x sleep); do sleep 0.02; done
	pids+=("$child")
	wait_for_file "$dir/net"
	local addr
	addr=$(net-lease take web)
	outer net-veth --netns "$dir/net" -b ctrkit0 --owner web -a "$addr" -g 10.88.0.1 >/dev/null
	outer net-port add --owner web --to "${addr%/*}" 8080:80
	# Kill the container and the tool that started it: nothing runs to clean up.
	kill -9 "$child" "$runtime"
	# The clean-up needs nothing but the owner's name.
	outer net-veth --delete --owner web
	outer net-port del --owner web
	net-lease release web
	[ "$(outer_links | sort | tr '\n' ' ')" = "ctrkit0 lo " ]
	[ -z "$(outer net-port list -n)" ]
	[ -z "$(net-lease list -n)" ]
}

@test "net-port --help documents every option, --version names the tool" {
	run net-port --help
	assert_status 0
	[ "${lines[0]}" = "Usage: net-port [options] add|del|list|masquerade|flush [ARG]" ]
	[[ "${lines[1]}" == *. ]]
	local opt
	for opt in --to --owner --bridge --force --noheadings --raw --json --explain --help --version; do
		assert_output_contains -- "$opt"
	done
	run net-port --version
	[[ "$output" == "net-port (ctrkit) "* ]]
	run net-port
	assert_status 125
	assert_output_contains "Try 'net-port --help'"
}
