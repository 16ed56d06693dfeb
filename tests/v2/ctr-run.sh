#!/bin/sh
# ctr-run on a kernel with cgroup v2 alone: the whole chain, its limits
# (memory.max, pids.max, the BPF device filter), the freezer (cgroup.freeze)
# and ctr-rm, checked in the kernel's own files. tests/ctr-run.bats shows
# the rest on the hybrid host; here is what differs on v2.
#
#   CTRKIT_IMAGES    hello-world and busybox (default /payload/images)
#   CTRKIT_FIXTURES  memhog and forkbomb (default /payload/fixtures)
#
# The network is --network none (the guest has no bridge modules loaded);
# the store and the records are in a temporary directory, removed at the end.
# shellcheck source-path=SCRIPTDIR source=helpers
. "${0%/*}/helpers"

fixtures=${CTRKIT_FIXTURES:-/payload/fixtures}
tmp=$(mktemp -d)
CTRKIT_IMAGES=${CTRKIT_IMAGES:-/payload/images} CTRKIT_STORE=$tmp/store CTRKIT_STATE=$tmp/state
export CTRKIT_IMAGES CTRKIT_STORE CTRKIT_STATE
export CTRKIT_NETWORK=none
if [ ! -d "$CTRKIT_IMAGES/busybox" ] || [ ! -d "$CTRKIT_IMAGES/hello-world" ]; then
	skip "ctr-run on cgroup v2" "no hello-world and busybox in $CTRKIT_IMAGES (make images)"
	rm -rf "$tmp"
	done_testing
	exit
fi
# The cgroup a container gets: ctrkit/ctr-<short id> (cg-create's default parent).
cgroup_of() { echo "$CG/ctrkit/$(ctr-inspect -f Cgroup "$1")"; }

out=$(ctr-run hello-world 2>&1)
case $out in *"Hello from ctrkit!"*) pass "ctr-run hello-world prints its message" ;;
*) fail "ctr-run hello-world prints its message" "$out" ;; esac

# shellcheck disable=SC2016 # expanded inside the container
check_eq "the container is PID 1 in its own cgroup namespace, at its root" \
	"1 0::/" "$(ctr-run --rm busybox sh -c 'echo $$ $(cat /proc/self/cgroup)' 2>&1)"

# Limits land in the v2 files of its group.
ctr-run -d --name limited -m 48m --pids-limit 20 --cpus 0.5 --cpuset-cpus 0 busybox sleep 600 >/dev/null 2>&1
dir=$(cgroup_of limited)
check_eq "-m 48m is memory.max (and memory.swap.max 0: no swap beyond it)" \
	"50331648 0" "$(cat "$dir/memory.max" "$dir/memory.swap.max" | tr '\n' ' ' | sed 's/ $//')"
check_eq "--pids-limit is pids.max, --cpus is cpu.max, --cpuset-cpus is cpuset.cpus" \
	"20 50000 100000 0" "$(cat "$dir/pids.max" "$dir/cpu.max" "$dir/cpuset.cpus" | tr '\n' ' ' | sed 's/ $//')"
pid=$(ctr-inspect -f State.Pid limited)
check_eq "its PID 1 is in that group" "0::/ctrkit/${dir##*/}" "$(cat "/proc/$pid/cgroup")"

# The freezer: cgroup.freeze, and cgroup.events says when it holds.
ctr-pause limited >/dev/null 2>&1
check_eq "ctr-pause freezes the group (cgroup.events: frozen 1)" \
	"paused frozen 1" "$(ctr-inspect -f State.Status limited) $(grep frozen "$dir/cgroup.events")"
ctr-unpause limited >/dev/null 2>&1
check_eq "ctr-unpause thaws it" \
	"running frozen 0" "$(ctr-inspect -f State.Status limited) $(grep frozen "$dir/cgroup.events")"
check_eq "ctr-exec joins the group too" "0::/" "$(ctr-exec limited cat /proc/self/cgroup 2>&1)"
ctr-rm -f limited >/dev/null 2>&1
if [ -e "$dir" ] || kill -0 "$pid" 2>/dev/null; then
	fail "ctr-rm -f stops it and removes its group" "$(ls -d "$dir" 2>&1)"
else
	pass "ctr-rm -f stops it and removes its group"
fi

# The device allow-list is a BPF program on v2.
out=$(ctr-run --rm busybox sh -c 'echo x >/dev/null && echo null-ok; mknod /dev/sda b 8 0 2>&1 || echo mknod-refused' 2>&1)
check_eq "the BPF device filter: /dev/null opens, mknod of a disk is refused" \
	"null-ok mknod-refused" "$(echo "$out" | grep -E '^(null-ok|mknod-refused)$' | tr '\n' ' ' | sed 's/ $//')"

if [ -x "$fixtures/memhog" ] && [ -x "$fixtures/forkbomb" ]; then
	ctr-run --name hog -m 32m -v "$fixtures:/load:ro" busybox /load/memhog 256 >/dev/null 2>&1
	check_eq "-m 32m OOM-kills a hog: exit 137, OOMKilled (memory.events oom_kill)" \
		"137 true" "$? $(ctr-inspect -f State.OOMKilled hog 2>&1)"
	ctr-rm hog >/dev/null 2>&1
	out=$(ctr-run --rm --pids-limit 10 -v "$fixtures:/load:ro" busybox /load/forkbomb 40 1 2>&1)
	case $out in
	"forked "[1-8]" refused "*) pass "--pids-limit 10 caps a fork bomb ($out)" ;;
	*) fail "--pids-limit 10 caps a fork bomb" "$out" ;;
	esac
else
	skip "-m OOM-kills a hog; --pids-limit caps a fork bomb" "no memhog or forkbomb in $fixtures"
fi

# --userns: the idmapped layers and the user namespace on this kernel. The
# guest's /tmp is a tmpfs, which takes idmapped mounts only from Linux 6.3
# on: the store goes on the scratch disk, as ext4 (after cgroups.sh's
# io.max tests, which use the disk raw).
# shellcheck disable=SC2016 # expanded inside the container
userns_probe='echo $(id -u) $(cat /proc/self/uid_map) $(stat -c %u:%g /bin/busybox)'
if [ -n "${CTRKIT_VM_DISK:-}" ] && mkdir "$tmp/disk" && mke2fs -q "$CTRKIT_VM_DISK" >/dev/null 2>&1 &&
	mount -t ext4 "$CTRKIT_VM_DISK" "$tmp/disk"; then
	chmod a+x "$tmp" "$tmp/disk"
	check_eq "--userns: root inside is 100000 outside, the image's files root's inside" \
		"0 0 100000 65536 0:0" \
		"$(CTRKIT_STORE=$tmp/disk/store ctr-run --rm --userns busybox sh -c "$userns_probe" 2>&1)"
	umount "$tmp/disk"
else
	skip "--userns on cgroup v2" "no scratch disk to put an ext4 store on (vm-test -d), and tmpfs takes idmapped mounts only from Linux 6.3"
fi

ids=$(ctr-ps -aq)
# shellcheck disable=SC2086 # one word per id
[ -z "$ids" ] || ctr-rm -f $ids >/dev/null 2>&1
left=''
for g in "$CG"/ctrkit/ctr-*; do [ -e "$g" ] && left="$left ${g##*/}"; done
check_eq "no container's group is left" "" "$left"
rm -rf "$tmp"
done_testing
