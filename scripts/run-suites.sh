#!/usr/bin/env bash
# Runs test suites and reports each one: run-suites.sh [--first SCRIPT] SUITE.sh...
# --first runs alone before the others (the fast tier). Suites numbered below 80 then run in two lanes at once
# (much of their time is engines starting and paced replays, not CPU), each lane taking the next suite in name order
# when it is free; suites from 80 on (report, local end-to-end)
# run alone afterwards. Each suite's output is printed whole when it ends. TEST_LANES=1 runs everything one after
# another. Exit status 1 when a suite failed or never reported (a lane that died mid-run fails the run).
set -euo pipefail
logs="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-tests-XXXXXX")"
results="$logs/results"
: >"$results"

run_suite() { # script: runs one suite, prints its output when done, records pass/fail
  local name start=$SECONDS status=passed
  name="$(basename "$1" .sh)"
  bash "$1" >"$logs/$name.log" 2>&1 || status=FAILED
  { printf '\n==> suite: %s\n' "$name"; cat "$logs/$name.log"; printf '==> suite %s %s (%ss)\n' "$name" "$status" $((SECONDS - start)); } >"$logs/$name.block"
  # One block at a time: the two lanes must not interleave their output.
  flock "$logs/print.lock" cat "$logs/$name.block"
  echo "$status $name" >>"$results"
}

run_lane() { # suite files, one after another
  for s in "$@"; do run_suite "$s"; done
}

claim_next() { # prints the index of the next unclaimed early suite (shared by the lanes through a locked counter)
  # shellcheck disable=SC2016 # the inner script expands its own arguments
  flock "$logs/queue.lock" bash -c 'n=$(cat "$1"); echo $((n + 1)) >"$1"; echo "$n"' _ "$logs/queue"
}

run_queue() { # one lane: takes the next early suite whenever it is free, so a long suite never holds up a lane's tail
  local i
  while i="$(claim_next)" && [ "$i" -lt ${#early[@]} ]; do run_suite "${early[$i]}"; done
}

first=()
if [ "${1:-}" = "--first" ]; then first=("$2"); shift 2; fi
early=() late=()
for s in "$@"; do
  [ -e "$s" ] || continue
  # shellcheck disable=SC2071 # file names sort as strings: "45-x.sh" < "80"
  if [[ "$(basename "$s")" < "80" ]]; then early+=("$s"); else late+=("$s"); fi
done
expected=("${first[@]}" "${early[@]}" "${late[@]}")

[ ${#first[@]} -eq 0 ] || run_lane "${first[@]}"
if [ "${TEST_LANES:-2}" -ge 2 ] && [ ${#early[@]} -gt 1 ]; then
  echo 0 >"$logs/queue"
  run_queue & pid1=$!
  run_queue & pid2=$!
  # A lane that dies is caught below: its suites have no result.
  wait "$pid1" || true
  wait "$pid2" || true
elif [ ${#early[@]} -gt 0 ]; then
  run_lane "${early[@]}"
fi
[ ${#late[@]} -eq 0 ] || run_lane "${late[@]}"

unfinished=()
for s in "${expected[@]}"; do
  grep -qE "^(passed|FAILED) $(basename "$s" .sh)\$" "$results" || unfinished+=("$(basename "$s" .sh)")
done
passed=$(grep -c '^passed ' "$results" || true)
failed=$(grep -c '^FAILED ' "$results" || true)
printf '\nsuites: %d passed, %d failed, %d did not finish\n' "$passed" "$failed" "${#unfinished[@]}"
if [ "$failed" -gt 0 ] || [ ${#unfinished[@]} -gt 0 ]; then
  [ "$failed" -eq 0 ] || printf 'Failed suites: %s\n' "$(grep '^FAILED ' "$results" | cut -d' ' -f2- | tr '\n' ' ')"
  [ ${#unfinished[@]} -eq 0 ] || printf 'Suites that did not finish (their lane died): %s\n' "${unfinished[*]}"
  exit 1
fi
printf 'All suites passed.\n'
