"""Parse a DAGs folder in this process and print the outcome as JSON (run by test_parse_isolation in a subprocess)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from airflow.dag_processing.dagbag import BundleDagBag

folder = Path(sys.argv[1]).resolve()
bag = BundleDagBag(dag_folder=str(folder), bundle_path=folder)
print(json.dumps({"dag_ids": sorted(bag.dag_ids), "import_errors": bag.import_errors}))
