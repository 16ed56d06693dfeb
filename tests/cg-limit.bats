#!/usr/bin/env bats
# cg-limit: set a cgroup's limits in whichever cgroup version has each
# controller, all or nothing, or show them.

load helpers
load cg-helpers

setup() {
	cg_setup
	g=$(cg_name)
	cg-create "$g" >/dev/null
}
teardown() { cg_teardown; }

# The value cg-limit shows for limit $1 of group $g.
shown() {
	cg-limit "$g" | awk -v l="$1" '$1 == l { print $2 }'
}

@test "cg-limit with no limit prints the current ones, in the user's units" {
	run cg-limit "$g"
	assert_status 0
	[ "${lines[0]}" = "$(echo "${lines[0]}" | grep -E '^LIMIT +VALUE +CGROUP +FILE$')" ]
	assert_output_contains "memory"
	assert_output_contains "cpus"
	[ "$(shown memory)" = max ]
	[ "$(shown pids)" = max ]
}

@test "cg-limit --memory writes the memory file of the version that has memory" {
	run cg-limit "$g" --memory 64M
	assert_status 0
	[ "$(cg_read "$g" memory.max memory.limit_in_bytes)" = 67108864 ]
	[ "$(shown memory)" = 64M ]
	cg-limit "$g" --memory 1.5G
	[ "$(shown memory)" = 1.5G ]
	cg-limit "$g" --memory max
	[ "$(shown memory)" = max ]
}

@test "cg-limit --memory-swap is memory and swap together, as docker's" {
	cg_find "$g" memory.swap.max >/dev/null || cg_find "$g" memory.memsw.limit_in_bytes >/dev/null ||
		skip "this kernel does not account swap per cgroup"
	run cg-limit "$g" --memory 64M --memory-swap 128M
	assert_status 0
	if cg_find "$g" memory.swap.max >/dev/null; then
		[ "$(cg_read "$g" memory.swap.max)" = 67108864 ] # v2: swap alone
	else
		[ "$(cg_read "$g" memory.memsw.limit_in_bytes)" = 134217728 ] # v1: the total
	fi
	[ "$(shown memory-swap)" = 128M ]
	# Raising memory past the old total needs the total written first (v1).
	run cg-limit "$g" --memory 256M --memory-swap 512M
	assert_status 0
	[ "$(shown memory)" = 256M ]
	[ "$(shown memory-swap)" = 512M ]
	run cg-limit "$g" --memory 64M --memory-swap 32M
	assert_status 125
	assert_output_contains "less than the memory limit"
}

@test "cg-limit --cpus sets a quota per 100 ms period" {
	run cg-limit "$g" --cpus 1.5
	assert_status 0
	if cg_find "$g" cpu.max >/dev/null; then
		[ "$(cg_read "$g" cpu.max)" = "150000 100000" ]
	else
		[ "$(cg_read "$g" cpu.cfs_quota_us)" = 150000 ]
		[ "$(cg_read "$g" cpu.cfs_period_us)" = 100000 ]
	fi
	[ "$(shown cpus)" = 1.5 ]
	cg-limit "$g" --cpus 0.25
	[ "$(shown cpus)" = 0.25 ]
}

@test "cg-limit --cpu-weight is cpu.weight on v2 and converted cpu.shares on v1" {
	run cg-limit "$g" --cpu-weight 100
	assert_status 0
	if cg_find "$g" cpu.weight >/dev/null; then
		[ "$(cg_read "$g" cpu.weight)" = 100 ]
	else
		[ "$(cg_read "$g" cpu.shares)" = 2597 ] # 2 + (100-1)*262142/9999
	fi
	local w
	for w in 1 2 100 500 9999 10000; do
		cg-limit "$g" --cpu-weight "$w"
		[ "$(shown cpu-weight)" = "$w" ] || { echo "weight $w reads back as $(shown cpu-weight)" >&2; return 1; }
	done
}

@test "cg-limit --cpuset-cpus, --cpuset-mems and --pids are written as given" {
	run cg-limit "$g" --cpuset-cpus 0 --cpuset-mems 0 --pids 42
	assert_status 0
	[ "$(cg_read "$g" cpuset.cpus)" = 0 ]
	[ "$(cg_read "$g" pids.max)" = 42 ]
	[ "$(shown pids)" = 42 ]
	[ "$(shown cpuset-cpus)" = 0 ]
}

@test "cg-limit --io-max takes a block device path or MAJ:MIN" {
	local disk majmin
	read -r disk majmin < <(lsblk -dnpo NAME,MAJ:MIN,TYPE | awk '$3 == "disk" && $2 !~ /^253:/ { print $1, $2; exit }')
	[ -n "$disk" ] || skip "no disk"
	run cg-limit "$g" --io-max "$disk:rbps=1M,wiops=100"
	assert_status 0
	[ "$(shown io-max)" = "$majmin:rbps=1M,wiops=100" ]
	run cg-limit "$g" --io-max "$majmin:rbps=max,wbps=2M"
	assert_status 0
	[ "$(shown io-max)" = "$majmin:wbps=2M,wiops=100" ]
}

@test "bad values are refused with status 125 and no limit is set" {
	local bad
	for bad in "--memory 64Q" "--memory -5" "--memory 99999999999999999999" "--memory 1.5" "--memory 0" \
		"--pids -1" "--pids 1x" "--cpus 0" "--cpus -1" "--cpus 1.234567" "--cpus 0.001" "--cpus abc" \
		"--cpu-weight 0" "--cpu-weight 10001" "--io-weight 0" "--cpuset-cpus 3-1" "--cpuset-cpus x" \
		"--io-max nodev" "--io-max 8:0:foo=1" "--io-max /dev/null:rbps=1" "--memory-swap -2"; do
		# shellcheck disable=SC2086 # the option and its value are two words
		run cg-limit "$g" --memory 32M --pids 7 $bad
		assert_status 125
		[ "${#lines[@]}" -eq 1 ] || { echo "expected one line of error for $bad: $output" >&2; return 1; }
	done
	[ "$(shown memory)" = max ]
	[ "$(shown pids)" = max ]
}

@test "a limit the kernel refuses puts back the ones written before it" {
	# A CPU that is not there: the parser accepts it, the kernel does not.
	run cg-limit "$g" --memory 100M --pids 9 --cpuset-cpus "$(($(nproc) + 8))"
	assert_status 125
	assert_output_contains "cpuset.cpus"
	[ "$(shown memory)" = max ]
	[ "$(shown pids)" = max ]
}

@test "cg-limit --explain shows each kernel file written and why that one" {
	run cg-limit --explain "$g" --memory 64M --cpu-weight 100
	assert_status 0
	if cg_find "$g" memory.limit_in_bytes >/dev/null; then
		assert_output_contains "/$g/memory.limit_in_bytes \"67108864\"  (v1: memory is not in the v2 tree)"
		assert_output_contains "/$g/cpu.shares \"2597\"  (v1: cpu is not in the v2 tree; shares = 2 + (weight-1)*262142/9999)"
	else
		assert_output_contains "/$g/memory.max \"67108864\"  (v2: memory is in the unified tree)"
	fi
}

@test "cg-limit --json prints the limits as JSON" {
	cg-limit "$g" --memory 64M
	run cg-limit --json "$g"
	assert_status 0
	jq -e '.limits[] | select(.limit == "memory") | .value == "64M"' <<<"$output"
	jq -e '.limits | length == 10' <<<"$output"
	jq -e '.limits[] | select(.limit == "devices") | .value == "all"' <<<"$output"
}

@test "cg-limit on a missing group says how to create it" {
	run cg-limit "$g-nope" --memory 64M
	assert_status 125
	assert_output_contains "cg-create $g-nope"
	run cg-limit "$g-nope"
	assert_status 125
}

@test "cg-limit --io-weight says clearly when the kernel has no such file" {
	run cg-limit "$g" --io-weight 200
	if [ "$status" -eq 0 ]; then
		[ "$(shown io-weight)" -ge 190 ] && [ "$(shown io-weight)" -le 210 ]
	else
		assert_status 125
		assert_output_contains "weight"
	fi
}

# --- devices ----------------------------------------------------------------

# The devices row of `cg-limit $g`: everything after "devices", less the
# version and file columns.
shown_devices() {
	cg-limit "$g" | sed -n 's/^devices  *//p' | sed 's/  *v[12]  *[^ ]*$//'
}

@test "a new group may use every device, and cg-limit shows it" {
	[ "$(shown_devices)" = all ]
	if list=$(cg_find "$g" devices.list); then
		[ "$(cat "$list")" = "a *:* rwm" ]
	fi
}

@test "cg-limit --devices container writes Docker's list, without mknod of other nodes, to devices.list" {
	list=$(cg_find "$g" devices.list) || skip "no v1 devices hierarchy (tests/v2/cgroups.sh covers v2)"
	run cg-limit "$g" --devices container
	assert_status 0
	[ "$(cat "$list")" = "$(printf 'c 1:%s rwm\n' 3 5 7 8 9; printf 'c 5:%s rwm\n' 0 1 2; printf 'c 136:* rwm\nc 10:200 rwm')" ]
	[ "$(shown_devices)" = container ]
	# --device-allow adds to the preset; the rules given replace the old.
	run cg-limit "$g" --devices container --device-allow 'c 10:229 rw'
	assert_status 0
	[ "$(shown_devices)" = "container + c 10:229 rw" ]
	[ "$(wc -l <"$list")" -eq 11 ]
	run cg-limit "$g" --device-allow 'c 1:3 rw' --device-allow 'b 8:* r'
	assert_status 0
	[ "$(cat "$list")" = "$(printf 'c 1:3 rw\nb 8:* r')" ]
	run cg-limit "$g" --devices all
	assert_status 0
	[ "$(cat "$list")" = "a *:* rwm" ]
}

@test "a process in the group opens only the devices its rules allow" {
	cg-limit "$g" --devices container
	run cg-exec "$g" -- head -c 1 /dev/urandom
	assert_status 0
	[ "${#output}" -le 1 ]
	cg-limit "$g" --device-allow 'c 1:3 rw'
	run cg-exec "$g" -- sh -c 'echo ok >/dev/null && head -c 1 /dev/urandom'
	assert_status 1
	assert_output_contains "Operation not permitted"
	cg-limit "$g" --devices none
	run cg-exec "$g" -- sh -c 'echo >/dev/null'
	[ "$status" -ne 0 ]
	assert_output_contains "Operation not permitted"
	cg-limit "$g" --devices all
	run cg-exec "$g" -- head -c 1 /dev/urandom
	assert_status 0
}

@test "mknod of a device the rules leave out fails with EPERM, and of one they list works" {
	cg-limit "$g" --devices container
	run cg-exec "$g" -- mknod "$BATS_TEST_TMPDIR/disk" b 8 0
	assert_status 1
	assert_output_contains "Operation not permitted"
	run cg-exec "$g" -- mknod "$BATS_TEST_TMPDIR/mem" c 1 1
	assert_status 1
	run cg-exec "$g" -- mknod "$BATS_TEST_TMPDIR/null" c 1 3
	assert_status 0
	[ -c "$BATS_TEST_TMPDIR/null" ]
	rm -f "$BATS_TEST_TMPDIR/null"
}

@test "a bad device rule is refused with status 125, naming the rule and the syntax" {
	local bad
	for bad in "x 1:3 rwm" "c 1:3" "c 1 rwm" "c 1:3 rwx" "c a:3 r" "c 5000:0 r" "b 1:3 " "a 1:3 r"; do
		run cg-limit "$g" --pids 7 --device-allow "$bad"
		assert_status 125
		[ "${#lines[@]}" -eq 1 ] || { echo "expected one line of error for '$bad': $output" >&2; return 1; }
		assert_output_contains "'$bad'"
	done
	run cg-limit "$g" --device-allow "c 1:3"
	assert_output_contains "TYPE MAJOR:MINOR ACCESS"
	run cg-limit "$g" --devices docker
	assert_status 125
	assert_output_contains "container"
	run cg-limit "$g" --devices all --device-allow 'c 1:3 r'
	assert_status 125
	[ "$(shown pids)" = max ]
	[ "$(shown_devices)" = all ]
}

@test "cg-limit --explain shows the device rules and the writes that make them" {
	run cg-limit --explain "$g" --devices container
	assert_status 0
	assert_output_contains "device rules for"
	assert_output_contains "deny all, then allow c 1:3 rwm, c 1:5 rwm"
	if cg_find "$g" devices.list >/dev/null; then
		assert_output_contains "/$g/devices.deny \"a\""
		assert_output_contains "/$g/devices.allow \"c 136:* rwm\""
	else
		assert_output_contains "bpf(BPF_PROG_LOAD, CGROUP_DEVICE"
	fi
}

@test "a later limit the kernel refuses puts the device rules back too" {
	list=$(cg_find "$g" devices.list) || skip "no v1 devices hierarchy"
	run cg-limit "$g" --devices container --cpuset-cpus "$(($(nproc) + 8))"
	assert_status 125
	[ "$(cat "$list")" = "a *:* rwm" ]
}
