"""Shared names loaded from the `contracts/` JSON, the same files the TypeScript program and the jobs read.

Lookup order: `lakehouse_dags/_contracts/` (the copy bundled into the deployed dags artifact), then the repository's
`contracts/` beside `dags/`. Loading JSON with the stdlib at parse time is cheap and touches no connection.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent
CANDIDATE_DIRS = (_PACKAGE_DIR / "_contracts", _PACKAGE_DIR.parent.parent / "contracts")


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed `contracts/<name>.json`; a missing file names every folder tried."""
    for directory in CANDIDATE_DIRS:
        path = directory / f"{name}.json"
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                data: dict[str, Any] = json.load(handle)
            return data
    tried = ", ".join(str(d) for d in CANDIDATE_DIRS)
    raise FileNotFoundError(f"contract {name}.json not found (looked in: {tried})")


def source_databases() -> list[str]:
    """The source databases ingested over JDBC (`ecom`, `marketing`), in contract order."""
    return list(load("sources")["databases"])


def source_tables(source: str) -> list[str]:
    return list(load("sources")["databases"][source]["tables"])


def log_kinds() -> list[str]:
    """The log feeds loaded into Bronze (`clickstream`, `accesslog`)."""
    return list(load("sources")["logs"])


def log_file(kind: str) -> str:
    return str(load("sources")["logs"][kind]["file"])


def layer(name: str) -> str:
    """Folder name of a lakehouse layer (`bronze`, `silver`, `gold`) under the warehouse root."""
    return str(load("storage")["layers"][name])


def storage_path(name: str) -> str:
    return str(load("storage")["paths"][name])


def gold_marts() -> dict[str, list[str]]:
    """Gold mart name -> its tables (`ecom`: the star schema, `logs`: the web-analytics facts)."""
    return {mart: list(tables) for mart, tables in load("storage")["goldMarts"].items()}


def env_name(key: str) -> str:
    """Name of a run-time environment variable (`contracts/runtime.json` `env`), e.g. `jobsApplication`."""
    return str(load("runtime")["env"][key])


def job_module(key: str) -> str:
    """Entry module of the jobs package (`contracts/runtime.json` `jobModules`), e.g. `goldBuild`."""
    return str(load("runtime")["jobModules"][key])


def airflow_connection(key: str) -> str:
    """Airflow connection id (`contracts/runtime.json` `airflow.connections`), e.g. `spark`."""
    return str(load("runtime")["airflow"]["connections"][key])


def gold_database() -> str:
    return str(load("storage")["hiveDatabases"]["gold"])
