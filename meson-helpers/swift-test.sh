#!/usr/bin/env bash
# Called by `meson test`: the Swift test suite, as `make test` runs it.
set -euo pipefail
cd "$1"
exec make test
