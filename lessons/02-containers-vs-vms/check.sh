# Lesson 2's exercise, checked by `lessons/check 2` (sourced: it calls ok
# and not_yet). It only reads what is there: the container's record
# (ctr-inspect), its cgroup (cg-list), the notes file, and /proc.
# shellcheck shell=sh
name=${CTRKIT_LAB_CONTAINER:-lab}
notes=${CTRKIT_LAB:-/tmp/ctrkit-lab2}
start="ctr-run -d --name $name -m 64m busybox sleep 600"

running=
if ! ctr-inspect "$name" >/dev/null 2>&1; then
	not_yet "there is no container named $name" "$start"
else
	status=$(ctr-inspect -f State.Status "$name" 2>/dev/null)
	pid=$(ctr-inspect -f State.Pid "$name" 2>/dev/null)
	image=$(ctr-inspect -f Config.Image "$name" 2>/dev/null)
	case $image in
	docker.io/library/busybox:*) ;;
	*)
		not_yet "container $name runs the image $image, not busybox" "ctr-rm -f $name, then $start"
		status=wrong-image
		;;
	esac
	if [ "$status" = running ] && [ "${pid:-0}" -gt 0 ] 2>/dev/null && [ -d "/proc/$pid" ]; then
		ok "container $name runs busybox, in the background"
		running=$pid
	elif [ "$status" = exited ]; then
		not_yet "container $name has exited: it lives only as long as its command" \
			"ctr-rm $name, then run one that lasts: $start"
	elif [ "$status" != wrong-image ]; then
		not_yet "container $name is $status, not running" "ctr-rm -f $name, then $start"
	fi
fi

if [ -z "$running" ]; then
	not_yet "its memory limit: there is no running container to look at yet" "start it first (above)"
else
	group=$(ctr-inspect -f Cgroup "$name" 2>/dev/null)
	limit=$(cg-list --json 2>/dev/null | jq -r --arg g "$group" \
		'[.groups | recurse(.[].children? // empty) | .[] | select(.name == $g)][0]["mem-limit"] // "none"')
	if [ "$limit" = 67108864 ]; then
		ok "its cgroup $group limits its memory to 64M"
	else
		not_yet "its cgroup ${group:-?} has the memory limit $limit, not 64M (67108864 bytes)" \
			"the limit is given when it starts: ctr-rm -f $name, then $start"
	fi
fi

# The notes: line 1 the PID on this machine, line 2 what free -m says.
line1=$(sed -n '1s/^[^0-9]*\([0-9][0-9]*\).*/\1/p' "$notes" 2>/dev/null)
line2=$(sed -n '2s/^[^0-9]*\([0-9][0-9]*\).*/\1/p' "$notes" 2>/dev/null)
if [ ! -f "$notes" ]; then
	not_yet "there is no $notes, for your two notes" \
		"write on its first line the PID the container's sleep has on this machine, on its second what free -m in it says is the total memory"
elif [ -z "$running" ]; then
	not_yet "its PID on this machine: there is no running container to compare $notes with" "start it first (above)"
elif [ -z "$line1" ]; then
	not_yet "the first line of $notes holds no PID" \
		"find the container's sleep among this machine's processes: ps -ef | grep 'sleep 600', or ctr-inspect -f State.Pid $name"
elif [ "$line1" = 1 ]; then
	not_yet "1 is its PID inside, in its own PID namespace; on this machine it has another" \
		"ps -ef on this machine lists it too: ps -ef | grep 'sleep 600', or ctr-inspect -f State.Pid $name"
elif [ "$line1" != "$running" ]; then
	not_yet "process $line1 (line 1 of $notes) is not the container's sleep" \
		"ps -ef | grep 'sleep 600' shows it, or ctr-inspect -f State.Pid $name"
else
	ok "its sleep is process $running on this machine: an ordinary process, on this kernel"
fi

# free -m divides /proc/meminfo's MemTotal (in kB) by 1024, rounding one
# way or the other: a number within 1M of it is right.
total_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
if [ ! -f "$notes" ]; then
	not_yet "what free -m says in it: there is no $notes yet" "ctr-exec $name free -m: the number under total"
elif [ -z "$line2" ]; then
	not_yet "the second line of $notes holds no number" \
		"ask the container how much memory there is: ctr-exec $name free -m, and write the number under total"
elif [ "$line2" = 64 ]; then
	not_yet "64 is its limit, but is it what free -m in it says?" \
		"ask it: ctr-exec $name free -m (lesson 2, step 3, says why it differs)"
elif [ $((line2 * 1024 - total_kb)) -gt 1024 ] || [ $((total_kb - line2 * 1024)) -gt 1024 ]; then
	not_yet "${line2}M (line 2 of $notes) is not what free -m in it says" \
		"ask the container: ctr-exec $name free -m, and write the number under total"
else
	ok "free -m in it says ${line2}M, this machine's total and not its 64M: /proc/meminfo is the kernel's"
fi
