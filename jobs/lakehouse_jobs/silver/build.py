"""Silver build: the run date's Bronze partition of every table of a domain, typed, cleaned, checked, merged.

`python -m lakehouse_jobs.silver.build --domain {ecom,marketing,logs} --run-date D`
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import entry, layout, schemas, tables
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.silver import io, merge, transform
from lakehouse_jobs.silver.rules import REJECTION, check_foreign_key
from lakehouse_jobs.silver.tables import SilverTable, for_domain

DOMAINS = ("ecom", "marketing", "logs")


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
    rejected = F.col(REJECTION).isNotNull()
    batch = merge.Batch(
        checked=checked,
        rejected=rejected,
        quarantine=transform.quarantine_records(checked.where(rejected), spec, run_date),
        valid=checked.where(~rejected).drop(REJECTION),
        key=spec.dedup_key,
    )
    root = layout.silver_root(settings, table.source, table.name)
    return merge.publish_batch(spark, settings, batch, table.name, root, f"{spec.source}.{spec.name}", run_date)


def run(spark: SparkSession, settings: Settings, domain: str, run_date: str) -> list[io.LoadCounts]:
    if domain == "logs":
        from lakehouse_jobs.silver import logs

        counts = logs.run(spark, settings, run_date)
    else:
        counts = [build_table(spark, settings, t, run_date) for t in for_domain(domain)]
    io.write_reports(spark, settings, counts)
    return counts


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
