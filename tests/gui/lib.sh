# tests/gui/lib.sh — helpers shared by the GUI tests (sourced, not run by CTest).
#
# Every test runs the real `descent` binary under Xvfb (xvfb-run -a: a free display number),
# with its settings in a temporary XDG_CONFIG_HOME and DESCENT_LAYOUT_FILE pointing at a file
# where the app writes "name x y w h" for the widgets tests need (window coordinates).

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "-- $*"; }

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed (the README's install command adds it)"
  done
}

# make_tmp: a temporary directory removed at exit; sets $tmp and the app's environment.
make_tmp() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/descent-gui-test.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  export XDG_CONFIG_HOME="$tmp/config"
  export DESCENT_LAYOUT_FILE="$tmp/layout.txt"
  export DESCENT_ASSETS="${DESCENT_ASSETS:-$SRC/assets}"
}

XVFB_ARGS=(-a -s "-screen 0 1280x800x24")

# rect NAME: "x y w h" of a widget from the layout file (empty if absent).
rect() { awk -v n="$1" '$1 == n { print $2, $3, $4, $5 }' "$DESCENT_LAYOUT_FILE" 2>/dev/null; }

# centre NAME: "x y" of a widget's centre.
centre() { rect "$1" | awk '{ printf "%d %d\n", $1 + $3 / 2, $2 + $4 / 2 }'; }

# wait_rect NAME SECONDS [PID]: wait until the app (still running) reports the widget.
wait_rect() {
  local name=$1 limit=$2 pid=${3:-} i=0
  while [ -z "$(rect "$name")" ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      cat "$tmp/stderr.txt" >&2 2>/dev/null || true
      fail "descent exited before showing '$name'"
    fi
    sleep 0.25
    i=$((i + 1))
    [ "$i" -gt $((limit * 4)) ] && fail "the app did not show '$name' within ${limit}s (layout file: $DESCENT_LAYOUT_FILE)"
  done
  return 0
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
