#!/usr/bin/env bash
# Installs TokenGen with meson into a temporary DESTDIR, validates the desktop files and runs the
# installed binary's `tokengen doctor` from the install tree. Part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Quiet on success, the whole log on failure.
quiet() { "$@" > "$work/step.log" 2>&1 || { grep -v 'prohibited flag' "$work/step.log" >&2; echo "install-test: failed: $*" >&2; exit 1; }; }
quiet meson setup "$work/build" meson-helpers --prefix=/usr
quiet meson compile -C "$work/build"
DESTDIR="$work/dest" quiet meson install -C "$work/build" --no-rebuild
meson test -C "$work/build" --no-rebuild desktop-file metainfo
dest="$work/dest/usr"
for f in bin/tokengen share/applications/io.github.tokengen.TokenGen.desktop \
  share/metainfo/io.github.tokengen.TokenGen.metainfo.xml \
  share/icons/hicolor/scalable/apps/io.github.tokengen.TokenGen.svg \
  share/icons/hicolor/symbolic/apps/io.github.tokengen.TokenGen-symbolic.svg \
  share/man/man1/tokengen.1 share/tokengen/models/SmolLM2-135M-Instruct.Q4_1.gguf \
  share/tokengen/plugins/libEntropyPlugin.so share/tokengen/plugins/entropy.plugin; do
  [ -e "$dest/$f" ] || { echo "install-test: missing $f in the install tree" >&2; exit 1; }
done
desktop-file-validate "$dest/share/applications/io.github.tokengen.TokenGen.desktop"
appstreamcli validate --no-net "$dest/share/metainfo/io.github.tokengen.TokenGen.metainfo.xml" >/dev/null
# The installed binary must find its data in the install tree, not in the source tree.
(cd / && env -u TOKENGEN_DATA_DIR -u TOKENGEN_MODELS_DIR "$dest/bin/tokengen" doctor) | tee "$work/doctor.txt"
grep -q "$dest/share/tokengen/models/SmolLM2-135M-Instruct.Q4_1.gguf" "$work/doctor.txt" || {
  echo "install-test: the installed tokengen did not find its bundled model in the install tree" >&2; exit 1; }
# The example plugin installed with the app loads from the install tree.
(cd / && "$dest/bin/tokengen" plugins --json) > "$work/plugins.json"
python3 - "$work/plugins.json" <<'PY' || { cat "$work/plugins.json" >&2; echo "install-test: the installed example plugin did not load" >&2; exit 1; }
import json, sys
doc = json.load(open(sys.argv[1]))
text = json.dumps(doc)
assert "entropy" in text and "loaded" in text, text
PY
echo "install-test: 1 passed, 0 failed"
