"""End-to-end fixtures: a real PostgreSQL loaded by the source-data loader (started by scripts/tests.d/30-jobs-batch.sh,
which passes `lakehouse db start`'s JSON in LAKEHOUSE_TEST_PG and a folder of generated logs in LAKEHOUSE_TEST_LOGS)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from lakehouse_jobs.bronze.jdbc import JdbcSource

REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class SourceDb:
    info: dict
    data_dir: str

    def sources(self) -> dict[str, JdbcSource]:
        password = Path(self.info["passwordFile"]).read_text().strip()
        return {
            name: JdbcSource("jdbc:" + url.replace(f"{self.info['user']}@", ""), self.info["user"], password)
            for name, url in self.info["databases"].items()
        }

    def append_day(self, day: str) -> None:
        cli = os.environ.get("LAKEHOUSE_TEST_CLI", str(REPO / "bin/lakehouse")).split()
        subprocess.run(
            [
                *cli,
                "data",
                "load",
                "--data-dir",
                self.data_dir,
                "--append",
                "--day",
                day,
                "--seed",
                "1",
                "--keep-running",
            ],
            check=True,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
        )


@pytest.fixture(scope="module")
def source_db() -> SourceDb:
    raw = os.environ.get("LAKEHOUSE_TEST_PG")
    if not raw:
        pytest.skip("LAKEHOUSE_TEST_PG not set: run scripts/tests.d/30-jobs-batch.sh, which starts PostgreSQL")
    info = json.loads(raw)
    return SourceDb(info, os.environ["LAKEHOUSE_TEST_PG_DIR"])


@pytest.fixture(scope="module")
def logs_dir() -> str:
    return os.environ.get("LAKEHOUSE_TEST_LOGS", "")
