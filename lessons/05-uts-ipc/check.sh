# Lesson 5's exercise, checked by `lessons/check 5` (sourced: it calls ok
# and not_yet). It only reads what is there: it joins the kept namespaces
# with ns-enter to run hostname, domainname and ipcs, which change nothing.
# shellcheck shell=sh
lab=${CTRKIT_LAB:-/run/ctrkit-lab5}
keep="ns-clone -ui --hostname lab --persist $lab -- sh -c '...'"

if [ -d "$lab" ] && [ "$(stat -f -c %T "$lab" 2>/dev/null)" = tmpfs ] &&
	grep -q " $lab .* - " /proc/self/mountinfo &&
	! grep " $lab " /proc/self/mountinfo | grep -q 'shared:'; then
	ok "$lab is a private mount, where namespace files can be kept"
else
	not_yet "$lab is not a private mount of its own" \
		"mkdir -p $lab && mount -t tmpfs lab $lab && mount --make-private $lab (lesson 3, step 5)"
fi

uts=$lab/uts
if [ ! -e "$uts" ]; then
	not_yet "there is no $uts" "$keep"
	not_yet "no NIS domain name to look at yet" "keep the UTS namespace first (above)"
elif ! host=$(ns-enter --uts="$uts" hostname 2>/dev/null); then
	not_yet "$uts is not a UTS namespace file" \
		"it must be a bind mount of a /proc/PID/ns/uts, as ns-clone --persist makes it"
	not_yet "no NIS domain name to look at yet" "keep the UTS namespace first (above)"
elif [ "$(ns_id "$uts")" = "$(ns_id /proc/self/ns/uts)" ]; then
	not_yet "$uts is this shell's own UTS namespace" "keep a new one: ns-clone -u ... --persist $lab"
	not_yet "no NIS domain name to look at yet" "keep a new UTS namespace first (above)"
else
	if [ "$host" = lab ]; then
		ok "$uts keeps a UTS namespace of its own, whose hostname is lab"
	else
		not_yet "the hostname in $uts is \"$host\"" "set it there: ns-enter --uts=$uts hostname lab"
	fi
	domain=$(ns-enter --uts="$uts" domainname 2>/dev/null)
	if [ "$domain" = lab.example ]; then
		ok "its NIS domain name is lab.example"
	else
		not_yet "the NIS domain name in $uts is \"$domain\"" \
			"set it there: ns-enter --uts=$uts domainname lab.example"
	fi
fi

ipc=$lab/ipc
# The rows of an ipcs table: those that start with a key.
rows() {
	ns-enter --ipc="$ipc" ipcs "$1" 2>/dev/null | grep '^0x'
}
if [ ! -e "$ipc" ]; then
	not_yet "there is no $ipc" "add -i to the same ns-clone: $keep"
	not_yet "no IPC objects to look at yet" "keep the IPC namespace first (above)"
elif ! ns-enter --ipc="$ipc" true 2>/dev/null; then
	not_yet "$ipc is not an IPC namespace file" "keep one with ns-clone -i --persist $lab"
	not_yet "no IPC objects to look at yet" "keep the IPC namespace first (above)"
elif [ "$(ns_id "$ipc")" = "$(ns_id /proc/self/ns/ipc)" ]; then
	not_yet "$ipc is this shell's own IPC namespace" "keep a new one: ns-clone -i ... --persist $lab"
	not_yet "no IPC objects to look at yet" "keep a new IPC namespace first (above)"
else
	if [ -n "$(rows -q)" ]; then
		ok "$ipc keeps an IPC namespace of its own, with a System V message queue"
	else
		not_yet "the IPC namespace in $ipc has no message queue" "make one there: ns-enter --ipc=$ipc ipcmk -Q"
	fi
	# ipcs -m's fifth column is the segment's size in bytes.
	if rows -m | awk '$5 >= 1048576 { found = 1 } END { exit !found }'; then
		ok "and a shared memory segment of 1 MiB"
	else
		not_yet "the IPC namespace in $ipc has no shared memory segment of 1 MiB" \
			"make one there: ns-enter --ipc=$ipc ipcmk -M 1M"
	fi
fi
