#!/usr/bin/env bash
# GUI test: the keyboard and canvas controls, driven with xdotool under Xvfb, each checked in
# the state the app writes a few times a second (DESCENT_STATE_FILE, the --print-state object):
#   S and Right step one epoch; R resets to epoch 0; Space plays and pauses; the + above a
#   hidden layer adds a neuron; clicking an input feature toggles it; Regenerate takes the next
#   data seed and leaves the experiment's seed alone; Ctrl + / Ctrl - change the UI scale.
# Usage: bash test_controls.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

# The default preset without its epoch limit, so Play keeps playing until paused.
sed 's/"epochs": *[0-9]*/"epochs": 0/' "$SRC/assets/presets/playground-default.json" >"$tmp/exp.json"
grep -q '"epochs": 0' "$tmp/exp.json" || fail "could not lift the preset's epoch limit"

start_app "$tmp/exp.json" --exit-after 200
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

click_on neuron_add_0
expect_jq '.hidden | tostring' '[5,2]' "+ adds a neuron to layer 1"

click_on feature_x1_sq
expect_jq '.features | join(",")' x1,x2,x1_sq "clicking x1² feeds it in"
click_on feature_x1_sq
expect_jq '.features | join(",")' x1,x2 "clicking x1² again takes it out"

# Regenerate: new points from the next data seed; the experiment's seed (initial weights) stays.
seed=$(live seed)
data_seed=$(live data_seed)
[ "$seed" = "$data_seed" ] || fail "the preset has no data seed of its own, yet data_seed $data_seed != seed $seed"
click_on regenerate
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

quit_app
state="$tmp/exit.json"
[ -s "$state" ] || fail "descent printed no state on exit"
[ "$(json_field ui_scale "$state")" = 0.875 ] || fail "the exit state's UI scale is $(json_field ui_scale "$state")"
grep -q '"hidden":\[5,2\]' "$state" || fail "the exit state lost the added neuron"
echo "PASS: S, Right, R, Space, + neuron, feature toggle, Regenerate and Ctrl +/- all took effect"
