"""Shared plumbing of the job entry points: argument parsing, run-date validation, session lifecycle."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from pyspark.sql import SparkSession

from lakehouse_jobs.common import logs
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


LOG = logging.getLogger("lakehouse_jobs.run")


def with_session(args: argparse.Namespace, app_name: str, body: Callable[[SparkSession, Settings], T]) -> T:
    """Build settings and the session from parsed arguments, run `body`, always stop the session.

    The run is logged as JSON lines (`common/logs.py`): a start record, then a finish record with its duration and
    status, the error with its traceback when it failed."""
    logs.configure_from(os.environ, app_name)
    started = time.monotonic()
    LOG.info("%s started", app_name, extra={"event": logs.event("runStarted")})

    def finished(outcome: str, level: int, exc_info: bool = False) -> None:
        seconds = round(time.monotonic() - started, 3)
        extra = {"event": logs.event("runFinished"), "status": logs.status(outcome), "durationSeconds": seconds}
        LOG.log(level, "%s %s after %.1fs", app_name, logs.status(outcome), seconds, extra=extra, exc_info=exc_info)

    try:
        settings = settings_mod.from_args(args)
        spark = build_session(settings, app_name)
        try:
            result = body(spark, settings)
        finally:
            spark.stop()
    except BaseException:
        finished("failed", logging.ERROR, exc_info=True)
        raise
    finished("succeeded", logging.INFO)
    return result


def csv_list(value: str | None) -> Sequence[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None
