#!/usr/bin/env bash
# GUI test: the Recipe sheet's schedules and their own controls, set with xdotool and checked
# in the state: step (step size, gamma), exponential (gamma — brought into its slider's range
# when it comes from another schedule), cosine (t_max, eta_min), warm-up epochs; and the ways
# to close the window: its title bar's ×, the Recipe button (a toggle).
# Sliders are set with Ctrl+click, the value typed, Enter.
# Usage: bash test_recipe_schedules.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

start_app --exit-after 200
key s
expect epoch 1 "one epoch"
click_on recipe_button
wait_rect recipe_window 10

# set_hp SLIDER TEXT FILTER: set a slider, then FILTER (on .training) must be true.
set_hp() {
  slider_to "$1" "$2" recipe_window
  expect_true ".training | $3" "$1 = $2"
}

pick combo_sched item_step recipe_window
expect_jq .training.schedule.name step "schedule step"
set_hp sched_step_size 20 '.schedule.step_size == 20'
set_hp sched_gamma 0.3 '.schedule.gamma == 0.3'
pick combo_sched item_exponential recipe_window
expect_jq .training.schedule.name exponential "schedule exponential"
expect_true '.training.schedule.gamma >= 0.9 and .training.schedule.gamma <= 1' "with a gamma in its slider's range"
set_hp sched_gamma 0.95 '.schedule.gamma == 0.95'
pick combo_sched item_cosine recipe_window
expect_jq .training.schedule.name cosine "schedule cosine"
set_hp sched_t_max 200 '.schedule.t_max == 200'
set_hp sched_eta_min 0.001 '.schedule.eta_min == 0.001'
set_hp sched_warm-up_epochs 5 '.schedule.warmup_epochs == 5'
read -r rx ry rw rh <<<"$(rect recipe_window)"
click $((rx + rw - 14)) $((ry + 11))
expect recipe_open false "the title bar's x closes the recipe"
click_on recipe_button
expect recipe_open true "the Recipe button opens it again"
click_on recipe_button
expect recipe_open false "and closes it"
quit_app
echo "PASS: every schedule's own controls took effect; the recipe sheet closes both ways"
