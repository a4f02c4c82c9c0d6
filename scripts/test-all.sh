#!/usr/bin/env bash
# Sets everything up, then runs every test: the fast tier (typecheck, lint, unit tests under Pulumi mocks,
# Python unit tests) and the slow tier (suites in scripts/tests.d/, each against real engines it starts itself).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
failed=()
passed=0
run_suite() {
  local name="$1"; shift
  printf '\n==> suite: %s\n' "$name"
  local start=$SECONDS
  if "$@"; then
    printf '==> suite %s passed (%ss)\n' "$name" $((SECONDS - start))
    passed=$((passed + 1))
  else
    printf '==> suite %s FAILED (%ss)\n' "$name" $((SECONDS - start))
    failed+=("$name")
  fi
}
run_suite "fast: typecheck, lint, unit" npm test
for s in scripts/tests.d/*.sh; do
  [ -e "$s" ] || continue
  run_suite "$(basename "$s" .sh)" bash "$s"
done
printf '\nsuites: %d passed, %d failed\n' "$passed" "${#failed[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nFailed suites: %s\n' "${failed[*]}"
  exit 1
fi
printf '\nAll suites passed.\n'
