"""Log parser throughput beside one regex pass over the same lines (see bench/logparse.sh)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812

from lakehouse_jobs.common import contracts, logparse

ROWS = int(os.environ.get("BENCH_PARSE_ROWS", "200000"))
KINDS = {
    "accesslog": (logparse.parse_accesslog, logparse._ACCESS_RE),  # noqa: SLF001 (the parser's own line regex)
    "clickstream": (logparse.parse_clickstream, logparse._CLICK_RE),  # noqa: SLF001
}


def best_seconds(df: DataFrame, runs: int = 3) -> float:
    """Best wall time of evaluating every column of `df` (noop sink: nothing written)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        df.write.format("noop").mode("overwrite").save()
        best = min(best, time.perf_counter() - start)
    return best


def main(data_dir: str) -> None:
    spark = (
        SparkSession.builder.master("local[1]").appName("bench-logparse").config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g").config("spark.sql.session.timeZone", "UTC").getOrCreate()
    )  # fmt: skip
    spark.sparkContext.setLogLevel("ERROR")
    files = contracts.sources()["logs"]
    results = {}
    for kind, (parse, line_re) in KINDS.items():
        lines = spark.read.text(str(Path(data_dir) / files[kind]["file"])).limit(ROWS).cache()
        n = lines.count()
        reference = best_seconds(lines.select(F.regexp_extract("value", line_re, 1).alias("g")))
        parsed = parse(lines).where(F.col(logparse.ERROR_COLUMN).isNull())
        figure = best_seconds(parsed)
        results[kind] = {"lines": n, "parser_lines_per_s": n / figure, "one_regex_pass_lines_per_s": n / reference,
                         "ratio": reference / figure}  # fmt: skip
        print(f"{kind}: parser {n / figure:,.0f} lines/s vs one regex pass {n / reference:,.0f} lines/s "
              f"(ratio {reference / figure:.2f}) over {n:,} lines")  # fmt: skip
        lines.unpersist()
    spark.stop()
    out = Path("bench/results/logparse.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": ROWS, "results": results}, indent=2), encoding="utf-8")
    print(f"wrote {out.resolve()}")


if __name__ == "__main__":
    main(sys.argv[1])
