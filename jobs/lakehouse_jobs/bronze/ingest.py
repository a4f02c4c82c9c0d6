"""Bronze ingestion: every table of a source database over JDBC into raw Parquet partitioned by ingest date.

`python -m lakehouse_jobs.bronze.ingest --source ecom --run-date 2026-11-26 --jdbc-url jdbc:postgresql://h:5432/ecom
--jdbc-user U [--tables a,b] [--full]`; the password is read from LAKEHOUSE_JDBC_PASSWORD only.
This replaces the original design's Apache Sqoop (retired to the Apache Attic in 2021).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.bronze import jdbc, watermark
from lakehouse_jobs.bronze.metadata import with_ingestion_metadata
from lakehouse_jobs.common import contracts, entry, fs, layout, schemas
from lakehouse_jobs.common.columns import INGEST_DATE
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.common.tables import version_id

PASSWORD_ENV = contracts.env_name("jdbcPassword")


@dataclass(frozen=True)
class IngestResult:
    table: str
    rows: int
    watermark_from: str | None
    watermark_to: str


def ingest_table(
    spark: SparkSession, settings: Settings, source: jdbc.JdbcSource, spec: schemas.TableSpec, run_date: str, full: bool
) -> IngestResult:
    """Ingest one table's rows changed since the previous date's watermark into partition `ingest_date=run_date`."""
    low = (
        None if full else watermark.previous_high(watermark.recorded(spark, settings, spec.source, spec.name), run_date)
    )
    high, expected = jdbc.probe(spark, source, spec, low)
    path = layout.bronze_table_path(settings, spec.source, spec.name)
    partition = f"{path}/{INGEST_DATE}={run_date}"
    if expected == 0:
        fs.delete(spark, partition)  # a rerun that finds nothing must not leave an earlier attempt's rows
        rows = 0
    else:
        raw = jdbc.read(spark, source, spec, low, high, expected)
        batch = with_ingestion_metadata(raw, f"{spec.source}.{spec.name}", run_date, version_id(run_date))
        batch.write.mode("overwrite").partitionBy(INGEST_DATE).parquet(path)
        rows = spark.read.parquet(path).where(F.col(INGEST_DATE) == F.lit(run_date)).count()
    watermark.record(spark, settings, watermark.WatermarkState(spec.source, spec.name, run_date, rows, low, high, full))
    return IngestResult(spec.name, rows, low, high)


def run(
    spark: SparkSession,
    settings: Settings,
    source_name: str,
    source: jdbc.JdbcSource,
    run_date: str,
    tables: Sequence[str] | None = None,
    full: bool = False,
) -> list[IngestResult]:
    """Ingest the chosen tables (default: every table of the source in contracts/sources.json)."""
    names = list(tables) if tables else schemas.table_names(source_name)
    return [ingest_table(spark, settings, source, schemas.table_spec(source_name, t), run_date, full) for t in names]


def password_from_env(environ: dict[str, str] | os._Environ[str]) -> str:
    password = environ.get(PASSWORD_ENV, "")
    if not password:
        raise SystemExit(f"{PASSWORD_ENV} is not set: the JDBC password is read from the environment only")
    return password


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Ingest a source database into Bronze over JDBC")
    parser.add_argument("--source", required=True, choices=schemas.source_names())
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    parser.add_argument("--jdbc-url", required=True)
    parser.add_argument("--jdbc-user", required=True)
    parser.add_argument("--tables", help="comma-separated subset of the source's tables")
    parser.add_argument("--full", action="store_true", help="ignore the watermark and read every row")
    args = parser.parse_args(argv)
    args.conf = jdbc.with_driver(args.conf)
    source = jdbc.JdbcSource(args.jdbc_url, args.jdbc_user, password_from_env(os.environ))

    def body(spark: SparkSession, settings: Settings) -> None:
        for result in run(spark, settings, args.source, source, args.run_date, entry.csv_list(args.tables), args.full):
            print(
                f"bronze {args.source}.{result.table}: {result.rows} rows "
                f"({result.watermark_from} .. {result.watermark_to}]"
            )

    entry.with_session(args, f"bronze-ingest-{args.source}", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
