#!/usr/bin/env bash
# GUI test: the classroom views, driven with xdotool and checked in the state file:
#   * --lesson opens a lesson on its first step: the card says "step 1/3" and the run is the
#     step's experiment (full batch); PgDn, → and ←, PgUp move between steps (→ does not train);
#   * a multiple-choice question: Reveal is refused until an answer is picked, then plays the
#     step (100 epochs) and marks the right answer;
#   * the card collapses to one line and opens again;
#   * a lesson picked from the Open dialog's list; its drawn-prediction question: a drag on the
#     output view draws a stroke (and paints no point), which stays after the reveal;
#   * F5 presentation mode: only the network and output views (the data panel is gone), high
#     contrast, a larger font (the settings' scale untouched); the top bar on hover; Esc leaves;
#   * Export animation: a GIF written in the background, its frames counted by ImageMagick.
# Usage: bash test_classroom.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

start_app --lesson 04-gradient-descent --exit-after 200
wait_rect lesson_card 20
expect_jq '.lesson.step' 1 "--lesson opens the lesson's first step"
read -r lx ly lw lh <<<"$(rect lesson_card)"
dy=$(doctor_top)
[ -n "$dy" ] || fail "no doctor's strip in the layout"
[ $((ly + lh)) -le "$dy" ] || fail "the lesson card (bottom $((ly + lh))) covers the doctor's strip (top $dy)"
expect_jq '.lesson.steps' 3 "of 3 steps"
expect batch_size 0 "the first step's experiment: full batch"
expect lr 0.3 "at rate 0.3"

note "clicker keys"
key Next
expect_jq '.lesson.step' 2 "Page Down: the next step"
expect batch_size 1 "its settings applied: one point per step"
expect lr 0.03 "and rate 0.03"
key Right
expect_jq '.lesson.step' 3 "→: the next step"
expect batch_size 10 "mini-batches"
[ "$(live epoch)" = 0 ] || fail "→ trained an epoch instead of moving the lesson on"
key Left
expect_jq '.lesson.step' 2 "←: back one step"
key Prior
expect_jq '.lesson.step' 1 "Page Up: back one step"
key Next
expect_jq '.lesson.step' 2 "(on to the question)"

note "a question, then the reveal"
click_on lesson_action
expect_jq '.lesson.revealed' false "Reveal without an answer is refused"
expect status_error true "with a line in the status bar"
click_on lesson_choice_0
expect_jq '.lesson.chosen' 0 "an answer picked"
click_on lesson_action
expect_jq '.lesson.revealed' true "Reveal"
wait_rect lesson_right_mark 10
wait_rect lesson_wrong_mark 10
note "the right answer is marked, and the wrong pick"
expect epoch 100 "the reveal plays the step: 100 epochs"

note "collapse"
click_on lesson_collapse
expect_jq '.lesson.collapsed' true "the card collapses"
wait_gone lesson_title 10
click_on lesson_collapse
wait_rect lesson_title 10

note "a lesson from the Open dialog, and a drawn prediction"
click_on file_open
click_on lesson_02-activations
expect_jq '.lesson.title' Activations "a lesson picked from the Open dialog's list"
expect_jq '.activations | join(",")' linear,linear "its first step: linear activations"
points=$(live points)
paint0=$(live paint_enabled)
click_on lesson_draw
expect_jq '.lesson.drawing' true "drawing armed"
expect paint_enabled false "(painting points is off while drawing)"
read -r vx vy vw vh <<<"$(rect output_view)"
drag $((vx + vw / 4)) $((vy + vh / 4)) $((vx + 3 * vw / 4)) $((vy + 3 * vh / 4))
expect_jq '.lesson.strokes' 1 "a drag on the output view draws one stroke"
expect_true '.lesson.stroke_points >= 3' "of several points"
[ "$(live points)" = "$points" ] || fail "drawing painted data points"
click_on lesson_action
expect_jq '.lesson.revealed' true "Reveal"
expect paint_enabled "$paint0" "painting as it was before drawing"
expect epoch 200 "the step played"
expect_jq '.lesson.strokes' 1 "the drawn prediction stays overlaid after the reveal"

note "presentation mode"
wait_rect data_panel 5
key F5
expect presenting true "F5: presentation mode"
expect high_contrast true "with the high-contrast theme"
wait_gone data_panel 10
wait_gone play 10
wait_rect lesson_card 10
awk -v s="$(live ui_scale)" "BEGIN { exit !(s == 1) }" || fail "presentation changed the saved UI scale ($(live ui_scale))"
# At 1.5× in the narrower output column nothing is cut off (the plots' "Inspect…" went past the
# window's edge; a panel's own rectangle is its container, not an item).
wait_rect inspect_open 10
cut=$(awk '$NF == "clipped" && $1 !~ /_panel$/ { print $1 }' "$DESCENT_LAYOUT_FILE" | sort -u | tr '\n' ' ')
[ -z "$cut" ] || fail "presentation mode cuts off: $cut"
note "presentation mode: nothing cut off"
move $((WIDTH / 2)) 10
wait_rect play 10
note "the top bar appears on hover"
rest
key Escape
expect presenting false "Esc leaves presentation mode"
wait_rect data_panel 10

note "export an animation"
click_on file_export_animation
wait_rect export_window 10
# It opens over the canvas, clear of the output view it animates.
read -r ex ey ew eh <<<"$(rect export_window)"
read -r ox oy ow oh <<<"$(rect output_view)"
[ $((ex + ew)) -le "$ox" ] || fail "the export window (x $ex..$((ex + ew))) covers the output view (from x $ox)"
# The frame-rate slider's label is drawn (our sliders draw the frame's text themselves): the
# right fifth of its item, right of the frame, is not blank.
read -r fx fy fw fh <<<"$(rect export_fps)"
colours=$(import -window root -crop "$((fw / 5))x${fh}+$((X + fx + fw - fw / 5))+$((Y + fy))" +repage -format %k info:)
note "colours beside the slider: $colours"
[ "$colours" -gt 8 ] || fail "no label beside the frames-per-second slider ($colours colours there)"
click_on export_file
type_text "$tmp/run.gif"
click_on export_start
expect_true '.status | startswith("Wrote 101 frames")' "the export finishes in the background"
# (no `identify | head`: under pipefail, identify killed by the closed pipe fails the test)
frames=$(identify -format '%wx%h\n' "$tmp/run.gif")
[ "$(wc -l <<<"$frames")" = 101 ] || fail "the GIF has $(wc -l <<<"$frames") frames, not 101"
[ "$(sort -u <<<"$frames")" = 256x256 ] || fail "the frames are not all 256 x 256: $(sort -u <<<"$frames" | tr '\n' ' ')"
note "the GIF has 101 frames of 256 x 256"
quit_app
