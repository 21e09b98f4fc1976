#!/usr/bin/env bash
# GUI test: Export animation of the whole window (issue 14), driven with xdotool:
#   * 1×, a GIF of epochs 0-20 every 5: 5 frames of the window's size, each different where
#     the loss is written (the run progressed); the run is left at epoch 20, paused; the last
#     frame is the window as a PNG export shows it then (so the export window is not in it);
#   * 2×, epochs 10-20 every 10: 2 frames of twice the window's size;
#   * a PNG sequence of epochs 0-2: three files of the window's size, nothing else left;
#   * a long PNG-sequence recording: its frames are written under temporary names as they
#     come; Space does not play (the recording drives the run); Cancel: nothing written, no
#     temporary left.
# Usage: bash test_record_window.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
need identify convert compare
cd "$tmp"

start_app "$SRC/assets/presets/playground-default.json" --exit-after 250
wait_rect epoch 20
epoch_rect=$(rect epoch)

# record FILE FROM TO EVERY: the export window's whole-window fields, then Export. (FILE is
# relative: the app runs in $tmp, and a short name is typed quickly.)
record() {
  type_into export_file "$1"
  type_into export_from "$2"
  type_into export_to "$3"
  type_into export_every "$4"
  click_on export_start
}
# signature FILE INDEX NAME: the pixels' hash of frame INDEX of FILE inside widget NAME's rect.
signature() {
  local x y w h
  read -r x y w h <<<"$(rect "$3")"
  convert "$1[$2]" -crop "${w}x${h}+${x}+${y}" +repage -format '%#' info:
}

click_on file_export_animation
wait_rect export_window 10
click_on export_whole

note "1×: epochs 0-20 every 5"
record win.gif 0 20 5
expect_true '.status | startswith("Wrote 5 frames")' "the recording finishes"
expect epoch 20 "the run is left at the last epoch recorded"
expect playing false "paused"
frames=$(identify -format '%wx%h\n' win.gif)
[ "$(wc -l <<<"$frames")" = 5 ] || fail "win.gif has $(wc -l <<<"$frames") frames, not 5"
[ "$(sort -u <<<"$frames")" = "${WIDTH}x${HEIGHT}" ] || fail "the frames are not all the window's size ${WIDTH}x${HEIGHT}: $(sort -u <<<"$frames" | tr '\n' ' ')"
sigs=$(for i in 0 1 2 3 4; do signature win.gif "$i" loss_text; echo; done)
[ "$(sort -u <<<"$sigs" | wc -l)" = 5 ] || fail "the loss text is not different in every frame"
note "5 frames of ${WIDTH}x${HEIGHT}, the loss text different in each"

note "the last frame is the window as shown, without the export window"
read -r ex ey ew eh <<<"$(rect export_window)"
click $((ex + ew - 12)) $((ey + 10))  # its ×
wait_gone export_window 10
click_on file_export_png
click_on export_kind_1
click_on file_path
rest  # (no node hovered: the recording's frames show none)
type_text shown.png
for i in $(seq 1 40); do [ -s shown.png ] && break; sleep 0.25; done
[ -s shown.png ] || fail "no shown.png written"
convert 'win.gif[4]' last.png
# (fuzz: the GIF's 256 colours a frame; the status line and the read-outs differ)
diff=$(compare -metric AE -fuzz 8% shown.png last.png null: 2>&1 || true)
note "the last frame differs from the window's PNG in $diff pixels (status line, read-outs)"
[ "${diff%%.*}" -lt $((WIDTH * HEIGHT / 100)) ] || fail "the last frame is not the window as shown ($diff pixels differ)"
# Where the export window was: the same in both (it is not in the recording).
convert shown.png -crop "${ew}x${eh}+${ex}+${ey}" +repage shown-there.png
convert last.png -crop "${ew}x${eh}+${ex}+${ey}" +repage last-there.png
diff=$(compare -metric AE -fuzz 8% shown-there.png last-there.png null: 2>&1 || true)
note "where the export window was: $diff pixels differ"
[ "${diff%%.*}" -lt $((ew * eh / 100)) ] || fail "the export window is in the recording ($diff pixels differ where it was)"

note "2×: epochs 10-20 every 10"
click_on file_export_animation
wait_rect export_window 10
click_on export_scale2
record win2.gif 10 20 10
expect_true '.status | startswith("Wrote 2 frames")' "the 2× recording finishes"
frames=$(identify -format '%wx%h\n' win2.gif)
[ "$(wc -l <<<"$frames")" = 2 ] || fail "win2.gif has $(wc -l <<<"$frames") frames, not 2"
[ "$(sort -u <<<"$frames")" = "$((2 * WIDTH))x$((2 * HEIGHT))" ] || fail "the 2× frames are $(sort -u <<<"$frames" | tr '\n' ' ')"
[ "$(convert 'win2.gif[0]' -format '%#' info:)" != "$(convert 'win2.gif[1]' -format '%#' info:)" ] || fail "the two 2× frames are the same"
# Drawn anew at 2× (fonts at twice the size), not enlarged: reduced to 1×, the epoch-20 frame is
# close to the 1× recording's epoch-20 frame (blurred a little: glyph edges are rasterized anew).
convert 'win2.gif[1]' -resize 50% -blur 0x1 small2.png
convert last.png -blur 0x1 last-blurred.png
diff2=$(compare -metric AE -fuzz 20% last-blurred.png small2.png null: 2>&1 || true)
note "the 2× frame at half size differs from the 1× frame in $diff2 pixels"
[ "${diff2%%.*}" -lt $((WIDTH * HEIGHT / 50)) ] || fail "the 2× frame is not the 1× frame drawn larger ($diff2 pixels differ)"
expect epoch 20 "the run is left at epoch 20"
# and the window went back to its own fonts (the epoch's big digits as wide as before)
sleep 0.5
[ "$(rect epoch)" = "$epoch_rect" ] || fail "after the 2× recording the epoch is drawn at $(rect epoch), before at $epoch_rect"
click_on export_scale2
note "2 frames of $((2 * WIDTH))x$((2 * HEIGHT))"

note "a PNG sequence, epochs 0-2"
click_on export_png
record seq.png 0 2 1
expect_true '.status | startswith("Wrote 3 frames")' "the PNG recording finishes"
for n in 1 2 3; do
  [ "$(identify -format '%wx%h' "seq-000$n.png")" = "${WIDTH}x${HEIGHT}" ] || fail "seq-000$n.png is not the window's size"
done
[ -z "$(ls -A | grep -E '^\.|^seq-0004')" ] || fail "more files than the three frames: $(ls -A | tr '\n' ' ')"

note "Cancel writes nothing"
record cancel.png 0 3000 1
expect_true '.recording.captured >= 3' "frames are being recorded"
for i in $(seq 1 40); do ls -A | grep -q '^\.cancel-0001\.png\.' && break; sleep 0.1; done
ls -A | grep -q '^\.cancel-0001\.png\.' || fail "the frames are not written as they come (no temporary file): $(ls -A | tr '\n' ' ')"
key space
expect_true '.status | startswith("The recording drives the run")' "Space during the recording does not play"
expect_jq '.recording.active' true "the recording goes on"
click_on export_cancel
expect_true '.status | startswith("Export cancelled")' "Cancel stops the recording"
expect_jq '.recording.active' false "the recording is over"
sleep 0.5
[ -z "$(ls -A | grep -E '^\.|^cancel')" ] || fail "a cancelled recording left files: $(ls -A | tr '\n' ' ')"
note "nothing written, no temporary left"
quit_app
echo "PASS: the whole window recorded as GIF (1×, 2×) and PNGs; Cancel writes nothing"
