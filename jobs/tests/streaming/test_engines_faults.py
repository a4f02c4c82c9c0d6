"""Real Kafka + Cassandra + local Spark under faults: the job SIGKILLed at random points during a replay, and the
broker restarted mid-replay. Final sinks must equal a clean run exactly (topics compared under their dedup-by-key
contract) and nothing may be lost."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

from tests.streaming import checks, engines, jobrun, logfiles

JOB_ARGS = ("--max-offsets-per-trigger", "60")


def _replay_in_background(kafka: engines.Engine, kind: str, file: Path, rate: int) -> threading.Thread:
    errors: list[BaseException] = []

    def replay() -> None:
        try:
            engines.replay(kafka, kind, file, rate=rate)
        except BaseException as exc:  # noqa: BLE001 (re-raised by join_replay)
            errors.append(exc)

    thread = threading.Thread(target=replay, daemon=True)
    thread.errors = errors  # type: ignore[attr-defined]
    thread.start()
    return thread


def _join_replay(thread: threading.Thread) -> None:
    thread.join(timeout=900)
    assert not thread.is_alive(), "replay did not finish"
    errors = thread.errors  # type: ignore[attr-defined]
    if errors:
        raise errors[0]


def test_sigkilled_clickstream_job_ends_with_the_same_sinks_as_a_clean_run(
    tmp_path: Path, new_kafka: Callable[[], engines.Engine], cassandra: engines.Engine, clean_cassandra: Any,
    kafka_spark: SparkSession,
) -> None:  # fmt: skip
    lines = logfiles.with_malformed(logfiles.clicks(900, step_s=1.5), logfiles.MALFORMED_CLICKS, every=200)
    file = logfiles.write(tmp_path / "clicks.log", lines)
    clean_kafka, clean_run = new_kafka(), jobrun.Run(tmp_path / "clean")
    engines.replay(clean_kafka, "clickstream", file)
    jobrun.run_to_end("clickstream", clean_run, clean_kafka, cassandra, *JOB_ARGS)
    clean = checks.sinks(kafka_spark, clean_kafka, clean_cassandra, clean_run, "clickstream")
    engines.truncate_all(clean_cassandra)

    kafka, run = new_kafka(), jobrun.Run(tmp_path / "killed")
    replay = _replay_in_background(kafka, "clickstream", file, rate=5)
    rng = random.Random()
    kills_mid_stream = 0
    for _ in range(3):
        process = jobrun.start("clickstream", run, kafka, cassandra, "processing-time:1 second", *JOB_ARGS)
        before = jobrun.committed_batches(run, "clickstream")
        deadline = time.monotonic() + 600
        while jobrun.committed_batches(run, "clickstream") == before and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(rng.uniform(0.0, 6.0))  # somewhere inside the following batches
        assert process.poll() is None, "job exited on its own"
        jobrun.kill(process)
        kills_mid_stream += jobrun.committed_batches(run, "clickstream") > before
    _join_replay(replay)
    # The way a user recovers: one available-now run from the checkpoint the kills left behind. It re-runs the batch
    # that was planned but not committed (Spark < 4.1.3 failed exactly there, in the Kafka source's metrics).
    jobrun.run_to_end("clickstream", run, kafka, cassandra, *JOB_ARGS)

    assert kills_mid_stream == 3  # every kill hit a job that was processing, not one still starting
    killed = checks.sinks(kafka_spark, kafka, clean_cassandra, run, "clickstream")
    checks.assert_conserved(killed, "clickstream", logfiles.reasons(logfiles.MALFORMED_CLICKS))
    assert killed["processed_records"] >= clean["processed_records"]  # at-least-once, deduplicated by key
    assert checks.comparable(killed) == checks.comparable(clean)
    assert sorted(v for _, v in killed["raw"]) == sorted(v for _, v in clean["raw"])


def test_broker_restart_mid_replay_loses_nothing(
    tmp_path: Path, new_kafka: Callable[[], engines.Engine], cassandra: engines.Engine, clean_cassandra: Any,
    kafka_spark: SparkSession,
) -> None:  # fmt: skip
    lines = logfiles.with_malformed(logfiles.accesses(600), logfiles.MALFORMED_ACCESS, every=100)
    file = logfiles.write(tmp_path / "access.log", lines)
    kafka, run = new_kafka(), jobrun.Run(tmp_path / "run")
    process = jobrun.start("accesslog", run, kafka, cassandra, "processing-time:1 second", *JOB_ARGS)
    try:
        replay = _replay_in_background(kafka, "accesslog", file, rate=25)
        time.sleep(8)
        engines.restart(kafka)
        _join_replay(replay)
    finally:
        jobrun.kill(process)
    jobrun.drain("accesslog", run, kafka, cassandra, len(lines), *JOB_ARGS)

    sinks = checks.sinks(kafka_spark, kafka, clean_cassandra, run, "accesslog")
    assert sorted(v for _, v in sinks["raw"]) == sorted(lines)  # the replayer lost and duplicated nothing
    checks.assert_conserved(sinks, "accesslog", logfiles.reasons(logfiles.MALFORMED_ACCESS))
    assert len(sinks["processed"]) == 600
