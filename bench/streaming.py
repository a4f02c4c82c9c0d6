"""Streaming benchmark: per job, sustained events/s and end-to-end latency (Kafka produce time -> Cassandra write
time, p50/p99) on local Spark, beside the broker's own limit measured in the same run (the kafkajs replayer at
maximum rate into the same broker), as a ratio. Writes bench/results/streaming.json."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "jobs"))

from lakehouse_jobs.common import contracts  # noqa: E402
from tests.streaming import engines, jobrun, logfiles  # noqa: E402

EVENTS = int(os.environ.get("BENCH_STREAM_EVENTS", "6000"))
LATENCY_EVENTS = int(os.environ.get("BENCH_STREAM_LATENCY_EVENTS", "900"))
LATENCY_RATE = int(os.environ.get("BENCH_STREAM_LATENCY_RATE", "30"))
JOBS = {
    "clickstream": ("clickEventsBySession", "event_type"),
    "accesslog": ("accessRequestsByHour", "status"),
}


def lines(job: str, n: int, offset: int) -> list[str]:
    start = logfiles.T0 + dt.timedelta(seconds=offset)
    return logfiles.clicks(n, start=start, step_s=0.2) if job == "clickstream" else logfiles.accesses(n, start, 0.2)


def write_times(cql: Any, job: str) -> list[tuple[int, int]]:
    """(kafka produce time ms, Cassandra write time µs) of every event row of the job's event table."""
    table_key, column = JOBS[job]
    table = f"{contracts.cassandra()['keyspace']}.{contracts.cassandra()['tables'][table_key]}"
    rows = cql.execute(f"SELECT kafka_ts, WRITETIME({column}) AS w FROM {table}")
    return [(int(r.kafka_ts.timestamp() * 1000), int(r.w)) for r in rows]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def wait_for(condition: Callable[[], bool], what: str, timeout_s: float = 900) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        time.sleep(1)


def bench_job(job: str, work: Path, kafka: engines.Engine, cassandra: engines.Engine, cql: Any) -> dict[str, Any]:
    run = jobrun.Run(work / job)
    backlog = logfiles.write(work / f"{job}-backlog.log", lines(job, EVENTS, 0))
    broker = engines.replay(kafka, job, backlog)  # the reference: kafkajs at max rate into the same broker
    jobrun.run_to_end(job, run, kafka, cassandra, "--max-offsets-per-trigger", str(max(1, EVENTS // 6)))
    writes = sorted(w for _, w in write_times(cql, job))
    sustained = len(writes) / max((writes[-1] - writes[0]) / 1e6, 1e-3)

    process = jobrun.start(job, run, kafka, cassandra, "processing-time:1 second")
    try:
        # Warm up: a few events through the restarted job, so its startup is not counted as latency.
        warm_from = int(time.time() * 1000)
        engines.replay(kafka, job, logfiles.write(work / f"{job}-warm.log", lines(job, 10, EVENTS)))
        wait_for(lambda: sum(k >= warm_from for k, _ in write_times(cql, job)) >= 10, f"{job} to warm up")
        produced_from = int(time.time() * 1000)
        live = logfiles.write(work / f"{job}-live.log", lines(job, LATENCY_EVENTS, EVENTS + 10))
        engines.replay(kafka, job, live, rate=LATENCY_RATE)
        wait_for(lambda: sum(k >= produced_from for k, _ in write_times(cql, job)) >= LATENCY_EVENTS, "live events")
    finally:
        jobrun.kill(process)
    latencies = [w / 1000 - k for k, w in write_times(cql, job) if k >= produced_from]
    return {
        "events": EVENTS,
        "eventsPerSec": round(sustained, 1),
        "brokerEventsPerSec": broker["eventsPerSec"],
        "ratioToBroker": round(sustained / broker["eventsPerSec"], 3),
        "latencyEvents": len(latencies),
        "latencyRatePerSec": LATENCY_RATE,
        "latencyMsP50": round(percentile(latencies, 0.50), 1),
        "latencyMsP99": round(percentile(latencies, 0.99), 1),
    }


def main() -> int:
    results: dict[str, Any] = {"cores": os.cpu_count(), "sparkMaster": "local[2]"}
    with tempfile.TemporaryDirectory(prefix="bench-streaming-") as tmp:
        work = Path(tmp)
        cassandra = engines.start("cassandra", work / "cassandra", "768m")
        kafka = engines.start("kafka", work / "kafka", "512m")
        try:
            engines.create_topics(kafka)
            cql = engines.cassandra_session(cassandra)
            engines.apply_schema(cql)
            for job in JOBS:
                results[job] = bench_job(job, work, kafka, cassandra, cql)
                r = results[job]
                print(f"{job}: {r['eventsPerSec']} events/s sustained vs broker {r['brokerEventsPerSec']} events/s "
                      f"(ratio {r['ratioToBroker']}); latency p50 {r['latencyMsP50']} ms, p99 {r['latencyMsP99']} ms "
                      f"at {LATENCY_RATE} events/s")  # fmt: skip
            cql.cluster.shutdown()
        finally:
            engines.stop(kafka)
            engines.stop(cassandra)
    out = ROOT / "bench" / "results" / "streaming.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
