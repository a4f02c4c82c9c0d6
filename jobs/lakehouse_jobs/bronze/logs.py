"""Bronze for log files: raw clickstream or access-log lines, unparsed, with ingestion metadata.

`python -m lakehouse_jobs.bronze.logs --kind {clickstream,accesslog} --run-date D --input PATH`
Rerunning a date replaces that date's partition.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.bronze.metadata import with_ingestion_metadata
from lakehouse_jobs.common import entry, layout
from lakehouse_jobs.common.columns import INGEST_DATE, RAW_LINE, SOURCE_FILE
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.common.tables import version_id

KINDS = ("clickstream", "accesslog")


def raw_lines(spark: SparkSession, input_path: str) -> DataFrame:
    """Every line of the file (or of every file in the folder) with the file it came from."""
    return spark.read.text(input_path).select(
        F.col("value").alias(RAW_LINE), F.col("_metadata.file_path").alias(SOURCE_FILE)
    )


def run(spark: SparkSession, settings: Settings, kind: str, run_date: str, input_path: str) -> int:
    if kind not in KINDS:
        raise ValueError(f"unknown log kind {kind!r}; expected one of {KINDS}")
    batch = with_ingestion_metadata(raw_lines(spark, input_path), f"logs.{kind}", run_date, version_id(run_date))
    path = layout.bronze_log_path(settings, kind)
    batch.write.mode("overwrite").partitionBy(INGEST_DATE).parquet(path)
    return spark.read.parquet(path).where(F.col(INGEST_DATE) == F.lit(run_date)).count()


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Copy raw log lines into Bronze")
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    parser.add_argument("--input", required=True, help="a log file or a folder of log files")
    args = parser.parse_args(argv)

    def body(spark: SparkSession, settings: Settings) -> None:
        rows = run(spark, settings, args.kind, args.run_date, args.input)
        print(f"bronze logs.{args.kind}: {rows} lines")

    entry.with_session(args, f"bronze-logs-{args.kind}", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
