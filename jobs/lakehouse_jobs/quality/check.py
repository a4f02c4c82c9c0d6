"""Data-quality gate after a run: Silver counts add up, Gold keys are unique, required columns are set, amounts are
not negative, no orphan foreign keys, no rows lost. The gate audits the Gold versions just written and publishes
them to BI only when every check passes (lakehouse_jobs.gold.publish).

`python -m lakehouse_jobs.quality.check --run-date D` prints one line per check and exits 1 if any fails, naming the
table and the rule.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import entry, layout, tables
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.gold import publish as gold_publish
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


def _gold_checks(spark: SparkSession, table: str, versions: Mapping[str, int]) -> list[CheckResult]:
    """The rules of one Gold table, on the exact versions under audit (one aggregation for the per-row rules)."""
    db = layout.gold_db()
    df = gold_publish.candidate(spark, table, versions[table])
    key = list(rules.KEYS[table])
    required, amounts = rules.REQUIRED.get(table, ()), rules.NON_NEGATIVE.get(table, ())
    stats = df.agg(
        F.count(F.lit(1)).alias("rows"),
        F.count_distinct(F.struct(*key)).alias("distinct"),
        F.count(F.when(F.greatest(*[F.col(k).isNull() for k in key], F.lit(False)), 1)).alias("nulls"),
        *[F.count(F.when(F.col(c).isNull(), 1)).alias(f"null:{c}") for c in required],
        *[F.count(F.when(F.col(c) < 0, 1)).alias(f"negative:{c}") for c in amounts],
    ).first()
    assert stats is not None
    rows, distinct, null_keys = int(stats["rows"]), int(stats["distinct"]), int(stats["nulls"])
    name = f"{db}.{table}"
    results = [
        CheckResult(
            name,
            f"unique_key({','.join(key)})",
            rows == distinct and null_keys == 0,
            f"rows={rows} distinct_keys={distinct} null_keys={null_keys}",
        )
    ]
    results += [
        CheckResult(name, f"not_null({c})", stats[f"null:{c}"] == 0, f"nulls={stats[f'null:{c}']}") for c in required
    ]
    results += [
        CheckResult(name, f"non_negative({c})", stats[f"negative:{c}"] == 0, f"negatives={stats[f'negative:{c}']}")
        for c in amounts
    ]
    for (child, column), (parent, parent_column) in rules.FOREIGN_KEYS.items():
        if child != table or parent not in versions:
            continue
        parent_keys = gold_publish.candidate(spark, parent, versions[parent]).select(F.col(parent_column).alias(column))
        orphans = df.where(F.col(column).isNotNull()).join(parent_keys, column, "left_anti").count()
        results.append(CheckResult(name, f"fk({column}->{parent}.{parent_column})", orphans == 0, f"orphans={orphans}"))
    silver = rules.PRESERVES.get(table)
    if silver and tables.table_exists(spark, layout.silver_db(), silver):
        expected = spark.table(f"{layout.silver_db()}.{silver}").count()
        results.append(
            CheckResult(name, f"rows_match(silver.{silver})", rows == expected, f"gold={rows} silver={expected}")
        )
    if gold_publish.published_version(spark, table) is not None:
        # Silver only grows (upserts, no deletes), so a Gold table that shrinks lost rows.
        before = spark.table(name).count()
        results.append(CheckResult(name, "no_row_drop", rows >= before, f"published={before} candidate={rows}"))
    return results


def run(
    spark: SparkSession,
    settings: Settings,
    run_date: str,
    marts: Sequence[str] = ("ecom", "logs"),
    versions: Mapping[str, int] | None = None,
) -> list[CheckResult]:
    """Checks this run's Silver counts and the given versions of every Gold table of the marts (by default the latest
    ones); a mart's missing table is a failure."""
    if versions is None:
        versions = audited_versions(spark, marts)
    results = count_checks(io.read_reports(spark, settings, run_date))
    for mart in marts:
        for table in layout.gold_tables(mart):
            if table in versions:
                results.extend(_gold_checks(spark, table, versions))
            else:
                results.append(CheckResult(f"{layout.gold_db()}.{table}", "exists", False, "table not written"))
    return results


def audited_versions(spark: SparkSession, marts: Sequence[str]) -> dict[str, int]:
    """The latest version of every Gold table (all marts: a foreign key may point into another mart)."""
    every = dict.fromkeys(t for m in layout.marts() for t in layout.gold_tables(m))
    return gold_publish.candidate_versions(spark, every)


def gate(spark: SparkSession, settings: Settings, run_date: str, marts: Sequence[str]) -> list[CheckResult]:
    """Audit the latest Gold versions of the marts and publish them to BI only if every check passes."""
    versions = audited_versions(spark, marts)
    results = run(spark, settings, run_date, marts, versions)
    if all(r.passed for r in results):
        mart_tables = {t for m in marts for t in layout.gold_tables(m)}
        gold_publish.publish(spark, {t: v for t, v in versions.items() if t in mart_tables})
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
        args, "quality-check", lambda spark, s: gate(spark, s, args.run_date, entry.csv_list(args.marts) or [])
    )
    print(report(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
