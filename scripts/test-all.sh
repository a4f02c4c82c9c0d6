#!/usr/bin/env bash
# Sets everything up, then runs every test: the fast tier (typecheck, lint, unit tests under Pulumi mocks) and the slow
# tier (suites in scripts/tests.d/, each against real engines it starts itself on free loopback ports), through
# scripts/run-suites.sh (lanes, per-suite output, and a failure when any suite fails or never finishes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
exec bash scripts/run-suites.sh --first scripts/fast-tests.sh scripts/tests.d/*.sh
