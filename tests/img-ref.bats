#!/usr/bin/env bats
# img-ref: references mean what they mean to docker (the rules themselves
# are unit-tested in tests/unit/imgref-test.c; here, the tool).

load helpers

HEX64=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

@test "img-ref prints the normalised reference, one per line" {
	run img-ref busybox mysql/mysql-server:8.0 host:5000/x index.docker.io/library/debian:12
	assert_status 0
	[ "${lines[0]}" = docker.io/library/busybox:latest ]
	[ "${lines[1]}" = docker.io/mysql/mysql-server:8.0 ]
	[ "${lines[2]}" = host:5000/x:latest ]
	[ "${lines[3]}" = docker.io/library/debian:12 ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "img-ref adds no tag to a reference by digest" {
	run img-ref "quay.io/org/app@sha256:$HEX64"
	assert_status 0
	[ "$output" = "quay.io/org/app@sha256:$HEX64" ]
}

@test "img-ref --familiar prints the short form docker shows" {
	run img-ref -f docker.io/library/busybox:1.36 docker.io/mysql/mysql-server quay.io/a/b:1
	assert_status 0
	[ "${lines[0]}" = busybox:1.36 ]
	[ "${lines[1]}" = mysql/mysql-server:latest ]
	[ "${lines[2]}" = quay.io/a/b:1 ]
}

@test "img-ref --parts shows registry, repository, tag and digest" {
	run img-ref -p localhost:5000/team/app:v2
	assert_status 0
	[[ "${lines[0]}" =~ ^REFERENCE\ +REGISTRY\ +REPOSITORY\ +TAG\ +DIGEST ]]
	[[ "${lines[1]}" =~ ^localhost:5000/team/app:v2\ +localhost:5000\ +team/app\ +v2 ]]
}

@test "img-ref -o picks columns; -n drops the header; -r is for scripts" {
	run img-ref -o REGISTRY,TAG -n -r busybox
	assert_status 0
	[ "$output" = "docker.io latest" ]
}

@test "img-ref --json gives every part, null where there is none" {
	run img-ref -J "debian:12" "busybox@sha256:$HEX64"
	assert_status 0
	[ "$(jq -r '.references[0].registry' <<<"$output")" = docker.io ]
	[ "$(jq -r '.references[0].repository' <<<"$output")" = library/debian ]
	[ "$(jq -r '.references[0].familiar' <<<"$output")" = debian:12 ]
	[ "$(jq '.references[0].digest' <<<"$output")" = null ]
	[ "$(jq '.references[1].tag' <<<"$output")" = null ]
	[ "$(jq -r '.references[1].digest' <<<"$output")" = "sha256:$HEX64" ]
}

@test "img-ref names each bad reference and why, prints the good ones, exits 125" {
	run --separate-stderr img-ref Busybox busybox a//b "x@sha256:abc" "$HEX64"
	assert_status 125
	[ "$output" = docker.io/library/busybox:latest ]
	[[ "$stderr" == *"image reference Busybox: the repository name must be lowercase"* ]]
	[[ "$stderr" == *"image reference a//b: bad repository name part"* ]]
	[[ "$stderr" == *"a sha256 digest is 64 lower-case hex digits"* ]]
	[[ "$stderr" == *"a 64-hex string is an image ID, not a reference"* ]]
}

@test "img-ref with no reference or an unknown option is a usage error" {
	run img-ref
	assert_status 125
	assert_output_contains "no image reference given"
	run img-ref --bogus busybox
	assert_status 125
	run img-ref -o SIZE busybox
	assert_status 125
	assert_output_contains REGISTRY
}

@test "img-ref --help is its documentation, --version its version" {
	run img-ref --help
	assert_status 0
	[[ "${lines[0]}" == "Usage: img-ref "* ]]
	for opt in --parts --output --familiar --noheadings --raw --json --explain --version; do
		assert_output_contains "$opt"
	done
	run img-ref --version
	assert_status 0
	assert_output_contains "img-ref"
}
