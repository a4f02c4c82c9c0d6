"""The failure alert: one JSON line with the fields the observability layer indexes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
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
    now = dt.datetime(2026, 11, 25, 3, 4, 5, 678000, tzinfo=dt.UTC)
    record = alerts.alert_record(_context(RuntimeError("spark-submit exited 1")), now=now)
    assert record == {
        "event": "task_failed",
        "ts": "2026-11-25T03:04:05.678Z",
        "level": "ERROR",
        "logger": "lakehouse.alerts",
        "msg": "task ecom_silver_to_gold.build_gold_ecom failed: RuntimeError",
        "layer": "orchestration",
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


def test_the_alert_is_a_log_record_of_the_contract():
    """The names the jobs and the Logstash pipeline use (contracts/logs.json): required fields and the DAG."""
    spec = json.loads((Path(__file__).resolve().parents[2] / "contracts" / "logs.json").read_text(encoding="utf-8"))
    record = alerts.alert_record(_context(RuntimeError("x")))
    for key in [*spec["required"], "dag", "task", "event"]:
        assert record.get(spec["fields"][key]) is not None, key
    assert record[spec["fields"]["level"]] in spec["levels"]
    assert record[spec["fields"]["layer"]] == spec["producers"]["airflow"]["layer"]
