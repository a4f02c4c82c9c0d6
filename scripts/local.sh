#!/usr/bin/env bash
# The README's main command: set everything up on a fresh clone, then run the whole lakehouse locally, end to end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
exec bin/lakehouse local up "$@"
