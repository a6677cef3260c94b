#!/bin/bash
# Drag-select timings with a comparison model loaded (issue 12), default model against a second copy of
# it, a 128-token prompt, Xvfb and xdotool. Usage: WAIT=SECONDS scripts/measure-drag.sh BINARY COMPARE_MODEL
# (WAIT: seconds between the analysis and the first drag, default 2).
BIN=${1:-.build/release/tokengen}
CMP=${2:?a second model (e.g. a copy of the default model under another name)}
D=:78
S=$(mktemp -d)
Xvfb $D -screen 0 1400x900x24 >/dev/null 2>&1 & XPID=$!
sleep 1
PROMPT128=$(python3 -c "
w='the quick brown fox jumps over a lazy dog while seven curious scientists measure every layer of it'.split()
print(' '.join(w[i%len(w)] for i in range(128)))")
env DISPLAY=$D GDK_BACKEND=x11 TOKENGEN_READY_FILE=$S/ready.txt TOKENGEN_TRACE=1 TOKENGEN_NO_DIALOGS=1 \
  TOKENGEN_NON_UNIQUE=1 TOKENGEN_TEST_GEOMETRY=1 XDG_CONFIG_HOME=$S/config XDG_DATA_HOME=$S/data NO_AT_BRIDGE=1 \
  GSK_RENDERER=cairo $BIN --compare "$CMP" --prompt "$PROMPT128" > $S/log.txt 2>&1 & APID=$!
for i in $(seq 1 900); do grep -q "analysis-finished" $S/ready.txt 2>/dev/null && break; sleep 0.2; done
grep -E "^tokens |first-layer|analysis-finished" $S/ready.txt
read X Y W H < <(grep "^geometry pane " $S/ready.txt | tail -1 | awk '{print $3, $4, $5, $6}')
echo "pane $X $Y $W $H"
sleep ${WAIT:-2}
for f in "2 5" "3 6" "1 9" "4 5" "5 8" "2 3" "6 9" "3 7"; do
  set -- $f
  x1=$((X + W * $1 / 10)); x2=$((X + W * $2 / 10)); y=$((Y + H / 2))
  DISPLAY=$D xdotool mousemove $x1 $y mousedown 1 sleep 0.05 mousemove $(( (x1+x2)/2 )) $y sleep 0.05 mousemove $x2 $((y+10)) sleep 0.05 mouseup 1
  sleep 1.5
done
sleep 2; echo "--- drags:"; sed -n "/analysis-finished/,\$p" $S/ready.txt | grep -v "^geometry\|^hover\|^chips" | grep -E "^view-updated|^trace view|^selection"

kill $APID; wait $APID 2>/dev/null
kill $XPID
rm -rf $S
