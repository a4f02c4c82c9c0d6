"""Where each dataset lives under the warehouse root; every relative path comes from `contracts/storage.json`."""

from __future__ import annotations

from lakehouse_jobs.common import contracts
from lakehouse_jobs.common.settings import Settings


def _storage() -> dict:  # type: ignore[type-arg]
    return contracts.storage()


def silver_db() -> str:
    return str(_storage()["hiveDatabases"]["silver"])


def gold_db() -> str:
    return str(_storage()["hiveDatabases"]["gold"])


def silver_table_name(key: str) -> str:
    """Name of a technical Silver table (`quarantine`, `loadReport`, `clickstream`, `accesslog`)."""
    return str(_storage()["silverTables"][key])


def gold_tables(mart: str) -> list[str]:
    marts = _storage()["goldMarts"]
    if mart not in marts:
        raise ValueError(f"unknown mart {mart!r}; expected one of {sorted(marts)}")
    return list(marts[mart])


def gold_partition(table: str) -> list[str]:
    column = _storage()["goldPartitions"].get(table)
    return [column] if column else []


def bronze_table_path(settings: Settings, source: str, table: str) -> str:
    return settings.path(_storage()["layers"]["bronze"], source, table)


def bronze_log_path(settings: Settings, kind: str) -> str:
    return settings.path(_storage()["paths"]["bronzeLogs"], kind)


def watermark_state_path(settings: Settings) -> str:
    return settings.path(_storage()["paths"]["bronzeState"])


def silver_root(settings: Settings, domain: str, table: str) -> str:
    return settings.path(_storage()["layers"]["silver"], domain, table)


def quarantine_path(settings: Settings) -> str:
    return settings.path(_storage()["paths"]["quarantine"])


def report_path(settings: Settings) -> str:
    return settings.path(_storage()["paths"]["reports"])


def gold_root(settings: Settings, table: str) -> str:
    return settings.path(_storage()["layers"]["gold"], table)
