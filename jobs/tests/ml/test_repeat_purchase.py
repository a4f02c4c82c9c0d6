"""Repeat-purchase model: RFM at a cut-off ignores later orders and later reviews; on data with the generator's
drivers (first review score, Sao Paulo, order value) it beats the frequency baseline."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from pyspark.sql import functions as F

from lakehouse_jobs.common import contracts
from lakehouse_jobs.ml import repeat_purchase as rp

REPEAT = contracts.load("drivers")["repeat"]  # the generator's own log-weights (contracts/drivers.json)

CUTOFF = "2018-03-01"
ORDERS = (
    "order_id string, customer_unique_id string, customer_state string, purchased_at timestamp, "
    "delivered_at timestamp, order_value double, review_score double"
)


def person_orders(spark, persons=2500, seed=11):
    """Each person's first order in 2017-01..2018-08; returns drawn with the generator's documented log-weights."""
    rng = random.Random(seed)
    rows = []
    for p in range(persons):
        state = rng.choice(["SP", "SP", "RJ", "MG", "BA", "PR"])
        bought = dt.datetime(2017, 1, 1) + dt.timedelta(days=rng.random() * 600)
        review = rng.choice([5, 5, 5, 4, 3, 2, 1])
        value = rng.choice([60.0, 90.0, 200.0])
        z = (
            -3.2
            + (REPEAT["reviewFive"] if review == 5 else REPEAT["reviewLow"] if review <= 2 else 0)
            + REPEAT["states"].get(state, 0)
            + (REPEAT["highValue"] if value >= REPEAT["highValueAt"] else 0)
        )
        rows.append((f"o{p}", f"u{p}", state, bought, bought + dt.timedelta(days=9), value, float(review)))
        if rng.random() < 1 / (1 + math.exp(-z)) * 4:
            again = bought + dt.timedelta(days=7 + rng.expovariate(1 / REPEAT["gapMeanDays"]))
            rows.append((f"o{p}-2", f"u{p}", state, again, again + dt.timedelta(days=9), 80.0, 4.0))
    return spark.createDataFrame(rows, ORDERS)


@pytest.fixture(scope="module")
def orders(spark):
    return person_orders(spark).cache()


def test_rfm_at_a_cutoff_ignores_later_orders_and_reviews_not_yet_written(spark, orders):
    later = spark.createDataFrame(
        [
            ("late-1", "u1", "AM", dt.datetime(2018, 3, 2), dt.datetime(2018, 3, 20), 999.0, 1.0),
            ("late-2", "new-person", "AM", dt.datetime(2018, 4, 1), None, 10.0, None),
        ],
        ORDERS,
    )
    # An order bought just before the cut-off but delivered (so reviewed) after it: its review must not count.
    edge = spark.createDataFrame(
        [("edge", "edge-person", "SP", dt.datetime(2018, 2, 27), dt.datetime(2018, 3, 5), 50.0, 1.0)], ORDERS
    )

    def snapshot(df):
        return sorted(tuple(r) for r in rp.rfm_at(df, CUTOFF).collect())

    assert snapshot(orders.unionByName(later)) == snapshot(orders)
    edge_row = rp.rfm_at(orders.unionByName(edge), CUTOFF).filter(F.col("customer_unique_id") == "edge-person").first()
    assert edge_row["first_review"] == "none"
    assert edge_row["frequency"] == 1.0 and edge_row["recency_days"] == pytest.approx(2.0)


def test_label_is_a_purchase_inside_the_horizon_after_the_cutoff(spark):
    rows = spark.createDataFrame(
        [
            ("a1", "a", "SP", dt.datetime(2018, 1, 1), None, 10.0, None),
            ("a2", "a", "SP", dt.datetime(2018, 3, 10), None, 10.0, None),
            ("b1", "b", "SP", dt.datetime(2018, 1, 1), None, 10.0, None),
            ("b2", "b", "SP", dt.datetime(2018, 9, 10), None, 10.0, None),
        ],
        ORDERS,
    )
    labels = {r["customer_unique_id"]: r["label"] for r in rp.labelled(rows, CUTOFF, 30).collect()}
    assert labels == {"a": 1.0, "b": 0.0}


def test_model_beats_the_frequency_baseline_on_data_with_documented_drivers(orders):
    _, result = rp.fit_and_evaluate(orders, CUTOFF, 180)
    assert result["model"]["positives"] > 20, result["model"]
    assert result["model"]["roc_auc"] > result["baseline"]["roc_auc"] + 0.05, result
    assert result["verdict"]["beats_baseline"] is True
