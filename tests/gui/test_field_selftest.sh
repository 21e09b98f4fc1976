#!/usr/bin/env bash
# GUI test: the fragment shader's field equals the CPU field (nn::Network<float>).
# DESCENT_SELFTEST_FIELD=1 makes the app, before it exits, render the raw field of the trained
# network (output and hidden units) and of random networks for every activation × output
# activation with all seven features, read the pixels back and compare them with the CPU.
# Usage: bash test_field_selftest.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test --own-display "$@"
need xvfb-run

DESCENT_SELFTEST_FIELD=1 timeout 240 xvfb-run "${XVFB_ARGS[@]}" "$BIN" --screenshot "$tmp/out.png" \
  --frames 40 --play --exit-after 180 --print-state >"$tmp/out.txt" 2>"$tmp/stderr.txt" ||
  { cat "$tmp/stderr.txt" >&2; fail "descent exited with an error"; }
line=$(grep '^field selftest:' "$tmp/out.txt" || true)
[ -n "$line" ] || { cat "$tmp/out.txt" "$tmp/stderr.txt" >&2; fail "no self-test result printed"; }
note "$line"
diff=$(echo "$line" | awk '{ print $6 }')
cases=$(echo "$line" | awk '{ print $8 }')
[ "$(json_field shader "$tmp/out.txt")" = true ] || fail "the boundary shader did not compile (see stderr)"
[ "${cases:-0}" -ge 100 ] || fail "only $cases cases compared"
echo "$diff" | grep -Eq '^[0-9.]+(e[-+]?[0-9]+)?$' || fail "the difference is not a finite number: $diff"
awk -v d="$diff" 'BEGIN { exit !(d + 0 < 0.02) }' || fail "shader and CPU differ by $diff (limit 0.02)"
echo "PASS: max difference $diff over $cases cases"
