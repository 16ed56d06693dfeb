# Lesson 9's exercise, checked by `lessons/check 9` (sourced: it calls ok
# and not_yet). It only reads what is there, through cg-list.
# shellcheck shell=sh
group=${CTRKIT_LAB_GROUP:-lab}

if ! json=$(cg-list --json 2>/dev/null); then
	not_yet "cg-list does not run" "build ctrkit first: make"
	return 0
fi
# One field of the group's row, or "" when there is no such group.
field() {
	printf '%s\n' "$json" | jq -r --arg g "$group" --arg f "$1" \
		'[.groups | recurse(.[].children? // empty) | .[] | select(.name == $g)][0][$f] // ""'
}

if [ -z "$(field name)" ]; then
	not_yet "there is no group $group" "cg-create $group"
	return 0
fi
ok "group $group exists"

if [ "$(field mem-limit)" = 33554432 ]; then
	ok "its memory is limited to 32M"
else
	not_yet "its memory limit is $(field mem-limit), not 32M (33554432 bytes)" "cg-limit $group --memory 32M"
fi

if [ "$(field pids-max)" = 10 ]; then
	ok "it may hold at most 10 processes"
else
	not_yet "its process limit is $(field pids-max), not 10" "cg-limit $group --pids 10"
fi

if [ "$(field procs)" -ge 1 ] 2>/dev/null; then
	ok "a process runs in it"
else
	not_yet "no process runs in it" "cg-exec $group -- sleep 300 &"
fi
