"""Streaming query progress as Prometheus metrics, served by the driver itself (no push gateway, no exporter jar).

A `StreamingQueryListener` turns every `StreamingQueryProgress` into gauges labelled by job and query (names from
`contracts/metrics.json`); the Kafka consumer lag is computed from the progress too (latest minus end offset per
partition, summed per topic), since Spark's Kafka source commits no consumer-group offsets a lag exporter could read.
Spark's own PrometheusServlet was the alternative: it exposes the driver's JVM metrics but, for Structured Streaming,
only the rates and latency under generated names that change with the query id, and no state, watermark or lag.
The driver calls `install` once; the listener never lets an exporter error reach the query.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any

from pyspark.sql import SparkSession
from pyspark.sql.streaming import StreamingQueryListener

from lakehouse_jobs.common import contracts, logs
from lakehouse_jobs.common import metrics as m

LOG = logging.getLogger(__name__)
GROUP = "streaming"
REGISTRY = m.Registry()
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _offsets(value: Any) -> dict[str, dict[str, int]]:
    """A Kafka source offset ({"topic": {"partition": offset}}) from its JSON, or {} for other sources."""
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except (TypeError, ValueError):
        return {}
    if not isinstance(parsed, dict):
        return {}
    return {t: {p: int(o) for p, o in parts.items()} for t, parts in parsed.items() if isinstance(parts, dict)}


def consumer_lag(end_offset: Any, latest_offset: Any) -> dict[str, int]:
    """Offsets not yet read, per topic: latest minus end offset of each partition (never negative)."""
    end, latest = _offsets(end_offset), _offsets(latest_offset)
    return {
        topic: sum(max(0, offset - end.get(topic, {}).get(part, 0)) for part, offset in parts.items())
        for topic, parts in latest.items()
    }


def record_progress(registry: m.Registry, job: str, progress: Any) -> None:
    """Set every progress gauge of one query from its `StreamingQueryProgress`."""
    labels = {m.label("job"): job, m.label("query"): progress.name or str(progress.id)}

    def put(key: str, value: float | None) -> None:
        if value is not None:
            registry.set(GROUP, key, value, labels)

    put("inputRate", progress.inputRowsPerSecond)
    put("processingRate", progress.processedRowsPerSecond)
    registry.inc(GROUP, "inputRows", progress.numInputRows, labels)
    put("batchDuration", progress.batchDuration / 1000.0)
    put("batchId", progress.batchId)
    stamp = _time(progress.timestamp)
    put("lastProgress", stamp.timestamp() if stamp else None)
    watermark = _time((progress.eventTime or {}).get("watermark"))
    if stamp and watermark and watermark > _EPOCH:
        put("watermarkDelay", (stamp - watermark).total_seconds())
    if progress.stateOperators:
        put("stateRows", sum(op.numRowsTotal for op in progress.stateOperators))
    for source in progress.sources:
        for topic, lag in consumer_lag(source.endOffset, source.latestOffset).items():
            registry.set(GROUP, "offsetsBehind", lag, {**labels, m.label("source"): topic})


class ProgressExporter(StreamingQueryListener):
    """Feeds the registry from the query events of one job (all queries of the session)."""

    def __init__(self, registry: m.Registry, job: str) -> None:
        self._registry = registry
        self._job = job
        self._names: dict[str, str] = {}

    def _active(self, query_id: str, value: int) -> None:
        name = self._names.get(query_id, query_id)
        self._registry.set(GROUP, "active", value, {m.label("job"): self._job, m.label("query"): name})

    def onQueryStarted(self, event: Any) -> None:  # noqa: N802 (PySpark API)
        self._names[str(event.id)] = event.name or str(event.id)
        self._active(str(event.id), 1)
        # Counters start at 0, so the first batch already shows as an increase to rate().
        labels = {m.label("job"): self._job, m.label("query"): self._names[str(event.id)]}
        self._registry.inc(GROUP, "inputRows", 0, labels)
        self._registry.inc(GROUP, "deadLetters", 0, {m.label("job"): self._job})

    def onQueryProgress(self, event: Any) -> None:  # noqa: N802
        progress = event.progress
        # Neither an exporter bug nor a progress without the fields read here may stop the query it observes.
        try:
            record_progress(self._registry, self._job, progress)
        except Exception:
            LOG.exception("metrics: could not record the progress of %s", getattr(progress, "name", "?"))
        try:
            # One JSON log line per micro-batch, carrying its batch id (contracts/logs.json `batchId`).
            extra = {"event": logs.event("batchCompleted"), "batchId": progress.batchId}
            extra["durationSeconds"] = progress.batchDuration / 1000.0
            LOG.info("%s: batch %d, %d rows", progress.name, progress.batchId, progress.numInputRows, extra=extra)
        except Exception:
            LOG.exception("metrics: could not log the progress of %s", getattr(progress, "name", "?"))

    def onQueryIdle(self, event: Any) -> None:  # noqa: N802
        # An idle query (no new data) is alive: the stalled-query alert must not fire for it.
        stamp = _time(event.timestamp)
        if stamp is not None:
            name = self._names.get(str(event.id), str(event.id))
            labels = {m.label("job"): self._job, m.label("query"): name}
            self._registry.set(GROUP, "lastProgress", stamp.timestamp(), labels)

    def onQueryTerminated(self, event: Any) -> None:  # noqa: N802
        self._active(str(event.id), 0)


def record_state(job: str, open_windows: int, watermark_us: int | None) -> None:
    """The aggregate state after a batch (`window_state`): open windows and how far the watermark trails the clock.

    Set by the job itself since its query has no stateful operator whose progress Spark would report."""
    labels = {m.label("job"): job, m.label("query"): job}
    REGISTRY.set(GROUP, "stateRows", open_windows, labels)
    if watermark_us is not None:
        REGISTRY.set(GROUP, "watermarkDelay", dt.datetime.now(dt.UTC).timestamp() - watermark_us / 1e6, labels)


def count_dead_letters(job: str, rows: int) -> None:
    """Add the rows a micro-batch sent to the dead-letter topic to the job's counter.

    Counted with a plain count of the cached parse: an `Observation` on the Kafka write never completes there (the
    write command does not report the observed metrics), which hung the query in the live test.
    """
    REGISTRY.inc(GROUP, "deadLetters", rows, {m.label("job"): job})


def endpoint(environ: Mapping[str, str]) -> tuple[str, int] | None:
    """(host, port) from the metrics environment variable (`PORT` or `HOST:PORT`), None when it is unset."""
    name = contracts.load("runtime")["env"]["metricsPort"]
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    host, _, port = raw.rpartition(":")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"{name}: expected PORT or HOST:PORT with a port 0-65535, got {raw!r}")
    return host or "0.0.0.0", int(port)


def install(spark: SparkSession, job: str, environ: Mapping[str, str]) -> int | None:
    """Register the progress listener and serve /metrics where the environment says; returns the bound port."""
    spark.streams.addListener(ProgressExporter(REGISTRY, job))
    where = endpoint(environ)
    if where is None:
        return None
    server = m.serve(REGISTRY, where[1], where[0])
    LOG.info("metrics: serving http://%s:%d/metrics", where[0], server.server_port)
    return server.server_port
