#!/usr/bin/env bash
# Rendered-file conformance: the dev stack's config files (rendered under Pulumi mocks) read by their real readers:
# Hadoop's Configuration, log4j2, Spark's SparkConf and config registry, promtool. Readers installed by
# scripts/setup.d/35-conformance-readers.sh (Hadoop jars from Maven Central, Debian's prometheus) and 10-python.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash scripts/setup.d/35-conformance-readers.sh >/dev/null
export SPARK_LOCAL_IP=127.0.0.1
npx jest --selectProjects engines --runInBand -- tests/conformance/
