# Lesson 6's exercise, checked by `lessons/check 6` (sourced: it calls ok
# and not_yet). It only reads what is there: the root filesystem, and /proc
# (each process's root, mount namespace and mountinfo).
# shellcheck shell=sh
lab=${CTRKIT_LAB:-/tmp/ctrkit-lab6}
start="rootfs-pivot --read-only --bind $lab-data:/data:ro $lab -- sleep 600 &"

# The options of the mount on $2 in /proc/$1/mountinfo (field 6), and the
# type of its filesystem (after the " - "), as "OPTIONS TYPE".
mount_of() {
	awk -v m="$2" '$5 == m { for (i = 7; $i != "-"; i++); o = $6 " " $(i + 1) } END { if (o != "") print o }' \
		"/proc/$1/mountinfo" 2>/dev/null
}

if [ -x "$lab/bin/busybox" ] && [ -L "$lab/bin/sh" ] && [ -f "$lab/etc/passwd" ]; then
	ok "$lab holds a busybox root filesystem"
elif [ -d "$lab" ] && [ -n "$(ls -A "$lab" 2>/dev/null)" ]; then
	not_yet "$lab is there, but holds no busybox root (no bin/busybox, bin/sh or etc/passwd)" \
		"start again in an empty directory: rm -rf $lab && scripts/mk-busybox-rootfs $lab"
else
	not_yet "there is no root filesystem in $lab" "scripts/mk-busybox-rootfs $lab"
fi

# The processes whose root directory is $lab itself: the same inode on the
# same filesystem, whatever path leads there.
pid=
if [ -d "$lab" ]; then
	want=$(stat -c %d:%i "$lab")
	for root in /proc/[0-9]*/root; do
		p=${root#/proc/}
		p=${p%/root}
		[ "$(stat -L -c %d:%i "$root" 2>/dev/null)" = "$want" ] || continue
		pid=${pid:-$p}
		if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = sleep ]; then
			pid=$p
			break
		fi
	done
fi
if [ -z "$pid" ]; then
	not_yet "no process runs with $lab as its root" "mkdir -p $lab-data && $start"
	for what in "pivot_root in a mount namespace of its own" "a read-only root" "a read-only volume on /data"; do
		not_yet "$what: there is no process to look at yet" "start it first (above)"
	done
	return 0
fi
ok "process $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) runs with $lab as its root"

# After pivot_root, the root is the mount namespace's own: seen from here,
# /proc/PID/root reads as "/". After chroot it is a directory in a tree
# whose real root is still there, and reads as its path.
if [ "$(ns_id "/proc/$pid/ns/mnt")" = "$(ns_id /proc/self/ns/mnt)" ]; then
	not_yet "it shares this machine's mount namespace: it was chrooted, and can walk out (step 3)" \
		"let rootfs-pivot pivot into it, in a mount namespace of its own: $start"
elif [ "$(readlink "/proc/$pid/root")" != / ]; then
	not_yet "its root is a chroot inside its mount namespace, whose real root is still the host's" \
		"pivot, do not chroot: leave out --chroot ($start)"
else
	ok "its root is the root of a mount namespace of its own: pivot_root, not chroot"
fi

m=$(mount_of "$pid" /)
case ,${m%% *}, in
*,ro,*) ok "its root is mounted read-only" ;;
,,) not_yet "its root is no mount of its own, so it cannot be made read-only" "give rootfs-pivot --read-only" ;;
*) not_yet "its root is mounted read-write (${m%% *})" "give rootfs-pivot --read-only" ;;
esac

m=$(mount_of "$pid" /data)
case ${m#* } in
'')
	not_yet "nothing is mounted on /data in it" "bind a directory of this machine there: --bind $lab-data:/data:ro"
	;;
tmpfs | overlay)
	not_yet "/data in it is a ${m#* }, not a directory of this machine" "bind one: --bind $lab-data:/data:ro"
	;;
*)
	case ,${m%% *}, in
	*,ro,*) ok "a directory of this machine is bound on /data in it, read-only" ;;
	*) not_yet "/data in it is bound read-write" "add :ro to the volume: --bind $lab-data:/data:ro" ;;
	esac
	;;
esac
