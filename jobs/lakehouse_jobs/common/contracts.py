"""Shared names (tables, topics, paths, keyspaces, services) loaded from the repository's `contracts/` JSON.

The same files are imported by the TypeScript side; never retype a name that is defined there.
Lookup order: the `LAKEHOUSE_CONTRACTS_DIR` environment variable is *not* read here (library code does not read the
environment); callers may pass a directory, otherwise the copy bundled in the package (`lakehouse_jobs/_contracts`,
added when the artifact is built) and then the repository checkout are tried.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _candidate_dirs(explicit: str | None) -> list[Path]:
    dirs = [Path(explicit)] if explicit else []
    dirs.append(_PACKAGE_DIR / "_contracts")
    dirs.append(_PACKAGE_DIR.parent.parent / "contracts")
    return dirs


@cache
def load(name: str, contracts_dir: str | None = None) -> dict[str, Any]:
    """Return the parsed `contracts/<name>.json`."""
    if contracts_dir is None:
        # The deployed artifact is a zip: its bundled copy is only reachable through importlib.resources.
        bundled = resources.files("lakehouse_jobs").joinpath("_contracts", f"{name}.json")
        if bundled.is_file():
            bundled_data: dict[str, Any] = json.loads(bundled.read_text(encoding="utf-8"))
            return bundled_data
    for directory in _candidate_dirs(contracts_dir):
        path = directory / f"{name}.json"
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                data: dict[str, Any] = json.load(handle)
            return data
    tried = ", ".join(str(d) for d in _candidate_dirs(contracts_dir))
    raise FileNotFoundError(f"contract {name}.json not found (looked in: {tried})")


def sources() -> dict[str, Any]:
    return load("sources")


def storage() -> dict[str, Any]:
    return load("storage")


def kafka() -> dict[str, Any]:
    return load("kafka")


def cassandra() -> dict[str, Any]:
    return load("cassandra")


def services() -> dict[str, Any]:
    return load("services")["services"]


def runtime() -> dict[str, Any]:
    return load("runtime")


def env_name(key: str) -> str:
    """Name of a run-time environment variable (`contracts/runtime.json` `env`), e.g. `warehouse`."""
    return str(runtime()["env"][key])


def metrics() -> dict[str, Any]:
    return load("metrics")
