"""The notebooks in notebooks/ run top to bottom against a warehouse the batch pipeline built (Silver and Gold in its
embedded metastore), found through the same `LAKEHOUSE_*` variables the jobs read. Started by
scripts/tests.d/35-notebooks.sh, which builds that warehouse; without it these tests fail (they never skip)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from lakehouse_jobs.common import contracts
from lakehouse_jobs.notebook import settings_from_env

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_every_notebook_is_here() -> None:
    assert [p.stem for p in PATHS] == [
        "01_silver_exploration",
        "02_late_delivery",
        "03_repeat_purchase",
        "04_recommendations",
    ]


def test_notebooks_read_the_warehouse_the_suite_built() -> None:
    warehouse = os.environ.get(contracts.env_name("warehouse"))
    assert warehouse, "run scripts/tests.d/35-notebooks.sh: it builds the warehouse and names it in the environment"
    assert settings_from_env().warehouse_root == warehouse
    assert (Path(warehouse) / "_metastore_db").is_dir(), f"no embedded metastore under {warehouse}"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_and_draws_every_plot(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{path.name} cell {cell.id}: {errors}"
        # A cell that shows a figure must have drawn one; the quarantine cell may print that there is nothing.
        if "plt.show()" in cell.source and "no rejected rows" not in cell.source:
            assert images, f"{path.name} cell {cell.id} drew no figure"
    if path.stem != "01_silver_exploration":
        text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        assert "beats the baseline on" in text, f"{path.name} printed no verdict"
