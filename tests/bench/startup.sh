#!/usr/bin/env bash
# Start-up to the first frame, in English and in Chinese (whose font atlas merges in the CJK
# glyphs of every translated string), measured, never asserted: the median of RUNS starts each
# under one Xvfb server (1280×800, llvmpipe), from the state dump's "startup_ms" (the program's
# start to the first frame swapped, and the font atlas's part of it).
# Usage: tests/bench/startup.sh [BUILD_DIR] [RUNS]   (default build, 15 runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
runs=${2:-15}
tmp=$(mktemp -d)
Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 1

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

row() {  # row LABEL LANG
  local label=$1 lang=$2 first=() fonts=()
  for ((i = 0; i < runs; i++)); do
    rm -rf "$tmp/cfg"; mkdir -p "$tmp/cfg"
    DISPLAY=:77 LANG=$lang XDG_CONFIG_HOME="$tmp/cfg" "$build/descent" \
      --screenshot "$tmp/shot.png" --frames 1 --print-state >"$tmp/state.json" 2>/dev/null
    first+=("$(jq -r '.startup_ms.first_frame' "$tmp/state.json")")
    fonts+=("$(jq -r '.startup_ms.fonts' "$tmp/state.json")")
  done
  printf '| %s | %s | %s |\n' "$label" "$(printf '%s\n' "${first[@]}" | median)" \
    "$(printf '%s\n' "${fonts[@]}" | median)"
}

echo "| language (median of $runs starts) | to first frame, ms | of which fonts, ms |"
echo "| --- | --- | --- |"
row English C.UTF-8
row "中文" zh_CN.UTF-8
