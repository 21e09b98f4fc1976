#!/usr/bin/env bash
# GUI test: the top bar's controls, clicked and dragged with xdotool, checked in the state:
#   * the Step button trains one epoch; Shift+click one optimizer step (steps +1, same epoch);
#   * the Reset button goes back to epoch 0 with the same initial weights (same seed): the
#     epoch-0 train loss and every weight equal the first ones, bit for bit;
#   * the L2, activation and batch-size controls set the recipe (batch slider dragged to
#     either end: 1, then full batch);
#   * the pace slider dragged to its slowest: 0.1 epochs per second (with the full batch, 0.1
#     steps per second: steps barely move over 2 s); dragged to the other end: no limit;
#   * the optimizer combo changes the optimizer live while training: no reset, the epoch
#     keeps counting.
# Usage: bash test_top_bar.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

# The default preset without its epoch limit, so Play keeps playing until paused.
sed 's/"epochs": *[0-9]*/"epochs": 0/' "$SRC/assets/presets/playground-default.json" >"$tmp/exp.json"
start_app "$tmp/exp.json" --exit-after 150
expect epoch 0 "start"
loss0=$(live train_loss_17g)
weights0=$(jqs -c .weights)
per_epoch=$((500 / 2 / 10))  # 250 train points, batches of 10

note "the Step button"
click_on step
expect epoch 1 "Step trains one epoch"
expect steps $per_epoch "of $per_epoch optimizer steps"
still epoch 1 "Step"
read -r sx sy <<<"$(centre step)"
move "$sx" "$sy"
keydown shift
click "$sx" "$sy"
keyup shift
expect steps $((per_epoch + 1)) "Shift+Step makes one optimizer step"
still steps $((per_epoch + 1)) "Shift+Step"
[ "$(live epoch)" = 1 ] || fail "Shift+Step finished an epoch (epoch $(live epoch))"

note "the Reset button"
[ "$(live train_loss_17g)" != "$loss0" ] || fail "the loss did not move in an epoch"
click_on reset
expect epoch 0 "Reset goes back to epoch 0"
expect steps 0 "and step 0"
expect train_loss_17g "$loss0" "with the same epoch-0 train loss"
[ "$(jqs -c .weights)" = "$weights0" ] || fail "Reset did not give back the same initial weights"
note "Reset: the same initial weights"

note "L2, activation, batch size"
click_on combo_l2
click_on item_0.01
expect l2 0.01 "the L2 combo sets the L2 rate"
click_on combo_act_all
click_on item_relu
expect_jq '.activations | join(",")' relu,relu "the activation combo sets every hidden layer"
read -r bx by bw bh <<<"$(rect batch_top)"
drag $((bx + bw / 2)) $((by + bh / 2)) $((bx - 40)) $((by + bh / 2))
expect batch_size 1 "the batch slider dragged to the left: 1 point per step"
drag $((bx + 4)) $((by + bh / 2)) $((bx + bw + 40)) $((by + bh / 2))
expect batch_size 0 "dragged to the right: the full batch"
expect_jq '.training.batch_size' full "(the file says \"full\")"

note "the pace slider at its slowest"
read -r px py pw ph <<<"$(rect speed)"
drag $((px + pw - 4)) $((py + ph / 2)) $((px - 40)) $((py + ph / 2))
expect_true '(.pace - 0.1 | fabs) < 1e-9 and (.speed_limit - 0.1 | fabs) < 1e-9' \
  "the pace slider's left end: 0.1 epochs per second (full batch: 0.1 steps per second)"
click_on play
expect playing true "Play"
sleep 1
s0=$(live steps)
sleep 2
s1=$(live steps)
note "at 0.1 steps/s: $s0 -> $s1 steps in 2 s"
[ $((s1 - s0)) -le 1 ] || fail "at the slowest pace $((s1 - s0)) steps were made in 2 s"

read -r px py pw ph <<<"$(rect speed)"
drag $((px + 4)) $((py + ph / 2)) $((px + pw + 30)) $((py + ph / 2))
expect speed_limit 0.0 "the pace slider's right end: no limit"
sleep 1
s2=$(live steps)
sleep 1
[ $(($(live steps) - s2)) -gt 20 ] || fail "at full speed only $(($(live steps) - s2)) steps in a second"
e0=$(live epoch)

note "the optimizer, changed live"
click_on combo_optimizer
click_on item_adam
expect optimizer adam "the optimizer combo switches to Adam"
e1=$(live epoch)
[ "$e1" -ge "$e0" ] || fail "the optimizer change reset the run (epoch $e0 -> $e1)"
[ "$(live playing)" = true ] || fail "the optimizer change stopped the training"
sleep 2.5
e2=$(live epoch)
[ "$e2" -gt "$e1" ] || fail "the epoch did not keep counting after the change ($e1 -> $e2)"
note "epochs $e0 -> $e1 -> $e2: live, no reset"
expect_jq '.training.optimizer.lr' 0.03 "the learning rate the user chose is kept"

click_on play
expect playing false "Pause"
quit_app
echo "PASS: Step, Shift+Step, Reset, L2, activation, batch, pace and optimizer from the top bar"
