# Lesson 12's exercise, checked by `lessons/check 12` (sourced: it calls ok
# and not_yet). It only reads what is there: the script, the container's
# record (ctr-inspect), its cgroup (cg-list), and /proc.
# shellcheck shell=sh
script=${CTRKIT_LAB_SCRIPT:-/tmp/my-run}
name=${CTRKIT_LAB_CONTAINER:-lab}

if [ -f "$script" ] && [ -x "$script" ]; then
	ok "$script is there, and executable"
elif [ -f "$script" ]; then
	not_yet "$script is not executable" "chmod +x $script"
else
	not_yet "there is no $script" "write it as in step 5 (without its last line, rm /tmp/my-run), then grow it"
fi

pid=
status=$(ctr-inspect -f State.Status "$name" 2>/dev/null)
case $status in
'')
	not_yet "there is no container named $name" \
		"let your script name it (ctr-create --name ...), and start it in the background: $script ... busybox sleep 300 &"
	;;
running)
	pid=$(ctr-inspect -f State.Pid "$name" 2>/dev/null)
	if [ "${pid:-0}" -gt 0 ] 2>/dev/null && [ -d "/proc/$pid" ]; then
		ok "container $name is running ($(ctr-inspect -f Config.Cmd "$name" 2>/dev/null | jq -r 'join(" ")')), its PID 1 is process $pid here"
	else
		not_yet "container $name is recorded as running, but its process ${pid:-?} is gone" \
			"ctr-rm -f $name, then start it again with $script"
		pid=
	fi
	;;
*)
	not_yet "container $name is $status, not running" \
		"give it something that lasts: ctr-rm -f $name, then $script ... busybox sleep 300 &"
	;;
esac

if [ -z "$pid" ]; then
	for what in "a memory limit of 32M" "namespaces of its own" "an overlay root" "Docker's capabilities"; do
		not_yet "$what: there is no running container to look at yet" "start it first (above)"
	done
	return 0
fi

group=$(ctr-inspect -f Cgroup "$name" 2>/dev/null)
limit=$(cg-list --json 2>/dev/null | jq -r --arg g "$group" \
	'[.groups | recurse(.[].children? // empty) | .[] | select(.name == $g)][0]["mem-limit"] // "none"')
if [ "$limit" = 33554432 ]; then
	ok "its cgroup $group limits its memory to 32M"
else
	not_yet "its cgroup ${group:-?} has the memory limit $limit, not 32M (33554432 bytes)" \
		"in your script, limit the group before the chain starts: cg-limit \"\$group\" --memory 32M (as step 2 does)"
fi

shared=
for ns in pid mnt uts ipc net; do
	[ "$(ns_id "/proc/$pid/ns/$ns")" = "$(ns_id "/proc/self/ns/$ns")" ] && shared="$shared $ns"
done
if [ -z "$shared" ]; then
	ok "it has PID, mount, UTS, IPC and network namespaces of its own"
else
	not_yet "it shares this machine's namespaces:$shared" \
		"ns-clone makes new ones: -p (pid) -m (mnt) -u (uts) -i (ipc) -n (net), as ns-clone -pmuiCn --loopback in step 5"
fi

# mountinfo: field 5 is the mount point, the type follows the " - ".
type=$(awk '$5 == "/" { for (i = 7; $i != "-"; i++); t = $(i + 1) } END { print t }' "/proc/$pid/mountinfo" 2>/dev/null)
if [ "$type" = overlay ]; then
	ok "its root is an overlay: the image's layer below, a writable layer of its own above"
else
	not_yet "its root is ${type:+a mount of type $type}${type:-no mount of its own}, not an overlay" \
		"rootfs-pivot --overlay \"\$IMAGE_LAYERS\" --upper \"\$dir\" \"\$dir/rootfs\" makes one (step 3)"
fi

caps=$(tr '\t' ' ' <"/proc/$pid/status" 2>/dev/null | sed -n 's/^CapEff: *//p')
if [ "$caps" = 00000000a80425fb ]; then
	ok "its capabilities are Docker's fourteen (CapEff: $caps)"
else
	not_yet "its capabilities (CapEff: $caps) are not Docker's fourteen (00000000a80425fb)" \
		"end the chain with ctr-creds: \"\$bin/ctr-creds\" --no-new-privs --setsid -- \"\$@\""
fi
