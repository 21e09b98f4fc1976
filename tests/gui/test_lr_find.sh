#!/usr/bin/env bash
# GUI test: the learning-rate range test from the network panel's button. It runs in the
# background with progress, on a copy: the run being explored is untouched (same epoch, same
# loss to the last digit). Its suggestion lies in the range where a full run reaches the
# preset's bar (found with --vary: playground-default 0.005 to 0.5, spiral-deep-adam 0.0008 to
# 0.015; see tests/test_lab_tools.cpp), and "Use this rate" makes it the run's rate.
# Usage: bash test_lr_find.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

# between V LO HI: LO <= V <= HI
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v + 0 >= lo + 0 && v + 0 <= hi + 0) }'; }

# check PRESET LO HI: the suggestion on PRESET is in [LO, HI]; "Use this rate" applies it.
check() {
  local name=$1 lo=$2 hi=$3 loss0 epoch0 s want
  start_app "$SRC/assets/presets/$name.json"
  loss0=$(jqs '.train_loss_17g')
  epoch0=$(jqs '.epoch')
  expect_jq '.lr_find.done' false "$name: no range test yet"
  click_tool lr_find_button
  wait_rect lr_find_window 10
  expect_jq '.lr_find.done' true "$name: the range test finished in the background"
  [ "$(jqs '.lr_find.error')" = "" ] || fail "$name: the range test failed: $(jqs '.lr_find.error')"
  between "$(jqs '.lr_find.first_lr')" 0.9e-6 1.1e-6 || fail "$name: the sweep starts at $(jqs '.lr_find.first_lr'), not 1e-6"
  [ "$(jqs '.lr_find.points')" -ge 20 ] || fail "$name: only $(jqs '.lr_find.points') points"
  s=$(jqs '.lr_find.suggestion')
  note "$name: suggested lr $s (minimum/10: $(jqs '.lr_find.minimum')); $(jqs '.lr_find.stopped')"
  between "$s" "$lo" "$hi" || fail "$name: the suggestion $s is outside [$lo, $hi], where a full run reaches the bar"
  [ "$(jqs '.epoch')" = "$epoch0" ] && [ "$(jqs '.train_loss_17g')" = "$loss0" ] ||
    fail "$name: the explored run changed (epoch $(jqs '.epoch'), loss $(jqs '.train_loss_17g'))"
  wait_rect lr_find_plot 10
  click_on lr_find_use
  want=$(awk -v v="$s" 'BEGIN { printf "%.3g", v }')
  expect_true "(.lr - $want | fabs) < 1e-12 * $want + 1e-15" "$name: \"Use this rate\" sets the rate to $want"
  quit_app
}

# One preset per script (test_lr_find_spiral.sh sets the other): each app start is slow on a
# loaded machine.
read -r lo hi <<<"${LR_FIND_RANGE:-0.005 0.5}"
check "${LR_FIND_PRESET:-playground-default}" "$lo" "$hi"
echo "PASS: the range test's suggestion lies where full runs reach the bar, and applies in one click"
