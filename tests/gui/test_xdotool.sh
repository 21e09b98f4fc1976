#!/usr/bin/env bash
# GUI test: a real session driven with xdotool under Xvfb — click Play, paint a point on the
# output view, change the learning rate from the top bar, quit with Ctrl+Q — and the state
# the app prints on exit (--print-state) proves that each action took effect.
# Usage: bash test_xdotool.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

start_app --exit-after 120
sleep 1

note "click Play"
click_on play
sleep 2

note "turn painting on, paint a point (left click: the orange class) near the output view's top-left corner"
click_on paint_enabled
read -r vx vy vw vh <<<"$(rect output_view)"
click $((vx + vw / 10)) $((vy + vh / 10))
sleep 1

note "change the learning rate to 0.1 from the top bar"
click_on combo_lr
click_on item_0.1
sleep 2

note "quit with Ctrl+Q"
quit_app

state="$tmp/exit.json"
[ -s "$state" ] || fail "descent printed no state"
note "state: $(head -c 600 "$state")"
epoch=$(json_field epoch "$state")
[ "${epoch:-0}" -gt 0 ] || fail "no epoch was trained after Play (epoch $epoch)"
playing=$(json_field playing "$state")
run_state=$(json_field state "$state")
# The default preset stops by itself at its epoch limit: playing, or finished, both prove Play.
[ "$playing" = true ] || [ "$run_state" = finished ] || fail "Play was clicked but the trainer is neither playing nor finished ($run_state)"
points=$(json_field points "$state")
[ "$points" = 501 ] || fail "expected 501 points after painting one, got $points"
[ "$(json_field data_source "$state")" = points ] || fail "the painted data did not reach the experiment"
lr=$(json_field lr "$state")
awk -v v="$lr" 'BEGIN { exit !(v + 0 > 0.0999 && v + 0 < 0.1001) }' || fail "learning rate is $lr, expected 0.1"
echo "PASS: trained to epoch $epoch ($run_state), $points points, learning rate $lr"
