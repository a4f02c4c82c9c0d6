"""Late-delivery model: features at a cut-off ignore later rows, and on data with the generator's drivers
(cli/data/gen/drivers.ts: distance, slow sellers, season) the model recovers them and beats its baseline."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from pyspark.sql import functions as F

from lakehouse_jobs.common import contracts
from lakehouse_jobs.ml import late_delivery as ld

LATE = contracts.load("drivers")["late"]  # the generator's own log-odds (contracts/drivers.json)

# (state, lat, lng): a seller hub and far-away customer states.
STATES = [("SP", -23.5, -46.6), ("RJ", -22.9, -43.2), ("MG", -19.9, -43.9), ("BA", -12.97, -38.5), ("AM", -3.1, -60.0)]
CUTOFF = "2018-03-01"


def _km(a, b):
    return (
        ld.EARTH_KM
        * 2
        * math.asin(
            math.sqrt(
                math.sin(math.radians(b[1] - a[1]) / 2) ** 2
                + math.cos(math.radians(a[1]))
                * math.cos(math.radians(b[1]))
                * math.sin(math.radians(b[2] - a[2]) / 2) ** 2
            )
        )
    )


def gold_frames(spark, orders=2000, seed=7, start=dt.datetime(2017, 1, 1), days=540):
    """Gold-shaped frames whose late deliveries follow the generator's documented log-odds."""
    rng = random.Random(seed)
    sellers = [(f"s{j}", STATES[j % 2], rng.random() < LATE["slowSellerShare"]) for j in range(60)]
    customers, rows, items, products = [], [], [], []
    for p in range(40):
        products.append((f"p{p}", "moveis_escritorio" if p % 10 == 0 else "beleza_saude", 500, 20, 10, 15))
    for i in range(orders):
        cust = STATES[rng.randrange(len(STATES))]
        seller = sellers[rng.randrange(len(sellers))]
        bought = start + dt.timedelta(days=rng.random() * days)
        z = (
            LATE["base"]
            + LATE["perThousandKm"] * _km(cust, seller[1]) / 1000
            + (LATE["slowSeller"] if seller[2] else 0)
            + (LATE["peakSeason"] if bought.month in LATE["peakMonths"] else 0)
        )
        late = rng.random() < 1 / (1 + math.exp(-z))
        estimated = (bought + dt.timedelta(days=25)).replace(hour=0, minute=0, second=0, microsecond=0)
        delivered = estimated + dt.timedelta(days=3) if late else bought + dt.timedelta(days=9)
        customers.append((f"c{i}", cust[0], cust[1], cust[2]))
        rows.append((f"o{i}", f"c{i}", bought, delivered, estimated, 20.0, late))
        items.append((f"o{i}", 1, f"p{rng.randrange(40)}", seller[0]))
    return {
        "orders": spark.createDataFrame(
            rows,
            "order_id string, customer_id string, order_purchase_timestamp timestamp, "
            "order_delivered_customer_date timestamp, order_estimated_delivery_date timestamp, "
            "freight_value double, is_late boolean",
        ),
        "items": spark.createDataFrame(
            items, "order_id string, order_item_id int, product_id string, seller_id string"
        ),
        "customers": spark.createDataFrame(
            customers, "customer_id string, customer_state string, geolocation_lat double, geolocation_lng double"
        ),
        "sellers": spark.createDataFrame(
            [(s, st[0], st[1], st[2]) for s, st, _ in sellers],
            "seller_id string, seller_state string, geolocation_lat double, geolocation_lng double",
        ),
        "products": spark.createDataFrame(
            products,
            "product_id string, product_category_name string, product_weight_g int, product_length_cm int, "
            "product_height_cm int, product_width_cm int",
        ),
    }


def features_of(frames):
    return ld.purchase_features(
        frames["orders"], frames["items"], frames["customers"], frames["sellers"], frames["products"]
    )


@pytest.fixture(scope="module")
def frames(spark):
    return gold_frames(spark)


@pytest.fixture(scope="module")
def features(frames):
    return features_of(frames).cache()


def test_distance_is_the_great_circle_between_seller_and_customer(frames, features):
    row = features.filter(F.col("order_id") == "o0").first()
    sp_row = frames["customers"].filter(F.col("customer_id") == "c0").first()
    seller = frames["sellers"].filter(F.col("seller_id") == row["seller_id"]).first()
    expected = _km(
        (None, sp_row["geolocation_lat"], sp_row["geolocation_lng"]),
        (None, seller["geolocation_lat"], seller["geolocation_lng"]),
    )
    assert row["distance_1000km"] * 1000 == pytest.approx(expected, rel=1e-6)


def test_rows_after_the_cutoff_change_nothing_in_the_training_set(spark, frames, features):
    before = features
    # Later orders, all late, from every seller: if any leaked, seller late rates and the training rows would move.
    later = gold_frames(spark, orders=400, seed=99, start=dt.datetime(2018, 3, 2), days=60)
    late_orders = (
        later["orders"]
        .withColumn("is_late", F.lit(True))
        .withColumn("order_id", F.concat(F.lit("later-"), "order_id"))
        .withColumn("customer_id", F.concat(F.lit("later-"), "customer_id"))
    )
    combined = {
        "orders": frames["orders"].unionByName(late_orders),
        "items": frames["items"].unionByName(
            later["items"].withColumn("order_id", F.concat(F.lit("later-"), "order_id"))
        ),
        "customers": frames["customers"].unionByName(
            later["customers"].withColumn("customer_id", F.concat(F.lit("later-"), "customer_id"))
        ),
        "sellers": frames["sellers"],
        "products": frames["products"],
    }
    after = features_of(combined)
    assert after.count() == before.count() + 400

    def snapshot(f):
        return sorted(tuple(r) for r in ld.training_set(f, CUTOFF).collect())

    assert snapshot(after) == snapshot(before)
    # Orders bought before the cut-off but delivered after it are not known at the cut-off either.
    assert ld.known_at(before, CUTOFF).filter(F.col("delivered_at") >= F.to_timestamp(F.lit(CUTOFF))).count() == 0


def test_model_recovers_the_documented_drivers_and_beats_the_baseline(features):
    _, result = ld.fit_and_evaluate(features, CUTOFF)
    coefficients = result["numeric_coefficients"]
    assert coefficients["distance_1000km"] > 0, coefficients
    assert coefficients["seller_late_rate"] > 0, coefficients
    # Distance is the strongest standardised numeric driver among the purchase-time facts that vary here.
    assert result["model"]["roc_auc"] > result["baseline"]["roc_auc"] + 0.03, result
    assert result["verdict"]["beats_baseline"] is True
    assert 0 <= result["model"]["brier"] < 0.25
    assert sum(b["n"] for b in result["model"]["reliability"]) == result["model"]["rows"]


def test_a_model_without_signal_does_not_beat_the_baseline_claim(features):
    """Negative control: shuffled labels leave nothing to learn, and the report must not claim a win by much."""
    f = features.withColumn("is_late", F.when(F.rand(3) < 0.15, 1.0).otherwise(0.0))
    _, result = ld.fit_and_evaluate(f, CUTOFF)
    assert result["model"]["roc_auc"] < 0.62, result["model"]
