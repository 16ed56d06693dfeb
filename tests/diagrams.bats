#!/usr/bin/env bats
# The lessons' diagrams: each lessons/NN-topic/NAME.dot is a Graphviz source
# that `make diagrams` renders to NAME.svg beside it (the .svg files are
# build output, not committed). A source that draws with warnings, a lesson
# that shows a picture no source makes, or a source no lesson shows fails
# here.

load helpers

setup() {
	lessons=$(cd "$BATS_TEST_DIRNAME/../lessons" && pwd)
}

@test "every lessons/*/*.dot renders with dot -Tsvg, without a warning" {
	command -v dot >/dev/null || {
		echo "dot not found: graphviz is installed by make deps (scripts/install-deps)"
		false
	}
	local dot n=0
	for dot in "$lessons"/*/*.dot; do
		[ -f "$dot" ] || continue
		n=$((n + 1))
		run --separate-stderr dot -Tsvg -o "$BATS_TEST_TMPDIR/out.svg" "$dot"
		if [ "$status" -ne 0 ] || [ -n "$stderr" ]; then
			printf '%s: status %s, stderr:\n%s\n' "${dot#"$lessons"/}" "$status" "$stderr"
			false
		fi
		grep -q '<svg' "$BATS_TEST_TMPDIR/out.svg" || {
			echo "${dot#"$lessons"/}: no SVG came out"
			false
		}
	done
	# The lessons have diagrams: a glob that matched nothing is a failure.
	[ "$n" -ge 3 ] || {
		echo "found $n diagram sources under lessons/, expected at least 3"
		false
	}
}

@test "every .svg a lesson shows has its .dot source beside it" {
	local md ref svg
	for md in "$lessons"/*/README.md "$lessons"/*/README.zh.md; do
		[ -f "$md" ] || continue
		# Markdown links and images: ](PATH.svg) or ](PATH.svg "title").
		while read -r ref; do
			svg=${ref#](}
			svg=${svg%)}
			svg=${svg%% *}
			case $svg in
			*://*) continue ;; # not a file of ours
			esac
			[ -f "$(dirname "$md")/${svg%.svg}.dot" ] || {
				echo "${md#"$lessons"/} shows $svg, but ${svg%.svg}.dot is not beside it"
				false
			}
		done < <(grep -oE '\]\([^)]*\.svg( "[^"]*")?\)' "$md")
	done
}

@test "every lessons/*/*.dot is shown by its lesson" {
	local dot name
	for dot in "$lessons"/*/*.dot; do
		[ -f "$dot" ] || continue
		name=$(basename "$dot" .dot)
		grep -qF "]($name.svg)" "$(dirname "$dot")/README.md" || {
			echo "${dot#"$lessons"/}: its README.md does not show $name.svg"
			false
		}
	done
}
