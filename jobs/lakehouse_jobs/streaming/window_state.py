"""Per-minute aggregates kept across micro-batches without a second streaming query (so without a second parse).

The job's one query parses each raw record once; its `foreachBatch` aggregates the batch's events into partial rows
per (window, dim) with mergeable columns (sums, HyperLogLog sketches) and merges them with the open windows of the
previous batch, read from `<state root>/<batch id>-<watermark µs>/` (Parquet). The merged open windows of batch N are
written to their own folder, so a re-run of batch N (after a crash) starts again from batch N-1's folder and writes
the same result: the state is exactly-once like the other sinks. The watermark (newest event time seen minus the
allowed lateness) is stored with each batch's state, so it survives restarts without no-data batches.

Late events: an event whose one-minute window ended at or before the watermark of the previous batches is not counted
(its window is final and no longer in the state); windows ending at or before the new watermark leave the state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)

KEYS = ("window", "dim")
UPDATED = "_updated"
MINUTE_US = 60_000_000
KEEP = 2
"""State folders kept: the last committed batch's (read by a re-run of the next batch) and the newest."""


def window_end_us(time: Column) -> Column:
    """End (epoch µs) of the one-minute tumbling window of `time`, as `F.window(time, "1 minute")` places it."""
    return (F.floor(F.unix_micros(time) / MINUTE_US) + 1) * MINUTE_US


def merge(frames: DataFrame, sketches: Sequence[str]) -> DataFrame:
    """Rows with equal (window, dim) combined: sketch columns by HyperLogLog union, every other value summed."""
    values = [c for c in frames.columns if c not in (*KEYS, UPDATED)]
    aggregates = [F.hll_union_agg(c).alias(c) if c in sketches else F.sum(c).alias(c) for c in values]
    if UPDATED in frames.columns:
        aggregates.append(F.max(UPDATED).alias(UPDATED))
    return frames.groupBy(*KEYS).agg(*aggregates)


@dataclass(frozen=True)
class Snapshot:
    """The open windows after one batch and the watermark (epoch µs; None before any event)."""

    windows: DataFrame | None
    watermark_us: int | None


@dataclass(frozen=True)
class BatchResult:
    merged: DataFrame  # persisted; `release` frees it
    late_events: int
    open_windows: int
    watermark_us: int | None

    @property
    def updated(self) -> DataFrame:
        """The windows this batch changed, with their full current values (what output mode update emits)."""
        return self.merged.where(F.col(UPDATED)).drop(UPDATED)

    def release(self) -> None:
        self.merged.unpersist()


class FileStore:
    """Snapshots as Parquet folders `<root>/<batch id>-<watermark µs or "none">/`, complete once `_SUCCESS` exists."""

    def __init__(self, spark: SparkSession, root: str) -> None:
        self._spark = spark
        self._root = root.rstrip("/")
        jvm: Any = spark.sparkContext._jvm
        self._path = jvm.org.apache.hadoop.fs.Path
        self._fs = self._path(self._root).getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())  # type: ignore[union-attr]

    def _folders(self, complete: bool = True) -> list[tuple[int, int | None, str]]:
        """(batch id, watermark, name) of every snapshot, oldest batch first; `complete`: only the finished ones."""
        root = self._path(self._root)
        if not self._fs.exists(root):
            return []
        found = []
        for status in self._fs.listStatus(root):
            name = status.getPath().getName()
            batch, _, watermark = name.partition("-")
            if batch.isdigit() and (not complete or self._fs.exists(self._path(status.getPath(), "_SUCCESS"))):
                found.append((int(batch), None if watermark == "none" else int(watermark), name))
        return sorted(found)

    def load(self, before: int, schema: Any) -> Snapshot:
        """The newest complete snapshot of a batch before `before` (a re-run of batch N reads N-1's, never its own)."""
        previous = [f for f in self._folders() if f[0] < before]
        if not previous:
            return Snapshot(None, None)
        _, watermark, name = previous[-1]
        return Snapshot(self._spark.read.schema(schema).parquet(f"{self._root}/{name}"), watermark)

    def save(self, batch_id: int, windows: DataFrame, watermark_us: int | None) -> None:
        """Write batch `batch_id`'s snapshot (replacing any earlier attempt of it), then drop the ones not needed."""
        for batch, _, name in self._folders(complete=False):
            if batch >= batch_id:  # an earlier attempt at this batch, finished or not
                self._fs.delete(self._path(f"{self._root}/{name}"), True)
        suffix = "none" if watermark_us is None else str(watermark_us)
        windows.write.mode("overwrite").parquet(f"{self._root}/{batch_id}-{suffix}")
        for _, _, name in self._folders()[:-KEEP]:
            self._fs.delete(self._path(f"{self._root}/{name}"), True)


def update(
    store: FileStore, batch_id: int, events: DataFrame, time_column: str, lateness: str,
    partial: Callable[[DataFrame], DataFrame], sketches: Sequence[str],
) -> BatchResult:  # fmt: skip
    """Fold one batch of events into the open windows and save them as batch `batch_id`'s snapshot."""
    time = F.col(time_column)
    newest = F.unix_micros(F.max(time) - F.expr(f"INTERVAL {lateness}"))
    batch_partial = partial(events)  # lazily: only its schema is needed to read the previous snapshot
    previous = store.load(batch_id, batch_partial.drop(UPDATED).schema)
    late = F.lit(False) if previous.watermark_us is None else window_end_us(time) <= F.lit(previous.watermark_us)
    stats = events.agg(newest.alias("newest"), F.count(F.when(late, 1)).alias("late")).first()
    assert stats is not None
    candidates = [w for w in (previous.watermark_us, stats["newest"]) if w is not None]
    watermark = max(candidates) if candidates else None

    frames = partial(events.where(~late)).withColumn(UPDATED, F.lit(True))
    if previous.windows is not None:
        frames = frames.unionByName(previous.windows.withColumn(UPDATED, F.lit(False)))
    merged = merge(frames, sketches).persist()
    still_open = merged if watermark is None else merged.where(F.unix_micros(F.col("window.end")) > F.lit(watermark))
    open_windows = still_open.count()
    store.save(batch_id, still_open.drop(UPDATED), watermark)
    return BatchResult(merged, int(stats["late"]), open_windows, watermark)
