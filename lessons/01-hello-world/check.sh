# Lesson 1's exercise, checked by `lessons/check 1` (sourced: it calls ok
# and not_yet). It only reads what is there: the container's record
# (ctr-inspect), its log (ctr-logs), and /proc.
# shellcheck shell=sh
name=${CTRKIT_LAB_CONTAINER:-lab}
start="ctr-run -d --name $name --hostname lab busybox sh -c 'echo hello from lab; exec sleep 600'"

if ! ctr-inspect --help >/dev/null 2>&1; then
	not_yet "ctr-inspect does not run" "build ctrkit first: make && make images, and put build/bin on your PATH"
	return 0
fi
if ! ctr-inspect "$name" >/dev/null 2>&1; then
	not_yet "there is no container named $name" "$start"
	for what in "from the busybox image" "still running" "the hostname lab" "something in its log"; do
		not_yet "$what: there is no container to look at yet" "run it first (above)"
	done
	return 0
fi
ok "a container named $name exists: ctr-inspect $name shows its record"

image=$(ctr-inspect -f Config.Image "$name" 2>/dev/null)
case $image in
docker.io/library/busybox:*)
	ok "it runs the busybox image ($image)"
	;;
*)
	not_yet "it runs the image $image, not busybox" \
		"remove it (ctr-rm -f $name) and run it again from busybox: $start"
	;;
esac

status=$(ctr-inspect -f State.Status "$name" 2>/dev/null)
pid=$(ctr-inspect -f State.Pid "$name" 2>/dev/null)
case $status in
running)
	if [ "${pid:-0}" -gt 0 ] 2>/dev/null && [ -d "/proc/$pid" ]; then
		ok "it is running, in the background: its PID 1 is process $pid on this machine"
	else
		not_yet "its record says running, but its process ${pid:-?} is gone" "ctr-rm -f $name, then $start"
		pid=
	fi
	;;
exited)
	not_yet "it has exited (exit code $(ctr-inspect -f State.ExitCode "$name" 2>/dev/null)): a container lives as long as its command" \
		"give it something that lasts, such as sleep 600, and -d to leave it in the background: ctr-rm $name, then $start"
	pid=
	;;
paused)
	not_yet "it is paused: its processes are frozen" "let it go on: ctr-unpause $name"
	pid=
	;;
*)
	not_yet "it is $status, not running" "ctr-rm -f $name, then $start"
	pid=
	;;
esac

if [ -z "$pid" ]; then
	not_yet "the hostname lab: there is no running process to look at" "start it first (above)"
elif [ "$(ns_id "/proc/$pid/ns/uts")" = "$(ns_id /proc/self/ns/uts)" ]; then
	not_yet "it shares this machine's UTS namespace, and so its hostname" \
		"ctr-run gives every container a UTS namespace of its own: run it with ctr-run"
elif ! host=$(ns-enter -t "$pid" -u hostname 2>/dev/null) || [ "$host" != lab ]; then
	not_yet "its hostname is \"$host\", not lab" \
		"the hostname is set when it starts: ctr-rm -f $name, then run it with --hostname lab: $start"
else
	ok "its hostname is lab, in a UTS namespace of its own (this machine's is $(hostname))"
fi

if ! log=$(ctr-logs "$name" 2>/dev/null); then
	not_yet "it has no log: only a container run in the background (-d) keeps one" \
		"ctr-rm -f $name, then $start"
elif [ -z "$log" ]; then
	not_yet "its log is empty: it has said nothing yet" \
		"make its command print a line before it waits: sh -c 'echo hello from lab; exec sleep 600'"
else
	ok "it said something, kept in its log (ctr-logs $name): $(printf '%s\n' "$log" | tail -n 1)"
fi
