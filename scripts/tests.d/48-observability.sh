#!/usr/bin/env bash
# Observability against live signals: the rendered alert rules under `promtool test rules`, then a real Prometheus
# (Debian's) scraping both streaming jobs (local Spark, embedded Kafka and Cassandra) and a batch run's metrics through
# node_exporter; every dashboard and alert expression evaluated, provoked alerts fire, dashboard CQL returns rows.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash scripts/setup.d/35-conformance-readers.sh >/dev/null
bash scripts/setup.d/20-maven-engines.sh >/dev/null
npx jest --selectProjects engines --runInBand -- tests/observability/
