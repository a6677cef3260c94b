#!/usr/bin/env bash
# Takes the README screenshots under a private Xvfb:
#   docs/window.png          the default model, the sample prompt, analysis finished (Timeline), with
#                            the hover readout of a point on the chart;
#   docs/window-compare.png  compared with llama-tiny, a depth range dragged on the Timeline,
#                            shown on the Model comparison tab;
#   docs/window-depth.png    the same prompt on the Lens grid tab (a depth view), with the hover
#                            readout of one cell.
# Usage: scripts/screenshots.sh [path/to/tokengen]   (default .build/release/tokengen)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/tokengen}"
[ -x "$bin" ] || { echo "screenshots: $bin is missing: run make build first" >&2; exit 1; }
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is not installed" >&2; exit 1; }
done
llama_tiny="$(cd ../shared/fixtures/models/llama-tiny && pwd)"
scratch="$(mktemp -d)"
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

number=$((100 + RANDOM % 300))
while [ -e "/tmp/.X11-unix/X$number" ] || [ -e "/tmp/.X$number-lock" ]; do number=$((number + 1)); done
Xvfb ":$number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$number" ] && break; sleep 0.1; done
export DISPLAY=":$number" GDK_BACKEND=x11
unset WAYLAND_DISPLAY

# wait_for PREFIX AFTER_LINES TIMEOUT_S: waits for a ready-file line starting with PREFIX.
wait_for() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    if tail -n +"$(($2 + 1))" "$scratch/ready" 2>/dev/null | grep -q "^$1"; then return 0; fi
    kill -0 "$app_pid" 2>/dev/null || { echo "screenshots: tokengen exited" >&2; return 1; }
    sleep 0.1
  done
  echo "screenshots: timed out waiting for '$1'" >&2
  return 1
}
lines() { wc -l < "$scratch/ready"; }
geometry() { grep "^geometry $1 " "$scratch/ready" | tail -1 | cut -d' ' -f3-; }

start() {
  rm -rf "$scratch/config" "$scratch/ready"
  TOKENGEN_READY_FILE="$scratch/ready" TOKENGEN_NO_DIALOGS=1 TOKENGEN_NON_UNIQUE=1 \
    TOKENGEN_TEST_GEOMETRY=1 XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
    NO_AT_BRIDGE=1 "$bin" window "$@" >"$scratch/log" 2>&1 &
  app_pid=$!
  wait_for analysis-finished 0 90
  xdotool key End mousemove 1279 799  # no selected prompt text, no tooltip in the picture
  sleep 0.5
}
stop() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }

mkdir -p docs
start
read -r x y w h <<<"$(geometry pane)"
mark=$(lines)
xdotool mousemove $((x + w * 78 / 100)) $((y + h * 45 / 100))
wait_for "hover timeline layer" "$mark" 10
sleep 0.3
import -window root docs/window.png

# The Lens grid tab (the sixth), a readout on a cell in the upper middle of the grid.
read -r x y w h <<<"$(geometry tab-5)"
mark=$(lines)
xdotool mousemove $((x + w / 2)) $((y + h / 2)) click 1 mousemove 1279 799
wait_for "pane 5 " "$mark" 10
read -r x y w h <<<"$(geometry pane)"
mark=$(lines)
xdotool mousemove $((x + w * 60 / 100)) $((y + h * 40 / 100))
wait_for "hover lens-grid " "$mark" 10
sleep 0.3
import -window root docs/window-depth.png
stop

start --compare "$llama_tiny"
read -r x y w h <<<"$(geometry pane)"
mark=$(lines)
mid=$((y + h / 2))
xdotool mousemove $((x + w * 55 / 100)) "$mid" mousedown 1 sleep 0.1 mousemove $((x + w * 70 / 100)) "$mid" \
  sleep 0.1 mousemove $((x + w * 85 / 100)) $((mid + 20)) sleep 0.1 mouseup 1
wait_for selection "$mark" 10
wait_for view-updated "$mark" 60
read -r x y w h <<<"$(geometry tab-4)"
xdotool mousemove $((x + w / 2)) $((y + h / 2)) click 1 mousemove 1279 799
sleep 1
import -window root docs/window-compare.png
stop
echo "screenshots: wrote docs/window.png, docs/window-depth.png and docs/window-compare.png"
