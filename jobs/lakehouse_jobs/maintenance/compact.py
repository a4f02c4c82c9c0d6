"""Maintenance of the Silver and Gold Delta tables with Delta's own tools: OPTIMIZE compacts small files (one
commit; readers keep their snapshot), VACUUM deletes the files no version within the retention still needs, so time
travel reaches back `--retention-days`.

`python -m lakehouse_jobs.maintenance.compact --run-date D [--retention-days N]` (the Airflow maintenance DAG calls
it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from pyspark.sql import SparkSession

from lakehouse_jobs.common import entry, layout, tables
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.gold import publish as gold_publish
from lakehouse_jobs.silver.tables import TABLES

DEFAULT_RETENTION_DAYS = 7


@dataclass(frozen=True)
class Maintained:
    files_removed: int
    files_added: int


def retention_days(value: str) -> int:
    """argparse type for `--retention-days`: a whole number of days, at least 1 (VACUUM RETAIN 0 breaks readers)."""
    try:
        days = int(value)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(f"--retention-days expects a whole number of days >= 1, got {value!r}")
    return days


def maintain_table(spark: SparkSession, name: str, days: int) -> Maintained:
    """OPTIMIZE then VACUUM one Delta table; returns the files OPTIMIZE rewrote."""
    # Delta refuses a retention under 7 days unless told; ours is validated (>= 1 day) and chosen by the operator.
    spark.conf.set("spark.databricks.delta.retentionDurationCheck.enabled", "false")
    metrics = spark.sql(f"OPTIMIZE {name}").first()
    assert metrics is not None
    stats = metrics["metrics"]
    if _vacuum_safe(spark, name):
        spark.sql(f"VACUUM {name} RETAIN {days * 24} HOURS")
    return Maintained(int(stats["numFilesRemoved"]), int(stats["numFilesAdded"]))


def _vacuum_safe(spark: SparkSession, name: str) -> bool:
    """VACUUM keeps what the latest version needs: a Gold table whose BI view still shows an older version (a gate
    has failed since) is left alone, or the view could lose its files."""
    db, table = name.split(".")
    if db != layout.gold_versions_db():
        return True
    published = gold_publish.published_version(spark, table)
    return published is None or published == tables.current_version(spark, name)


def table_names(spark: SparkSession) -> list[str]:
    """The Delta tables of Silver and Gold that exist."""
    gold = layout.gold_versions_db()
    names = [
        f"{gold}.{t}"
        for t in dict.fromkeys(layout.gold_tables("ecom") + layout.gold_tables("logs"))
        if tables.table_exists(spark, gold, t)
    ]
    silver = layout.silver_db()
    return names + [f"{silver}.{t.name}" for t in TABLES if tables.table_exists(spark, silver, t.name)]


def run(
    spark: SparkSession, settings: Settings, run_date: str, days: int = DEFAULT_RETENTION_DAYS
) -> dict[str, Maintained]:
    return {name: maintain_table(spark, name, days) for name in table_names(spark)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Compact (OPTIMIZE) and VACUUM the Silver and Gold Delta tables")
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    parser.add_argument(
        "--retention-days", type=retention_days, default=DEFAULT_RETENTION_DAYS, help="time travel kept, in days"
    )
    args = parser.parse_args(argv)
    days = args.retention_days

    def body(spark: SparkSession, settings: Settings) -> None:
        for table, done in run(spark, settings, args.run_date, days).items():
            print(f"maintained {table}: {done.files_removed} file(s) compacted into {done.files_added}")

    entry.with_session(args, "maintenance-compact", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
