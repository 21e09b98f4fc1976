#!/usr/bin/env bash
# GUI test (no Xvfb): without a display the app exits with code 2 and one line on stderr that
# says it cannot open a window and why — with DISPLAY unset, and with DISPLAY naming a server
# that is not there. Nothing on stdout, no settings file written.
# Usage: bash test_no_display.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test --own-display "$@"

# run WHAT DISPLAY-ENV...: descent without a usable display.
run() {
  local what=$1 rc=0
  shift
  env -u WAYLAND_DISPLAY "$@" timeout 30 "$BIN" >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
  [ "$rc" = 2 ] || fail "$what: exit code $rc, expected 2 (stderr: $(cat "$tmp/err.txt"))"
  [ "$(wc -l <"$tmp/err.txt")" = 1 ] || fail "$what: stderr is not one line: $(cat "$tmp/err.txt")"
  grep -q '^descent: cannot open a window: .*DISPLAY\|^descent: cannot open a window: .*display' "$tmp/err.txt" ||
    fail "$what: stderr does not say why: $(cat "$tmp/err.txt")"
  [ ! -s "$tmp/out.txt" ] || fail "$what: something on stdout: $(cat "$tmp/out.txt")"
  note "$what: exit 2, $(cat "$tmp/err.txt")"
}
run "DISPLAY unset" -u DISPLAY
run "DISPLAY=:987 (no server)" DISPLAY=:987
[ ! -e "$XDG_CONFIG_HOME/descent/settings.json" ] || fail "a run without a window wrote settings"
echo "PASS: no display: exit code 2 and one line naming the cause"
