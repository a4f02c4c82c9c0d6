"""The deployed jobs artifact is a zip (`lakehouse_jobs.zip` with `lakehouse_jobs/_contracts/*.json` inside, as the
Pulumi program builds it): the contracts must load from inside the zip, where `Path.is_file()` sees nothing."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_contracts_load_from_inside_the_zipped_package(tmp_path: Path):
    archive = tmp_path / "package.zip"
    package = REPO / "jobs" / "lakehouse_jobs"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in package.rglob("*.py"):
            zf.write(path, f"lakehouse_jobs/{path.relative_to(package).as_posix()}")
        for path in (REPO / "contracts").glob("*.json"):
            zf.write(path, f"lakehouse_jobs/_contracts/{path.name}")
    code = "from lakehouse_jobs.common import contracts; print(sorted(contracts.load('storage')['layers']))"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(archive)}, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['bronze', 'gold', 'silver']"
