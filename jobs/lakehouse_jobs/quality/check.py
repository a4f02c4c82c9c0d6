"""Data-quality gate after a run: Silver counts add up, Gold keys are unique, no orphan foreign keys, no rows lost.

`python -m lakehouse_jobs.quality.check --run-date D` prints one line per check and exits 1 if any fails, naming the
table and the rule.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import entry, layout, tables
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.quality import rules
from lakehouse_jobs.silver import io


@dataclass(frozen=True)
class CheckResult:
    table: str
    rule: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'} {self.table} {self.rule}: {self.detail}"


def count_checks(counts: Sequence[io.LoadCounts]) -> list[CheckResult]:
    """rows_in = rows_out + rows_quarantined + duplicates_collapsed, with no negative term (pure)."""
    results = []
    for c in counts:
        ok = c.balanced and min(c.rows_out, c.rows_quarantined, c.duplicates_collapsed) >= 0
        detail = (
            f"in={c.rows_in} out={c.rows_out} quarantined={c.rows_quarantined} "
            f"duplicates_collapsed={c.duplicates_collapsed}"
        )
        results.append(CheckResult(f"silver.{c.source_table}", "counts_balance", ok, detail))
    return results


def _gold_checks(spark: SparkSession, table: str) -> list[CheckResult]:
    db = layout.gold_db()
    df = spark.table(f"{db}.{table}")
    key = list(rules.KEYS[table])
    stats = df.agg(
        F.count(F.lit(1)).alias("rows"),
        F.count_distinct(F.struct(*key)).alias("distinct"),
        F.count(F.when(F.greatest(*[F.col(k).isNull() for k in key], F.lit(False)), 1)).alias("nulls"),
    ).first()
    assert stats is not None
    rows, distinct, null_keys = int(stats["rows"]), int(stats["distinct"]), int(stats["nulls"])
    results = [
        CheckResult(
            f"{db}.{table}",
            f"unique_key({','.join(key)})",
            rows == distinct and null_keys == 0,
            f"rows={rows} distinct_keys={distinct} null_keys={null_keys}",
        )
    ]
    for (child, column), (parent, parent_column) in rules.FOREIGN_KEYS.items():
        if child != table or not tables.table_exists(spark, db, parent):
            continue
        parent_keys = spark.table(f"{db}.{parent}").select(F.col(parent_column).alias(column))
        orphans = df.where(F.col(column).isNotNull()).join(parent_keys, column, "left_anti").count()
        results.append(
            CheckResult(f"{db}.{table}", f"fk({column}->{parent}.{parent_column})", orphans == 0, f"orphans={orphans}")
        )
    silver = rules.PRESERVES.get(table)
    if silver and tables.table_exists(spark, layout.silver_db(), silver):
        expected = spark.table(f"{layout.silver_db()}.{silver}").count()
        results.append(
            CheckResult(
                f"{db}.{table}", f"rows_match(silver.{silver})", rows == expected, f"gold={rows} silver={expected}"
            )
        )
    return results


def run(
    spark: SparkSession, settings: Settings, run_date: str, marts: Sequence[str] = ("ecom", "logs")
) -> list[CheckResult]:
    """Checks this run's Silver counts and every Gold table of the marts; a mart's missing table is a failure."""
    results = count_checks(io.read_reports(spark, settings, run_date))
    for mart in marts:
        for table in layout.gold_tables(mart):
            if tables.table_exists(spark, layout.gold_db(), table):
                results.extend(_gold_checks(spark, table))
            else:
                results.append(CheckResult(f"{layout.gold_db()}.{table}", "exists", False, "table not published"))
    return results


def report(results: Sequence[CheckResult]) -> str:
    failed = [r for r in results if not r.passed]
    summary = f"quality: {len(results) - len(failed)} passed, {len(failed)} failed"
    return "\n".join([*(r.line() for r in results), summary])


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Check the data-quality rules after a run")
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    parser.add_argument("--marts", default="ecom,logs", help="comma-separated Gold marts to check")
    args = parser.parse_args(argv)
    results = entry.with_session(
        args, "quality-check", lambda spark, s: run(spark, s, args.run_date, entry.csv_list(args.marts) or [])
    )
    print(report(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
