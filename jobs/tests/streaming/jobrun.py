"""Runs a streaming job as its own process group (so SIGKILL takes its JVM down too) and reads its sinks back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession
from pyspark.sql import functions as F  # noqa: N812

from lakehouse_jobs.common import contracts
from lakehouse_jobs.streaming import pipeline
from tests.streaming.engines import REPO, Engine


@dataclass(frozen=True)
class Run:
    """Where one pipeline instance keeps its state: warehouse and checkpoints (engines are passed per call)."""

    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def checkpoints(self) -> Path:
        return self.root / "checkpoints"

    def silver_path(self, job: str) -> str:
        key = "streamClickstream" if job == "clickstream" else "streamAccesslog"
        return str(self.warehouse / contracts.storage()["paths"][key])


def command(job: str, run: Run, kafka: Engine, cassandra: Engine, trigger: str, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", f"lakehouse_jobs.streaming.{job}", "--master", "local[2]", "--warehouse",
        str(run.warehouse), "--shuffle-partitions", "2", "--conf", "spark.ui.enabled=false", "--conf",
        "spark.driver.memory=640m", "--kafka-bootstrap", kafka.address, "--cassandra-hosts", cassandra.address,
        "--checkpoint-root", str(run.checkpoints), "--trigger", trigger, *extra,
    ]  # fmt: skip


def start(job: str, run: Run, kafka: Engine, cassandra: Engine, trigger: str, *extra: str) -> subprocess.Popen[bytes]:
    run.root.mkdir(parents=True, exist_ok=True)
    log = (run.root / f"{job}.log").open("ab")
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    return subprocess.Popen(
        command(job, run, kafka, cassandra, trigger, *extra), cwd=REPO / "jobs", stdout=log, stderr=log,
        env=env, start_new_session=True,
    )  # fmt: skip


def run_to_end(job: str, run: Run, kafka: Engine, cassandra: Engine, *extra: str) -> None:
    """One available-now run: processes everything in the topic, then exits; fails with the log tail otherwise."""
    process = start(job, run, kafka, cassandra, "available-now", *extra)
    if process.wait(timeout=600) != 0:
        tail = (run.root / f"{job}.log").read_text(errors="replace")[-4000:]
        raise AssertionError(f"{job} exited with {process.returncode}:\n{tail}")


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the whole process group: the Python driver and its Spark JVM die at once, mid-whatever."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # the group is already gone
        pass
    process.wait(timeout=60)


def committed_offsets(run: Run, job: str) -> int:
    """Sum of the source offsets up to which the job's query has committed (0 before its first commit)."""
    directory = run.checkpoints / job / pipeline.QUERY_DIR
    commits = sorted((int(p.name) for p in (directory / "commits").glob("[0-9]*")), reverse=True)
    if not commits:
        return 0
    offsets = (directory / "offsets" / str(commits[0])).read_text(encoding="utf-8").splitlines()[-1]
    return sum(int(v) for per_topic in json.loads(offsets).values() for v in per_topic.values())


def drain(job: str, run: Run, kafka: Engine, cassandra: Engine, total: int, *extra: str) -> None:
    """Restart the job with a processing-time trigger until its query has committed all `total` raw records,
    then stop it cleanly: for a job that was running while something else (a broker) was disturbed."""
    process = start(job, run, kafka, cassandra, "processing-time:1 second", *extra)
    deadline = time.monotonic() + 900
    try:
        while committed_offsets(run, job) < total:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (run.root / f"{job}.log").read_text(errors="replace")[-4000:]
                raise AssertionError(f"{job} did not drain {total} records:\n{tail}")
            time.sleep(1)
    finally:
        process.terminate()  # the job stops its queries and exits
        try:
            process.wait(timeout=180)
        except subprocess.TimeoutExpired:
            kill(process)


def committed_batches(run: Run, job: str) -> int:
    commits = run.checkpoints / job / pipeline.QUERY_DIR / "commits"
    return len([p for p in commits.iterdir() if p.name.isdigit()]) if commits.is_dir() else 0


def topic_records(spark: SparkSession, kafka: Engine, topic: str) -> list[tuple[str | None, str]]:
    """Every (key, value) of a topic, as a batch read from earliest to latest."""
    df = (
        spark.read.format("kafka").option("kafka.bootstrap.servers", kafka.address).option("subscribe", topic)
        .option("startingOffsets", "earliest").option("endingOffsets", "latest").load()
    )  # fmt: skip
    return [(r[0], r[1]) for r in df.select(F.col("key").cast("string"), F.col("value").cast("string")).collect()]


def silver_rows(spark: SparkSession, path: str) -> Counter[tuple[Any, ...]]:
    """Silver rows as a multiset, without the batch folder and produce time (both differ between equivalent runs)."""
    df = spark.read.parquet(path).drop("batch_id", "kafka_ts")
    return Counter(tuple(r) for r in df.select(*sorted(df.columns)).collect())
