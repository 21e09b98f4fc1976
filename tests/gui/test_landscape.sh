#!/usr/bin/env bash
# GUI test: the loss landscape window. Computed on a worker with a progress bar; its centre is
# the run's train loss to the last digit (the same evaluation at the same weights); the path
# has a point per kept checkpoint; it is recomputed while training (every few seconds) and
# again once paused at new weights. The plane of the path's principal directions, asked for
# before there is a path (epoch 0), says so in the UI's words and is computed once there is one.
# Usage: bash test_landscape.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
sed 's/"epochs": *[0-9]*/"epochs": 0/' "$SRC/assets/presets/playground-default.json" >"$tmp/unlimited.json"
grep -q '"epochs": 0' "$tmp/unlimited.json" || fail "could not lift the epoch limit in the copy"
start_app "$tmp/unlimited.json"

for k in 1 2 3; do
  key s
  expect epoch "$k" "S steps one epoch"
done
click_tool landscape_button
wait_rect landscape_window 10
expect_true '.landscape.computed >= 1' "the landscape is computed in the background"
[ "$(jqs '.landscape.error')" = "" ] || fail "the landscape failed: $(jqs '.landscape.error')"
expect_jq '.landscape.epoch' 3 "it shows epoch 3"
expect_jq '.landscape.centre_loss_17g' "$(jqs '.train_loss_17g')" "its centre is the run's train loss, bit for bit"
[ "$(jqs '.landscape.grid')" = 21 ] || fail "grid $(jqs '.landscape.grid'), expected 21"
[ "$(jqs '.landscape.path_points')" -ge 4 ] || fail "the path has $(jqs '.landscape.path_points') points (epochs 0-3 are kept)"
[ "$(jqs '.landscape.line_points')" -ge 10 ] || fail "no line from the initial to the current weights"
wait_rect landscape_map 5
wait_rect landscape_line 5

n=$(jqs '.landscape.computed')
note "training: it is refreshed every few seconds"
click_on play
expect_true ".landscape.computed >= $((n + 2))" "recomputed twice while training"
click_on play
expect playing false "paused"
key s
sleep 1
e=$(jqs '.epoch')
expect_jq '.landscape.epoch' "$e" "paused at new weights: recomputed for epoch $e"
expect_jq '.landscape.centre_loss_17g' "$(jqs '.train_loss_17g')" "its centre is again the train loss"
quit_app

note "the path's plane before there is a path: said in the UI's words, then computed once there is one"
DESCENT_OPEN=landscape_path start_app "$tmp/unlimited.json"
wait_rect landscape_window 10
expect_jq '.landscape.error_key' landscape.path_too_short "at epoch 0 the path's plane has too few points"
[ "$(jqs '.landscape.computed')" = 0 ] || fail "a landscape was computed without a path"
key s
key s
expect_true '.landscape.computed >= 1 and .landscape.error_key == null' "two epochs later the path's plane is computed"
[ "$(jqs '.landscape.plane')" = path ] || fail "the plane is $(jqs '.landscape.plane'), expected path"
quit_app
echo "PASS: the landscape is computed in the background, centred on the run, refreshed as it trains; the path's plane waits for a path"
