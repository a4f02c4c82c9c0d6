"""The lakehouse Assets: one per (layer, domain), named and addressed from the contracts.

URIs use the custom scheme `x-lakehouse://<layer>/<domain>`: the physical location depends on the deployment's
warehouse root (a local folder embedded, HDFS deployed), which DAG files must not read at parse time. The `x-` prefix
is Airflow's convention for custom schemes: it skips the provider URI normalizers (no provider lookup at parse time).
Producers attach the run date to each event (`extra={"run_date": "YYYY-MM-DD"}`) so consumers process the same date.
"""

from __future__ import annotations

from airflow.sdk import Asset

from lakehouse_dags import contracts

SCHEME = "x-lakehouse"
LOG_DOMAIN = "logs"


def asset_name(layer: str, domain: str) -> str:
    return f"{contracts.layer(layer)}.{domain}"


def asset_uri(layer: str, domain: str) -> str:
    return f"{SCHEME}://{contracts.layer(layer)}/{domain}"


def lakehouse_asset(layer: str, domain: str) -> Asset:
    """The Asset for one domain (`ecom`, `marketing`, `logs`) in one layer (`bronze`, `silver`, `gold`)."""
    return Asset(name=asset_name(layer, domain), uri=asset_uri(layer, domain), group="lakehouse")


def bronze(domain: str) -> Asset:
    return lakehouse_asset("bronze", domain)


def silver(domain: str) -> Asset:
    return lakehouse_asset("silver", domain)


def gold(mart: str) -> Asset:
    return lakehouse_asset("gold", mart)
