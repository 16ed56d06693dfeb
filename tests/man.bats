#!/usr/bin/env bats
# Every tool's man page: installed by `make install`, in step with --help.

load helpers

setup_file() {
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	export top
	export DEST=$BATS_FILE_TMPDIR/root
	make -s -C "$top" install DESTDIR="$DEST" PREFIX=/usr >"$BATS_FILE_TMPDIR/install.log" 2>&1
}

tools() {
	find "$top/tools" -maxdepth 1 -type f | sed 's|.*/||; s|\.c$||' | sort
}

@test "make install puts every tool and its man page under DESTDIR/PREFIX" {
	local t
	for t in $(tools); do
		[ -x "$DEST/usr/bin/$t" ] || { echo "missing binary $t" >&2; return 1; }
		[ -f "$DEST/usr/share/man/man1/$t.1" ] || { echo "missing man page $t.1" >&2; return 1; }
	done
}

@test "man finds each installed page by the tool's name" {
	local t
	for t in $(tools); do
		run man -M "$DEST/usr/share/man" -P cat "$t"
		assert_status 0
		assert_output_contains "$t"
	done
}

@test "each man page documents every option its --help lists" {
	local t opt page
	for t in $(tools); do
		page=$(MANWIDTH=200 man -l -P cat "$DEST/usr/share/man/man1/$t.1" 2>/dev/null)
		for opt in $("$DEST/usr/bin/$t" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
			[[ "$page" == *"$opt"* ]] || { echo "$t.1 lacks $opt" >&2; return 1; }
		done
	done
}
