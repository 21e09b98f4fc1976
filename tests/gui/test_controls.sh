#!/usr/bin/env bash
# GUI test: the keyboard and canvas controls, driven with xdotool under Xvfb, each checked in
# the state the app writes a few times a second (DESCENT_STATE_FILE, the --print-state object):
#   S and Right step one epoch; R resets to epoch 0; Space plays and pauses; the + above a
#   hidden layer adds a neuron; clicking an input feature toggles it; Regenerate takes the next
#   data seed and leaves the experiment's seed alone; Ctrl + / Ctrl - change the UI scale.
# Keys are held for 200 ms (ImGui 1.86 loses a press released within a frame).
# Usage: bash test_controls.sh <descent-binary> <source-dir>
set -euo pipefail
BIN=$1
SRC=$2
source "$SRC/tests/gui/lib.sh"
need xvfb-run xdotool
make_tmp
export DESCENT_STATE_FILE="$tmp/live.json"
export BIN SRC tmp

# The default preset without its epoch limit, so Play keeps playing until paused.
sed 's/"epochs": *[0-9]*/"epochs": 0/' "$SRC/assets/presets/playground-default.json" >"$tmp/exp.json"
grep -q '"epochs": 0' "$tmp/exp.json" || fail "could not lift the preset's epoch limit"

cat >"$tmp/session.sh" <<'INNER'
set -euo pipefail
source "$SRC/tests/gui/lib.sh"
"$BIN" "$tmp/exp.json" --exit-after 200 --print-state >"$tmp/state.json" 2>"$tmp/stderr.txt" &
app=$!
wait_rect play 90 "$app"
wid=$(xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
[ -n "$wid" ] || fail "no Descent window"
eval "$(xdotool getwindowgeometry --shell "$wid")"  # X, Y: the window's origin on the screen

live() { json_field "$1" "$DESCENT_STATE_FILE"; }
# expect KEY VALUE WHAT: wait (up to 20 s) until the live state's KEY equals VALUE.
expect() {
  local i
  for i in $(seq 1 80); do
    [ "$(live "$1")" = "$2" ] && { note "$3: $1 = $2"; return 0; }
    kill -0 "$app" 2>/dev/null || fail "descent exited during: $3"
    sleep 0.25
  done
  fail "$3: expected $1 = $2, got '$(live "$1")'"
}
# A key held long enough for a frame to see it; the pointer rests on the status line (no
# widget there), so the window has the focus (focus follows the pointer without a WM).
rest() { xdotool mousemove $((X + 640)) $((Y + 792)); sleep 0.3; }
key() {  # key [MODIFIER] NAME
  rest
  if [ $# -eq 2 ]; then xdotool keydown "$1"; sleep 0.1; fi
  xdotool keydown "${!#}"
  sleep 0.2
  xdotool keyup "${!#}"
  if [ $# -eq 2 ]; then sleep 0.05; xdotool keyup "$1"; fi
  sleep 0.3
}
# still KEY VALUE WHAT: half a second later it has not moved on (one press, one step).
still() {
  sleep 0.5
  [ "$(live "$1")" = "$2" ] || fail "$3: $1 went on to $(live "$1") (a key press counted twice?)"
}
click() {  # click X Y: move there, let a frame see the hover, press, hold, release
  xdotool mousemove $((X + $1)) $((Y + $2))
  sleep 0.4
  xdotool mousedown 1
  sleep 0.2
  xdotool mouseup 1
  sleep 0.4
}

expect epoch 0 "start"
expect ui_scale 1.0 "start"

key s
expect epoch 1 "S steps one epoch"
expect playing false "S then pauses"
still epoch 1 "S"
key Right
expect epoch 2 "Right steps one more epoch"
still epoch 2 "Right"
key r
expect epoch 0 "R resets"
key s
expect epoch 1 "S from a reset"
still epoch 1 "S from a reset"

key space
expect playing true "Space plays"
key space
expect playing false "Space pauses"
e1=$(live epoch)
[ "${e1:-0}" -gt 1 ] || fail "Space played but no epoch was trained (epoch $e1)"
sleep 1
[ "$(live epoch)" = "$e1" ] || fail "still training after the second Space (epoch $e1 -> $(live epoch))"
note "paused at epoch $e1"

read -r nx ny <<<"$(centre neuron_add_0)"
[ -n "${ny:-}" ] || fail "no + button above hidden layer 1"
click "$nx" "$ny"
expect hidden "[5" "+ adds a neuron to layer 1"
grep -q '"hidden":\[5,2\]' "$DESCENT_STATE_FILE" || fail "hidden sizes: $(grep -o '"hidden":[^]]*]' "$DESCENT_STATE_FILE")"

read -r fx fy <<<"$(centre feature_x1_sq)"
[ -n "${fy:-}" ] || fail "no x1² feature node"
click "$fx" "$fy"
for _ in $(seq 1 80); do grep -q '"features":\["x1","x2","x1_sq"\]' "$DESCENT_STATE_FILE" && break; sleep 0.25; done
grep -q '"features":\["x1","x2","x1_sq"\]' "$DESCENT_STATE_FILE" ||
  fail "clicking x1² did not turn it on: $(grep -o '"features":[^]]*]' "$DESCENT_STATE_FILE")"
note "clicking x1² feeds it in"
click "$fx" "$fy"
for _ in $(seq 1 80); do grep -q '"features":\["x1","x2"\]' "$DESCENT_STATE_FILE" && break; sleep 0.25; done
grep -q '"features":\["x1","x2"\]' "$DESCENT_STATE_FILE" || fail "clicking x1² again did not turn it off"
note "clicking x1² again takes it out"

# Regenerate: new points from the next data seed; the experiment's seed (initial weights) stays.
seed=$(live seed)
data_seed=$(live data_seed)
[ "$seed" = "$data_seed" ] || fail "the preset has no data seed of its own, yet data_seed $data_seed != seed $seed"
read -r gx gy <<<"$(centre regenerate)"
[ -n "${gy:-}" ] || fail "no Regenerate button"
click "$gx" "$gy"
expect data_seed $((data_seed + 1)) "Regenerate takes the next data seed"
[ "$(live seed)" = "$seed" ] || fail "Regenerate changed the experiment's seed to $(live seed)"
key r
expect epoch 0 "R after Regenerate"
[ "$(live data_seed)" = $((data_seed + 1)) ] || fail "Reset lost the new data seed"

key ctrl equal
expect ui_scale 1.125 "Ctrl + enlarges the UI"
key ctrl minus
key ctrl minus
expect ui_scale 0.875 "Ctrl - shrinks it"

key ctrl q
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
[ -s "$state" ] || fail "descent printed no state on exit"
[ "$(json_field ui_scale "$state")" = 0.875 ] || fail "the exit state's UI scale is $(json_field ui_scale "$state")"
grep -q '"hidden":\[5,2\]' "$state" || fail "the exit state lost the added neuron"
echo "PASS: S, Right, R, Space, + neuron, feature toggle, Regenerate and Ctrl +/- all took effect"
