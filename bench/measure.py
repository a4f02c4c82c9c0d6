"""Run a command; print "<wall seconds> <peak RSS KiB>" where the RSS is the sum over the command's whole process tree.

`/usr/bin/time -f %M` reports only the largest single process that was waited for, and PySpark's JVM is neither waited
for by its Python parent nor the largest process in every run, so batch runs were reported at ~35 MiB. This samples
/proc every 0.2 s instead (a short-lived peak between samples can be missed; the JVM heap is not short-lived).

Usage: python bench/measure.py OUTPUT_FILE -- COMMAND [ARG...]   (stdout/stderr of COMMAND pass through)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _tree_rss_kib(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue  # exited while reading
        pid = int(entry)
        parents[pid] = int(fields.get("PPid", "0").strip() or 0)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total = 0
    for pid, kib in rss.items():
        p = pid
        while p > 1:
            if p == root:
                total += kib
                break
            p = parents.get(p, 0)
    return total


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    out, command = argv[0], argv[2:]
    started = time.monotonic()
    process = subprocess.Popen(command)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.2)
    with open(out, "w", encoding="ascii") as f:
        f.write(f"{time.monotonic() - started:.2f} {peak}\n")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
