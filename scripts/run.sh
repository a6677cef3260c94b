#!/usr/bin/env bash
# Starts TokenGen's window on the default model (the sample prompt is analyzed as it opens);
# without a display, says so and shows what `tokengen doctor` finds instead.
set -euo pipefail
bin="${1:-.build/release/tokengen}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open."
  echo "run: start it from a desktop session, or under Xvfb: xvfb-run $bin"
  echo "run: here is what tokengen doctor reports instead:"
  exec "$bin" doctor
fi
exec "$bin" window
