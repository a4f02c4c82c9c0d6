#!/usr/bin/env bash
# Streaming platform suite: local Kafka (KRaft) and Cassandra engines, topics admin, the replayer (keys, order,
# broker bounce, rate) and `lakehouse stream run` end to end. Each test file starts the engines it needs in temp dirs
# on free ports and stops them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash scripts/setup.d/20-maven-engines.sh >/dev/null
npx jest --selectProjects engines --runInBand -- tests/stream/
