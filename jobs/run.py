"""Launcher for spark-submit: `spark-submit --py-files lakehouse_jobs.zip jobs/run.py MODULE [args...]`.

Runs `MODULE.main(args)` for any entry point of the package (e.g. `lakehouse_jobs.gold.build --mart ecom ...`).
"""

from __future__ import annotations

import importlib
import sys


def main(argv: list[str]) -> int:
    if not argv or not argv[0].startswith("lakehouse_jobs."):
        print(f"usage: {sys.argv[0]} lakehouse_jobs.<module> [args...]", file=sys.stderr)
        return 2
    module = importlib.import_module(argv[0])
    entry_point = getattr(module, "main", None)
    if entry_point is None:
        print(f"{argv[0]} has no main()", file=sys.stderr)
        return 2
    return int(entry_point(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
