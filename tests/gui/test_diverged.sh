#!/usr/bin/env bash
# GUI test: after divergence the weights are not finite; the output view and the output node's
# thumbnail must show the grey hatched "diverged" placeholder — not black (NaN) and not one
# saturated class colour (infinity). The lr-too-high preset diverges in its first epoch.
# Usage: bash test_diverged.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test --own-display "$@"
need xvfb-run convert

timeout 240 xvfb-run "${XVFB_ARGS[@]}" "$BIN" "$SRC/assets/presets/lr-too-high.json" --play \
  --screenshot "$tmp/out.png" --frames 60 --exit-after 180 --print-state >"$tmp/state.json" \
  2>"$tmp/stderr.txt" || { cat "$tmp/stderr.txt" >&2; fail "descent exited with an error"; }
[ "$(json_field state "$tmp/state.json")" = diverged ] || fail "the preset did not diverge: $(head -c 400 "$tmp/state.json")"

# grey RGB: the three channels within 12 of each other, neither black nor white.
grey() { echo "$1" | awk '{ mx = $1; mn = $1; for (i = 2; i <= 3; i++) { if ($i > mx) mx = $i; if ($i < mn) mn = $i }
                             exit !(mx - mn <= 12 && mn >= 60 && mx <= 240) }'; }

read -r x y w h <<<"$(rect output_view)"
[ -n "${w:-}" ] || fail "the app did not report the output view's rectangle"
for p in "$((x + w / 6)) $((y + h / 6))" "$((x + w * 5 / 6)) $((y + h / 6))" \
         "$((x + w / 6)) $((y + h * 5 / 6))" "$((x + w * 5 / 6)) $((y + h * 5 / 6))"; do
  rgb=$(colour_at "$tmp/out.png" $p)
  note "output view at ($p): $rgb"
  grey "$rgb" || fail "the output view at ($p) is $rgb, not the grey placeholder"
done
read -r ox oy <<<"$(centre output_node_0)"
[ -n "${oy:-}" ] || fail "the app did not report the output node's rectangle"
rgb=$(colour_at "$tmp/out.png" "$ox" "$oy")
note "output node thumbnail: $rgb"
grey "$rgb" || fail "the output node's thumbnail is $rgb, not the grey placeholder"
echo "PASS: the diverged network's output view and thumbnail show the placeholder"
