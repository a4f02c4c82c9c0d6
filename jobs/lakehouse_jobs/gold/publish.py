"""Write-audit-publish of Gold with Delta versions.

The builds write each Gold table as a Delta table in the `gold_versions` database (write); the quality gate checks
exactly the versions it read (audit); only when every check passes are the views of the `gold` database, which BI
reads through the Thrift endpoint, re-pointed to those versions with `VERSION AS OF n` (publish). A failed gate
leaves the views on the previous audited versions, so no row of a rejected build is ever visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import layout, tables

# The audited version a view shows, recorded on the view (read by maintenance and tests).
VERSION_PROPERTY = "lakehouse.gold.version"


def candidate_versions(spark: SparkSession, names: Iterable[str]) -> dict[str, int]:
    """The latest version of each Gold Delta table that exists (what a gate run audits)."""
    db = layout.gold_versions_db()
    return {t: tables.current_version(spark, f"{db}.{t}") for t in names if tables.table_exists(spark, db, t)}


def candidate(spark: SparkSession, table: str, version: int) -> DataFrame:
    return spark.sql(f"SELECT * FROM {layout.gold_versions_db()}.{table} VERSION AS OF {int(version)}")


def published_version(spark: SparkSession, table: str) -> int | None:
    """The version the BI view of `table` shows, or None before its first publish."""
    db = layout.gold_db()
    if not tables.table_exists(spark, db, table):
        return None
    props = {r["key"]: r["value"] for r in spark.sql(f"SHOW TBLPROPERTIES {db}.{table}").collect()}
    value = props.get(VERSION_PROPERTY)
    return int(value) if value is not None else None


def publish(spark: SparkSession, versions: Mapping[str, int]) -> None:
    """Point the BI view of every table in `versions` at its audited version."""
    db, source = layout.gold_db(), layout.gold_versions_db()
    spark.sql(f"CREATE DATABASE IF NOT EXISTS {db}")
    for table, version in versions.items():
        if tables.table_exists(spark, db, table) and spark.catalog.getTable(f"{db}.{table}").tableType != "VIEW":
            spark.sql(f"DROP TABLE {db}.{table}")  # a table of the format before views (external: data stays)
        spark.sql(
            f"CREATE OR REPLACE VIEW {db}.{table} TBLPROPERTIES ('{VERSION_PROPERTY}' = '{int(version)}') "
            f"AS SELECT * FROM {source}.{table} VERSION AS OF {int(version)}"
        )
