#!/usr/bin/env bash
# GUI test: drag and drop onto the window, as from a file manager. descent_xdnd_drop (built
# with the tests, tests/gui/xdnd_drop.cpp) speaks XDND to the Descent window: it drops
#   * an experiment .json -> the app opens it (title, hidden layers, epoch 0);
#   * a data .csv -> the points are the file's (count and classes), as CSV data;
#   * a broken .json -> the status line is an error naming the file, the app keeps running and
#     keeps the experiment it had.
# Usage: bash test_drop.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
DROP=${DESCENT_XDND_DROP:-$(dirname "$BIN")/tests/descent_xdnd_drop}
[ -x "$DROP" ] || fail "no XDND drop tool at $DROP (built as descent_xdnd_drop with the GUI)"

cp "$SRC/assets/presets/xor-with-cross.json" "$tmp/dropped experiment.json"  # a space: %20 in the URI
{
  echo "x1,x2,y"
  for i in $(seq 1 30); do echo "$((i % 5 - 3)).5,$((i % 7 - 3)).25,1"; done
  for i in $(seq 1 12); do echo "-$((i % 4)).75,$((i % 3)).5,0"; done
} >"$tmp/dropped.csv"
printf '{ "descent": 1, "network": { "hidden": [4], "activation": "tanhh" } }\n' >"$tmp/broken.json"

start_app --exit-after 120
# drop FILE: onto the middle of the network canvas.
drop() {
  rest
  "$DROP" "$wid" $((X + WIDTH / 2)) $((Y + HEIGHT / 2)) "$1" || fail "the drop of $1 failed"
}

drop "$tmp/dropped experiment.json"
expect title "XOR with the cross feature" "a dropped .json opens that experiment"
expect_jq '.hidden | tostring' '[]' "with its network"
expect_jq '.current_path | endswith("/dropped experiment.json")' true "and its path (spaces and all)"

drop "$tmp/dropped.csv"
expect points 42 "a dropped .csv gives its 42 points"
expect data_source csv "as CSV data"
expect_jq '.class_counts | tostring' '[12,30]' "12 of class 0 and 30 of class 1"

drop "$tmp/broken.json"
expect status_error true "a broken .json is an error"
expect_jq '.status | contains("broken.json")' true "naming the file"
alive "a broken drop"
[ "$(live title)" = "XOR with the cross feature" ] || fail "the broken file replaced the experiment"
[ "$(live points)" = 42 ] || fail "the broken file lost the data"
key s
expect epoch 1 "the app still trains after it"

quit_app
echo "PASS: dropped .json opened, dropped .csv loaded, broken file reported"
