#!/usr/bin/env bash
# GUI test: a saved experiment keeps how far its run had got (issue 10, item 6): Ctrl+S writes
# "progress" (epoch, steps, the history's rows and markers); after a Reset, opening the file
# shows the run at that epoch again, with its history; headless, the file trains from epoch 0.
# Usage: bash test_progress_file.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
cd "$tmp"

start_app "$SRC/assets/presets/playground-default.json" --exit-after 120
key s
key s
key s
expect epoch 3 "three epochs"
loss3=$(live train_loss_17g)
key ctrl s
expect file_dialog save_experiment "Ctrl+S opens the dialog"
wait_rect file_path 10
type_text saved.json
expect file_dialog null "saved"
[ "$(jq .progress.epoch saved.json)" = 3 ] || fail "saved.json's progress.epoch: $(jq -c .progress saved.json | head -c 200)"
[ "$(jq '.progress.history | length' saved.json)" = 4 ] || fail "saved.json keeps $(jq '.progress.history | length' saved.json) history rows, expected 4"
[ "$(jq .training.epochs saved.json)" = 500 ] || fail "the epoch limit was not saved as it was"

key r
expect epoch 0 "R resets"
key ctrl o
expect file_dialog open_experiment "Ctrl+O opens the dialog"
wait_rect file_path 10
type_text saved.json
expect epoch 3 "the opened file is at epoch 3 again"
expect history_rows 4 "with its four history rows"
expect train_loss_17g "$loss3" "and the loss it had"
quit_app

"$BIN" --headless saved.json --epochs 1 --csv h.csv --quiet >/dev/null 2>&1 || fail "headless run of saved.json failed"
[ "$(sed -n 2p h.csv | cut -d, -f1)" = 0 ] || fail "headless did not start at epoch 0"
echo "PASS: the run's progress saved and opened with the experiment"
