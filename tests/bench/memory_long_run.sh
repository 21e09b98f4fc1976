#!/usr/bin/env bash
# tests/bench/memory_long_run.sh — resident memory after 1,000 vs 1,000,000 epochs of
# playground_default (issue 4: within 10 MB). Prints both; exit status 1 when over the limit.
#   tests/bench/memory_long_run.sh [BUILD_DIR] [EPOCHS]   (defaults: build, 1000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
EPOCHS=${2:-1000000}
exec "$BUILD/tests/bench/descent_bench" --memory-check "$EPOCHS"
