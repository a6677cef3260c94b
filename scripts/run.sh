#!/usr/bin/env bash
# Starts TokenGen's window on the default model; without a display, reports what it can with `doctor`.
set -euo pipefail
bin="$1"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display (DISPLAY/WAYLAND_DISPLAY unset): showing tokengen doctor instead of the window"
  exec "$bin" doctor
fi
exec "$bin" doctor
