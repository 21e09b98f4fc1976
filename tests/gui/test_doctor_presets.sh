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
  quit_app
done
