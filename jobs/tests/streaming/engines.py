"""Local Kafka and Cassandra for the engine tests, through `bin/lakehouse engine` (never our own launchers)."""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lakehouse_jobs.common import contracts

REPO = Path(__file__).resolve().parents[3]
LAKEHOUSE = str(REPO / "bin" / "lakehouse")
CQL = REPO / "cql" / "lakehouse.cql"


@dataclass(frozen=True)
class Engine:
    kind: str
    dir: Path
    host: str
    port: int

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def cli(*args: str, timeout: float = 180) -> str:
    out = subprocess.run([LAKEHOUSE, *args], cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"lakehouse {' '.join(args)} failed ({out.returncode}): {out.stderr[-2000:]}")
    return out.stdout


def start(kind: str, directory: Path, heap: str, attempts: int = 2) -> Engine:
    """Start an engine; a failed start (seen on overloaded machines) is retried once in a fresh directory."""
    for attempt in range(attempts):
        target = directory if attempt == 0 else directory.with_name(f"{directory.name}-retry{attempt}")
        try:
            info = json.loads(cli("engine", "start", kind, "--dir", str(target), "--heap", heap).splitlines()[-1])
            return Engine(kind, target, info["host"], int(info["port"]))
        except RuntimeError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def stop(engine: Engine) -> None:
    cli("engine", "stop", "--dir", str(engine.dir))


def restart(engine: Engine) -> None:
    cli("engine", "restart", "--dir", str(engine.dir))


def create_topics(kafka: Engine, attempts: int = 5) -> None:
    """Create every topic of the contract (retried: a just-started broker may not serve metadata yet)."""
    for attempt in range(attempts):
        try:
            cli("stream", "topics", "--bootstrap", kafka.address)
            return
        except RuntimeError:
            if attempt == attempts - 1:
                raise
            time.sleep(2)


def replay(kafka: Engine, kind: str, file: Path, rate: int | None = None) -> dict[str, Any]:
    args = ["stream", "replay", "--bootstrap", kafka.address, "--kind", kind, "--file", str(file)]
    args += ["--rate", str(rate)] if rate else ["--max"]
    return dict(json.loads(cli(*args, timeout=600).strip().splitlines()[-1]))


def cql_statements(text: str) -> list[str]:
    """Statements of a CQL script (comments removed; statements end with `;`)."""
    lines = [line.split("--", 1)[0] for line in text.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def cassandra_session(cassandra: Engine) -> Any:
    from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
    from cassandra.policies import RoundRobinPolicy

    profile = ExecutionProfile(load_balancing_policy=RoundRobinPolicy(), request_timeout=60)
    cluster = Cluster([cassandra.host], port=cassandra.port, connect_timeout=30, protocol_version=5,
                      execution_profiles={EXEC_PROFILE_DEFAULT: profile})  # fmt: skip
    return cluster.connect()


def apply_schema(session: Any) -> None:
    for statement in cql_statements(CQL.read_text(encoding="utf-8")):
        session.execute(statement)


def truncate_all(session: Any) -> None:
    keyspace = contracts.cassandra()["keyspace"]
    for table in contracts.cassandra()["tables"].values():
        session.execute(f"TRUNCATE {keyspace}.{table}")


def table_rows(session: Any, table_key: str, drop: tuple[str, ...] = ("kafka_ts",)) -> list[tuple[Any, ...]]:
    """Every row of a contract table as sorted tuples, without columns that legitimately differ between runs."""
    keyspace = contracts.cassandra()["keyspace"]
    table = contracts.cassandra()["tables"][table_key]
    rows = session.execute(f"SELECT * FROM {keyspace}.{table}")
    return sorted((tuple((k, v) for k, v in row._asdict().items() if k not in drop) for row in rows), key=repr)
