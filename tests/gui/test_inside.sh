#!/usr/bin/env bash
# GUI test: looking inside the network (issue 13), driven with xdotool:
#   * vanishing-gradients: the Layers tab's plot gets a series per layer as it trains, and the
#     first layer's gradient norm sits orders of magnitude under the output layer's; the
#     update-ratio and weight-norm switches; the doctor names vanishing_gradients; the
#     distributions' variable and layer switches; the links in "gradients" mode (the largest
#     |∂L/∂w| is read, and the canvas's pixels change); hovering a neuron gives its activation
#     histogram over every training point;
#   (the inspector: test_inspector.sh; the doctor on every preset and the confusion matrix:
#   test_doctor.sh, test_doctor_presets.sh)
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
canvas() { import -window root -crop "400x300+$((X + nx + nw))+$((Y + ny - 20))" +repage "$1"; }
canvas "$tmp/links_w.png"
click_tool links_gradients
expect_jq .inside.links gradients "links show gradients"
expect_true '.inside.grad_max > 0' "the largest |dL/dw| of the last step is known"
rest
sleep 0.8
canvas "$tmp/links_g.png"
d=$(changed "$tmp/links_w.png" "$tmp/links_g.png")
[ "${d:-0}" -gt 500 ] || fail "the links look the same with gradients ($d pixels changed)"
note "the canvas changed in $d pixels"
click_tool links_weights
expect_jq .inside.links weights "links show weights again"
move $((nx + nw / 2)) $((ny + nh / 2))
expect_true '.inside.hover_histogram.layer == 0 and .inside.hover_histogram.unit == 0' "hovering a neuron: its histogram"
expect_true "([.inside.hover_histogram.counts[]] | add) == $(live train_count)" "the histogram counts every training point"
rest
quit_app
