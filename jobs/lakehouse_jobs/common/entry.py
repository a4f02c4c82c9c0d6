"""Shared plumbing of the job entry points: argument parsing, run-date validation, session lifecycle."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from pyspark.sql import SparkSession

from lakehouse_jobs.common import settings as settings_mod
from lakehouse_jobs.common.session import build_session
from lakehouse_jobs.common.settings import Settings

T = TypeVar("T")


def run_date(value: str) -> str:
    """argparse type for `--run-date`: an ISO date, returned unchanged."""
    try:
        dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"--run-date expects YYYY-MM-DD, got {value!r}") from err
    return value


def parser(description: str) -> argparse.ArgumentParser:
    result = argparse.ArgumentParser(description=description)
    settings_mod.add_arguments(result)
    return result


def with_session(args: argparse.Namespace, app_name: str, body: Callable[[SparkSession, Settings], T]) -> T:
    """Build settings and the session from parsed arguments, run `body`, always stop the session."""
    settings = settings_mod.from_args(args)
    spark = build_session(settings, app_name)
    try:
        return body(spark, settings)
    finally:
        spark.stop()


def csv_list(value: str | None) -> Sequence[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None
