#!/usr/bin/env bash
# Benchmark: evaluating the whole Pulumi program under mocks, for `dev` and for 10 datanodes + 10 workers, each
# beside a trivial one-resource program (harness: bench/lib/program.sh). JSON: bench/results/pulumi-program.json.
exec bash "$(dirname "${BASH_SOURCE[0]}")/lib/program.sh" pulumi-program containers \
  "dev=dev stack defaults" \
  "large=10 datanodes + 10 Spark workers"
