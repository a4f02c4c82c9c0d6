#!/usr/bin/env bash
# The fast tier: typecheck, lint and the jest unit tests (Pulumi mocks, planners, renderers, producer-meets-consumer).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec npm test
