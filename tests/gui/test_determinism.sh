#!/usr/bin/env bash
# GUI test: the app and the headless CLI train the same numbers. The app plays a preset to its
# epoch limit on its trainer thread (--play --exit-when-done; --exit-after guards against a
# hang) and prints its final state; the CLI trains the same preset with --csv. The final train
# and test loss must be the CSV's last row, bit for bit (both are printed with 17 significant
# digits, which identify a double exactly). Three runs: plain SGD, shuffled mini-batches with
# L2, and dropout.
# Usage: bash test_determinism.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test --own-display "$@"
need xvfb-run

# check NAME FILE: the app's final losses on FILE equal the CLI's CSV's last row.
check() {
  local name=$1 preset=$2 epochs last csv_epoch csv_train csv_test state epoch hist_epoch app_train app_test
  epochs=$(grep -o '"epochs": *[0-9]*' "$preset" | grep -o '[0-9]*$')
  [ -n "$epochs" ] || fail "no epoch limit in $preset"

  note "$name, headless: $epochs epochs with --csv"
  timeout 120 "$BIN" --headless "$preset" --csv "$tmp/$name.csv" --quiet >"$tmp/$name.txt" 2>&1 ||
    { cat "$tmp/$name.txt" >&2; fail "$name: the headless run failed"; }
  last=$(tail -1 "$tmp/$name.csv")
  IFS=, read -r csv_epoch csv_train csv_test _ <<<"$last"
  note "$name, CSV last row: $last"
  [ "$csv_epoch" = "$epochs" ] || fail "$name: the CSV ends at epoch $csv_epoch, expected $epochs"

  note "$name, app: --play until the run finishes"
  timeout 200 xvfb-run "${XVFB_ARGS[@]}" "$BIN" "$preset" --play --exit-when-done --exit-after 150 \
    --print-state >"$tmp/$name.state" 2>"$tmp/stderr.txt" ||
    { cat "$tmp/stderr.txt" >&2; fail "$name: descent exited with an error"; }
  [ -s "$tmp/$name.state" ] || fail "$name: descent printed no state"
  state=$(json_field state "$tmp/$name.state")
  epoch=$(json_field epoch "$tmp/$name.state")
  hist_epoch=$(json_field history_epoch "$tmp/$name.state")
  app_train=$(json_field train_loss_17g "$tmp/$name.state")
  app_test=$(json_field test_loss_17g "$tmp/$name.state")
  note "$name, app: state $state, epoch $epoch, train loss $app_train, test loss $app_test"
  [ "$state" = finished ] || fail "$name: the app did not finish its $epochs epochs within the guard (state $state, epoch $epoch)"
  [ "$epoch" = "$epochs" ] || fail "$name: the app stopped at epoch $epoch, expected $epochs"
  [ "$hist_epoch" = "$csv_epoch" ] || fail "$name: the app's last history row is epoch $hist_epoch, the CSV's $csv_epoch"
  [ "$app_train" = "$csv_train" ] || fail "$name: train loss differs: app $app_train, CLI $csv_train"
  [ "$app_test" = "$csv_test" ] || fail "$name: test loss differs: app $app_test, CLI $csv_test"
  echo "PASS: $name: epoch $epoch, train loss $app_train and test loss $app_test in both"
}

# Plain SGD in file order; then shuffled mini-batches with L2 (the shuffle RNG); then dropout
# (the dropout RNG) on a relu network, from a copy of a preset.
check playground-default "$SRC/assets/presets/playground-default.json"
check overfitting-l2 "$SRC/assets/presets/overfitting-l2.json"
sed 's/"dropout": *[0-9.]*/"dropout": 0.2/' "$SRC/assets/presets/dying-relu.json" >"$tmp/dropout.json"
grep -q '"dropout": 0.2' "$tmp/dropout.json" || fail "could not set dropout in the dying-relu copy"
check dropout "$tmp/dropout.json"
