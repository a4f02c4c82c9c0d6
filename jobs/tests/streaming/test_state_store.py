"""The state settings the jobs start with (`runner.session_settings`), applied to a real watermarked aggregation:
state in RocksDB with changelog checkpoints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812

from lakehouse_jobs.common import logparse
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.streaming import clickstream_transform, runner
from tests.streaming.builders import click_line


@pytest.fixture
def state_conf(spark: SparkSession) -> Iterator[dict[str, str]]:
    """The jobs' streaming SQL settings set on the shared test session for one test, then reset."""
    conf = {k: v for k, v in runner.session_settings(Settings()).extra_conf.items() if k.startswith("spark.sql.stream")}
    for key, value in conf.items():
        spark.conf.set(key, value)
    yield conf
    for key in conf:
        spark.conf.unset(key)


def test_a_callers_conf_wins_over_the_state_settings() -> None:
    key = "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled"
    assert runner.session_settings(Settings(extra_conf={key: "false"})).extra_conf[key] == "false"


def test_aggregate_state_is_checkpointed_as_rocksdb_changelogs(
    spark: SparkSession, state_conf: dict[str, str], tmp_path: Path
) -> None:
    source, checkpoint = tmp_path / "in", tmp_path / "checkpoint"
    source.mkdir()
    ts = [f"2017-03-12 14:0{m}:{s:02d}" for m in range(3) for s in (5, 35)]
    (source / "a.log").write_text("\n".join(click_line(t) for t in ts) + "\n", encoding="utf-8")
    batches: list[tuple[int, int]] = []

    def record(batch: DataFrame, batch_id: int) -> None:
        batches.append((batch_id, batch.count()))

    parsed = logparse.parse_clickstream(spark.readStream.text(str(source)))
    valid = parsed.where(F.col(logparse.ERROR_COLUMN).isNull()).withWatermark("event_ts", "1 minute")
    query = (
        clickstream_transform.minute_aggregates(valid).writeStream.outputMode("update").foreachBatch(record)
        .option("checkpointLocation", str(checkpoint)).trigger(availableNow=True).start()
    )  # fmt: skip
    query.awaitTermination(300)

    # 3 minutes x (the event type + the all-types row), then the batch without data that records the advanced
    # watermark in the checkpoint (without it a restarted job would count events the watermark excluded).
    assert batches == [(0, 6), (1, 0)]
    changelogs = list((checkpoint / "state").rglob("*.changelog"))
    assert changelogs, f"no RocksDB changelog under {checkpoint / 'state'}: {sorted((checkpoint / 'state').rglob('*'))}"
