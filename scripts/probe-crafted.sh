#!/usr/bin/env bash
# Generates the crafted corpus (scripts/crafted/craft.py) and runs the release binary on every case under
# an 8 GB address-space limit and a 20 s timeout (scripts/probe-crafted.py says what is checked).
#   scripts/probe-crafted.sh [BINARY]    (default .build/release/tokengen)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/tokengen}
CORPUS=${PROBE_CORPUS:-.build-probe/corpus}
rm -rf "$CORPUS"
mkdir -p "$(dirname "$CORPUS")"
python3 scripts/crafted/craft.py "$CORPUS"
nice python3 scripts/probe-crafted.py "$BIN" "$CORPUS" "${@:2}"
