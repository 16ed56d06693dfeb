# Lesson 8's exercise, checked by `lessons/check 8` (sourced: it calls ok
# and not_yet). It only reads what is there: the only packets it sends are
# one ping and two page requests, all inside the learner's own namespaces.
# shellcheck shell=sh
lab=${CTRKIT_NET_LAB:-/run/ctrkit-net-lab}
host=$lab/host/net
web=$lab/web/net

# Run a command in the network namespace kept in file $1.
in_ns() {
	ns=$1
	shift
	ns-enter --net="$ns" -- "$@" 2>/dev/null
}

# 1. the lab: a private tmpfs of its own
if [ -d "$lab" ] && [ "$(stat -f -c %T "$lab" 2>/dev/null)" = tmpfs ] &&
	grep -q " $lab .* - " /proc/self/mountinfo &&
	! grep " $lab " /proc/self/mountinfo | grep -q 'shared:'; then
	ok "$lab is a private tmpfs mount"
else
	not_yet "$lab is not a private tmpfs mount of its own" \
		"mkdir -p $lab && mount -t tmpfs lab $lab && mount --make-private $lab"
fi

# 2. the host namespace and its bridge
host_ok=
if [ ! -e "$host" ]; then
	not_yet "there is no $host" "mkdir $lab/host && ns-clone -n --persist $lab/host -- true"
elif ! in_ns "$host" true; then
	not_yet "$host is not a network namespace file" "keep one there with ns-clone -n --persist $lab/host -- true"
elif [ "$(ns_id "$host")" = "$(ns_id /proc/self/ns/net)" ]; then
	not_yet "$host is this shell's own network namespace" "keep a new one: ns-clone -n --persist $lab/host -- true"
elif ! in_ns "$host" ip -o link show type bridge | grep -q '^[0-9]*: ctrkit0:'; then
	not_yet "there is no bridge ctrkit0 in $host" \
		"ns-enter --net=$host net-bridge --address 10.88.0.1/16 ctrkit0"
elif ! in_ns "$host" ip -o -4 addr show dev ctrkit0 | grep -q ' inet 10\.88\.0\.1/16 '; then
	not_yet "ctrkit0 in $host does not have the address 10.88.0.1/16" \
		"ns-enter --net=$host net-bridge --address 10.88.0.1/16 ctrkit0 (adds it to a bridge that lacks it)"
elif ! in_ns "$host" ip -o link show dev ctrkit0 | grep -q '<[^>]*\bUP\b'; then
	not_yet "ctrkit0 in $host is down" "ns-enter --net=$host ip link set ctrkit0 up"
else
	ok "$host keeps a namespace whose bridge ctrkit0 is up, with 10.88.0.1/16"
	host_ok=1
fi

# 3. the container's namespace, plugged in
web_ok=
if [ ! -e "$web" ]; then
	not_yet "there is no $web" "mkdir $lab/web && ns-clone -n --persist $lab/web -- true"
elif ! in_ns "$web" true; then
	not_yet "$web is not a network namespace file" "keep one there with ns-clone -n --persist $lab/web -- true"
elif [ "$(ns_id "$web")" = "$(ns_id /proc/self/ns/net)" ] || [ "$(ns_id "$web")" = "$(ns_id "$host")" ]; then
	not_yet "$web is not a namespace of its own" "keep a new one: ns-clone -n --persist $lab/web -- true"
elif ! in_ns "$web" ip -o -4 addr show dev eth0 | grep -q ' inet 10\.88\.0\.2/16 '; then
	not_yet "$web has no eth0 with the address 10.88.0.2/16" \
		"ns-enter --net=$host net-veth --netns $web --bridge ctrkit0 --owner web --address 10.88.0.2/16 --gateway 10.88.0.1"
elif ! in_ns "$web" ip route show default | grep -q 'via 10\.88\.0\.1 dev eth0'; then
	not_yet "$web has no default route via 10.88.0.1" \
		"ns-enter --net=$web ip route add default via 10.88.0.1 dev eth0 (net-veth --gateway does it)"
elif [ -z "$host_ok" ]; then
	not_yet "$web has eth0 10.88.0.2/16, but the host's bridge is not ready yet" "see the hint above"
elif ! in_ns "$host" busybox ping -c 1 -W 2 10.88.0.2 >/dev/null; then
	not_yet "the host namespace cannot ping 10.88.0.2" \
		"is web's eth0 the peer of a veth plugged into ctrkit0, and up? ns-enter --net=$host ip -br link"
else
	ok "$web keeps a namespace plugged into ctrkit0: eth0 10.88.0.2/16, default via 10.88.0.1"
	web_ok=1
fi

# 4. a page served in web
page=
if [ -n "$web_ok" ]; then
	page=$(in_ns "$web" timeout 5 busybox wget -q -O - http://127.0.0.1/) || page=
fi
if [ -n "$page" ]; then
	ok "a server in web answers on port 80"
else
	not_yet "nothing in web serves a page on port 80" \
		"mkdir -p $lab/www && echo hello >$lab/www/index.html && ns-enter --net=$web -- busybox httpd -f -p 80 -h $lab/www &"
fi

# 5. the published port
if [ -n "$page" ] && [ "$(in_ns "$host" timeout 5 busybox wget -q -O - http://10.88.0.1:8080/)" = "$page" ]; then
	ok "port 8080 of the host namespace leads to web's page"
else
	not_yet "port 8080 of the host namespace does not lead to web's page" \
		"CTRKIT_STATE=$lab/state ns-enter --net=$host net-port add --owner web --to 10.88.0.2 8080:80"
fi
