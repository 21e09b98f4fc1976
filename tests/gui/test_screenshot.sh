#!/usr/bin/env bash
# GUI test: the default preset, trained for a moment, saved with --screenshot. Inside the
# output view the circle's centre must show one class colour and the four corners the other
# (the Playground circle: a disc of one class inside a ring of the other).
# Usage: bash test_screenshot.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test --own-display "$@"
need xvfb-run convert

note "screenshot of the default preset after training"
timeout 240 xvfb-run "${XVFB_ARGS[@]}" "$BIN" --screenshot "$tmp/out.png" --frames 150 --play \
  --exit-after 180 --print-state >"$tmp/state.json" 2>"$tmp/stderr.txt" ||
  { cat "$tmp/stderr.txt" >&2; fail "descent exited with an error"; }
[ -s "$tmp/out.png" ] || fail "no screenshot written"
size=$(identify -format '%wx%h' "$tmp/out.png")
[ "$size" = "1280x800" ] || fail "screenshot is $size, expected 1280x800"

epoch=$(json_field epoch "$tmp/state.json")
acc=$(json_field train_metric "$tmp/state.json")
note "trained to epoch $epoch, train accuracy $acc"
[ "${epoch:-0}" -gt 50 ] || fail "training did not run (epoch $epoch)"

read -r x y w h <<<"$(rect output_view)"
[ -n "${w:-}" ] || fail "the app did not report the output view's rectangle"
note "output view at $x,$y size ${w}x$h"
inset=$((w / 12))
centre=$(class_of "$(colour_at "$tmp/out.png" $((x + w / 2)) $((y + h / 2)))")
note "centre: $centre ($(colour_at "$tmp/out.png" $((x + w / 2)) $((y + h / 2))))"
[ "$centre" != neutral ] || fail "the centre of the circle has no class colour"
for corner in "$((x + inset)) $((y + inset))" "$((x + w - inset)) $((y + inset))" \
              "$((x + inset)) $((y + h - inset))" "$((x + w - inset)) $((y + h - inset))"; do
  rgb=$(colour_at "$tmp/out.png" $corner)
  cls=$(class_of "$rgb")
  note "corner ($corner): $cls ($rgb)"
  [ "$cls" != neutral ] || fail "corner ($corner) has no class colour: $rgb"
  [ "$cls" != "$centre" ] || fail "corner ($corner) has the centre's colour ($cls): the boundary was not learned"
done
echo "PASS: centre $centre, corners the other class"
