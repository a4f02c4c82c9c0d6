#!/usr/bin/env bash
# The static HTML report opens in headless Chromium with no console errors and every chart drawn.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
npx jest --selectProjects engines --runInBand --testPathPattern tests/report/
