"""`python -m lakehouse_jobs.common.logparse --kind {clickstream,accesslog} FILE`: JSON summary of a log file.

Prints `{"total", "valid", "invalid", "reasons": {reason: count}}` using the same parser as the jobs, on a small
local Spark session (no metastore, no UI). Used by the log generators' tests to prove what they emit.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)

from lakehouse_jobs.common import logparse


def summarize(parsed: DataFrame) -> dict[str, Any]:
    """Counts of a parsed DataFrame: total, valid, invalid and invalid lines per reason."""
    rows = parsed.groupBy(logparse.ERROR_COLUMN).agg(F.count(F.lit(1)).alias("n")).collect()
    reasons = {r[logparse.ERROR_COLUMN]: int(r["n"]) for r in rows if r[logparse.ERROR_COLUMN] is not None}
    valid = sum(int(r["n"]) for r in rows if r[logparse.ERROR_COLUMN] is None)
    invalid = sum(reasons.values())
    return {"total": valid + invalid, "valid": valid, "invalid": invalid, "reasons": dict(sorted(reasons.items()))}


def _local_session() -> SparkSession:
    return (
        SparkSession.builder.master("local[2]")
        .appName("logparse-summary")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lakehouse_jobs.common.logparse", description=__doc__)
    parser.add_argument("--kind", required=True, choices=sorted(logparse.PARSERS))
    parser.add_argument(
        "--source-timezone", default=logparse.DEFAULT_SOURCE_TIMEZONE, help="zone of offset-less clickstream times"
    )
    parser.add_argument("file", help="log file, one line per event")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.file):
        parser.error(f"no such file: {args.file}")
    try:
        logparse.validate_timezone(args.source_timezone)
    except ValueError as exc:
        parser.error(str(exc))
    spark = _local_session()
    spark.sparkContext.setLogLevel("ERROR")
    # wholetext=False keeps one row per line; lineSep default handles \n and \r\n (\r is trimmed by the parser).
    raw = spark.read.text(os.path.abspath(args.file))
    if args.kind == "clickstream":
        parsed = logparse.parse_clickstream(raw, source_tz=args.source_timezone)
    else:
        parsed = logparse.parse_accesslog(raw)
    print(json.dumps(summarize(parsed), sort_keys=True))
    spark.stop()
    return 0
