# Lesson 10's exercise, checked by `lessons/check 10` (sourced: it calls ok
# and not_yet). It only reads the layout: nothing is unpacked or written.
# shellcheck shell=sh
lab=${CTRKIT_IMAGE_LAB:-/run/ctrkit-image-lab}
blobs=$lab/blobs/sha256

# The hex digits of a digest "sha256:HEX", if that is what $1 is.
hex_of() {
	case $1 in
	sha256:*) printf '%s\n' "${1#sha256:}" | grep -x '[0-9a-f]\{64\}' ;;
	*) return 1 ;;
	esac
}

# The uncompressed tar of blob HEX: gzip, zstd or plain, by its first bytes.
layer_tar() {
	case $(head -c 4 "$blobs/$1" | od -An -tx1 | tr -d ' \n') in
	1f8b*) gzip -dc <"$blobs/$1" ;;
	28b52ffd) zstd -dc <"$blobs/$1" ;;
	*) cat "$blobs/$1" ;;
	esac
}

# The names in the tar of blob HEX, one a line, without ./ or a last /.
layer_names() {
	layer_tar "$1" | tar -tf - 2>/dev/null | sed -e 's|^\./||' -e 's|^/*||' -e 's|/$||' | grep -v '^\.\{0,1\}$'
}

# 1. the layout's two fixed files
manifest='' config='' layers=''
if [ ! -d "$lab" ]; then
	not_yet "there is no directory $lab" "mkdir -p $lab/blobs/sha256 (steps 3 to 5 fill it)"
elif [ "$(jq -r '.imageLayoutVersion' "$lab/oci-layout" 2>/dev/null)" != 1.0.0 ]; then
	not_yet "$lab/oci-layout is missing or not {\"imageLayoutVersion\": \"1.0.0\"}" \
		"echo '{\"imageLayoutVersion\": \"1.0.0\"}' >$lab/oci-layout"
elif ! manifest=$(hex_of "$(jq -r '.manifests[0].digest' "$lab/index.json" 2>/dev/null)"); then
	not_yet "$lab/index.json does not name a manifest" \
		"write it as step 5 does: {\"schemaVersion\": 2, \"manifests\": [{\"mediaType\": ..., \"digest\": \"sha256:...\", \"size\": ...}]}"
else
	ok "$lab has oci-layout, and index.json names a manifest"
fi

# 2. every blob under its own sha256
if [ -d "$blobs" ] && [ -n "$(ls -A "$blobs")" ]; then
	bad=
	for f in "$blobs"/*; do
		[ "$(sha256sum <"$f" | cut -d' ' -f1)" = "${f##*/}" ] || bad="$bad ${f##*/}"
	done
	if [ -z "$bad" ]; then
		ok "every file in blobs/sha256 is named by its sha256"
	else
		not_yet "these blobs are not named by their sha256:$bad" \
			"store each as blobs/sha256/\$(sha256sum <FILE | cut -d' ' -f1), and name it so in the JSON that points at it"
	fi
else
	not_yet "there are no blobs in $blobs" "store the layers, the config and the manifest there (step 3's blob function)"
fi

# 3. the manifest: a config and two layers, each there with its size
if [ -n "$manifest" ] && [ -f "$blobs/$manifest" ]; then
	m=$blobs/$manifest
	config=$(hex_of "$(jq -r '.config.digest' "$m" 2>/dev/null)") || config=
	layers=$(jq -r '.layers[]?.digest' "$m" 2>/dev/null)
	absent=
	for d in $(jq -r '.config, .layers[]? | "\(.digest)=\(.size)"' "$m" 2>/dev/null); do
		h=$(hex_of "${d%=*}") && [ -f "$blobs/$h" ] && [ "$(stat -c %s "$blobs/$h")" = "${d#*=}" ] ||
			absent="$absent ${d%=*}"
	done
	if [ -z "$config" ]; then
		not_yet "the manifest names no config" "its \"config\" is {\"mediaType\": ..., \"digest\": \"sha256:...\", \"size\": ...}"
		layers=
	elif [ "$(printf '%s\n' "$layers" | grep -c .)" -ne 2 ]; then
		not_yet "the manifest has $(printf '%s\n' "$layers" | grep -c .) layers, not 2" "list both layer blobs in its \"layers\", lowest first"
		layers=
	elif [ -n "$absent" ]; then
		not_yet "these blobs the manifest names are missing or not of the size it says:$absent" \
			"the size is the blob's own, in bytes: stat -c %s FILE"
		layers=
	else
		ok "the manifest names a config and two layers, each there with its size"
	fi
elif [ -n "$manifest" ]; then
	not_yet "index.json names the manifest sha256:$manifest, which is not in blobs/sha256" "store the manifest as a blob too"
else
	not_yet "there is no manifest yet" "step 5 writes one"
fi

# 4. the config's diff_ids: the uncompressed tars
if [ -n "$layers" ]; then
	i=0 wrong=
	for l in $layers; do
		want=$(jq -r ".rootfs.diff_ids[$i]" "$blobs/$config" 2>/dev/null)
		got=sha256:$(layer_tar "$(hex_of "$l")" | sha256sum | cut -d' ' -f1)
		[ "$want" = "$got" ] || wrong="$wrong $i"
		i=$((i + 1))
	done
	if [ "$(jq -r '.rootfs.diff_ids | length' "$blobs/$config" 2>/dev/null)" != 2 ]; then
		not_yet "the config's rootfs.diff_ids does not list two layers" \
			"\"rootfs\": {\"type\": \"layers\", \"diff_ids\": [\"sha256:...\", \"sha256:...\"]}"
	elif [ -n "$wrong" ]; then
		not_yet "diff_ids[${wrong# }] is not the sha256 of that layer's uncompressed tar" \
			"a diff_id is sha256sum of the .tar before gzip, in the manifest's layer order"
	else
		ok "the config's diff_ids are the sha256 of the two uncompressed tars, in order"
	fi
else
	not_yet "the config's diff_ids cannot be checked before the manifest is right" "see the hints above"
fi

# 5. layer 2 whites out a file of layer 1
if [ -n "$layers" ]; then
	l1=$(hex_of "$(printf '%s\n' "$layers" | sed -n 1p)")
	l2=$(hex_of "$(printf '%s\n' "$layers" | sed -n 2p)")
	found=
	for w in $(layer_names "$l2" | grep -E '(^|/)\.wh\.[^/]+$' | grep -v '\.wh\.\.wh\.\.opq$'); do
		case $w in
		*/*) dir=${w%/*}/ ;;
		*) dir= ;;
		esac
		name=${w##*/}
		target=$dir${name#.wh.}
		if layer_names "$l1" | grep -qxF "$target"; then
			found=$target
		fi
	done
	if [ -n "$found" ]; then
		ok "layer 2 deletes $found, a file of layer 1, with a whiteout"
	else
		not_yet "layer 2 has no whiteout of a file that layer 1 has" \
			"for layer 1's DIR/FILE, put an empty DIR/.wh.FILE in layer 2's tree before you tar it"
	fi
else
	not_yet "the whiteout cannot be checked before the manifest is right" "see the hints above"
fi

# 6. and img-unpack takes it
if img-unpack --config-only "$lab" >/dev/null 2>&1; then
	ok "img-unpack --config-only $lab accepts the image"
else
	not_yet "img-unpack does not accept $lab yet" "img-unpack --config-only $lab says why"
fi
