"""The incremental Silver path (Delta MERGE of a deduplicated batch) keeps exactly the rows the full rule
(`latest_per_key` over the stored table and the batch) keeps: newer updates win, older ones are ignored, ties go to
the incoming row, null timestamps lose, null keys are one key, and a rerun of the same batch changes nothing."""

from chispa import assert_df_equality

from lakehouse_jobs.common import tables
from lakehouse_jobs.silver import transform
from tests.builders import frame, ts

DDL = "order_id string, order_status string, updated_at timestamp, ingest_date string"
STORED = [
    ("o1", "shipped", ts("2026-01-01 10:00:00"), "d1"),
    ("o2", "delivered", ts("2026-01-01 12:00:00"), "d1"),
    ("o3", "created", None, "d1"),
    ("o4", "created", ts("2026-01-01 10:00:00"), "d1"),
    (None, "orphan", ts("2026-01-01 10:00:00"), "d1"),
]
BATCH = [
    ("o1", "delivered", ts("2026-01-02 09:00:00"), "d2"),
    ("o1", "invoiced", ts("2026-01-02 08:00:00"), "d2"),
    ("o2", "created", ts("2026-01-01 11:00:00"), "d2"),  # older than Silver: ignored
    ("o3", "approved", ts("2026-01-02 07:00:00"), "d2"),  # a timestamp beats none
    ("o4", "created", None, "d2"),  # none loses to a timestamp
    ("o5", "created", ts("2026-01-02 07:00:00"), "d2"),
    (None, "orphan", ts("2026-01-01 10:00:00"), "d2"),  # tie: the incoming row
]


def test_merging_a_batch_keeps_what_a_full_rebuild_keeps_and_a_rerun_changes_nothing(spark, settings):
    stored, batch = frame(spark, DDL, STORED), frame(spark, DDL, BATCH)
    full = transform.latest_per_key(stored, batch, ["order_id"]).collect()
    tables.publish(spark, stored, "silver", "orders_m", settings.path("silver/orders_m"), "2026-01-01")
    for _ in range(2):
        deduplicated = transform.latest_per_key(None, batch, ["order_id"])
        tables.upsert(spark, deduplicated, "silver.orders_m", ["order_id"], transform.replaces(batch))
        expected = spark.createDataFrame(full, DDL)
        assert_df_equality(spark.table("silver.orders_m"), expected, ignore_row_order=True, ignore_nullable=True)
