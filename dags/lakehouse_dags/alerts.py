"""Failure alerting: one structured JSON line per failed task, which the observability layer (Filebeat -> Logstash
-> Elasticsearch) picks out of the task logs by `"event":"task_failed"`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

ALERT_LOGGER = "lakehouse.alerts"
EVENT = "task_failed"
_MAX_ERROR_CHARS = 500


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


def alert_record(context: Mapping[str, Any]) -> dict[str, Any]:
    """The alert for a task-failure callback context (pure: only reads the context)."""
    ti = context.get("ti") or context.get("task_instance")
    dag_run = context.get("dag_run")
    error = context.get("exception")
    record: dict[str, Any] = {
        "event": EVENT,
        "dag_id": getattr(ti, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": getattr(ti, "run_id", None) or getattr(dag_run, "run_id", None),
        "try_number": getattr(ti, "try_number", None),
        "max_tries": getattr(ti, "max_tries", None),
        "map_index": getattr(ti, "map_index", -1),
        "logical_date": _iso(context.get("logical_date")),
        "owner": getattr(context.get("task"), "owner", None),
        "error_type": type(error).__name__ if error is not None else None,
        "error": str(error)[:_MAX_ERROR_CHARS] if error is not None else None,
    }
    return record


def alert_line(context: Mapping[str, Any]) -> str:
    """The alert as one compact JSON line (never spans lines, whatever the error text holds)."""
    return json.dumps(alert_record(context), separators=(",", ":"), sort_keys=False, default=str)


def on_task_failure(context: Mapping[str, Any]) -> None:
    """`on_failure_callback` for every lakehouse task."""
    logging.getLogger(ALERT_LOGGER).error(alert_line(context))
