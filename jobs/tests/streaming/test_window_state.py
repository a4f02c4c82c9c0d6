"""The aggregates' state across micro-batches (`window_state`) on local Spark: batches folded one by one equal one
aggregation of all their events, the watermark keeps late events out (also after a restart), and a re-run batch
gives the same result (its own earlier attempt is ignored)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common.logparse import parse_clickstream
from lakehouse_jobs.streaming import clickstream_transform as t
from lakehouse_jobs.streaming import window_state
from tests.streaming.builders import click_line, raw


def _events(spark: SparkSession, times: list[str], user0: int = 1) -> DataFrame:
    lines = [click_line(ts, user=user0 + i, session=i % 3, event=("product_view", "purchase")[i % 2],
                        amount=("N/A", "2.5")[i % 2]) for i, ts in enumerate(times)]  # fmt: skip
    return t.enrich(parse_clickstream(raw(spark, lines)), None)


def _fold(store: window_state.FileStore, batch_id: int, events: DataFrame, lateness: str = "2 minutes") -> Any:
    result = window_state.update(store, batch_id, events, "event_ts", lateness, t.minute_partials, t.SKETCHES)
    rows = _rows(t.finish(result.updated))
    result.release()
    return result, rows


def _rows(aggregates: DataFrame) -> dict[tuple[str, str], tuple[Any, ...]]:
    values = [c for c in aggregates.columns if c not in window_state.KEYS]
    return {(str(r["window"]["start"]), r["dim"]): tuple(r[c] for c in values) for r in aggregates.collect()}


def test_batches_folded_one_by_one_equal_one_aggregation_and_only_updated_windows_are_emitted(
    spark: SparkSession, tmp_path: Path
) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    store = window_state.FileStore(spark, str(tmp_path / "state"))
    first = [f"2017-03-12 14:0{m}:{s:02d}" for m in (0, 1) for s in (5, 25, 45)]
    second = ["2017-03-12 14:01:50", "2017-03-12 14:01:55", "2017-03-12 14:02:10"]
    one, rows_one = _fold(store, 0, _events(spark, first))
    two, rows_two = _fold(store, 1, _events(spark, second, user0=3))

    assert {k[0] for k in rows_two} == {"2017-03-12 14:01:00", "2017-03-12 14:02:00"}  # 14:00 was not updated
    all_at_once = _rows(t.minute_aggregates(_events(spark, first).unionByName(_events(spark, second, user0=3))))
    assert {**rows_one, **rows_two} == all_at_once
    assert (one.late_events, two.late_events) == (0, 0)
    assert all_at_once[("2017-03-12 14:01:00", t.ALL)][:2] == (5, 7.5)  # 3 + 2 events, three purchases of 2.5


def test_events_in_windows_closed_by_the_watermark_are_not_counted_even_after_a_restart(
    spark: SparkSession, tmp_path: Path
) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    root = str(tmp_path / "state")
    done, _ = _fold(window_state.FileStore(spark, root), 0, _events(spark, ["2017-03-12 14:10:30"]))
    assert done.open_windows == 2  # the 14:10 window: its event type and ALL
    # A new store, as a restarted job makes: the watermark (14:08:30) comes back from the snapshot.
    batch = _events(spark, ["2017-03-12 14:07:59", "2017-03-12 14:08:10", "2017-03-12 14:11:00"])
    late, rows = _fold(window_state.FileStore(spark, root), 1, batch)
    assert late.late_events == 1  # 14:07:59 (window closed at 14:08); 14:08:10 is in the still open 14:08 window
    assert {k[0] for k in rows} == {"2017-03-12 14:08:00", "2017-03-12 14:11:00"}
    assert rows[("2017-03-12 14:08:00", t.ALL)][0] == 1
    # The newest event moved the watermark to 14:09: the 14:08 window left the state, 14:10 and 14:11 stay.
    assert late.watermark_us == int(dt.datetime(2017, 3, 12, 14, 9, tzinfo=dt.UTC).timestamp()) * 1_000_000
    assert late.open_windows == 4


def test_a_re_run_batch_starts_from_the_previous_batch_and_ignores_its_own_earlier_attempt(
    spark: SparkSession, tmp_path: Path
) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    store = window_state.FileStore(spark, str(tmp_path / "state"))
    _fold(store, 0, _events(spark, ["2017-03-12 14:00:05", "2017-03-12 14:00:15"]))
    batch = _events(spark, ["2017-03-12 14:00:20", "2017-03-12 14:05:00"])
    _, first_attempt = _fold(store, 1, batch)
    _, re_run = _fold(store, 1, batch)  # Spark re-runs batch 1 after a crash before its commit
    assert re_run == first_attempt
    assert first_attempt[("2017-03-12 14:00:00", t.ALL)][0] == 3
    _fold(store, 2, _events(spark, ["2017-03-12 14:05:30"]))
    _fold(store, 3, _events(spark, ["2017-03-12 14:05:40"]))
    kept = sorted(p.name.split("-")[0] for p in (tmp_path / "state").iterdir())
    assert kept == ["2", "3"]  # older snapshots are removed
