# shellcheck shell=bash
# timing.sh — shared by the benchmark scripts: time commands in one run.
# Source it from bash: . "$(dirname "$0")/timing.sh"

# mean_us N CMD...: run CMD N times; print the mean wall time in microseconds.
mean_us() {
	local n=$1 i start end
	shift
	# bash's clock, in microseconds: no date(1) to fork, and none needed
	# in the cgroup-v2 VM, whose busybox date has no %N.
	start=${EPOCHREALTIME/./}
	for ((i = 0; i < n; i++)); do
		"$@" >/dev/null 2>&1 </dev/null
	done
	end=${EPOCHREALTIME/./}
	echo $(((end - start) / n))
}

# compare LABEL N OURS... vs THEIRS...: time both, interleaved over five rounds so
# that a noisy neighbour hits both alike; print the means and the ratio.
compare() {
	local label=$1 n=$2 ours=() theirs=() a=0 b=0
	shift 2
	while [ "$1" != vs ]; do ours+=("$1"); shift; done
	shift
	theirs=("$@")
	"${ours[@]}" >/dev/null 2>&1 || { echo "$label: failed: ${ours[*]}" >&2; return 1; }
	"${theirs[@]}" >/dev/null 2>&1 || { echo "$label: failed: ${theirs[*]}" >&2; return 1; }
	for _ in 1 2 3 4 5; do
		a=$((a + $(mean_us "$((n / 5))" "${ours[@]}")))
		b=$((b + $(mean_us "$((n / 5))" "${theirs[@]}")))
	done
	a=$((a / 5)) b=$((b / 5))
	printf '%-34s %8d us  %8d us  %s\n' "$label" "$a" "$b" \
		"$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
}

compare_header() {
	printf '%-34s %11s  %11s  %s\n' "" "ctrkit" "$1" "ratio (lower is better)"
}
