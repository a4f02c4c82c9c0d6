"""Failure alerting: one structured JSON line per failed task, which the observability layer (Filebeat -> Logstash
-> Elasticsearch) picks out of the task logs by `"event":"task_failed"`.

The line is a log record of `contracts/logs.json` (timestamp, level, logger, message, DAG, run id, layer, by their
contract names) plus the task's details; Airflow writes it as the message of its own JSON task-log line, which
Logstash unwraps.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any

from lakehouse_dags import contracts

ALERT_LOGGER = "lakehouse.alerts"
_LOGS = contracts.load("logs")
EVENT = _LOGS["events"]["taskFailed"]
_F = _LOGS["fields"]
LAYER = _LOGS["producers"]["airflow"]["layer"]
_MAX_ERROR_CHARS = 500


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


def alert_record(context: Mapping[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """The alert for a task-failure callback context (only reads the context, and the clock unless `now` is given)."""
    ti = context.get("ti") or context.get("task_instance")
    dag_run = context.get("dag_run")
    error = context.get("exception")
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="milliseconds")
    dag_id, task_id = getattr(ti, "dag_id", None), getattr(ti, "task_id", None)
    error_type = type(error).__name__ if error is not None else None
    record: dict[str, Any] = {
        _F["event"]: EVENT,
        _F["timestamp"]: stamp.replace("+00:00", "Z"),
        _F["level"]: "ERROR",
        _F["logger"]: ALERT_LOGGER,
        _F["message"]: f"task {dag_id}.{task_id} failed" + (f": {error_type}" if error_type else ""),
        _F["layer"]: LAYER,
        _F["dag"]: dag_id,
        _F["task"]: task_id,
        _F["runId"]: getattr(ti, "run_id", None) or getattr(dag_run, "run_id", None),
        "try_number": getattr(ti, "try_number", None),
        "max_tries": getattr(ti, "max_tries", None),
        "map_index": getattr(ti, "map_index", -1),
        "logical_date": _iso(context.get("logical_date")),
        "owner": getattr(context.get("task"), "owner", None),
        "error_type": error_type,
        "error": str(error)[:_MAX_ERROR_CHARS] if error is not None else None,
    }
    return record


def alert_line(context: Mapping[str, Any]) -> str:
    """The alert as one compact JSON line (never spans lines, whatever the error text holds)."""
    return json.dumps(alert_record(context), separators=(",", ":"), sort_keys=False, default=str)


def on_task_failure(context: Mapping[str, Any]) -> None:
    """`on_failure_callback` for every lakehouse task."""
    logging.getLogger(ALERT_LOGGER).error(alert_line(context))
