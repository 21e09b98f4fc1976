#!/usr/bin/env bash
# Fault injection for saves (issue 11): whatever happens during a save, each file is afterwards
# either the old one or the new one, complete.
#   1. kill -9 at random moments of `descent --headless --save --csv` runs, N times (default 200);
#   2. a full disk: a small tmpfs when this user may mount one, and `ulimit -f` always;
#   3. a read-only folder (as user nobody when run as root, who ignores permissions);
#   4. a symlink: written through, the link kept.
# Prints the figures: kills, files checked, old / new / corrupt counts, temporaries left.
# Usage: bash save_faults.sh <descent-binary> [KILLS]
set -euo pipefail
BIN=$(realpath "$1")
KILLS=${2:-200}
tmp=$(mktemp -d /tmp/descent-faults.XXXXXX)
mounted=
cleanup() {
  [ -n "$mounted" ] && umount "$tmp/full" 2>/dev/null
  chmod -R u+w "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp"

# An experiment whose save takes a while (≈100 KB of weights) and a history of 300 rows.
cat >exp.json <<'JSON'
{ "descent": 1, "seed": 5,
  "data": { "generator": "circle", "n": 400, "train_ratio": 0.5 },
  "network": { "hidden": [64, 64], "activation": "tanh", "output": "tanh" },
  "training": { "optimizer": { "name": "sgd", "lr": 0.01 }, "batch_size": 50, "epochs": 300 } }
JSON
run() { "$BIN" --headless exp.json --quiet "$@" >/dev/null; }

# The two versions every file must be: OLD (a shorter run) and NEW (this run, deterministic).
run --epochs 2 --save old.json --csv old.csv
run --save new.json --csv new.csv
cmp -s old.json new.json && fail "old and new saves are the same"

# ---- 1. kill -9 ---------------------------------------------------------------------------
t0=$(date +%s%N)
run --save t.json --csv t.csv
run_ns=$(($(date +%s%N) - t0))
cmp -s t.json new.json || fail "two clean runs saved different files (not deterministic)"
checked=0 olds=0 news=0 corrupt=0 litter=0
for i in $(seq 1 "$KILLS"); do
  cp old.json out.json
  cp old.csv out.csv
  "$BIN" --headless exp.json --quiet --save out.json --csv out.csv >/dev/null 2>&1 &
  pid=$!
  # A random moment in the run's length (more than the whole run now and then: a finished run).
  sleep "$(awk -v r=$RANDOM -v ns="$run_ns" 'BEGIN { printf "%.4f", r / 32767 * ns * 1.1 / 1e9 }')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for f in json csv; do
    checked=$((checked + 1))
    if cmp -s "out.$f" "old.$f"; then olds=$((olds + 1))
    elif cmp -s "out.$f" "new.$f"; then news=$((news + 1))
    else corrupt=$((corrupt + 1)); cp "out.$f" "corrupt-$i.$f"
    fi
  done
  # A killed process cannot remove its temporary; count them, then clear them.
  n=$(find . -maxdepth 1 -name '.out.*.tmp' | wc -l)
  litter=$((litter + n))
  find . -maxdepth 1 -name '.out.*.tmp' -delete
done
echo "kill -9: $KILLS kills (run ${run_ns:0:-6} ms), $checked files checked: $olds old, $news new, $corrupt corrupt; $litter temporaries left by killed runs"
[ "$corrupt" = 0 ] || fail "$corrupt files were neither the old nor the new version"
[ "$olds" -gt 0 ] && [ "$news" -gt 0 ] || fail "the kills did not land both before and after the renames"

# ---- 2. a full disk ---------------------------------------------------------------------------
# check_full DIR EXPECTED-REASON [PREFIX...]: a save into DIR fails with the reason, exit 2,
# the old files unchanged and no temporary left.
check_full() {
  local dir=$1 reason=$2 rc=0
  shift 2
  cp old.json "$dir/out.json"
  : >"$dir/err.txt"
  "$@" "$BIN" --headless exp.json --quiet --save "$dir/out.json" 2>"$dir/err.txt" >/dev/null || rc=$?
  [ "$rc" = 2 ] || fail "$reason: exit $rc, expected 2 ($(cat "$dir/err.txt"))"
  grep -q "^descent: $dir/out.json: cannot write: $reason\$" "$dir/err.txt" || fail "message: $(cat "$dir/err.txt")"
  cmp -s "$dir/out.json" old.json || fail "$reason: the old file changed"
  [ -z "$(find "$dir" -name '.*.tmp')" ] || fail "$reason: a temporary was left"
  echo "full disk: $(cat "$dir/err.txt"); old file intact, no temporary"
}
mkdir full
# Room for the old file and 8 KB more: the new one (as large) cannot fit beside it.
if mount -t tmpfs -o size=$(($(stat -c %s old.json) + 8192)) tmpfs full 2>/dev/null; then
  mounted=1
  check_full "$tmp/full" "No space left on device"
else
  echo "full disk: no tmpfs (this user may not mount); ulimit -f only"
fi
mkdir limited
check_full "$tmp/limited" "File too large" bash -c 'ulimit -f 32; exec "$@"' _

# ---- 3. a read-only folder ----------------------------------------------------------------------
mkdir ro
cp old.json ro/out.json
chmod 555 ro
chmod 755 "$tmp"
as=()
[ "$(id -u)" = 0 ] && as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
rc=0
"${as[@]}" "$BIN" --headless exp.json --quiet --epochs 1 --save ro/out.json 2>err.txt >/dev/null || rc=$?
[ "$rc" = 2 ] || fail "read-only: exit $rc ($(cat err.txt))"
grep -q "^descent: ro/out.json: cannot write: Permission denied$" err.txt || fail "read-only: $(cat err.txt)"
cmp -s ro/out.json old.json || fail "read-only: the old file changed"
echo "read-only folder: $(cat err.txt); old file intact"

# ---- 4. a symlink ---------------------------------------------------------------------------------
mkdir real
cp old.json real/target.json
ln -s real/target.json link.json
run --save link.json
[ -L link.json ] || fail "symlink: the link was replaced by a file"
cmp -s real/target.json new.json || fail "symlink: the target is not the new file"
echo "symlink: written through, link kept"
echo "PASS: saves are whole or not at all"
