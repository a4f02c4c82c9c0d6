#!/usr/bin/env bash
# Streaming benchmark (bench/streaming.py): per job, sustained events/s and produce->Cassandra latency p50/p99 on local
# Spark (local[2]), beside kafkajs' max publish rate into the same broker, as a ratio. JSON: bench/results/streaming.json.
# Sizes: BENCH_STREAM_EVENTS (backlog per job), BENCH_STREAM_LATENCY_EVENTS and BENCH_STREAM_LATENCY_RATE.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SPARK_LOCAL_IP=127.0.0.1 exec .venv/bin/python bench/streaming.py
