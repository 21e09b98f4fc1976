#!/usr/bin/env bash
# GUI test: looking inside the network (issue 13), driven with xdotool:
#   * vanishing-gradients: the Layers tab's plot gets a series per layer as it trains, and the
#     first layer's gradient norm sits orders of magnitude under the output layer's; the
#     update-ratio and weight-norm switches; the doctor names vanishing_gradients; the
#     distributions' variable and layer switches; the links in "gradients" mode (the largest
#     |∂L/∂w| is read, and the canvas's pixels change); hovering a neuron gives its activation
#     histogram over every training point;
#   * playground-default at epoch 0: the inspector opened by its button and by index shows the
#     same pass as `descent --headless FILE --epochs 0 --inspect INDEX` (loss, every layer's δ
#     and ∂L/∂W, bit for bit); Forward ▸ / Backward ▸ / Update ▸ step through the stages; a
#     Ctrl+click on a training point in the output view picks it and paints nothing;
#   (the doctor on every preset and the confusion matrix: test_doctor.sh)
# Usage: bash test_inside.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
need import compare
P="$SRC/assets/presets"

shot() {  # shot NAME FILE: a screen grab of a widget's rectangle
  local x y w h
  read -r x y w h <<<"$(rect "$1")"
  import -window root -crop "${w}x${h}+$((X + x))+$((Y + y))" +repage "$2"
}
changed() { compare -metric AE -fuzz 8% "$1" "$2" null: 2>&1 | cut -d. -f1 || true; }
pick_index() {  # pick_index N: type a training point's index into the inspector (its text part, left of − +)
  local x y w h
  wait_rect inspect_index 20
  read -r x y w h <<<"$(rect inspect_index)"
  click $((x + 12)) $((y + h / 2))
  type_text "$1"
}

note "vanishing-gradients: the Layers plot, the doctor, the distributions, gradient links"
start_app "$P/vanishing-gradients.json" --exit-after 250
click_on tab_layers
expect_jq .inside.tab layers "the Layers tab"
key space
expect state finished "the preset trains its 100 epochs"
expect_true '.inside.layers_rows >= 50' "the Layers plot has a point per sampled epoch"
expect_jq '.inside.layers_last | length' 9 "one series per weight layer (8 hidden + output)"
ratio=$(jqs '.inside.layers_last[0] / .inside.layers_last[8]')
note "first layer's gradient norm / the output layer's: $ratio"
awk -v r="$ratio" 'BEGIN { exit !(r > 0 && r < 0.01) }' || fail "the gradient does not fan out (ratio $ratio)"
expect_true '.inside.doctor | index(["vanishing_gradients"]) != null' "the doctor names vanishing gradients"
wait_rect doctor_vanishing_gradients 10
click_on metric_update_ratio
expect_jq .inside.layers_metric update_ratio "the update-ratio switch"
expect_true '[.inside.layers_last[] | select(. != null and . > 0 and . < 1)] | length == 9' "every layer has an update ratio"
click_on metric_weight_norm
expect_jq .inside.layers_metric weight_norm "the weight-norm switch"
expect_true '[.inside.layers_last[] | select(. != null and . > 0.1)] | length == 9' "every layer has a weight norm"

click_on tab_distributions
expect_jq .inside.tab distributions "the Distributions tab"
wait_rect dist_plot 10
click_on dist_z
expect_jq .inside.dist_var z "z"
click_on dist_delta
expect_jq .inside.dist_var delta "δ"
click_on dist_next
expect_jq .inside.dist_layer 0 "one layer: the first"
click_on dist_next
expect_jq .inside.dist_layer 1 "the next one"
click_on dist_all
expect_jq .inside.dist_layer -1 "every layer"

read -r nx ny nw nh <<<"$(rect node_0_0)"
rest
sleep 0.5
shot node_0_0 "$tmp/nothing.png"  # (a grab to size the canvas shots below)
read -r lx ly lw lh <<<"$(rect links_weights)"
canvas() { import -window root -crop "400x300+$((X + nx + nw))+$((Y + ny - 20))" +repage "$1"; }
canvas "$tmp/links_w.png"
click_on links_gradients
expect_jq .inside.links gradients "links show gradients"
expect_true '.inside.grad_max > 0' "the largest |dL/dw| of the last step is known"
rest
sleep 0.8
canvas "$tmp/links_g.png"
d=$(changed "$tmp/links_w.png" "$tmp/links_g.png")
[ "${d:-0}" -gt 500 ] || fail "the links look the same with gradients ($d pixels changed)"
note "the canvas changed in $d pixels"
click_on links_weights
expect_jq .inside.links weights "links show weights again"
move $((nx + nw / 2)) $((ny + nh / 2))
expect_true '.inside.hover_histogram.layer == 0 and .inside.hover_histogram.unit == 0' "hovering a neuron: its histogram"
expect_true "([.inside.hover_histogram.counts[]] | add) == $(live train_count)" "the histogram counts every training point"
rest
quit_app

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
