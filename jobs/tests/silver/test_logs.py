from pyspark.sql import functions as F

from lakehouse_jobs.common import logparse
from lakehouse_jobs.common.columns import RAW_LINE
from lakehouse_jobs.silver import logs
from tests.builders import T0

GOOD = (
    "2017-03-12 14:05:33.123456 [INFO] - USER_ID: 12, SESSION_ID: 345, EVENT_TYPE: add_to_cart, "
    "PRODUCT_ID: 4244733e06e7ecb4970a6e2683c13e61, AMOUNT: N/A, OUTCOME: N/A"
)


def test_log_lines_are_parsed_with_a_content_id_and_bad_lines_keep_their_reason(spark):
    bronze = spark.createDataFrame(
        [(GOOD, "f", T0, "b1", "2026-01-01"), ("garbage", "f", T0, "b1", "2026-01-01")], logs.BRONZE_SCHEMA
    )
    clickstream = logs.KINDS[0]
    parsed = logs.parsed(bronze, clickstream).cache()
    valid = logs.valid_rows(parsed, clickstream).collect()
    assert len(valid) == 1
    assert (valid[0]["event_type"], valid[0]["product_id"], valid[0]["amount"]) == (
        "add_to_cart",
        "4244733e06e7ecb4970a6e2683c13e61",
        None,
    )
    assert len(valid[0]["event_id"]) == 64
    rejected = parsed.where(F.col(logparse.ERROR_COLUMN).isNotNull()).select(RAW_LINE, logparse.ERROR_COLUMN)
    assert [tuple(r) for r in rejected.collect()] == [("garbage", logparse.MALFORMED)]
