#!/usr/bin/env bash
# GUI test: "Export PNG" of the whole window (issue 10, item 6): at 1× the file is the window
# as shown (its size, the play button where the screen has it, no dialog in it); at 2× it is
# twice as large, drawn anew (not scaled up): the play button at twice its coordinates, and the
# window goes on as before (same layout afterwards).
# Usage: bash test_export_window.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
need identify convert
cd "$tmp"

start_app "$SRC/assets/presets/playground-default.json" --exit-after 120
play_before=$(rect play)

# export KIND FILE: Export PNG… with the given kind (1: window, 2: window at 2×).
export_as() {
  click_on file_export_png
  expect file_dialog export_png "the export dialog opens"
  click_on "export_kind_$1"
  click_on file_path
  type_text "$2"
  expect file_dialog null "the dialog closes"
  local i
  for i in $(seq 1 40); do [ -s "$2" ] && break; sleep 0.25; done
  [ -s "$2" ] || fail "no $2 written"
}

export_as 1 win.png
[ "$(identify -format '%wx%h' win.png)" = "${WIDTH}x${HEIGHT}" ] || fail "win.png is $(identify -format '%wx%h' win.png), the window ${WIDTH}x${HEIGHT}"
read -r px py <<<"$(centre play)"
px=$((px - 16))  # on the blue disc, left of the white triangle
[ "$(class_of "$(colour_at win.png "$px" "$py")")" = blue ] || fail "no blue play button at ($px, $py) in win.png: $(colour_at win.png "$px" "$py")"
expect_true '.status | startswith("Exported the window")' "the status line says so"

export_as 2 win2.png
[ "$(identify -format '%wx%h' win2.png)" = "$((WIDTH * 2))x$((HEIGHT * 2))" ] || fail "win2.png is $(identify -format '%wx%h' win2.png)"
[ "$(class_of "$(colour_at win2.png $((px * 2)) $((py * 2)))")" = blue ] || fail "no play button at twice its place in win2.png"
# Drawn at 2×, not scaled: a 2× image reduced to 1× is close to the 1× image (same layout).
convert win2.png -resize 50% small.png
diff=$(compare -metric AE -fuzz 25% win.png small.png null: 2>&1 || true)
note "win2.png halved differs from win.png in $diff pixels"
[ "${diff%%.*}" -lt $((WIDTH * HEIGHT / 8)) ] || fail "the 2× export is not the same window ($diff pixels differ)"
sleep 0.5
[ "$(rect play)" = "$play_before" ] || fail "the layout changed after the 2× export: $(rect play) vs $play_before"
quit_app
echo "PASS: the whole window exported at 1× and 2×"
