#!/usr/bin/env bash
# GUI test: the backpropagation inspector (issue 13), driven with xdotool, on playground-default
# at epoch 0: opened by its button and by index it shows the same pass as
# `descent --headless FILE --epochs 0 --inspect INDEX` (loss, x, target, every layer's z, δ and
# ∂L/∂W, bit for bit); Forward ▸ / Backward ▸ / Update ▸ step through the stages; a Ctrl+click
# on a training point in the output view picks it and paints nothing.
# Usage: bash test_inspector.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
P="$SRC/assets/presets"

pick_index() {  # pick_index N: type a training point's index into the inspector (its text part, left of − +)
  local x y w h
  wait_rect inspect_index 20
  read -r x y w h <<<"$(rect inspect_index)"
  click $((x + 12)) $((y + h / 2))
  type_text "$1"
}


note "playground-default at epoch 0: the inspector"
start_app "$P/playground-default.json" --exit-after 250
click_on inspect_open
expect_true '.inside.inspector.index == 0' "the Inspect button opens the inspector on point 0"
wait_rect inspector 10
pick_index 7
expect_true '.inside.inspector.pass.index == 7' "picked by index: point 7's pass"
"$BIN" --headless "$P/playground-default.json" --epochs 0 --inspect 7 >"$tmp/inspect7.json" 2>/dev/null ||
  fail "descent --headless --inspect 7 failed"
for f in .loss '.layers | map(.delta)' '.layers | map(.dW)' '.layers | map(.z)' .x .target; do
  gui=$(jq -c ".inside.inspector.pass | $f" "$DESCENT_STATE_FILE")
  cli=$(jq -c "$f" "$tmp/inspect7.json")
  [ "$gui" = "$cli" ] || fail "the inspector's $f differs from --inspect 7: $gui vs $cli"
done
note "the inspector's loss, z, δ and ∂L/∂W equal --inspect 7's ($(jqs .inside.inspector.pass.loss))"
click_on inspect_forward
expect_true '.inside.inspector.stage == "forward" and .inside.inspector.layer == 0' "Forward ▸: the first layer"
click_on inspect_forward
expect_true '.inside.inspector.stage == "forward" and .inside.inspector.layer == 1' "Forward ▸: the next layer"
click_on inspect_forward
click_on inspect_forward
expect_true '.inside.inspector.stage == "loss"' "Forward ▸ past the output: the loss"
click_on inspect_backward
expect_true '.inside.inspector.stage == "backward" and .inside.inspector.layer == 2' "Backward ▸: from the output layer"
click_on inspect_backward
expect_true '.inside.inspector.stage == "backward" and .inside.inspector.layer == 1' "Backward ▸: one layer back"
click_on inspect_update
expect_true '.inside.inspector.stage == "update" and .inside.inspector.layer == 0' "Update ▸: the first layer's step"

# Ctrl+click on training point 20 (its features are x1, x2; the view shows [-6, 6]²).
pick_index 20
expect_true '.inside.inspector.pass.index == 20' "point 20"
read -r px py <<<"$(jqs '.inside.inspector.pass.x | "\(.[0]) \(.[1])"')"
pick_index 3
expect_true '.inside.inspector.pass.index == 3' "point 3"
read -r vx vy vw vh <<<"$(rect output_view)"
sx=$(awk -v x="$px" -v a="$vx" -v w="$vw" 'BEGIN { printf "%d", a + (x + 6) / 12 * w + 0.5 }')
sy=$(awk -v y="$py" -v a="$vy" -v h="$vh" 'BEGIN { printf "%d", a + h - (y + 6) / 12 * h + 0.5 }')
points=$(live points)
move "$sx" "$sy"
keydown ctrl
xdotool mousedown 1
sleep 0.2
xdotool mouseup 1
keyup ctrl
expect_true '.inside.inspector.index == 20' "Ctrl+click on a training point inspects it"
sleep 0.5
[ "$(live points)" = "$points" ] || fail "the Ctrl+click painted a point"
rest
quit_app
