#!/usr/bin/env bash
# KPI reconciliation suite: business KPIs computed from the source PostgreSQL databases and log files with plain SQL
# must equal the same KPIs read from Gold through the Spark Thrift Server (HiveServer2 over HTTP). Two batch runs:
# generated data at scale 0.01 (with a negative control and `local verify --reconcile`, local and stack forms) and the
# hand-written Kaggle-format fixture (tests/fixtures/kaggle). Starts PostgreSQL, Spark and the Thrift Server itself on
# free loopback ports and stops them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export SPARK_LOCAL_IP=127.0.0.1
npx jest --selectProjects engines --runInBand -- tests/reconcile/
