"""Watermark state as the deployed warehouse has it: hdfs-init creates every contract folder, the state one empty."""

from __future__ import annotations

import os

from pyspark.sql import SparkSession

from lakehouse_jobs.bronze import watermark
from lakehouse_jobs.common import layout
from lakehouse_jobs.common.settings import Settings


def test_an_empty_state_folder_means_no_state_yet(spark: SparkSession, settings: Settings) -> None:
    os.makedirs(layout.watermark_state_path(settings).removeprefix("file:"), exist_ok=True)

    assert watermark.recorded(spark, settings, "ecom", "orders") == []


def test_recorded_state_is_read_back_for_its_table(spark: SparkSession, settings: Settings) -> None:
    state = watermark.WatermarkState("ecom", "orders", "2026-01-01", 3, None, "2026-01-01 10:00:00", True)
    watermark.record(spark, settings, state)

    assert watermark.recorded(spark, settings, "ecom", "orders") == [("2026-01-01", "2026-01-01 10:00:00")]
    assert watermark.recorded(spark, settings, "ecom", "customers") == []


def test_an_empty_reports_folder_means_no_reports_yet(spark: SparkSession, settings: Settings) -> None:
    from lakehouse_jobs.silver import io

    os.makedirs(layout.report_path(settings).removeprefix("file:"), exist_ok=True)

    assert io.read_reports(spark, settings, "2026-01-01") == []
