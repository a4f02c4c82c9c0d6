"""The metrics of one batch run, written as a textfile for node_exporter's textfile collector.

A batch run ends before a scrape could reliably see it, and a failed run must stay visible until the next one: so
the run leaves its metrics in a file (`contracts/metrics.json` `textfile`) that node_exporter serves; no push gateway.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from lakehouse_jobs.common import contracts
from lakehouse_jobs.common import metrics as m

GROUP = "batch"
JOB = "pipeline"


class Load(Protocol):
    @property
    def source_table(self) -> str: ...
    @property
    def rows_in(self) -> int: ...
    @property
    def rows_quarantined(self) -> int: ...


class Check(Protocol):
    @property
    def passed(self) -> bool: ...


def registry(
    *,
    seconds: Mapping[str, float],
    rows: Mapping[str, Mapping[str, int]],
    loads: Iterable[Load],
    checks: Iterable[Check],
    succeeded: bool,
    now: float | None = None,
) -> m.Registry:
    """Every batch metric of one run; `rows` maps a layer (bronze, silver, gold) to rows per table."""
    reg = m.Registry()
    job = {m.label("job"): JOB}
    for step, secs in seconds.items():
        reg.set(GROUP, "stepDuration", secs, {**job, m.label("step"): step})
    for layer, tables in rows.items():
        for table, count in tables.items():
            reg.set(GROUP, "rows", count, {**job, m.label("layer"): layer, m.label("table"): table})
    for load in loads:
        where = {**job, m.label("table"): load.source_table}
        reg.set(GROUP, "silverRowsIn", load.rows_in, where)
        reg.set(GROUP, "quarantinedRows", load.rows_quarantined, where)
    results = list(checks)
    reg.set(GROUP, "qualityChecks", len(results), job)
    reg.set(GROUP, "qualityFailures", sum(not r.passed for r in results), job)
    reg.set(GROUP, "runSuccess", 1 if succeeded and all(r.passed for r in results) else 0, job)
    reg.set(GROUP, "runTimestamp", time.time() if now is None else now, job)
    return reg


def textfile_path(directory: str) -> Path:
    return Path(directory) / contracts.metrics()["textfile"]
