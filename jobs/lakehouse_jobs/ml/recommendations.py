"""Category recommendations with ALS (implicit feedback) from purchase history, beside a popularity baseline.

Olist customers rarely buy twice (about 3% of people), and almost never the same product again, so a product-level
holdout has next to no positives and every recommender scores ~0: the evaluation would measure nothing. The job
therefore recommends product categories, and evaluates only people with at least one purchase before and one after
the cut-off (the only ones whose next purchase can be predicted from history). precision@k and NDCG@k of the
categories bought after the cut-off, for ALS and for the most popular categories before the cut-off (same people,
same run). Every person with history gets top-k categories in Gold.

`python -m lakehouse_jobs.ml.recommendations --run-date D [--cutoff YYYY-MM-DD] [--k 5]`
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, Literal

from pyspark.ml.evaluation import RankingEvaluator
from pyspark.ml.feature import StringIndexer, StringIndexerModel
from pyspark.ml.recommendation import ALS, ALSModel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import entry
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.ml import evaluate, gold, report

JOB = "recommendations"
K = 5


def purchases(items: DataFrame, orders: DataFrame, customers: DataFrame, products: DataFrame) -> DataFrame:
    """One row per order line: person, category, purchase time (Gold facts and dimensions)."""
    return (
        items.select("order_id", "product_id")
        .join(
            orders.select("order_id", "customer_id", F.col("order_purchase_timestamp").alias("purchased_at")),
            "order_id",
        )
        .join(customers.select("customer_id", "customer_unique_id"), "customer_id")
        .join(products.select("product_id", "product_category_name"), "product_id")
        .filter(F.col("product_category_name").isNotNull())
        .select("customer_unique_id", F.col("product_category_name").alias("category"), "purchased_at")
    )


def history(rows: DataFrame, cutoff: str) -> DataFrame:
    """Implicit ratings at the cut-off: lines bought before it per (person, category)."""
    before = rows.filter(F.col("purchased_at") < F.to_timestamp(F.lit(cutoff)))
    return before.groupBy("customer_unique_id", "category").agg(F.count("*").cast("float").alias("purchases"))


def truth(rows: DataFrame, cutoff: str) -> DataFrame:
    """Per evaluated person (history before and purchases after the cut-off): the categories bought after it."""
    ts = F.to_timestamp(F.lit(cutoff))
    before = rows.filter(F.col("purchased_at") < ts).select("customer_unique_id").distinct()
    after = rows.filter(F.col("purchased_at") >= ts)
    return (
        after.join(before, "customer_unique_id")
        .groupBy("customer_unique_id")
        .agg(F.collect_set("category").alias("bought"))
    )


def fit(ratings: DataFrame, seed: int = 7) -> tuple[ALSModel, StringIndexerModel, StringIndexerModel]:
    users = StringIndexer(inputCol="customer_unique_id", outputCol="user").fit(ratings)
    cats = StringIndexer(inputCol="category", outputCol="item").fit(ratings)
    indexed = cats.transform(users.transform(ratings))
    als = ALS(
        userCol="user",
        itemCol="item",
        ratingCol="purchases",
        implicitPrefs=True,
        rank=8,
        maxIter=8,
        regParam=0.05,
        alpha=10.0,
        coldStartStrategy="drop",
        seed=seed,
    )
    return als.fit(indexed), users, cats


def als_top_k(
    model: ALSModel, users: StringIndexerModel, cats: StringIndexerModel, people: DataFrame, k: int
) -> DataFrame:
    """`customer_unique_id, recommended` (categories, best first) for the people the model knows."""
    subset = users.transform(people.select("customer_unique_id"))
    recs = model.recommendForUserSubset(subset.select("user"), k)
    labels = F.array(*[F.lit(label) for label in cats.labels])
    ranked = recs.select(
        "user", F.transform("recommendations", lambda r: labels[r["item"].cast("int")]).alias("recommended")
    )
    return subset.join(ranked, "user").select("customer_unique_id", "recommended")


def popular_top_k(ratings: DataFrame, k: int) -> list[str]:
    """The k categories with the most lines before the cut-off (ties: alphabetical)."""
    top = ratings.groupBy("category").agg(F.sum("purchases").alias("n")).orderBy(F.desc("n"), "category").limit(k)
    return [r["category"] for r in top.collect()]


def ranking_metrics(recommended: DataFrame, actual: DataFrame, k: int) -> dict[str, Any]:
    """precision@k and NDCG@k over the people in `actual` (a person without recommendations scores 0)."""
    joined = actual.join(recommended, "customer_unique_id", "left").select(
        F.coalesce(F.col("recommended"), F.array().cast("array<string>")).alias("recommended"), "bought"
    )
    # RankingEvaluator takes arrays of doubles: map each category to a stable number.
    as_ids = joined.select(
        F.transform("recommended", lambda c: F.crc32(c).cast("double")).alias("prediction"),
        F.transform("bought", lambda c: F.crc32(c).cast("double")).alias("label"),
    ).cache()
    people = as_ids.count()
    if people == 0:
        return {"people": 0, "error": "no person has purchases both before and after the cut-off"}
    result: dict[str, Any] = {"people": people}
    metrics: tuple[tuple[Literal["precisionAtK", "ndcgAtK"], str], ...] = (
        ("precisionAtK", f"precision_at_{k}"),
        ("ndcgAtK", f"ndcg_at_{k}"),
    )
    for metric, name in metrics:
        evaluator = RankingEvaluator(predictionCol="prediction", labelCol="label", metricName=metric, k=k)
        result[name] = round(float(evaluator.evaluate(as_ids)), 4)
    as_ids.unpersist()
    return result


def fit_and_evaluate(rows: DataFrame, cutoff: str, k: int = K) -> tuple[Any, dict[str, Any]]:
    ratings = history(rows, cutoff).cache()
    actual = truth(rows, cutoff).cache()
    fitted = fit(ratings)
    model_metrics = ranking_metrics(als_top_k(*fitted, actual, k), actual, k)
    popular = popular_top_k(ratings, k)
    base_recs = actual.select("customer_unique_id").withColumn("recommended", F.array(*[F.lit(c) for c in popular]))
    base_metrics = ranking_metrics(base_recs, actual, k)
    metric = f"ndcg_at_{k}"
    return fitted, {
        "job": JOB,
        "cutoff": cutoff,
        "k": k,
        "level": "product category",
        "population": "people with purchases both before and after the cut-off",
        "model": model_metrics,
        "baseline": {"name": f"the {k} most popular categories before the cut-off", "top": popular, **base_metrics},
        "verdict": evaluate.verdict(model_metrics, base_metrics, metric),
    }


def default_cutoff(rows: DataFrame) -> str:
    """The purchase day leaving about 20% of lines after it."""
    q = evaluate.scalar(rows.select(F.percentile_approx(F.unix_timestamp(F.to_date("purchased_at")), 0.8)))
    return str(evaluate.scalar(rows.sparkSession.sql(f"SELECT to_date(timestamp_seconds({int(q)}))")))


def recommendations_table(fitted: Any, rows: DataFrame, cutoff: str, k: int, run_date: str) -> DataFrame:
    """Top-k categories for every person with history, from the model trained at the cut-off."""
    model, users, cats = fitted
    people = history(rows, cutoff).select("customer_unique_id").distinct()
    recs = als_top_k(model, users, cats, people, k)
    return recs.select("customer_unique_id", F.posexplode("recommended").alias("pos", "product_category_name")).select(
        "customer_unique_id",
        (F.col("pos") + 1).alias("rank"),
        "product_category_name",
        F.to_date(F.lit(cutoff)).alias("cutoff_date"),
        F.to_date(F.lit(run_date)).alias("run_date"),
    )


def run(
    spark: SparkSession, settings: Settings, run_date: str, cutoff: str | None = None, k: int = K
) -> dict[str, Any]:
    rows = purchases(
        gold.read(spark, "fact_order_items"),
        gold.read(spark, "fact_orders"),
        gold.read(spark, "dim_customers"),
        gold.read(spark, "dim_products"),
    ).cache()
    cut = cutoff or default_cutoff(rows)
    fitted, result = fit_and_evaluate(rows, cut, k)
    df = recommendations_table(fitted, rows, cut, k, run_date)
    return report.publish(spark, settings, "recommendations", df, result, run_date)


def main(argv: Sequence[str] | None = None) -> int:
    def options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--cutoff", type=entry.run_date, help="time split (default: 80th percentile of lines)")
        parser.add_argument("--k", type=int, default=K)

    return report.main(
        JOB,
        "Train ALS category recommendations; evaluate beside popularity; publish to Gold",
        argv,
        options,
        lambda spark, settings, args: run(spark, settings, args.run_date, args.cutoff, args.k),
    )


if __name__ == "__main__":
    sys.exit(main())
