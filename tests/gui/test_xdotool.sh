#!/usr/bin/env bash
# GUI test: a real session driven with xdotool under Xvfb — click Play, paint a point on the
# output view, change the learning rate from the top bar, quit with Ctrl+Q — and the state
# the app prints on exit (--print-state) proves that each action took effect.
# Mouse clicks are pressed and released with a pause, and keys held for 200 ms: Dear ImGui
# 1.86 has no input queue and loses an event that starts and ends within one frame.
# Usage: bash test_xdotool.sh <descent-binary> <source-dir>
set -euo pipefail
BIN=$1
SRC=$2
source "$SRC/tests/gui/lib.sh"
need xvfb-run xdotool
make_tmp
export BIN SRC tmp

cat >"$tmp/session.sh" <<'INNER'
set -euo pipefail
source "$SRC/tests/gui/lib.sh"
"$BIN" --exit-after 120 --print-state >"$tmp/state.json" 2>"$tmp/stderr.txt" &
app=$!
wait_rect play 90 "$app"
wid=$(xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
[ -n "$wid" ] || fail "no Descent window"
eval "$(xdotool getwindowgeometry --shell "$wid")"  # X, Y: the window's origin on the screen
sleep 1

# Events go to the screen (no --window: XSendEvent'd events are flaky without a window
# manager); the pointer is kept over the app, so keys reach it too (focus follows pointer).
click() {  # click X Y [BUTTON]: move there, let a frame see the hover, press, hold, release
  xdotool mousemove $((X + $1)) $((Y + $2))
  sleep 0.4
  xdotool mousedown "${3:-1}"
  sleep 0.2
  xdotool mouseup "${3:-1}"
  sleep 0.4
}

note "click Play"
read -r px py <<<"$(centre play)"
click "$px" "$py"
sleep 2

note "paint a point (left click: the orange class) near the output view's top-left corner"
read -r vx vy vw vh <<<"$(rect output_view)"
click $((vx + vw / 10)) $((vy + vh / 10))
sleep 1

note "change the learning rate to 0.1 from the top bar"
read -r lx ly <<<"$(centre lr_combo)"
click "$lx" "$ly"
wait_rect lr_item_0.1 20
read -r ix iy <<<"$(centre lr_item_0.1)"
click "$ix" "$iy"
sleep 2

note "quit with Ctrl+Q"
xdotool mousemove $((X + 640)) $((Y + 790))
sleep 0.3
xdotool keydown ctrl
sleep 0.1
xdotool keydown q
sleep 0.25
xdotool keyup q
xdotool keyup ctrl
for _ in $(seq 1 120); do
  kill -0 "$app" 2>/dev/null || break
  sleep 0.25
done
kill -0 "$app" 2>/dev/null && fail "Ctrl+Q did not quit within 30 s"
wait "$app" || fail "descent exited with status $?"
INNER

timeout 280 xvfb-run "${XVFB_ARGS[@]}" bash "$tmp/session.sh" || {
  cat "$tmp/stderr.txt" 2>/dev/null >&2 || true
  fail "the xdotool session failed"
}
state="$tmp/state.json"
[ -s "$state" ] || fail "descent printed no state"
note "state: $(head -c 600 "$state")"
epoch=$(json_field epoch "$state")
[ "${epoch:-0}" -gt 0 ] || fail "no epoch was trained after Play (epoch $epoch)"
playing=$(json_field playing "$state")
run_state=$(json_field state "$state")
# The default preset stops by itself at its epoch limit: playing, or finished, both prove Play.
[ "$playing" = true ] || [ "$run_state" = finished ] || fail "Play was clicked but the trainer is neither playing nor finished ($run_state)"
points=$(json_field points "$state")
[ "$points" = 501 ] || fail "expected 501 points after painting one, got $points"
[ "$(json_field data_source "$state")" = points ] || fail "the painted data did not reach the experiment"
lr=$(json_field lr "$state")
awk -v v="$lr" 'BEGIN { exit !(v + 0 > 0.0999 && v + 0 < 0.1001) }' || fail "learning rate is $lr, expected 0.1"
echo "PASS: trained to epoch $epoch ($run_state), $points points, learning rate $lr"
