"""Prometheus metrics of the jobs, without a push gateway and without a new dependency in the Spark image.

Names, types and help texts come from `contracts/metrics.json`, the one list the alert rules and dashboards use too.
The text exposition format (version 0.0.4) is a few lines per metric, so it is written here with the standard
library: the deployed Spark image needs nothing extra, and the tests hand the output to Prometheus, `promtool check
metrics` and node_exporter's textfile collector, the real readers. Long-running jobs (streaming) serve it over HTTP
(`serve`); a batch run, which ends before any scrape could see a failure, writes it to a file (`write_textfile`) for
node_exporter's textfile collector.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lakehouse_jobs.common import contracts

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
Labels = tuple[tuple[str, str], ...]


def spec(group: str, key: str) -> dict[str, str]:
    """The contract entry (`name`, `type`, `help`) of one metric, e.g. spec("streaming", "inputRate")."""
    entry = contracts.metrics()[group].get(key)
    if entry is None:
        known = ", ".join(sorted(contracts.metrics()[group]))
        raise KeyError(f"no metric {group}.{key} in contracts/metrics.json (known: {known})")
    return dict(entry)


def label(key: str) -> str:
    """A label name from the contract, e.g. label("query")."""
    return str(contracts.metrics()["labels"][key])


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class Registry:
    """Thread-safe samples keyed by metric and label set; gauges are set, counters only grow."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._specs: dict[str, dict[str, str]] = {}
        self._samples: dict[str, dict[Labels, float]] = {}

    def _slot(self, group: str, key: str) -> tuple[dict[str, str], dict[Labels, float]]:
        entry = spec(group, key)
        self._specs.setdefault(entry["name"], entry)
        return entry, self._samples.setdefault(entry["name"], {})

    def set(self, group: str, key: str, value: float, labels: Mapping[str, str]) -> None:
        with self._lock:
            _, samples = self._slot(group, key)
            samples[tuple(sorted(labels.items()))] = float(value)

    def inc(self, group: str, key: str, amount: float, labels: Mapping[str, str]) -> None:
        if amount < 0:
            raise ValueError(f"counter {group}.{key} cannot decrease (got {amount})")
        with self._lock:
            entry, samples = self._slot(group, key)
            if entry["type"] != "counter":
                raise ValueError(f"{entry['name']} is a {entry['type']}, not a counter")
            ident = tuple(sorted(labels.items()))
            samples[ident] = samples.get(ident, 0.0) + amount

    def value(self, name: str, labels: Mapping[str, str]) -> float | None:
        with self._lock:
            return self._samples.get(name, {}).get(tuple(sorted(labels.items())))

    def render(self) -> str:
        """The text exposition format: HELP and TYPE once per metric, then one line per label set."""
        lines: list[str] = []
        with self._lock:
            for name in sorted(self._samples):
                entry = self._specs[name]
                lines.append(f"# HELP {name} {entry['help']}")
                lines.append(f"# TYPE {name} {entry['type']}")
                for labels, value in sorted(self._samples[name].items()):
                    rendered = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
                    lines.append(f"{name}{{{rendered}}} {_number(value)}" if rendered else f"{name} {_number(value)}")
        return "\n".join(lines) + "\n" if lines else ""


def write_textfile(registry: Registry, path: str | os.PathLike[str]) -> Path:
    """Write atomically (temporary file, then rename), so the collector never reads half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(registry.render(), encoding="utf-8")
    os.replace(tmp, target)
    return target


class _Handler(BaseHTTPRequestHandler):
    registry: Registry

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        if self.path.split("?")[0] != "/metrics":
            self.send_error(404, "only /metrics is served")
            return
        body = self.registry.render().encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server API)
        pass  # one line per scrape would drown the job's log


def serve(registry: Registry, port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    """Serve GET /metrics from a daemon thread; port 0 picks a free port (read it from `server.server_port`)."""
    handler = type("MetricsHandler", (_Handler,), {"registry": registry})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="metrics-http", daemon=True).start()
    return server
