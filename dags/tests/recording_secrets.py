"""A secrets backend that records every connection/variable lookup to a file (one JSON line each) and finds nothing.

Configured through Airflow's own `[secrets] backend` setting in a subprocess, it lets the parse-time test observe
lookups without patching anything.
"""

from __future__ import annotations

import json

from airflow.secrets.base_secrets import BaseSecretsBackend


class RecordingSecretsBackend(BaseSecretsBackend):
    def __init__(self, record_to: str, **kwargs):
        super().__init__(**kwargs)
        self.record_to = record_to

    def _record(self, kind: str, key: str) -> None:
        with open(self.record_to, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"kind": kind, "key": key}) + "\n")

    def get_conn_value(self, conn_id: str, team_name: str | None = None) -> str | None:
        self._record("connection", conn_id)
        return None

    def get_variable(self, key: str, team_name: str | None = None) -> str | None:
        self._record("variable", key)
        return None

    def get_config(self, key: str) -> str | None:
        return None
