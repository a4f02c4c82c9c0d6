"""Structured logs: every job writes JSON lines whose field names come from `contracts/logs.json` (the same names the
CLI, the Airflow alert callback and the Logstash pipeline use).

`configure` is called once by an entry point (`entry.with_session`, the streaming runner) with the job's name, its
run id and, optionally, the root log folder: records go to stderr and, with a folder, are appended to
`<root>/<producer folder>/<job>.log`, the folder Filebeat reads. Library code just uses `logging.getLogger(__name__)`;
a record's `extra` may carry contract keys (`batchId`, `event`, `durationSeconds`, `status`) by their contract key.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import traceback
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lakehouse_jobs.common import contracts

_HANDLER_MARK = "_lakehouse_json"


def contract() -> dict[str, Any]:
    return contracts.load("logs")


def field(key: str) -> str:
    """The JSON name of a contract field (`timestamp` -> `ts`); an unknown key names the known ones."""
    fields: dict[str, str] = contract()["fields"]
    if key not in fields:
        raise KeyError(f"no log field {key!r} in contracts/logs.json (known: {', '.join(sorted(fields))})")
    return fields[key]


def event(key: str) -> str:
    return str(contract()["events"][key])


def status(key: str) -> str:
    return str(contract()["status"][key])


def producer_layer(producer: str) -> str:
    return str(contract()["producers"][producer]["layer"])


def log_file(root: str, producer: str, job: str) -> Path:
    """`<root>/<producer folder>/<job>.log`; the folder comes from the contract (what Filebeat reads)."""
    folder = contract()["producers"][producer]["folder"]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in job)
    return Path(root) / folder / f"{safe}.log"


def new_run_id(job: str) -> str:
    """A run id for a run nobody named (a manual run): the job, the UTC start time and a random suffix."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{job}-{stamp}-{uuid.uuid4().hex[:6]}"


# Record attributes a caller may set through `extra=` (contract keys), rendered under their contract names.
_EXTRA_KEYS = ("batchId", "event", "durationSeconds", "status", "task")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (ISO 8601, UTC), level, logger, message, job, run id, layer, then any
    contract extras and the exception (with traceback) if one is attached."""

    def __init__(self, job: str, run_id: str, layer: str) -> None:
        super().__init__()
        self._static = {field("job"): job, field("runId"): run_id, field("layer"): layer}

    def format(self, record: logging.LogRecord) -> str:
        ts = dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds")
        out: dict[str, Any] = {
            field("timestamp"): ts.replace("+00:00", "Z"),
            field("level"): record.levelname,
            field("logger"): record.name,
            field("message"): record.getMessage(),
            **self._static,
        }
        for key in _EXTRA_KEYS:
            value = getattr(record, key, None)
            if value is not None:
                out[field(key)] = value
        if record.exc_info:
            out[field("exception")] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(out, separators=(",", ":"), default=str)


def configure(job: str, run_id: str | None, root: str | None, producer: str = "jobs", level: int = logging.INFO) -> str:
    """Route the root logger to JSON lines on stderr and, with `root`, to the producer's file; returns the run id.

    Replaces handlers installed by an earlier call (tests run several jobs in one process), leaves others alone.
    """
    run = run_id or new_run_id(job)
    formatter = JsonFormatter(job, run, producer_layer(producer))
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if root:
        path = log_file(root, producer, job)
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(path, encoding="utf-8"))
    logger = logging.getLogger()
    for old in [h for h in logger.handlers if getattr(h, _HANDLER_MARK, False)]:
        logger.removeHandler(old)
        old.close()
    for handler in handlers:
        handler.setFormatter(formatter)
        setattr(handler, _HANDLER_MARK, True)
        logger.addHandler(handler)
    logger.setLevel(level)
    logging.getLogger("py4j").setLevel(logging.WARNING)
    return run


def configure_from(environ: Mapping[str, str], job: str, producer: str = "jobs") -> str:
    """`configure` with the run id and root log folder an entry point got from its environment
    (`contracts/runtime.json` `env.runId`, `env.logDir`: set by Airflow's operator, the CLI, the Pulumi program)."""
    run_id = environ.get(contracts.env_name("runId")) or None
    return configure(job, run_id, environ.get(contracts.env_name("logDir")) or None, producer)
