"""The failure alert: one JSON line with the fields the observability layer indexes."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from lakehouse_dags import alerts


def _context(error: Exception | None):
    ti = SimpleNamespace(
        dag_id="ecom_silver_to_gold", task_id="build_gold_ecom", run_id="r1", try_number=2, max_tries=3
    )
    return {
        "ti": ti,
        "task": SimpleNamespace(owner="data-platform"),
        "logical_date": dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
        "exception": error,
    }


def test_alert_record_names_the_failed_task_and_error():
    record = alerts.alert_record(_context(RuntimeError("spark-submit exited 1")))
    assert record == {
        "event": "task_failed",
        "dag_id": "ecom_silver_to_gold",
        "task_id": "build_gold_ecom",
        "run_id": "r1",
        "try_number": 2,
        "max_tries": 3,
        "map_index": -1,
        "logical_date": "2026-11-25T00:00:00+00:00",
        "owner": "data-platform",
        "error_type": "RuntimeError",
        "error": "spark-submit exited 1",
    }


def test_alert_line_is_one_line_of_json_even_for_multiline_errors():
    line = alerts.alert_line(_context(ValueError("first\nsecond\n" + "x" * 2000)))
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["event"] == "task_failed"
    assert parsed["error"].startswith("first\nsecond")
    assert len(parsed["error"]) == 500


def test_alert_without_exception_or_logical_date():
    context = _context(None)
    context["logical_date"] = None
    record = alerts.alert_record(context)
    assert (record["error_type"], record["error"], record["logical_date"]) == (None, None, None)
