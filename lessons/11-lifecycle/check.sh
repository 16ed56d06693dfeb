# Lesson 11's exercise, checked by `lessons/check 11` (sourced: it calls ok
# and not_yet). It only reads what is there: the containers' records
# (ctr-inspect), the paused one's cgroup (cg-list), and /proc.
# shellcheck shell=sh
prefix=${CTRKIT_LAB_CONTAINER:-lab}
created=$prefix-created paused=$prefix-paused exited=$prefix-exited

# A field of a container's record, or "" when there is no such container.
field() {
	ctr-inspect -f "$2" "$1" 2>/dev/null
}

# created: recorded, never started.
status=$(field "$created" State.Status)
case $status in
'')
	not_yet "there is no container named $created" \
		"record one without starting it: ctr-create --name $created --image busybox -- sh"
	;;
created)
	ok "$created is created: recorded, never started"
	;;
*)
	not_yet "$created is $status: it has been started, and a container is created only until then" \
		"remove it (ctr-rm -f $created) and record one that is never started: ctr-create --name $created --image busybox -- sh"
	;;
esac

# paused: running, with its cgroup frozen.
status=$(field "$paused" State.Status)
case $status in
'')
	not_yet "there is no container named $paused" \
		"start one that lasts, then pause it: ctr-run -d --name $paused busybox sleep 600 && ctr-pause $paused"
	;;
running)
	not_yet "$paused is running, not paused" "ctr-pause $paused"
	;;
paused)
	group=$(field "$paused" Cgroup)
	pid=$(field "$paused" State.Pid)
	state=$(cg-list --json 2>/dev/null | jq -r --arg g "$group" \
		'[.groups | recurse(.[].children? // empty) | .[] | select(.name == $g)][0].state // ""')
	if [ "$state" = frozen ] && [ -d "/proc/$pid" ]; then
		ok "$paused is paused: its cgroup $group is frozen, and its process $pid is still there, stopped where it stood"
	else
		not_yet "$paused is recorded as paused, but its cgroup ${group:-?} is ${state:-gone}" \
			"start it again: ctr-rm -f $paused, ctr-run -d --name $paused busybox sleep 600 && ctr-pause $paused"
	fi
	;;
exited)
	not_yet "$paused has exited: only a running container can be paused" \
		"run one that lasts: ctr-rm $paused, then ctr-run -d --name $paused busybox sleep 600 && ctr-pause $paused"
	;;
*)
	not_yet "$paused is $status, not paused" \
		"ctr-rm -f $paused, then ctr-run -d --name $paused busybox sleep 600 && ctr-pause $paused"
	;;
esac

# exited, with the code 3.
status=$(field "$exited" State.Status)
code=$(field "$exited" State.ExitCode)
case $status in
'')
	not_yet "there is no container named $exited" "ctr-run --name $exited busybox sh -c 'exit 3'"
	;;
exited)
	if [ "$code" = 3 ]; then
		ok "$exited has exited with the code 3, and its record stays until ctr-rm"
	else
		not_yet "$exited has exited with the code $code, not 3" \
			"its code is its PID 1's: ctr-rm $exited, then ctr-run --name $exited busybox sh -c 'exit 3'"
	fi
	;;
created)
	not_yet "$exited is created, but has never run" \
		"ctr-rm $exited, then ctr-run --name $exited busybox sh -c 'exit 3'"
	;;
*)
	not_yet "$exited is $status: it has not ended yet" \
		"it ends with the code its PID 1 exits with: ctr-rm -f $exited, then ctr-run --name $exited busybox sh -c 'exit 3'"
	;;
esac
