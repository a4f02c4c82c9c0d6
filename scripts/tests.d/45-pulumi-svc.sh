#!/usr/bin/env bash
# Streaming/observability deployment suite: the kafka-topics job script against a real local Kafka broker (started
# and stopped by the test in a temp dir on a free port).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash scripts/setup.d/20-maven-engines.sh >/dev/null
bash scripts/setup.d/33-kafka-cli.sh >/dev/null
npx jest --selectProjects engines --runInBand -- tests/pulumi/streaming-topics.engine.test.ts
