# tests/gui/lib.sh — helpers shared by the GUI tests (sourced, not run by CTest).
#
# Every test runs the real `descent` binary under Xvfb (xvfb-run -a: a free display number),
# with its settings in a temporary XDG_CONFIG_HOME and DESCENT_LAYOUT_FILE pointing at a file
# where the app writes "name x y w h" for the widgets tests need (window coordinates), and
# DESCENT_STATE_FILE at one where it rewrites its --print-state object ~10 times a second.
#
# A driven session looks like this:
#
#   source "$(dirname "$0")/lib.sh"
#   gui_test "$@"         # BIN, SRC; this very script again inside a fresh Xvfb; $tmp
#   start_app "$SRC/assets/presets/xor-with-cross.json"
#   click_on play
#   expect playing true "Play plays"
#   quit_app
#
# Input is sent to the screen, not to a window (XSendEvent'd events are flaky without a
# window manager); without a window manager focus follows the pointer, so the pointer is kept
# over the app. Dear ImGui 1.86 has no input queue and loses an event that starts and ends
# within one frame: mouse buttons and keys are held for 200 ms, and the pointer rests 0.4 s
# where it will click so that a frame sees the hover first.

# fail MESSAGE: stop the test. With DESCENT_TEST_ARTIFACTS=DIR, the screen, the live state and
# the layout at that moment are kept there (NAME-fail.png, .json, .txt) to see what went wrong.
fail() {
  echo "FAIL: $*" >&2
  if [ -n "${tmp:-}" ] && [ -s "$tmp/stderr.txt" ]; then
    echo "--- descent's stderr (last lines):" >&2
    tail -n 20 "$tmp/stderr.txt" >&2
  fi
  if [ -n "${DESCENT_TEST_ARTIFACTS:-}" ] && [ -n "${tmp:-}" ]; then
    local name
    name=$(basename "${BASH_SOURCE[-1]}" .sh)
    mkdir -p "$DESCENT_TEST_ARTIFACTS"
    [ -n "${DISPLAY:-}" ] && import -window root "$DESCENT_TEST_ARTIFACTS/$name-fail.png" 2>/dev/null
    cp "$DESCENT_STATE_FILE" "$DESCENT_TEST_ARTIFACTS/$name-fail.json" 2>/dev/null
    cp "$DESCENT_LAYOUT_FILE" "$DESCENT_TEST_ARTIFACTS/$name-fail.txt" 2>/dev/null
    echo "--- screen, state and layout in $DESCENT_TEST_ARTIFACTS/$name-fail.*" >&2
  fi
  exit 1
}
note() { echo "-- $*"; }

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed (the README's install command adds it)"
  done
}

# make_tmp: a temporary directory removed at exit (a descent still running is stopped first);
# sets $tmp and the app's environment, and makes $BIN and $SRC absolute.
make_tmp() {
  BIN=$(realpath "$BIN")  # tests may cd into $tmp
  SRC=$(realpath "$SRC")
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/descent-gui-test.XXXXXX")
  trap 'stop_app; rm -rf "$tmp"' EXIT
  export XDG_CONFIG_HOME="$tmp/config"
  export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=  # English, whatever the machine's language
  export DESCENT_LAYOUT_FILE="$tmp/layout.txt"
  export DESCENT_STATE_FILE="$tmp/live.json"
  export DESCENT_ASSETS="${DESCENT_ASSETS:-$SRC/assets}"
}

XVFB_SCREEN=${XVFB_SCREEN:-1280x800x24}
XVFB_ARGS=(-a -s "-screen 0 $XVFB_SCREEN")

# in_xvfb "$@": unless already inside one, run the calling script again inside a fresh Xvfb
# (screen $XVFB_SCREEN) under a 280 s guard, and exit with its status.
in_xvfb() {
  [ -n "${DESCENT_IN_XVFB:-}" ] && return 0
  need xvfb-run xdotool jq
  DESCENT_IN_XVFB=1 exec timeout 280 xvfb-run -a -s "-screen 0 $XVFB_SCREEN" bash "${BASH_SOURCE[-1]}" "$@"
}

# gui_test [--own-display] BIN SRC: the preamble of every GUI test (called with the script's
# "$@"): strict mode, $BIN and $SRC from the arguments, the script run again inside a fresh
# Xvfb (unless --own-display: the test starts its own xvfb-run, or none), then make_tmp.
gui_test() {
  set -euo pipefail
  local own_display=
  if [ "${1:-}" = --own-display ]; then own_display=1; shift; fi
  BIN=$1
  SRC=$2
  [ -n "$own_display" ] || in_xvfb "$@"
  make_tmp
}

# rect NAME: "x y w h" of a widget from the layout file (empty if absent).
rect() { awk -v n="$1" '$1 == n { print $2, $3, $4, $5 }' "$DESCENT_LAYOUT_FILE" 2>/dev/null; }

# centre NAME: "x y" of a widget's centre.
centre() { rect "$1" | awk '{ printf "%d %d\n", $1 + $3 / 2, $2 + $4 / 2 }'; }
# runs_end SECONDS: wait until no compared run trains (each ended: its epochs, or diverged).
runs_end() {
  local i
  for i in $(seq 1 $(($1 * 2))); do
    [ "$(jqs '[.compare.runs[] | .playing] | any' 2>/dev/null)" = false ] && return 0
    alive "training the compared runs"
    sleep 0.5
  done
  fail "the compared runs still train after $1 s"
}
# doctor_top: the y of the doctor's strip's first line (its findings or its healthy line).
doctor_top() { awk '$1 ~ /^doctor_/ { print $3 }' "$DESCENT_LAYOUT_FILE" 2>/dev/null | sort -n | head -1; }
# doctor_fits WHAT: no line of the doctor's strip is cut off (the layout file says "clipped"
# of an item its window's edge cuts).
doctor_fits() {
  local cut
  cut=$(awk '$1 ~ /^doctor_/ && / clipped$/ { print $1 }' "$DESCENT_LAYOUT_FILE" | tr '\n' ' ')
  [ -z "$cut" ] || fail "$1: the doctor's strip cuts off $cut"
  note "$1: every line of the doctor's strip is whole"
}

# wait_rect NAME SECONDS [PID]: wait until the app (still running) reports the widget.
wait_rect() {
  local name=$1 limit=$2 pid=${3:-${app:-}} i=0
  while [ -z "$(rect "$name")" ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      fail "descent exited before showing '$name'"
    fi
    sleep 0.25
    i=$((i + 1))
    [ "$i" -gt $((limit * 4)) ] && fail "the app did not show '$name' within ${limit}s (layout file: $DESCENT_LAYOUT_FILE)"
  done
  return 0
}

# wait_gone NAME SECONDS: wait until the widget is no longer reported.
wait_gone() {
  local i
  for i in $(seq 1 $(($2 * 4))); do
    [ -z "$(rect "$1")" ] && return 0
    sleep 0.25
  done
  fail "'$1' is still shown after ${2}s"
}

# json_field KEY FILE: the raw JSON value of a top-level key of the --print-state object.
json_field() { grep -o "\"$1\":\(\"[^\"]*\"\|[^,}]*\)" "$2" | head -1 | cut -d: -f2- | tr -d '"'; }

# colour_at PNG X Y: mean colour of a 7x7 patch centred at (X, Y), as "r g b" (0..255).
colour_at() {
  convert "$1" -crop "7x7+$(($2 - 3))+$(($3 - 3))" +repage -scale '1x1!' \
    -format '%[fx:int(255*r+0.5)] %[fx:int(255*g+0.5)] %[fx:int(255*b+0.5)]' info:
}

# class_of "r g b": orange (positive), blue (negative) or neutral.
class_of() {
  echo "$1" | awk '{ if ($1 - $3 > 50) print "orange"; else if ($3 - $1 > 50) print "blue"; else print "neutral" }'
}

# --- a running app ---------------------------------------------------------------------------

# start_app [ARGS...]: start descent on ARGS with --print-state (the exit state goes to
# $tmp/exit.json) and wait for its window. Sets $app (its pid), $wid, and the window's
# geometry on the screen: $X $Y $WIDTH $HEIGHT.
start_app() {
  rm -f "$DESCENT_LAYOUT_FILE" "$DESCENT_STATE_FILE" "$tmp/exit.json"
  "$BIN" "$@" --print-state >"$tmp/exit.json" 2>"$tmp/stderr.txt" &
  app=$!
  wait_rect play 90 "$app"
  wid=$(xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
  [ -n "$wid" ] || fail "no Descent window"
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  local i
  for i in $(seq 1 80); do
    [ -s "$DESCENT_STATE_FILE" ] && return 0
    sleep 0.25
  done
  fail "the app wrote no state file ($DESCENT_STATE_FILE)"
}

# stop_app: end the app started by start_app if it still runs (its pid only).
stop_app() {
  if [ -n "${app:-}" ] && kill -0 "$app" 2>/dev/null; then
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
  fi
  return 0
}

# quit_app: Ctrl+Q, then the app must exit by itself, with status 0.
quit_app() {
  key ctrl q
  local i
  for i in $(seq 1 120); do
    kill -0 "$app" 2>/dev/null || break
    sleep 0.25
  done
  kill -0 "$app" 2>/dev/null && fail "Ctrl+Q did not quit within 30 s"
  local rc=0
  wait "$app" || rc=$?
  [ "$rc" = 0 ] || fail "descent exited with status $rc"
  app=
}

# alive WHAT: the app is still running.
alive() { kill -0 "$app" 2>/dev/null || fail "descent exited during: $1"; }

# --- the live state --------------------------------------------------------------------------

# live KEY: a top-level field of the live state; jqs [OPTIONS] FILTER: jq -r on it.
live() { json_field "$1" "$DESCENT_STATE_FILE"; }
jqs() { jq -r "$@" "$DESCENT_STATE_FILE"; }

# expect KEY VALUE WHAT: wait (up to 20 s) until the live state's KEY equals VALUE.
expect() {
  local i
  for i in $(seq 1 80); do
    [ "$(live "$1")" = "$2" ] && { note "$3: $1 = $2"; return 0; }
    alive "$3"
    sleep 0.25
  done
  fail "$3: expected $1 = $2, got '$(live "$1")'"
}

# expect_jq FILTER VALUE WHAT: likewise for a jq filter's raw output.
expect_jq() {
  local i got
  for i in $(seq 1 80); do
    got=$(jqs "$1" 2>/dev/null || true)
    [ "$got" = "$2" ] && { note "$3: $1 = $2"; return 0; }
    alive "$3"
    sleep 0.25
  done
  fail "$3: expected $1 = $2, got '$got'"
}

# expect_true FILTER WHAT: wait (up to 20 s) until a jq filter on the live state is true.
expect_true() {
  local i
  for i in $(seq 1 80); do
    [ "$(jqs "$1" 2>/dev/null || true)" = true ] && { note "$2"; return 0; }
    alive "$2"
    sleep 0.25
  done
  fail "$2: ($1) is not true; state: $(head -c 700 "$DESCENT_STATE_FILE")"
}

# still KEY VALUE WHAT: half a second later it has not moved on (one press, one step).
still() {
  sleep 0.5
  [ "$(live "$1")" = "$2" ] || fail "$3: $1 went on to $(live "$1") (an input counted twice?)"
}

# --- input (window coordinates) --------------------------------------------------------------
#
# Besides the fixed pauses, a key is released, and a modifier let go, only once the app has
# begun a frame after what they go with (seen): on a loaded machine a frame can come late, and
# a frame that polls a key's press and release at once never sees the key (a mouse press it
# does see, but not a modifier already released in the same poll).

# seen: wait (at most 5 s) until the app has polled its input after this moment (the state
# file says when the frame it comes from polled events), or has exited (e.g. on this very key:
# Ctrl+Q). The bound is the clock's, not a count of tries (reading the file takes time too).
seen() {
  [ -n "${app:-}" ] && [ -s "${DESCENT_STATE_FILE:-}" ] || return 0
  local now deadline
  now=$(date +%s.%N)
  deadline=$(($(date +%s) + 5))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    awk -v t="$now" -v p="$(json_field events_polled_at "$DESCENT_STATE_FILE")" 'BEGIN { exit !(p + 0 > t + 0) }' && return 0
    kill -0 "$app" 2>/dev/null || return 0
    sleep 0.02
  done
  return 0
}
move() {  # move X Y: put the pointer there and let a frame see the hover
  xdotool mousemove $((X + $1)) $((Y + $2))
  sleep 0.4
}
keydown() { xdotool keydown "$1"; sleep 0.1; }    # keydown KEY: press and hold (a modifier)
keyup() { seen; xdotool keyup "$1"; sleep 0.1; }  # keyup KEY: release, once a frame saw what came before
click() {  # click X Y [BUTTON]: move there, press, hold, release
  move "$1" "$2"
  xdotool mousedown "${3:-1}"
  sleep 0.2
  xdotool mouseup "${3:-1}"
  sleep 0.4
}
# click_on NAME [BUTTON]: click the centre of a widget from the layout file.
click_on() {
  local cx cy
  wait_rect "$1" 20
  read -r cx cy <<<"$(centre "$1")"
  click "$cx" "$cy" "${2:-1}"
}
# click_tool NAME: a tool of the network's header (links_weights, links_gradients,
# lr_find_button, landscape_button); when the header has no room for it, it is behind the "⋯"
# in the doctor's strip (net_tools), as a user would find it.
click_tool() {
  sleep 0.3  # a frame has written the layout
  if [ -z "$(rect "$1")" ] && [ -n "$(rect net_tools)" ]; then
    click_on net_tools
  fi
  click_on "$1"
}
# double_click_on NAME: two quick clicks on a widget (the backend remembers a press made and
# released within one frame; ImGui's double-click time here is 0.4 s).
double_click_on() {
  local cx cy
  wait_rect "$1" 20
  read -r cx cy <<<"$(centre "$1")"
  move "$cx" "$cy"
  # Two clicks 0.2 s apart: in two frames (ImGui's GLFW backend keeps a press shorter than a
  # frame as a click), and within ImGui's double-click time (0.4 s of its clock, whose frames
  # never count more than 0.1 s). Waiting for a frame between press and release, as click does,
  # took longer than that once the state file grew.
  xdotool click --repeat 2 --delay 200 1
  sleep 0.4
}
# drag X0 Y0 X1 Y1 [BUTTON]: press at (X0, Y0), move to (X1, Y1) in steps, release.
drag() {
  local b=${5:-1} i n=8
  move "$1" "$2"
  xdotool mousedown "$b"
  sleep 0.2
  for i in $(seq 1 $n); do
    xdotool mousemove $((X + $1 + ($3 - $1) * i / n)) $((Y + $2 + ($4 - $2) * i / n))
    sleep 0.05
  done
  sleep 0.3
  seen  # a release polled with the last move would drop the move
  xdotool mouseup "$b"
  sleep 0.4
}
# scroll_to NAME AREA: turn the wheel over widget AREA until widget NAME is wholly inside it
# (at most 20 notches).
scroll_to() {
  local ax ay i
  wait_rect "$2" 20
  read -r ax ay <<<"$(centre "$2")"
  move "$ax" "$ay"
  inside() {
    local a b
    a=$(rect "$2")
    b=$(rect "$1")
    [ -n "$a" ] && [ -n "$b" ] && echo "$a $b" | awk '{ exit !($6 >= $2 && $6 + $8 <= $2 + $4) }'
  }
  for i in $(seq 1 20); do
    inside "$1" "$2" && { sleep 0.3; return 0; }
    xdotool click 5
    sleep 0.3
  done
  inside "$1" "$2" || fail "'$1' did not come into view scrolling over '$2'"
}
# rest: the pointer on the status line (no widget there), so the window keeps the focus.
rest() { move $((WIDTH / 2)) $((HEIGHT - 8)); }
# key [MODIFIER] NAME: a key (with a modifier) held long enough for a frame to see it, with the
# pointer at rest. key_here: the same without moving the pointer.
key_here() {
  if [ $# -eq 2 ]; then xdotool keydown "$1"; sleep 0.05; fi
  xdotool keydown "${!#}"
  sleep 0.03
  seen  # (held until a frame saw it, ~0.1 s: ImGui repeats a key held 0.275 s)
  xdotool keyup "${!#}"
  if [ $# -eq 2 ]; then sleep 0.05; xdotool keyup "$1"; fi
  sleep 0.3
}
key() { rest; key_here "$@"; }
# type_text TEXT: into the text field that has the keyboard focus: select all, type, Enter.
type_text() {
  key_here ctrl a
  xdotool type --delay 120 -- "$1"
  sleep 0.2
  key_here Return
}
# ctrl_click NAME: Ctrl+click a slider (ImGui: type its value instead of dragging).
ctrl_click() {
  local cx cy
  wait_rect "$1" 20
  read -r cx cy <<<"$(centre "$1")"
  move "$cx" "$cy"
  keydown ctrl
  xdotool mousedown 1
  sleep 0.2
  xdotool mouseup 1
  keyup ctrl
  sleep 0.2
}
# The same for a widget in a scrolling window AREA (optional: scrolled into view first):
# type_into NAME TEXT [AREA]: click a text field, type TEXT, Enter.
type_into() {
  [ -n "${3:-}" ] && scroll_to "$1" "$3"
  click_on "$1"
  type_text "$2"
}
# slider_to NAME TEXT [AREA]: Ctrl+click a slider, type TEXT, Enter.
slider_to() {
  [ -n "${3:-}" ] && scroll_to "$1" "$3"
  ctrl_click "$1"
  type_text "$2"
}
# pick COMBO ITEM [AREA]: open a combo, click one of its rows.
pick() {
  [ -n "${3:-}" ] && scroll_to "$1" "$3"
  click_on "$1"
  click_on "$2"
}
