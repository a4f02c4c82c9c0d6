# Sourced by the bench/*.sh scripts that collect one JSON line per run, from the repository root (in a folder of its
# own, so scripts/bench.sh does not run it as a benchmark).
# write_results NAME LINE...: writes bench/results/NAME.json = {"benchmark": NAME, "runs": [each LINE parsed]}.
write_results() {
  local name="$1"
  shift
  mkdir -p bench/results
  printf '%s\n' "$@" | .venv/bin/python -c 'import json,sys; json.dump({"benchmark": sys.argv[1], "runs": [json.loads(l) for l in sys.stdin]}, open(f"bench/results/{sys.argv[1]}.json", "w"), indent=2)' "$name"
  echo "wrote bench/results/$name.json"
}
