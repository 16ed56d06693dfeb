#!/usr/bin/env bats
# rootfs-pivot: run a command with a directory as its root filesystem.
#
# rootfs-pivot makes a mount namespace of its own whenever the caller shares
# one with other processes (as the test's shell does), so every mount it
# makes goes away with it. teardown still unmounts anything found under the
# test's directories, before bats removes them.

load helpers

setup_file() {
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	# One busybox root for the file, never written to: tests that add to a
	# root copy it first (new_root). The classic chroot escape
	# (tests/fixtures/chroot-escape.c) goes in, static, so it runs there.
	export ROOTFS=$BATS_FILE_TMPDIR/rootfs
	"$top/scripts/mk-busybox-rootfs" "$ROOTFS"
	cc -static -O2 -o "$ROOTFS/bin/chroot-escape" "$BATS_TEST_DIRNAME/fixtures/chroot-escape.c"
}

setup() {
	pids=()
	cleanup_dirs=()
	host_mounts=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
}

teardown() {
	local p m d
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.05; done; done
	for d in "$BATS_TEST_TMPDIR" "${cleanup_dirs[@]}"; do
		awk -v d="$d" 'index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
			while read -r m; do umount -l "$m" 2>/dev/null || true; done
	done
	for d in "${cleanup_dirs[@]}"; do rm -rf --one-file-system "$d"; done
}

# A copy of the busybox root this test may change: $root.
new_root() {
	root=$BATS_TEST_TMPDIR/root
	cp -a "$ROOTFS" "$root"
}

# Fail unless the host's mount table is what it was when the test began.
assert_host_mounts_unchanged() {
	local now
	now=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
	if [ "$now" != "$host_mounts" ]; then
		echo "the host's mounts changed:" >&2
		diff <(echo "$host_mounts") <(echo "$now") >&2
		return 1
	fi
}

@test "rootfs-pivot makes ROOTFS the command's /" {
	run rootfs-pivot "$ROOTFS" -- sh -c 'ls /; cat /etc/ctrkit-rootfs /etc/hostname; pwd'
	assert_status 0
	assert_output_contains "a ctrkit busybox root filesystem"
	assert_output_contains "busybox"
	[ "${lines[-1]}" = / ]
	grep -qx bin <<<"$output" && grep -qx proc <<<"$output"
	assert_host_mounts_unchanged
}

@test "after pivot_root the old root is gone: no host mount, no host path" {
	echo host >"$BATS_TEST_TMPDIR/host-marker"
	run rootfs-pivot "$ROOTFS" -- sh -c "cat /proc/self/mountinfo; [ -e '$BATS_TEST_TMPDIR/host-marker' ] && echo host-visible; true"
	assert_status 0
	refute grep -q host-visible <<<"$output"
	# Every mount is one rootfs-pivot made: the root and what is below it.
	local points
	points=$(awk '{ print $5 }' <<<"$output" | sort -u)
	refute grep -qvE '^/(proc|sys|dev)?(/|$)' <<<"$points"
	refute grep -q '/sys/fs/cgroup' <<<"$points"
	[[ "$(awk '$5 == "/" { print $4 }' <<<"$output")" == */rootfs ]]
}

@test "under ns-clone -pm, /proc is fresh: ps shows the command as PID 1" {
	run ns-clone -pm -- rootfs-pivot "$ROOTFS" -- sh -c 'echo $$; ps -o pid,comm'
	assert_status 0
	[ "${lines[0]}" = 1 ]
	[ "$(grep -c '^ *[0-9]' <<<"${output}")" -le 3 ]
	# ash execs its last command: PID 1 is sh or, by then, ps.
	grep -qE '^ +1 +(sh|ps)$' <<<"$output"
}

@test "/sys is a read-only sysfs" {
	run rootfs-pivot "$ROOTFS" -- sh -c 'grep " /sys " /proc/self/mountinfo; touch /sys/kernel/x 2>&1; ls /sys/kernel >/dev/null && echo readable'
	assert_status 0
	assert_output_contains " - sysfs "
	assert_output_contains "Read-only file system"
	assert_output_contains readable
	[[ "$(grep ' /sys ' <<<"$output")" == *" /sys ro,"* ]]
}

@test "/dev has null zero full random urandom tty, of the right types and modes" {
	run rootfs-pivot "$ROOTFS" -- stat -c '%n %F %a %t:%T' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty
	assert_status 0
	[ "$output" = "$(printf '%s\n' \
		'/dev/null character special file 666 1:3' \
		'/dev/zero character special file 666 1:5' \
		'/dev/full character special file 666 1:7' \
		'/dev/random character special file 666 1:8' \
		'/dev/urandom character special file 666 1:9' \
		'/dev/tty character special file 666 5:0')" ]
}

@test "the /dev nodes work, and the fd stdin stdout stderr symlinks point into /proc" {
	run rootfs-pivot "$ROOTFS" -- sh -c '
		echo gone >/dev/null && echo null-ok
		head -c 4 /dev/urandom | wc -c
		head -c 3 /dev/zero | od -An -tx1
		echo x 2>&1 >/dev/full || echo full-refused
		for l in fd stdin stdout stderr ptmx; do echo "$l -> $(readlink /dev/$l)"; done'
	assert_status 0
	assert_output_contains null-ok
	[ "${lines[1]}" = 4 ]
	[[ "${lines[2]}" == *"00 00 00" ]]
	assert_output_contains "No space left on device"
	assert_output_contains "fd -> /proc/self/fd"
	assert_output_contains "stdin -> /proc/self/fd/0"
	assert_output_contains "stdout -> /proc/self/fd/1"
	assert_output_contains "stderr -> /proc/self/fd/2"
	assert_output_contains "ptmx -> pts/ptmx"
}

@test "/dev/pts is a new devpts instance, and /dev/ptmx opens a pty in it" {
	run rootfs-pivot "$ROOTFS" -- sh -c 'grep " /dev/pts " /proc/self/mountinfo; ls /dev/pts; exec 3<>/dev/ptmx; ls /dev/pts'
	assert_status 0
	assert_output_contains " - devpts devpts "
	assert_output_contains "ptmxmode=666"
	# Empty but for ptmx before, one pty (0) after: an instance of its own.
	[ "${lines[1]}" = ptmx ]
	[ "${lines[2]}" = 0 ] && [ "${lines[3]}" = ptmx ]
}

@test "rootfs-pivot --console binds the pty on stdin onto /dev/console, where tty finds its name" {
	run ctr-tty --no-stdin -- rootfs-pivot --console "$ROOTFS" -- sh -c 'tty; stat -L -c "%t:%T" /dev/console /proc/self/fd/0'
	assert_status 0
	[ "${lines[0]}" = $'/dev/console\r' ]
	# The same pty: major 136 (0x88), the same minor.
	[ "${lines[1]}" = "${lines[2]}" ]
	[[ "${lines[1]}" == 88:* ]]
	run_split rootfs-pivot --console "$ROOTFS" -- true </dev/null
	assert_status 125
	[[ "$stderr" == *"--console: no terminal on stdin"*"ctr-tty"* ]]
}

@test "/dev/shm is a tmpfs and /dev/mqueue an mqueue" {
	run rootfs-pivot "$ROOTFS" -- sh -c 'grep -E " /dev/(shm|mqueue) " /proc/self/mountinfo; touch /dev/shm/x && echo shm-writable'
	assert_status 0
	assert_output_contains " /dev/shm rw,nosuid,nodev,noexec"
	assert_output_contains " - tmpfs "
	assert_output_contains " - mqueue mqueue"
	assert_output_contains shm-writable
}

@test "rootfs-pivot --read-only makes the root read-only, and only the root" {
	run rootfs-pivot --read-only "$ROOTFS" -- sh -c 'touch /x 2>&1; touch /etc/x 2>&1; touch /dev/shm/y && echo shm-ok'
	assert_status 0
	[ "$(grep -c 'Read-only file system' <<<"$output")" -eq 2 ]
	assert_output_contains shm-ok
	[ ! -e "$ROOTFS/x" ]
}

@test "rootfs-pivot --bind mounts a host directory read-write, and read-only with :ro" {
	new_root
	local vol=$BATS_TEST_TMPDIR/vol
	mkdir "$vol" && echo from-host >"$vol/in"
	run rootfs-pivot --bind "$vol:/data" --bind "$vol:/ro/data:ro" "$root" -- sh -c '
		cat /data/in; echo from-container >/data/out
		cat /ro/data/in; echo x 2>&1 >/ro/data/nope || true'
	assert_status 0
	[ "${lines[0]}" = from-host ] && [ "${lines[1]}" = from-host ]
	assert_output_contains "Read-only file system"
	[ "$(cat "$vol/out")" = from-container ]
	[ ! -e "$vol/nope" ]
	assert_host_mounts_unchanged
}

@test "rootfs-pivot --bind mounts a single file too" {
	new_root
	echo a-file >"$BATS_TEST_TMPDIR/file"
	run rootfs-pivot --bind "$BATS_TEST_TMPDIR/file:/etc/injected:ro" "$root" -- cat /etc/injected
	assert_status 0
	[ "$output" = a-file ]
}

@test "rootfs-pivot --tmpfs mounts an empty tmpfs that goes away with the command" {
	new_root
	mkdir "$root/scratch" && touch "$root/scratch/hidden"
	run rootfs-pivot --tmpfs /scratch --tmpfs /new/dir "$root" -- sh -c 'ls -A /scratch; echo data >/scratch/f; cat /scratch/f; grep -E " /(scratch|new/dir) " /proc/self/mountinfo'
	assert_status 0
	[ "${lines[0]}" = data ]
	[ "$(grep -c ' - tmpfs ' <<<"$output")" -eq 2 ]
	[ ! -e "$root/scratch/f" ] && [ -e "$root/scratch/hidden" ]
}

@test "rootfs-pivot --tmpfs DST:OPTIONS takes mount(8)'s options: flags, then the tmpfs's own" {
	new_root
	run rootfs-pivot --tmpfs /small:size=1m,mode=700,noexec --tmpfs /ro:ro "$root" -- \
		sh -c 'grep -E " /(small|ro) " /proc/self/mountinfo; stat -c %a /small'
	assert_status 0
	local small ro
	small=$(grep ' /small ' <<<"$output")
	ro=$(grep ' /ro ' <<<"$output")
	# The flags in the mount's options, the tmpfs's own in its super options.
	[[ "$small" == *" rw,nosuid,nodev,noexec"* && "$small" == *"size=1024k"* && "$small" == *"mode=700"* ]]
	[[ "$ro" == *" ro,nosuid,nodev"* ]]
	[ "${lines[-1]}" = 700 ]
	# A later option wins over an earlier one, and over the default.
	run rootfs-pivot --tmpfs /t:noexec,exec,dev "$root" -- grep ' /t ' /proc/self/mountinfo
	assert_status 0
	local opts
	opts=$(awk '{ print $6 }' <<<"$output")
	[[ ",$opts," == *,nosuid,* && ",$opts," != *,noexec,* && ",$opts," != *,nodev,* ]]
	run rootfs-pivot --tmpfs /t:size=1m,, "$root" -- true
	assert_status 125
	assert_output_contains "an empty option"
	# What tmpfs does not know, the kernel refuses.
	run rootfs-pivot --tmpfs /t:bogus=1 "$root" -- true
	assert_status 125
	assert_output_contains "bogus=1"
}

@test "rootfs-pivot --overlay writes to a tmpfs upper; the layers are unchanged" {
	local lower2=$BATS_TEST_TMPDIR/layer2 merged=$BATS_TEST_TMPDIR/merged
	mkdir -p "$lower2/etc" "$merged"
	echo from-layer2 >"$lower2/etc/layer2"
	local before
	before=$(cd "$ROOTFS" && find . -newer "$ROOTFS/etc/passwd" | sort; ls -la etc)
	run rootfs-pivot --overlay "$lower2:$ROOTFS" "$merged" -- sh -c '
		cat /etc/layer2 /etc/ctrkit-rootfs; echo new >/etc/new; rm /etc/hostname
		ls /etc; grep " / " /proc/self/mountinfo | grep -o " - overlay "'
	assert_status 0
	assert_output_contains from-layer2
	assert_output_contains "a ctrkit busybox root filesystem"
	refute grep -qx hostname <<<"$output"
	grep -qx new <<<"$output"
	assert_output_contains " - overlay "
	[ -e "$ROOTFS/etc/hostname" ] && [ ! -e "$ROOTFS/etc/new" ] && [ ! -e "$lower2/etc/new" ]
	[ "$(cd "$ROOTFS" && find . -newer "$ROOTFS/etc/passwd" | sort; ls -la etc)" = "$before" ]
	# The tmpfs upper went away with the command.
	[ -z "$(ls -A "$merged")" ]
	assert_host_mounts_unchanged
}

@test "rootfs-pivot --overlay --upper keeps the writes in DIR/upper" {
	local up=$BATS_TEST_TMPDIR/up merged=$BATS_TEST_TMPDIR/merged
	mkdir -p "$up" "$merged"
	run rootfs-pivot --overlay "$ROOTFS" --upper "$up" "$merged" -- sh -c 'echo kept >/etc/kept; rm /etc/hostname'
	assert_status 0
	[ "$(cat "$up/upper/etc/kept")" = kept ]
	# A deletion is a whiteout: a 0:0 character device in the upper dir.
	[ "$(stat -c '%F %t:%T' "$up/upper/etc/hostname")" = "character special file 0:0" ]
	[ -e "$ROOTFS/etc/hostname" ] && [ -d "$up/work" ]
}

@test "rootfs-pivot --workdir starts the command there, making it if missing" {
	new_root
	run rootfs-pivot --workdir /srv/app "$root" -- pwd
	assert_status 0
	[ "$output" = /srv/app ]
	[ -d "$root/srv/app" ]
	run rootfs-pivot --workdir /etc "$root" -- cat hostname
	[ "$output" = busybox ]
}

@test "Docker's masked paths are hidden and /proc/sys & co. are read-only" {
	# In a UTS namespace of its own, so a write to /proc/sys/kernel/hostname
	# that should fail could not reach the host's if it did not.
	run ns-clone -u -- rootfs-pivot "$ROOTFS" -- sh -c '
		wc -c </proc/keys; wc -c </proc/timer_list; ls -A /proc/acpi | wc -l; ls -A /sys/firmware | wc -l
		cat /proc/kcore 2>/dev/null | wc -c
		echo evil 2>&1 >/proc/sys/kernel/hostname; echo x 2>&1 >/proc/sysrq-trigger
		grep -E " /proc/(sys|irq|bus|fs) " /proc/self/mountinfo | cut -d" " -f5,6'
	assert_status 0
	[ "${lines[0]}" = 0 ] && [ "${lines[1]}" = 0 ] && [ "${lines[2]}" = 0 ] && [ "${lines[3]}" = 0 ] && [ "${lines[4]}" = 0 ]
	assert_output_contains "Read-only file system"
	local line
	for line in "/proc/sys ro," "/proc/irq ro," "/proc/bus ro," "/proc/fs ro,"; do
		assert_output_contains "$line"
	done
	[ "$(hostname)" != evil ]
}

@test "rootfs-pivot --no-mask leaves /proc as the kernel shows it" {
	run rootfs-pivot --no-mask "$ROOTFS" -- sh -c 'grep -E " /proc/" /proc/self/mountinfo; wc -c </proc/timer_list'
	assert_status 0
	refute grep -q ' /proc/' <<<"${output%$'\n'*}"
	[ "${lines[-1]}" -gt 0 ]
}

@test "under --chroot the classic chroot escape reaches the host; after pivot_root it cannot" {
	new_root
	run rootfs-pivot --chroot "$root" -- chroot-escape /bin/sh -c 'cat /etc/ctrkit-rootfs 2>/dev/null || echo escaped; head -1 /etc/os-release'
	assert_status 0
	[ "${lines[0]}" = escaped ]
	assert_output_contains "Debian"
	rm -rf "$root/chroot-escape.d"
	run rootfs-pivot "$root" -- chroot-escape /bin/sh -c 'cat /etc/ctrkit-rootfs 2>/dev/null || echo escaped'
	assert_status 0
	[ "$output" = "a ctrkit busybox root filesystem" ]
}

@test "rootless, under ns-clone -Ur -pm: host nodes are bound, /sys is the host's read-only" {
	local null_before
	null_before=$(stat -c '%U:%G %a' /dev/null)
	run --separate-stderr ns-clone -Ur -pm -- rootfs-pivot "$ROOTFS" -- sh -c '
		echo $$; id -u
		echo x >/dev/null && echo null-ok; head -c 4 /dev/urandom | wc -c
		grep " /dev/null " /proc/self/mountinfo | cut -d" " -f4
		touch /sys/x 2>&1; grep " /sys " /proc/self/mountinfo | cut -d" " -f6'
	assert_status 0
	[ "${lines[0]}" = 1 ] && [ "${lines[1]}" = 0 ]
	assert_output_contains null-ok
	[ "${lines[3]}" = 4 ]
	[ "${lines[4]}" = /null ]
	assert_output_contains "Read-only file system"
	[[ "${lines[-1]}" == ro,* ]]
	[[ "$stderr" == *"no /dev/mqueue"*"add -i to ns-clone"* ]]
	[ "$(stat -c '%U:%G %a' /dev/null)" = "$null_before" ]
	# With an IPC namespace of its own it gets an mqueue too.
	run --separate-stderr ns-clone -Ur -pmi -- rootfs-pivot "$ROOTFS" -- grep -c " /dev/mqueue " /proc/self/mountinfo
	assert_status 0
	[ "$output" = 1 ] && [ -z "$stderr" ]
}

@test "rootless for real: an unprivileged user runs a container under ns-clone -Ur -pm" {
	local dir
	dir=$(mktemp -d /tmp/ctrkit-rootless.XXXXXX)
	cleanup_dirs+=("$dir")
	chmod 755 "$dir"
	# A rootless user's image is the user's own: unpacked by them, owned by
	# them, so root inside (mapped to them) owns it.
	cp -a "$ROOTFS" "$dir/rootfs"
	mkdir "$dir/merged"
	chown -hR 65534:65534 "$dir/rootfs" "$dir/merged"
	run setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		ns-clone -Ur -pmi -- rootfs-pivot --read-only --tmpfs /tmp "$dir/rootfs" -- \
		sh -c 'echo $$; cat /etc/ctrkit-rootfs; touch /tmp/ok && echo tmp-ok; touch /x 2>&1; true'
	assert_status 0
	[ "${lines[0]}" = 1 ]
	assert_output_contains "a ctrkit busybox root filesystem"
	assert_output_contains tmp-ok
	assert_output_contains "Read-only file system"
	run setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		ns-clone -Ur -pmi -- rootfs-pivot --overlay "$dir/rootfs" "$dir/merged" -- sh -c 'echo w >/etc/w && cat /etc/w'
	assert_status 0
	[ "$output" = w ] && [ ! -e "$dir/rootfs/etc/w" ]
}

@test "rootless without a PID namespace: mounting /proc fails, and says to add -p" {
	run ns-clone -Ur -m -- rootfs-pivot "$ROOTFS" -- true
	assert_status 125
	assert_output_contains "mount proc on /proc in the root"
	assert_output_contains "Operation not permitted"
	assert_output_contains "ns-clone -Ur -pm"
}

@test "a hostile root's symlinks to outside (absolute and ../) never take a mount out of it" {
	new_root
	local out=$BATS_TEST_TMPDIR/outside
	mkdir -p "$out/etc" "$out/vol" "$out/tmp" "$out/dev" && echo untouched >"$out/marker"
	rm -rf "$root/proc" "$root/sys" "$root/dev"
	ln -s /etc "$root/proc"                       # absolute: the root's /etc
	ln -s "../../../../../../../..$out/sys" "$root/sys" # climbing out, missing
	mkdir "$root/dev"                             # hidden by the tmpfs anyway
	ln -s "$out/marker" "$root/dev/null"
	ln -s "$out/vol" "$root/vol"                  # volume targets
	ln -s "../../../../../../../..$out/tmp" "$root/scratch"
	local listing_before
	listing_before=$(find "$out" -printf '%p %y %s %T@\n' | sort)
	mkdir "$BATS_TEST_TMPDIR/src"

	# Under --chroot the old root stays in the command's mount namespace:
	# list every mount point there, as the host names them.
	rootfs-pivot --chroot --bind "$BATS_TEST_TMPDIR/src:/vol" --tmpfs /scratch "$root" -- sleep 30 &
	pids+=($!)
	# Once it runs sleep (busybox), the set-up is complete.
	local i
	for ((i = 0; i < 200; i++)); do
		[ "$(readlink "/proc/${pids[0]}/exe" 2>/dev/null)" = "$root/bin/busybox" ] && break
		sleep 0.05
	done
	local inside
	inside=$(nsenter -t "${pids[0]}" -m awk '{ print $5 }' /proc/self/mountinfo | sort)
	local added
	added=$(comm -13 <(echo "$host_mounts") <(echo "$inside"))
	[ -n "$added" ]
	echo "$added"
	refute grep -v "^$root" <<<"$added"
	grep -qx "$root/etc" <<<"$added"                 # /proc went to the root's /etc
	grep -qx "$root$out/vol" <<<"$added"            # the volume, inside
	grep -qx "$root$out/tmp" <<<"$added"            # the tmpfs, inside
	grep -qx "$root$out/sys" <<<"$added"            # sysfs, made inside

	# The same root with pivot_root works, seeing its own /etc as /proc.
	run rootfs-pivot "$root" -- sh -c 'cat /etc/self/comm; echo x >/dev/null && echo null-ok'
	assert_status 0
	[ "${lines[0]}" = cat ] && [ "${lines[1]}" = null-ok ]

	[ "$(find "$out" -printf '%p %y %s %T@\n' | sort)" = "$listing_before" ]
	[ "$(cat "$out/marker")" = untouched ]
	assert_host_mounts_unchanged
}

@test "rootfs-pivot passes the command's exit status through: 0, N, 126, 127" {
	run rootfs-pivot "$ROOTFS" -- true
	assert_status 0
	run rootfs-pivot "$ROOTFS" -- sh -c 'exit 7'
	assert_status 7
	run rootfs-pivot "$ROOTFS" -- sh -c 'kill -9 $$'
	assert_status 137
	run -126 --separate-stderr rootfs-pivot "$ROOTFS" -- /etc/hostname
	[[ "$stderr" == *"exec /etc/hostname: Permission denied"* ]]
	run -127 --separate-stderr rootfs-pivot "$ROOTFS" -- /no/such/command
	[[ "$stderr" == *"exec /no/such/command: No such file or directory"* ]]
	# bash is the host's, not the root's.
	run -127 rootfs-pivot "$ROOTFS" -- bash -c true
}

@test "bad input is a tool failure (125) that says what to fix" {
	run rootfs-pivot "$BATS_TEST_TMPDIR/missing" -- true
	assert_status 125
	assert_output_contains "root filesystem $BATS_TEST_TMPDIR/missing: No such file or directory"
	assert_output_contains "mk-busybox-rootfs"
	touch "$BATS_TEST_TMPDIR/file"
	run rootfs-pivot "$BATS_TEST_TMPDIR/file" -- true
	assert_status 125
	assert_output_contains "Not a directory"
	run rootfs-pivot --bind nocolon "$ROOTFS" -- true
	assert_status 125
	assert_output_contains "bad --bind 'nocolon': give SRC:DST or SRC:DST:ro"
	assert_output_contains "Try 'rootfs-pivot --help'"
	run rootfs-pivot --bind /tmp:/x:rx "$ROOTFS" -- true
	assert_status 125
	assert_output_contains "bad --bind mode 'rx'"
	run rootfs-pivot --bind /tmp:relative "$ROOTFS" -- true
	assert_status 125
	assert_output_contains "absolute path"
	run rootfs-pivot --bind "$BATS_TEST_TMPDIR/nosrc:/x" "$ROOTFS" -- true
	assert_status 125
	assert_output_contains "bind $BATS_TEST_TMPDIR/nosrc: No such file or directory"
	run rootfs-pivot --tmpfs rel "$ROOTFS" -- true
	assert_status 125
	run rootfs-pivot --upper /tmp "$ROOTFS" -- true
	assert_status 125
	assert_output_contains "--upper goes with --overlay"
	run rootfs-pivot
	assert_status 125
	assert_output_contains "no ROOTFS given"
	run rootfs-pivot "$ROOTFS"
	assert_status 125
	assert_output_contains "no command given"
	assert_host_mounts_unchanged
}

@test "rootfs-pivot works in ns-clone's mount namespace, and makes its own when the caller shares one" {
	run --separate-stderr ns-clone -pm -- rootfs-pivot --explain "$ROOTFS" -- true
	assert_status 0
	[[ "$stderr" != *"unshare(CLONE_NEWNS)"* ]]
	run --separate-stderr rootfs-pivot --explain "$ROOTFS" -- true
	assert_status 0
	[[ "$stderr" == *"+ unshare(CLONE_NEWNS)  (PID "*" shares this mount namespace"* ]]
}

@test "rootfs-pivot --explain prints each mount, pivot_root and exec with decoded flags" {
	run --separate-stderr rootfs-pivot --explain "$ROOTFS" -- true
	assert_status 0
	[[ "$stderr" == *'+ mount(NULL, "/", NULL, MS_REC|MS_PRIVATE)'* ]]
	[[ "$stderr" =~ \+\ mount\(\"proc\",\ \"/proc/self/fd/[0-9]+\",\ \"proc\",\ MS_NOSUID\|MS_NODEV\|MS_NOEXEC\)\ \ \(/proc\ in\ the\ root\) ]]
	[[ "$stderr" == *'+ mknodat('*'"null", S_IFCHR|0666, makedev(1, 3))'* ]]
	[[ "$stderr" == *'+ pivot_root(".", ".")'* ]]
	[[ "$stderr" == *'+ umount2(".", MNT_DETACH)'* ]]
	[[ "$stderr" == *'+ chdir("/")'* ]]
	[[ "$stderr" == *'+ execvp("true")'* ]]
	run --separate-stderr env CTRKIT_EXPLAIN=1 rootfs-pivot --chroot "$ROOTFS" -- true
	[[ "$stderr" == *'+ chroot(".")'* ]]
}

@test "rootfs-pivot --host-exec runs a static host binary in a root that does not contain it" {
	# ctr-creds is static, and nowhere in the busybox root.
	[ ! -e "$ROOTFS$(command -v ctr-creds)" ]
	run rootfs-pivot --host-exec "$ROOTFS" -- ctr-creds --caps all -- sh -c '
		cat /etc/ctrkit-rootfs
		awk "{ print \$5 }" /proc/self/mountinfo
		for f in /proc/$$/fdinfo/*; do echo "fd ${f##*/} $(readlink /proc/$$/fd/${f##*/}) $(grep flags: $f)"; done'
	assert_status 0
	[ "${lines[0]}" = "a ctrkit busybox root filesystem" ]
	[ "${lines[1]}" = / ]
	# No descriptor of the host's file is left open: none is O_PATH
	# (octal 010000000), none names the tool.
	local line
	while read -r line; do
		[ $((8#${line##*[[:space:]]} & 8#10000000)) -eq 0 ] || { echo "O_PATH: $line" >&2; return 1; }
	done < <(grep '^fd ' <<<"$output")
	refute grep -q '^fd .*ctr-creds' <<<"$output"
	# And nothing of the host was mounted for it.
	refute grep -q "$(dirname "$(command -v ctr-creds)")" <<<"$output"
	refute grep -qvE '^/(proc|sys|dev)?(/|$)' <<<"$(sed -n '2,$p' <<<"$output" | grep -v '^fd ')"
	assert_host_mounts_unchanged
}

@test "rootfs-pivot --host-exec finds COMMAND on the host's PATH before the root changes, and traces it" {
	local bin=$BATS_TEST_TMPDIR/bin
	mkdir "$bin" && cp "$(command -v ctr-creds)" "$bin/static-tool"
	run --separate-stderr env PATH="$bin:$PATH" rootfs-pivot --explain --host-exec "$ROOTFS" -- static-tool -- true
	assert_status 0
	[[ "$stderr" == *"+ open(\"$bin/static-tool\", O_PATH|O_CLOEXEC) = "*"+ unshare(CLONE_NEWNS)"* ]]
	[[ "$stderr" == *'+ pivot_root(".", ".")'*'+ execveat('*', "", ["static-tool", ...], environ, AT_EMPTY_PATH)'* ]]
	# Not on the host: 127, before anything is mounted.
	run -127 --separate-stderr rootfs-pivot --explain --host-exec "$ROOTFS" -- no-such-tool
	[[ "$stderr" == *"look up no-such-tool: No such file or directory"*"host's PATH"* ]]
	[[ "$stderr" != *"mount("* ]]
	# On the host but not executable: 126.
	touch "$bin/plain"
	run -126 env PATH="$bin:$PATH" rootfs-pivot --host-exec "$ROOTFS" -- "$bin/plain"
	assert_output_contains "Permission denied"
}

@test "rootfs-pivot --host-exec refuses a #! script and a dynamically linked binary (126), saying why" {
	printf '#!/bin/sh\necho hi\n' >"$BATS_TEST_TMPDIR/script"
	chmod +x "$BATS_TEST_TMPDIR/script"
	run -126 --separate-stderr rootfs-pivot --explain --host-exec "$ROOTFS" -- "$BATS_TEST_TMPDIR/script"
	[[ "$stderr" == *"run $BATS_TEST_TMPDIR/script from the host: Exec format error"*"#! script"*"close-on-exec"* ]]
	[[ "$stderr" != *"mount("* ]]
	# The host's own tools load their libraries, which a root may replace.
	run -126 --separate-stderr rootfs-pivot --host-exec "$ROOTFS" -- cat /etc/hostname
	[[ "$stderr" == *"it is dynamically linked (loader /lib"*"a hostile image could supply its own"* ]]
	assert_host_mounts_unchanged
}

@test "rootfs-pivot --help documents every option and exits 0" {
	run rootfs-pivot --help
	assert_status 0
	[ "${lines[0]}" = "Usage: rootfs-pivot [OPTIONS] ROOTFS [--] COMMAND [ARG...]" ]
	[[ "${lines[1]}" == *. ]]
	local opt
	for opt in --read-only --bind --tmpfs --overlay --upper --workdir --no-mask --chroot --host-exec --explain --help --version; do
		assert_output_contains -- "$opt"
	done
}

@test "rootfs-pivot --version prints the version and exits 0" {
	run rootfs-pivot --version
	assert_status 0
	[[ "$output" == "rootfs-pivot (ctrkit) "* ]]
}
