#!/usr/bin/env bash
# GUI test: a click cannot silently change the data, and every edit can be taken back.
#   * painting is off at start: a click on the output view adds nothing;
#   * an edit of the recipe (learning rate), of the network (a layer added), of the data (a
#     point painted, once painting is turned on) and of a weight (the editor), then Ctrl+Z
#     four times goes back through each, in reverse order, to the very start; Ctrl+Shift+Z
#     four times comes forward again; a new edit after an undo ends the redo steps;
#   * the weight editor: Escape closes it, Enter with the value unchanged closes it, and Space
#     while it is open still plays (it does not swallow the shortcut keys).
# Usage: bash test_undo.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"

start_app --exit-after 200
read -r vx vy vw vh <<<"$(rect output_view)"
lr0=$(jqs .training.optimizer.lr)
layers0=$(jqs '.network.hidden | length')
points0=$(live points)

note "painting is off until asked for"
expect paint_enabled false "painting starts off"
click $((vx + vw / 6)) $((vy + vh / 6))
still points "$points0" "a click on the output view adds no point"
expect data_source generator "the data stay the generator's"
expect undo_steps 0 "nothing to undo"

note "four edits: recipe, network, data, a weight"
click_on combo_lr
click_on item_0.1
expect_true '.training.optimizer.lr == 0.1' "learning rate 0.1"
click_on layer_add
expect_jq '.network.hidden | length' $((layers0 + 1)) "a layer added"
click_on paint_enabled
expect paint_enabled true "painting on"
click $((vx + vw / 6)) $((vy + vh / 6))
expect points $((points0 + 1)) "a point painted"
expect data_source points "the data are painted points"
w0=$(jqs '.weights.W[0][0][0]')
read -r lx ly <<<"$(centre link_0_0_0)"
click "$lx" "$ly"
expect_jq '.editing | [.layer, .row, .col] | tostring' '[0,0,0]' "a click on a link opens its editor"
type_text 2
expect editing null "Enter sets the weight and closes the editor"
expect_true '.weights.W[0][0][0] == 2' "the weight is 2"
expect undo_steps 4 "four steps to undo"

note "Ctrl+Z four times: back to the start"
key ctrl z
expect_true ".weights.W[0][0][0] == $w0" "undo 1: the weight is back to $w0"
key ctrl z
expect points "$points0" "undo 2: the painted point is gone"
expect data_source generator "and the data are the generator's again"
key ctrl z
expect_jq '.network.hidden | length' "$layers0" "undo 3: the added layer is gone"
key ctrl z
expect_true ".training.optimizer.lr == $lr0" "undo 4: the learning rate is $lr0 again"
expect redo_steps 4 "four steps to redo"
key ctrl z
expect status "Nothing to undo" "a fifth Ctrl+Z has nothing left"

note "Ctrl+Shift+Z four times: forward again"
key ctrl+shift z
expect_true '.training.optimizer.lr == 0.1' "redo 1: learning rate 0.1"
key ctrl+shift z
expect_jq '.network.hidden | length' $((layers0 + 1)) "redo 2: the layer is back"
key ctrl+shift z
expect points $((points0 + 1)) "redo 3: the point is back"
key ctrl+shift z
expect_true '.weights.W[0][0][0] == 2' "redo 4: the weight is 2 again"

note "a new edit after an undo ends the redo steps"
key ctrl z
expect redo_steps 1 "one step to redo"
click_on combo_lr
click_on item_0.3
expect_true '.training.optimizer.lr == 0.3' "learning rate 0.3"
expect redo_steps 0 "no step to redo after a new edit"

note "the weight editor: Escape, Enter unchanged, Space"
click "$lx" "$ly"
expect_jq '.editing | [.layer, .row, .col] | tostring' '[0,0,0]' "the editor is open"
key_here Escape
expect editing null "Escape closes it"
steps=$(jqs .undo_steps)
click "$lx" "$ly"
expect_jq '.editing | [.layer, .row, .col] | tostring' '[0,0,0]' "open again"
key_here Return
expect editing null "Enter with the value unchanged closes it"
click "$lx" "$ly"
expect_jq '.editing | [.layer, .row, .col] | tostring' '[0,0,0]' "open again"
e0=$(live epoch)
key_here space
expect_true ".epoch > $e0" "Space plays while the editor is open (epoch $e0 -> $(live epoch))"
expect_jq '.editing | [.layer, .row, .col] | tostring' '[0,0,0]' "and the editor stays open"
e1=$(live epoch)
key_here s
expect_true ".epoch > $e1" "S steps while the editor is open"
quit_app
echo "PASS: painting off at start; undo and redo of recipe, network, data and weight edits; the weight editor's keys"
