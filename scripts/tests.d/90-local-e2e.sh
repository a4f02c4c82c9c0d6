#!/usr/bin/env bash
# End to end: `lakehouse local up` on real engines at scale 0.01, `verify`, the report in headless Chromium, `down`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
npx jest --selectProjects engines --runInBand --testPathPattern tests/local/
