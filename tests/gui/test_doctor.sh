#!/usr/bin/env bash
# GUI test: the doctor strip and the confusion matrix (issue 13), driven with xdotool:
#   * playground-default: no finding in its first epochs nor once trained; the confusion tab's
#     matrix counts every test point and its diagonal is the test accuracy;
#   * dying-relu: the doctor names dead_units and the canvas marks dead units
#   (vanishing-gradients: test_inside.sh; the other presets: test_doctor_presets.sh).
# Usage: bash test_doctor.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
P="$SRC/assets/presets"

note "playground-default trained: healthy, the confusion matrix"
start_app "$P/playground-default.json" --exit-after 250
click_on tab_confusion
for i in 1 2 3; do key s; done
expect epoch 3 "three epochs stepped"
sleep 0.5
expect_jq '.inside.doctor | length' 0 "no false alarm in the first epochs of a healthy run"
key space
expect state finished "trained to its 500 epochs"
expect_jq '.inside.doctor | length' 0 "the doctor finds nothing on playground-default"
wait_rect doctor_healthy 10
expect_true "(.inside.confusion | add) == .test_count" "the confusion matrix counts every test point"
acc=$(jqs '(.inside.confusion[0] + .inside.confusion[3]) / .test_count')
awk -v a="$acc" -v b="$(live test_metric)" 'BEGIN { exit !(a - b < 1e-9 && b - a < 1e-9) }' ||
  fail "the matrix's diagonal ($acc) is not the test accuracy ($(live test_metric))"
note "diagonal share $acc = test accuracy"
quit_app

note "dying-relu: dead units"
start_app "$P/dying-relu.json" --exit-after 250
key space
expect_true '.state != "running" or .epoch >= 100' "dying-relu trains"
expect_true '.inside.doctor | index(["dead_units"]) != null' "the doctor names dead units"
expect_true '([.inside.dead_units[]] | add) > 0' "the canvas marks dead units"
note "dead units per layer: $(jqs -c .inside.dead_units)"
quit_app
