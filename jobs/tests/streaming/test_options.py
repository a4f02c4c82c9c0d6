"""Argument validation of the streaming jobs: every error names the option."""

from __future__ import annotations

import pytest
from pyspark.sql import SparkSession

from lakehouse_jobs.streaming import options

BASE = ["--kafka-bootstrap", "127.0.0.1:9092", "--cassandra-hosts", "127.0.0.1:9042", "--checkpoint-root", "/tmp/c"]


def test_defaults_and_parsed_values() -> None:
    settings, opts = options.parse("job", [*BASE, "--trigger", "processing-time:10 seconds"], environ={})
    assert opts.cassandra_hosts == ("127.0.0.1:9042",)
    assert (opts.available_now, opts.interval, opts.starting_offsets) == (False, "10 seconds", "earliest")
    assert opts.cassandra_password is None
    assert settings.master == "local[*]"


def test_password_comes_from_the_environment_only() -> None:
    env = {options.PASSWORD_ENV: "s3cret"}
    _, opts = options.parse("job", [*BASE, "--cassandra-user", "app", "--trigger", "available-now"], environ=env)
    assert (opts.cassandra_user, opts.cassandra_password, opts.available_now) == ("app", "s3cret", True)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--trigger", "every-now-and-then"], "--trigger"),
        (["--trigger", "processing-time:soon"], "--trigger"),
        (["--cassandra-hosts", "db"], "--cassandra-hosts"),
        (["--kafka-bootstrap", "kafka"], "--kafka-bootstrap"),
        (["--max-offsets-per-trigger", "0"], "--max-offsets-per-trigger"),
        (["--cassandra-user", "app"], options.PASSWORD_ENV),
        (["--source-timezone", "Mars/Base"], "Mars/Base"),
    ],
)
def test_bad_options_are_rejected_by_name(extra: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        options.parse("job", [*BASE, *extra], environ={})
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("trigger", ["processing-time:5s", "processing-time:500ms", "processing-time:1 minute"])
def test_every_accepted_trigger_interval_is_one_spark_parses(spark: SparkSession, trigger: str) -> None:
    """The default `processing-time:5s` was accepted here and refused by Spark ("Error parsing '5s' to interval")."""
    _, opts = options.parse("job", [*BASE, "--trigger", trigger], environ={})
    spark.readStream.format("rate").load().writeStream.trigger(processingTime=opts.interval)
