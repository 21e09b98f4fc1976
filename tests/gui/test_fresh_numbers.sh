#!/usr/bin/env bash
# GUI test: numbers that never go stale (issue 10, item 3), checked in the state ("shown" is
# what the output panel shows; train_loss the history's last row):
#   * setting w = 2 on linear1d-regression re-measures the loss at once (it falls), and the
#     history's row follows;
#   * Shift+Step (one optimizer step) shows that step's loss, not the last epoch's;
#   * "Clear all points" shows no loss;
#   * under a schedule the top bar shows the rate in force, and a plot draws it;
#   * a diverged run's banner follows the rate when it is divided by 10, and stays clear of
#     the layer controls at the top of the network canvas.
# Usage: bash test_fresh_numbers.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

start_app "$SRC/assets/presets/linear1d-regression.json" --exit-after 150
key s
expect epoch 1 "S trains one epoch"
l1=$(jqs .shown.train_loss)
note "the loss after one epoch: $l1"
[ -n "$(rect legend_1d)" ] || fail "the 1-D view has no legend of its own (curve and points)"
read -r lx ly <<<"$(centre link_0_0_0)"
click "$lx" "$ly"
expect_jq '.editing | [.layer, .row, .col] | tostring' '[0,0,0]' "a click on the weight opens its editor"
type_text 2
expect_true '.weights.W[0][0][0] == 2' "w = 2"
expect_true ".shown.train_loss < $l1 * 0.5" "the loss shown falls at once"
expect_true '.shown.train_loss_17g == .train_loss_17g' "the history's row is measured again too"

note "Shift+Step"
steps=$(live steps)
key shift s
expect steps $((steps + 1)) "Shift+S makes one optimizer step"
expect_true '.shown.train_loss_17g != .train_loss_17g' "the loss shown is the step's, not the epoch's"

note "Clear all points"
click_on clear_points
expect points 0 "no points"
expect_true '.shown.train_loss == null' "no loss is shown without data"
quit_app

note "a schedule: the rate in force"
start_app "$SRC/assets/presets/spiral-deep-adam.json" --exit-after 150
key s
key s
expect epoch 2 "two epochs"
expect_true '.lr_in_force != .lr' "under cosine the rate in force differs from the chosen one"
expect_true '.lr_caption | startswith("LR now")' "the top bar shows the rate in force"
expect_true '.plots.lr.y_ticks | length >= 2' "a plot draws the rate in force"
quit_app

note "the divergence banner"
start_app "$SRC/assets/presets/lr-too-high.json" --play --exit-after 150
expect state diverged "lr-too-high diverges"
expect_true '.banner_hint | contains("A learning rate of 3 is too high")' "the banner names the rate"
click_on banner_lr_down
expect_true '.lr == 0.3' "the rate divided by 10"
expect_true '.banner_hint | contains("now 0.3")' "the banner follows the new rate"
read -r bx by bw bh <<<"$(rect divergence_banner)"
read -r cx cy cw ch <<<"$(rect layer_add)"
[ -n "$cy" ] || fail "no layer_add widget in the layout"
[ "$by" -gt $((cy + ch)) ] || fail "the banner (y $by) covers the layer controls (bottom $((cy + ch)))"
dy=$(doctor_top)
[ -n "$dy" ] && [ $((by + bh)) -le "$dy" ] || fail "the banner (bottom $((by + bh))) covers the doctor's strip (top ${dy:-none})"
quit_app
echo "PASS: weight edit, Shift+Step, cleared data, rate in force, divergence banner"
