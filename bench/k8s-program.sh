#!/usr/bin/env bash
# Benchmark: evaluating the Pulumi program for the Kubernetes stack `prod` under mocks, at 3 and at 30 replicas per
# scalable service (datanodes, Spark workers), beside a trivial one-resource program (harness: bench/lib/program.sh).
# JSON: bench/results/k8s-program.json.
exec bash "$(dirname "${BASH_SOURCE[0]}")/lib/program.sh" k8s-program kubernetesObjects \
  "prod3=prod stack, 3 datanodes + 3 Spark workers" \
  "prod30=prod stack, 30 datanodes + 30 Spark workers"
