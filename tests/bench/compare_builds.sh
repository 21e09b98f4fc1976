#!/usr/bin/env bash
# Two builds of descent_bench (or one binary under two kernel choices), run in turn A B A B …
# and compared case by case: measured, never asserted. This machine's speed drifts by tens of
# per cent from minute to minute, so one run of each build tells little; the ratio B/A taken
# pair by pair, and its median over RUNS pairs, is what the README's "within 3 %" rests on.
# Each side is "BUILD_DIR" or "BUILD_DIR:KERNELS" (DESCENT_KERNELS for that side).
# Usage: tests/bench/compare_builds.sh A B [RUNS] [FILTER]
#   e.g. tests/bench/compare_builds.sh build-native build 8
#        tests/bench/compare_builds.sh build:avx512 build:avx2 6
set -euo pipefail
a=${1:?usage: compare_builds.sh A B [RUNS] [FILTER]}
b=${2:?usage: compare_builds.sh A B [RUNS] [FILTER]}
runs=${3:-8}
filter=${4:-'^(playground_default|playground_heavy|large_adam_b256|fullbatch_10k|grid_512)/'}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

one() {  # one SIDE OUT
  local dir=${1%%:*} kernels=""
  [[ $1 == *:* ]] && kernels=${1#*:}
  DESCENT_KERNELS=$kernels "$dir/tests/bench/descent_bench" --benchmark_filter="$filter" \
    --benchmark_format=json 2>/dev/null >"$2"
}
for ((i = 0; i < runs; i++)); do
  one "$a" "$tmp/a$i.json"
  one "$b" "$tmp/b$i.json"
done
python3 - "$tmp" "$runs" "$a" "$b" <<'PY'
import json, statistics, sys
tmp, runs, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
# The figure of each case, and whether more is better.
figure = {"grid_512": ("ms_per_grid", False), "large_adam_b256": ("GFLOP/s", True),
          "fullbatch_10k": ("GFLOP/s", True)}
vals = {}
for side in "ab":
    for i in range(runs):
        for r in json.load(open(f"{tmp}/{side}{i}.json"))["benchmarks"]:
            case = r["name"].split("/")[0]
            key, _ = figure.get(case, ("sample_steps/s", True))
            vals.setdefault(case, {"a": [], "b": []})[side].append(r[key])
print(f"{runs} pairs, A = {a}, B = {b}; speed of B / speed of A, per pair")
print(f"{'case':22s} {'A median':>12s} {'B median':>12s} {'B/A median':>11s} {'min':>6s} {'max':>6s}")
for case, v in vals.items():
    key, more = figure.get(case, ("sample_steps/s", True))
    r = [(y / x if more else x / y) for x, y in zip(v["a"], v["b"])]
    print(f"{case:22s} {statistics.median(v['a']):12.4g} {statistics.median(v['b']):12.4g} "
          f"{statistics.median(r):11.3f} {min(r):6.3f} {max(r):6.3f}   ({key})")
PY
