#!/usr/bin/env bats
# ctr-run: docker run as a chain of tools — the image's config honoured,
# isolation, limits, the lifecycle, the options, the errors.
#
# setup_file builds ctrkit's two images (scripts/mk-images) and one of the
# test's own (app: Env, Entrypoint, Cmd, WorkingDir and User set), into
# $BATS_FILE_TMPDIR, and imports them into a store there that the tests
# share. CTRKIT_IMAGES points ctr-run's first-use import at the built
# images, so it works for any $CTRKIT_BIN (build/asan/bin has no images/
# beside it). Each test has its own state root; teardown removes every
# container in it (ctr_teardown), whatever is left in the store's
# containers/, and the processes the test started, by PID.

load helpers
load cg-helpers
load ctr-helpers

# Docker's default capabilities, and what /proc/PID/status shows for them.
DOCKER_CAPS=00000000a80425fb

setup_file() {
	local top rootfs
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	export CTRKIT_IMAGES=$BATS_FILE_TMPDIR/images
	"$top/scripts/mk-images" "$CTRKIT_IMAGES"
	# app: busybox with a user of its own, and every part of the config set.
	rootfs=$BATS_FILE_TMPDIR/app-rootfs
	"$top/scripts/mk-busybox-rootfs" "$rootfs"
	echo 'app:x:1000:1000:app:/home/app:/bin/sh' >>"$rootfs/etc/passwd"
	printf '%s\n' 'app:x:1000:' 'staff:x:50:app' >>"$rootfs/etc/group"
	mkdir -p "$rootfs/srv/app" "$rootfs/home/app"
	# shellcheck disable=SC2016 # expanded inside the container
	"$top/scripts/oci-pack" --env GREETING=hello --env COLOR=blue \
		--entrypoint /bin/sh --entrypoint -c \
		--entrypoint 'echo "$GREETING $COLOR $(id -u):$(id -g) $(pwd) $HOME $HOSTNAME [$*]"' --entrypoint app \
		--cmd one --cmd two --workdir /srv/app --user app "$rootfs" "$BATS_FILE_TMPDIR/app" >/dev/null
	export CTRKIT_STORE=$BATS_FILE_TMPDIR/store
	PATH=$CTRKIT_BIN:$PATH img-import "$CTRKIT_IMAGES/busybox" >/dev/null
	PATH=$CTRKIT_BIN:$PATH img-import "$CTRKIT_IMAGES/hello-world" >/dev/null
	PATH=$CTRKIT_BIN:$PATH img-import "$BATS_FILE_TMPDIR/app" app:1 >/dev/null
	# The loads, static: they run inside busybox, bind-mounted with -v.
	mkdir -p "$BATS_FILE_TMPDIR/load"
	cc -static -O2 -o "$BATS_FILE_TMPDIR/load/memhog" "$BATS_TEST_DIRNAME/fixtures/memhog.c"
	cc -static -O2 -o "$BATS_FILE_TMPDIR/load/forkbomb" "$BATS_TEST_DIRNAME/fixtures/forkbomb.c"
}

setup() {
	ctr_setup
	export CTRKIT_STORE=$BATS_FILE_TMPDIR/store
	# The default network is the bridge, which must not be made on this
	# machine: the tests that use it run in a network namespace of their own.
	export CTRKIT_NETWORK=none
	started=()
}

teardown() {
	local p
	for p in "${started[@]}"; do
		kill -9 "$p" 2>/dev/null || true
	done
	ctr_teardown
	ctr_store_teardown
}

drive() {
	python3 "$BATS_TEST_DIRNAME/fixtures/pty-drive.py" "$@"
}

# The field NAME (CapBnd, NoNewPrivs, ...) of a /proc/PID/status in $output.
field() {
	awk -v f="$1:" '$1 == f { print $2 }' <<<"$output"
}

# The cgroup directories of group $1, in every hierarchy that has it.
cg_dirs_of() {
	local base
	for base in $(cg_bases); do
		[ -d "$base/$1" ] && echo "$base/$1"
	done
	return 0
}

# --- hello-world ---------------------------------------------------------

@test "ctr-run with no arguments runs hello-world, imported from the built images on first use" {
	export CTRKIT_STORE=$BATS_TEST_TMPDIR/store
	run_split ctr-run
	assert_status 0
	assert_output_contains "Hello from ctrkit!"
	assert_output_contains "my PID        1"
	run img-list -n -o REFERENCE
	[ "$output" = docker.io/library/hello-world:latest ]
	run_split ctr-run --rm busybox echo imported
	assert_status 0
	[ "$output" = imported ]
	run img-list -n -o REFERENCE
	[ "${#lines[@]}" -eq 2 ]
	# A name that is neither built in nor in the store: no import.
	run_split ctr-run --rm alpine true
	assert_status 125
	# Only the first run (without --rm) left a container.
	[ "$(ls "$CTRKIT_STORE/containers" | wc -l)" -eq 1 ]
	run ctr-ps -aq
	[ "${#lines[@]}" -eq 1 ]
}

@test "ctr-run hello-world prints its message and exits 0, leaving an exited record" {
	run_split ctr-run hello-world
	assert_status 0
	assert_output_contains "Hello from ctrkit!"
	assert_output_contains "ns-clone gave it new namespaces"
	run ctr-ps -a -o IMAGE,STATUS
	assert_output_contains "hello-world"
	assert_output_contains "Exited (0)"
}

@test "the plain build (static tools, as make demo and the benchmark use it) runs the same chain" {
	# The suite runs the sanitizer build, which cannot be static; this is
	# the build users get (Makefile: DYNAMIC_TOOLS lists the exceptions).
	plain=$BATS_TEST_DIRNAME/../build/bin
	[ -x "$plain/ctr-run" ] || skip "no plain build in build/bin (make all)"
	for t in cg-create cg-limit cg-exec ns-clone rootfs-pivot ctr-create ctr-creds img-inspect; do
		run ldd "$plain/$t"
		assert_output_contains "not a dynamic executable"
	done
	PATH=$plain:$PATH run_split "$plain/ctr-run" --rm busybox sh -c 'echo "pid $$"; hostname'
	assert_status 0
	[ "${lines[0]}" = "pid 1" ]
	run ctr-ps -aq
	[ -z "$output" ]
}

# --- a terminal ------------------------------------------------------------

@test "-t without -i: the command's terminal is /dev/console inside and gets no input, as docker run -t" {
	# What is piped to ctr-run does not reach it: read times out.
	run_split ctr-run --rm -t busybox sh -c 'tty; [ -t 0 ] && echo stdin-tty; read -t 1 line; echo "read: ${line:-nothing}"' <<<typed
	assert_status 0
	[ "${lines[0]}" = $'/dev/console\r' ]
	[ "${lines[1]}" = $'stdin-tty\r' ]
	[ "${lines[2]}" = $'read: nothing\r' ]
}

@test "-d -t: a shell on a terminal nobody types into keeps running; its output is the log; ctr-exec and ctr-rm -f" {
	id=$(ctr-run -d -t --name dt busybox sh)
	ctr_wait_status dt running
	sleep 0.5
	[ "$(ctr_field dt State.Status)" = running ]
	run ctr-exec dt sh -c 'tty </proc/1/fd/0 || readlink /proc/1/fd/0'
	assert_status 0
	# busybox's shell greets its terminal; the greeting is in the log.
	run ctr-logs dt
	assert_output_contains "built-in shell"
	run ctr-rm -f dt
	assert_status 0
	[ -z "$(ctr-ps -aq)" ]
	[ -n "$id" ]
}

@test "ctr-run -it busybox sh answers typed commands on a pty of the caller's size, and exits with the shell's status" {
	run drive --rows 33 --cols 101 -- ctr-run --rm -it busybox sh <<'END'
expect # 
send stty size; echo h''i; [ -t 0 ] && [ -t 1 ] && echo tty-yes; tty; exit 3\r
expect 33 101
expect hi
expect tty-yes
expect /dev/console
END
	assert_status 0
	[ "${lines[0]}" = "status 3" ]
	[ "${lines[1]}" = "modes same" ]
}

# --- the image's config -----------------------------------------------------

@test "the image's Env, Entrypoint, Cmd, WorkingDir and User are honoured; HOME is the user's" {
	run_split ctr-run --rm --hostname box app:1
	assert_status 0
	[ "$output" = "hello blue 1000:1000 /srv/app /home/app box [one two]" ]
}

@test "-e, --env-file, -w, -u, --entrypoint and a command override the image as docker run does" {
	# A command replaces Cmd, not Entrypoint.
	run_split ctr-run --rm app:1 three four
	assert_status 0
	[[ "$output" == "hello blue 1000:1000 /srv/app /home/app "*" [three four]" ]]
	# -e replaces one variable and adds another; -w and -u replace the image's.
	run_split ctr-run --rm -e COLOR=red -e NEW=1 -w /tmp -u 0:50 app:1
	assert_status 0
	[[ "$output" == "hello red 0:50 /tmp /root "*" [one two]" ]]
	# --env-file: comments and blank lines skipped, KEY alone taken from here
	# (and left out when unset here), HOSTNAME from the file wins.
	printf '%s\n' '# a comment' '' 'GREETING=hi there' 'COLOR' 'UNSET_HERE' 'HOSTNAME=fromfile' >"$BATS_TEST_TMPDIR/env"
	unset UNSET_HERE
	COLOR=green run_split ctr-run --rm --env-file "$BATS_TEST_TMPDIR/env" app:1
	assert_status 0
	[ "$output" = "hi there green 1000:1000 /srv/app /home/app fromfile [one two]" ]
	run_split ctr-run --rm --env-file "$BATS_TEST_TMPDIR/env" --entrypoint env app:1
	assert_status 0
	refute grep -q '^UNSET_HERE' <<<"$output"
	# --entrypoint replaces Entrypoint and drops the image's Cmd, as Docker.
	run_split ctr-run --rm --entrypoint /bin/echo app:1
	assert_status 0
	[ "$output" = "" ]
	run_split ctr-run --rm --entrypoint /bin/echo app:1 x y
	assert_status 0
	[ "$output" = "x y" ]
	# The environment is the image's and ours only: nothing from the caller.
	SECRET=host run_split ctr-run --rm --entrypoint env -u 1234 app:1
	assert_status 0
	refute grep -q '^SECRET=' <<<"$output"
	grep -qx 'GREETING=hello' <<<"$output"
	grep -qx 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' <<<"$output"
	grep -qx 'HOME=/' <<<"$output" # a user without a passwd entry: runc's /
	# An unknown user is refused by ctr-creds, inside: 125.
	run_split ctr-run --rm -u nosuchuser app:1
	assert_status 125
	[[ "$stderr" == *"unknown user 'nosuchuser'"* ]]
}

@test "the command's status passes through: its own, 126, 127" {
	run ctr-run --rm busybox sh -c 'exit 42'
	assert_status 42
	run -127 ctr-run --rm busybox /no/such/command
	run ctr-run --rm busybox /etc/passwd
	assert_status 126
}

# --- isolation ---------------------------------------------------------------

@test "the container sees only its own processes: ps shows PID 1 and itself" {
	run_split ctr-run --rm busybox sh -c 'ps -o pid,args; exit 0'
	assert_status 0
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" =~ ^\ +1\ sh\ -c ]]
	[[ "${lines[2]}" =~ ^\ +[0-9]+\ \{?ps ]]
}

@test "its hostname is the short id, or --hostname; HOSTNAME says the same" {
	run_split ctr-run --name named busybox sh -c 'hostname; echo $HOSTNAME'
	assert_status 0
	local id
	id=$(ctr_field named Id)
	[ "${lines[0]}" = "${id:0:12}" ]
	[ "${lines[1]}" = "${id:0:12}" ]
	run_split ctr-run --rm --hostname box busybox sh -c 'hostname; echo $HOSTNAME'
	[ "$output" = "$(printf 'box\nbox')" ]
	[ "$(hostname)" != box ]
}

@test "--network none (CTRKIT_NETWORK=none here) gives only lo, and up" {
	run_split ctr-run --rm busybox sh -c 'ls /sys/class/net'
	assert_status 0
	[ "$output" = lo ]
	run_split ctr-run --rm --network none busybox ip -o link
	assert_status 0
	[ "${#lines[@]}" -eq 1 ]
	assert_output_contains ": lo: <LOOPBACK,UP,LOWER_UP>"
	# Docker's defaults for a namespace of its own: bind any port, any group pings.
	run_split ctr-run --rm -u 1000 busybox sh -c 'cat /proc/sys/net/ipv4/ip_unprivileged_port_start; nc -l -p 80 & sleep 0.3; netstat -ltn; kill $!'
	assert_status 0
	[ "${lines[0]}" = 0 ]
	assert_output_contains ":80 "
}

@test "root inside has exactly Docker's capabilities and no_new_privs; a user has none" {
	run_split ctr-run --rm busybox cat /proc/self/status
	assert_status 0
	[ "$(field CapBnd)" = $DOCKER_CAPS ]
	[ "$(field CapPrm)" = $DOCKER_CAPS ]
	[ "$(field CapEff)" = $DOCKER_CAPS ]
	[ "$(field CapInh)" = 0000000000000000 ]
	[ "$(field CapAmb)" = 0000000000000000 ]
	[ "$(field NoNewPrivs)" = 1 ]
	run_split ctr-run --rm -u nobody busybox cat /proc/self/status
	[ "$(field CapBnd)" = $DOCKER_CAPS ]
	[ "$(field CapEff)" = 0000000000000000 ]
	[ "$(field CapPrm)" = 0000000000000000 ]
	[ "$(field NoNewPrivs)" = 1 ]
}

@test "it cannot mount, load a module, or write /proc/sys or /proc/sysrq-trigger" {
	run_split ctr-run --rm busybox sh -c 'mkdir -p /mnt; mount -t tmpfs none /mnt; echo "mount $?"; mount --bind /bin /mnt; echo "bind $?"'
	assert_status 0
	grep -qx 'mount 1' <<<"$output" && grep -qx 'bind 1' <<<"$output"
	[[ "$stderr" == *"permission denied"* ]]
	# No CAP_SYS_MODULE (bit 16) anywhere: init_module(2) needs it.
	[ $((0x$DOCKER_CAPS >> 16 & 1)) -eq 0 ]
	if [ -e /proc/modules ]; then
		run_split ctr-run --rm busybox sh -c 'head -c 4096 /dev/zero >/tmp/x.ko; insmod /tmp/x.ko'
		refute assert_status 0 2>/dev/null
		[[ "$stderr" == *"Operation not permitted"* ]]
	fi
	# /proc/sys is read-only; the file exists on every kernel.
	run_split ctr-run --rm busybox sh -c 'echo 0 >/proc/sys/kernel/panic'
	assert_status 1
	[[ "$stderr" == *"Read-only file system"* ]]
	if [ -e /proc/sysrq-trigger ]; then # this kernel may lack CONFIG_MAGIC_SYSRQ
		run_split ctr-run --rm busybox sh -c 'echo h >/proc/sysrq-trigger'
		refute assert_status 0 2>/dev/null
	fi
	run_split ctr-run --rm busybox sh -c 'grep -E " /proc/sys(rq-trigger)? " /proc/self/mountinfo'
	[[ "$output" == *" /proc/sys ro,"* ]]
}

@test "it cannot see the host's files, and its directory in the store is root's alone" {
	local marker=/ctrkit-marker-$$-$BATS_TEST_NUMBER
	echo host >"$marker"
	run_split ctr-run --name peek busybox sh -c "ls $marker; ls /; cp /bin/busybox /suid; chmod u+s /suid"
	rm -f "$marker"
	assert_status 0
	[[ "$stderr" == *"$marker: No such file or directory"* ]]
	refute grep -qx "${marker#/}" <<<"$output"
	# The setuid file it wrote is in its upper layer: no other user of the
	# host may reach it (CVE-2021-41091).
	local dir
	dir=$CTRKIT_STORE/containers/$(ctr_field peek Id)
	[ -u "$dir/upper/suid" ]
	[ "$(stat -c %a "$dir")" = 700 ]
	refute setpriv --reuid=65534 --regid=65534 --clear-groups test -e "$dir/upper/suid"
}

@test "the host's /dev/null is still root:root 0666 after a run with a user and with a terminal" {
	run ctr-run --rm -u nobody busybox sh -c 'ls -l /dev/null; echo x >/dev/null'
	assert_status 0
	run drive -- ctr-run --rm -it -u 1000:1000 busybox sh -c 'echo done' </dev/null
	assert_status 0
	[ "$(stat -c '%U:%G %a' /dev/null)" = "root:root 666" ]
}

@test "device nodes made on its nodev mounts (/dev/shm, --tmpfs) cannot be opened" {
	# /dev/zero's numbers: opening it would succeed anywhere but nodev.
	run_split ctr-run --rm --tmpfs /scratch busybox sh -c '
		for d in /dev/shm /scratch; do
			mknod $d/zero c 1 5 && head -c 1 $d/zero >/dev/null 2>&1 && echo "$d: opened"
		done; exit 0'
	assert_status 0
	refute assert_output_contains opened 2>/dev/null
}

@test "it cannot open a host device through a node it makes (Docker's device cgroup)" {
	# A real block device of this machine: its node would open the disk.
	local dev
	dev=$(cat "$(ls -d /sys/block/*/dev | grep -v '/loop' | head -n 1)")
	[ -n "$dev" ] || skip "no block device here"
	run_split ctr-run --rm busybox sh -c "mknod /dev/disk b ${dev%:*} ${dev#*:}"
	assert_status 1
	[[ "$stderr" == *"Operation not permitted"* ]]
	# Nor through a node on the root, or as a character device.
	run_split ctr-run --rm busybox sh -c "mknod /disk b ${dev%:*} ${dev#*:} || mknod /mem c 1 1"
	assert_status 1
	[[ "$stderr" == *"Operation not permitted"* ]]
	# The nodes it is given still work: rootfs-pivot made them under the list.
	run_split ctr-run --rm busybox sh -c 'echo x >/dev/null && head -c 4 /dev/zero | wc -c && head -c 1 /dev/urandom | wc -c && ls /dev'
	assert_status 0
	[ "${lines[0]}" = 4 ] && [ "${lines[1]}" = 1 ]
	assert_output_contains "urandom"
}

@test "its cgroup has Docker's device allow-list, without mknod of other nodes" {
	run_split ctr-run -d --name devs busybox sleep 100
	assert_status 0
	local id
	id=$(ctr_field devs Id)
	run cg-limit "ctr-${id:0:12}"
	assert_status 0
	[[ "$output" == *"devices "*" container "* ]] || [[ "$output" == *"devices "*"bpf program"* ]]
	ctr-rm -f devs >/dev/null
}

# --- limits -----------------------------------------------------------------

@test "-m 32m OOM-kills a hog: exit 137, OOMKilled in ctr-inspect and ctr-ps" {
	run_split ctr-run --name hog -m 32m -v "$BATS_FILE_TMPDIR/load:/load:ro" busybox /load/memhog 256
	assert_status 137
	[ "$(ctr_field hog State.OOMKilled)" = true ]
	[ "$(ctr_field hog State.ExitCode)" = 137 ]
	run ctr-ps -a -o +OOM_KILLED
	assert_output_contains "Exited (137)"
	[[ "${lines[1]}" == *" yes" ]]
	# The same with room to spare is not.
	run_split ctr-run --name ok -m 64m -v "$BATS_FILE_TMPDIR/load:/load:ro" busybox /load/memhog 8
	assert_status 0
	[ "$(ctr_field ok State.OOMKilled)" = false ]
}

@test "--pids-limit caps a fork bomb" {
	run_split ctr-run --rm --pids-limit 10 -v "$BATS_FILE_TMPDIR/load:/load:ro" busybox /load/forkbomb 40 1
	assert_status 0
	[[ "$output" =~ ^forked\ ([0-9]+)\ refused\ ([0-9]+)$ ]]
	local forked=${BASH_REMATCH[1]} refused=${BASH_REMATCH[2]}
	# The bomb and the chain's ns-clone are in the group too.
	[ "$forked" -ge 1 ] && [ "$forked" -le 8 ]
	[ "$refused" -eq $((40 - forked)) ]
}

@test "--cpus, --cpuset-cpus, --pids-limit and -m are written to the cgroup (cg-limit shows them)" {
	ctr-run -d --name lim --cpus 0.5 --cpuset-cpus 0 --pids-limit 50 -m 64m busybox sleep 100 >/dev/null
	local g
	g=$(ctr_field lim Cgroup)
	run cg-limit "$g"
	assert_status 0
	[[ "$output" =~ cpus\ +0\.5\  ]]
	[[ "$output" =~ cpuset-cpus\ +0\  ]]
	[[ "$output" =~ pids\ +50\  ]]
	[[ "$output" =~ memory\ +64M\  ]] || [[ "$output" =~ memory\ +67108864\  ]]
	# The container is in the group.
	local pid
	pid=$(ctr_field lim State.Pid)
	grep -q "/ctrkit/$g\$" "/proc/$pid/cgroup"
}

@test "as docker's, -m 0, --cpus 0 and --pids-limit 0 or -1 set no limit" {
	ctr-run -d --name nolim -m 0 --cpus 0 --pids-limit -1 busybox sleep 100 >/dev/null
	local g
	g=$(ctr_field nolim Cgroup)
	run cg-limit "$g"
	assert_status 0
	[[ "$output" =~ memory\ +max\  ]]
	[[ "$output" =~ cpus\ +max\  ]]
	[[ "$output" =~ pids\ +max\  ]]
	run ctr-run --rm --pids-limit 0 busybox true
	assert_status 0
	# Zero however written, and any negative --pids-limit.
	run ctr-run --rm --cpus 0.000 -m 0m --pids-limit -5 busybox true
	assert_status 0
}

# --- the lifecycle -------------------------------------------------------------

@test "a detached container's whole life: ps, logs, pause, unpause, stop, rm" {
	run_split ctr-run -d --name web busybox sh -c 'while :; do echo tick; sleep 0.1; done'
	assert_status 0
	[[ "$output" =~ ^[0-9a-f]{64}$ ]]
	local id=$output dir g pid
	dir=$CTRKIT_STORE/containers/$id
	g=$(ctr_field web Cgroup)
	pid=$(ctr_field web State.Pid)
	[ "$(ctr_field web State.Status)" = running ]
	run ctr-ps
	assert_output_contains "Up "
	assert_output_contains web
	sleep 0.3
	run ctr-logs web
	assert_output_contains tick
	ctr-pause web
	[ "$(ctr_field web State.Status)" = paused ]
	ctr-unpause web
	[ "$(ctr_field web State.Status)" = running ]
	run ctr-stop -t 1 web
	assert_status 0
	[ "$(ctr_field web State.Status)" = exited ]
	[ "$(ctr_field web State.ExitCode)" = 137 ]
	[ -d "$dir/upper" ]
	run ctr-rm web
	assert_status 0
	run ctr-inspect web
	assert_status 125
	[ ! -e "$dir" ]
	[ -z "$(cg_dirs_of "$g")" ]
	refute kill -0 "$pid" 2>/dev/null
}

@test "--rm removes the record, the layer and the cgroup when the command ends" {
	run_split ctr-run --rm --name gone busybox sh -c 'echo bye; exit 4'
	assert_status 4
	[ "$output" = bye ]
	run ctr-inspect gone
	assert_status 125
	[ -z "$(ls -A "$CTRKIT_STATE/containers")" ]
	[ -z "$(ls -A "$CTRKIT_STORE/containers")" ]
	run_split ctr-run -d --rm --name gone2 busybox sleep 0.3
	assert_status 0
	local i
	for i in $(seq 50); do ctr-inspect gone2 >/dev/null 2>&1 || break; sleep 0.1; done
	run ctr-inspect gone2
	assert_status 125
	[ -z "$(ls -A "$CTRKIT_STORE/containers")" ]
}

@test "20 detached containers at once, then all removed: no mount, cgroup, directory or process left" {
	local i pids=() monitors=() groups=() jobs=()
	for i in $(seq 20); do
		ctr-run -d --name "c$i" busybox sleep 1000 >/dev/null &
		jobs+=($!)
	done
	started+=("${jobs[@]}")
	for i in "${jobs[@]}"; do wait "$i"; done
	for i in $(seq 20); do
		[ "$(ctr_field "c$i" State.Status)" = running ]
		pids+=("$(ctr_field "c$i" State.Pid)")
		monitors+=("$(ctr_field "c$i" MonitorPid)")
		groups+=("$(ctr_field "c$i" Cgroup)")
	done
	run ctr-ps -q
	[ "${#lines[@]}" -eq 20 ]
	[ "$(ls "$CTRKIT_STORE/containers" | wc -l)" -eq 20 ]

	# shellcheck disable=SC2046
	run ctr-rm -f $(ctr-ps -aq)
	assert_status 0
	[ "${#lines[@]}" -eq 20 ]
	[ -z "$(ls -A "$CTRKIT_STATE/containers")" ]
	[ -z "$(ls -A "$CTRKIT_STORE/containers")" ]
	[ -z "$(findmnt -rn -o TARGET | grep -e "^$CTRKIT_STORE/" -e "^$CTRKIT_STATE/")" ]
	local g p
	for g in "${groups[@]}"; do
		[ -z "$(cg_dirs_of "$g")" ] || { echo "left behind: $(cg_dirs_of "$g")" >&2; return 1; }
	done
	for p in "${pids[@]}"; do
		refute kill -0 "$p" 2>/dev/null
	done
	for p in "${monitors[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		refute kill -0 "$p" 2>/dev/null
	done
}

# --- --userns ----------------------------------------------------------------------

# --userns: the container's root is user 100000 outside, which must be able
# to reach its directory in the store: the test's temporary directories are
# 0700, so every one above the store (and above a volume) is made searchable.
@test "--userns: root inside is 100000 outside, the image's files are root's inside, writes land as 100000" {
	searchable_to_others "$CTRKIT_STORE"
	run_split ctr-run --name uns --userns busybox sh -c 'id -u; cat /proc/self/uid_map; stat -c %u:%g /bin/busybox; echo hi >/written'
	assert_status 0
	[ "${lines[0]}" = 0 ]
	[ "$(echo ${lines[1]})" = "0 100000 65536" ]
	[ "${lines[2]}" = 0:0 ]
	local dir
	dir=$CTRKIT_STORE/containers/$(ctr_field uns Id)
	[ "$(stat -c %u:%g "$dir/upper/written")" = 100000:100000 ]
	[ "$(cat "$dir/upper/written")" = hi ]
	[ "$(stat -c %a "$dir")" = 700 ]
	# The shared layers are never chowned.
	local layer
	for layer in "$CTRKIT_STORE"/layers/*/; do
		[ "$(stat -c %u "$layer")" = 0 ]
	done
	[ "$(stat -c %u "$(find "$CTRKIT_STORE/layers" -name busybox -type f | head -1)")" = 0 ]
}

@test "--userns: a host root's 0600 file bound in with -v cannot be read" {
	searchable_to_others "$CTRKIT_STORE"
	local vol=$BATS_TEST_TMPDIR/uvol
	mkdir -p "$vol"
	searchable_to_others "$vol"
	echo secret >"$vol/secret" && chmod 600 "$vol/secret"
	echo open >"$vol/open" && chmod 644 "$vol/open"
	run_split ctr-run --rm --userns -v "$vol:/vol" busybox sh -c 'cat /vol/open; cat /vol/secret'
	assert_status 1
	[ "$output" = open ]
	[[ "$stderr" == *"/vol/secret"*"Permission denied"* ]]
}

@test "--userns with --read-only and -m; ctr-exec runs as its root; nothing left after ctr-rm" {
	searchable_to_others "$CTRKIT_STORE"
	ctr-run -d --name unsd --userns --read-only -m 64m busybox sleep 1000 >/dev/null
	local g pid id
	g=$(ctr_field unsd Cgroup)
	pid=$(ctr_field unsd State.Pid)
	id=$(ctr_field unsd Id)
	run cg-limit "$g"
	assert_status 0
	[[ "$output" =~ memory\ +64M\  ]] || [[ "$output" =~ memory\ +67108864\  ]]
	[ "$(echo $(cat "/proc/$pid/uid_map"))" = "0 100000 65536" ]
	run_split ctr-exec unsd sh -c 'id -u; cat /proc/self/uid_map; echo no >/no'
	assert_status 1
	[ "${lines[0]}" = 0 ]
	[ "$(echo ${lines[1]})" = "0 100000 65536" ]
	[[ "$stderr" == *"/no: Read-only file system"* ]]
	run ctr-rm -f unsd
	assert_status 0
	[ ! -e "$CTRKIT_STORE/containers/$id" ]
	[ -z "$(ls -A "$CTRKIT_STATE/containers")" ]
	[ -z "$(findmnt -rn -o TARGET | grep -e "^$CTRKIT_STORE/" -e "^$CTRKIT_STATE/")" ]
	[ -z "$(cg_dirs_of "$g")" ]
	refute kill -0 "$pid" 2>/dev/null
}

# --- options ---------------------------------------------------------------------

@test "--network host sees the host's links" {
	run_split ctr-run --rm --network host busybox ls /sys/class/net
	assert_status 0
	[ "$(echo "$output" | sort)" = "$(ls /sys/class/net | sort)" ]
	run_split ctr-run --rm --network host busybox readlink /proc/self/ns/net
	[ "$output" = "$(readlink /proc/self/ns/net)" ]
}

@test "--network container:NAME shares NAME's network namespace" {
	ctr-run -d --name netowner busybox sleep 100 >/dev/null
	local pid
	pid=$(ctr_field netowner State.Pid)
	run_split ctr-run --rm --network container:netowner busybox readlink /proc/self/ns/net
	assert_status 0
	[ "$output" = "$(readlink "/proc/$pid/ns/net")" ]
	[ "$output" != "$(readlink /proc/self/ns/net)" ]
	# Its other namespaces are its own.
	run_split ctr-run --rm --network container:netowner busybox readlink /proc/self/ns/uts
	[ "$output" != "$(readlink "/proc/$pid/ns/uts")" ]
	run_split ctr-run --rm --network container:nosuch busybox true
	assert_status 125
	[[ "$stderr" == *"container nosuch is not running"* ]]
}

@test "-v SRC:DST and SRC:DST:ro, --tmpfs and --read-only" {
	local vol=$BATS_TEST_TMPDIR/vol
	mkdir -p "$vol" && echo data >"$vol/in"
	run_split ctr-run --rm -v "$vol:/data" -v "$vol:/ro:ro" busybox sh -c 'cat /data/in; echo out >/data/out; echo no >/ro/no'
	assert_status 1
	[ "$output" = data ]
	[ "$(cat "$vol/out")" = out ]
	[ ! -e "$vol/no" ]
	[[ "$stderr" == *"Read-only file system"* ]]
	run_split ctr-run --rm --read-only --tmpfs /scratch busybox sh -c 'echo ok >/scratch/f && cat /scratch/f; echo no >/etc/no'
	assert_status 1
	[ "$output" = ok ]
	[[ "$stderr" == *"/etc/no: Read-only file system"* ]]
}

@test "-v makes a missing source directory and takes ./, as docker's; named and anonymous volumes and a relative -w are refused" {
	local src=$BATS_TEST_TMPDIR/new/dir
	run_split ctr-run --rm -v "$src:/data" busybox sh -c 'echo hi >/data/f'
	assert_status 0
	[ "$(cat "$src/f")" = hi ]
	# A source from here, as docker's CLI takes ./ and ../
	(cd "$BATS_TEST_TMPDIR/new" && ctr-run --rm -v ./dir:/data busybox cat /data/f) >"$BATS_TEST_TMPDIR/out"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = hi ]
	run_split ctr-run --rm -v new/dir:/data busybox true
	assert_status 125
	[[ "$stderr" == *"must be an absolute path, or start with ./"* ]]
	run_split ctr-run --rm -v myvol:/data busybox true
	assert_status 125
	[[ "$stderr" == *"named volumes are not supported"* ]]
	run_split ctr-run --rm -v /data busybox true
	assert_status 125
	[[ "$stderr" == *"anonymous volumes"*"--tmpfs /data"* ]]
	run_split ctr-run --rm -w relative busybox true
	assert_status 125
	[[ "$stderr" == *"must be an absolute path"* ]]
	[ -z "$(ctr-ps -aq)" ]
}

@test "--tmpfs is noexec, nosuid and nodev, as docker's, unless DST:OPTIONS says otherwise" {
	run_split ctr-run --rm --tmpfs /scratch busybox sh -c 'cp /bin/busybox /scratch/sh && /scratch/sh -c "echo ran"'
	assert_status 126
	[[ "$stderr" == *"/scratch/sh: Permission denied"* ]]
	run_split ctr-run --rm --tmpfs /scratch:exec,size=2m,mode=1777 busybox sh -c \
		'cp /bin/busybox /scratch/sh && /scratch/sh -c "echo ran"; grep " /scratch " /proc/self/mountinfo; stat -c %a /scratch'
	assert_status 0
	[ "${lines[0]}" = ran ]
	[[ "${lines[1]}" == *" rw,nosuid,nodev,relatime "* || "${lines[1]}" == *" rw,nosuid,nodev "* ]]
	[[ "${lines[1]}" == *"size=2048k"* ]]
	[ "${lines[2]}" = 1777 ]
}

@test "--cap-add and --cap-drop change the mask" {
	run_split ctr-run --rm --cap-drop chown --cap-add SYS_ADMIN busybox cat /proc/self/status
	assert_status 0
	# CHOWN is bit 0, SYS_ADMIN bit 21.
	local want
	want=$(printf '%016x' $(((0x$DOCKER_CAPS & ~1) | 1 << 21)))
	[ "$(field CapBnd)" = "$want" ] && [ "$(field CapEff)" = "$want" ]
	run_split ctr-run --rm --cap-drop ALL busybox sh -c 'grep CapEff /proc/self/status; chown 1 /tmp'
	[ "$(field CapEff)" = 0000000000000000 ]
	refute assert_status 0 2>/dev/null
	run_split ctr-run --rm --cap-add NO_SUCH busybox true
	assert_status 125
}

@test "--explain prints each tool's trace, in the order of the chain" {
	run_split ctr-run --rm --explain busybox true
	assert_status 0
	[[ "$stderr" == *"+ ctr-create "*"+ mkdir /sys/fs/cgroup/"*"+ clone(CLONE_NEW"*"+ pivot_root("*"+ capset("* ]]
	[[ "$stderr" == *"prctl(PR_SET_NO_NEW_PRIVS, 1)"* ]]
}

@test "--timings prints one 'timing: STEP N us' line per step" {
	run_split ctr-run --rm --timings busybox true
	assert_status 0
	local steps
	steps=$(grep -E '^timing: [a-z-]+ [0-9]+ us$' <<<"$stderr" | awk '{ print $2 }' | tr '\n' ' ')
	[ "$steps" = "image create cgroup ctr-run ctr-monitor cg-exec ns-clone rootfs-pivot ctr-creds " ]
}

@test "an unknown image is refused with 125 and a hint, and nothing is made" {
	run_split ctr-run nosuchimage
	assert_status 125
	[[ "$stderr" == *"no image docker.io/library/nosuchimage:latest"*"img-import"* ]]
	[ -z "$(ls -A "$CTRKIT_STATE/containers" 2>/dev/null)" ]
}

@test "bad options are refused with 125 and a clear error: unknown option, --network, -p without the bridge" {
	run_split ctr-run --bogus busybox true
	assert_status 125
	[[ "$stderr" == *"unknown option --bogus"*"ctr-run --help"* ]]
	run_split ctr-run --network wifi busybox true
	assert_status 125
	[[ "$stderr" == *"expected bridge, none, host or container:NAME"* ]]
	run_split ctr-run --network none -p 8080:80 busybox true
	assert_status 125
	[[ "$stderr" == *"-p needs --network bridge"* ]]
	run_split ctr-run --name
	assert_status 125
	[[ "$stderr" == *"option --name needs a value"* ]]
	[ -z "$(ls -A "$CTRKIT_STATE/containers" 2>/dev/null)" ]
}

@test "a bad --memory is 125, and leaves no record, cgroup or directory" {
	run_split ctr-run --name bad -m lots busybox true
	assert_status 125
	[[ "$stderr" == *"bad --memory 'lots'"* ]]
	run ctr-inspect bad
	assert_status 125
	[ -z "$(ls -A "$CTRKIT_STATE/containers")" ]
	[ -z "$(ls -A "$CTRKIT_STORE/containers")" ]
	# The error names the container: its group is gone too.
	[[ "$stderr" =~ container\ ([0-9a-f]{64}) ]]
	[ -z "$(cg_dirs_of "ctr-${BASH_REMATCH[1]:0:12}")" ]
}

@test "ctr-run --help documents every option and exits 0" {
	run ctr-run --help
	assert_status 0
	[[ "${lines[0]}" == "Usage: ctr-run "* ]]
	local opt
	for opt in --name --rm --detach --interactive --tty --env --env-file --workdir --user --hostname \
		--volume --tmpfs --read-only --memory --cpus --pids-limit --cpuset-cpus --network --publish \
		--userns --cap-add --cap-drop --entrypoint --explain --timings --help --version; do
		assert_output_contains -- "$opt"
	done
	run ctr-run --version
	assert_status 0
	[[ "$output" == "ctr-run (ctrkit) "* ]]
}
