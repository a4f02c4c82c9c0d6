"""What the notebooks in notebooks/ start with: the Spark session of the environment they run in, built from the same
`LAKEHOUSE_*` variables and defaults as every job's options (settings.add_arguments), so a notebook reads Silver and
Gold through the same metastore as the jobs: the embedded Derby metastore under the local warehouse
(`bin/lakehouse notebook`, the tests) or the Hive metastore of the deployed JupyterLab. Also small helpers the
notebooks share for plotting without pandas.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import settings as settings_mod
from lakehouse_jobs.common.session import build_session
from lakehouse_jobs.common.settings import Settings


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment alone (what a job would get with no options)."""
    parser = argparse.ArgumentParser(add_help=False)
    settings_mod.add_arguments(parser, os.environ if environ is None else environ)
    return settings_mod.from_args(parser.parse_args([]))


def session(app_name: str = "lakehouse-notebook") -> tuple[SparkSession, Settings]:
    """The notebook's Spark session and the settings it was built from."""
    settings = settings_from_env()
    return build_session(settings, app_name), settings


def columns(df: DataFrame, *names: str, limit: int = 100_000) -> list[list[Any]]:
    """Columns of `df` as Python lists (one collect), for matplotlib; refuses an empty frame, since a plot of
    nothing would hide a broken pipeline."""
    rows = df.select(*names).limit(limit).collect()
    if not rows:
        raise ValueError(f"no rows to plot for columns {list(names)}")
    return [[r[i] for r in rows] for i in range(len(names))]


def roc_points(labels: Sequence[bool | float], scores: Sequence[float]) -> tuple[list[float], list[float]]:
    """False- and true-positive rates at every score threshold (highest first), for an ROC curve."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda p: -p[0])
    positives = sum(1 for _, y in pairs if y)
    negatives = len(pairs) - positives
    if positives == 0 or negatives == 0:
        raise ValueError("an ROC curve needs both classes")
    fpr, tpr, tp, fp = [0.0], [0.0], 0, 0
    for i, (score, label) in enumerate(pairs):
        if label:
            tp += 1
        else:
            fp += 1
        if i + 1 == len(pairs) or pairs[i + 1][0] != score:
            fpr.append(fp / negatives)
            tpr.append(tp / positives)
    return fpr, tpr


def latest_report(spark: SparkSession, settings: Settings, job: str) -> dict[str, Any] | None:
    """The report an ML job last wrote to this warehouse, or None when it has not run here yet."""
    from pyspark.errors import AnalysisException

    from lakehouse_jobs.ml import report

    try:
        return report.read(spark, settings, job)
    except AnalysisException as err:
        if "PATH_NOT_FOUND" in str(err.getCondition() or err):
            return None
        raise


def metrics_table(result: Mapping[str, Any]) -> str:
    """The report's metrics, model beside baseline, and its verdict, as aligned text."""
    model, base = result["model"], result["baseline"]
    keys = [k for k, v in model.items() if isinstance(v, int | float) and k in base]
    lines = [
        f"{result['job']}: cut-off {result['cutoff']}, Gold table {result.get('table', '-')}",
        f"{'metric':<16}{'model':>10}{'baseline':>10}",
    ]
    lines += [f"{k:<16}{model[k]:>10}{base[k]:>10}" for k in keys]
    v = result["verdict"]
    lines.append(
        f"beats the baseline on {v['metric']}: {'yes' if v['beats_baseline'] else 'NO'} (baseline: {base['name']})"
    )
    return "\n".join(lines)


def reliability_plot(result: Mapping[str, Any]) -> Any:
    """Calibration diagram of a binary model's report: mean score against observed rate per bin, model and
    baseline, marker area by bin size. Returns the matplotlib figure."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5))
    for name in ("model", "baseline"):
        bins = result[name].get("reliability") or []
        if not bins:
            raise ValueError(f"the {name} metrics have no reliability table: {result[name].get('error', '')}")
        ax.scatter(
            [b["mean_score"] for b in bins],
            [b["observed"] for b in bins],
            s=[max(8, b["n"] / 4) for b in bins],
            alpha=0.6,
            label=f"{name} (Brier {result[name]['brier']})",
        )
        ax.plot([b["mean_score"] for b in bins], [b["observed"] for b in bins], alpha=0.4)
    ax.plot([0, 1], [0, 1], ":", color="grey")
    ax.set_xlabel("mean predicted probability")
    ax.set_ylabel("observed rate")
    ax.legend()
    return fig
