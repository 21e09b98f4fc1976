#!/usr/bin/env bash
# GUI test: the layout degrades by design. ONE app walks the layout matrix (app/gui/
# layout_check.cpp: windows 1024×768 … 3840×2160 × UI scale 100/150/200 % × networks of 1 to
# 16 hidden layers of 1 to 256 neurons) on multi-class data (spiral3-softmax: the data panel's
# class picker makes it tallest), and in every cell checks from the layout dump that no two
# widgets overlap, no text is clipped, the output view keeps 240 px and the layout is the same
# from frame to frame (no flicker). Then, in the same app, 8 cells again in Chinese ({1024×768,
# 1920×1080} × {100, 200 %} × {2×4, 8×8}; the language switched as the help window does).
# Then 7 cells with the recipe sheet open on Adam with a step schedule (its most rows):
# {1024×768, 1280×800, 1920×1080} × {100, 200 %}, and 1280×800 at 100 % in Chinese: the sheet
# never over the network canvas or the output view, and at 100 % on 1280×800 or more every
# row in sight (no scrolling). Every cell also checks that a slider's value is clear of its
# grab (the top bar's pace).
# The report lists each cell; any failed cell fails the test.
# Screenshots of the extreme cells go to $DESCENT_LAYOUT_SHOTS_OUT when set.
# Usage: bash test_layout_matrix.sh <descent-binary> <source-dir>
export XVFB_SCREEN=3840x2160x24  # room for the largest window
source "$(dirname "$0")/lib.sh"
gui_test --own-display "$@"
need xvfb-run

shots="${DESCENT_LAYOUT_SHOTS_OUT:-$tmp/shots}"
mkdir -p "$shots"
note "the layout matrix, one app"
start=$(date +%s)
DESCENT_LAYOUT_MATRIX="$tmp/matrix.txt" DESCENT_LAYOUT_SHOTS="$shots" \
  timeout 450 xvfb-run "${XVFB_ARGS[@]}" "$BIN" spiral3-softmax --exit-after 440 \
  >"$tmp/stdout.txt" 2>"$tmp/stderr.txt" || { cat "$tmp/stderr.txt" >&2; fail "descent exited with an error"; }
[ -s "$tmp/matrix.txt" ] || fail "no layout report written (the walk did not finish in time?)"
cat "$tmp/matrix.txt"
note "walked in $(($(date +%s) - start)) s"
cells=$(grep -c ' view ' "$tmp/matrix.txt" || true)
[ "$cells" = 75 ] || fail "the report has $cells cells, expected 75"
zh_cells=$(grep -c ' zh  view ' "$tmp/matrix.txt" || true)
[ "$zh_cells" = 8 ] || fail "the report has $zh_cells Chinese cells, expected 8"
recipe_cells=$(grep -c ' recipe  view ' "$tmp/matrix.txt" || true)
[ "$recipe_cells" = 7 ] || fail "the report has $recipe_cells cells with the recipe sheet, expected 7"
head -1 "$tmp/matrix.txt" | grep -q '^75 cells, 0 failed$' || fail "some cells failed: $(head -1 "$tmp/matrix.txt")"
n_shots=$(ls "$shots"/layout_*.png 2>/dev/null | wc -l)
[ "$n_shots" = 5 ] || fail "expected 5 screenshots of the extreme cells (one in Chinese, one with the recipe), got $n_shots"
echo "PASS: 60 cells (4 sizes × 3 scales × 5 networks), 8 in Chinese and 7 with the recipe sheet: no overlap, no clipped text, no value under a grab, output view ≥ 240 px, no flicker, the recipe beside the canvas (every row in sight at 1280×800, 100 %)"
