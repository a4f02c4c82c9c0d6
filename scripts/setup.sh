#!/usr/bin/env bash
# Installs everything the lakehouse and its tests need on a fresh clone: Node packages, then every step in
# scripts/setup.d/ (Python virtualenv with the jobs package, Maven artifacts for Kafka/Cassandra/JDBC, Airflow, ...).
# Each step is idempotent and uses the usual caches (~/.npm, ~/.cache/pip, ~/.m2, ~/.ivy2) when present.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n==> %s\n' "$*"; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi
for s in scripts/setup.d/*.sh; do
  [ -e "$s" ] || continue
  step "setup: $(basename "$s")"
  bash "$s"
done
