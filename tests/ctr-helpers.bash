# ctr-helpers.bash — shared by the ctr-*.bats suites. Load after helpers
# and cg-helpers.
#
# Each test has its own state root ($CTRKIT_STATE under its temporary
# directory) and the default cgroup parent. ctr-run does not exist yet, so
# a container is started by hand, with the chain ctr-run will use:
#
#   ctr-create --name N -- CMD; cg-create ctr-<short id>
#   ctr-monitor --id N -d -- cg-exec ctr-<short id> -- \
#       ns-clone -pmu --pid-file STATE/containers/ID/pid -- CMD
#
# ctr_teardown removes everything the test made even when the tools under
# test fail: ctr-rm -f first, then by hand from the records (SIGKILL to the
# recorded PIDs only, cg-delete of the recorded groups, umount and rm of
# the cleanup paths).

ctr_setup() {
	export CTRKIT_STATE=$BATS_TEST_TMPDIR/state
	unset CTRKIT_CGROUP_PARENT
	ctr_groups=()
}

# ctr_new NAME [ctr-create options] [-- CMD...]: record a container and make
# its group; sets $id and $g.
ctr_new() {
	local name=$1
	shift
	id=$(ctr-create --name "$name" "$@") || return 1
	g=ctr-${id:0:12}
	ctr_groups+=("$g")
	cg-create "$g" >/dev/null
}

# ctr_chain: the chain after ctr-monitor's options, for container $id in $g.
ctr_chain() {
	echo cg-exec "$g" -- ns-clone -pmu --pid-file "$CTRKIT_STATE/containers/$id/pid" --
}

# ctr_run_detached NAME CMD...: record, then start detached; prints the id.
ctr_run_detached() {
	local name=$1
	shift
	ctr_new "$name" -- "$@" || return 1
	# shellcheck disable=SC2046 # the chain is words
	ctr-monitor --id "$name" -d -- $(ctr_chain) "$@"
}

# ctr_field CONTAINER PATH: one value of ctr-inspect.
ctr_field() {
	ctr-inspect -f "$2" "$1"
}

# ctr_wait_status CONTAINER STATUS [SECONDS]: wait until the record says so.
ctr_wait_status() {
	local i s
	for ((i = 0; i < ${3:-10} * 20; i++)); do
		s=$(ctr_field "$1" State.Status 2>/dev/null) || s=gone
		[ "$s" = "$2" ] && return 0
		sleep 0.05
	done
	echo "container $1 is $s, not $2" >&2
	return 1
}

ctr_teardown() {
	local st dir pid mpid group kind path
	if [ -d "$CTRKIT_STATE/containers" ]; then
		# shellcheck disable=SC2046 # one word per id
		ctr-rm -f $(ctr-ps -aq --no-trunc 2>/dev/null) >/dev/null 2>&1 || true
		for st in "$CTRKIT_STATE"/containers/*/state.json "$CTRKIT_STATE"/containers/.*/state.json; do
			[ -f "$st" ] || continue
			dir=${st%/state.json}
			pid=$(jq -r '.pid' "$st") mpid=$(jq -r '.monitor_pid' "$st") group=$(jq -r '.cgroup' "$st")
			# Only the recorded PIDs, and only while they are what was recorded.
			[ "$pid" -gt 0 ] && [ "$(awk '{ print $22 }' "/proc/$pid/stat" 2>/dev/null)" = "$(jq -r .pid_start_time "$st")" ] &&
				kill -9 "$pid" 2>/dev/null
			[ "$mpid" -gt 0 ] && [ "$(awk '{ print $22 }' "/proc/$mpid/stat" 2>/dev/null)" = "$(jq -r .monitor_start_time "$st")" ] &&
				kill -9 "$mpid" 2>/dev/null
			ctr_groups+=("$group")
			while read -r kind path; do
				if [ "$kind" = umount ]; then
					findmnt -rn -o TARGET | grep -E "^$path(/|$)" | sort -r | xargs -r umount -l 2>/dev/null
				fi
				rm -rf --one-file-system "$path"
			done < <(jq -r '.cleanup[] | "\(.kind) \(.path)"' "$st")
			rm -rf --one-file-system "$dir"
		done
	fi
	if [ "${#ctr_groups[@]}" -gt 0 ]; then
		cg-delete --ignore-missing "${ctr_groups[@]}" >/dev/null 2>&1 || true
	fi
}

# ctr_store_teardown: any container directory in $CTRKIT_STORE whose record
# is gone (a test that failed half-way): unmount what is below it, then
# remove it.
ctr_store_teardown() {
	local d
	for d in "${CTRKIT_STORE:?}"/containers/*/; do
		[ -d "$d" ] || continue
		findmnt -rn -o TARGET | grep -F "${d%/}" | sort -r | xargs -r umount -l 2>/dev/null || true
		rm -rf --one-file-system "$d"
	done
}

# searchable_to_others DIR: --userns runs the container as user 100000,
# which must reach its layers: make DIR and every directory above it
# searchable by others (bats makes its temporary directories 0700).
searchable_to_others() {
	local d=$1
	while [ "$d" != / ]; do
		chmod a+x "$d"
		d=$(dirname "$d")
	done
}
