#!/usr/bin/env bash
# GUI test: honest plots (issue 10, item 2), read from the plots' tick labels and layout in
# the state (state_dump.cpp, "plots"), for lr-too-low, vanishing-gradients and
# playground-default after their runs:
#   * every plot has at least two labelled y ticks, all different;
#   * a log loss axis spans at least one decade (lr-too-low's crawl from 0.52 to 0.50 and the
#     flat loss of vanishing-gradients look flat), a linear one starts at 0;
#   * the legend and the axis names lie outside the plot area (no curve under them), and x
#     labels never touch each other or the x axis' name;
#   * the per-step batch loss is recorded.
# Usage: bash test_plots.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

# check_plot NAME: the rules above for one plot of the live state.
check_plot() {
  local p=".plots.$1"
  [ "$(jqs "$p != null")" = true ] || fail "no plot '$1' in the state"
  note "$1: y ticks $(jqs -c "$p.y_ticks") x ticks $(jqs -c "$p.x_ticks") y range $(jqs -c "$p.y_range")"
  [ "$(jqs "$p.y_ticks | length >= 2")" = true ] || fail "$1: fewer than two y tick labels"
  [ "$(jqs "$p.y_ticks | (unique | length) == length")" = true ] || fail "$1: two y ticks read the same"
  [ "$(jqs "$p.x_ticks | length >= 2")" = true ] || fail "$1: fewer than two x tick labels"
  [ "$(jqs "[$p.x_tick_rects | range(1; length) as \$i | .[\$i - 1][0] + .[\$i - 1][2] < .[\$i][0]] | all")" = true ] ||
    fail "$1: x labels run together: $(jqs -c "$p.x_tick_rects")"
  [ "$(jqs "$p.x_name[0] as \$n | [$p.x_tick_rects[] | .[0] + .[2] < \$n] | all")" = true ] || fail "$1: an x label runs into the axis name"
  [ "$(jqs "$p.y_name[1] + $p.y_name[3] <= $p.plot[1] and $p.legend[1] + $p.legend[3] <= $p.plot[1]")" = true ] ||
    fail "$1: the legend or the y axis' name is over the plot area"
  [ "$(jqs "$p.x_name[1] >= $p.plot[1] + $p.plot[3]")" = true ] || fail "$1: the x axis' name is over the plot area"
}

for preset in lr-too-low vanishing-gradients playground-default; do
  note "$preset"
  start_app "$SRC/assets/presets/$preset.json" --play --exit-after 120
  expect state finished "$preset runs to its limit"
  check_plot loss
  check_plot metric
  [ "$(jqs '.plots.loss.log')" = true ] || fail "the loss plot is not logarithmic by default"
  [ "$(jqs '.plots.loss.y_range[1] / .plots.loss.y_range[0] >= 9.99')" = true ] ||
    fail "$preset: the log loss axis spans less than a decade: $(jqs -c .plots.loss.y_range)"
  [ "$(jqs '.step_losses > 0')" = true ] || fail "$preset: no per-step loss recorded"
  [ "$(jqs '.plots.metric.y_ticks | index("100%") != null')" = true ] || fail "$preset: the accuracy axis lacks 100%"
  if [ "$preset" = lr-too-low ]; then
    click_on log_y
    expect log_y false "log y off"
    expect_true '.plots.loss.log == false' "the loss plot is linear"
    check_plot loss
    [ "$(jqs '.plots.loss.y_range[0] == 0')" = true ] || fail "a linear loss axis does not start at 0: $(jqs -c .plots.loss.y_range)"
  fi
  quit_app
done
echo "PASS: labelled, honest, uncluttered plots for lr-too-low, vanishing-gradients and playground-default"
