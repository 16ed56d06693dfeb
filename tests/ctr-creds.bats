#!/usr/bin/env bats
# ctr-creds: run a command with a container's user, groups and capabilities.
#
# Most tests run it as Docker's chain does, last, in a busybox root that does
# not contain it: ns-clone -pm -- rootfs-pivot --host-exec ROOTFS -- ctr-creds.
# Everything they make (namespaces, mounts) goes away with the command; the
# root is the file's and removed by bats.

load helpers

# Docker's default list (moby oci/caps/defaults.go), as the kernel numbers them.
DOCKER_CAPS="CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE"

setup_file() {
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	export ROOTFS=$BATS_FILE_TMPDIR/rootfs
	"$top/scripts/mk-busybox-rootfs" "$ROOTFS"
	# A user with supplementary groups, and one group it is not in.
	echo 'app:x:1000:1000:app:/home/app:/bin/sh' >>"$ROOTFS/etc/passwd"
	printf '%s\n' 'app:x:1000:' 'audio:x:29:app' 'staff:x:50:other,app' 'games:x:60:other' >>"$ROOTFS/etc/group"
}

# The mask of capabilities NAME..., as /proc/PID/status prints it: the bit
# of each from the kernel's own header.
mask_of() {
	local m=0 c bit
	for c; do
		bit=$(awk -v n="CAP_$c" '$1 == "#define" && $2 == n { print $3 }' /usr/include/linux/capability.h)
		[ -n "$bit" ] || { echo "no CAP_$c in linux/capability.h" >&2; return 1; }
		m=$((m | (1 << bit)))
	done
	printf '%016x\n' "$m"
}

# The field NAME (CapBnd, NoNewPrivs, ...) of a /proc/PID/status in $output.
field() {
	awk -v f="$1:" '$1 == f { print $2 }' <<<"$output"
}

# ctr-creds ARGS... as the last link of a container's chain.
in_container() {
	ns-clone -pm -- rootfs-pivot --host-exec --tmpfs /tmp "$ROOTFS" -- ctr-creds "$@"
}

@test "by default root gets exactly Docker's fourteen capabilities: bounding, permitted, effective" {
	local docker
	docker=$(mask_of $DOCKER_CAPS)
	[ "$docker" = 00000000a80425fb ]
	run in_container -- cat /proc/self/status
	assert_status 0
	[ "$(field CapBnd)" = "$docker" ]
	[ "$(field CapEff)" = "$docker" ]
	[ "$(field CapPrm)" = "$docker" ]
	[ "$(field CapInh)" = 0000000000000000 ]
	[ "$(field CapAmb)" = 0000000000000000 ]
	[ "$(field NoNewPrivs)" = 0 ]
}

@test "a user other than root keeps the bounding set only: no effective, permitted, inheritable or ambient" {
	run in_container --user nobody -- cat /proc/self/status
	assert_status 0
	[ "$(field CapBnd)" = "$(mask_of $DOCKER_CAPS)" ]
	local set
	for set in CapEff CapPrm CapInh CapAmb; do
		[ "$(field $set)" = 0000000000000000 ] || { echo "$set is $(field $set)" >&2; return 1; }
	done
}

@test "--cap-add and --cap-drop take names with or without CAP_, in any case" {
	run in_container --cap-drop chown --cap-drop CAP_NET_RAW --cap-add Sys_Admin --cap-add cap_NET_ADMIN -- cat /proc/self/status
	assert_status 0
	local want
	want=$(mask_of ${DOCKER_CAPS/CHOWN /} SYS_ADMIN NET_ADMIN)
	want=$(printf '%016x' $((0x$want & ~0x$(mask_of NET_RAW))))
	[ "$(field CapBnd)" = "$want" ] && [ "$(field CapEff)" = "$want" ]
}

@test "ALL as Docker: --cap-drop ALL keeps only the adds, --cap-add ALL all but the drops" {
	run in_container --cap-drop ALL --cap-add kill -- cat /proc/self/status
	assert_status 0
	[ "$(field CapBnd)" = "$(mask_of KILL)" ] && [ "$(field CapEff)" = "$(mask_of KILL)" ]
	local bounding
	bounding=$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)
	run in_container --cap-add all --cap-drop SYS_ADMIN -- cat /proc/self/status
	assert_status 0
	[ "$(field CapEff)" = "$(printf '%016x' $((0x$bounding & ~0x$(mask_of SYS_ADMIN))))" ]
	run in_container --caps none -- cat /proc/self/status
	[ "$(field CapBnd)" = 0000000000000000 ] && [ "$(field CapEff)" = 0000000000000000 ]
	run in_container --caps all -- cat /proc/self/status
	[ "$(field CapBnd)" = "$bounding" ] && [ "$(field CapEff)" = "$bounding" ]
}

@test "--no-new-privs sets NoNewPrivs" {
	run in_container --no-new-privs -- cat /proc/self/status
	assert_status 0
	[ "$(field NoNewPrivs)" = 1 ]
}

@test "--user by name: the user's group and the groups that list it, from the root's own files" {
	run in_container --user app -- sh -c 'id -u; id -g; id -G; id -un'
	assert_status 0
	[ "${lines[0]}" = 1000 ] && [ "${lines[1]}" = 1000 ]
	[ "${lines[2]}" = "1000 29 50" ]
	[ "${lines[3]}" = app ]
	# The host has no user app: the name came from the container's root.
	refute grep -q '^app:' /etc/passwd
	run in_container --user nobody -- sh -c 'id -u; id -g; id -G'
	assert_status 0
	[ "$output" = "$(printf '65534\n65534\n65534')" ]
}

@test "--user by number, and with :GROUP by name or number, as Docker reads them" {
	# A number in /etc/passwd is that user, groups and all.
	run in_container --user 1000 -- id -G
	assert_status 0
	[ "$output" = "1000 29 50" ]
	# A number that is not: its group is 0, no others.
	run in_container --user 4242 -- sh -c 'id -u; id -G'
	assert_status 0
	[ "$output" = "$(printf '4242\n0')" ]
	# An explicit group: that one only.
	run in_container --user app:games -- sh -c 'id -u; id -G'
	assert_status 0
	[ "$output" = "$(printf '1000\n60')" ]
	run in_container --user 123:456 -- sh -c 'id -u; id -G'
	assert_status 0
	[ "$output" = "$(printf '123\n456')" ]
}

@test "root in the container cannot mount: CAP_SYS_ADMIN is not in Docker's set" {
	run in_container -- sh -c 'mount -t tmpfs x /tmp 2>&1; echo "status $?"; grep -c " /tmp " /proc/self/mountinfo'
	assert_status 0
	assert_output_contains "status 1"
	[ "${lines[-1]}" = 1 ] # only rootfs-pivot's --tmpfs
	assert_output_contains "ermission denied"
	# The same with SYS_ADMIN added does mount.
	run in_container --cap-add SYS_ADMIN -- sh -c 'mount -t tmpfs x /tmp && echo mounted'
	assert_status 0
	[ "$output" = mounted ]
}

@test "mknod works with MKNOD, and fails when it is dropped" {
	run in_container -- sh -c 'mknod /tmp/null c 1 3 && echo made'
	assert_status 0
	[ "$output" = made ]
	run in_container --cap-drop MKNOD -- sh -c 'mknod /tmp/null c 1 3 2>&1; echo "status $?"'
	assert_output_contains "Operation not permitted"
	assert_output_contains "status 1"
}

@test "root can chown with CHOWN, and cannot without it" {
	run in_container -- sh -c 'touch /tmp/f && chown 1000:1000 /tmp/f && stat -c %u:%g /tmp/f'
	assert_status 0
	[ "$output" = 1000:1000 ]
	run in_container --cap-drop chown -- sh -c 'touch /tmp/f && chown 1000 /tmp/f 2>&1; echo "status $?"'
	assert_output_contains "Operation not permitted"
	assert_output_contains "status 1"
}

@test "--setsid starts a new session, with no controlling terminal" {
	# /proc/PID/stat: pid (comm) state ppid pgrp session tty_nr
	run in_container --setsid -- sh -c 'cat /proc/$$/stat'
	assert_status 0
	read -r pid _ _ _ _ sid tty_nr _ <<<"$output"
	[ "$sid" = "$pid" ] && [ "$tty_nr" = 0 ]
	run in_container -- sh -c 'cat /proc/$$/stat'
	read -r pid _ _ _ _ sid _ <<<"$output"
	[ "$sid" != "$pid" ]
}

@test "--setsid as a process group leader forks, and passes the status through" {
	# setsid(1) makes ctr-creds a session (so group) leader: setsid(2) then
	# fails, and the command goes on in a child.
	run --separate-stderr setsid -w ctr-creds --explain --setsid -- sh -c 'cat /proc/$$/stat; exit 7'
	assert_status 7
	read -r pid _ _ _ _ sid _ <<<"$output"
	[ "$sid" = "$pid" ]
	[[ "$stderr" == *"setsid() refused (EPERM)"*"+ fork() = "*"+ setsid() = $pid"* ]]
}

@test "ctr-creds is non-dumpable until it execs: the container cannot open its /proc/PID/exe" {
	# A session leader (setsid -w) cannot setsid(2) again: the --setsid
	# fork leaves ctr-creds waiting as the parent, a host binary in the
	# container's root for as long as the command runs (CVE-2019-5736).
	# Root in the container, without CAP_SYS_PTRACE, cannot read its exe
	# link; its own (dumpable again after execve) it can.
	run setsid -w rootfs-pivot --host-exec "$ROOTFS" -- ctr-creds --setsid -- sh -c '
		readlink /proc/$$/exe; readlink /proc/$PPID/exe 2>&1 || echo refused; readlink /proc/$PPID/fd/0 2>&1 || echo refused'
	assert_status 0
	[ "${lines[0]}" = /bin/busybox ]
	[ "$(grep -c refused <<<"$output")" = 2 ]
	refute grep -q ctr-creds <<<"$output"
}

@test "an unknown user, group or capability is a tool failure (125) that says what to fix" {
	run in_container --user nosuch -- true
	assert_status 125
	assert_output_contains "unknown user 'nosuch'"
	assert_output_contains "/etc/passwd"
	run in_container --user app:nosuch -- true
	assert_status 125
	assert_output_contains "unknown group 'nosuch'"
	run ctr-creds --cap-add CAP_FLY -- true
	assert_status 125
	assert_output_contains "unknown capability 'CAP_FLY'"
	assert_output_contains "CHOWN DAC_OVERRIDE"
	assert_output_contains "NET_ADMIN"
	run ctr-creds --cap-drop 12 -- true
	assert_status 125
	assert_output_contains "unknown capability '12'"
	run ctr-creds --caps some -- true
	assert_status 125
	assert_output_contains "bad --caps 'some'"
	run ctr-creds --user '' -- true
	assert_status 125
	run ctr-creds
	assert_status 125
	assert_output_contains "no command given"
}

@test "a capability dropped from the bounding set cannot be added back" {
	run ctr-creds --cap-drop kill -- ctr-creds --cap-add kill -- true
	assert_status 125
	assert_output_contains "CAP_KILL: not in this process's bounding set"
	assert_output_contains "can never be regained"
}

@test "ctr-creds passes the command's status through: N, 126, 127" {
	run in_container -- sh -c 'exit 9'
	assert_status 9
	run -127 --separate-stderr in_container -- bash
	[[ "$stderr" == *"exec bash: No such file or directory"* ]]
	run -126 in_container -- /etc/passwd
}

@test "ctr-creds --explain prints each system call, the sets decoded" {
	run --separate-stderr in_container --explain --user app --no-new-privs -- true
	assert_status 0
	[[ "$stderr" == *"+ prctl(PR_SET_DUMPABLE, 0)"* ]]
	[[ "$stderr" == *"+ prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN)"* ]]
	[[ "$stderr" == *"+ prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)"* ]]
	[[ "$stderr" == *"+ setgroups(2, [29, 50])  (app)"* ]]
	[[ "$stderr" == *"+ setresgid(1000, 1000, 1000)"*"+ setresuid(1000, 1000, 1000)"* ]]
	[[ "$stderr" == *"+ capset(effective=permitted=inheritable=[none])"* ]]
	[[ "$stderr" == *"+ prctl(PR_SET_NO_NEW_PRIVS, 1)"*'+ execvp("true")'* ]]
	run --separate-stderr env CTRKIT_EXPLAIN=1 ctr-creds --caps none --cap-add chown --cap-add kill -- true
	[[ "$stderr" == *"+ capset(effective=permitted=[CAP_CHOWN CAP_KILL], inheritable=[none])"* ]]
}

@test "ctr-creds --help documents every option and exits 0" {
	run ctr-creds --help
	assert_status 0
	[ "${lines[0]}" = "Usage: ctr-creds [OPTIONS] [--] COMMAND [ARG...]" ]
	[[ "${lines[1]}" == *. ]]
	local opt
	for opt in --user --caps --cap-add --cap-drop --no-new-privs --setsid --explain --help --version; do
		assert_output_contains -- "$opt"
	done
	run ctr-creds --version
	assert_status 0
	[[ "$output" == "ctr-creds (ctrkit) "* ]]
}
