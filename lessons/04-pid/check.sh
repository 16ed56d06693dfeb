# Lesson 4's exercise, checked by `lessons/check 4` (sourced: it calls ok
# and not_yet). It only reads what is there: the PID file and /proc.
# shellcheck shell=sh
pid_file=${CTRKIT_LAB_PIDFILE:-/run/ctrkit-lab4.pid}
start="ns-clone -pm --mount-proc --pid-file $pid_file -- sh -c '...' &"

pid=
if [ ! -f "$pid_file" ]; then
	not_yet "there is no $pid_file" "start it in the background with $start"
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
	for what in "PID 1 of a new PID namespace" "a /proc of its own" "a handler for SIGTERM" \
		"the work run as its child, and no zombie"; do
		not_yet "$what: there is no process to look at yet" "start it first (above)"
	done
else
	nspid=$(status_field "$pid" NSpid:)
	if [ "$(ns_id "/proc/$pid/ns/pid")" = "$(ns_id /proc/self/ns/pid)" ] || [ "${nspid##* }" != 1 ]; then
		not_yet "process $pid is not PID 1 of a PID namespace of its own (NSpid: $nspid)" \
			"give ns-clone -p, and let --pid-file write the PID of the command it starts"
	else
		ok "it is PID 1 of a new PID namespace (NSpid: $nspid)"
	fi

	# Through /proc/PID/root the path walk goes into the process's own
	# mounts: if its /proc is its own, PID 1 there is the process itself.
	if [ "$(ns_id "/proc/$pid/root/proc/1/ns/pid")" = "$(ns_id "/proc/$pid/ns/pid")" ] &&
		[ "$(ns_id "/proc/$pid/ns/mnt")" != "$(ns_id /proc/self/ns/mnt)" ]; then
		ok "it has a /proc of its own, in a mount namespace of its own"
	else
		not_yet "its /proc is not one of its own: ps in there sees the whole machine" \
			"add -m --mount-proc to ns-clone (step 2)"
	fi

	# SigCgt is a hex mask of the caught signals: SIGTERM (15) is bit 14.
	caught=$(status_field "$pid" SigCgt:)
	low=${caught#"${caught%????}"}
	if [ -n "$low" ] && [ $((0x$low >> 14 & 1)) -eq 1 ]; then
		ok "it has a handler for SIGTERM"
	else
		not_yet "it has no handler for SIGTERM: as PID 1 it would ignore docker stop" \
			"make PID 1 a shell that traps it: sh -c 'trap \"exit 0\" TERM; ...' (step 4)"
	fi

	children=$(ps -o stat= --ppid "$pid" 2>/dev/null)
	if [ -z "$children" ]; then
		not_yet "it has no child: the real work should run under it" \
			"start the work in the background and wait for it: ...; sleep 600 & wait"
	elif printf '%s\n' "$children" | grep -q '^Z'; then
		not_yet "it leaves zombies: a child has exited and it has not waited for it" \
			"PID 1 must wait(2) for its children: end its script with wait"
	else
		ok "it runs the work as its child, and leaves no zombie"
	fi
fi
