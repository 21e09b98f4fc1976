#!/usr/bin/env bash
# GUI test: the timeline. After a full run, the scrubber under the plots goes back to a kept
# checkpoint: the network shows that epoch's weights (at epoch 0, the initial weights, digit
# for digit), the losses above the view are that epoch's, and the output view redraws. "Branch from here" starts a comparison from that
# checkpoint; the branch with the unchanged rate continues the original exactly (its final
# losses are the original's, bit for bit), drawn beside it.
# Usage: bash test_timeline.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
start_app "$SRC/assets/presets/playground-default.json"
w0=$(jqs -c '.weights')
click_on play
for i in $(seq 1 240); do
  [ "$(live state)" = finished ] && break
  alive "training"
  sleep 0.5
done
expect state finished "the run trains its 500 epochs"
final=$(jqs '.train_loss_17g')
kept=$(jqs -c '.timeline.kept')
note "kept checkpoints: $kept"
[ "$(jqs '.timeline.kept | length')" -ge 10 ] || fail "only $(jqs '.timeline.kept | length') checkpoints"
[ "$(jqs '.timeline.scrub_epoch')" = null ] || fail "scrubbing before any input"

read -r tx ty tw th <<<"$(rect timeline_track)"
renders=$(jqs '.boundary_renders')
click $((tx + 2)) $((ty + th / 2))
expect_jq '.timeline.scrub_epoch' 0 "the track's left end is epoch 0"
expect epoch 0 "the app shows epoch 0"
[ "$(jqs -c '.weights')" = "$w0" ] || fail "at epoch 0 the network does not show the initial weights"
expect_true ".boundary_renders > $renders" "the output view redraws for the checkpoint"
first=$(jqs '.history_first_train_loss_17g')
expect_jq '.shown.train_loss_17g' "$first" "the losses above the view are epoch 0's, not the live run's"

click $((tx + tw * 3 / 4)) $((ty + th / 2))
e=$(jqs '.timeline.scrub_epoch')
note "scrubbed to epoch $e"
jq -e --argjson e "$e" '.timeline.kept | index($e) != null' "$DESCENT_STATE_FILE" >/dev/null ||
  fail "epoch $e is not a kept checkpoint"
[ "$e" -gt 4 ] && [ "$e" -lt 500 ] || fail "three quarters along the track is epoch $e"
expect epoch "$e" "the app shows epoch $e"

click_on timeline_branch
wait_rect compare_values 10
click_on compare_values
type_text "0.03, 0.3"
expect_jq '.compare.active' true "the branch comparison starts"
expect_jq '.compare.branch_epoch' "$e" "from the checkpoint"
expect_jq '[.compare.runs[].started_at | tostring] | join(",")' "$e,$e" "both branches start at epoch $e"
expect_jq '.compare.runs[0].first_epoch' 0 "a branch's history begins with the original's past"
for i in $(seq 1 240); do
  [ "$(jqs '[.compare.runs[] | .playing] | any')" = false ] && break
  alive "training the branches"
  sleep 0.5
done
expect_jq '.compare.runs[0].train_loss_17g' "$final" "the branch with the same rate ends where the original ended, bit for bit"
[ "$(jqs '.compare.runs[1].train_loss_17g')" != "$final" ] || fail "the branch with lr 0.3 ends with the same loss"
wait_rect compare_loss_plot 5
click_on compare_leave
expect_jq '.compare.active' false "back to one run"
click_on timeline_live
expect_jq '.timeline.scrub_epoch' null "Live returns to the run"
expect epoch 500 "the app shows the live run again"
quit_app
echo "PASS: the timeline shows kept checkpoints, and a branch from one continues the original exactly"
