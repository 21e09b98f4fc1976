#!/usr/bin/env bash
# GUI test: compare with a typed list on the lr-too-high preset: the rate that blows up stops
# with its marker ("diverged at epoch N") while the other trains on; clicking a run keeps it
# (it becomes the main run with the same weights, so the main run's epoch-0 loss is the
# compared run's final loss, to the last digit).
# Usage: bash test_compare_keep.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
sed 's/"epochs": *[0-9]*/"epochs": 40/' "$SRC/assets/presets/lr-too-high.json" >"$tmp/lr-too-high.json"
grep -q '"epochs": 40' "$tmp/lr-too-high.json" || fail "could not set the epochs in the copy"


note "the lr-too-high preset: a typed list whose second rate blows up"
start_app "$tmp/lr-too-high.json"
click_on compare_button
click_on compare_values
type_text "0.03, 3"
expect_jq '.compare.active' true "Enter starts the typed list"
expect_jq '[.compare.runs[].value] | join(",")' "0.03,3" "two runs, as typed"
expect_jq '.compare.runs[1].state' diverged "lr 3 diverges"
div=$(jqs '.compare.runs[1].diverged_at')
note "lr 3 diverged at epoch $div"
expect_true "(.compare.runs[1].epoch <= $div) and (.compare.runs[0].epoch > $div + 5)" "the diverged run stops while the other trains on"

note "keep the first run"
runs_end 120
final=$(jqs '.compare.runs[0].train_loss_17g')
click_on compare_tile_0
expect_jq '.compare.active' false "clicking a run leaves compare mode"
expect lr 0.03 "the kept run's rate is the main run's"
expect_jq '.train_loss_17g' "$final" "the main run starts from the kept run's weights (its loss is the compared run's final one)"
quit_app
echo "PASS: compare trains runs side by side, refuses bad values, stops a diverged run, keeps a run"
