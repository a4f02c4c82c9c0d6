"""Late-delivery prediction at purchase time: will a delivered order arrive after its estimated date?

Features are only what is known when the order is placed: seller and customer geography (states, great-circle
distance), the first product's category, weight and volume, freight, the promised delivery time, the purchase month,
and the seller's late rate among orders whose delivery was known at the cut-off. Time split: the model learns from
orders bought and delivered before the cut-off and is evaluated on orders bought after it, beside a baseline (the
historical late rate of the seller's state). Writes every order's probability to Gold and the metrics to a report.

`python -m lakehouse_jobs.ml.late_delivery --run-date D [--cutoff YYYY-MM-DD]`
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import LogisticRegression, LogisticRegressionModel
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.ml.functions import vector_to_array
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import entry
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.ml import evaluate, gold, report

JOB = "late_delivery"
CATEGORICAL = ["customer_state", "seller_state", "category", "purchase_month"]
NUMERIC = ["distance_1000km", "log_weight_g", "log_volume_cm3", "freight_value", "estimated_days", "seller_late_rate"]
#: Pseudo-count pulling a seller's late rate towards the overall rate (sellers with few deliveries).
SELLER_PRIOR_WEIGHT = 5.0
EARTH_KM = 6371.0


def distance_km(lat1: str, lng1: str, lat2: str, lng2: str) -> Any:
    """Haversine great-circle distance between two coordinate column pairs, in km."""
    dlat = F.radians(F.col(lat2) - F.col(lat1))
    dlng = F.radians(F.col(lng2) - F.col(lng1))
    a = F.sin(dlat / 2) ** 2 + F.cos(F.radians(F.col(lat1))) * F.cos(F.radians(F.col(lat2))) * F.sin(dlng / 2) ** 2
    return F.lit(2 * EARTH_KM) * F.asin(F.least(F.lit(1.0), F.sqrt(a)))


def purchase_features(
    orders: DataFrame, items: DataFrame, customers: DataFrame, sellers: DataFrame, products: DataFrame
) -> DataFrame:
    """One row per order with items (Gold `fact_orders`, `fact_order_items`, `dim_*`): features known at purchase,
    plus `delivered_at` and the label `is_late` (null until delivered)."""
    first = items.filter(F.col("order_item_id") == 1).select("order_id", "product_id", "seller_id")
    cust = customers.select(
        "customer_id",
        "customer_state",
        F.col("geolocation_lat").alias("c_lat"),
        F.col("geolocation_lng").alias("c_lng"),
    )
    sell = sellers.select(
        "seller_id", "seller_state", F.col("geolocation_lat").alias("s_lat"), F.col("geolocation_lng").alias("s_lng")
    )
    prod = products.select(
        "product_id",
        F.coalesce(F.col("product_category_name"), F.lit("unknown")).alias("category"),
        "product_weight_g",
        (F.col("product_length_cm") * F.col("product_height_cm") * F.col("product_width_cm")).alias("volume_cm3"),
    )
    joined = (
        orders.select(
            "order_id",
            "customer_id",
            F.col("order_purchase_timestamp").alias("purchased_at"),
            F.col("order_delivered_customer_date").alias("delivered_at"),
            "order_estimated_delivery_date",
            "freight_value",
            "is_late",
        )
        .join(first, "order_id")
        .join(cust, "customer_id", "left")
        .join(sell, "seller_id", "left")
        .join(prod, "product_id", "left")
    )
    km = distance_km("c_lat", "c_lng", "s_lat", "s_lng")
    return joined.select(
        "order_id",
        "seller_id",
        "purchased_at",
        "delivered_at",
        F.coalesce(F.col("customer_state"), F.lit("unknown")).alias("customer_state"),
        F.coalesce(F.col("seller_state"), F.lit("unknown")).alias("seller_state"),
        F.coalesce(F.col("category"), F.lit("unknown")).alias("category"),
        F.month("purchased_at").cast("string").alias("purchase_month"),
        # Unknown geography (a zip prefix without coordinates) counts as no distance.
        F.coalesce(km / 1000.0, F.lit(0.0)).alias("distance_1000km"),
        F.log1p(F.coalesce(F.col("product_weight_g"), F.lit(0)).cast("double")).alias("log_weight_g"),
        F.log1p(F.coalesce(F.col("volume_cm3"), F.lit(0)).cast("double")).alias("log_volume_cm3"),
        F.coalesce(F.col("freight_value"), F.lit(0)).cast("double").alias("freight_value"),
        F.datediff(F.col("order_estimated_delivery_date"), F.col("purchased_at"))
        .cast("double")
        .alias("estimated_days"),
        F.col("is_late").cast("double").alias("is_late"),
    )


def known_at(features: DataFrame, cutoff: str) -> DataFrame:
    """Orders whose outcome was known at the cut-off: bought and delivered before it (no later row can enter)."""
    ts = F.to_timestamp(F.lit(cutoff))
    return features.filter((F.col("purchased_at") < ts) & (F.col("delivered_at") < ts) & F.col("is_late").isNotNull())


def late_rate(rows: DataFrame) -> float:
    """Share of late deliveries among `rows` (0 when empty)."""
    return float(evaluate.scalar(rows.select(F.avg("is_late"))) or 0.0)


def seller_history(features: DataFrame, cutoff: str) -> DataFrame:
    """Per seller: smoothed late rate among deliveries known at the cut-off (`seller_id`, `seller_late_rate`)."""
    known = known_at(features, cutoff)
    prior = late_rate(known)
    return known.groupBy("seller_id").agg(
        ((F.sum("is_late") + F.lit(prior * SELLER_PRIOR_WEIGHT)) / (F.count("*") + F.lit(SELLER_PRIOR_WEIGHT))).alias(
            "seller_late_rate"
        )
    )


def with_history(features: DataFrame, cutoff: str) -> DataFrame:
    """Features with the seller's late rate as known at the cut-off (the overall rate for unseen sellers)."""
    prior = late_rate(known_at(features, cutoff))
    return features.join(seller_history(features, cutoff), "seller_id", "left").withColumn(
        "seller_late_rate", F.coalesce(F.col("seller_late_rate"), F.lit(float(prior)))
    )


def training_set(features: DataFrame, cutoff: str) -> DataFrame:
    """What the model learns from at the cut-off."""
    return known_at(with_history(features, cutoff), cutoff)


def test_set(features: DataFrame, cutoff: str) -> DataFrame:
    """Orders bought on or after the cut-off whose outcome is now known."""
    ts = F.to_timestamp(F.lit(cutoff))
    return with_history(features, cutoff).filter((F.col("purchased_at") >= ts) & F.col("is_late").isNotNull())


def default_cutoff(features: DataFrame) -> str:
    """The purchase date leaving about 20% of delivered orders after it."""
    day = F.to_date("purchased_at").cast("timestamp").cast("long")
    q = evaluate.scalar(features.filter(F.col("is_late").isNotNull()).select(F.percentile_approx(day, 0.8)))
    return str(evaluate.scalar(features.sparkSession.sql(f"SELECT to_date(timestamp_seconds({int(q)}))")))


def pipeline() -> Pipeline:
    idx = [StringIndexer(inputCol=c, outputCol=f"{c}_idx", handleInvalid="keep") for c in CATEGORICAL]
    ohe = OneHotEncoder(inputCols=[f"{c}_idx" for c in CATEGORICAL], outputCols=[f"{c}_ohe" for c in CATEGORICAL])
    assembler = VectorAssembler(inputCols=NUMERIC + [f"{c}_ohe" for c in CATEGORICAL], outputCol="features")
    lr = LogisticRegression(labelCol="is_late", featuresCol="features", regParam=0.01, elasticNetParam=0.0)
    return Pipeline(stages=[*idx, ohe, assembler, lr])


def numeric_coefficients(model: PipelineModel) -> dict[str, float]:
    """Coefficients of the numeric features (assembled first, in `NUMERIC` order)."""
    lr = model.stages[-1]
    if not isinstance(lr, LogisticRegressionModel):
        raise TypeError(f"last stage is {type(lr).__name__}, expected LogisticRegressionModel")
    coefficients = lr.coefficients.toArray()
    return {name: round(float(coefficients[i]), 4) for i, name in enumerate(NUMERIC)}


def baseline(train: DataFrame, rows: DataFrame) -> DataFrame:
    """The seller state's historical late rate (the overall rate for a state not seen before the cut-off)."""
    prior = late_rate(train)
    rates = train.groupBy("seller_state").agg(F.avg("is_late").alias("baseline_probability"))
    return rows.join(rates, "seller_state", "left").withColumn(
        "baseline_probability", F.coalesce(F.col("baseline_probability"), F.lit(float(prior)))
    )


def score(model: PipelineModel, rows: DataFrame) -> DataFrame:
    return model.transform(rows).withColumn("late_probability", vector_to_array(F.col("probability"))[1])


def fit_and_evaluate(features: DataFrame, cutoff: str) -> tuple[PipelineModel, dict[str, Any]]:
    """Train at the cut-off; return the model and the report (model and baseline metrics on the test period)."""
    train, test = training_set(features, cutoff).cache(), test_set(features, cutoff).cache()
    model = pipeline().fit(train)
    scored = baseline(train, score(model, test))
    model_metrics = evaluate.binary_metrics(scored, "is_late", "late_probability")
    base_metrics = evaluate.binary_metrics(scored, "is_late", "baseline_probability")
    result = {
        "job": JOB,
        "cutoff": cutoff,
        "train_rows": train.count(),
        "model": model_metrics,
        "baseline": {"name": "late rate of the seller's state before the cut-off", **base_metrics},
        "numeric_coefficients": numeric_coefficients(model),
        "verdict": evaluate.verdict(model_metrics, base_metrics),
    }
    return model, result


def predictions(model: PipelineModel, features: DataFrame, cutoff: str, run_date: str) -> DataFrame:
    """Every order's late probability (delivered or not) with the baseline's, its split and the actual outcome."""
    ts = F.to_timestamp(F.lit(cutoff))
    rows = with_history(features, cutoff)
    scored = baseline(training_set(features, cutoff), score(model, rows))
    split = (
        F.when(F.col("is_late").isNull(), "open")
        .when((F.col("purchased_at") < ts) & (F.col("delivered_at") < ts), "train")
        .when(F.col("purchased_at") >= ts, "test")
        .otherwise("excluded")
    )
    return scored.select(
        "order_id",
        F.to_date("purchased_at").alias("purchase_date"),
        F.round("late_probability", 6).alias("late_probability"),
        F.round("baseline_probability", 6).alias("baseline_probability"),
        F.col("is_late").cast("boolean").alias("is_late"),
        split.alias("split"),
        F.to_date(F.lit(cutoff)).alias("cutoff_date"),
        F.to_date(F.lit(run_date)).alias("run_date"),
    )


def run(spark: SparkSession, settings: Settings, run_date: str, cutoff: str | None = None) -> dict[str, Any]:
    """Build features from Gold, train, evaluate, publish predictions and the report; returns the report."""
    features = purchase_features(
        gold.read(spark, "fact_orders"),
        gold.read(spark, "fact_order_items"),
        gold.read(spark, "dim_customers"),
        gold.read(spark, "dim_sellers"),
        gold.read(spark, "dim_products"),
    ).cache()
    cut = cutoff or default_cutoff(features)
    model, result = fit_and_evaluate(features, cut)
    return report.publish(
        spark, settings, "lateDelivery", predictions(model, features, cut, run_date), result, run_date
    )


def main(argv: Sequence[str] | None = None) -> int:
    def options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--cutoff", type=entry.run_date, help="time split (default: 80th percentile of purchases)")

    return report.main(
        JOB,
        "Train and evaluate the late-delivery model; publish predictions to Gold",
        argv,
        options,
        lambda spark, settings, args: run(spark, settings, args.run_date, args.cutoff),
    )


if __name__ == "__main__":
    sys.exit(main())
