# Sourced by the scripts/tests.d suites that run pytest against an embedded PostgreSQL (after ROOT is set and the
# working directory is the repository root).

# A skipped test fails the suite's pytest runs (scripts/lib/pytest_no_skips.py).
export PYTHONPATH="$ROOT/scripts/lib${PYTHONPATH:+:$PYTHONPATH}" PYTEST_ADDOPTS="-p pytest_no_skips${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"

# suite_postgres NAME SCALE: a fresh work folder ($work, removed on exit) and an embedded PostgreSQL in $pgdir, started
# (its connection JSON in $work/pg.json), loaded with generated data at SCALE (seed 1) and always stopped on exit.
suite_postgres() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-$1-XXXXXX")"
  pgdir="$work/pg"
  trap 'bin/lakehouse db stop --data-dir "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  bin/lakehouse db start --data-dir "$pgdir" >"$work/pg.json"
  bin/lakehouse data load --data-dir "$pgdir" --scale "$2" --seed 1 --keep-running >/dev/null
}
