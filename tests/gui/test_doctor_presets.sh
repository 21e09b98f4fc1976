#!/usr/bin/env bash
# GUI test: the doctor strip names the problem of lr-too-high (lr_too_high), lr-too-low
# (lr_too_low) and overfitting (overfitting) once each has run (issue 13; the other presets:
# test_doctor.sh, test_inside.sh).
# Usage: bash test_doctor_presets.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
P="$SRC/assets/presets"

note "the other problem presets: the doctor's diagnosis in the window"
for pair in lr-too-high:lr_too_high lr-too-low:lr_too_low overfitting:overfitting; do
  preset=${pair%%:*}
  id=${pair##*:}
  start_app "$P/$preset.json" --exit-after 250
  key space
  expect_true '.state != "running"' "$preset runs to its end (or diverges)"
  expect_true ".inside.doctor | index([\"$id\"]) != null" "$preset: the doctor names $id"
  wait_rect "doctor_$id" 10
  note "$preset: $(jqs -c .inside.doctor)"
  doctor_fits "$preset"
  quit_app
done

# A deep network whose canvas has no room for its tools: they move into the strip, and the
# finding's text wraps left of them, on as many lines as the strip is tall.
start_app --lesson 06-optimizers --exit-after 250
wait_rect lesson_action 20
click_on lesson_action
expect epoch 100 "the lesson's first step plays 100 epochs"
wait_rect doctor_underfitting 10
wait_rect net_tools 10
read -r tx ty tw th <<<"$(rect net_tools)"
[ "$ty" -ge $(($(doctor_top) - 8)) ] || fail "the network's tools (y $ty) are not in the doctor's strip (from y $(doctor_top))"
doctor_fits "06-optimizers after its first step"
quit_app
