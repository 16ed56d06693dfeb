# Lesson 3's exercise, checked by `lessons/check 3` (sourced: it calls ok
# and not_yet). It only reads what is there.
# shellcheck shell=sh
lab=${CTRKIT_LAB:-/run/ctrkit-lab}

if [ -d "$lab" ]; then
	ok "$lab is a directory"
else
	not_yet "there is no directory $lab" "mkdir -p $lab"
fi

if [ -d "$lab" ] && [ "$(stat -f -c %T "$lab" 2>/dev/null)" = tmpfs ] &&
	grep -q " $lab .* - " /proc/self/mountinfo &&
	! grep " $lab " /proc/self/mountinfo | grep -q 'shared:'; then
	ok "$lab is a private mount, where namespace files can be kept"
else
	not_yet "$lab is not a private mount of its own" \
		"mount -t tmpfs lab $lab && mount --make-private $lab (step 5 says why)"
fi

uts=$lab/uts
if [ ! -e "$uts" ]; then
	not_yet "there is no $uts" "ns-clone -un --hostname lab --persist $lab -- true"
elif ! host=$(ns-enter --uts="$uts" hostname 2>/dev/null); then
	not_yet "$uts is not a UTS namespace file" \
		"it must be a bind mount of a /proc/PID/ns/uts, as ns-clone --persist makes it"
elif [ "$(ns_id "$uts")" = "$(ns_id /proc/self/ns/uts)" ]; then
	not_yet "$uts is this shell's own UTS namespace" "keep a new one: ns-clone -u ... --persist $lab"
elif [ "$host" != lab ]; then
	not_yet "the hostname in $uts is \"$host\"" "set it there: ns-enter --uts=$uts hostname lab"
else
	ok "$uts keeps a UTS namespace of its own, whose hostname is lab"
fi

net=$lab/net
if [ ! -e "$net" ]; then
	not_yet "there is no $net" "add -n to the same ns-clone: ns-clone -un --hostname lab --persist $lab -- true"
elif ! links=$(ns-enter --net="$net" ip -o link show 2>/dev/null); then
	not_yet "$net is not a network namespace file" "keep one with ns-clone -n --persist $lab"
elif [ "$(ns_id "$net")" = "$(ns_id /proc/self/ns/net)" ]; then
	not_yet "$net is this shell's own network namespace" "keep a new one: ns-clone -n ... --persist $lab"
elif [ "$(printf '%s\n' "$links" | wc -l)" -ne 1 ]; then
	not_yet "$net has more than lo: $(printf '%s\n' "$links" | cut -d: -f2 | tr -d ' ' | tr '\n' ' ')" \
		"a new network namespace starts with lo alone: keep a fresh one"
elif ! printf '%s\n' "$links" | grep -q '<[^>]*\bUP\b'; then
	not_yet "lo is down in $net" "bring it up there: ns-enter --net=$net ip link set lo up"
else
	ok "$net keeps a network namespace with lo alone, and lo is up"
fi
