"""Binary-classifier evaluation shared by the ML jobs: ranking (ROC AUC, PR AUC) and calibration (Brier, bins)."""

from __future__ import annotations

from typing import Any, Literal

from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

RELIABILITY_BINS = 10


def scalar(df: DataFrame) -> Any:
    """The first column of the first row of a one-row aggregate."""
    row = df.first()
    if row is None:
        raise ValueError("expected one row, got none")
    return row[0]


def binary_metrics(df: DataFrame, label: str, score: str) -> dict[str, Any]:
    """ROC AUC, PR AUC, Brier score and a reliability table (mean score vs observed rate per score decile bin)."""
    scored = df.select(F.col(label).cast("double").alias("label"), F.col(score).cast("double").alias("score"))
    scored = scored.cache()
    rows = scored.count()
    positives = scored.filter(F.col("label") == 1.0).count()
    result: dict[str, Any] = {"rows": rows, "positives": positives}
    if rows == 0 or positives in (0, rows):
        result["error"] = "evaluation set needs both classes"
        scored.unpersist()
        return result
    ranking: tuple[tuple[Literal["areaUnderROC", "areaUnderPR"], str], ...] = (
        ("areaUnderROC", "roc_auc"),
        ("areaUnderPR", "pr_auc"),
    )
    for metric, name in ranking:
        evaluator = BinaryClassificationEvaluator(rawPredictionCol="score", labelCol="label", metricName=metric)
        result[name] = round(float(evaluator.evaluate(scored)), 4)
    result["brier"] = round(float(scalar(scored.select(F.avg((F.col("score") - F.col("label")) ** 2)))), 5)
    bins = (
        scored.withColumn("bin", F.least(F.floor(F.col("score") * RELIABILITY_BINS), F.lit(RELIABILITY_BINS - 1)))
        .groupBy("bin")
        .agg(F.count("*").alias("n"), F.avg("score").alias("mean_score"), F.avg("label").alias("observed"))
        .orderBy("bin")
        .collect()
    )
    result["reliability"] = [
        {
            "bin": int(b["bin"]),
            "n": int(b["n"]),
            "mean_score": round(b["mean_score"], 4),
            "observed": round(b["observed"], 4),
        }
        for b in bins
    ]
    result["prevalence"] = round(positives / rows, 4)
    scored.unpersist()
    return result


def verdict(model: dict[str, Any], baseline: dict[str, Any], metric: str = "roc_auc") -> dict[str, Any]:
    """Whether the model beats the baseline on `metric` (stated in every report, whatever the answer)."""
    m, b = model.get(metric), baseline.get(metric)
    beats = m is not None and b is not None and m > b
    return {"metric": metric, "model": m, "baseline": b, "beats_baseline": beats}
