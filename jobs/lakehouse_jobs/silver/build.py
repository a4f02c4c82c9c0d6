"""Silver build: the run date's Bronze partition of every table of a domain, typed, cleaned, checked, merged.

`python -m lakehouse_jobs.silver.build --domain {ecom,marketing,logs} --run-date D`
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import entry, layout, schemas, tables
from lakehouse_jobs.common.columns import INGEST_DATE
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.silver import io, transform
from lakehouse_jobs.silver.rules import REJECTION, check_foreign_key
from lakehouse_jobs.silver.tables import SilverTable, for_domain

DOMAINS = ("ecom", "marketing", "logs")


def merge_and_publish(
    spark: SparkSession, settings: Settings, table: SilverTable, key: Sequence[str], checked: DataFrame, run_date: str
) -> io.LoadCounts:
    """Quarantine rejected rows, merge valid ones into the Silver table, publish atomically, report the counts."""
    source_table = f"{table.source}.{table.name}"
    checked = checked.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        rows_in = checked.count()
        rejected = checked.where(F.col(REJECTION).isNotNull())
        io.write_quarantine(
            spark, settings, transform.quarantine_records(rejected, _spec_of(table), run_date), run_date, source_table
        )
        rows_quarantined = rejected.count()
        valid = checked.where(F.col(REJECTION).isNull()).drop(REJECTION)
        existing = tables.read_table(spark, layout.silver_db(), table.name)
        if rows_in == 0 and existing is not None:
            silver_rows, rows_out = existing.count(), 0
        else:
            merged = transform.latest_per_key(existing, valid, key)
            tables.publish(
                spark,
                merged,
                layout.silver_db(),
                table.name,
                layout.silver_root(settings, table.source, table.name),
                run_date,
            )
            published = spark.table(f"{layout.silver_db()}.{table.name}")
            silver_rows = published.count()
            rows_out = published.where(F.col(INGEST_DATE) == run_date).count()
    finally:
        checked.unpersist()
    counts = io.LoadCounts(
        run_date, source_table, rows_in, rows_out, rows_quarantined, rows_in - rows_out - rows_quarantined, silver_rows
    )
    io.write_report(spark, settings, counts)
    return counts


def _spec_of(table: SilverTable) -> schemas.TableSpec:
    return schemas.table_spec(table.source, table.name)


def build_table(spark: SparkSession, settings: Settings, table: SilverTable, run_date: str) -> io.LoadCounts:
    spec = _spec_of(table)
    bronze = io.read_partition(
        spark, layout.bronze_table_path(settings, spec.source, spec.name), run_date, transform.bronze_schema(spec)
    )
    checked = transform.validate(bronze, spec, table)
    for fk in table.foreign_keys:
        parent = tables.read_table(spark, layout.silver_db(), fk.parent)
        if parent is None:  # the parent has never been built: every non-null reference dangles
            parent = spark.createDataFrame([], checked.select(*fk.columns).schema)
            parent = parent.toDF(*fk.parent_columns)
        checked = check_foreign_key(checked, fk, parent)
    return merge_and_publish(spark, settings, table, spec.dedup_key, checked, run_date)


def run(spark: SparkSession, settings: Settings, domain: str, run_date: str) -> list[io.LoadCounts]:
    if domain == "logs":
        from lakehouse_jobs.silver import logs

        return logs.run(spark, settings, run_date)
    return [build_table(spark, settings, t, run_date) for t in for_domain(domain)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Build the Silver tables of a domain from the run date's Bronze partition")
    parser.add_argument("--domain", required=True, choices=DOMAINS)
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    args = parser.parse_args(argv)

    def body(spark: SparkSession, settings: Settings) -> None:
        for counts in run(spark, settings, args.domain, args.run_date):
            print(format_counts(counts))

    entry.with_session(args, f"silver-{args.domain}", body)
    return 0


def format_counts(c: io.LoadCounts) -> str:
    return (
        f"silver {c.source_table}: in={c.rows_in} out={c.rows_out} quarantined={c.rows_quarantined} "
        f"duplicates_collapsed={c.duplicates_collapsed} total={c.silver_rows}"
    )


if __name__ == "__main__":
    sys.exit(main())
