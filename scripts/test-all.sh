#!/usr/bin/env bash
# Sets everything up, then runs every test: the fast tier (typecheck, lint, unit tests under Pulumi mocks) and the slow
# tier (suites in scripts/tests.d/, each against real engines it starts itself on free loopback ports).
# Slow suites numbered below 80 run in two lanes at once (much of their time is engines starting and paced replays,
# not CPU); suites from 80 on (report, local end-to-end) run alone afterwards. Each suite's output is printed whole
# when it ends. TEST_LANES=1 runs everything one after another.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
logs="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-tests-XXXXXX")"
results="$logs/results"
: >"$results"

run_suite() { # name, command...: runs one suite, prints its output when done, records pass/fail
  local name="$1"; shift
  local start=$SECONDS status=passed
  "$@" >"$logs/$name.log" 2>&1 || status=FAILED
  { printf '\n==> suite: %s\n' "$name"; cat "$logs/$name.log"; printf '==> suite %s %s (%ss)\n' "$name" "$status" $((SECONDS - start)); } >"$logs/$name.block"
  # One block at a time: the two lanes must not interleave their output.
  flock "$logs/print.lock" cat "$logs/$name.block"
  echo "$status $name" >>"$results"
}

run_lane() { # suite files, one after another
  for s in "$@"; do run_suite "$(basename "$s" .sh)" bash "$s"; done
}

run_suite "fast-typecheck-lint-unit" npm test
early=() late=()
for s in scripts/tests.d/*.sh; do
  [ -e "$s" ] || continue
  if [[ "$(basename "$s")" < "80" ]]; then early+=("$s"); else late+=("$s"); fi
done
if [ "${TEST_LANES:-2}" -ge 2 ] && [ ${#early[@]} -gt 1 ]; then
  lane1=() lane2=()
  for i in "${!early[@]}"; do
    if (( i % 2 == 0 )); then lane1+=("${early[$i]}"); else lane2+=("${early[$i]}"); fi
  done
  run_lane "${lane1[@]}" & pid1=$!
  run_lane "${lane2[@]}" & pid2=$!
  wait "$pid1" || true
  wait "$pid2" || true
else
  run_lane "${early[@]}"
fi
[ ${#late[@]} -eq 0 ] || run_lane "${late[@]}"

passed=$(grep -c '^passed ' "$results" || true)
failed=$(grep -c '^FAILED ' "$results" || true)
printf '\nsuites: %d passed, %d failed\n' "$passed" "$failed"
if [ "$failed" -gt 0 ]; then
  printf 'Failed suites: %s\n' "$(grep '^FAILED ' "$results" | cut -d' ' -f2- | tr '\n' ' ')"
  exit 1
fi
printf 'All suites passed.\n'
