"""The whole batch run in one Spark session: Bronze (both databases, logs if given) -> Silver -> Gold -> quality.

`python -m lakehouse_jobs.pipeline --run-date D --jdbc-url-ecom URL --jdbc-url-marketing URL --jdbc-user U
[--logs-dir DIR] [--full]`; the password comes from LAKEHOUSE_JDBC_PASSWORD. One process holds the session, which
matters embedded: the Derby metastore admits one Spark process at a time, so start the Thrift Server afterwards.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyspark.sql import SparkSession

from lakehouse_jobs.bronze import ingest, jdbc
from lakehouse_jobs.bronze import logs as bronze_logs
from lakehouse_jobs.common import batch_metrics, contracts, entry
from lakehouse_jobs.common import metrics as metrics_mod
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.gold import build as gold_build
from lakehouse_jobs.quality import check
from lakehouse_jobs.silver import build as silver_build
from lakehouse_jobs.silver.io import LoadCounts


@dataclass
class PipelineReport:
    bronze: dict[str, int] = field(default_factory=dict)
    silver: list[str] = field(default_factory=list)
    silver_rows: dict[str, int] = field(default_factory=dict)
    loads: list[LoadCounts] = field(default_factory=list)
    gold: dict[str, int] = field(default_factory=dict)
    quality: list[check.CheckResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.quality)

    def summary(self) -> dict[str, object]:
        """Machine-readable report (`--summary-json`), read by `lakehouse local up` and `verify`."""
        failures = [r.line() for r in self.quality if not r.passed]
        return {
            "counts": {"bronze": dict(self.bronze), "silver": dict(self.silver_rows), "gold": dict(self.gold)},
            "quality": {"passed": self.passed, "checks": len(self.quality), "failures": failures},
        }

    def metrics(self, succeeded: bool) -> metrics_mod.Registry:
        """The run's Prometheus metrics (`contracts/metrics.json` `batch`)."""
        rows = {"bronze": self.bronze, "silver": self.silver_rows, "gold": self.gold}
        return batch_metrics.registry(
            seconds=self.seconds, rows=rows, loads=self.loads, checks=self.quality, succeeded=succeeded
        )

    def render(self) -> str:
        lines = [f"bronze {t}: {n} rows" for t, n in self.bronze.items()]
        lines += self.silver
        lines += [f"gold {t}: {n} rows" for t, n in self.gold.items()]
        lines += [f"timing {step}: {secs:.1f} s" for step, secs in self.seconds.items()]
        return "\n".join([*lines, check.report(self.quality)])


def log_inputs(logs_dir: str | None) -> dict[str, str]:
    """The log file per kind present in `logs_dir`, named as in contracts/sources.json `logs`."""
    if not logs_dir:
        return {}
    files = {kind: Path(logs_dir) / spec["file"] for kind, spec in contracts.sources()["logs"].items()}
    return {kind: str(path.resolve()) for kind, path in files.items() if path.exists()}


def run(
    spark: SparkSession,
    settings: Settings,
    run_date: str,
    sources: dict[str, jdbc.JdbcSource],
    logs: dict[str, str],
    full: bool = False,
    report: PipelineReport | None = None,
) -> PipelineReport:
    """Run every step; `report` (if given) is filled as steps finish, so a caller still has it when a step fails."""
    report = PipelineReport() if report is None else report
    clock = time.monotonic()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.monotonic()
        report.seconds[step] = now - clock
        clock = now

    for name, source in sources.items():
        for result in ingest.run(spark, settings, name, source, run_date, full=full):
            report.bronze[f"{name}.{result.table}"] = result.rows
    for kind, path in logs.items():
        report.bronze[f"logs.{kind}"] = bronze_logs.run(spark, settings, kind, run_date, path)
    lap("bronze")
    domains = [*sources, *(["logs"] if logs else [])]
    for domain in domains:
        for counts in silver_build.run(spark, settings, domain, run_date):
            report.silver.append(silver_build.format_counts(counts))
            report.silver_rows[counts.source_table] = counts.silver_rows
            report.loads.append(counts)
    lap("silver")
    marts = ["ecom", *(["logs"] if logs else [])]
    for mart in marts:
        report.gold.update(gold_build.run(spark, settings, mart, run_date))
    lap("gold")
    report.quality = check.run(spark, settings, run_date, marts)
    lap("quality")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Run ingestion -> Silver -> Gold -> quality checks for one date")
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    parser.add_argument("--jdbc-url-ecom", required=True)
    parser.add_argument("--jdbc-url-marketing", required=True)
    parser.add_argument("--jdbc-user", required=True)
    parser.add_argument("--logs-dir", help="folder with the clickstream and access-log files (names: contracts)")
    parser.add_argument("--full", action="store_true", help="ignore watermarks and re-read every source row")
    parser.add_argument("--summary-json", help="also write the counts and quality results as JSON to this file")
    args = parser.parse_args(argv)
    args.conf = jdbc.with_driver(args.conf)
    password = ingest.password_from_env(os.environ)
    sources = {
        "ecom": jdbc.JdbcSource(args.jdbc_url_ecom, args.jdbc_user, password),
        "marketing": jdbc.JdbcSource(args.jdbc_url_marketing, args.jdbc_user, password),
    }
    report = PipelineReport()
    metrics_dir = os.environ.get(contracts.load("runtime")["env"]["metricsDir"])
    try:
        report = entry.with_session(
            args,
            "lakehouse-pipeline",
            lambda spark, s: run(spark, s, args.run_date, sources, log_inputs(args.logs_dir), args.full, report),
        )
    except BaseException:
        if metrics_dir:  # a crashed run is a failed run for the alert, not a missing one
            metrics_mod.write_textfile(report.metrics(succeeded=False), batch_metrics.textfile_path(metrics_dir))
        raise
    if metrics_dir:
        metrics_mod.write_textfile(report.metrics(succeeded=True), batch_metrics.textfile_path(metrics_dir))
    print(report.render())
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(report.summary(), indent=2) + "\n", encoding="utf-8")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
