#!/usr/bin/env bash
# Called by meson: builds tokengen with SwiftPM and copies the binary to meson's output path.
set -euo pipefail
src="$1" out="$(realpath -m "$2")" buildtype="$3" static="$4"
config=release
[ "$buildtype" = debug ] && config=debug
flags=(-c "$config")
if grep -q ' avx2 ' /proc/cpuinfo 2>/dev/null && grep -q ' f16c ' /proc/cpuinfo; then
  flags+=(-Xswiftc -target-cpu -Xswiftc haswell)
fi
[ "$static" = true ] && flags+=(--static-swift-stdlib)
cd "$src"
swift build "${flags[@]}" --product tokengen
bin="$(swift build "${flags[@]}" --show-bin-path)/tokengen"
cp "$bin" "$out"
