#!/usr/bin/env bash
# GUI test: the data panel, the output view and the plots, driven with xdotool:
#   * plots: hovering the loss plot reads out the epoch under the pointer (further right, a
#     later epoch); "log y" switches the axis (state, and the plot's pixels); a learning-rate
#     change adds a marker;
#   * output view: "Test data" and "Discretize" (state, and the view's pixels); the wheel zooms
#     in around the pointer; a middle-button drag pans by the distance dragged; "fit" goes back;
#   * painting: off at start (a click adds nothing); once on, left click adds the orange class, right click the blue one (class counts);
#     with "Paint on the output view" off a click adds nothing; Shift + drag erases points;
#   * data: a thumbnail picks the generator; noise, train ratio and points sliders; spiral3's
#     class picker paints class 2; blobs' class count; a regression set paints the chosen
#     value; "Clear all points" leaves no data and the app goes on (a painted point is data).
# Usage: bash test_data_view.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
need import compare

start_app --exit-after 200
read -r vx vy vw vh <<<"$(rect output_view)"
# shot NAME FILE: a screen grab of a widget's rectangle. changed A B: pixels that differ.
shot() {
  local x y w h
  read -r x y w h <<<"$(rect "$1")"
  import -window root -crop "${w}x${h}+$((X + x))+$((Y + y))" +repage "$2"
}
changed() { compare -metric AE -fuzz 8% "$1" "$2" null: 2>&1 | cut -d. -f1 || true; }

key space
expect state finished "the default preset trains to its 500 epochs"

note "plots"
read -r px py pw ph <<<"$(rect loss_plot)"
move $((px + pw / 2)) $((py + ph / 2))
expect_true '.plot_hover_epoch != null' "hovering the loss plot shows a read-out"
mid=$(live plot_hover_epoch)
move $((px + pw - 12)) $((py + ph / 2))
expect_true ".plot_hover_epoch > $mid" "further right, a later epoch"
note "read-out at the middle: epoch $mid; near the right: $(live plot_hover_epoch)"
[ "${mid%.*}" -gt 100 ] && [ "${mid%.*}" -lt 400 ] || fail "the read-out at the plot's middle is epoch $mid of 500"
rest
expect plot_hover_epoch null "no read-out once the pointer leaves"
shot loss_plot "$tmp/plot_log.png"
click_on log_y
expect log_y false "log y off"
rest
sleep 0.5
shot loss_plot "$tmp/plot_lin.png"
d=$(changed "$tmp/plot_log.png" "$tmp/plot_lin.png")
[ "${d:-0}" -gt 200 ] || fail "the loss plot looks the same on a linear axis ($d pixels changed)"
note "the plot changed in $d pixels"
m0=$(live markers)
click_on combo_lr
click_on item_0.1
expect markers $((m0 + 1)) "a learning-rate change adds a marker"

note "the output view's toggles"
shot output_view "$tmp/view0.png"
click_on show_test
expect show_test false "Test data off"
rest
sleep 0.5
shot output_view "$tmp/view_notest.png"
d=$(changed "$tmp/view0.png" "$tmp/view_notest.png")
[ "${d:-0}" -gt 500 ] || fail "hiding the test points hardly changed the view ($d pixels)"
click_on show_test
expect show_test true "Test data on again"
click_on discretize
expect discretize true "Discretize on"
rest
sleep 0.5
shot output_view "$tmp/view_disc.png"
d=$(changed "$tmp/view0.png" "$tmp/view_disc.png")
[ "${d:-0}" -gt 2000 ] || fail "Discretize hardly changed the view ($d pixels)"
click_on discretize
expect discretize false "Discretize off"

note "zoom and pan"
move $((vx + vw / 2)) $((vy + vh / 2))
xdotool click 4
sleep 0.3
xdotool click 4
sleep 0.5
expect_true '(.view[1] - .view[0]) < 11 and (.view[3] - .view[2]) < 11' "the wheel zooms in: view $(jqs -c .view)"
expect_true '(.view[0] + .view[1] | fabs) < 0.1 and (.view[2] + .view[3] | fabs) < 0.1' "around the pointer (the centre)"
span=$(jqs '.view[1] - .view[0]')
x0=$(jqs '.view[0]')
y0=$(jqs '.view[2]')
drag $((vx + vw / 2)) $((vy + vh / 2)) $((vx + vw / 2 + 80)) $((vy + vh / 2 + 40)) 2
# 80 px right and 40 px down: the plane moves with the pointer
expect_true "(.view[0] - ($x0 - 80 * $span / $vw) | fabs) < 0.05 and (.view[2] - ($y0 + 40 * $span / $vw) | fabs) < 0.05" \
  "a middle drag pans by what was dragged: view $(jqs -c .view)"
[ "$(live points)" = 500 ] || fail "zooming or panning painted points ($(live points))"
click_on view_fit
expect_jq '.view | tostring' '[-6,6,-6,6]' "fit goes back to the whole plane"

note "painting: off until asked for"
expect paint_enabled false "painting starts off"
n=$(live points)
click $((vx + vw / 8)) $((vy + vh * 7 / 8))
still points "$n" "with painting off a click on the view adds nothing"
expect data_source generator "and the data stay the generator's"
click_on paint_enabled
expect paint_enabled true "painting on"
c0=$(jqs '.class_counts[0]')
c1=$(jqs '.class_counts[1]')
click $((vx + vw / 8)) $((vy + vh / 8))
expect_jq '.class_counts[1]' $((c1 + 1)) "left click paints an orange point"
expect_jq '.last_point.y' 1 "of class 1"
click $((vx + vw * 7 / 8)) $((vy + vh / 8)) 3
expect_jq '.class_counts[0]' $((c0 + 1)) "right click paints a blue point"
expect_jq '.last_point.y' 0 "of class 0"
expect data_source points "painted data are points"
n=$(live points)
move $((vx + vw / 3)) $((vy + vh / 2))
keydown shift
drag $((vx + vw / 3)) $((vy + vh / 2)) $((vx + vw * 2 / 3)) $((vy + vh / 2))
keyup shift
expect_true ".points < $n - 5" "Shift + drag erases ($n -> $(live points) points)"

note "data sets and sliders"
click_on gen_xor
expect generator xor "the XOR thumbnail"
expect data_source generator "a generator again"
slider_to noise 25
expect_true '.noise == 0.25' "noise 25"
read -r rx ry rw rh <<<"$(rect train_ratio)"
drag $((rx + rw / 2)) $((ry + rh / 2)) $((rx + rw + 40)) $((ry + rh / 2))
expect_true '.train_ratio == 0.9' "the train ratio dragged to its right end: 90 %"
expect test_count 50 "50 test points of 500"
slider_to npoints 300
expect points 300 "300 points"
expect train_count 270 "270 of them for training"

note "three classes: the class picker"
click_on gen_spiral3
expect classes 3 "spiral3 has three classes"
click_on paint_class_2
expect paint_class 2 "the class picker: class 2"
k2=$(jqs '.class_counts[2]')
click $((vx + vw / 8)) $((vy + vh * 7 / 8))
expect_jq '.class_counts[2]' $((k2 + 1)) "a click paints class 2"
expect_jq '.last_point.y' 2 "(the last point's label)"

click_on gen_blobs
expect generator blobs "the blobs thumbnail"
slider_to classes 5
expect classes 5 "its class-count slider: 5 classes"
expect_jq '.output + " " + .loss' "softmax cross_entropy" "softmax and cross-entropy for them"
# The class count and the class picker make the data column taller than the window: it scrolls.
scroll_to file_export_history data_panel
click_on file_export_history
expect file_dialog export_history "the column scrolls down to its last button, which works"
click_on file_cancel
expect file_dialog null "Cancel"

note "regression: the value to paint"
click_on gen_reg-plane
expect task regression "reg-plane is a regression set"
slider_to paint_value 0.8
expect_true '(.paint_value - 0.8 | fabs) < 1e-6' "the value to paint: 0.8"
n=$(live points)
click $((vx + vw / 8)) $((vy + vh / 8))
expect points $((n + 1)) "a click paints a point"
expect_true '(.last_point.y - 0.8 | fabs) < 1e-6' "with the value 0.8"

note "clear all points"
click_on clear_points
expect points 0 "Clear all points"
expect state no_data "no data: nothing to train on"
key s
alive "a step with no data"
click $((vx + vw / 2)) $((vy + vh / 2))
expect points 1 "a painted point is data again"
key s
expect_true '.epoch >= 1 and .state != "no_data"' "and the app trains on it"
quit_app
echo "PASS: plots, view toggles, zoom, pan, painting, erasing, data sets, sliders, classes, values, clear"
