#!/usr/bin/env bash
# Called by meson: builds the out-of-tree example plugin (its own Swift package) and copies the library out.
set -euo pipefail
src="$1" out="$(realpath -m "$2")"
swift build --package-path "$src/plugins/example-entropy" -c release
cp "$(swift build --package-path "$src/plugins/example-entropy" -c release --show-bin-path)/libEntropyPlugin.so" "$out"
