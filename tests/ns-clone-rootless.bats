#!/usr/bin/env bats
# ns-clone run by a real unprivileged user: rootless namespaces.

load helpers

setup_file() {
	# A real user, with the subordinate ID ranges useradd grants from
	# /etc/login.defs; removed again (ranges included) in teardown_file.
	export ROOTLESS_USER=ctrkit-rl-$$
	useradd --no-create-home --shell /bin/sh "$ROOTLESS_USER"
}

teardown_file() {
	userdel "$ROOTLESS_USER" 2>/dev/null || true
}

as_user() {
	runuser -u "$ROOTLESS_USER" -- "$@"
}

@test "ns-clone -Ur makes an unprivileged user root inside, and only inside" {
	local uid
	uid=$(id -u "$ROOTLESS_USER")
	run as_user ns-clone -Ur -- sh -c 'id -u; cat /proc/self/uid_map; cat /proc/self/setgroups'
	assert_status 0
	[ "${lines[0]}" = 0 ]
	[ "$(tr -s ' ' <<<"${lines[1]}" | sed 's/^ //')" = "0 $uid 1" ]
	[ "${lines[2]}" = deny ]
}

@test "a rootless ns-clone creates every other namespace inside its user namespace" {
	run as_user ns-clone -Ur -pmuinCT --mount-proc --hostname rootless -- sh -c 'hostname; echo $$; ls -d /proc/[0-9]* | wc -l'
	assert_status 0
	[ "${lines[0]}" = rootless ]
	[ "${lines[1]}" = 1 ]
	[ "${lines[2]}" -le 3 ]
}

@test "a rootless ns-clone maps its subordinate range through newuidmap" {
	if ! grep -q "^$ROOTLESS_USER:" /etc/subuid; then
		skip "useradd gave $ROOTLESS_USER no range in /etc/subuid"
	fi
	local uid gid sub subg
	uid=$(id -u "$ROOTLESS_USER") gid=$(id -g "$ROOTLESS_USER")
	sub=$(awk -F: -v u="$ROOTLESS_USER" '$1 == u { print $2; exit }' /etc/subuid)
	subg=$(awk -F: -v u="$ROOTLESS_USER" '$1 == u { print $2; exit }' /etc/subgid)
	run as_user ns-clone --uid-map "0:$uid:1" --uid-map "1:$sub:65536" \
		--gid-map "0:$gid:1" --gid-map "1:$subg:65536" -- sh -c 'cat /proc/self/uid_map; id -u'
	assert_status 0
	[ "$(tr -s ' ' <<<"${lines[1]}" | sed 's/^ //')" = "1 $sub 65536" ]
	[ "${lines[2]}" = 0 ]
}

@test "a rootless ns-clone is refused an ID range it was not granted, and told why" {
	run as_user ns-clone --uid-map 0:0:1 -- true
	assert_status 125
	assert_output_contains "newuidmap for process"
	assert_output_contains "/etc/subuid"
}

@test "an unprivileged ns-clone without a user namespace is refused, with the fix" {
	run as_user ns-clone -u -- true
	assert_status 125
	assert_output_contains "clone(CLONE_NEWUTS|SIGCHLD): Operation not permitted"
	assert_output_contains "add -U/--user"
}
