"""ALS category recommendations: the evaluation population and history respect the cut-off, and on purchase history
with taste structure ALS beats the popularity baseline computed in the same run."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from lakehouse_jobs.ml import recommendations as rec

CUTOFF = "2018-01-01"
ROWS = "customer_unique_id string, category string, purchased_at timestamp"
# Two tastes: each person buys mostly within one group; the group sizes make popularity favour group A.
GROUPS = {"A": ["a1", "a2", "a3", "a4", "a5", "a6"], "B": ["b1", "b2", "b3", "b4", "b5", "b6"]}


def taste_rows(spark, people=300, seed=5):
    rng = random.Random(seed)
    rows = []
    for p in range(people):
        group = GROUPS["A"] if p % 3 else GROUPS["B"]
        favourites = rng.sample(group, 3)
        for _ in range(4):
            rows.append(
                (f"u{p}", rng.choice(favourites), dt.datetime(2017, 1, 1) + dt.timedelta(days=rng.randrange(300)))
            )
        rows.append((f"u{p}", rng.choice(favourites), dt.datetime(2018, 1, 2) + dt.timedelta(days=rng.randrange(60))))
    return spark.createDataFrame(rows, ROWS)


def test_population_is_people_with_purchases_on_both_sides_of_the_cutoff(spark):
    rows = spark.createDataFrame(
        [
            ("both", "x", dt.datetime(2017, 5, 1)),
            ("both", "y", dt.datetime(2018, 2, 1)),
            ("only-before", "x", dt.datetime(2017, 5, 1)),
            ("only-after", "y", dt.datetime(2018, 2, 1)),
        ],
        ROWS,
    )
    assert {(r["customer_unique_id"], tuple(r["bought"])) for r in rec.truth(rows, CUTOFF).collect()} == {
        ("both", ("y",))
    }
    later = rows.unionByName(spark.createDataFrame([("both", "z", dt.datetime(2018, 3, 1))], ROWS))
    assert sorted(rec.history(later, CUTOFF).collect()) == sorted(rec.history(rows, CUTOFF).collect())


def test_als_beats_popularity_on_history_with_taste_structure(spark):
    _, result = rec.fit_and_evaluate(taste_rows(spark), CUTOFF, 3)
    assert result["model"]["people"] == 300
    assert result["baseline"]["top"][0].startswith("a")
    assert result["model"]["ndcg_at_3"] > result["baseline"]["ndcg_at_3"] + 0.05, result
    assert result["verdict"]["beats_baseline"] is True


def test_metrics_score_a_perfect_list_one_and_a_disjoint_list_zero(spark):
    actual = spark.createDataFrame([("u", ["x"])], "customer_unique_id string, bought array<string>")
    perfect = spark.createDataFrame([("u", ["x", "y"])], "customer_unique_id string, recommended array<string>")
    wrong = spark.createDataFrame([("u", ["y", "z"])], "customer_unique_id string, recommended array<string>")
    assert rec.ranking_metrics(perfect, actual, 2)["ndcg_at_2"] == pytest.approx(1.0)
    assert rec.ranking_metrics(wrong, actual, 2)["ndcg_at_2"] == 0.0
