"""Where the ML jobs put their metrics: one JSON document per job under the contract's `mlReports` path."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import contracts, entry, layout, tables
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.ml.evaluate import scalar


def report_path(settings: Settings, job: str) -> str:
    return settings.path(contracts.storage()["paths"]["mlReports"], job)


def table_name(key: str) -> str:
    """Gold table of an ML job (`lateDelivery`, `repeatPurchase`, `recommendations`)."""
    return str(contracts.storage()["mlTables"][key])


def write(spark: SparkSession, settings: Settings, job: str, report: dict[str, Any]) -> str:
    """Write `report` as one JSON line (a single text file, readable on HDFS as locally); returns its folder."""
    path = report_path(settings, job)
    text = json.dumps(report, sort_keys=True)
    spark.createDataFrame([(text,)], "value string").coalesce(1).write.mode("overwrite").text(path)
    return path


def read(spark: SparkSession, settings: Settings, job: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(scalar(spark.read.text(report_path(settings, job))))
    return data


def publish(
    spark: SparkSession, settings: Settings, key: str, df: DataFrame, result: dict[str, Any], run_date: str
) -> dict[str, Any]:
    """Publish a job's Gold table (`mlTables[key]`) atomically, then its report; returns the report."""
    table = table_name(key)
    tables.publish(spark, df, layout.gold_db(), table, layout.gold_root(settings, table), run_date)
    full = {**result, "run_date": run_date, "table": f"{layout.gold_db()}.{table}"}
    write(spark, settings, str(result["job"]), full)
    return full


def main(
    job: str,
    description: str,
    argv: Sequence[str] | None,
    add_arguments: Callable[[argparse.ArgumentParser], None],
    body: Callable[[SparkSession, Settings, argparse.Namespace], dict[str, Any]],
) -> int:
    """Entry point of an ML job: `--run-date` plus the job's own options; prints the verdict."""
    parser = entry.parser(description)
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    add_arguments(parser)
    args = parser.parse_args(argv)
    result = entry.with_session(args, f"ml-{job}", lambda spark, settings: body(spark, settings, args))
    print(f"ml {job}: {json.dumps(result['verdict'], sort_keys=True)}")
    return 0
