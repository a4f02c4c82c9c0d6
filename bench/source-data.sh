#!/usr/bin/env bash
# Generation rows/s at scale 1 and 10 with peak memory, log lines/s, and load throughput vs psql \copy (same run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec node_modules/.bin/tsx bench/source-data.ts
