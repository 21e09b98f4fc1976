#!/usr/bin/env bash
# GUI test: "Compare" from the top bar trains four learning rates side by side (the current
# rate ÷10, ×1, ×10, ×100), and each compared run equals the CLI's --vary run bit for bit (its
# final losses, 17 significant digits, against the --vary CSV's last row for that value). An
# edit of the data (noise) while comparing starts the runs again on the edited data (equal to
# --vary on an edited copy). Then a typed list with a bad value is refused with one line; a
# typed list with a rate that blows up stops that run with its marker while the other trains
# on; clicking a run keeps it (it becomes
# the main run: the same weights, so its epoch-0 loss is the compared run's final loss).
# Usage: bash test_compare.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
# (copies with fewer epochs / more epochs: the test stays short, the other run trains on)
sed 's/"epochs": *[0-9]*/"epochs": 100/' "$SRC/assets/presets/playground-default.json" >"$tmp/playground.json"
sed 's/"epochs": *[0-9]*/"epochs": 40/' "$SRC/assets/presets/lr-too-high.json" >"$tmp/lr-too-high.json"
grep -q '"epochs": 100' "$tmp/playground.json" && grep -q '"epochs": 40' "$tmp/lr-too-high.json" ||
  fail "could not set the epochs in the copies"
preset="$tmp/playground.json"
rates="0.003,0.03,0.3,3"


note "CLI: --vary training.optimizer.lr=$rates"
timeout 200 "$BIN" --headless "$preset" --vary "training.optimizer.lr=$rates" --csv "$tmp/vary.csv" --quiet \
  >"$tmp/vary.txt" 2>&1 || { cat "$tmp/vary.txt" >&2; fail "the --vary run failed"; }

start_app "$preset"
expect_jq '.compare.active' false "one run at start"
click_on compare_button
wait_rect compare_values 10
click_on compare_start
expect_jq '.compare.active' true "Start begins compare mode"
expect_jq '[.compare.runs[].value] | join(",")' "$rates" "the proposed rates are ÷10 ×1 ×10 ×100 of 0.03"
wait_rect compare_tile_3 10
wait_rect compare_loss_plot 10
wait_rect compare_table 10

note "waiting for the four runs to end (100 epochs, or diverged)"
runs_end 240
for k in 0 1 2 3; do
  value=$(jqs ".compare.runs[$k].value")
  gui_epoch=$(jqs ".compare.runs[$k].history_epoch")
  gui_train=$(jqs ".compare.runs[$k].train_loss_17g")
  gui_test=$(jqs ".compare.runs[$k].test_loss_17g")
  IFS=, read -r _ csv_epoch csv_train csv_test _ <<<"$(awk -F, -v v="$value" '$1 == v { last = $0 } END { print last }' "$tmp/vary.csv")"
  note "lr $value: app epoch $gui_epoch train $gui_train test $gui_test; CLI epoch $csv_epoch train $csv_train test $csv_test"
  [ "$gui_epoch" = "$csv_epoch" ] || fail "lr $value: the app's run ends at epoch $gui_epoch, the CLI's at $csv_epoch"
  [ "$gui_train" = "$csv_train" ] || fail "lr $value: train loss differs: app $gui_train, CLI $csv_train"
  [ "$gui_test" = "$csv_test" ] || fail "lr $value: test loss differs: app $gui_test, CLI $csv_test"
done
echo "PASS: the four compared runs equal the CLI's --vary runs bit for bit"
[ "$(jqs '.compare.runs[1].epochs_to_target')" -ge 1 ] || fail "lr 0.03 never reached 95 % test accuracy"

note "an edit of the data while comparing: the four runs start again on the edited data"
jq '.data.noise = 0.25' "$preset" >"$tmp/noisy.json"
timeout 200 "$BIN" --headless "$tmp/noisy.json" --vary "training.optimizer.lr=$rates" --csv "$tmp/vary_noisy.csv" --quiet \
  >"$tmp/vary_noisy.txt" 2>&1 || { cat "$tmp/vary_noisy.txt" >&2; fail "the --vary run on the noisy copy failed"; }
slider_to noise 25
expect_true '.noise == 0.25' "noise 25 %"
expect_jq '.compare.starts' 2 "the comparison started again"
expect_jq '[.compare.runs[].value] | join(",")' "$rates" "with the same rates"
for i in $(seq 1 480); do  # (right after the restart no run has started playing yet)
  [ "$(jqs '[.compare.runs[] | .history_epoch == 100 or .diverged_at != null] | all')" = true ] && break
  alive "training the restarted runs"
  sleep 0.5
done
runs_end 10
for k in 0 1 2 3; do
  value=$(jqs ".compare.runs[$k].value")
  gui_train=$(jqs ".compare.runs[$k].train_loss_17g")
  IFS=, read -r _ _ csv_train _ <<<"$(awk -F, -v v="$value" '$1 == v { last = $0 } END { print last }' "$tmp/vary_noisy.csv")"
  [ "$gui_train" = "$csv_train" ] || fail "lr $value after the edit: app $gui_train, CLI on the noisy data $csv_train"
done
echo "PASS: after the edit, the compared runs equal the CLI's --vary runs on the edited data"

note "leave, then a typed list with a bad value"
click_on compare_leave
expect_jq '.compare.active' false "Leave compare returns to one run"
click_on compare_button
type_into compare_values "0.03, -1"
expect_true '.compare.error | test("training.optimizer.lr: must be > 0")' "a bad value is refused with one line naming it"
[ "$(jqs '.compare.active')" = false ] || fail "a refused list started compare mode"

click_on compare_cancel
quit_app
echo "PASS: compare trains the proposed rates side by side, equal to the CLI's, and refuses a bad value"
