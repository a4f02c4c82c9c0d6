"""Print `{table: rows}` for the Gold tables of a mart, and for those of the ML jobs' Gold tables (contract `mlTables`)
that exist, as one JSON line, read back through the same embedded metastore and warehouse the jobs wrote (run with the
jobs virtualenv: `python gold_counts.py WAREHOUSE MART`)."""

from __future__ import annotations

import json
import sys

from lakehouse_jobs.common import contracts, layout
from lakehouse_jobs.common.session import build_session
from lakehouse_jobs.common.settings import Settings

warehouse, mart = sys.argv[1], sys.argv[2]
settings = Settings(
    master="local[1]", warehouse_root=warehouse, shuffle_partitions=1, extra_conf={"spark.ui.enabled": "false"}
)
spark = build_session(settings, "gold-counts")
try:
    storage = contracts.storage()
    ml = [t for k, t in storage["mlTables"].items() if not k.startswith("$")]
    names = [f"{layout.gold_db()}.{t}" for t in [*storage["goldMarts"][mart], *ml]]
    print(json.dumps({n.split(".")[-1]: spark.table(n).count() for n in names if spark.catalog.tableExists(n)}))
finally:
    spark.stop()
