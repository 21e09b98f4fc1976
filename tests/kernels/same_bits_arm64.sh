#!/usr/bin/env bash
# Every preset, 20 epochs, trained by the x86-64 binary on its avx2 kernels and by the arm64
# binary (neon, under qemu): the history CSVs must be identical byte for byte.
# Usage: X86_BINARY ARM64_BINARY SOURCE_DIR  (qemu: $DESCENT_TEST_LAUNCHER before the arm64 one)
set -euo pipefail
x86=$1 arm=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for f in "$src"/assets/presets/*.json; do
  p=$(basename "$f" .json)
  DESCENT_KERNELS=avx2 "$x86" --headless "$f" --epochs 20 --quiet --csv "$tmp/$p-x86.csv" >/dev/null
  ${DESCENT_TEST_LAUNCHER:-} "$arm" --headless "$f" --epochs 20 --quiet --csv "$tmp/$p-arm64.csv" >/dev/null
  if cmp -s "$tmp/$p-x86.csv" "$tmp/$p-arm64.csv"; then
    echo "same $p"
  else
    echo "FAIL $p: x86-64 (avx2) and arm64 (neon) histories differ"
    diff "$tmp/$p-x86.csv" "$tmp/$p-arm64.csv" | head -4
    fail=1
  fi
done
exit $fail
