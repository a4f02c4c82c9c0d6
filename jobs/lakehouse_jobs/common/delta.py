"""Delta Lake, the table format of Silver and Gold: its jars and the session settings that enable it, both from
`contracts/delta.json` (the deployment bakes the same jars into its images and renders the same settings).

In the embedded mode the jars come from the local Maven repository (fetched and sha256-checked by
scripts/setup.d/30-spark-jars.sh).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lakehouse_jobs.common import contracts
from lakehouse_jobs.streaming.packages import jar_path


def _contract() -> dict[str, Any]:
    return contracts.load("delta")


def session_conf() -> dict[str, str]:
    """What turns a session into a Delta one, wherever the jars are on the classpath."""
    return dict(_contract()["sparkConf"])


def delta_jars(repository: Path | None = None) -> list[str]:
    """Paths of the Delta jars; raises FileNotFoundError naming the missing jar and the setup script that fetches it."""
    repo = repository or Path.home() / ".m2" / "repository"
    jars = [jar_path(j["coordinate"], repo) for j in _contract()["jars"]]
    for jar in jars:
        if not jar.is_file():
            raise FileNotFoundError(f"{jar} is missing: run scripts/setup.d/30-spark-jars.sh")
    return [str(j) for j in jars]


def pinned_jars() -> str:
    """`coordinate sha256` per line, what scripts/setup.d/30-spark-jars.sh fetches and checks."""
    return "\n".join(f"{j['coordinate']} {j['sha256']}" for j in _contract()["jars"])
