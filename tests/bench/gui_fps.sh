#!/usr/bin/env bash
# The app's frame rate in the situations the issues set goals for (≥ 30 FPS), measured, never
# asserted: 1280×800 under Xvfb (llvmpipe, software GL: a laptop's GPU does better), training
# flat out (pace "max", no epoch limit), each view open in turn. One app start per row; the
# frame statistics are the state dump's (frames drawn while training ran).
# Compare mode's row starts its four runs (DESCENT_OPEN=compare), not the main run.
# Usage: tests/bench/gui_fps.sh [BUILD_DIR] [SECONDS]   (default build, 10 s a row)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
secs=${2:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cfg"
# playground-default, flat out and without an epoch limit
jq '.training.epochs = 0 | .app.pace = "max"' assets/presets/playground-default.json >"$tmp/flat.json"
jq '.training.epochs = 0 | .app.pace = "max"' assets/presets/vanishing-gradients.json >"$tmp/deep.json"

row() {  # row LABEL EXPERIMENT DESCENT_OPEN [--play]
  local label=$1 exp=$2 open=$3 play=${4:-}
  XDG_CONFIG_HOME="$tmp/cfg" DESCENT_OPEN="$open" xvfb-run -a -s '-screen 0 1280x800x24' \
    "$build/descent" "$exp" $play --exit-after "$secs" --print-state >"$tmp/state.json" 2>/dev/null || true
  local key=frame_stats_playing  # frames drawn while something trained (the run or compare's)
  [ "$label" = idle ] && key=frame_stats
  printf '| %s | %s | %s | %s |\n' "$label" \
    "$(jq -r ".$key.fps // \"–\"" "$tmp/state.json")" \
    "$(jq -r "(.$key.p95_ms // null) | if . == null then \"–\" else (. * 10 | round / 10) end" "$tmp/state.json")" \
    "$(jq -r '.epoch // "–"' "$tmp/state.json")"
}

echo "| situation (1280×800, ${secs} s) | FPS | p95 frame ms | epochs trained |"
echo "| --- | --- | --- | --- |"
row idle "$tmp/flat.json" ""
row "training flat out, Loss tab" "$tmp/flat.json" "" --play
row "… Layers tab (update ratio)" "$tmp/flat.json" "layers,update_ratio" --play
row "… Distributions tab" "$tmp/flat.json" "distributions" --play
row "… Confusion tab" "$tmp/flat.json" "confusion" --play
row "… links as gradients" "$tmp/flat.json" "gradients" --play
row "… backprop inspector open" "$tmp/flat.json" "inspector" --play
row "8 sigmoid layers, Distributions, gradients" "$tmp/deep.json" "distributions,gradients" --play
row "compare: four runs flat out" "$tmp/flat.json" "compare" ""
