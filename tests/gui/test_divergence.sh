#!/usr/bin/env bash
# GUI test: the divergence banner's buttons, on the lr-too-high preset (learning rate 3):
#   * it diverges: state diverged, weights not finite, the banner shows;
#   * "Learning rate ÷ 10" sets the rate to 0.3, live (still the same diverged run);
#   * "Back to last finite weights" brings finite weights back: no longer diverged, the banner
#     goes, and training goes on from there at the lower rate (finite loss after more epochs);
#   * Ctrl+S while diverged saves the last finite weights (a file that loads again), and the
#     status line says which weights were saved;
#   * diverged again (rate back to 3 from the top bar), the banner's "Reset" goes to epoch 0
#     with the initial weights (the same epoch-0 train loss as at the start).
# Usage: bash test_divergence.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

# Without its 5-epoch limit, so training can go on after the way back.
sed 's/"epochs": *[0-9]*/"epochs": 0/' "$SRC/assets/presets/lr-too-high.json" >"$tmp/exp.json"
start_app "$tmp/exp.json" --exit-after 150
loss0=$(live train_loss_17g)
weights0=$(jqs -c .weights)

key space
expect state diverged "learning rate 3 diverges"
expect params_finite false "the weights are not finite"
expect playing false "training paused"
wait_rect restore_finite 10
epoch=$(live epoch)
note "diverged at epoch $epoch: $(jqs .divergence.what)"

key ctrl s
expect file_dialog save_experiment "Ctrl+S opens the save dialog"
wait_rect file_path 10
type_text "$tmp/diverged.json"
expect file_dialog null "saved"
[ -s "$tmp/diverged.json" ] || fail "Ctrl+S after the divergence wrote no diverged.json"
jq -e '[.weights.W[][][], .weights.b[][]] | length > 0 and all(type == "number")' "$tmp/diverged.json" >/dev/null ||
  fail "diverged.json's weights are not all numbers: $(jq -c .weights "$tmp/diverged.json" | head -c 300)"
expect_true '.status | contains("last finite weights")' "the status line says the last finite weights were saved"
"$BIN" --headless "$tmp/diverged.json" --epochs 0 --quiet >"$tmp/reload.txt" 2>&1 ||
  fail "diverged.json does not load again: $(cat "$tmp/reload.txt")"
note "diverged.json loads again: $(cat "$tmp/reload.txt")"

click_on banner_lr_down
expect_true '.lr == 0.3' "Learning rate ÷ 10: 0.3"
[ "$(live state)" = diverged ] || fail "dividing the rate undid the divergence by itself"

click_on restore_finite
expect params_finite true "Back to last finite weights: finite again"
expect_true '.state != "diverged" and .divergence == null' "no longer diverged"
wait_gone restore_finite 10
[ "$(live epoch)" -ge $((epoch - 1)) ] || fail "the way back also went back to epoch $(live epoch)"
key space
sleep 2
key space
expect playing false "paused"
expect params_finite true "training at 0.3 from there stays finite"
expect_true '.train_loss != null' "with a finite loss"
note "at 0.3: epoch $(live epoch), train loss $(live train_loss)"

click_on combo_lr
click_on item_3
expect_true '.lr == 3' "the rate back to 3"
key space
expect state diverged "diverged again"
click_on banner_reset
expect epoch 0 "the banner's Reset: epoch 0"
expect params_finite true "finite weights"
expect_true '.state != "diverged"' "no longer diverged"
[ "$(jqs -c .weights)" = "$weights0" ] || fail "Reset did not give the initial weights back"
expect train_loss_17g "$loss0" "the epoch-0 train loss of the start"
wait_gone restore_finite 10
quit_app
echo "PASS: the divergence banner: rate ÷ 10, back to finite weights, reset"
