#!/usr/bin/env bash
# GUI test: the pace (issue 10, item 1), checked in the state:
#   * the default pace is 60 epochs per second (Playground's one epoch per displayed frame):
#     the trainer's step limit is 60 × the steps per epoch, and the run is not over at once;
#   * "max" is one click away, and one more click goes back;
#   * a preset sets its own pace (app.pace);
#   * the epoch limit is a pause point: Play after it asks; "Stay" stays, "Go on" trains past
#     it with the limit kept in the experiment; Reset pauses there again;
#   * the pace's value is always readable (issue 10, "slider grabs cover their values"): its
#     caption says it ("Pace · 60 ep/s"), not cut off and clear of the slider's grab wherever
#     the grab is (at the default, at max, dragged to the slowest), as the layout file says.
# Usage: bash test_pace.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

# value_in_sight TEXT WHAT: the pace's caption says TEXT; its text ("speed_value") is whole and
# does not touch the slider's grab ("speed_grab"), which is inside the slider ("speed").
value_in_sight() {
  expect_jq .pace_caption "$1" "$2: the caption says it"
  sleep 0.3  # the layout file of the same frame
  local v g k
  v=$(rect speed_value)
  g=$(rect speed_grab)
  k=$(rect speed)
  [ -n "$v" ] && [ -n "$g" ] && [ -n "$k" ] || fail "$2: no speed_value, speed_grab or speed in the layout"
  ! grep -q '^speed_value .* clipped$' "$DESCENT_LAYOUT_FILE" || fail "$2: the pace's value is cut off"
  echo "$v $g $k" | awk '{
      ox = ($1 + $3 < $5 + $7 ? $1 + $3 : $5 + $7) - ($1 > $5 ? $1 : $5)
      oy = ($2 + $4 < $6 + $8 ? $2 + $4 : $6 + $8) - ($2 > $6 ? $2 : $6)
      if (ox > 0 && oy > 0) exit 1                                       # the text under the grab
      if ($5 < $9 || $5 + $7 > $9 + $11 || $6 < $10 || $6 + $8 > $10 + $12) exit 2  # a grab outside its slider
    }' || fail "$2: the pace's value ($v) and the grab ($g) in the slider ($k) overlap, or the grab is off the slider"
  note "$2: value at $v, grab at $g"
}

start_app "$SRC/assets/presets/playground-default.json" --exit-after 200
expect_true '.pace == 60' "the default pace is 60 epochs per second"
expect_true '.speed_limit == 60 * 25' "the trainer's limit: 60 epochs of 25 steps a second"
value_in_sight "Pace · 60 ep/s" "the default pace"

note "max, one click away"
click_on pace_max
expect_true '.speed_limit == 0 and .pace_slider >= 0.999' "max: no limit"
value_in_sight "Pace · max" "at max (the grab at the right end)"
click_on pace_max
expect_true '.pace == 60' "a second click goes back to 60 epochs per second"

note "play at the default pace"
key space
expect playing true "Space plays"
sleep 1
e1=$(live epoch)
note "epoch $e1 after about a second"
[ "$e1" -lt 400 ] || fail "the run is nearly over after a second (epoch $e1): not watchable"
expect state finished "the run pauses at its epoch limit"
expect epoch 500 "at epoch 500"

note "Play after the limit asks"
key space
expect go_on_prompt true "Play at the limit asks whether to go on"
click_on go_on_stay
expect go_on_prompt false "Stay closes the question"
still epoch 500 "Stay"
click_on play
expect go_on_prompt true "the Play button asks likewise"
click_on go_on
expect playing true "Go on plays"
expect limits_lifted true "past the limit"
expect_true '.epoch > 500' "training goes on past epoch 500"
expect epochs_limit 500 "the experiment keeps its limit"
key space
expect playing false "Space pauses"
key r
expect epoch 0 "R resets"
expect limits_lifted false "Reset brings the limit back"

note "the pace's value at the slowest"
read -r px py pw ph <<<"$(rect speed)"
drag $((px + pw / 2)) $((py + ph / 2)) $((px - 40)) $((py + ph / 2))
expect_true '(.pace - 0.1 | fabs) < 1e-9' "the slider dragged to its left end: 0.1 epochs per second"
value_in_sight "Pace · 0.1 ep/s" "at the slowest (the grab at the left end)"
click_on pace_max
click_on pace_max
expect_true '(.pace - 0.1 | fabs) < 1e-9' "max and back: the pace it left, 0.1"
quit_app

note "a preset's own pace"
sed 's/"seed": 7,/"seed": 7, "app": { "pace": 12.5 },/' "$SRC/assets/presets/playground-default.json" >"$tmp/paced.json"
grep -q '"pace": 12.5' "$tmp/paced.json" || fail "could not add app.pace to the preset"
start_app "$tmp/paced.json" --exit-after 100
expect_true '.pace == 12.5' "app.pace sets the pace"
quit_app
echo "PASS: default pace, max in one click, a preset's pace, the epoch limit as a pause point; the pace's value readable, clear of the grab"
