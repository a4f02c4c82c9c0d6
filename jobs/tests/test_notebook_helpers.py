"""The notebooks' helpers (lakehouse_jobs.notebook): settings from the jobs' own variables, ROC points, the
metrics table; the notebooks themselves run in scripts/tests.d/35-notebooks.sh."""

from __future__ import annotations

import pytest

from lakehouse_jobs.common import contracts
from lakehouse_jobs.notebook import metrics_table, roc_points, settings_from_env


def test_settings_come_from_the_variables_the_jobs_read() -> None:
    env = {
        contracts.env_name("sparkMaster"): "spark://spark-master:7077",
        contracts.env_name("warehouse"): "hdfs://namenode:9000/lakehouse",
        contracts.env_name("metastoreUri"): "thrift://hive-metastore:9083",
        contracts.env_name("shufflePartitions"): "16",
    }
    s = settings_from_env(env)
    assert (s.master, s.warehouse_root, s.metastore_uri, s.shuffle_partitions) == (
        "spark://spark-master:7077",
        "hdfs://namenode:9000/lakehouse",
        "thrift://hive-metastore:9083",
        16,
    )
    assert settings_from_env({}).embedded_metastore


def test_roc_points_rank_by_score_and_need_both_classes() -> None:
    fpr, tpr = roc_points([True, False, True, False], [0.9, 0.8, 0.7, 0.1])
    assert fpr == [0.0, 0.0, 0.5, 0.5, 1.0]
    assert tpr == [0.0, 0.5, 0.5, 1.0, 1.0]
    with pytest.raises(ValueError, match="both classes"):
        roc_points([True, True], [0.1, 0.2])


def test_metrics_table_says_when_the_model_loses() -> None:
    result = {
        "job": "recommendations",
        "cutoff": "2018-06-01",
        "model": {"people": 10, "ndcg_at_5": 0.1},
        "baseline": {"name": "popularity", "people": 10, "ndcg_at_5": 0.25, "top": ["a"]},
        "verdict": {"metric": "ndcg_at_5", "model": 0.1, "baseline": 0.25, "beats_baseline": False},
    }
    text = metrics_table(result)
    assert "ndcg_at_5" in text and "0.25" in text
    assert text.endswith("beats the baseline on ndcg_at_5: NO (baseline: popularity)")
