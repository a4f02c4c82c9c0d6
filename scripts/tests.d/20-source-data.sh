#!/usr/bin/env bash
# Source-data suite: the source DDL, COPY loader (replace, failures that change nothing, Kaggle quirks), --append and
# `lakehouse db start/stop` on a real embedded PostgreSQL started in temp dirs on free ports (each test file stops
# what it starts), plus the cross-check of the generated logs with the shared Spark log parser.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export SPARK_LOCAL_IP=127.0.0.1
npx jest --selectProjects engines --runInBand -- tests/data/
