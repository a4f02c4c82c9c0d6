"""What every lakehouse DAG shares: fixed start date, no catchup, one active run, retries with exponential backoff,
timeouts, owner, tags, UI docs and the failure alert. Pipelines differ only in the numbers passed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from lakehouse_dags.alerts import on_task_failure

OWNER = "data-platform"
# Fixed, in the past, timezone-aware: the schedule fires reliably (the original used datetime.now()).
START_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
BASE_TAGS = ("lakehouse",)
DAILY = "@daily"
WEEKLY = "@weekly"


# Per kind of work: (retries, first retry delay, max retry delay, task timeout, whole-run timeout).
PROFILES: dict[str, tuple[int, dt.timedelta, dt.timedelta, dt.timedelta, dt.timedelta]] = {
    "ingest": (3, dt.timedelta(minutes=2), dt.timedelta(minutes=20), dt.timedelta(minutes=45), dt.timedelta(hours=3)),
    "transform": (2, dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=1), dt.timedelta(hours=4)),
    "maintenance": (
        1,
        dt.timedelta(minutes=10),
        dt.timedelta(minutes=10),
        dt.timedelta(hours=2),
        dt.timedelta(hours=6),
    ),
}


def default_args(
    *, retries: int, retry_delay: dt.timedelta, execution_timeout: dt.timedelta, max_retry_delay: dt.timedelta
) -> dict[str, Any]:
    """Task defaults: retried with exponentially growing waits (delay x 2^n, capped), each try time-boxed."""
    return {
        "owner": OWNER,
        "depends_on_past": False,
        "retries": retries,
        "retry_delay": retry_delay,
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": max_retry_delay,
        "execution_timeout": execution_timeout,
        "on_failure_callback": on_task_failure,
    }


def dag_kwargs(*, dag_id: str, doc_md: str, schedule: Any, tags: Sequence[str], profile: str) -> dict[str, Any]:
    """Keyword arguments for `DAG(...)` with the team's invariants and the profile's retry/timeout numbers."""
    retries, delay, max_delay, task_timeout, run_timeout = PROFILES[profile]
    task_defaults = default_args(
        retries=retries, retry_delay=delay, execution_timeout=task_timeout, max_retry_delay=max_delay
    )
    return {
        "dag_id": dag_id,
        "doc_md": doc_md,
        "schedule": schedule,
        "start_date": START_DATE,
        "catchup": False,
        "max_active_runs": 1,
        "dagrun_timeout": run_timeout,
        "default_args": task_defaults,
        "tags": [*BASE_TAGS, *tags],
    }
