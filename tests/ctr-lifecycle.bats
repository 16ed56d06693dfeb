#!/usr/bin/env bats
# The container lifecycle: ctr-create, ctr-monitor, ctr-ps, ctr-inspect,
# ctr-pause/unpause, ctr-kill, ctr-stop, ctr-logs, ctr-rm.

load helpers
load cg-helpers
load ctr-helpers

setup() { ctr_setup; }
teardown() { ctr_teardown; }

@test "ctr-create records a container in status created and prints its 64-digit id" {
	run_split ctr-create --name web --image busybox -- sh -c 'echo hi'
	assert_status 0
	[[ "$output" =~ ^[0-9a-f]{64}$ ]]
	id=$output
	ctr_groups+=("ctr-${id:0:12}")
	[ -f "$CTRKIT_STATE/containers/$id/state.json" ]
	[ "$(ctr_field web State.Status)" = created ]
	[ "$(ctr_field web Cgroup)" = "ctr-${id:0:12}" ]
	[ "$(ctr_field web Config.Cmd)" = '["sh","-c","echo hi"]' ]
	[ "$(ctr_field web Image)" = busybox ]
	jq -e '.status == "created" and .exit_code == -1 and (.created | test("^[0-9-]{10}T[0-9:]{8}\\.[0-9]{9}Z$"))' \
		"$CTRKIT_STATE/containers/$id/state.json"
	run ctr-ps
	[ "${#lines[@]}" -eq 1 ] # created is not running: the header only
	run ctr-ps -a
	assert_output_contains "Created"
	assert_output_contains "${id:0:12}"
}

@test "a detached container keeps running after its shell exits, and its exit code is recorded" {
	ctr_new web -- sh -c 'sleep 1.5; exit 3'
	# shellcheck disable=SC2046
	run bash -c "ctr-monitor --id web -d -- $(ctr_chain) sh -c 'sleep 1.5; exit 3'; exit 0"
	assert_status 0
	[ "$output" = "$id" ]
	[ "$(ctr_field web State.Status)" = running ]
	pid=$(ctr_field web State.Pid)
	kill -0 "$pid"
	run ctr-ps
	assert_output_contains "Up "
	assert_output_contains web
	# The monitor left the shell's session: nothing waits on the shell.
	mpid=$(ctr_field web MonitorPid)
	[ "$(ps -o sid= -p "$mpid" | tr -d ' ')" = "$mpid" ] || [ "$(ps -o sid= -p "$mpid" | tr -d ' ')" != "$(ps -o sid= -p $$ | tr -d ' ')" ]
	ctr_wait_status web exited
	[ "$(ctr_field web State.ExitCode)" = 3 ]
	run ctr-ps -a
	assert_output_contains "Exited (3)"
	refute kill -0 "$pid" 2>/dev/null
}

@test "the whole lifecycle of a detached container: created, running, paused, running, exited, removed" {
	ctr_new web -- sh -c 'while :; do echo tick; sleep 0.1; done'
	[ "$(ctr_field web State.Status)" = created ]
	# shellcheck disable=SC2046
	ctr-monitor --id web -d -- $(ctr_chain) sh -c 'while :; do echo tick; sleep 0.1; done' >/dev/null
	[ "$(ctr_field web State.Status)" = running ]
	[ "$(ctr_field web State.Running)" = true ]
	pid=$(ctr_field web State.Pid)
	[ "$(ctr_field web State.StartedAt)" != 0001-01-01T00:00:00Z ]
	run ctr-pause web
	assert_status 0
	[ "$(ctr_field web State.Status)" = paused ]
	run ctr-ps
	assert_output_contains "(Paused)"
	run ctr-unpause web
	assert_status 0
	[ "$(ctr_field web State.Status)" = running ]
	run ctr-stop -t 1 web
	assert_status 0
	[ "$(ctr_field web State.Status)" = exited ]
	[ "$(ctr_field web State.ExitCode)" = 137 ]
	[ "$(ctr_field web State.FinishedAt)" != 0001-01-01T00:00:00Z ]
	run ctr-logs web
	assert_output_contains tick
	dir=$(ctr_field web StateDir)
	run ctr-rm web
	assert_status 0
	[ "$output" = web ]
	[ ! -e "$dir" ]
	run ctr-inspect web
	assert_status 125
	assert_output_contains "no such container: web"
	refute kill -0 "$pid" 2>/dev/null
	[ -z "$(cg_bases | xargs -I{} find {} -maxdepth 1 -name "$g" 2>/dev/null)" ]
}

@test "ctr-create --layers records the image's layer directories; a relative one is refused" {
	run_split ctr-create --name web --image busybox --layers /s/layers/sha256/aa:/s/layers/sha256/bb -- true
	assert_status 0
	ctr_groups+=("ctr-${output:0:12}")
	[ "$(jq -c .layers "$CTRKIT_STATE/containers/$output/state.json")" = '["/s/layers/sha256/aa","/s/layers/sha256/bb"]' ]
	run_split ctr-create --name web2 --layers /s/aa:layers/bb -- true
	assert_status 125
	[[ "$stderr" == *"layer directory 'layers/bb' is not absolute"* ]]
	[ "$(ctr-ps -aq | wc -l)" -eq 1 ]
}

@test "every refused transition names the container, its status and what to do" {
	ctr_new web -- sleep 100
	run ctr-pause web
	assert_status 125
	assert_output_contains "cannot pause container web: it is created"
	run ctr-unpause web
	assert_output_contains "cannot unpause container web: it is created"
	run ctr-kill web
	assert_output_contains "cannot kill container web: it is created"
	run ctr-stop web
	assert_status 125
	assert_output_contains "cannot stop container web: it is created"

	# shellcheck disable=SC2046
	ctr-monitor --id web -d -- $(ctr_chain) sleep 100 >/dev/null
	run ctr-unpause web
	assert_status 125
	assert_output_contains "cannot unpause container web: it is running"
	run ctr-monitor --id web -- true
	assert_status 125
	assert_output_contains "cannot start container web: it is running"
	run ctr-rm web
	assert_status 125
	assert_output_contains "cannot remove container web: it is running — stop it first with ctr-stop web, or use ctr-rm -f web"

	ctr-pause web >/dev/null
	run ctr-pause web
	assert_status 125
	assert_output_contains "cannot pause container web: it is paused — ctr-unpause web first"
	run ctr-kill web
	assert_output_contains "cannot kill container web: it is paused"
	run ctr-rm web
	assert_output_contains "cannot remove container web: it is paused"
	ctr-unpause web >/dev/null

	ctr-kill web >/dev/null
	ctr_wait_status web exited
	for verb in pause unpause kill; do
		run "ctr-$verb" web
		assert_status 125
		assert_output_contains "cannot $verb container web: it is exited"
	done
	run ctr-monitor --id web -- true
	assert_status 125
	assert_output_contains "cannot start container web: it is exited — an exited container does not run again"
	# As docker: stopping a stopped container is no error.
	run ctr-stop web
	assert_status 0
}

@test "ctr-pause stops the container's progress and ctr-unpause lets it go on" {
	local f=$BATS_TEST_TMPDIR/counter a b c
	ctr_run_detached web sh -c "i=0; while :; do i=\$((i + 1)); echo \$i >$f.new; mv $f.new $f; done" >/dev/null
	wait_for_file "$f"
	ctr-pause web >/dev/null
	a=$(cat "$f")
	sleep 0.3
	b=$(cat "$f")
	[ "$a" = "$b" ] || { echo "the counter went on while paused: $a -> $b" >&2; return 1; }
	ctr-unpause web >/dev/null
	sleep 0.3
	c=$(cat "$f")
	[ "$c" -gt "$b" ]
}

@test "ctr-stop -t 1: PID 1 ignores SIGTERM, so SIGKILL ends it after the timeout, exit 137" {
	ctr_run_detached web sleep 100 >/dev/null
	start=$(date +%s%N)
	run ctr-stop -t 1 web
	assert_status 0
	elapsed=$((($(date +%s%N) - start) / 1000000))
	[ "$elapsed" -ge 1000 ] || { echo "stopped after $elapsed ms, before the timeout" >&2; return 1; }
	[ "$(ctr_field web State.ExitCode)" = 137 ]
	[ "$(ctr_field web State.OOMKilled)" = false ]
}

@test "ctr-stop lets a PID 1 that handles SIGTERM end on its own" {
	ctr_run_detached web sh -c 'trap "exit 7" TERM; while :; do sleep 0.1; done' >/dev/null
	start=$(date +%s%N)
	run ctr-stop -t 10 web
	assert_status 0
	[ $((($(date +%s%N) - start) / 1000000)) -lt 5000 ]
	[ "$(ctr_field web State.ExitCode)" = 7 ]
}

@test "ctr-stop of a paused container thaws it and stops it" {
	ctr_run_detached web sleep 100 >/dev/null
	ctr-pause web >/dev/null
	run ctr-stop -t 0 web
	assert_status 0
	[ "$(ctr_field web State.Status)" = exited ]
	[ "$(ctr_field web State.ExitCode)" = 137 ]
}

@test "ctr-kill -s sends a signal by name or number; the default is KILL" {
	ctr_run_detached web sh -c 'trap "exit 10" USR1; trap "exit 12" USR2; while :; do sleep 0.1; done' >/dev/null
	sleep 0.3 # let the shell set its traps
	run ctr-kill -s usr1 web
	assert_status 0
	ctr_wait_status web exited
	[ "$(ctr_field web State.ExitCode)" = 10 ]

	ctr_run_detached db sh -c 'trap "exit 12" USR2; while :; do sleep 0.1; done' >/dev/null
	sleep 0.3
	ctr-kill -s 12 db >/dev/null
	ctr_wait_status db exited
	[ "$(ctr_field db State.ExitCode)" = 12 ]

	ctr_run_detached box sleep 100 >/dev/null
	ctr-kill box >/dev/null
	ctr_wait_status box exited
	[ "$(ctr_field box State.ExitCode)" = 137 ]

	run ctr-kill -s NOPE box
	assert_status 125
	assert_output_contains "unknown signal 'NOPE'"
}

@test "ctr-logs prints a detached container's output, --tail N its last lines, -f follows it to the end" {
	ctr_run_detached web sh -c 'for i in 1 2 3 4 5; do echo line $i; done; echo oops >&2' >/dev/null
	ctr_wait_status web exited
	run ctr-logs web
	assert_status 0
	[ "${lines[0]}" = "line 1" ]
	[ "${lines[5]}" = "oops" ]
	run ctr-logs --tail 2 web
	[ "$output" = $'line 5\noops' ]

	ctr_run_detached db sh -c 'for i in 1 2 3; do echo step $i; sleep 0.3; done; exit 4' >/dev/null
	run timeout 20 ctr-logs -f db
	assert_status 0
	[ "$output" = $'step 1\nstep 2\nstep 3' ]
	[ "$(ctr_field db State.Status)" = exited ]
}

@test "ctr-logs of a container started in the foreground says it has no log" {
	ctr_new web -- true
	# shellcheck disable=SC2046
	ctr-monitor --id web -- $(ctr_chain) true
	run ctr-logs web
	assert_status 125
	assert_output_contains "container web has no log"
}

@test "ctr-rm -f kills and removes a running container, and nothing of it is left" {
	ctr_run_detached web sleep 100 >/dev/null
	pid=$(ctr_field web State.Pid)
	mpid=$(ctr_field web MonitorPid)
	dir=$(ctr_field web StateDir)
	run ctr-rm -f web
	assert_status 0
	[ ! -e "$dir" ]
	refute kill -0 "$pid" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$mpid" 2>/dev/null || break; sleep 0.1; done
	refute kill -0 "$mpid" 2>/dev/null
	[ -z "$(cg_bases | xargs -I{} find {} -maxdepth 1 -name "$g" 2>/dev/null)" ]
}

@test "ctr-monitor --rm removes the container when it ends, detached or not" {
	ctr_new web -- true
	# shellcheck disable=SC2046
	run ctr-monitor --id web --rm -- $(ctr_chain) sh -c 'exit 6'
	assert_status 6
	run ctr-inspect web
	assert_status 125

	ctr_new db -- sleep 0.5
	# shellcheck disable=SC2046
	ctr-monitor --id db -d --rm -- $(ctr_chain) sleep 0.5 >/dev/null
	ctr_wait_status db gone
	[ -z "$(ls "$CTRKIT_STATE/containers")" ]
}

@test "a foreground ctr-monitor passes the container's output and exit status through" {
	ctr_new web -- sh -c 'echo hello; exit 5'
	# shellcheck disable=SC2046
	run ctr-monitor --id web -- $(ctr_chain) sh -c 'echo hello; exit 5'
	assert_status 5
	[ "$output" = hello ]
	[ "$(ctr_field web State.ExitCode)" = 5 ]
	[ "$(ctr_field web State.Status)" = exited ]
}

@test "a foreground ctr-monitor passes SIGTERM on to the chain" {
	ctr_new web -- sleep 100
	# shellcheck disable=SC2046
	ctr-monitor --id web -- $(ctr_chain) sh -c 'trap "exit 9" TERM; while :; do sleep 0.1; done' >/dev/null 2>&1 3>&- &
	mon=$!
	ctr_wait_status web running
	sleep 0.3
	kill -TERM "$mon"
	local rc=0
	wait "$mon" || rc=$?
	[ "$rc" -eq 9 ]
	[ "$(ctr_field web State.ExitCode)" = 9 ]
}

@test "a chain that fails before the container starts: the error, its status, and an exited record" {
	# ns-clone names PID 1 before it execs the command: a command that is
	# not found has started, and ended with 127; its log says why.
	ctr_new web -- /no/such/command
	# shellcheck disable=SC2046
	run ctr-monitor --id web -d -- $(ctr_chain) /no/such/command
	assert_status 0
	ctr_wait_status web exited
	[ "$(ctr_field web State.ExitCode)" = 127 ]
	run ctr-logs web
	assert_output_contains "exec /no/such/command"

	ctr_new db -- true
	run ctr-monitor --id db -d -- cg-exec no-such-group -- true
	assert_status 125
	assert_output_contains "did not start"
	[ "$(ctr_field db State.Status)" = exited ]
	[ -n "$(ctr_field db State.Error)" ]
}

@test "names are unique; a container is found by name, full id or unique id prefix" {
	ctr_new web -- true
	run ctr-create --name web -- true
	assert_status 125
	assert_output_contains "the name is in use by container ${id:0:12}"
	[ "$(ctr_field "$id" Name)" = web ]
	[ "$(ctr_field "${id:0:5}" Name)" = web ]
	run ctr-inspect -f Name nope
	assert_status 125
	assert_output_contains "no such container: nope"
}

@test "an id prefix that matches two containers is refused as ambiguous" {
	local ids=() i first
	# 17 ids: two of them share their first hex digit.
	for i in $(seq 17); do
		ids+=("$(ctr-create -- true)")
	done
	first=$(printf '%s\n' "${ids[@]}" | cut -c1 | sort | uniq -d | head -1)
	run ctr-inspect "$first"
	assert_status 125
	assert_output_contains "container reference '$first' is ambiguous"
	assert_output_contains "give more of the ID, or the name"
}

@test "names follow docker's rule; a generated one is adjective_noun" {
	for bad in a -web .web 'we b' 'web/x' 'wéb'; do
		run ctr-create --name "$bad" -- true
		assert_status 125
		assert_output_contains "bad container name"
	done
	run ctr-create --name w.e_b-1 -- true
	assert_status 0
	id=$(ctr-create -- true)
	[[ "$(ctr_field "$id" Name)" =~ ^[a-z]+_[a-z]+[0-9]?$ ]]
}

@test "ctr-ps -q, -n, -o and --json show the same containers" {
	ctr_run_detached web sleep 100 >/dev/null
	ctr_new db -- true
	run ctr-ps -q
	[ "$output" = "$(ctr_field web Id | cut -c1-12)" ]
	run ctr-ps -aq
	[ "${#lines[@]}" -eq 2 ]
	run ctr-ps -n -o NAMES,STATE,PID
	[[ "$output" =~ ^web\ +running\ +$(ctr_field web State.Pid)$ ]]
	run ctr-ps -a --json
	assert_status 0
	jq -e '.containers | length == 2' <<<"$output"
	jq -e '.containers[] | select(.names == "web") | .state == "running" and (.pid | type == "number") and (.id | length == 64)' <<<"$output"
	jq -e '.containers[] | select(.names == "db") | .state == "created" and .exit_code == null' <<<"$output"
	run ctr-ps -o NOPE
	assert_status 125
	assert_output_contains "unknown column 'NOPE'"
}

@test "ctr-inspect shows docker's keys, and -f takes a dotted path or {{.Path}}" {
	ctr_new web --hostname box -- sh -c true
	run ctr-inspect web
	assert_status 0
	jq -e '.[0] | .Name == "web" and .State.Status == "created" and .Config.Hostname == "box" and .State.Pid == 0' <<<"$output"
	[ "$(ctr-inspect -f '{{.State.Status}}' web)" = created ]
	[ "$(ctr-inspect -f '{{ .Config.Hostname }}' web)" = box ]
	run ctr-inspect -f State.Nope web
	assert_status 125
	assert_output_contains "container web has no field 'State.Nope'"
	# docker's template form: each {{.Path}} replaced, the text around kept.
	[ "$(ctr-inspect -f 'name={{.Name}} host={{ .Config.Hostname }} pid={{.State.Pid}}' web)" = "name=web host=box pid=0" ]
	# A missing field prints nothing of the line; an unclosed {{ is refused.
	run_split ctr-inspect -f '{{.Name}} {{.Nope}}' web
	assert_status 125
	[ -z "$output" ]
	run_split ctr-inspect -f '{{.Name' web
	assert_status 125
	[[ "$stderr" == *"a {{ without }}"* ]]
}

@test "--explain shows each kill(2), freezer write and state file written" {
	ctr_run_detached web sleep 100 >/dev/null
	run ctr-pause --explain web
	assert_output_contains "rename(\"state.json.tmp\", \"state.json\")"
	assert_output_contains "+ write "
	CTRKIT_EXPLAIN=1 run ctr-unpause web
	assert_output_contains "status running"
	pid=$(ctr_field web State.Pid)
	run ctr-kill --explain web
	assert_output_contains "+ kill($pid, SIGKILL)"
	ctr_wait_status web exited
	run ctr-rm --explain web
	assert_output_contains "+ rename("
	assert_output_contains "removed"
}

@test "after kill -9 of the monitor, ctr-ps still shows the container, and ctr-rm -f undoes its mounts and directories" {
	local t=$BATS_TEST_TMPDIR
	ctr_new web --cleanup "umount:$t/ns/{id}" --cleanup "remove:$t/ns/{id}" --cleanup "remove:$t/upper/{id}" -- sleep 100
	mkdir -p "$t/ns/$id" "$t/upper/$id/work"
	ctr-monitor --id web -d -- cg-exec "$g" -- ns-clone -pmu --persist "$t/ns/$id" \
		--pid-file "$CTRKIT_STATE/containers/$id/pid" -- sleep 100 >/dev/null
	[ -n "$(findmnt -rn -o TARGET | grep "^$t/ns/$id/")" ]
	pid=$(ctr_field web State.Pid)
	kill -9 "$(ctr_field web MonitorPid)"
	run ctr-ps
	assert_output_contains "Up "
	run ctr-rm -f web
	assert_status 0
	refute kill -0 "$pid" 2>/dev/null
	[ -z "$(findmnt -rn -o TARGET | grep "^$t/")" ]
	[ ! -e "$t/ns/$id" ] && [ ! -e "$t/upper/$id" ]
}

@test "after kill -9 of both the monitor and PID 1, the record says exited (255) with the reason" {
	ctr_run_detached web sleep 100 >/dev/null
	mpid=$(ctr_field web MonitorPid) pid=$(ctr_field web State.Pid)
	kill -9 "$mpid"
	kill -9 "$pid"
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	ctr_wait_status web exited
	[ "$(ctr_field web State.ExitCode)" = 255 ]
	run ctr_field web State.Error
	assert_output_contains "monitor ended before the container did"
	run ctr-rm web
	assert_status 0
}
