#!/usr/bin/env bats
# Many containers at once, and nothing of them left after ctr-rm.

load helpers
load cg-helpers
load ctr-helpers

setup() { ctr_setup; }
teardown() { ctr_teardown; }

@test "20 detached containers at once, then all removed: no mount, cgroup, namespace file, directory or process left" {
	local t=$BATS_TEST_TMPDIR i n pids=() monitors=() groups=()
	for i in $(seq 20); do
		ctr_new "c$i" --cleanup "umount:$t/ns/{id}" --cleanup "remove:$t/ns/{id}" \
			--cleanup "remove:$t/upper/{id}" -- sleep 1000
		# What ctr-run will make: a directory for the overlay's upper
		# layer, and the namespace files kept by --persist.
		mkdir -p "$t/ns/$id" "$t/upper/$id/work"
		echo data >"$t/upper/$id/work/file"
		ctr-monitor --id "c$i" -d -- cg-exec "$g" -- ns-clone -pmuin --persist "$t/ns/$id" \
			--pid-file "$CTRKIT_STATE/containers/$id/pid" -- sleep 1000 >/dev/null &
	done
	wait
	for i in $(seq 20); do
		[ "$(ctr_field "c$i" State.Status)" = running ]
		pids+=("$(ctr_field "c$i" State.Pid)")
		monitors+=("$(ctr_field "c$i" MonitorPid)")
		groups+=("$(ctr_field "c$i" Cgroup)")
	done
	run ctr-ps -q
	[ "${#lines[@]}" -eq 20 ]
	n=$(findmnt -rn -o TARGET | grep -c "^$t/ns/")
	[ "$n" -eq 100 ] # mnt, uts, ipc, net, pid for each

	# shellcheck disable=SC2046
	run ctr-rm -f $(ctr-ps -aq)
	assert_status 0
	[ "${#lines[@]}" -eq 20 ]

	[ -z "$(ls -A "$CTRKIT_STATE/containers")" ]
	[ -z "$(findmnt -rn -o TARGET | grep "^$t/")" ]
	[ -z "$(find "$t/ns" "$t/upper" -mindepth 1)" ]
	local g d p
	for g in "${groups[@]}"; do
		for d in $(cg_bases); do
			[ ! -e "$d/$g" ] || { echo "left behind: $d/$g" >&2; return 1; }
		done
	done
	for p in "${pids[@]}"; do
		refute kill -0 "$p" 2>/dev/null
	done
	for p in "${monitors[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		refute kill -0 "$p" 2>/dev/null
	done
}
