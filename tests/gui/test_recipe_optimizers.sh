#!/usr/bin/env bash
# GUI test: the Recipe sheet's per-optimizer controls (the rows that appear for the optimizer
# chosen), each set with xdotool and checked in the state (the recipe as the experiment file
# says it, torch.optim's names):
#   momentum: momentum, dampening; nesterov: momentum; adagrad: lr_decay, initial accumulator,
#   eps; rmsprop: alpha, momentum, eps, centered; adam: beta1, beta2, eps, amsgrad; weight
#   decay. Switching optimizer keeps the weights and the epoch (no reset).
# And the sheet itself (issue 10: "the Recipe window covers the network canvas at 1280×800 and
# needs scrolling with Adam"): with Adam and a step schedule, its most rows, it sits beside the
# network canvas and the output view, not over them, and shows every row without scrolling.
# Sliders are set with Ctrl+click, the value typed, Enter.
# Usage: bash test_recipe_optimizers.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

start_app --exit-after 200
key s
expect epoch 1 "one epoch"
click_on recipe_button
wait_rect recipe_window 10

opt() {  # opt NAME: switch the optimizer; the weights stay
  local before
  before=$(jqs -c .weights)
  pick combo_opt "item_$1" recipe_window
  expect optimizer "$1" "optimizer $1"
  [ "$(jqs -c .weights)" = "$before" ] || fail "switching to $1 changed the weights"
  [ "$(live epoch)" = 1 ] || fail "switching to $1 reset the run"
}
# set_hp SLIDER TEXT FILTER: set a slider, then FILTER (on .training) must be true.
set_hp() {
  slider_to "$1" "$2" recipe_window
  expect_true ".training | $3" "$1 = $2"
}

opt momentum
set_hp hp_momentum 0.8 '.optimizer.momentum == 0.8'
set_hp hp_dampening 0.1 '.optimizer.dampening == 0.1'
opt nesterov
set_hp hp_momentum 0.7 '.optimizer.momentum == 0.7'
opt adagrad
set_hp hp_lr_decay 0.01 '.optimizer.lr_decay == 0.01'
set_hp hp_initial_accumulator 0.1 '.optimizer.initial_accumulator_value == 0.1'
set_hp hp_eps 1e-6 '.optimizer.eps == 1e-6'
opt rmsprop
set_hp hp_alpha 0.9 '.optimizer.alpha == 0.9'
set_hp hp_momentum 0.5 '.optimizer.momentum == 0.5'
set_hp hp_eps 1e-7 '.optimizer.eps == 1e-7'
scroll_to hp_centered recipe_window
click_on hp_centered
expect_true '.training.optimizer.centered == true' "rmsprop centered"
opt adam
set_hp hp_beta1 0.8 '.optimizer.betas[0] == 0.8'
set_hp hp_beta2 0.99 '.optimizer.betas[1] == 0.99'
set_hp hp_eps 1e-9 '.optimizer.eps == 1e-9'
scroll_to hp_amsgrad recipe_window
click_on hp_amsgrad
expect_true '.training.optimizer.amsgrad == true' "adam amsgrad"
set_hp hp_weight_decay 0.001 '.optimizer.weight_decay == 0.001'

note "the sheet at its tallest: Adam and a step schedule, at 1280×800 and 100 %"
pick combo_sched item_step recipe_window
expect_jq .training.schedule.name step "schedule step"
expect_true '.recipe_scroll_max == 0' "every row in sight, no scrolling"
sleep 0.3
# apart A B: the rectangles of widgets A and B do not overlap.
apart() {
  echo "$(rect "$1") $(rect "$2")" | awk 'NF == 8 {
      ox = ($1 + $3 < $5 + $7 ? $1 + $3 : $5 + $7) - ($1 > $5 ? $1 : $5)
      oy = ($2 + $4 < $6 + $8 ? $2 + $4 : $6 + $8) - ($2 > $6 ? $2 : $6)
      exit !(ox <= 1 || oy <= 1) } NF != 8 { exit 1 }'
}
apart recipe_window network_panel || fail "the recipe sheet ($(rect recipe_window)) covers the network canvas ($(rect network_panel))"
apart recipe_window output_view || fail "the recipe sheet covers the output view ($(rect output_view))"
# every row of Adam's and the step schedule's, whole inside the sheet
read -r rx ry rw rh <<<"$(rect recipe_window)"
for n in combo_outloss combo_opt lr_slider lr_input hp_beta1 hp_beta2 hp_eps hp_amsgrad hp_weight_decay \
         combo_sched sched_step_size sched_gamma sched_warm-up_epochs batch_slider shuffle slider_L1 input_L1 \
         slider_L2 input_L2 dropout combo_init seed epochs loss_threshold; do
  r=$(rect "$n")
  [ -n "$r" ] || fail "'$n' is not in sight in the recipe sheet"
  echo "$r" | awk -v x="$rx" -v y="$ry" -v w="$rw" -v h="$rh" '{ exit !($1 >= x && $2 >= y && $1 + $3 <= x + w && $2 + $4 <= y + h) }' ||
    fail "'$n' ($r) is not wholly inside the recipe sheet ($rx $ry $rw $rh)"
  ! grep -q "^$n .* clipped$" "$DESCENT_LAYOUT_FILE" || fail "'$n' is cut off"
done
note "24 controls in sight, none cut off, the sheet beside the canvas and the output view"

quit_app
echo "PASS: every optimizer's own controls took effect; at its tallest the recipe sheet shows every row beside the canvas"
