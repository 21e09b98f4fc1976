#!/usr/bin/env bash
# Every preset, trained headless with each kernel build this CPU runs (DESCENT_KERNELS): the
# history CSVs of the builds with fused multiply-adds (avx2, avx512, neon) must be identical
# byte for byte; generic (no FMA) only has to run. Usage: BINARY SOURCE_DIR
# ($DESCENT_TEST_LAUNCHER, e.g. qemu for the arm64 build, goes before the binary.)
set -euo pipefail
bin=$1 src=$2
descent() { ${DESCENT_TEST_LAUNCHER:-} "$bin" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


fail=0
have=()
for k in avx512 avx2 neon generic; do
  # Only builds this binary has and this CPU runs: the override is refused with a message.
  if DESCENT_KERNELS=$k descent --version 2>&1 | grep -q "kernels: $k)"; then have+=("$k"); fi
done
echo "kernel builds here: ${have[*]}"
for f in "$src"/assets/presets/*.json; do
  p=$(basename "$f" .json)
  ref=
  for k in "${have[@]}"; do
    DESCENT_KERNELS=$k descent --headless "$f" --quiet --csv "$tmp/$p-$k.csv" > "$tmp/$p-$k.out"
    [ "$k" = generic ] && continue
    if [ -z "$ref" ]; then ref=$k; continue; fi
    if ! cmp -s "$tmp/$p-$ref.csv" "$tmp/$p-$k.csv"; then
      echo "FAIL $p: $ref and $k histories differ"; diff "$tmp/$p-$ref.csv" "$tmp/$p-$k.csv" | head -4; fail=1
    fi
  done
  echo "ok   $p (${have[*]})"
done
exit $fail
