"""Silver Parquet sink of the streaming jobs: one folder per micro-batch, replaced whole when a batch is replayed."""

from __future__ import annotations

from pyspark.sql import DataFrame

BATCH_COLUMN = "batch_id"


def batch_path(root: str, batch_id: int) -> str:
    return f"{root.rstrip('/')}/{BATCH_COLUMN}={batch_id}"


def write_batch(events: DataFrame, root: str, batch_id: int) -> None:
    """Overwrite `root/batch_id=N` (partitioned by event_date inside), so a re-run of batch N replaces its own output.

    Readers load `root` and get `batch_id` and `event_date` as partition columns.
    """
    events.write.mode("overwrite").partitionBy("event_date").parquet(batch_path(root, batch_id))
