#!/usr/bin/env bash
# GUI test: editing the network on its canvas, with xdotool, checked in the state (which holds
# the weights, W[layer][row][col] and b[layer][row], as the experiment file does):
#   * + and − above a layer add and remove a neuron; + and − by "HIDDEN LAYERS" add and remove
#     a layer; every weight of a neuron that still exists is kept through each edit;
#   * a layer's own activation combo changes that layer only; the output · loss combo under
#     the output node changes those;
#   * hovering a node shows it in the output view (state, and the view's pixels change);
#     hovering a feature likewise;
#   * hovering a link or a bias reads out that parameter (state: which one, and its value);
#     clicking it opens the editor; a typed value + Enter sets exactly that weight or bias.
# Usage: bash test_network_edit.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
need import compare convert

start_app --exit-after 150
note "train 3 epochs, so the weights are no longer the initial ones"
key s
key s
key s
expect epoch 3 "three steps"
w() { jqs -c "$1"; }
# same FILTER BEFORE WHAT: the weights selected by FILTER are what they were.
same() { [ "$(w "$1")" = "$2" ] || fail "$3: $1 changed from $2 to $(w "$1")"; }
W0=$(w '.weights.W[0]')
b0=$(w '.weights.b[0]')
W1=$(w '.weights.W[1]')
b1=$(w '.weights.b[1]')
W2=$(w '.weights.W[2]')
b2=$(w '.weights.b[2]')

note "neurons"
click_on neuron_add_0
expect_jq '.hidden | tostring' '[5,2]' "+ adds a neuron to layer 1"
same '.weights.W[0][0:4]' "$W0" "adding a neuron"
same '.weights.b[0][0:4]' "$b0" "adding a neuron"
same '[.weights.W[1][] | .[0:4]]' "$W1" "adding a neuron (layer 2's weights from the old neurons)"
same '.weights.b[1]' "$b1" "adding a neuron"
same '.weights.W[2]' "$W2" "adding a neuron"
note "adding a neuron kept every old weight"
click_on neuron_remove_0
expect_jq '.hidden | tostring' '[4,2]' "− removes it"
same '.weights.W[0]' "$W0" "removing the new neuron"
same '.weights.W[1]' "$W1" "removing the new neuron"
click_on neuron_remove_1
expect_jq '.hidden | tostring' '[4,1]' "− above layer 2 removes its last neuron"
same '.weights.W[0]' "$W0" "removing a neuron of layer 2"
[ "$(w '.weights.W[1][0]')" = "$(jq -c '.[0]' <<<"$W1")" ] || fail "layer 2's first neuron lost its weights"
[ "$(w '.weights.W[2][0]')" = "$(jq -c '[.[0][0]]' <<<"$W2")" ] || fail "the output lost its weight from layer 2's first neuron"
click_on neuron_add_1
expect_jq '.hidden | tostring' '[4,2]' "+ puts it back"

note "layers"
W1=$(w '.weights.W[1]')
click_on layer_add
expect_jq '.hidden | tostring' '[4,2,2]' "+ adds a hidden layer"
expect_jq '.activations | join(",")' tanh,tanh,tanh "with the last layer's activation"
same '.weights.W[0]' "$W0" "adding a layer"
same '.weights.W[1]' "$W1" "adding a layer"
click_on layer_remove
expect_jq '.hidden | tostring' '[4,2]' "− removes the last hidden layer"
same '.weights.W[0]' "$W0" "removing a layer"
same '.weights.W[1]' "$W1" "removing a layer"

note "a layer's activation"
click_on combo_act_1
click_on item_sigmoid
expect_jq '.activations | join(",")' tanh,sigmoid "layer 2's combo changes layer 2 only"
same '.weights.W[0]' "$W0" "changing an activation"

pick combo_outloss_canvas item_linear+mse
expect_jq '.output + " " + .loss' "linear mse" "the canvas's output · loss combo"
same '.weights.W[0]' "$W0" "changing the output"

note "hovering a node"
read -r vx vy vw vh <<<"$(rect output_view)"
view_png() { import -window root -crop "${vw}x${vh}+$((X + vx))+$((Y + vy))" +repage "$1"; }
rest
sleep 0.5
view_png "$tmp/view_output.png"
read -r nx ny <<<"$(centre node_0_1)"
move "$nx" "$ny"
expect_jq '.hover_node | tostring' '[0,1]' "hovering layer 1's second neuron"
sleep 0.6
view_png "$tmp/view_node.png"
diff=$(compare -metric AE -fuzz 10% "$tmp/view_output.png" "$tmp/view_node.png" null: 2>&1 || true)
note "the output view changed in $diff pixels of $((vw * vh))"
[ "${diff%%.*}" -gt $((vw * vh / 10)) ] || fail "the output view hardly changed while hovering a node ($diff pixels)"
read -r fx fy <<<"$(centre feature_x2)"
move "$fx" "$fy"
expect_jq '.hover_node | tostring' '[-1,1]' "hovering the x2 feature shows it"
rest
expect hover_node null "away from the canvas the view shows the output again"

note "reading and editing a weight"
read -r lx ly <<<"$(centre link_0_0_0)"
move "$lx" "$ly"
expect_jq '.hover_param | [.layer, .row, .col] | tostring' '[0,0,0]' "hovering the x1 -> neuron 1 link"
[ "$(jqs '.hover_param.value == .weights.W[0][0][0]')" = true ] || fail "the read-out value $(jqs .hover_param.value) is not the weight $(jqs '.weights.W[0][0][0]')"
click "$lx" "$ly"
expect_jq '.editing | [.layer, .row, .col] | tostring' '[0,0,0]' "a click opens its editor"
type_text 1.5
expect editing null "Enter closes the editor"
expect_true '.weights.W[0][0][0] == 1.5' "and sets that weight to 1.5"
[ "$(w '.weights.W[0][0][1:]')" = "$(jq -c '.[0][1:]' <<<"$W0")" ] || fail "the edit changed another weight of the neuron"

b1=$(w '.weights.b[1]')
read -r bx by <<<"$(centre bias_1_0)"
move "$bx" "$by"
expect_jq '.hover_param | [.layer, .row, .col] | tostring' '[1,0,-1]' "hovering layer 2's first bias"
[ "$(jqs '.hover_param.value == .weights.b[1][0]')" = true ] || fail "the bias read-out is not the bias"
click "$bx" "$by"
expect_jq '.editing | [.layer, .row, .col] | tostring' '[1,0,-1]' "a click opens the bias editor"
type_text -0.75
expect_true '.weights.b[1][0] == -0.75' "and sets that bias to -0.75"
[ "$(w '.weights.b[1][1]')" = "$(jq -c '.[1]' <<<"$b1")" ] || fail "the other bias changed"
quit_app
echo "PASS: neurons and layers added and removed keeping weights, layer activation, hover, read-out and edit"
