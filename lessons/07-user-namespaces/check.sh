# Lesson 7's exercise, checked by `lessons/check 7` (sourced: it calls ok
# and not_yet). It only reads what is there: the PID file, /proc, and the
# hostname of the process's UTS namespace (through ns-enter).
# shellcheck shell=sh
pid_file=${CTRKIT_LAB_PIDFILE:-/tmp/ctrkit-lab7.pid}
start="setpriv --reuid=65534 --regid=65534 --clear-groups -- ns-clone -Ur ... --pid-file $pid_file -- sh -c '...' &"

pid=
if [ ! -f "$pid_file" ]; then
	not_yet "there is no $pid_file" "start it in the background: $start"
elif ! pid=$(sed -n '1{/^[1-9][0-9]*$/p}' "$pid_file") || [ -z "$pid" ]; then
	not_yet "$pid_file does not hold a PID" "let ns-clone write it: $start"
	pid=
elif [ ! -d "/proc/$pid" ] || [ "$(status_field "$pid" State: | cut -c1)" = Z ]; then
	not_yet "process $pid (from $pid_file) is not running" "start it again: $start"
	pid=
else
	ok "$pid_file names a running process, $pid"
fi

if [ -z "$pid" ]; then
	for what in "user 65534 outside, root inside" "the hostname rootless" "a tmpfs on /mnt"; do
		not_yet "$what: there is no process to look at yet" "start it first (above)"
	done
else
	uids=$(status_field "$pid" Uid:)
	map=$(awk '{ printf "%s %s %s;", $1, $2, $3 }' "/proc/$pid/uid_map" 2>/dev/null)
	if [ "${uids%% *}" != 65534 ]; then
		not_yet "process $pid runs as user ${uids%% *} outside, not 65534" \
			"start it as nobody: setpriv --reuid=65534 --regid=65534 --clear-groups -- ns-clone ..."
	elif [ "$(ns_id "/proc/$pid/ns/user")" = "$(ns_id /proc/self/ns/user)" ]; then
		not_yet "process $pid is in this machine's user namespace" "give ns-clone -U (and -r, to be root in it)"
	elif [ "$map" != "0 65534 1;" ]; then
		not_yet "its uid_map is \"$map\", not \"0 65534 1\"" "let ns-clone write it: -r (--map-root)"
	else
		ok "it is user 65534 outside, and root of a user namespace of its own (0 65534 1)"
	fi

	userns=$(ns_id "/proc/$pid/ns/user")
	if [ "$(ns_id "/proc/$pid/ns/uts")" = "$(ns_id /proc/self/ns/uts)" ]; then
		not_yet "it shares this machine's UTS namespace" "add -u --hostname rootless to ns-clone"
	elif [ "$(ns-list -n -o OWNER -t uts "$pid" 2>/dev/null)" != "$userns" ]; then
		not_yet "its UTS namespace is not owned by its user namespace" \
			"make both with one ns-clone: -Ur -u --hostname rootless"
	elif ! host=$(ns-enter -t "$pid" -u hostname 2>/dev/null) || [ "$host" != rootless ]; then
		not_yet "its hostname is \"$host\", not rootless" "give ns-clone --hostname rootless"
	else
		ok "its hostname is rootless, in a UTS namespace its user namespace owns"
	fi

	# mountinfo: field 5 is the mount point, the type follows the " - ".
	if [ "$(ns_id "/proc/$pid/ns/mnt")" = "$(ns_id /proc/self/ns/mnt)" ]; then
		not_yet "it shares this machine's mount namespace" "add -m to ns-clone"
	elif awk '$5 == "/mnt" { for (i = 7; $i != "-"; i++); if ($(i + 1) == "tmpfs") found = 1 } END { exit !found }' \
		"/proc/$pid/mountinfo" 2>/dev/null; then
		ok "it has a tmpfs on /mnt, in a mount namespace of its own"
	else
		not_yet "there is no tmpfs on /mnt in its mount namespace" \
			"mount it there before the work starts: sh -c 'mount -t tmpfs scratch /mnt && exec sleep 600'"
	fi
fi
