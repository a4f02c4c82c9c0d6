"""Repeat-purchase propensity: will a person (`customer_unique_id`) buy again within the horizon after a cut-off?

Features at a cut-off come only from orders bought before it: recency, frequency, monetary value (RFM), the state of
the person's first order, and the score of the first order's review when that review existed at the cut-off (its
order delivered at least `REVIEW_LAG_DAYS` before). Time split: train on features at `cutoff - horizon` with labels
from [cutoff - horizon, cutoff); evaluate on features at `cutoff` with labels from [cutoff, cutoff + horizon). The
baseline is the training window's return rate per frequency (1, 2, 3+ earlier orders).

`python -m lakehouse_jobs.ml.repeat_purchase --run-date D [--cutoff YYYY-MM-DD] [--horizon-days 180]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import Any

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.ml.functions import vector_to_array
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import entry
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.ml import evaluate, gold, report

JOB = "repeat_purchase"
HORIZON_DAYS = 180
#: Olist asks for a review the day after delivery; a review counts as known a few days after that.
REVIEW_LAG_DAYS = 7
CATEGORICAL = ["first_state", "first_review"]
NUMERIC = ["recency_days", "frequency", "log_monetary"]


def person_orders(orders: DataFrame, customers: DataFrame) -> DataFrame:
    """Orders with their person and state (Gold `fact_orders` joined to `dim_customers`)."""
    return orders.join(customers.select("customer_id", "customer_unique_id", "customer_state"), "customer_id").select(
        "order_id",
        "customer_unique_id",
        "customer_state",
        F.col("order_purchase_timestamp").alias("purchased_at"),
        F.col("order_delivered_customer_date").alias("delivered_at"),
        F.coalesce(F.col("order_value"), F.lit(0)).cast("double").alias("order_value"),
        F.col("review_score_avg").alias("review_score"),
    )


def rfm_at(orders: DataFrame, cutoff: str) -> DataFrame:
    """Per person with an order before the cut-off: RFM, first state, first review (or `none`) as known then."""
    ts = F.to_timestamp(F.lit(cutoff))
    before = orders.filter(F.col("purchased_at") < ts)
    review_known = F.col("delivered_at") < F.date_sub(F.to_date(F.lit(cutoff)), REVIEW_LAG_DAYS).cast("timestamp")
    first = F.min(
        F.struct(
            "purchased_at", "order_id", "customer_state", F.when(review_known, F.col("review_score")).alias("review")
        )
    )
    return (
        before.groupBy("customer_unique_id")
        .agg(
            F.max("purchased_at").alias("last_purchase"),
            F.count("*").cast("double").alias("frequency"),
            F.sum("order_value").alias("monetary"),
            first.alias("first"),
        )
        .select(
            "customer_unique_id",
            (F.unix_timestamp(ts) - F.unix_timestamp("last_purchase")).cast("double").alias("recency_seconds"),
            "frequency",
            "monetary",
            F.col("first.customer_state").alias("first_state"),
            F.coalesce(F.round(F.col("first.review")).cast("int").cast("string"), F.lit("none")).alias("first_review"),
        )
        .select(
            "customer_unique_id",
            (F.col("recency_seconds") / 86400.0).alias("recency_days"),
            "frequency",
            F.log1p("monetary").alias("log_monetary"),
            F.coalesce(F.col("first_state"), F.lit("unknown")).alias("first_state"),
            "first_review",
        )
    )


def labelled(orders: DataFrame, cutoff: str, horizon_days: int) -> DataFrame:
    """RFM at the cut-off plus `label`: the person bought again in [cutoff, cutoff + horizon)."""
    start = dt.date.fromisoformat(cutoff)
    end = (start + dt.timedelta(days=horizon_days)).isoformat()
    window = orders.filter(
        (F.col("purchased_at") >= F.to_timestamp(F.lit(cutoff))) & (F.col("purchased_at") < F.to_timestamp(F.lit(end)))
    )
    buyers = window.select("customer_unique_id").distinct().withColumn("label", F.lit(1.0))
    return rfm_at(orders, cutoff).join(buyers, "customer_unique_id", "left").fillna({"label": 0.0})


def pipeline() -> Pipeline:
    idx = [StringIndexer(inputCol=c, outputCol=f"{c}_idx", handleInvalid="keep") for c in CATEGORICAL]
    ohe = OneHotEncoder(inputCols=[f"{c}_idx" for c in CATEGORICAL], outputCols=[f"{c}_ohe" for c in CATEGORICAL])
    assembler = VectorAssembler(inputCols=NUMERIC + [f"{c}_ohe" for c in CATEGORICAL], outputCol="features")
    lr = LogisticRegression(labelCol="label", featuresCol="features", regParam=0.01)
    return Pipeline(stages=[*idx, ohe, assembler, lr])


def _frequency_bucket() -> Any:
    return F.least(F.col("frequency"), F.lit(3.0))


def baseline(train: DataFrame, rows: DataFrame) -> DataFrame:
    """The training window's return rate per frequency bucket (1, 2, 3+ earlier orders)."""
    prior = float(evaluate.scalar(train.select(F.avg("label"))) or 0.0)
    rates = train.groupBy(_frequency_bucket().alias("bucket")).agg(F.avg("label").alias("baseline_probability"))
    return (
        rows.withColumn("bucket", _frequency_bucket())
        .join(rates, "bucket", "left")
        .withColumn("baseline_probability", F.coalesce(F.col("baseline_probability"), F.lit(prior)))
        .drop("bucket")
    )


def score(model: PipelineModel, rows: DataFrame) -> DataFrame:
    return model.transform(rows).withColumn("repeat_probability", vector_to_array(F.col("probability"))[1])


def train_cutoff(cutoff: str, horizon_days: int) -> str:
    return (dt.date.fromisoformat(cutoff) - dt.timedelta(days=horizon_days)).isoformat()


def fit_and_evaluate(orders: DataFrame, cutoff: str, horizon_days: int) -> tuple[PipelineModel, dict[str, Any]]:
    """Train on the window before the cut-off, evaluate on the window after it; the model beside the baseline."""
    train = labelled(orders, train_cutoff(cutoff, horizon_days), horizon_days).cache()
    test = labelled(orders, cutoff, horizon_days).cache()
    model = pipeline().fit(train)
    scored = baseline(train, score(model, test))
    model_metrics = evaluate.binary_metrics(scored, "label", "repeat_probability")
    base_metrics = evaluate.binary_metrics(scored, "label", "baseline_probability")
    return model, {
        "job": JOB,
        "cutoff": cutoff,
        "train_cutoff": train_cutoff(cutoff, horizon_days),
        "horizon_days": horizon_days,
        "train_rows": train.count(),
        "model": model_metrics,
        "baseline": {"name": "training-window return rate per frequency (1, 2, 3+)", **base_metrics},
        "verdict": evaluate.verdict(model_metrics, base_metrics),
    }


def default_cutoff(orders: DataFrame, horizon_days: int) -> str:
    """The last purchase day minus the horizon, so the evaluation window is fully observed."""
    last = evaluate.scalar(orders.select(F.max(F.to_date("purchased_at"))))
    return (last + dt.timedelta(days=1 - horizon_days)).isoformat()


def scores(model: PipelineModel, orders: DataFrame, train: DataFrame, run_date: str) -> DataFrame:
    """Every person's propensity as of the day after the last purchase (what Power BI shows)."""
    last = evaluate.scalar(orders.select(F.max(F.to_date("purchased_at"))))
    as_of = (last + dt.timedelta(days=1)).isoformat()
    rows = baseline(train, score(model, rfm_at(orders, as_of)))
    return rows.select(
        "customer_unique_id",
        F.round("repeat_probability", 6).alias("repeat_probability"),
        F.round("baseline_probability", 6).alias("baseline_probability"),
        F.round("recency_days", 2).alias("recency_days"),
        F.col("frequency").cast("int").alias("frequency"),
        F.round(F.expm1("log_monetary"), 2).alias("monetary"),
        "first_state",
        "first_review",
        F.to_date(F.lit(as_of)).alias("as_of_date"),
        F.to_date(F.lit(run_date)).alias("run_date"),
    )


def run(
    spark: SparkSession, settings: Settings, run_date: str, cutoff: str | None = None, horizon_days: int = HORIZON_DAYS
) -> dict[str, Any]:
    orders = person_orders(gold.read(spark, "fact_orders"), gold.read(spark, "dim_customers")).cache()
    cut = cutoff or default_cutoff(orders, horizon_days)
    model, result = fit_and_evaluate(orders, cut, horizon_days)
    train = labelled(orders, train_cutoff(cut, horizon_days), horizon_days)
    return report.publish(spark, settings, "repeatPurchase", scores(model, orders, train, run_date), result, run_date)


def main(argv: Sequence[str] | None = None) -> int:
    def options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--cutoff", type=entry.run_date, help="evaluation cut-off (default: last day - horizon)")
        parser.add_argument("--horizon-days", type=int, default=HORIZON_DAYS)

    return report.main(
        JOB,
        "Train and evaluate the repeat-purchase model; publish scores to Gold",
        argv,
        options,
        lambda spark, settings, args: run(spark, settings, args.run_date, args.cutoff, args.horizon_days),
    )


if __name__ == "__main__":
    sys.exit(main())
