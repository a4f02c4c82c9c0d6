#!/usr/bin/env bash
# `npm run bench`: runs every benchmark in bench/ (bench/*.sh, in name order; pass names to run a subset).
# Each prints its figures beside a reference measured in the same run, as a ratio, and writes JSON to bench/results/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh >/dev/null
mkdir -p bench/results
selected=("$@")
for b in bench/*.sh; do
  [ -e "$b" ] || continue
  name="$(basename "$b" .sh)"
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " ${name} " ]]; then continue; fi
  printf '\n==> bench: %s\n' "$name"
  bash "$b"
done
