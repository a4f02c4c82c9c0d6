"""Assertions shared by the engine tests: conservation across the sinks of one job run."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from pyspark.sql import SparkSession

from lakehouse_jobs.streaming import accesslog, clickstream
from tests.streaming import engines, jobrun
from tests.streaming.engines import Engine

TOPICS = {"clickstream": clickstream.topics(), "accesslog": accesslog.topics()}
EVENT_TABLE = {"clickstream": "clickEventsBySession", "accesslog": "accessRequestsByHour"}


def sinks(spark: SparkSession, kafka: Engine, cql: Any, run: jobrun.Run, job: str) -> dict[str, Any]:
    """Every sink of a job, normalised for comparison: topics deduplicated by key (their documented contract)."""
    topics = TOPICS[job]
    processed = jobrun.topic_records(spark, kafka, topics["processed"])
    dead = jobrun.topic_records(spark, kafka, topics["dead_letter"])
    return {
        "raw": jobrun.topic_records(spark, kafka, topics["raw"]),
        "processed": {k: _without_produce_time(v) for k, v in processed},
        "processed_records": len(processed),
        "dead_letters": {k: json.loads(v) for k, v in dead},
        "silver": jobrun.silver_rows(spark, run.silver_path(job)),
        "cassandra": {key: engines.table_rows(cql, key) for key in _tables(job)},
    }


def _tables(job: str) -> list[str]:
    prefix = "click" if job == "clickstream" else "access"
    from lakehouse_jobs.common import contracts

    return [k for k in contracts.cassandra()["tables"] if k.startswith(prefix)]


def _without_produce_time(value: str) -> str:
    record = json.loads(value)
    record.pop("kafka_ts", None)
    return json.dumps(record, sort_keys=True)


def comparable(s: dict[str, Any]) -> dict[str, Any]:
    """What must be equal between two runs over the same input: processed events by key, dead letters by (reason,
    payload) (their offsets depend on how the producer spread unkeyed lines), Silver and Cassandra contents."""
    dead = Counter((d["reason"], d["payload"]) for d in s["dead_letters"].values())
    return {"processed": s["processed"], "dead": dead, "silver": s["silver"], "cassandra": s["cassandra"]}


def assert_conserved(s: dict[str, Any], job: str, expected_reasons: Counter[str]) -> None:
    """raw = processed + dead-lettered; Silver and Cassandra hold exactly the processed events."""
    raw_lines = [v for _, v in s["raw"]]
    dead_payloads = Counter(d["payload"] for d in s["dead_letters"].values())
    assert len(s["processed"]) + len(s["dead_letters"]) == len(raw_lines)
    assert Counter(d["reason"] for d in s["dead_letters"].values()) == expected_reasons
    assert dead_payloads <= Counter(raw_lines)
    for key, record in s["dead_letters"].items():
        source = record["source"]
        assert key == f"{source['topic']}/{source['partition']}/{source['offset']}"
        assert source["topic"] == TOPICS[job]["raw"]
    processed_ids = set(s["processed"])
    assert sum(s["silver"].values()) == len(processed_ids)
    event_rows = s["cassandra"][EVENT_TABLE[job]]
    assert {dict(r)["event_id"] for r in event_rows} == processed_ids
    assert len(event_rows) == len(processed_ids)
