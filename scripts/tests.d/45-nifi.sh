#!/usr/bin/env bash
# The committed NiFi flow's processors run for real (NiFi 2.6.0 standard processors under nifi-mock, Java 21+):
# every line published with the replayer's key, files fetched once, dead letters packaged with their reason.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
npx jest --selectProjects engines --runInBand --testPathPattern 'tests/nifi/'
