#!/usr/bin/env bash
# Wall time and peak memory of `lakehouse local up`, per step, at scale 0.1 and 1 (BENCH_SCALES to change).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec node_modules/.bin/tsx bench/local-up.ts
