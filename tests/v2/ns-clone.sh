#!/bin/sh
# ns-clone on a kernel with cgroup v2 alone: the namespaces are made, the
# command's exit status comes back, and a new cgroup namespace is rooted at
# the command's own v2 cgroup (/proc/self/cgroup reads "0::/").
# shellcheck source-path=SCRIPTDIR source=helpers
. "${0%/*}/helpers"

check_eq "ns-clone -p makes the command PID 1" \
	1 "$(ns-clone -pm --mount-proc -- sh -c 'echo $$' 2>&1)"

check_eq "ns-clone --hostname sets the hostname in the new UTS namespace" \
	box "$(ns-clone -u --hostname box -- hostname 2>&1)"
check_eq "ns-clone --hostname leaves the guest's own hostname alone" \
	ctrkit-vm "$(hostname)"

ns-clone -p -- sh -c 'exit 7'
check_eq "ns-clone exits with the command's own status" 7 "$?"
# Not with -p: the init of a pid namespace cannot be SIGKILLed from inside
# it (pid_namespaces(7)), so `kill -9 $$` there would do nothing.
ns-clone -u -- sh -c 'kill -9 $$'
check_eq "ns-clone exits 128+9 when the command is killed by SIGKILL" 137 "$?"
ns-clone -- /nonexistent/command 2>/dev/null
check_eq "ns-clone exits 127 when the command is not found" 127 "$?"

# Under v2 a process has one cgroup, shown as "0::PATH"; a new cgroup
# namespace makes the cgroup the command starts in its "/".
mkdir "$CG/v2-ns-clone"
check_eq "without -C the command sees its cgroup's full path" \
	"0::/v2-ns-clone" "$(in_cgroup "$CG/v2-ns-clone" ns-clone -- cat /proc/self/cgroup 2>&1)"
check_eq "ns-clone -C roots the cgroup namespace at the command's cgroup" \
	"0::/" "$(in_cgroup "$CG/v2-ns-clone" ns-clone -C -- cat /proc/self/cgroup 2>&1)"
rmdir "$CG/v2-ns-clone"

done_testing
