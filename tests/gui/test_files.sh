#!/usr/bin/env bash
# GUI test: the file actions, driven through the file dialog as a user would (the app runs in a
# temporary directory, so a typed name is a file there):
#   * Export PNG… writes a 512×512 PNG of the output view: the trained circle's centre is one
#     class colour, its corners the other;
#   * History CSV… writes the CLI's header and one row per epoch from 0, ending at the epoch shown;
#   * Ctrl+S saves the experiment: the file loads with `descent --headless FILE --epochs 0`, holds
#     exactly the weights the app shows, and its epoch-0 train loss is the app's, bit for bit;
#   * Save CSV… writes every point; Clear all points empties the data; Load CSV… brings them all
#     back (same count, same classes), as CSV data;
#   * a path in a directory that does not exist: the status line is an error naming the path,
#     the dialog stays open with it, the app keeps running; Escape closes the dialog;
#   * Ctrl+O opens another experiment file (title and hidden layers change); Open… lists the
#     presets: one click on a preset + Open opens it, so does a double click;
#   * the help window's Open… / Save… / Export PNG… / Export history… open the same dialog,
#     and its Cancel closes it doing nothing.
# Usage: bash test_files.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
need convert identify
cp "$SRC/assets/presets/xor-with-cross.json" "$tmp/other.json"
cd "$tmp"

start_app --exit-after 150
initial=$(jqs -c .weights)

note "train the default preset to its epoch limit"
key space
expect state finished "Play trains to the epoch limit"
[ "$(jqs -c .weights)" != "$initial" ] || fail "the weights did not move while training"

# dialog ACTION: the file dialog is open for ACTION, with its path field.
dialog() {
  expect file_dialog "$1" "the file dialog opens for $1"
  wait_rect file_path 10
}

note "Export PNG…"
click_on file_export_png
dialog export_png
type_text out.png
expect file_dialog null "Enter in the path field exports and closes the dialog"
[ -s out.png ] || fail "no out.png written"
[ "$(identify -format '%m %wx%h' out.png)" = "PNG 512x512" ] || fail "out.png is $(identify -format '%m %wx%h' out.png 2>&1)"
centre=$(class_of "$(colour_at out.png 256 256)")
[ "$centre" != neutral ] || fail "the exported view's centre has no class colour ($(colour_at out.png 256 256))"
for corner in "40 40" "472 40" "40 472" "472 472"; do
  cls=$(class_of "$(colour_at out.png $corner)")
  [ "$cls" != neutral ] && [ "$cls" != "$centre" ] || fail "exported corner ($corner) is $cls, centre $centre"
done
note "out.png: 512x512, centre $centre, corners the other class"
expect_jq '.status | startswith("Exported the output view to out.png")' true "the status line says so"

note "History CSV…"
click_on file_export_history
dialog export_history
type_text history.csv
expect file_dialog null "history exported"
[ "$(head -1 history.csv)" = "epoch,train_loss,test_loss,penalty,train_accuracy,test_accuracy,lr" ] ||
  fail "history.csv header: $(head -1 history.csv)"
rows=$(($(wc -l <history.csv) - 1))
[ "$rows" -ge "$(live history_rows)" ] || fail "history.csv has $rows rows, the app $(live history_rows)"
[ "$(sed -n 2p history.csv | cut -d, -f1)" = 0 ] || fail "history.csv does not start at epoch 0: $(sed -n 2p history.csv)"
[ "$(tail -1 history.csv | cut -d, -f1)" = "$(live epoch)" ] || fail "history.csv ends at $(tail -1 history.csv | cut -d, -f1), the app at epoch $(live epoch)"
[ "$(tail -1 history.csv | cut -d, -f2)" = "$(live train_loss_17g)" ] || fail "history.csv's last train loss is not the app's"
[ "$(tail -1 history.csv | cut -d, -f7)" = 0.029999999999999999 ] || fail "history.csv's lr column: $(tail -1 history.csv | cut -d, -f7)"
note "history.csv: header and $rows rows, epoch 0 to $(live epoch)"

note "Ctrl+S saves the experiment with its weights"
key ctrl s
dialog save_experiment
type_text saved.json
expect file_dialog null "saved"
[ -s saved.json ] || fail "Ctrl+S wrote no saved.json"
[ "$(jq -c .weights saved.json)" = "$(jqs -c .weights)" ] || fail "saved.json's weights are not the app's current weights"
"$BIN" --headless saved.json --epochs 0 --csv check.csv --quiet >headless.txt 2>&1 ||
  fail "descent --headless saved.json --epochs 0 failed: $(cat headless.txt)"
[ "$(sed -n 2p check.csv | cut -d, -f2)" = "$(live train_loss_17g)" ] ||
  fail "saved.json's epoch-0 train loss $(sed -n 2p check.csv | cut -d, -f2) is not the app's $(live train_loss_17g)"
note "saved.json reloads headless with the app's weights (train loss $(live train_loss_17g))"

note "Save CSV…, Clear all points, Load CSV…"
counts=$(jqs -c .class_counts)
click_on file_save_csv
dialog save_csv
type_text points.csv
expect file_dialog null "points saved"
[ "$(($(wc -l <points.csv) - 1))" = 500 ] || fail "points.csv has $(($(wc -l <points.csv) - 1)) points, expected 500"
head -1 points.csv | grep -q '^x1,x2,y' || fail "points.csv header: $(head -1 points.csv)"
click_on clear_points
expect points 0 "Clear all points leaves no point"
alive "an empty data set"
click_on file_load_csv
dialog load_csv
type_text points.csv
expect points 500 "Load CSV brings the 500 points back"
expect data_source csv "the data now come from the CSV file"
[ "$(jqs -c .class_counts)" = "$counts" ] || fail "class counts after the round trip: $(jqs -c .class_counts), before $counts"

note "a path in a directory that does not exist"
key ctrl s
dialog save_experiment
type_text /no/such/dir/x.json
expect status_error true "the bad path is an error"
expect_jq '.status | contains("/no/such/dir/x.json")' true "the status line names the path"
expect_jq '.file_error | contains("/no/such/dir/x.json")' true "the dialog stays open and shows it"
[ "$(live file_dialog)" = save_experiment ] || fail "the dialog closed after a failed save"
key Escape
expect file_dialog null "Escape closes the dialog"
alive "after a failed save"
key s
expect epoch 501 "the app still steps after the error"

note "Ctrl+O opens another experiment"
key ctrl o
dialog open_experiment
type_text other.json
expect title "XOR with the cross feature" "Ctrl+O opened other.json"
expect_jq '.hidden | tostring' '[]' "its network has no hidden layer"
expect epoch 0 "a freshly opened experiment starts at epoch 0"

note "Open… and a click on a preset"
click_on file_open
dialog open_experiment
scroll_to preset_spiral3-softmax preset_list
click_on preset_spiral3-softmax
click_on file_ok
expect title "$(jq -r .title "$SRC/assets/presets/spiral3-softmax.json")" "the preset list opens spiral3-softmax"
expect classes 3 "three classes"
expect file_dialog null "and the dialog is closed"
click_on file_open
dialog open_experiment
scroll_to preset_xor-without-cross preset_list
double_click_on preset_xor-without-cross
expect title "$(jq -r .title "$SRC/assets/presets/xor-without-cross.json")" "a double click on a preset opens it"
expect file_dialog null "and closes the dialog"

note "the help window's file buttons, and Cancel"
key F1
expect help_open true "F1 opens the help"
for b in "help_open_file open_experiment" "help_save save_experiment" "help_export_png export_png" \
         "help_export_history export_history"; do
  read -r button action <<<"$b"
  click_on "$button"
  dialog "$action"
  click_on file_cancel
  expect file_dialog null "Cancel closes the $action dialog"
done
[ ! -e descent-output.png ] || fail "Cancel exported the PNG anyway"
[ "$(live title)" = "XOR without the cross feature" ] || fail "Cancel in the open dialog changed the experiment"

quit_app
echo "PASS: export PNG, history CSV, save / reload, CSV round trip, bad path, open, presets, help's buttons, Cancel"
