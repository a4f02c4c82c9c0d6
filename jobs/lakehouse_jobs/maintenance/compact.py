"""Small-file compaction of the Silver and Gold tables: rewrite each table into files of about 128 MiB, published
with the same atomic swap as a build (readers never see a half-rewritten table).

`python -m lakehouse_jobs.maintenance.compact --run-date D` (the Airflow maintenance DAG calls it).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import entry, fs, layout, tables
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.silver.tables import TABLES

TARGET_FILE_BYTES = 128 * 1024 * 1024


def target_files(total_bytes: int) -> int:
    return max(1, math.ceil(total_bytes / TARGET_FILE_BYTES))


def _partition_columns(spark: SparkSession, db: str, table: str) -> list[str]:
    return [c.name for c in spark.catalog.listColumns(table, db) if c.isPartition]


def compact_table(spark: SparkSession, db: str, table: str, root: str, run_date: str) -> int:
    """Rewrite one table; returns the number of files it now has per partition."""
    df = spark.table(f"{db}.{table}")
    partitions = _partition_columns(spark, db, table)
    files = target_files(fs.size_bytes(spark, root) // max(1, len(fs.list_dirs(spark, root))))
    rewritten = df.repartition(files, *[F.col(p) for p in partitions]) if partitions else df.coalesce(files)
    tables.publish(spark, rewritten, db, table, root, run_date, partitions)
    return files


def run(spark: SparkSession, settings: Settings, run_date: str) -> dict[str, int]:
    done: dict[str, int] = {}
    gold = layout.gold_db()
    for table in dict.fromkeys(layout.gold_tables("ecom") + layout.gold_tables("logs")):
        if tables.table_exists(spark, gold, table):
            done[f"{gold}.{table}"] = compact_table(spark, gold, table, layout.gold_root(settings, table), run_date)
    silver = layout.silver_db()
    for t in TABLES:
        if tables.table_exists(spark, silver, t.name):
            root = layout.silver_root(settings, t.source, t.name)
            done[f"{silver}.{t.name}"] = compact_table(spark, silver, t.name, root, run_date)
    return done


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Compact the small files of the Silver and Gold tables")
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    args = parser.parse_args(argv)

    def body(spark: SparkSession, settings: Settings) -> None:
        for table, files in run(spark, settings, args.run_date).items():
            print(f"compacted {table}: {files} file(s) per partition")

    entry.with_session(args, "maintenance-compact", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
