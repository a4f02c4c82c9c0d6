#!/usr/bin/env bash
# Streaming benchmark (bench/streaming.py), both jobs in one run on local Spark (local[2]): sustained events/s from a
# backlog with Cassandra, the processed topic and Silver written, beside kafkajs' publish rate into the same broker;
# produce->Cassandra latency p50/p99 at fixed offered rates with the jobs' default trigger; peak memory of the job's
# process tree; where a target is missed, seconds per sink from the jobs' per-batch timing.
# JSON: bench/results/streaming.json. Sizes: BENCH_STREAM_EVENTS (backlog per job, default 1000000),
# BENCH_STREAM_BATCH (max offsets per trigger, default 100000), BENCH_STREAM_RATES (default 1000,5000) and
# BENCH_STREAM_LATENCY_SECONDS (per rate, default 30).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SPARK_LOCAL_IP=127.0.0.1 exec .venv/bin/python bench/streaming.py
