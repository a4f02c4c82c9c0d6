"""The jobs' Prometheus metrics: names from the contract, exposition read by promtool (the real reader)."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from types import SimpleNamespace

import pytest

from lakehouse_jobs.common import batch_metrics, contracts
from lakehouse_jobs.common import metrics as m
from lakehouse_jobs.streaming import metrics as sm

PROMTOOL = shutil.which("promtool")


def promtool_check(text: str) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL, "promtool missing: run bash scripts/setup.sh (scripts/setup.d/35-conformance-readers.sh)"
    return subprocess.run([PROMTOOL, "check", "metrics"], input=text, text=True, capture_output=True, check=False)


def progress(**over: object) -> SimpleNamespace:
    base: dict[str, object] = {
        "name": "clickstream-aggregates",
        "id": "q1",
        "batchId": 7,
        "batchDuration": 2500,
        "numInputRows": 100,
        "inputRowsPerSecond": 40.0,
        "processedRowsPerSecond": 50.0,
        "timestamp": "2026-11-29T20:00:10.000Z",
        "eventTime": {"watermark": "2026-11-29T19:50:00.000Z"},
        "stateOperators": [SimpleNamespace(numRowsTotal=30), SimpleNamespace(numRowsTotal=12)],
        "sources": [
            SimpleNamespace(
                endOffset='{"raw":{"0":10,"1":5}}', latestOffset='{"raw":{"0":15,"1":5}}', description="Kafka"
            )
        ],
    }
    base.update(over)
    return SimpleNamespace(**base)


def test_every_contract_metric_is_named_in_the_namespace_with_a_known_type() -> None:
    spec = contracts.metrics()
    for group in ("streaming", "batch"):
        for key, entry in spec[group].items():
            assert entry["name"].startswith(f"{spec['namespace']}_{group}_"), key
            assert entry["type"] in ("gauge", "counter"), key
            assert (entry["type"] == "counter") == entry["name"].endswith("_total"), key


@pytest.mark.parametrize(
    ("end", "latest", "expected"),
    [
        ('{"t":{"0":10,"1":5}}', '{"t":{"0":15,"1":5}}', {"t": 5}),
        ('{"t":{"0":10}}', '{"t":{"0":10,"1":3}}', {"t": 3}),  # a partition not read yet counts from 0
        ('{"t":{"0":20}}', '{"t":{"0":15}}', {"t": 0}),  # never negative
        (None, None, {}),  # a query before its first batch
        ("not json", '{"t":{"0":1}}', {"t": 1}),
    ],
)
def test_consumer_lag_sums_latest_minus_end_per_topic(end: object, latest: object, expected: dict[str, int]) -> None:
    assert sm.consumer_lag(end, latest) == expected


def test_progress_becomes_gauges_labelled_by_job_and_query() -> None:
    reg = m.Registry()
    sm.record_progress(reg, "clickstream", progress())
    sm.record_progress(reg, "clickstream", progress(batchId=8, numInputRows=50))
    labels = {"pipeline": "clickstream", "query": "clickstream-aggregates"}
    name = lambda key: m.spec("streaming", key)["name"]  # noqa: E731
    assert reg.value(name("inputRate"), labels) == 40.0
    assert reg.value(name("inputRows"), labels) == 150.0
    assert reg.value(name("batchDuration"), labels) == 2.5
    assert reg.value(name("batchId"), labels) == 8.0
    assert reg.value(name("watermarkDelay"), labels) == 610.0
    assert reg.value(name("stateRows"), labels) == 42.0
    assert reg.value(name("offsetsBehind"), {**labels, "source": "raw"}) == 5.0
    assert promtool_check(reg.render()).returncode == 0, promtool_check(reg.render()).stderr


def test_no_watermark_delay_before_the_first_watermark() -> None:
    reg = m.Registry()
    sm.record_progress(
        reg, "accesslog", progress(eventTime={"watermark": "1970-01-01T00:00:00.000Z"}, stateOperators=[])
    )
    assert m.spec("streaming", "watermarkDelay")["name"] not in reg.render()
    assert m.spec("streaming", "stateRows")["name"] not in reg.render()


def test_unknown_metric_and_decreasing_counter_are_refused() -> None:
    reg = m.Registry()
    with pytest.raises(KeyError, match=r"no metric streaming.nope in contracts/metrics.json \(known: "):
        reg.set("streaming", "nope", 1, {})
    with pytest.raises(ValueError, match="cannot decrease"):
        reg.inc("streaming", "inputRows", -1, {})
    with pytest.raises(ValueError, match="is a gauge, not a counter"):
        reg.inc("streaming", "inputRate", 1, {})


def test_label_values_are_escaped_so_promtool_reads_them() -> None:
    reg = m.Registry()
    reg.set("batch", "rows", 3, {"pipeline": "p", "layer": "bronze", "table": 'a"b\\c\nd'})
    assert promtool_check(reg.render()).returncode == 0
    # negative control: the same line unescaped is refused by the reader
    assert promtool_check(reg.render().replace('\\"', '"')).returncode != 0


@pytest.mark.parametrize(
    ("raw", "expected"), [("", None), ("9108", ("0.0.0.0", 9108)), ("127.0.0.1:0", ("127.0.0.1", 0))]
)
def test_endpoint_from_environment(raw: str, expected: object) -> None:
    env = contracts.load("runtime")["env"]["metricsPort"]
    assert sm.endpoint({env: raw}) == expected


@pytest.mark.parametrize("raw", ["x", "70000", "host:"])
def test_bad_endpoint_names_the_variable_and_what_is_allowed(raw: str) -> None:
    env = contracts.load("runtime")["env"]["metricsPort"]
    with pytest.raises(ValueError, match=f"{env}: expected PORT or HOST:PORT with a port 0-65535, got '{raw}'"):
        sm.endpoint({env: raw})


def test_served_over_http_with_the_exposition_content_type() -> None:
    reg = m.Registry()
    reg.set("streaming", "active", 1, {"pipeline": "j", "query": "q"})
    server = m.serve(reg, 0, "127.0.0.1")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/metrics", timeout=5) as resp:
            assert resp.headers["Content-Type"] == m.CONTENT_TYPE
            assert 'lakehouse_streaming_query_active{pipeline="j",query="q"} 1' in resp.read().decode()
    finally:
        server.shutdown()


def test_batch_run_metrics_mark_a_failed_quality_gate_as_a_failed_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    load = SimpleNamespace(source_table="orders", rows_in=10, rows_out=8, rows_quarantined=2)
    checks = [SimpleNamespace(passed=True), SimpleNamespace(passed=False)]
    reg = batch_metrics.registry(
        seconds={"bronze": 1.5}, rows={"gold": {"fact_orders": 4}}, loads=[load], checks=checks, succeeded=True, now=5.0
    )
    job = {"pipeline": "pipeline"}
    assert reg.value("lakehouse_batch_run_success", job) == 0.0
    assert reg.value("lakehouse_batch_quality_failures", job) == 1.0
    assert reg.value("lakehouse_batch_quarantined_rows", {**job, "table": "orders"}) == 2.0
    path = m.write_textfile(reg, batch_metrics.textfile_path(str(tmp_path)))
    assert path.name == contracts.metrics()["textfile"] and not list(tmp_path.glob(".*"))
    assert promtool_check(path.read_text()).returncode == 0
    passing = batch_metrics.registry(seconds={}, rows={}, loads=[], checks=checks[:1], succeeded=True)
    assert passing.value("lakehouse_batch_run_success", job) == 1.0


def test_listener_tracks_active_queries_and_idle_counts_as_alive() -> None:
    reg = m.Registry()
    listener = sm.ProgressExporter(reg, "clickstream")
    listener.onQueryStarted(SimpleNamespace(id="q1", name="clickstream-events"))
    labels = {"pipeline": "clickstream", "query": "clickstream-events"}
    assert reg.value("lakehouse_streaming_query_active", labels) == 1.0
    assert reg.value("lakehouse_streaming_input_rows_total", labels) == 0.0
    assert reg.value("lakehouse_streaming_dead_letter_rows_total", {"pipeline": "clickstream"}) == 0.0
    listener.onQueryIdle(SimpleNamespace(id="q1", timestamp="2026-11-29T20:00:00.000Z"))
    assert reg.value("lakehouse_streaming_last_progress_timestamp_seconds", labels) == 1795982400.0
    listener.onQueryProgress(SimpleNamespace(progress=SimpleNamespace(name="broken")))  # exporter error: logged only
    listener.onQueryTerminated(SimpleNamespace(id="q1"))
    assert reg.value("lakehouse_streaming_query_active", labels) == 0.0
