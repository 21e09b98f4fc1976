#!/usr/bin/env bash
# GUI test: the window and what is remembered between runs, on a 1600×1000 screen:
#   * F11 makes the window full screen (state, and the X window's geometry: the whole screen);
#     F11 again gives back the 1280×800 window where it was;
#   * the theme: Help (?) → Dark switches the panels dark (state, and the pixels on screen);
#     the help window's UI scale + enlarges the UI; both are written to
#     $XDG_CONFIG_HOME/descent/settings.json and the next run starts dark at that scale;
#     Light and − in that run switch back, and are remembered too; Ctrl + and Ctrl 0;
#   * at 125 % the top bar still fits the 1280-pixel window (no widget over another).
# Usage: bash test_window.sh <descent-binary> <source-dir>
XVFB_SCREEN=1600x1000x24
source "$(dirname "$0")/lib.sh"
gui_test "$@"
need import convert
settings="$XDG_CONFIG_HOME/descent/settings.json"

# geometry: "WIDTHxHEIGHT+X+Y" of the Descent window, as the X server has it.
geometry() {
  local WINDOW X Y WIDTH HEIGHT SCREEN
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  echo "${WIDTH}x${HEIGHT}+${X}+${Y}"
}
# expect_geometry GEOMETRY WHAT: wait until the window has it.
expect_geometry() {
  local i
  for i in $(seq 1 40); do
    [ "$(geometry)" = "$1" ] && { note "$2: $1"; return 0; }
    sleep 0.25
  done
  fail "$2: the window is $(geometry), expected $1"
}
# panel_colour: the colour of an empty spot of the network panel (bottom left), on the screen now.
panel_colour() {
  import -window root "$tmp/screen.png"
  colour_at "$tmp/screen.png" $((X + 300)) $((Y + 745))
}
# top_bar_fits SCALE ALL: the top bar's widgets side by side, none over another or past the
# window's edge; the steps/s and FPS read-outs always there; ALL: whether every control fits
# (else those that do not are in the "More" menu, whose button is then shown).
top_bar_fits() {
  local controls="combo_lr combo_optimizer combo_act_all combo_l2 batch_top recipe_button speed" n names
  sleep 0.5
  for n in readout_sps readout_fps help; do wait_rect "$n" 5; done
  # the frame rate sits above steps/s (one column): above it, not run together with it
  read -r _ fy _ fh <<<"$(rect readout_fps)"
  read -r _ sy _ _ <<<"$(rect readout_sps)"
  [ $((fy + fh)) -le "$sy" ] || fail "at scale $1 the FPS read-out ($fy+$fh) runs into steps/s ($sy)"
  names="readout_sps help"
  for n in $controls; do [ -n "$(rect "$n")" ] && names="$names $n"; done
  if [ "$2" = true ]; then
    for n in $controls; do [ -n "$(rect "$n")" ] || fail "at scale $1 $n should fit in the bar"; done
    [ -z "$(rect top_more)" ] || fail "at scale $1 everything fits: no More menu"
  else
    wait_rect top_more 5
    names="$names top_more"
  fi
  for n in $names; do echo "$n $(rect "$n")"; done | sort -n -k2 |
    awk -v W="$WIDTH" '{ if (NR > 1 && $2 < end) { print "overlap: " prev " and " $1; bad = 1 } end = $2 + $4; prev = $1 }
                       END { if (end > W) { print prev " ends at " end ", past " W; bad = 1 } exit bad }' ||
    fail "the top bar does not fit at scale $1"
  note "scale $1: the top bar's widgets fit side by side ($names)"
}
brightness() { echo "$1" | awk '{ print int(($1 + $2 + $3) / 3) }'; }

start_app --exit-after 150
windowed=$(geometry)
[ "${windowed%%+*}" = 1280x800 ] || fail "the window opened at $windowed, expected 1280x800"
expect fullscreen false "start"

note "F11: full screen, and back"
key F11
expect fullscreen true "F11 goes full screen"
expect_geometry "1600x1000+0+0" "the window covers the screen"
expect_jq '.window | tostring' '[1600,1000]' "the app's own idea of its size"
# the layout follows: the status line is at the bottom of the screen now
read -r _ sy _ _ <<<"$(rect status)"
[ "$sy" -gt 950 ] || fail "the status line did not move to the bottom of the full screen (y $sy)"
WIDTH=1600 HEIGHT=1000 X=0 Y=0 key F11
expect fullscreen false "F11 again leaves full screen"
expect_geometry "$windowed" "the window is back, same size and place"
eval "$(xdotool getwindowgeometry --shell "$wid")"

note "theme and UI scale from the help window"
expect theme light "the default theme"
light=$(panel_colour)
[ "$(brightness "$light")" -gt 200 ] || fail "the light theme's panel is $light"
click_on help
expect help_open true "? opens the help"
click_on theme_dark
expect theme dark "Dark"
sleep 0.5
dark=$(panel_colour)
[ "$(brightness "$dark")" -lt 80 ] || fail "the dark theme's panel is $dark on screen"
note "panel: light $light, dark $dark"
click_on scale_plus
expect ui_scale 1.125 "the help window's + enlarges the UI"
[ -s "$settings" ] || fail "no $settings written"
[ "$(jq -r .theme "$settings")" = dark ] || fail "settings.json: $(cat "$settings")"
[ "$(jq -r .ui_scale "$settings")" = 1.125 ] || fail "settings.json: $(cat "$settings")"
quit_app

note "the next run remembers"
start_app --exit-after 100
expect theme dark "the next run starts dark"
expect ui_scale 1.125 "at the remembered scale"
[ "$(brightness "$(panel_colour)")" -lt 80 ] || fail "the second run's panel is not dark on screen: $(panel_colour)"
key F1
expect help_open true "F1 opens the help"
click_on theme_light
expect theme light "Light"
click_on scale_minus
expect ui_scale 1.0 "the help window's − shrinks the UI"
quit_app
[ "$(jq -r .theme "$settings")" = light ] || fail "Light was not remembered: $(cat "$settings")"
start_app --exit-after 100
expect theme light "and the run after that starts light"
expect ui_scale 1.0 "at 1.0"
top_bar_fits 1.0 true
key ctrl equal
key ctrl equal
expect ui_scale 1.25 "Ctrl + twice"
top_bar_fits 1.25 false
key ctrl 0
expect ui_scale 1.0 "Ctrl 0 goes back to 100 %"
quit_app
[ "$(jq -r .ui_scale "$settings")" = 1 ] || fail "Ctrl 0 was not remembered: $(cat "$settings")"
echo "PASS: F11 full screen and back; theme and UI scale switch and are remembered"
