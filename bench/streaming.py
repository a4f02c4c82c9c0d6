"""Streaming benchmark, both jobs in one run (see bench/streaming.sh): sustained throughput from a backlog (Cassandra,
processed topic and Silver all written) beside kafkajs' publish rate into the same broker; produce-to-Cassandra
latency p50/p99 at fixed offered rates with the jobs' default trigger; peak memory of the job's process tree. Where a
target is missed (throughput >= 0.5x the publish rate; p99 <= 2x the trigger at 1,000 events/s) it prints where the
time goes per sink, from the jobs' own per-batch timing. Writes bench/results/streaming.json."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "jobs"))

from lakehouse_jobs.common import contracts  # noqa: E402
from lakehouse_jobs.streaming import options as stream_options  # noqa: E402
from tests.streaming import engines, jobrun, logfiles  # noqa: E402

EVENTS = int(os.environ.get("BENCH_STREAM_EVENTS", "1000000"))
BATCH = int(os.environ.get("BENCH_STREAM_BATCH", "100000"))
RATES = [int(r) for r in os.environ.get("BENCH_STREAM_RATES", "1000,5000").split(",")]
LATENCY_SECONDS = int(os.environ.get("BENCH_STREAM_LATENCY_SECONDS", "30"))
THROUGHPUT_TARGET, LATENCY_TARGET_RATE = 0.5, 1000
JOBS = {
    "clickstream": ("clickEventsBySession", "event_type"),
    "accesslog": ("accessRequestsByHour", "status"),
}
STEP = re.compile(r"(?:^|, )([^,(]+?) ([0-9.]+) s")


def default_trigger() -> str:
    return str(stream_options.build_parser("bench", {}).get_default("trigger"))


def trigger_seconds(trigger: str) -> float:
    value = trigger.removeprefix("processing-time:").strip()
    number = float(re.match(r"[0-9.]+", value).group(0))  # type: ignore[union-attr]
    return (
        number / 1000
        if "ms" in value or "milli" in value
        else number * (60 if value.endswith(("m", "minute", "minutes")) else 1)
    )


def lines(job: str, n: int, offset: int) -> list[str]:
    start = logfiles.T0 + dt.timedelta(seconds=offset * 0.01)
    return (
        logfiles.clicks(n, start=start, step_s=0.01)
        if job == "clickstream"
        else logfiles.accesses(n, start, 0.01)
    )


def write_times(cql: Any, job: str) -> list[tuple[int, int]]:
    """(kafka produce time ms, Cassandra write time µs) of every event row of the job's event table."""
    table_key, column = JOBS[job]
    table = f"{contracts.cassandra()['keyspace']}.{contracts.cassandra()['tables'][table_key]}"
    rows = cql.execute(f"SELECT kafka_ts, WRITETIME({column}) AS w FROM {table}")
    return [(int(r.kafka_ts.timestamp() * 1000), int(r.w)) for r in rows]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def wait_for(condition: Callable[[], bool], what: str, timeout_s: float = 1800) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        time.sleep(1)


class PeakMemory:
    """Peak resident memory of a process group (the job's Python driver and its Spark JVM), sampled every 0.5 s."""

    def __init__(self, pgid: int) -> None:
        self.pgid, self.peak_kib, self._stop = pgid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            out = subprocess.run(
                ["ps", "-o", "rss=", "-g", str(self.pgid)],
                capture_output=True,
                text=True,
            ).stdout
            self.peak_kib = max(self.peak_kib, sum(int(v) for v in out.split()))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kib


def sink_seconds(log: Path, job: str) -> dict[str, float]:
    """Seconds per step summed over the event batches the job logged ("<job> batch N: ... written in T s (steps)")."""
    totals: dict[str, float] = defaultdict(float)
    for line in log.read_text(errors="replace").splitlines():
        match = re.search(
            rf"{job} batch \d+: \d+ events written in [0-9.]+ s \((.*)\)", line
        )
        for step, seconds in STEP.findall(match.group(1)) if match else []:
            totals[step.strip()] += float(seconds)
    return {k: round(v, 1) for k, v in totals.items()}


def throughput(
    job: str, work: Path, kafka: engines.Engine, cassandra: engines.Engine, cql: Any
) -> dict[str, Any]:
    run = jobrun.Run(work / job)
    backlog = logfiles.write(work / f"{job}-backlog.log", lines(job, EVENTS, 0))
    broker = engines.replay(
        kafka, job, backlog
    )  # the reference: kafkajs at max rate into the same broker
    process = jobrun.start(
        job,
        run,
        kafka,
        cassandra,
        "available-now",
        "--max-offsets-per-trigger",
        str(BATCH),
    )
    memory = PeakMemory(process.pid)
    if process.wait(timeout=7200) != 0:
        memory.stop()
        raise AssertionError(
            f"{job} exited with {process.returncode}: {(run.root / f'{job}.log').read_text()[-3000:]}"
        )
    peak = memory.stop()
    writes = sorted(w for _, w in write_times(cql, job))
    sustained = len(writes) / max((writes[-1] - writes[0]) / 1e6, 1e-3)
    return {
        "events": EVENTS, "batch": BATCH, "eventsPerSec": round(sustained, 1),
        "brokerEventsPerSec": broker["eventsPerSec"], "ratioToBroker": round(sustained / broker["eventsPerSec"], 3),
        "peakMemoryMiB": round(peak / 1024), "secondsPerStep": sink_seconds(run.root / f"{job}.log", job),
    }  # fmt: skip


def latency(
    job: str,
    work: Path,
    kafka: engines.Engine,
    cassandra: engines.Engine,
    cql: Any,
    trigger: str,
) -> dict:
    run = jobrun.Run(work / job)
    log = run.root / f"{job}.log"
    process = jobrun.start(job, run, kafka, cassandra, trigger)
    memory = PeakMemory(process.pid)
    results: dict[str, Any] = {"trigger": trigger}
    offset = EVENTS
    try:
        warm_from = int(
            time.time() * 1000
        )  # a few events first, so the start is not counted as latency
        engines.replay(
            kafka, job, logfiles.write(work / f"{job}-warm.log", lines(job, 10, offset))
        )
        wait_for(
            lambda: sum(k >= warm_from for k, _ in write_times(cql, job)) >= 10,
            f"{job} to warm up",
        )
        for rate in RATES:
            offset += 10 + rate * LATENCY_SECONDS
            log_from = len(log.read_text(errors="replace"))
            produced_from, n = int(time.time() * 1000), rate * LATENCY_SECONDS
            engines.replay(
                kafka,
                job,
                logfiles.write(work / f"{job}-{rate}.log", lines(job, n, offset)),
                rate=rate,
            )
            wait_for(
                lambda: sum(k >= produced_from for k, _ in write_times(cql, job)) >= n,
                f"{job} at {rate}/s",
            )
            ms = [w / 1000 - k for k, w in write_times(cql, job) if k >= produced_from]
            window = run.root / f"{job}-{rate}.part.log"
            window.write_text(log.read_text(errors="replace")[log_from:])
            results[str(rate)] = {"events": len(ms), "latencyMsP50": round(percentile(ms, 0.5), 1),
                                  "latencyMsP99": round(percentile(ms, 0.99), 1),
                                  "secondsPerStep": sink_seconds(window, job)}  # fmt: skip
    finally:
        jobrun.kill(process)
        results["peakMemoryMiB"] = round(memory.stop() / 1024)
    return results


def report(job: str, r: dict[str, Any], trigger: str) -> None:
    t = r["throughput"]
    print(f"{job}: {t['eventsPerSec']} events/s sustained from {t['events']} (batches of {t['batch']}) vs broker "
          f"{t['brokerEventsPerSec']} events/s (ratio {t['ratioToBroker']}), peak {t['peakMemoryMiB']} MiB")  # fmt: skip
    if t["ratioToBroker"] < THROUGHPUT_TARGET:
        print(
            f"  throughput target ({THROUGHPUT_TARGET}x) missed; seconds per step: {t['secondsPerStep']}"
        )
    for rate in RATES:
        lat = r["latency"][str(rate)]
        print(
            f"  at {rate} events/s ({trigger}): p50 {lat['latencyMsP50']} ms, p99 {lat['latencyMsP99']} ms"
        )
        if rate == LATENCY_TARGET_RATE and lat["latencyMsP99"] > 2000 * trigger_seconds(
            trigger
        ):
            print(
                f"  latency target (p99 <= 2x trigger) missed; seconds per step: {lat['secondsPerStep']}"
            )


def main() -> int:
    trigger = default_trigger()
    results: dict[str, Any] = {
        "cores": os.cpu_count(),
        "sparkMaster": "local[2]",
        "loadAverage": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="bench-streaming-") as tmp:
        work = Path(tmp)
        cassandra = engines.start("cassandra", work / "cassandra", "1g")
        kafka = engines.start("kafka", work / "kafka", "512m")
        try:
            engines.create_topics(kafka)
            cql = engines.cassandra_session(cassandra)
            engines.apply_schema(cql)
            for job in JOBS:
                results[job] = {
                    "throughput": throughput(job, work, kafka, cassandra, cql)
                }
                results[job]["latency"] = latency(
                    job, work, kafka, cassandra, cql, trigger
                )
                report(job, results[job], trigger)
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
