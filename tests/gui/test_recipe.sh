#!/usr/bin/env bash
# GUI test: the Recipe sheet (the top bar's "Recipe" button), every control changed with
# xdotool and checked in the state (the recipe as the experiment file says it):
#   output·loss, optimizer and a hyper-parameter of it (momentum), the learning rate typed in
#   (1e-5 … 10; a value outside is refused with a message and the rate stays), the learning-rate
#   slider, batch size, shuffle, L1, L2, dropout, init, seed, epochs, loss threshold. The
#   learning rate and the optimizer's settings change live, while training: no reset, the
#   epoch keeps counting. (Schedules: test_recipe_schedules.sh; each optimizer's own rows:
#   test_recipe_optimizers.sh.)
# Sliders are set as ImGui allows: Ctrl+click, type the value, Enter (and one dragged).
# Usage: bash test_recipe.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

# No epoch limit, and as fast as the CPU goes (the app's default pace is a watchable 60/s).
jq '.training.epochs = 0 | .app.pace = "max"' "$SRC/assets/presets/playground-default.json" >"$tmp/exp.json"
start_app "$tmp/exp.json" --exit-after 200

click_on recipe_button
expect recipe_open true "the Recipe button opens the recipe"
wait_rect recipe_window 10

# live_check WHAT: training went on through an edit (no reset, still playing, epoch counting).
live_check() {
  local before=$1 after
  after=$(live epoch)
  [ "$(live playing)" = true ] || fail "$2 stopped the training"
  [ "$after" -ge "$before" ] || fail "$2 reset the run (epoch $before -> $after)"
  sleep 0.6
  [ "$(live epoch)" -gt "$after" ] || fail "the epoch stopped counting after $2"
  note "$2: live (epoch $before -> $after -> $(live epoch))"
}

note "live changes while training"
key space
expect playing true "Play"
sleep 2
e0=$(live epoch)
[ "$e0" -gt 1000 ] || fail "only $e0 epochs in 2 s: too slow to tell a reset from a live change"
type_into lr_input 0.1 recipe_window
expect_true '.lr == 0.1 and .lr_in_force == 0.1' "the typed learning rate 0.1 is in force"
live_check "$e0" "typing the learning rate"
e0=$(live epoch)
pick combo_opt item_momentum recipe_window
expect optimizer momentum "the recipe's optimizer combo: momentum"
expect_true '.training.optimizer.lr == 0.1' "keeping the learning rate"
live_check "$e0" "changing the optimizer"
e0=$(live epoch)
slider_to hp_momentum 0.9 recipe_window
expect_true '.training.optimizer.momentum == 0.9' "the momentum slider: 0.9"
live_check "$e0" "changing the momentum"
key space
expect playing false "Pause"

note "the learning rate's range"
type_into lr_input 20 recipe_window
expect status_error true "a learning rate of 20 is refused"
expect_jq '.status | test("Learning rate 20 refused: it must be between 1e-05 and 10")' true "with a message saying why"
expect_true '.lr == 0.1' "and the rate stays 0.1"
type_into lr_input 0.0000001 recipe_window
expect_jq '.status | test("1e-07 refused")' true "so is 1e-7"
expect_true '.lr == 0.1' "the rate still 0.1"
type_into lr_input 0.00001 recipe_window
expect_true '.lr == 0.00001' "1e-5, the low end, is taken"
type_into lr_input 10 recipe_window
expect_true '.lr == 10' "10, the high end, is taken"
read -r lx ly lw lh <<<"$(rect lr_slider)"
drag $((lx + lw - 4)) $((ly + lh / 2)) $((lx - 60)) $((ly + lh / 2))
expect_true '.lr == 0.00001' "the learning-rate slider dragged to its left end: 1e-5"

note "output and loss"
pick combo_outloss "item_sigmoid+binary_cross_entropy" recipe_window
expect_jq '.output + " " + .loss' "sigmoid binary_cross_entropy" "output · loss"

note "batches"
slider_to batch_slider 25 recipe_window
expect batch_size 25 "batch size 25"
scroll_to shuffle recipe_window
shuffle0=$(jqs .training.shuffle)
click_on shuffle
expect_true ".training.shuffle == ($shuffle0 | not)" "Shuffle toggles"

note "regularization"
type_into input_L1 0.001 recipe_window
expect_true '.l1 == 0.001' "L1 0.001"
slider_to slider_L2 0.02 recipe_window
expect_true '.l2 == 0.02' "L2 0.02"
slider_to dropout 0.25 recipe_window
expect_true '.dropout == 0.25' "dropout 0.25"

note "initialization and stopping"
pick combo_init item_xavier_uniform recipe_window
expect_jq '.network.init' xavier_uniform "init xavier_uniform"
type_into seed 42 recipe_window
expect seed 42 "seed 42"
type_into epochs 300 recipe_window
expect_jq '.training.epochs' 300 "300 epochs"
type_into loss_threshold 0.01 recipe_window
expect_true '.training.loss_threshold == 0.01' "loss threshold 0.01"

key Escape
expect recipe_open false "Escape closes the recipe"
quit_app
echo "PASS: every recipe control took effect; learning rate and optimizer changed live"
