#!/usr/bin/env bash
# GUI test (issue 11, finding 12): settings.json that cannot be used.
#   - a corrupt settings.json is reported once on stderr and kept byte for byte on exit (the
#     app used to rewrite it silently with the defaults);
#   - ui_scale outside what Ctrl +/- allows (0.625 .. 3) is clamped to that range;
#   - a settings.json that is a folder is reported once (saves used to fail silently).
# Usage: bash test_settings_files.sh <descent-binary> <source-dir>
set -euo pipefail
BIN=$1
SRC=$2
source "$SRC/tests/gui/lib.sh"
need xvfb-run jq
make_tmp
settings="$XDG_CONFIG_HOME/descent/settings.json"
mkdir -p "$XDG_CONFIG_HOME/descent"

# run NAME: a short run of the app that changes nothing; the exit state goes to $tmp/NAME.json.
run() {
  timeout 120 xvfb-run "${XVFB_ARGS[@]}" "$BIN" --screenshot "$tmp/$1.png" --frames 3 --exit-after 100 \
    --print-state >"$tmp/$1.json" 2>"$tmp/stderr.txt" ||
    { cat "$tmp/stderr.txt" >&2; fail "$1: descent exited with an error"; }
}

note "a corrupt settings.json"
printf '{"ui_scale": 1.5, "theme": "da' >"$settings"
cp "$settings" "$tmp/corrupt.orig"
run corrupt
cmp -s "$settings" "$tmp/corrupt.orig" || fail "the corrupt settings.json was rewritten: $(cat "$settings")"
n=$(grep -c "settings.json" "$tmp/stderr.txt" || true)
[ "$n" = 1 ] || fail "expected one line about settings.json on stderr, got $n: $(cat "$tmp/stderr.txt")"
grep -q "^descent: $settings: not a valid settings file" "$tmp/stderr.txt" ||
  fail "the message does not name the file: $(cat "$tmp/stderr.txt")"

for case in "0.5 0.625" "3.5 3" "1.25 1.25"; do
  read -r given want <<<"$case"
  note "ui_scale $given in the file"
  printf '{"ui_scale": %s, "theme": "light"}\n' "$given" >"$settings"
  run "scale$given"
  got=$(jq -r .ui_scale "$tmp/scale$given.json")
  [ "$got" = "$want" ] || fail "ui_scale $given: the app used $got, expected $want"
done

note "settings.json is a folder"
rm -f "$settings"
mkdir "$settings"
run folder
n=$(grep -c "settings.json" "$tmp/stderr.txt" || true)
[ "$n" = 1 ] || fail "expected one line about the folder on stderr, got $n: $(cat "$tmp/stderr.txt")"
grep -q "^descent: $settings: is a folder, not a file" "$tmp/stderr.txt" ||
  fail "the message does not say what is wrong: $(cat "$tmp/stderr.txt")"
[ -d "$settings" ] || fail "the folder was replaced"
echo "PASS: settings files: corrupt kept and reported once, scale clamped, a folder reported"
