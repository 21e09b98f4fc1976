#!/usr/bin/env bash
# GUI test and measurement: the window keeps drawing while four compared runs train flat out
# (playground-default without an epoch limit, 1280×800, llvmpipe). Prints the frame rate from
# the state dump's frame statistics (speed is reported, never asserted: tests/bench measures).
# Asserts that every run trained and that frames kept coming while they did.
# Usage: bash test_compare_fps.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
sed 's/"epochs": *[0-9]*/"epochs": 0/' "$SRC/assets/presets/playground-default.json" >"$tmp/unlimited.json"
grep -q '"epochs": 0' "$tmp/unlimited.json" || fail "could not lift the epoch limit in the copy"
start_app "$tmp/unlimited.json"
click_on compare_button
click_on compare_start
expect_jq '.compare.runs | length' 4 "four runs"
rest
sleep 12
steps=$(jqs -c '[.compare.runs[].steps]')
[ "$(jqs '.compare_playing')" = true ] || fail "the runs stopped"
quit_app
frames=$(jq -r '.frame_stats_playing.frames' "$tmp/exit.json")
fps=$(jq -r '.frame_stats_playing.fps' "$tmp/exit.json")
p95=$(jq -r '.frame_stats_playing.p95_ms' "$tmp/exit.json")
work=$(jq -r ".frame_work.p50_ms" "$tmp/exit.json")
note "steps per run after ~12 s: $steps"
echo "MEASURED: $fps FPS (p95 $p95 ms, median work $work ms a frame) over $frames frames while four runs train flat out"
jq -e '[.[] | . > 1000] | all' <<<"$steps" >/dev/null || fail "a run did not train: $steps"
[ "$frames" -ge 60 ] || fail "only $frames frames were drawn in 12 s while the runs trained"
echo "PASS: the window draws while four runs train"
