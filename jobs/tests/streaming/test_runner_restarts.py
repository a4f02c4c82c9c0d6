"""Which query failures the streaming runner restarts (only Spark 4.1.1's Kafka-source metrics NPE)."""

import pytest

from lakehouse_jobs.streaming.runner import is_transient_kafka_metrics_failure


class _CapturedError(Exception):
    """Shaped like PySpark's CapturedException: JVM stack trace and converted JVM cause kept as attributes."""

    def __init__(self, desc: str, stack: str, cause: Exception | None = None) -> None:
        super().__init__(desc)
        self._stackTrace = stack
        self._cause = cause


# What StreamingQuery.exception() returns for the Spark 4.1.1 bug: the query-level message and stack trace name
# neither the NPE nor the Kafka source; only the converted cause does.
_QUERY_FAILURE = _CapturedError(
    'Cannot invoke "scala.collection.IterableOps.map(scala.Function1)" because the return value of "scala.Option.get()"'
    " is null",
    "org.apache.spark.sql.execution.streaming.StreamExecution.runStream(StreamExecution.scala:360)",
    _CapturedError(
        "java.lang.NullPointerException: Cannot invoke ...",
        "org.apache.spark.sql.kafka010.KafkaMicroBatchStream$.metrics(KafkaMicroBatchStream.scala:520)",
    ),
)


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (_QUERY_FAILURE, True),
        (
            _CapturedError(
                'Cannot invoke "scala.collection.IterableOps.map(scala.Function1)" because the return value of '
                '"scala.Option.get()" is null',
                "java.lang.NullPointerException\n\tat org.apache.spark.sql.kafka010.KafkaMicroBatchStream$.metrics"
                "(KafkaMicroBatchStream.scala:520)",
            ),
            True,
        ),
        (_CapturedError("java.lang.NullPointerException", "at com.example.MySink.write(MySink.java:10)"), False),
        (
            _CapturedError("Connection refused", "at org.apache.spark.sql.kafka010.KafkaMicroBatchStream.latestOffset"),
            False,
        ),
        (RuntimeError("cassandra write timed out"), False),
    ],
)
def test_only_the_known_kafka_metrics_npe_is_restarted(error: Exception, transient: bool) -> None:
    assert is_transient_kafka_metrics_failure(error) is transient
